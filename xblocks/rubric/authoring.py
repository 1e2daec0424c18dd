"""What an author may save in Studio: criteria, scale, passing rule and limits, checked together."""

from xblock.validation import ValidationMessage

from xblocks.common import grading
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.scale import Scale, ScaleError

DEFAULT_CRITERIA = [
    {"key": "content", "name": _("Content"), "description": _("The answer addresses every part of the prompt."),
     "feedback": grading.FEEDBACK_REQUIRED},
    {"key": "clarity", "name": _("Clarity"), "description": _("The answer is clear and well organised."),
     "feedback": grading.FEEDBACK_OPTIONAL},
]


# Fill criterion keys in place (keys stay stable once set, names may change).
clean = grading.fill_criterion_keys


def validate(validation, data):
    """Add an error to ``validation`` for each unusable setting of ``data`` (block or future fields)."""

    def error(text):
        validation.add(ValidationMessage(ValidationMessage.ERROR, text))

    try:
        grading.snapshot(data.criteria, data.scale, data.passing_rule)
    except (grading.RubricError, ScaleError, TypeError, KeyError, ValueError) as problem:
        error(str(problem))
    if data.max_attempts is None or data.max_attempts < 0:
        error("Maximum attempts must be 0 (unlimited) or more.")
    if data.weight is None or data.weight < 0:
        error("The weight cannot be negative.")
    if data.max_file_mb is None or not 0 < data.max_file_mb <= 100:
        error("The largest file size must be between 0 and 100 MB.")
    if data.max_files is None or not 0 < data.max_files <= 20:
        error("Learners can attach between 1 and 20 files.")


def scale_of(block):
    """The block's current scale (default when unset or broken)."""
    try:
        return Scale.from_data(block.scale)
    except (ScaleError, TypeError, KeyError, ValueError):
        return Scale.default()
