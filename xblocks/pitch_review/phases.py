"""The pitch review's rules without a runtime: deadlines, pitch input, the two review phases, grades.

Phase one is written "as the prospective partner" (a decision and three texts); phase two "as a
peer" (a level on the WikiLearn scale per pitch criterion, with comments) and opens only once
phase one is sent. Each phase is sent once. Everything raises
:class:`~xblocks.common.runtime.errors.BadRequest` with a stable ``error_code`` on bad input.
"""

import datetime

from xblocks.common.grading import rubrics
from xblocks.common.grading.scale import Scale
from xblocks.common.runtime.errors import BadRequest, Forbidden
from xblocks.common.runtime.i18n import gettext_noop as _

DECISIONS = {
    "would_partner": _("Would partner"),
    "would_need_more": _("Would need more"),
    "would_decline": _("Would decline"),
}
PHASE_ONE_TEXTS = ("convinced", "concerns", "questions")
MAX_TEXT = 5000
MAX_PARTNER = 200
MAX_ASK = 2000


def now_utc():
    """The current aware UTC time."""
    return datetime.datetime.now(datetime.UTC)


def aware(value):
    """``value`` with UTC assumed when naive (XBlock DateTime fields may be either)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    return value


def past(deadline, now=None):
    """True when ``deadline`` (a datetime or None) has passed."""
    return deadline is not None and (now or now_utc()) > aware(deadline)


def check_submission_open(deadline, now=None):
    """400 ``past_deadline`` once the submission deadline has passed."""
    if past(deadline, now):
        raise BadRequest("past_deadline", _("The submission deadline has passed."))


def _text(data, name, limit, required=False, missing_code=None):
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise BadRequest("invalid_text", _("Every answer must be text."))
    value = value.strip()
    if len(value) > limit:
        raise BadRequest("text_too_long", _("A text is longer than %(max)s characters."), max=limit)
    if required and not value:
        raise BadRequest(missing_code, _("Fill in every required field."))
    return value


def clean_pitch(data):
    """(partner, ask) from a submission: the prospective partner's name and the ask, both required."""
    partner = _text(data, "partner", MAX_PARTNER, required=True, missing_code="missing_partner")
    ask = _text(data, "ask", MAX_ASK, required=True, missing_code="missing_ask")
    return partner, ask


def clean_phase_one(data):
    """The fields of phase one: a decision from :data:`DECISIONS` and three optional texts."""
    decision = data.get("decision")
    if decision not in DECISIONS:
        raise BadRequest("invalid_decision", _("Choose whether the partner would partner, need more, or decline."))
    values = {"decision": decision}
    for name in PHASE_ONE_TEXTS:
        values[name] = _text(data, name, MAX_TEXT)
    return values


def clean_phase_two(rubric, data):
    """The fields of phase two: a level per criterion of ``rubric`` (a snapshot), comments, overall."""
    comments = data.get("comments") or {}
    levels, comments, overall = rubrics.validate_assessment(rubric, data.get("levels") or {}, comments,
                                                            data.get("overall") or "", complete=True)
    return {"rubric": rubric, "levels": levels, "comments": comments, "overall": overall}


def phase_of(data):
    """1 or 2 from the request; 400 ``invalid_phase`` otherwise."""
    phase = data.get("phase")
    if phase not in (1, 2, "1", "2"):
        raise BadRequest("invalid_phase", _("Say which phase you are sending (1 or 2)."))
    return int(phase)


def review_values(phase, review, rubric, data, now=None):
    """What to store for ``phase`` of ``review`` (a review dict, None when not assigned).

    400 ``not_assigned`` without an assignment, ``phase_already_sent`` when that phase was
    sent, ``phase_one_first`` for phase two before phase one.
    """
    if review is None:
        raise Forbidden("not_assigned", _("This pitch is not assigned to you for review."))
    now = now or now_utc()
    if phase == 1:
        if review["phase_one"]:
            raise BadRequest("phase_already_sent", _("You already sent this phase."))
        return dict(clean_phase_one(data), phase_one_at=now)
    if not review["phase_one"]:
        raise BadRequest("phase_one_first", _("Send phase one, as the prospective partner, first."))
    if review["phase_two"]:
        raise BadRequest("phase_already_sent", _("You already sent this phase."))
    return dict(clean_phase_two(rubric, data), phase_two_at=now)


def grade_values(scale_data, level, comment):
    """The instructor's final grade: a level on the scale, its points, the scale's top, a comment."""
    scale = Scale.from_data(scale_data)
    if not isinstance(level, str) or level not in scale:
        raise BadRequest("unknown_level", _("'%(level)s' is not a level of the scale."), level=str(level)[:80])
    if not isinstance(comment or "", str) or len(comment or "") > rubrics.MAX_FEEDBACK_LENGTH:
        raise BadRequest("feedback_too_long", _("Feedback is too long."))
    return {"grade_level": level, "grade_points": scale.points(level), "grade_max": scale.max_points,
            "grade_comment": (comment or "").strip()}


def check_release(pitch):
    """400 ``grade_missing`` until the instructor gave the final grade."""
    if not pitch["grade"]:
        raise BadRequest("grade_missing", _("Give the final grade before releasing the feedback."))


def late_before(review_deadline, now=None):
    """Reviews assigned before this moment and not done are late (None: nothing is late yet)."""
    return aware(review_deadline) if past(review_deadline, now) else None


def check_auto_allowed(assignments):
    """Automatic allocation replaces every peer review, so none may have been started."""
    if any(item["state"] != "pending" for item in assignments):
        raise BadRequest("reviews_started", _("Reviews have started: edit groups by hand or reassign instead."))


def check_manual_keeps_started(assignments, groups):
    """A manual edit may not drop a reviewer who already sent a phase (their review would be lost)."""
    for item in assignments:
        if item["presenter"] in groups and item["state"] != "pending" and item["reviewer"] not in groups[
                item["presenter"]]:
            raise BadRequest("review_started", _("A reviewer who already sent feedback cannot be removed."))
