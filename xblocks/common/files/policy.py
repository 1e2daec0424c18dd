"""Validation of learner links and file attachments (pure; storage lives in the plugin app).

Blocks declare what they accept (:class:`UploadPolicy`: extensions, largest size, how many)
and check every file and link against it before anything is stored.
"""

import os
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from xblocks.common.runtime.errors import BadRequest
from xblocks.common.runtime.i18n import gettext_noop as _

MAX_LINKS = 10
MAX_LINK_LENGTH = 2000
DOCUMENT_EXTENSIONS = ("pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "txt", "png", "jpg", "jpeg")

# The types the extensions stand for, so a download is served with a safe, known type.
CONTENT_TYPES = {
    "pdf": "application/pdf", "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "txt": "text/plain", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
}


@dataclass(frozen=True)
class UploadPolicy:
    """What a block accepts: file extensions (lower case, no dot), size in bytes, file count."""

    extensions: tuple = DOCUMENT_EXTENSIONS
    max_bytes: int = 10 * 1024 * 1024
    max_files: int = 5

    @classmethod
    def from_fields(cls, extensions_text, max_megabytes, max_files=5):
        """A policy from an author's settings ("pdf, odp" and a size in MB)."""
        extensions = tuple(e.strip().lower().lstrip(".") for e in re.split(r"[\s,;]+", extensions_text or "") if e)
        return cls(extensions or DOCUMENT_EXTENSIONS, int(float(max_megabytes) * 1024 * 1024), int(max_files))


def safe_filename(name):
    """A file name safe to store and to show: no path, no control characters, at most 120 chars."""
    name = os.path.basename(str(name).replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if dot and len(name) > 120:
        name = stem[: 119 - len(ext)] + "." + ext
    return name[:120] or "file"


def extension(name):
    """Lower-case extension of ``name`` without the dot ('' when none)."""
    return os.path.splitext(name)[1].lower().lstrip(".")


def check_file(policy, name, size, count_before=0):
    """Raise 400 unless a file called ``name`` of ``size`` bytes is acceptable; return its safe name."""
    clean = safe_filename(name)
    if extension(clean) not in policy.extensions:
        raise BadRequest("file_type_not_allowed", _("Files of this type are not accepted. Accepted: %(types)s."),
                         types=", ".join(policy.extensions))
    if size <= 0:
        raise BadRequest("empty_file", _("The file is empty."))
    if size > policy.max_bytes:
        raise BadRequest("file_too_large", _("The file is larger than %(size)s MB."),
                         size=round(policy.max_bytes / 1024 / 1024, 1))
    if count_before >= policy.max_files:
        raise BadRequest("too_many_files", _("You can attach at most %(count)s files."), count=policy.max_files)
    return clean


def clean_links(links, max_links=MAX_LINKS):
    """The http(s) links in ``links`` trimmed and de-duplicated; 400 for anything else."""
    if links in (None, ""):
        return []
    if not isinstance(links, list) or len(links) > max_links:
        raise BadRequest("invalid_links", _("Send at most %(count)s links as a list."), count=max_links)
    cleaned = []
    for link in links:
        link = link.strip() if isinstance(link, str) else ""
        if not link:
            continue
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > MAX_LINK_LENGTH:
            raise BadRequest("invalid_link", _("Links must be web addresses starting with https:// or http://."))
        if link not in cleaned:
            cleaned.append(link)
    return cleaned
