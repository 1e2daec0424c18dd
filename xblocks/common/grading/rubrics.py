"""Criteria, rubric snapshots and the scoring of an assessment on the WikiLearn scale (pure).

A *rubric* is the criteria an author defined plus the scale, as plain data. Every assessment
stores a snapshot of the rubric it was made against (:func:`snapshot`), so later edits to the
criteria or to the points never change what a learner was told. Scoring, validation of a
staff member's levels and feedback, and the passing rule all work on snapshots, which makes
them usable by any block that grades on the scale (the rubric block, the pitch review block).
"""

import re
import unicodedata

from xblocks.common.grading.scale import Scale, ScaleError
from xblocks.common.runtime.errors import BadRequest, SettingsError
from xblocks.common.runtime.i18n import gettext_noop as _

FEEDBACK_OPTIONAL = "optional"
FEEDBACK_REQUIRED = "required"
FEEDBACK_CHOICES = (FEEDBACK_OPTIONAL, FEEDBACK_REQUIRED)
MAX_FEEDBACK_LENGTH = 20_000
MAX_CRITERIA = 30

RULE_EVERY = "every_criterion"
RULE_PERCENT = "min_percent"
DEFAULT_PASSING_RULE = {"mode": RULE_EVERY, "level": "good"}


class RubricError(SettingsError):
    """A rubric definition (criteria, scale, passing rule) that cannot be used."""


def slug(text, fallback="criterion"):
    """A stable ASCII key for ``text`` (criterion names become keys used in CSV and snapshots)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:40]
    return key or fallback


def fill_criterion_keys(values):
    """Fill criterion keys in a Studio save's ``values`` in place (keys stay stable once set).

    Unusable criteria are left as sent: the block's validation reports them.
    """
    if isinstance(values.get("criteria"), list):
        try:
            values["criteria"] = clean_criteria(values["criteria"])
        except RubricError:
            pass


def clean_criteria(criteria):
    """Criteria with keys filled in and text trimmed; :class:`RubricError` when unusable."""
    if not isinstance(criteria, list) or not criteria:
        raise RubricError(_("A rubric needs at least one criterion."))
    if len(criteria) > MAX_CRITERIA:
        raise RubricError(_("A rubric has at most %(count)s criteria."), count=MAX_CRITERIA)
    cleaned, keys = [], set()
    for index, item in enumerate(criteria, start=1):
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            raise RubricError(_("Criterion %(number)s needs a name."), number=index)
        name = str(item["name"]).strip()
        key = str(item.get("key") or "").strip() or slug(name)
        base, n = key, 2
        while key in keys:
            key, n = f"{base}_{n}", n + 1
        keys.add(key)
        feedback = item.get("feedback") or FEEDBACK_OPTIONAL
        if feedback not in FEEDBACK_CHOICES:
            raise RubricError(_("Criterion %(number)s: feedback must be \"optional\" or \"required\"."), number=index)
        cleaned.append({"key": key, "name": name, "description": str(item.get("description") or "").strip(),
                        "feedback": feedback})
    return cleaned


def clean_passing_rule(rule, scale):
    """A valid passing rule for ``scale`` (``every_criterion`` + level, or ``min_percent``)."""
    rule = dict(rule or DEFAULT_PASSING_RULE)
    mode = rule.get("mode", RULE_EVERY)
    if mode == RULE_EVERY:
        level = rule.get("level") or "good"
        if not isinstance(level, str) or level not in scale:
            raise RubricError(_("The passing level \"%(level)s\" is not on the scale."), level=level)
        return {"mode": RULE_EVERY, "level": level}
    if mode == RULE_PERCENT:
        try:
            percent = float(rule.get("percent"))
        except (TypeError, ValueError):
            raise RubricError(_("The passing percentage must be a number.")) from None
        if not 0 <= percent <= 100:
            raise RubricError(_("The passing percentage must be between 0 and 100."))
        return {"mode": RULE_PERCENT, "percent": percent}
    raise RubricError(_("Unknown passing rule \"%(mode)s\"."), mode=mode)


def snapshot(criteria, scale_data, passing_rule=None):
    """The plain-data rubric an assessment is made against (criteria, scale, passing rule)."""
    try:
        scale = Scale.from_data(scale_data)
    except ScaleError as error:
        raise RubricError(error.message, **error.params) from None
    if passing_rule is not None and not isinstance(passing_rule, dict):
        raise RubricError(_("The passing rule must be a mode with its level or percentage."))
    return {"criteria": clean_criteria(criteria), "scale": scale.to_data(),
            "passing_rule": clean_passing_rule(passing_rule, scale)}


def max_points(rubric):
    """Highest total a learner can get against ``rubric`` (a snapshot)."""
    return Scale.from_data(rubric["scale"]).max_points * len(rubric["criteria"])


def score(rubric, levels, scale_data=None):
    """Total points of ``levels`` ({criterion key: level key}) against ``rubric``.

    ``scale_data`` rescoring: the same level keys counted with another scale's points (used when
    staff recompute grades after a points change); levels missing from it keep their old points.
    """
    old = Scale.from_data(rubric["scale"])
    new = Scale.from_data(scale_data) if scale_data else old
    total = 0
    for criterion in rubric["criteria"]:
        key = levels[criterion["key"]]
        total += new.points(key) if key in new else old.points(key)
    top = new.max_points if scale_data else old.max_points
    return total, top * len(rubric["criteria"])


def passes(rubric, levels, points=None, possible=None):
    """Whether ``levels`` meet the snapshot's passing rule."""
    rule = rubric.get("passing_rule") or DEFAULT_PASSING_RULE
    scale = Scale.from_data(rubric["scale"])
    if rule["mode"] == RULE_EVERY:
        return all(scale.at_least(levels[c["key"]], rule["level"]) for c in rubric["criteria"])
    if points is None:
        points, possible = score(rubric, levels)
    return possible > 0 and points * 100 >= rule["percent"] * possible


