"""Backend configuration: endpoints, User-Agent, timeout, policies; the Open edX settings plugin."""

import types
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django.test import RequestFactory
from social_core.exceptions import AuthException
from social_django.utils import load_backend, load_strategy

from openedx_plugins.wikilearn.settings.auth import add_mediawiki_backends
from wikimedia_oauth_backend.backends import DEFAULT_CONTACT, MediaWikiOAuth1, MediaWikiOAuth2, suite_version
from wikimedia_oauth_backend.compat import AuthConfigurationError, AuthPolicyError
from wikimedia_oauth_backend.exceptions import BlockedUser, InsecureConfiguration

OAUTH2 = "wikimedia_oauth_backend.backends.MediaWikiOAuth2"
OAUTH1 = "wikimedia_oauth_backend.backends.MediaWikiOAuth1"


def backend(name="mediawiki-oauth2", **query):
    """A backend on a Django strategy for a GET request with ``query``."""
    request = RequestFactory().get("/", query)
    request.session = {}
    strategy = load_strategy(request)
    return load_backend(strategy, name, redirect_uri="/social/complete/")


def test_oauth2_endpoints_follow_the_configured_wiki(settings):
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_URL = "https://wiki.example.org/"
    oauth2 = backend()
    assert isinstance(oauth2, MediaWikiOAuth2)
    assert oauth2.authorization_url() == "https://wiki.example.org/w/rest.php/oauth2/authorize"
    assert oauth2.access_token_url() == "https://wiki.example.org/w/rest.php/oauth2/access_token"
    assert oauth2.profile_url() == "https://wiki.example.org/w/rest.php/oauth2/resource/profile"


def test_defaults_are_meta_wikimedia_and_an_empty_scope(settings):
    for name in ("SOCIAL_AUTH_MEDIAWIKI_OAUTH2_URL", "SOCIAL_AUTH_MEDIAWIKI_OAUTH2_SCOPE",
                 "SOCIAL_AUTH_MEDIAWIKI_OAUTH1_URL"):
        if hasattr(settings, name):
            delattr(settings, name)
    assert backend().authorization_url().startswith("https://meta.wikimedia.org/w/rest.php/")
    assert backend().get_scope() == []
    oauth1 = backend("mediawiki-oauth1")
    assert isinstance(oauth1, MediaWikiOAuth1)
    assert oauth1.setting("MEDIAWIKI_URL") == "https://meta.wikimedia.org/w/index.php"
    assert oauth1.setting("CALLBACK") == "oob"


@responses.activate
def test_profile_request_carries_bearer_token_user_agent_and_timeout(settings):
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_URL = "https://wiki.example.org"
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_REQUESTS_TIMEOUT = 3
    responses.get("https://wiki.example.org/w/rest.php/oauth2/resource/profile",
                  json={"sub": "5", "username": "Ada"})
    assert backend().user_data("the-token") == {"sub": "5", "username": "Ada"}
    sent = responses.calls[0].request.headers
    assert sent["Authorization"] == "Bearer the-token"
    assert sent["User-Agent"].startswith(f"WikiLearn/{suite_version()} ({DEFAULT_CONTACT}) social-auth-core/")
    assert responses.calls[0].request.req_kwargs["timeout"] == 3


def test_user_agent_can_be_replaced_or_given_a_contact(settings):
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_USER_AGENT_CONTACT = "mailto:ops@example.org"
    assert "(mailto:ops@example.org)" in backend().user_agent()
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_USER_AGENT = "MyWiki/2.0 (ops@example.org)"
    assert backend().user_agent() == "MyWiki/2.0 (ops@example.org)"


@pytest.mark.parametrize("name", ["mediawiki-oauth2", "mediawiki-oauth1"])
def test_blocked_users_pass_by_default_and_are_refused_when_switched_off(settings, name):
    blocked = {"sub": "7", "username": "Blocked Editor", "blocked": True}
    assert backend(name).checked_profile(blocked) is blocked
    settings.SOCIAL_AUTH_ALLOW_BLOCKED = False
    with pytest.raises(BlockedUser) as refused:
        backend(name).checked_profile(blocked)
    assert isinstance(refused.value, AuthPolicyError) and isinstance(refused.value, AuthException)
    assert "blocked" in str(refused.value)
    assert backend(name).checked_profile({"sub": "8", "username": "Fine", "blocked": False})


