"""Sandbox pages: the scenario list with a user switcher, block views and block handlers."""

import logging
import threading

from django.conf import settings
from django.contrib.auth import get_user_model, login, logout
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST
from workbench.scenarios import get_scenarios
from xblock.django.request import django_to_webob_request, webob_to_django_response
from xblock.exceptions import NoSuchHandlerError, NoSuchUsage

from sandbox.runtime import SandboxRuntime
from sandbox.services import profile_for
from xblocks.common.i18n import language_direction

log = logging.getLogger(__name__)
VIEWS = ("student_view", "studio_view", "author_view")
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
    """What every sandbox page needs: language, direction, users to switch to."""
    language = translation.get_language() or "en"
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    return {"lang": language, "dir": language_direction(language), "demo_users": users,
            "languages": settings.LANGUAGES, **extra}


@ensure_csrf_cookie
def index(request):
    """Every block scenario, and a form to switch the demo user."""
    scenarios = [
        {"id": scenario_id, "description": scenario.description,
         "views": [v for v in VIEWS if hasattr(SandboxRuntime().get_block(scenario.usage_id), v)]}
        for scenario_id, scenario in suite_scenarios()
    ]
    return render(request, "sandbox/index.html", page_context(
        request, scenarios=scenarios, course_id=settings.WIKILEARN_SANDBOX_COURSE))


@ensure_csrf_cookie
def scenario(request, scenario_id, view_name="student_view"):
    """One block rendered with one of its views for the logged-in user."""
    found = dict(suite_scenarios()).get(scenario_id)
    if found is None or view_name not in VIEWS:
        raise Http404
    runtime = SandboxRuntime(request.user)
    block = runtime.get_block(found.usage_id)
    if not hasattr(block, view_name):
        raise Http404
    fragment = block.render(view_name, {})
    return render(request, "sandbox/block.html", page_context(
        request, scenario_id=scenario_id, scenario=found, view_name=view_name,
        body=fragment.body_html(), head_html=fragment.head_html(), foot_html=fragment.foot_html(),
        other_views=[v for v in VIEWS if v != view_name and hasattr(block, v)],
    ))


def handler(request, usage_id, handler_slug, suffix=""):
    """A block handler called by the logged-in user (or anonymously)."""
    loaded_scenarios()  # scenarios define the usages; make sure they are loaded in this process
    runtime = SandboxRuntime(request.user)
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
