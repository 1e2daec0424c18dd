"""The rubric block's decisions, without a runtime: who may submit, what a learner sees, grades.

Everything here works on plain data (attempt dicts as ``openedx_plugins.wikilearn.api.rubric``
returns them, the block's settings) and raises :class:`~xblocks.common.runtime.errors.BadRequest` with
a stable ``error_code`` when a request cannot be accepted.
"""

import datetime

from xblocks.common.grading import rubrics
from xblocks.common.runtime.errors import BadRequest
from xblocks.common.runtime.i18n import gettext_noop as _

NOT_SUBMITTED = "not_submitted"
AWAITING = "awaiting_feedback"
RELEASED = "feedback_released"


def released(attempt):
    """The attempt's assessment when it has been released to the learner, else None."""
    assessment = attempt.get("assessment")
    return assessment if assessment and assessment["status"] == "released" else None


def phase(history):
    """Where the learner is: not submitted, awaiting feedback on the latest attempt, or feedback released."""
    if not history:
        return NOT_SUBMITTED
    return RELEASED if released(history[-1]) else AWAITING


def attempts_left(history, max_attempts):
    """Attempts still allowed (None: unlimited)."""
    return None if not max_attempts else max(0, max_attempts - len(history))


def past_due(due, now=None):
    """True when ``due`` (an aware datetime or None) has passed."""
    if due is None:
        return False
    now = now or datetime.datetime.now(datetime.UTC)
    if due.tzinfo is None:
        due = due.replace(tzinfo=datetime.UTC)
    return now > due


def submit_refusal(history, max_attempts, allow_resubmission, due, now=None):
    """Why the learner may not submit now, as a :class:`BadRequest`, or None when they may."""
    if past_due(due, now):
        return BadRequest("past_due", _("The due date of this assignment has passed."))
    if not history:
        return None
    last = released(history[-1])
    if last is None:
        return BadRequest("awaiting_feedback", _("Your last attempt is waiting for feedback."))
    if last["passed"]:
        return BadRequest("already_passed", _("Your last attempt already meets the passing rule."))
    if not allow_resubmission:
        return BadRequest("resubmission_not_allowed", _("This assignment does not accept resubmissions."))
    if attempts_left(history, max_attempts) == 0:
        return BadRequest("no_attempts_left", _("You have used all your attempts."))
    return None


def check_submit(history, max_attempts, allow_resubmission, due, now=None):
    """Raise the refusal from :func:`submit_refusal`, if any."""
    refusal = submit_refusal(history, max_attempts, allow_resubmission, due, now)
    if refusal:
        raise refusal


def clean_answer(answer, max_length, required=True):
    """The trimmed answer; 400 ``empty_answer`` / ``answer_too_long`` / ``invalid_answer``."""
    if answer is None:
        answer = ""
    if not isinstance(answer, str):
        raise BadRequest("invalid_answer", _("The answer must be text."))
    if len(answer) > max_length:
        raise BadRequest("answer_too_long", _("The answer is longer than %(max)s characters."), max=max_length)
    if required and not answer.strip():
        raise BadRequest("empty_answer", _("Write an answer before submitting."))
    return answer.strip() if required else answer


def learner_attempt(attempt):
    """What the learner may see of one of their attempts: no unreleased levels, no assessor."""
    shown = {key: attempt[key] for key in ("attempt", "answer", "links", "attachments", "submitted_at")}
    assessment = released(attempt)
    shown["assessment"] = None if assessment is None else {
        key: assessment[key] for key in ("rubric", "levels", "feedback", "overall_feedback", "points",
                                         "max_points", "passed", "released_at")
    }
    return shown


def prepare_assessment(snapshot, levels, feedback, overall, release):
    """Validate staff input against ``snapshot`` and compute what to store."""
    levels, feedback, overall = rubrics.validate_assessment(snapshot, levels, feedback, overall, complete=release)
    values = {"levels": levels, "feedback": feedback, "overall_feedback": overall,
              "points": None, "max_points": rubrics.max_points(snapshot), "passed": False}
    if len(levels) == len(snapshot["criteria"]):
        values["points"], values["max_points"] = rubrics.score(snapshot, levels)
        values["passed"] = rubrics.passes(snapshot, levels, values["points"], values["max_points"])
    return values


def rescore(assessment, scale_data):
    """(points, max points, passed, scale used) of a released assessment with the current scale's points.

    The criteria and levels stay those of the snapshot; only the points a level is worth change.
    """
    snapshot = assessment["rubric"]
    points, possible = rubrics.score(snapshot, assessment["levels"], scale_data)
    rule = snapshot.get("passing_rule") or rubrics.DEFAULT_PASSING_RULE
    passed = (rubrics.passes(snapshot, assessment["levels"]) if rule["mode"] == rubrics.RULE_EVERY
              else possible > 0 and points * 100 >= rule["percent"] * possible)
    return points, possible, passed, scale_data
