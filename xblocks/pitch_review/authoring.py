"""What an author may save in Studio for the pitch review: criteria, scale, deadlines, file limits."""

from xblock.validation import ValidationMessage

from xblocks.common.grading import rubrics
from xblocks.common.grading.scale import Scale, ScaleError
from xblocks.common.runtime.i18n import gettext_noop as _

DEFAULT_CRITERIA = [
    {"key": "value_proposition", "name": _("Value proposition"),
     "description": _("What each side gains from the partnership is clear and convincing."),
     "feedback": rubrics.FEEDBACK_OPTIONAL},
    {"key": "evidence", "name": _("Evidence"),
     "description": _("Claims are backed by the evidence toolkit and the theory of change."),
     "feedback": rubrics.FEEDBACK_OPTIONAL},
    {"key": "structure", "name": _("Structure and flow"),
     "description": _("The pitch builds to a specific ask and fits the time."), "feedback": rubrics.FEEDBACK_OPTIONAL},
    {"key": "delivery", "name": _("Delivery"),
     "description": _("The presenter speaks to the partner's interests and answers questions well."),
     "feedback": rubrics.FEEDBACK_OPTIONAL},
]
DEFAULT_FILE_TYPES = "pdf, odp, pptx"


# Fill criterion keys in place (keys stay stable once set, names may change).
clean = rubrics.fill_criterion_keys


def validate(validation, data, gettext):
    """Add an error to ``validation`` for each unusable setting of ``data``, in the language
    ``gettext`` translates into (the author's)."""

    def error(text, **params):
        text = gettext(text)
        validation.add(ValidationMessage(ValidationMessage.ERROR, text % params if params else text))

    try:
        rubrics.snapshot(data.criteria, data.scale)
    except rubrics.RubricError as problem:
        error(problem.message, **problem.params)
    except (TypeError, KeyError, ValueError):  # a shape no check above foresaw: refused, never a 500
        error(_("The criteria, scale or passing rule cannot be used as entered."))
    if data.max_file_mb is None or not 0 < data.max_file_mb <= 200:
        error(_("The largest file size must be between 0 and 200 MB."))
    if data.max_files is None or not 0 < data.max_files <= 10:
        error(_("Learners can attach between 1 and 10 files."))
    if data.submission_deadline and data.review_deadline and data.review_deadline < data.submission_deadline:
        error(_("The review deadline cannot come before the submission deadline."))


def scale_of(block):
    """The block's scale (the default one when unset or broken)."""
    try:
        return Scale.from_data(block.scale)
    except (ScaleError, TypeError, KeyError, ValueError):
        return Scale.default()
