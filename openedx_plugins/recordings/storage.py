"""The storage recording files live in, and the storage names the app gives them.

Names are built only from checked pieces: a record ID or a file key from BigBlueButton that is
not a plain token is replaced by its hash, so nothing from BBB or a URL becomes a path as is.
"""

import hashlib
import re
from functools import lru_cache

from django.core.files.storage import default_storage
from django.utils.module_loading import import_string

from openedx_plugins.recordings.conf import setting

SAFE_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
SAFE_EXTENSION = re.compile(r"[a-z0-9]{1,8}")


def get_storage():
    """The configured storage (``WIKILEARN_RECORDINGS_STORAGE``), else the default storage."""
    config = setting("WIKILEARN_RECORDINGS_STORAGE")
    if not config:
        return default_storage
    return _build(config["BACKEND"], tuple(sorted((config.get("OPTIONS") or {}).items(), key=lambda kv: kv[0])))


@lru_cache(maxsize=8)
def _build(backend, options):
    return import_string(backend)(**dict(options))


def can_sign(storage):
    """Whether the storage hands out short-lived signed URLs (S3 with query-string auth).

    django-storages does not sign URLs on a ``custom_domain`` unless a CloudFront signer is set.
    """
    if not (getattr(storage, "querystring_auth", False) and hasattr(storage, "bucket_name")):
        return False
    return not getattr(storage, "custom_domain", None) or bool(getattr(storage, "cloudfront_signer", None))


def safe_token(value):
    """``value`` when it is a plain token (letters, digits, ``-``, ``_``), else a hash of it."""
    value = str(value)
    if SAFE_TOKEN.fullmatch(value):
        return value
    return "h" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]


def course_folder(course_key):
    """A folder name for a course key (``course-v1:Org+Num+Run`` -> ``Org_Num_Run-<hash>``)."""
    text = str(course_key).split(":", 1)[-1]
    readable = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")[:60] or "course"
    digest = hashlib.sha256(str(course_key).encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}"


def file_name(course_key, record_id, key, extension):
    """The storage name of one file of one recording."""
    extension = str(extension).lower().lstrip(".")
    if not SAFE_EXTENSION.fullmatch(extension):
        extension = "bin"
    prefix = setting("WIKILEARN_RECORDINGS_PREFIX").strip("/")
    return f"{prefix}/{course_folder(course_key)}/{safe_token(record_id)}/{safe_token(key)}.{extension}"
