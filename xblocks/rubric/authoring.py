"""What an author may save in Studio: criteria, scale, passing rule and limits, checked together."""

from xblock.validation import ValidationMessage

from xblocks.common.grading import rubrics
from xblocks.common.grading.scale import Scale, ScaleError
from xblocks.common.runtime.i18n import gettext_noop as _

DEFAULT_CRITERIA = [
    {"key": "content", "name": _("Content"), "description": _("The answer addresses every part of the prompt."),
     "feedback": rubrics.FEEDBACK_REQUIRED},
    {"key": "clarity", "name": _("Clarity"), "description": _("The answer is clear and well organised."),
     "feedback": rubrics.FEEDBACK_OPTIONAL},
]


# Fill criterion keys in place (keys stay stable once set, names may change).
clean = rubrics.fill_criterion_keys


def validate(validation, data, gettext):
    """Add an error to ``validation`` for each unusable setting of ``data`` (block or future fields),
    in the language ``gettext`` translates into (the author's)."""

    def error(text, **params):
        text = gettext(text)
        validation.add(ValidationMessage(ValidationMessage.ERROR, text % params if params else text))

    try:
        rubrics.snapshot(data.criteria, data.scale, data.passing_rule)
    except rubrics.RubricError as problem:
        error(problem.message, **problem.params)
    except (TypeError, KeyError, ValueError):  # a shape no check above foresaw: refused, never a 500
        error(_("The criteria, scale or passing rule cannot be used as entered."))
    if data.max_attempts is None or data.max_attempts < 0:
        error(_("Maximum attempts must be 0 (unlimited) or more."))
    if data.max_file_mb is None or not 0 < data.max_file_mb <= 100:
        error(_("The largest file size must be between 0 and 100 MB."))
    if data.max_files is None or not 0 < data.max_files <= 20:
        error(_("Learners can attach between 1 and 20 files."))


def scale_of(block):
    """The block's current scale (default when unset or broken)."""
    try:
        return Scale.from_data(block.scale)
    except (ScaleError, TypeError, KeyError, ValueError):
        return Scale.default()
