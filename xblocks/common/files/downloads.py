"""Serving a stored learner file as a download (type from the extension, never sniffed or cached).

Blocks decide who may read a file; this only turns a storage key into the response.
"""

from webob import Response

from openedx_plugins.wikilearn import uploads as storage
from xblocks.common.files.policy import CONTENT_TYPES, extension
from xblocks.common.runtime.errors import NotFound
from xblocks.common.runtime.i18n import gettext_noop as _


def file_response(key):
    """The download response for storage ``key``; 404 ``no_file`` when it is gone."""
    try:
        handle = storage.open_file(key)
    except (OSError, FileNotFoundError):
        raise NotFound("no_file", _("There is no such file.")) from None
    with handle:
        body = handle.read()
    response = Response(body=body, content_type=CONTENT_TYPES.get(extension(key), "application/octet-stream"))
    filename = key.rsplit("/", 1)[-1].replace('"', "")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
