"""The one place that turns a MediaWiki profile into Open edX user details.

A profile is what Wikimedia returns for the logged-in user: the OAuth 2.0
``/oauth2/resource/profile`` JSON or the claims of the OAuth 1.0a ``Special:OAuth/identify``
JWT. Both carry ``sub`` (the central user id, stable when the user is renamed), ``username``,
``editcount``, ``confirmed_email``, ``blocked``, ``registered``, ``groups`` and, only with the
``mwoauth-authonlyprivate`` grant, ``realname`` and ``email``.

Open edX usernames: 2 to 30 characters; ASCII letters, digits, ``_`` and ``-`` unless the LMS
sets ``FEATURES["ENABLE_UNICODE_USERNAME"]``, which allows any Unicode word character.
"""

import hashlib
import re
import unicodedata

try:  # Transliteration is better than a hash for non-Latin names; optional dependency.
    from text_unidecode import unidecode as _transliterate
except ImportError:  # pragma: no cover - depends on the environment
    _transliterate = None

USERNAME_MIN_LENGTH = 2
USERNAME_MAX_LENGTH = 30
# Values kept in the social account's extra_data, refreshed at every login.
EXTRA_FIELDS = ("username", "editcount", "groups", "registered", "blocked", "confirmed_email")

_ASCII_INVALID = re.compile(r"[^A-Za-z0-9_-]+")
_UNICODE_INVALID = re.compile(r"[^\w-]+")
_UNDERSCORES = re.compile(r"_{2,}")


def stable_suffix(sub, length=8):
    """A short hex string derived from the user's ``sub``: same user, same suffix."""
    return hashlib.sha256(str(sub).encode("utf-8")).hexdigest()[:length]


def _fold_to_ascii(text):
    """Latin letters without their accents; other scripts transliterated when possible."""
    if _transliterate is not None:
        return _transliterate(text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _unicode_username(name):
    """``name`` with separators and punctuation as ``_``, or None if it has other non-word characters.

    Open edX checks Unicode usernames with Django's ``[-\\w]+``, which rejects combining marks
    (Devanagari vowel signs, Arabic harakat): such names are transliterated instead of mangled.
    """
    spaced = "".join("_" if char != "-" and unicodedata.category(char)[0] in "ZPS" else char for char in name)
    return spaced if not _UNICODE_INVALID.search(spaced) else None


def make_username(wiki_username, sub, unicode_usernames=False):
    """An Open edX username for a wiki username: valid, never empty, stable for the same input.

    Spaces and punctuation become ``_``. With ``unicode_usernames`` every Unicode letter and digit
    is kept (Arabic, Chinese...) unless the name has combining marks Open edX would refuse (Devanagari
    vowel signs); otherwise names are transliterated to ASCII. If
    nothing usable is left, the name is ``wiki_`` plus a hash of ``sub``. Collisions with existing
    accounts are resolved by :func:`wikimedia_oauth_backend.pipeline.unique_username`.
    """
    name = unicodedata.normalize("NFKC", wiki_username or "").strip()
    kept = _unicode_username(name) if unicode_usernames else None
    name = kept if kept is not None else _ASCII_INVALID.sub("_", _fold_to_ascii(name).strip())
    name = _UNDERSCORES.sub("_", name).strip("_-")[:USERNAME_MAX_LENGTH].strip("_-")
    if not name:
        return f"wiki_{stable_suffix(sub)}"
    if len(name) < USERNAME_MIN_LENGTH:
        return f"{name}_{stable_suffix(sub)}"
    return name


def split_realname(realname):
    """(full, first, last) from a free-text real name; first/last split on the last space."""
    full = " ".join((realname or "").split())
    if not full:
        return "", "", ""
    first, _, last = full.rpartition(" ")
    return (full, first, last) if first else (full, full, "")


def user_details(profile, unicode_usernames=False):
    """Open edX user details from a MediaWiki profile.

    The email is given only when the wiki says it is confirmed (``confirmed_email`` true), else
    it is empty: the LMS registration form then asks for one. Names come from ``realname`` when
    the private grant provided it. ``wiki_username`` keeps the name as shown on the wiki.
    """
    wiki_username = profile.get("username") or ""
    email = profile.get("email") if profile.get("confirmed_email") is True else None
    fullname, first_name, last_name = split_realname(profile.get("realname"))
    details = {
        "username": make_username(wiki_username, profile.get("sub"), unicode_usernames),
        "wiki_username": wiki_username,
        "email": email if isinstance(email, str) and "@" in email else "",
    }
    if fullname:
        details.update(fullname=fullname, first_name=first_name, last_name=last_name)
    return details


def extra_fields(profile):
    """The profile values kept in ``extra_data`` (``editcount``, ``groups``...)."""
    return {name: profile.get(name) for name in EXTRA_FIELDS}
