"""The course inbox (staff): one page and one JSON API listing what waits for the course team.

``/wikilearn/courses/<course id>/inbox/`` (HTML) and ``/wikilearn/api/v1/courses/<course id>/inbox``
(JSON) take the same query: ``block`` (a usage id of the course), ``state`` (see
:data:`~openedx_plugins.wikilearn.api.inbox.STATES`), ``learner`` (anonymous id or username),
``sort`` (``oldest``, the default, or ``newest``), ``page`` and, for the API, ``page_size`` (1-100).
"""

from urllib.parse import quote

from django.http import JsonResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_noop as _
from django.views.decorators.http import require_safe

from openedx_plugins.wikilearn.api import inbox as api
from openedx_plugins.wikilearn.pages.common import (
    STAFF,
    PageError,
    block_choice,
    check_page,
    choice,
    course_for,
    html_error,
    json_error,
    page_request,
    render_page,
    setting,
    text,
)

STATE_LABELS = {
    "waiting": _("Waiting for feedback"),
    "resubmitted": _("Resubmitted after feedback"),
    "review_pending": _("Peer review not sent"),
    "review_overdue": _("Peer review overdue"),
    "ready_to_grade": _("Pitch ready to grade"),
    "no_session": _("Poll without a chosen session"),
}
LEARNER_PARAM = "wikilearn-learner"


def listing(query, course, default_size, sizes_allowed):
    """Everything a page of the inbox shows, from the request's query (raises :class:`PageError`)."""
    block = block_choice(query, course)
    state = choice(query, "state", api.STATES)
    sort = choice(query, "sort", api.SORTS, "oldest")
    learner = text(query, "learner")
    number, size = page_request(query, default_size, sizes_allowed)
    found = api.learner_in_course(course.key, learner) if learner else None
    if learner and found is None:
        raise PageError(404, "unknown_learner", _("No learner with this name or id has work in this course."))
    base = api.InboxQuery(course.key, (block,) if block else course.blocks,
                          learner=found[0] if found else None, newest_first=sort == "newest")
    counts = api.counts(base)
    total = counts[state] if state else sum(counts.values())
    pages = check_page(number, size, total)
    wanted = api.InboxQuery(base.course_key, base.blocks, (state,) if state else api.STATES, base.learner,
                            base.newest_first, base.now)
    items = [decorate(item, course) for item in api.page(wanted, (number - 1) * size, size)]
    return {"items": items, "counts": counts, "total": total, "page": number, "page_size": size, "pages": pages,
            "filters": {"block": block.usage_id if block else None, "state": state, "sort": sort,
                        "learner": found[0] if found else None, "learner_username": found[1] if found else None}}


def decorate(item, course):
    """An inbox item with its block, what waits (in words) and where to act on it."""
    block = course.block(item["block"])
    whose = item["presenter"] if item["kind"] == "review" else item["learner"]
    grading = block.block_url + (f"#{LEARNER_PARAM}={quote(whose, safe='')}" if whose else "")
    return {**item, "block_title": block.title or block.usage_id, "block_type": block.block_type,
            "unit_url": block.unit_url, "grading_url": grading, "what": describe(item),
            "state_label": gettext(STATE_LABELS[item["state"]])}


def describe(item):
    """What waits, in a sentence for the course team."""
    number, presenter = item["number"], item["presenter_username"] or item["presenter"] or ""
    if item["state"] == "waiting":
        return gettext("Attempt %(number)s waits for feedback.") % {"number": number}
    if item["state"] == "resubmitted":
        return gettext("Attempt %(number)s was resubmitted after feedback.") % {"number": number}
    if item["kind"] == "review":
        if item["state"] == "review_overdue":
            text_ = gettext("Review of the pitch by %(presenter)s is past the review deadline.")
        elif number:
            text_ = gettext("Review of the pitch by %(presenter)s: phase one sent, phase two missing.")
        else:
            text_ = gettext("Review of the pitch by %(presenter)s: nothing sent yet.")
        return text_ % {"presenter": presenter}
    if item["state"] == "ready_to_grade":
        return gettext("All peer reviews are in: the pitch waits for a grade.")
    return ngettext("%(count)s learner answered; no session is chosen yet.",
                    "%(count)s learners answered; no session is chosen yet.", number) % {"count": number}


@require_safe
def inbox_page(request, course_id):
    """The course inbox page (course staff only)."""
    try:
        course = course_for(request, course_id, STAFF)
        found = listing(request.GET, course, setting("COURSE_PAGE_SIZE"), sizes_allowed=False)
    except PageError as error:
        return html_error(request, error)
    filters = found["filters"]
    return render_page(request, "wikilearn/inbox.html", course, "inbox", **found,
                       states=[{"key": key, "label": gettext(label), "count": found["counts"][key],
                                "selected": key == filters["state"]} for key, label in STATE_LABELS.items()],
                       query_base=_query_base(filters))


def _query_base(filters):
    """The query string of the current filters (for the pager's links)."""
    pairs = [(name, filters[name]) for name in ("block", "state", "learner") if filters[name]]
    if filters["sort"] != "oldest":
        pairs.append(("sort", filters["sort"]))
    return "".join(f"{name}={quote(str(value), safe='')}&" for name, value in pairs)


def inbox_api(request, course_id):
    """``GET /wikilearn/api/v1/courses/<course id>/inbox``: the inbox as JSON (course staff only)."""
    try:
        if request.method not in ("GET", "HEAD"):
            raise PageError(405, "method_not_allowed", _("This address only answers GET requests."))
        course = course_for(request, course_id, STAFF)
        found = listing(request.GET, course, setting("COURSE_PAGE_SIZE"), sizes_allowed=True)
    except PageError as error:
        return json_error(error)
    items = [_api_item(request, item) for item in found["items"]]
    return JsonResponse({"course_id": course.key, **found, "items": items,
                         "blocks": [{"id": b.usage_id, "type": b.block_type, "title": b.title,
                                     "unit_url": request.build_absolute_uri(b.unit_url)} for b in course.blocks]},
                        json_dumps_params={"ensure_ascii": False})


def _api_item(request, item):
    """An item as the API gives it (absolute URLs, ISO dates)."""
    data = {key: item[key] for key in ("kind", "state", "block", "block_title", "block_type", "learner", "username",
                                       "presenter", "presenter_username", "waited_seconds", "what")}
    data.update(since=item["since"].isoformat() if item["since"] else None,
                attempt=item["number"] if item["kind"] == "submission" else None,
                phase_one_sent=bool(item["number"]) if item["kind"] == "review" else None,
                answers=item["number"] if item["kind"] == "poll" else None,
                unit_url=request.build_absolute_uri(item["unit_url"]),
                grading_url=request.build_absolute_uri(item["grading_url"]))
    return data
