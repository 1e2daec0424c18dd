"""The pitch review's CSV export: one row per review (a pitch without reviews gets one row)."""

import json

BASE = ["presenter", "withdrawn", "versions", "submitted_at", "partner", "ask", "links", "files", "slot_utc",
        "grade_level", "grade_points", "grade_max", "grade_comment", "released_at",
        "reviewer", "role", "review_active", "review_state", "decision", "convinced", "concerns", "questions",
        "phase_one_at", "overall", "phase_two_at"]


def export_header(keys):
    """Base columns, then ``level:<key>`` and ``comment:<key>`` per pitch criterion."""
    return BASE + [f"{kind}:{key}" for key in keys for kind in ("level", "comment")]


def _pitch_cells(pitch):
    latest = pitch["latest"] or {}
    grade = pitch["grade"] or {}
    return [pitch["username"], "yes" if pitch["withdrawn"] else "no", pitch["versions"], pitch["submitted_at"],
            latest.get("partner", ""), latest.get("ask", ""), " ".join(latest.get("links", [])),
            json.dumps([f["name"] for f in latest.get("files", [])], ensure_ascii=False), pitch["slot"] or "",
            grade.get("level", ""), grade.get("points", ""), grade.get("max_points", ""), grade.get("comment", ""),
            pitch["released_at"] or ""]


def _review_cells(review, keys):
    one = review["phase_one"] or {}
    two = review["phase_two"] or {}
    cells = [review["reviewer_username"], review["role"], "yes" if review["active"] else "no", review["state"],
             one.get("decision", ""), one.get("convinced", ""), one.get("concerns", ""), one.get("questions", ""),
             one.get("sent_at", ""), two.get("overall", ""), two.get("sent_at", "")]
    levels, comments = two.get("levels") or {}, two.get("comments") or {}
    for key in keys:
        cells += [levels.get(key, ""), comments.get(key, "")]
    return cells


def export_rows(pitches, keys):
    """Rows for ``pitches`` (pairs of pitch dict and review dicts, as the api's export yields)."""
    empty = [""] * (len(BASE) - 14 + 2 * len(keys))
    for pitch, reviews in pitches:
        cells = _pitch_cells(pitch)
        if not reviews:
            yield cells + empty
        for review in reviews:
            yield cells + _review_cells(review, keys)
