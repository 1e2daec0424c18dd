"""Serving one recording file: whole, one byte range, or a redirect to a signed URL.

The file is streamed from the storage (``sendfile`` under gunicorn for local files), so memory
stays flat whatever the file size.
"""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.utils.http import http_date

from openedx_plugins.recordings.conf import setting
from openedx_plugins.recordings.ranges import Unsatisfiable, if_range_matches, parse_range
from openedx_plugins.recordings.storage import can_sign

CHUNK = 256 * 1024
UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|;]+')


class Window:
    """A read-only view of ``length`` bytes of an open file from its current position."""

    def __init__(self, file, length):
        self.file = file
        self.remaining = length

    def read(self, size=-1):
        """Up to ``size`` bytes, never past the window."""
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.file.read(size)
        self.remaining -= len(data)
        return data

    def fileno(self):
        """The underlying descriptor, so gunicorn can ``sendfile`` (it honours Content-Length)."""
        return self.file.fileno()

    def close(self):
        """Close the underlying file."""
        self.file.close()


def readable_filename(recording, file, extension):
    """``<title> - <date> - <kind>.<ext>`` without characters file systems refuse."""
    parts = [recording.title or recording.record_id]
    if recording.start:
        parts.append(recording.start.date().isoformat())
    parts.append(file.label or file.get_kind_display())
    name = unicodedata.normalize("NFC", " - ".join(str(part) for part in parts))
    name = re.sub(r"\s+", " ", UNSAFE_IN_NAME.sub(" ", name)).strip(" .")[:150] or "recording"
    return f"{name}.{extension}" if extension else name


def content_disposition(filename):
    """``attachment`` with an ASCII fallback ``filename`` and the RFC 5987 ``filename*``."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r'["\\]', "", ascii_name).strip() or "recording"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def etag_for(file):
    """A strong entity tag: the content's sha256."""
    return f'"{file.sha256}"' if file.sha256 else f'"{file.pk}-{file.size}"'


def _common_headers(response, file, filename):
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag_for(file)
    response["Last-Modified"] = http_date(file.modified.timestamp())
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-transform"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def signed_redirect(storage, file, filename):
    """302 to a short-lived signed URL that downloads under the readable name."""
    url = storage.url(file.storage_name, parameters={
        "ResponseContentDisposition": content_disposition(filename),
        "ResponseContentType": file.mime_type,
    }, expire=int(setting("WIKILEARN_RECORDINGS_SIGNED_URL_EXPIRY")))
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "no-store"
    return response


def serve(request, storage, file, filename):
    """The response for GET/HEAD of ``file``: redirect, 200, 206, 304 or 416."""
    if can_sign(storage):
        return signed_redirect(storage, file, filename)
    if hasattr(storage, "bucket_name"):
        # A public bucket: its own server does ranges; reading it through django-storages would
        # buffer the whole object in this process.
        response = HttpResponseRedirect(storage.url(file.storage_name))
        response["Cache-Control"] = "no-store"
        return response
    etag, size = etag_for(file), file.size
    if request.headers.get("If-None-Match", "").strip() in (etag, "*"):
        return _common_headers(HttpResponseNotModified(), file, filename)
    wanted = None
    if if_range_matches(request.headers.get("If-Range"), etag, file.modified):
        try:
            wanted = parse_range(request.headers.get("Range"), size)
        except Unsatisfiable:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return _common_headers(response, file, filename)
    first, last = wanted or (0, size - 1)
    length = max(last - first + 1, 0)
    if request.method == "HEAD":
        response = HttpResponse(status=206 if wanted else 200, content_type=file.mime_type)
    else:
        handle = storage.open(file.storage_name, "rb")
        if first:
            handle.seek(first)
        response = FileResponse(Window(handle, length), status=206 if wanted else 200,
                                content_type=file.mime_type)
        response.block_size = CHUNK
    response["Content-Length"] = str(length)
    if wanted:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return _common_headers(response, file, filename)
