"""Helpers for tests that log in through the local provider with Django's test client."""

import contextlib
from urllib.parse import urlsplit

import requests

from tests.peers.mediawiki_oauth.server import MediaWikiProvider

KEY = "test-consumer-key"
SECRET = "test-consumer-secret-long-enough-for-hs256"  # noqa: S105 - a test credential


@contextlib.contextmanager
def running_provider():
    """A provider on a free loopback port with the test consumer registered."""
    provider = MediaWikiProvider().start()
    provider.store.add_consumer(KEY, SECRET)
    try:
        yield provider
    finally:
        provider.stop()


def backend_settings(settings, provider, **extra):
    """Point both backends at ``provider`` (``settings`` is pytest-django's fixture)."""
    for prefix in ("SOCIAL_AUTH_MEDIAWIKI_OAUTH2", "SOCIAL_AUTH_MEDIAWIKI_OAUTH1"):
        setattr(settings, f"{prefix}_KEY", KEY)
        setattr(settings, f"{prefix}_SECRET", SECRET)
        setattr(settings, f"{prefix}_URL", provider.url)
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_SCOPE = ["mwoauth-authonlyprivate"]
    settings.SOCIAL_AUTH_RAISE_EXCEPTIONS = True
    for name, value in extra.items():
        setattr(settings, name, value)


def reset_wiki(provider, settings, demo_accounts=True, approve_as=None):
    """A clean provider store (the demo wiki accounts and the private grant unless ``demo_accounts`` is
    False; auto-approving for ``approve_as``), with both backends pointed at it."""
    from tests.peers.mediawiki_oauth import demo_users  # noqa: PLC0415 - the package imports this module
    from tests.peers.mediawiki_oauth.store import PRIVATE_GRANT  # noqa: PLC0415

    provider.store.reset()
    if demo_accounts:
        provider.store.users = {user.username: user for user in demo_users()}
        provider.store.consumers[KEY].grants = (PRIVATE_GRANT,)
    if approve_as:
        provider.store.current_user = approve_as
    backend_settings(settings, provider)
    return provider


def logged_in_user(client):
    """The Django user of the test client's session."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415 - Django is set up by the caller

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def local_path(url):
    """Path and query of a URL on the Django test server."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def begin(client, backend="mediawiki-oauth2", **params):
    """Start a login; returns the provider URL the browser is sent to."""
    response = client.post(f"/social/login/{backend}/", params)
    assert response.status_code == 302, response
    return response["Location"]


def authorize(url):
    """The browser's visit to the provider's authorize page; returns the callback URL it redirects to."""
    response = requests.get(url, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def login(client, provider, user, backend="mediawiki-oauth2", **params):
    """The whole login for the wiki account ``user``; returns the final Django response."""
    provider.store.current_user = user
    callback = authorize(begin(client, backend, **params))
    return client.get(local_path(callback))
