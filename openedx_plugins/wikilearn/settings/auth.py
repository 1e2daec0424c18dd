"""Open edX wiring of the Wikimedia login backends (``wikimedia_oauth_backend``).

Operators enable a backend with a setting (in Tutor: ``LMS_ENV`` / ``ENV_TOKENS`` or a settings
patch):

- ``WIKILEARN_MEDIAWIKI_OAUTH2_ENABLED = True``: ``mediawiki-oauth2`` (Wikimedia OAuth 2.0).
- ``WIKILEARN_MEDIAWIKI_OAUTH1_ENABLED = True``: ``mediawiki-oauth1`` (OAuth 1.0a consumers).

Enabled backends are added to ``AUTHENTICATION_BACKENDS`` and ``THIRD_PARTY_AUTH_BACKENDS``
(once). The consumer key and secret go in the ``OAuth2ProviderConfig`` row in the Django admin,
not in settings. With ``FEATURES["ENABLE_UNICODE_USERNAME"]`` the backends keep non-Latin
letters in usernames unless ``SOCIAL_AUTH_MEDIAWIKI_OAUTH2_UNICODE_USERNAMES`` says otherwise.
"""

BACKENDS = {
    "WIKILEARN_MEDIAWIKI_OAUTH2_ENABLED": ("wikimedia_oauth_backend.backends.MediaWikiOAuth2", "MEDIAWIKI_OAUTH2"),
    "WIKILEARN_MEDIAWIKI_OAUTH1_ENABLED": ("wikimedia_oauth_backend.backends.MediaWikiOAuth1", "MEDIAWIKI_OAUTH1"),
}


def _enabled(settings, flag):
    """The flag from settings, else from the environment's tokens; strings like 'true' count."""
    tokens = getattr(settings, "ENV_TOKENS", None) or {}
    value = getattr(settings, flag, tokens.get(flag, False))
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _add_once(settings, name, path):
    """Append ``path`` to the list setting ``name`` unless it is already there (keeps tuples tuples)."""
    current = getattr(settings, name, None) or []
    if path in current:
        return
    updated = [*current, path]
    setattr(settings, name, tuple(updated) if isinstance(current, tuple) else updated)


def add_mediawiki_backends(settings):
    """Add the enabled Wikimedia backends to the LMS's authentication settings."""
    unicode_usernames = bool((getattr(settings, "FEATURES", None) or {}).get("ENABLE_UNICODE_USERNAME"))
    for flag, (path, prefix) in BACKENDS.items():
        if not _enabled(settings, flag):
            continue
        _add_once(settings, "AUTHENTICATION_BACKENDS", path)
        _add_once(settings, "THIRD_PARTY_AUTH_BACKENDS", path)
        unicode_setting = f"SOCIAL_AUTH_{prefix}_UNICODE_USERNAMES"
        if not hasattr(settings, unicode_setting):
            setattr(settings, unicode_setting, unicode_usernames)
