"""Names of the WikiLearn scale's levels on the course pages.

A pitch's grade is stored as a level key; its label comes from the block's scale, which the outline
carries (``SuiteBlock.fields["scale"]``). The scale's default labels are the blocks' own English
source strings (``xblocks/common/grading/scale.py`` ``DEFAULT_LEVELS``), repeated here so the course
pages' catalogue translates them too; a label the author wrote is shown as written.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

DEFAULT_LABELS = {"poor": _("Poor"), "needs_improvement": _("Needs improvement"), "good": _("Good"),
                  "excellent": _("Excellent")}


def level_label(block, key):
    """The label of level ``key`` in ``block``'s scale (translated when it is a default label)."""
    if not key:
        return ""
    scale = (block.fields.get("scale") if block is not None else None) or []
    label = next((level.get("label") for level in scale if isinstance(level, dict) and level.get("key") == key), None)
    label = label or DEFAULT_LABELS.get(key) or key
    return gettext(label) if label in DEFAULT_LABELS.values() else label


def criterion_levels(assessment):
    """``[{"name", "level", "feedback"}]`` of a released rubric assessment, against its own snapshot."""
    rubric = assessment.get("rubric") or {}
    labels = {level.get("key"): level.get("label") for level in rubric.get("scale") or [] if isinstance(level, dict)}
    rows = []
    for criterion in rubric.get("criteria") or []:
        key = criterion.get("key")
        label = labels.get(assessment["levels"].get(key)) or assessment["levels"].get(key) or ""
        rows.append({"name": criterion.get("name", key), "level": gettext(label) if label in DEFAULT_LABELS.values()
                     else label, "feedback": (assessment.get("feedback") or {}).get(key, "")})
    return rows
