"""One JSON error shape for every handler: ``{"error_code": ..., "message": ...}``.

Handlers raise :class:`BlockError` (or its subclasses); :func:`json_handler` turns it into a
translated JSON body with the right status. Messages are English source strings marked for
translation, formatted with named ``%(placeholders)s`` after translation.
"""

import functools
import json
import logging
import math

from webob import Response
from xblock.core import XBlock

from xblocks.common.runtime.i18n import block_gettext
from xblocks.common.runtime.i18n import gettext_noop as _

log = logging.getLogger(__name__)

MAX_JSON_BODY = 1024 * 1024
MAX_DEPTH = 32


class BlockError(Exception):
    """An error a handler reports to the caller; nothing was saved."""

    status = 400

    def __init__(self, error_code, message, status=None, **params):
        super().__init__(error_code)
        self.error_code = error_code
        self.message = message
        self.params = params
        self.extra = {}
        if status is not None:
            self.status = status

    def to_dict(self, gettext=None):
        """The JSON body, with the message translated by ``gettext`` (plus any ``extra`` keys)."""
        text = (gettext or str)(self.message)
        if self.params:
            text = text % self.params
        return {**self.extra, "error_code": self.error_code, "message": text}


class BadRequest(BlockError):
    """400: the request cannot be accepted as sent."""

    status = 400


class Forbidden(BlockError):
    """403: the caller may not do this."""

    status = 403


class NotFound(BlockError):
    """404: no such object for this caller."""

    status = 404


class Conflict(BlockError):
    """409: the object changed since the caller read it."""

    status = 409


class ServiceUnavailable(BlockError):
    """503: a platform service (the gradebook) refused the write; nothing was saved."""

    status = 503


class SettingsError(ValueError):
    """A setting an author chose that cannot be used (a scale, criteria, a passing rule).

    Like :class:`BlockError`, it keeps the English source message (marked for translation) and its
    named parameters apart, so Studio shows it in the author's language: :meth:`translated`.
    ``str()`` is the English text, for logs.
    """

    def __init__(self, message, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params

    def translated(self, gettext):
        """The message in the language ``gettext`` translates into."""
        text = gettext(self.message)
        return text % self.params if self.params else text


def json_response(data, status=200):
    """A JSON ``webob.Response``."""
    return Response(
        body=json.dumps(data, ensure_ascii=False).encode("utf-8"),
        status=status,
        content_type="application/json",
        charset="utf-8",
    )


def error_response(block, error, studio_editor=False):
    """The JSON response for ``error``, translated for the current user.

    ``studio_editor``: the answer also carries ``error`` (the message, unless the error set a
    structured one), the key XBlock's standard Studio editor shows
    (``xblock/utils/public/studio_edit.js``, the save's ``fail`` callback).
    """
    body = error.to_dict(block_gettext(block))
    if studio_editor:
        body.setdefault("error", body["message"])
    return json_response(body, status=error.status)


def _refuse_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text):
    """JSON numbers as floats, refusing the ones too large for a float (``1e999`` would be infinity)."""
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range")
    return value


def _check_values(data):
    """Refuse nesting deeper than :data:`MAX_DEPTH` and text no database stores faithfully.

    A lone surrogate (``"\\ud800"``) cannot be encoded in UTF-8, so the database driver fails on
    it; a NUL character is cut or refused by some databases. Walked without recursion.
    """
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadRequest("invalid_json", _("The request body is nested too deeply."))
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(key)
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _check_text(text):
    if "\x00" in text:
        raise BadRequest("invalid_text", _("The text contains a character that cannot be stored (NUL)."))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest("invalid_text", _("The text contains characters that are not valid Unicode.")) from None


def drain(request):
    """Read and drop what is left of a refused request's body, so a kept-alive connection stays usable."""
    stream = request.body_file_raw
    left = request.content_length or 0
    while left > 0:
        chunk = stream.read(min(left, 64 * 1024))
        if not chunk:
            break
        left -= len(chunk)


def parse_json_body(request, studio_editor=False):
    """The request's JSON object, or :class:`BadRequest` (400/405/415) with a stable code.

    The LMS's handler view is ``csrf_exempt`` (``lms/djangoapps/courseware/block_render.py``
    ``handle_xblock_callback`` checks CSRF itself for session users), so a state-changing handler
    also insists on ``application/json``, which a cross-site form cannot send without a CORS
    preflight. XBlock's Studio editor posts its JSON as a form (jQuery's default content type,
    ``xblock/utils/public/studio_edit.js``); Studio's handler view is CSRF-protected, so the
    Studio save (``studio_editor``) also accepts that.
    """
    if request.method != "POST":
        raise BlockError("method_not_allowed", _("This action only accepts POST requests."), status=405)
    if request.content_length and request.content_length > MAX_JSON_BODY:
        drain(request)
        raise BadRequest("too_large", _("The request is too large."))
    accepted = ("application/json", "application/x-www-form-urlencoded") if studio_editor else ("application/json",)
    if request.content_length and request.content_type not in accepted:
        raise BlockError("unsupported_media_type", _("Send the request as JSON (Content-Type: application/json)."),
                         status=415)
    try:
        data = json.loads(request.body.decode("utf-8") or "{}", parse_constant=_refuse_constant,
                          parse_float=_finite_float)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("invalid_json", _("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise BadRequest("invalid_json", _("The request body must be a JSON object."))
    _check_values(data)
    return data


def json_handler(method, studio_editor=False):
    """Make ``method(self, data, suffix)`` an XBlock handler speaking JSON both ways.

    The wrapped method returns a dict (sent with 200) or raises :class:`BlockError`.
    """

    @XBlock.handler
    @functools.wraps(method)
    def wrapper(self, request, suffix=""):
        try:
            data = parse_json_body(request, studio_editor)
            return json_response(method(self, data, suffix))
        except BlockError as error:
            return error_response(self, error, studio_editor)

    return wrapper


def plain_handler(method):
    """Like :func:`json_handler` for handlers answering GET with a prepared ``Response``."""

    @XBlock.handler
    @functools.wraps(method)
    def wrapper(self, request, suffix=""):
        try:
            return method(self, request, suffix)
        except BlockError as error:
            return error_response(self, error)

    return wrapper