def validate_assessment(rubric, levels, feedback, overall="", complete=True):
    """Check a staff member's levels and feedback against ``rubric``; :class:`BadRequest` if wrong.

    ``complete`` (releasing): every criterion needs a level and required feedback must be
    written. A draft may be partial. Returns the cleaned (levels, feedback, overall).
    """
    if not isinstance(levels, dict) or not isinstance(feedback or {}, dict):
        raise BadRequest("invalid_levels", _("Levels and feedback must be objects keyed by criterion."))
    feedback = feedback or {}
    scale = Scale.from_data(rubric["scale"])
    known = {c["key"]: c for c in rubric["criteria"]}
    for key in list(levels) + list(feedback):
        if key not in known:
            raise BadRequest("unknown_criterion", _("There is no criterion '%(criterion)s'."), criterion=str(key)[:80])
    clean_levels, clean_feedback = {}, {}
    for key, criterion in known.items():
        level = levels.get(key)
        if level in (None, ""):
            if complete:
                raise BadRequest("missing_level", _("Choose a level for '%(criterion)s'."), criterion=criterion["name"])
        elif not isinstance(level, str) or level not in scale:
            raise BadRequest("unknown_level", _("'%(level)s' is not a level of the scale."), level=str(level)[:80])
        else:
            clean_levels[key] = level
        text = feedback.get(key) or ""
        if not isinstance(text, str) or len(text) > MAX_FEEDBACK_LENGTH:
            raise BadRequest("feedback_too_long", _("Feedback is too long."))
        if complete and criterion["feedback"] == FEEDBACK_REQUIRED and not text.strip():
            raise BadRequest("feedback_required", _("Feedback is required for '%(criterion)s'."),
                             criterion=criterion["name"])
        if text.strip():
            clean_feedback[key] = text.strip()
    if not isinstance(overall or "", str) or len(overall or "") > MAX_FEEDBACK_LENGTH:
        raise BadRequest("feedback_too_long", _("Feedback is too long."))
    return clean_levels, clean_feedback, (overall or "").strip()