@pytest.mark.parametrize(("method", "verifier", "parameter"), [
    ("plain", "v" * 43, "PKCE_CODE_CHALLENGE_METHOD"),
    ("s256", "v" * 43, "PKCE_CODE_CHALLENGE_METHOD"),  # the wiki knows the name `S256` only
    ("S256", "v" * 42, "PKCE_CODE_VERIFIER_LENGTH"),  # RFC 7636: 43 to 128 characters
    ("S256", "v" * 129, "PKCE_CODE_VERIFIER_LENGTH"),
])
def test_pkce_is_s256_with_a_verifier_the_wiki_accepts(method, verifier, parameter):
    with pytest.raises(InsecureConfiguration) as refused:
        backend().generate_code_challenge(verifier, method)
    assert isinstance(refused.value, AuthConfigurationError) and refused.value.parameter == parameter
    assert str(refused.value) == InsecureConfiguration.message
    assert backend().generate_code_challenge("v" * 43, "S256") != "v" * 43


@pytest.mark.django_db  # social-core 6.0+ records each state as a nonce
def test_login_starts_with_s256_and_a_verifier_the_wiki_accepts_on_every_social_core(settings):
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_KEY = "consumer"
    oauth2 = backend()
    query = parse_qs(urlsplit(oauth2.start().url).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    # 6.0+ keeps the verifier in the state's transaction, 4.8/5.0 in "<name>_code_verifier".
    stored = oauth2.strategy.session_get(f"mediawiki-oauth2_oauth2_state_{query['state'][0]}") or {}
    verifier = stored.get("code_verifier") or oauth2.strategy.session_get("mediawiki-oauth2_code_verifier")
    assert len(verifier) == MediaWikiOAuth2.PKCE_DEFAULT_CODE_VERIFIER_LENGTH == 64


def settings_module(**values):
    """A stand-in for an LMS settings module."""
    return types.SimpleNamespace(**values)


def test_plugin_adds_nothing_unless_enabled():
    settings = settings_module(AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.ModelBackend"])
    add_mediawiki_backends(settings)
    assert settings.AUTHENTICATION_BACKENDS == ["django.contrib.auth.backends.ModelBackend"]
    assert not hasattr(settings, "THIRD_PARTY_AUTH_BACKENDS")


def test_plugin_adds_enabled_backends_once_from_settings_or_env_tokens():
    settings = settings_module(
        AUTHENTICATION_BACKENDS=("django.contrib.auth.backends.ModelBackend",),
        THIRD_PARTY_AUTH_BACKENDS=[OAUTH2],
        WIKILEARN_MEDIAWIKI_OAUTH2_ENABLED=True,
        ENV_TOKENS={"WIKILEARN_MEDIAWIKI_OAUTH1_ENABLED": "true"},
        FEATURES={"ENABLE_UNICODE_USERNAME": True},
    )
    add_mediawiki_backends(settings)
    add_mediawiki_backends(settings)
    assert settings.AUTHENTICATION_BACKENDS == ("django.contrib.auth.backends.ModelBackend", OAUTH2, OAUTH1)
    assert settings.THIRD_PARTY_AUTH_BACKENDS == [OAUTH2, OAUTH1]
    assert settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_UNICODE_USERNAMES is True


def test_plugin_leaves_an_operator_unicode_choice_alone():
    settings = settings_module(WIKILEARN_MEDIAWIKI_OAUTH2_ENABLED="1", FEATURES={"ENABLE_UNICODE_USERNAME": True},
                               SOCIAL_AUTH_MEDIAWIKI_OAUTH2_UNICODE_USERNAMES=False)
    add_mediawiki_backends(settings)
    assert settings.AUTHENTICATION_BACKENDS == [OAUTH2]
    assert settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_UNICODE_USERNAMES is False


def test_production_settings_enable_the_backend_from_env_tokens():
    from openedx_plugins.wikilearn.settings import production

    settings = settings_module(AUTHENTICATION_BACKENDS=[], ENV_TOKENS={"WIKILEARN_MEDIAWIKI_OAUTH2_ENABLED": True})
    production.plugin_settings(settings)
    assert settings.AUTHENTICATION_BACKENDS == [OAUTH2] and settings.THIRD_PARTY_AUTH_BACKENDS == [OAUTH2]


def test_backend_package_imports_without_django():
    import subprocess
    import sys

    code = ("import sys; sys.modules['django'] = None; "
            "import wikimedia_oauth_backend.backends, wikimedia_oauth_backend.pipeline; print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "ok", result.stderr
