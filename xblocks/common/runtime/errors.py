"""One JSON error shape for every handler: ``{"error_code": ..., "message": ...}``.

Handlers raise :class:`BlockError` (or its subclasses); :func:`json_handler` turns it into a
translated JSON body with the right status. Messages are English source strings marked for
translation, formatted with named ``%(placeholders)s`` after translation.
"""

import functools
import json
import logging

from webob import Response
from xblock.core import XBlock

from xblocks.common.runtime.i18n import block_gettext
from xblocks.common.runtime.i18n import gettext_noop as _

log = logging.getLogger(__name__)

MAX_JSON_BODY = 1024 * 1024


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


def parse_json_body(request):
    """The request's JSON object, or :class:`BadRequest` with a stable code."""
    if request.method != "POST":
        raise BlockError("method_not_allowed", _("This action only accepts POST requests."), status=405)
    if request.content_length and request.content_length > MAX_JSON_BODY:
        raise BadRequest("too_large", _("The request is too large."))
    try:
        data = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("invalid_json", _("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise BadRequest("invalid_json", _("The request body must be a JSON object."))
    return data


def json_handler(method, studio_editor=False):
    """Make ``method(self, data, suffix)`` an XBlock handler speaking JSON both ways.

    The wrapped method returns a dict (sent with 200) or raises :class:`BlockError`.
    """

    @XBlock.handler
    @functools.wraps(method)
    def wrapper(self, request, suffix=""):
        try:
            data = parse_json_body(request)
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
