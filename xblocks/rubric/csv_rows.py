"""The rubric block's CSV columns: export of every attempt, import of levels and feedback (pure)."""

import json

from xblocks.common.runtime.errors import BadRequest
from xblocks.common.runtime.i18n import gettext_noop as _

BASE_COLUMNS = ["username", "attempt", "submitted_at", "state", "answer", "links", "attachments",
                "assessment_status", "points", "max_points", "passed", "overall_feedback"]
TRUE_WORDS = {"1", "yes", "true", "y", "release", "released"}


def criterion_keys(criteria, attempts=()):
    """Criterion keys of the current rubric, then any only found in older snapshots."""
    keys = [c["key"] for c in criteria]
    for attempt in attempts:
        assessment = attempt.get("assessment") or {}
        for criterion in (assessment.get("rubric") or {}).get("criteria", []):
            if criterion["key"] not in keys:
                keys.append(criterion["key"])
    return keys


def header(keys):
    """Export header: base columns, then ``level:<key>`` and ``feedback:<key>`` per criterion."""
    return BASE_COLUMNS + [f"{kind}:{key}" for key in keys for kind in ("level", "feedback")]


def export_row(attempt, keys):
    """One CSV row for one attempt."""
    assessment = attempt.get("assessment") or {}
    row = [attempt["username"], attempt["attempt"], attempt["submitted_at"], attempt["state"], attempt["answer"],
           " ".join(attempt["links"]), json.dumps([a["name"] for a in attempt["attachments"]], ensure_ascii=False),
           assessment.get("status", ""), assessment.get("points", ""), assessment.get("max_points", ""),
           {True: "yes", False: "no"}.get(assessment.get("passed"), "") if assessment else "",
           assessment.get("overall_feedback", "")]
    levels, feedback = assessment.get("levels") or {}, assessment.get("feedback") or {}
    for key in keys:
        row += [levels.get(key, ""), feedback.get(key, "")]
    return row


def import_values(row):
    """(username, attempt or None, levels, feedback, overall, release) from one parsed CSV row."""
    username = row.get("username", "")
    if not username:
        raise BadRequest("missing_username", _("The row has no username."))
    attempt = None
    if row.get("attempt"):
        try:
            attempt = int(row["attempt"])
        except ValueError:
            raise BadRequest("invalid_attempt", _("The attempt must be a number.")) from None
    levels = {name[6:]: value for name, value in row.items() if name.startswith("level:") and value}
    feedback = {name[9:]: value for name, value in row.items() if name.startswith("feedback:") and value}
    release = row.get("release", "").lower() in TRUE_WORDS
    return username, attempt, levels, feedback, row.get("overall_feedback", ""), release
