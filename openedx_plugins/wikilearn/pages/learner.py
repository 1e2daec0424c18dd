"""Pages for every member of a course: "My feedback" and the showcase (with staff's picks and files).

My feedback is private to the learner and the course team: a learner sees their own work only;
staff add ``?learner=<anonymous id or username>``. The showcase shows learners the pieces staff
picked among those whose authors consented, without grades or feedback; staff see every consented
piece and pick or unpick them.
"""

from urllib.parse import quote

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_noop as _
from django.views.decorators.http import require_POST, require_safe

from openedx_plugins.wikilearn import platform, uploads
from openedx_plugins.wikilearn.api import feedback as feedback_api
from openedx_plugins.wikilearn.api import showcase as showcase_api
from openedx_plugins.wikilearn.api.inbox import learner_in_course
from openedx_plugins.wikilearn.pages.common import (
    MEMBER,
    NOT_STAFF,
    STAFF,
    PageError,
    check_page,
    course_for,
    html_error,
    page_request,
    render_page,
    setting,
    text,
)
from openedx_plugins.wikilearn.pages.levels import criterion_levels, level_label

UNKNOWN_LEARNER = (404, "unknown_learner", _("No learner with this name or id has work in this course."))


def _whose(request, course):
    """``(anonymous id, username, is it someone else)`` of the learner whose feedback is shown."""
    asked = text(request.GET, "learner")
    own = platform.anonymous_id(request.user, course.key), request.user.username, False
    if not asked or asked in own[:2]:
        return own
    if not course.staff:
        raise PageError(*NOT_STAFF)
    found = learner_in_course(course.key, asked)
    if found is None:
        raise PageError(*UNKNOWN_LEARNER)
    return found[0], found[1], True


@require_safe
def feedback_page(request, course_id):
    """A learner's submissions across the course with levels and written feedback, newest first."""
    try:
        course = course_for(request, course_id, MEMBER)
        learner, username, other = _whose(request, course)
    except PageError as error:
        return html_error(request, error)
    entries = []
    for entry in feedback_api.learner_work(course.key, learner, course.blocks):
        block = course.block(entry["block"])
        entry.update(block_title=block.title or block.usage_id, unit_url=block.unit_url)
        if entry["kind"] == "submission" and entry["assessment"]:
            entry["criteria"] = criterion_levels(entry["assessment"])
        if entry["kind"] == "pitch" and entry["grade"]:
            entry["grade"]["label"] = level_label(block, entry["grade"]["level"])
        entries.append(entry)
    return render_page(request, "wikilearn/feedback.html", course, "feedback", entries=entries,
                       username=username, other=other)


@require_safe
def showcase_page(request, course_id):
    """Showcased pieces (learners); every consented piece with show/stop buttons (staff)."""
    try:
        course = course_for(request, course_id, MEMBER)
        number, size = page_request(request.GET, setting("COURSE_PAGE_SIZE"), sizes_allowed=False)
        items = [b.usage_id for b in course.blocks if b.block_type == "wikilearn_rubric"]
        total, pieces = showcase_api.entries(course.key, items, (number - 1) * size, size,
                                             showcased_only=not course.staff)
        pages = check_page(number, size, total)
    except PageError as error:
        return html_error(request, error)
    for piece in pieces:
        block = course.block(piece["block"])
        piece.update(block_title=block.title or block.usage_id, files=[
            {"name": name, "url": reverse("wikilearn:showcase_file", args=[course.key, piece["id"], index,
                                                                          quote(name or "file", safe="")])}
            for index, name in enumerate(piece["files"])])
    return render_page(request, "wikilearn/showcase.html", course, "showcase", pieces=pieces, total=total,
                       page=number, pages=pages, query_base="", gone=request.GET.get("gone") == "1")


@require_POST
def showcase_pick(request, course_id):
    """Staff show a consented piece to the cohort (``show=1``) or stop showing it (``show=0``)."""
    try:
        course = course_for(request, course_id, STAFF)
        piece, show = request.POST.get("piece", ""), request.POST.get("show")
        if not (piece.isascii() and piece.isdigit()) or show not in ("0", "1"):
            raise PageError(400, "invalid_filter", _("'%(name)s' has a value this page does not know."), name="piece")
    except PageError as error:
        return html_error(request, error)
    url = reverse("wikilearn:course_showcase", args=[course.key])
    if not showcase_api.set_showcased(course.key, int(piece), show == "1", request.user.username):
        return redirect(f"{url}?gone=1")
    return redirect(f"{url}#piece-{int(piece)}")


@require_safe
def showcase_file(request, course_id, piece, index, filename=""):
    """A file of a showcased piece (any consented piece for staff), as a download."""
    try:
        course = course_for(request, course_id, MEMBER)
    except PageError as error:
        return html_error(request, error)
    found = showcase_api.showcased_file(course.key, int(piece), int(index), course.staff)
    if found is None:
        raise Http404
    try:
        handle = uploads.open_file(found["key"])
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=found.get("name") or "file",
                            content_type=found.get("content_type") or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
