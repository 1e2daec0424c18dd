"""The Studio editor's save, guarded and checked once for every suite block.

The suite's editors are XBlock's standard one (``xblock/utils/studio_editable.py``
``StudioEditableXBlockMixin``): its page posts ``{"values": {field: value}, "defaults": [field]}``
to ``submit_studio_edits`` and shows ``response.error`` (a string, or ``{"messages": [{"text"}]}``)
when the save is refused (``xblock/utils/public/studio_edit.js``, the ``error`` callback). This
save keeps that protocol and the mixin's order (convert, ``clean_studio_edits``, validate against
the future values, then set), and adds what the mixin lacks: the caller must be an author in
Studio (:data:`~xblocks.common.runtime.access.AUTHOR`), every value is type-checked before
conversion, and every refusal is a 400 in the suite's JSON error shape, translated, with nothing
changed.
"""

from xblock.fields import Boolean, DateTime, Dict, Float, Integer, List, String
from xblock.utils.studio_editable import FutureFields
from xblock.validation import Validation

from xblocks.common.runtime.errors import BadRequest
from xblocks.common.runtime.i18n import gettext_noop as _

# What each field class accepts from the editor's JSON before ``from_json``.
ACCEPTED = (
    (Boolean, (bool,)),
    (Integer, (int, float, str)),
    (Float, (int, float, str)),
    (List, (list,)),
    (Dict, (dict,)),
    (DateTime, (str, type(None))),
    (String, (str, type(None))),
)


def _accepts(field, value):
    for field_class, types in ACCEPTED:
        if isinstance(field, field_class):
            return isinstance(value, types) and not (isinstance(value, bool) and field_class is not Boolean)
    return True


def _convert(block, name, raw):
    field = block.fields[name]
    if not _accepts(field, raw):
        raise BadRequest("invalid_value", _("'%(field)s' has a value of the wrong kind."),
                         field=block.gettext(field.display_name or name))
    try:
        return field.from_json(raw)
    except (TypeError, ValueError, OverflowError):
        raise BadRequest("invalid_value", _("'%(field)s' has a value that cannot be used."),
                         field=block.gettext(field.display_name or name)) from None


def planned_edits(block, data):
    """``(values, to_reset)`` of an editor save after checking its shape and every value's kind."""
    values_in, defaults = data.get("values"), data.get("defaults", [])
    if not isinstance(values_in, dict) or not isinstance(defaults, list) \
            or not all(isinstance(name, str) for name in defaults):
        raise BadRequest("invalid_edits", _("Send the settings as {\"values\": {...}, \"defaults\": [...]}."))
    values, to_reset = {}, []
    for name in block.editable_fields:
        if name in values_in:
            values[name] = _convert(block, name, values_in[name])
        elif name in defaults and block.fields[name].is_set_on(block):
            to_reset.append(name)
    return values, to_reset


def apply_studio_edits(block, data):
    """Check, validate and apply an editor save; :class:`BadRequest` (nothing changed) when refused."""
    values, to_reset = planned_edits(block, data)
    block.clean_studio_edits(values)
    validation = Validation(block.scope_ids.usage_id)
    block.validate_field_data(validation, FutureFields(new_fields_dict=values, newly_removed_fields=to_reset,
                                                       fallback_obj=block))
    if not validation:
        texts = [message.text for message in validation.messages]  # validate_field_data translated them
        error = BadRequest("invalid_settings", "%(problems)s", problems=" ".join(texts))
        error.extra = {"error": {"messages": [{"text": text, "type": "error"} for text in texts]}}
        raise error
    for name, value in values.items():
        setattr(block, name, value)
    for name in to_reset:
        block.fields[name].delete_from(block)
    return {"result": "success"}
