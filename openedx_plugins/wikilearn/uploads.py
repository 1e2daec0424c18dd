"""Learner files in Django's ``default_storage`` (local disk in the sandbox, S3 or Swift in Tutor).

Files live under ``<WIKILEARN_UPLOAD_PREFIX>/<feature>/<block digest>/<anonymous id>/<random>/<name>``:
the owner is part of the key, so a key sent back by a learner can be checked to be theirs
without a table, and the random part makes keys unguessable. Validation of names, types and
sizes happens in the block (``xblocks.common.files.policy``) before :func:`save`.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.files.storage import default_storage


def _prefix(feature, course_key, item_id, owner):
    digest = hashlib.sha256(f"{course_key}|{item_id}".encode()).hexdigest()[:24]
    root = getattr(settings, "WIKILEARN_UPLOAD_PREFIX", "wikilearn")
    return f"{root}/{feature}/{digest}/{owner}/"


def save(feature, course_key, item_id, owner, name, fileobj, size, content_type):
    """Store ``fileobj`` for ``owner``; return the descriptor kept with a submission."""
    key = _prefix(feature, course_key, item_id, owner) + secrets.token_urlsafe(12) + "/" + name
    stored = default_storage.save(key, fileobj)
    return {"key": stored, "name": name, "size": size, "content_type": content_type}


def owns(feature, course_key, item_id, owner, key):
    """True when ``key`` is a file ``owner`` stored for this block (and it still exists)."""
    return (isinstance(key, str) and ".." not in key
            and key.startswith(_prefix(feature, course_key, item_id, owner)) and default_storage.exists(key))


def owner_of(feature, course_key, item_id, key):
    """The anonymous id that owns ``key`` in this block, or None."""
    prefix = _prefix(feature, course_key, item_id, "x")[:-2]
    if not isinstance(key, str) or ".." in key or not key.startswith(prefix):
        return None
    return key[len(prefix):].split("/", 1)[0] or None


def open_file(key):
    """An open binary file for ``key`` (caller closes it)."""
    return default_storage.open(key, "rb")
