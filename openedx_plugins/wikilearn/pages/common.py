"""What every course page needs: who may see it, the course's outline, query checks, errors, rendering.

Access is decided before the course is looked up, so someone without access learns nothing about
whether a course exists: a learner or another course's staff gets 403 for any well-formed course
id; only staff who may see every course (global staff) get 404 for an unknown one. The JSON API
answers ``{"error_code", "message"}`` (message translated); HTML pages answer with the platform's
404/403 pages, and anonymous visitors of HTML pages go to the login page.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from openedx_plugins.wikilearn import platform
from openedx_plugins.wikilearn.content_source import course_outline
from openedx_plugins.wikilearn.settings.common import SETTING_DEFAULTS

STAFF, MEMBER = "staff", "member"
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 100
MAX_TEXT = 150


class PageError(Exception):
    """A request the page refuses: HTTP ``status``, stable ``error_code``, translatable ``message``."""

    def __init__(self, status, error_code, message, **params):
        super().__init__(error_code)
        self.status, self.error_code, self.message, self.params = status, error_code, message, params

    def to_dict(self):
        """The JSON error shape, the message translated into the request's language."""
        text = gettext(self.message)
        return {"error_code": self.error_code, "message": text % self.params if self.params else text}


LOGIN_REQUIRED = (403, "login_required", _("You need to sign in to see this page."))
NOT_STAFF = (403, "not_staff", _("Only the course team can see this page."))
NOT_MEMBER = (403, "not_enrolled", _("Only the learners and the course team of this course can see this page."))
UNKNOWN_COURSE = (404, "unknown_course", _("There is no such course."))


@dataclass(frozen=True)
class Course:
    """A course as a page sees it: key, suite blocks in course order, whether the user is staff."""

    key: str
    blocks: tuple
    staff: bool

    def block(self, usage_id):
        """The suite block ``usage_id`` of this course, or None."""
        return next((b for b in self.blocks if b.usage_id == usage_id), None)


def course_for(request, course_id, level):
    """The :class:`Course` when ``request.user`` may see a page at ``level``, else :class:`PageError`."""
    key = platform.parse_course_key(course_id)
    if key is None:
        raise PageError(*UNKNOWN_COURSE)
    user = request.user
    if not user.is_authenticated:
        raise PageError(*LOGIN_REQUIRED)
    staff = platform.is_course_staff(user, key)
    if not staff and (level == STAFF or not platform.is_enrolled(user, key)):
        raise PageError(*(NOT_STAFF if level == STAFF else NOT_MEMBER))
    blocks = course_outline(key, user)
    if blocks is None:
        raise PageError(*UNKNOWN_COURSE)
    return Course(str(key), tuple(blocks), staff)


def json_error(error):
    """The API's answer to a :class:`PageError`."""
    return JsonResponse(error.to_dict(), status=error.status)


def html_error(request, error):
    """The HTML pages' answer: login for visitors, else the platform's 403 or 404 page."""
    if error.error_code == "login_required":
        return redirect_to_login(request.get_full_path())
    if error.status == 403:
        raise PermissionDenied
    raise Http404


def setting(name):
    """A whole-number suite setting ``WIKILEARN_<name>``, or its documented default."""
    key = f"WIKILEARN_{name}"
    try:
        return int(getattr(settings, key, SETTING_DEFAULTS[key]))
    except (TypeError, ValueError):
        return SETTING_DEFAULTS[key]


# -- query checks ---------------------------------------------------------------------------------
def _whole(query, name, default, highest):
    text = query.get(name)
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= highest:
        raise PageError(400, "invalid_page", _("'%(name)s' must be a whole number from 1 to %(max)s."),
                        name=name, max=highest)
    return int(text)


def page_request(query, default_size, sizes_allowed=True):
    """``(page number, page size)`` from ``?page=&page_size=`` (400 ``invalid_page`` otherwise)."""
    number = _whole(query, "page", 1, MAX_PAGE)
    size = _whole(query, "page_size", default_size, MAX_PAGE_SIZE) if sizes_allowed else default_size
    return number, size


def check_page(number, size, total):
    """The page count; 404 ``page_not_found`` when ``number`` is past the last page."""
    pages = max(1, -(-total // size))
    if number > pages:
        raise PageError(404, "page_not_found", _("There is no page %(page)s: the list has %(pages)s."),
                        page=number, pages=pages)
    return pages


def choice(query, name, allowed, default=None):
    """The value of ``name`` if it is one of ``allowed`` (400 ``invalid_filter`` otherwise)."""
    value = query.get(name) or default
    if value is not None and value not in allowed:
        raise PageError(400, "invalid_filter", _("'%(name)s' has a value this page does not know."), name=name)
    return value


def text(query, name):
    """A short free-text parameter (a learner's name or id), stripped; 400 ``invalid_filter`` for control
    characters or more than 150 characters."""
    value = (query.get(name) or "").strip()
    if len(value) > MAX_TEXT or any(ord(char) < 32 or 0xD800 <= ord(char) <= 0xDFFF for char in value):
        raise PageError(400, "invalid_filter", _("'%(name)s' has a value this page does not know."), name=name)
    return value or None


def block_choice(query, course, name="block"):
    """The course's suite block named by ``?block=`` (400 ``unknown_block``), or None."""
    usage_id = query.get(name) or None
    if usage_id is None:
        return None
    block = course.block(usage_id)
    if block is None:
        raise PageError(400, "unknown_block", _("This course has no such block."))
    return block


# -- rendering -------------------------------------------------------------------------------------
def page_links(course, current):
    """The course pages' navigation, as ``[{"url", "label", "current"}]`` (staff pages for staff only)."""
    names = [("inbox", _("Course inbox"), True), ("progress", _("Progress"), True),
             ("feedback", _("My feedback"), False), ("showcase", _("Showcase"), None)]
    links = []
    for name, label, for_staff in names:
        if for_staff is None or for_staff == course.staff:
            links.append({"url": reverse(f"wikilearn:course_{name}", args=[course.key]), "label": gettext(label),
                          "current": name == current})
    return links


def render_page(request, template, course, current, **context):
    """A course page in the request's language and direction."""
    language = translation.get_language() or "en"
    return render(request, template, {
        "course": course, "course_name": platform.course_name(course.key) or course.key,
        "nav": page_links(course, current), "course_home": platform.course_home_url(course.key), "lang": language,
        "dir": "rtl" if translation.get_language_bidi() else "ltr", **context,
    })
