"""Sandbox pages: the scenario list with a user switcher, block views and block handlers."""

import logging
import threading

from django.conf import settings
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from django.views.decorators.http import require_POST
from workbench.scenarios import get_scenarios
from xblock.django.request import django_to_webob_request, webob_to_django_response
from xblock.exceptions import NoSuchHandlerError, NoSuchUsage

from sandbox.runtime import HANDLER_URLS, SandboxRuntime
from sandbox.services import LMS, PREVIEW, STUDIO, StudioPermissionsService, profile_for
from xblocks.common.runtime.i18n import language_direction

log = logging.getLogger(__name__)
_SCENARIOS_LOCK = threading.Lock()


def loaded_scenarios():
    """The workbench's scenarios, loaded once per process.

    The workbench builds them lazily and not thread-safely (it clears and refills one dict), so
    concurrent first requests could see an empty or half-built list; load them under a lock.
    """
    with _SCENARIOS_LOCK:
        return get_scenarios()


def suite_scenarios():
    """The suite's scenarios (the workbench also knows its own sample blocks; hide those)."""
    return sorted(
        (scenario_id, scenario) for scenario_id, scenario in loaded_scenarios().items()
        if scenario_id.startswith("wikilearn_")
    )


def page_context(request, **extra):
    """What every sandbox page needs: language and direction (the header's users to switch to and
    languages come from ``sandbox.context_processors.sandbox_header``)."""
    language = translation.get_language() or "en"
    return {"lang": language, "dir": language_direction(language), **extra}


# Page name -> (view rendered, platform surface). "preview" is Studio's preview of the learner view.
PAGES = {"student_view": ("student_view", LMS), "studio_view": ("studio_view", STUDIO),
         "preview": ("student_view", PREVIEW)}


@ensure_csrf_cookie
def index(request):
    """Every block scenario, and a form to switch the demo user (Studio pages for course authors only)."""
    author = StudioPermissionsService(request.user).can_write(settings.WIKILEARN_SANDBOX_COURSE)
    scenarios = [
        {"id": scenario_id, "description": scenario.description,
         "views": [page for page, (view, surface) in PAGES.items()
                   if (author or surface == LMS) and hasattr(SandboxRuntime().get_block(scenario.usage_id), view)]}
        for scenario_id, scenario in suite_scenarios()
    ]
    return render(request, "sandbox/index.html", page_context(
        request, scenarios=scenarios, course_id=settings.WIKILEARN_SANDBOX_COURSE))


def studio_author_or_403(request):
    """Studio pages: ``cms/djangoapps/contentstore/views/component.py`` ``_get_item_in_course`` raises
    ``PermissionDenied`` unless ``has_course_author_access``."""
    if not StudioPermissionsService(request.user).can_write(settings.WIKILEARN_SANDBOX_COURSE):
        raise PermissionDenied


@ensure_csrf_cookie
def scenario(request, scenario_id, view_name="student_view"):
    """One block rendered with one of its views for the logged-in user, on the view's platform surface."""
    found = dict(suite_scenarios()).get(scenario_id)
    if found is None or view_name not in PAGES:
        raise Http404
    view, surface = PAGES[view_name]
    if surface != LMS:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        studio_author_or_403(request)
    runtime = SandboxRuntime(request.user, surface)
    block = runtime.get_block(found.usage_id)
    if not hasattr(block, view):
        raise Http404
    fragment = block.render(view, {})
    return render(request, "sandbox/block.html", page_context(
        request, scenario_id=scenario_id, scenario=found, view_name=view_name, surface=surface,
        display_name=getattr(block, "display_name", ""),
        handler_base=reverse(HANDLER_URLS[surface], args=("u", "h", "")).removesuffix("u/h/"),
        body=fragment.body_html(), head_html=fragment.head_html(), foot_html=fragment.foot_html(),
        other_views=[page for page, (other, _s) in PAGES.items() if page != view_name and hasattr(block, other)],
    ))


def _run_handler(request, usage_id, handler_slug, suffix, surface):
    loaded_scenarios()  # scenarios define the usages; make sure they are loaded in this process
    runtime = SandboxRuntime(request.user, surface)
    try:
        block = runtime.get_block(usage_id)
    except NoSuchUsage as error:
        raise Http404 from error
    webob_request = django_to_webob_request(request)
    webob_request.path_info_pop()
    webob_request.path_info_pop()
    try:
        result = runtime.handle(block, handler_slug, webob_request, suffix)
    except NoSuchHandlerError as error:
        raise Http404 from error
    return webob_to_django_response(result)


@csrf_exempt
def handler(request, usage_id, handler_slug, suffix=""):
    """An LMS block handler, as ``lms/djangoapps/courseware/block_render.py`` ``handle_xblock_callback``:
    CSRF checked for session users, any non-GET from a visitor refused with a plain 403."""
    if request.user.is_authenticated:
        error = CsrfViewMiddleware(lambda _request: None).process_view(request, None, (), {})
        if error:
            return error
    elif request.method != "GET":
        return HttpResponseForbidden("Unauthenticated")
    return _run_handler(request, usage_id, handler_slug, suffix, LMS)


@login_required
def studio_handler(request, usage_id, handler_slug, suffix=""):
    """Studio's ``component_handler``: runs the handler for anyone logged in, then keeps its writes
    only for course authors ("fail quietly if user is not course author")."""
    with transaction.atomic():
        response = _run_handler(request, usage_id, handler_slug, suffix, STUDIO)
        if not StudioPermissionsService(request.user).can_write(settings.WIKILEARN_SANDBOX_COURSE):
            log.warning("%s does not have studio write permissions: write operations not performed on %r",
                        request.user.pk, handler_slug)
            transaction.set_rollback(True)
    return response


@login_required
def preview_handler(request, usage_id, handler_slug, suffix=""):
    """Studio's ``preview_handler`` (``cms/djangoapps/contentstore/views/preview.py``)."""
    return _run_handler(request, usage_id, handler_slug, suffix, PREVIEW)


@require_POST
def set_language(request):
    """Change the logged-in user's language preference (the LMS's language selector does the same)."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("Unknown language.")
    if request.user.is_authenticated:
        profile = profile_for(request.user)
        profile.language = language
        profile.save()
    return redirect(next_url)


@require_POST
def login_as(request):
    """Switch to a demo user (sandbox only: demo users have no passwords)."""
    username = request.POST.get("username", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if username == "":
        logout(request)
        return redirect(next_url)
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        return HttpResponseBadRequest("Unknown demo user.")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(next_url)
