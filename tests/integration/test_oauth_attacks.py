"""Attacks and provider failures: each login is refused with an AuthException subclass and a clear message."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.test import Client
from social_core.exceptions import AuthException
from social_django.models import UserSocialAuth

from tests import social_core_refusals as social_core
from tests.peers.mediawiki_oauth.testing import (
    authorize,
    begin,
    local_path,
    login,
    reset_wiki,
)
from wikimedia_oauth_backend.compat import AuthCanceled, AuthInputError, AuthProviderError
from wikimedia_oauth_backend.exceptions import (
    LoginCanceled,
    SignInExpired,
    StaleIdentity,
    UnsafeRedirect,
    UnverifiedIdentity,
)

pytestmark = pytest.mark.django_db



@pytest.fixture
def wiki(provider, settings):
    """The provider, reset, auto-approving for Ada, with both backends pointed at it."""
    return reset_wiki(provider, settings, demo_accounts=False, approve_as="Ada Wiki")


def with_query(url, **changes):
    """``url`` (on the test server) with query parameters replaced; None removes one."""
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"{parts.path}?{urlencode(query)}"


def refused(error_class, call, *args, **kwargs):
    """Run ``call``; assert it raised ``error_class`` (an AuthException) and no account was made."""
    with pytest.raises(error_class) as caught:
        call(*args, **kwargs)
    assert isinstance(caught.value, AuthException)
    assert str(caught.value) and "Implement" not in str(caught.value)
    assert not UserSocialAuth.objects.exists()
    return caught.value


def refused_by_social_core(expected, call, *args, **kwargs):
    """``refused`` for a refusal social-core classifies itself (per release: tests/social_core_refusals.py)."""
    error = refused(expected.error_class, call, *args, **kwargs)
    assert expected.words in str(error)
    return error


def test_missing_state_is_refused(client, wiki):
    callback = authorize(begin(client))
    error = refused_by_social_core(social_core.MISSING_STATE, client.get, with_query(callback, state=None))
    assert error.parameter == "state"


def test_mismatched_state_is_refused(client, wiki):
    callback = authorize(begin(client))
    refused_by_social_core(social_core.FOREIGN_STATE, client.get, with_query(callback, state="forged-state-value"))


def test_state_from_another_browser_session_is_refused(client, wiki):
    victim_callback = authorize(begin(Client()))  # the attacker's own authorization, sent to a victim
    begin(client)  # the victim has a login of their own in progress
    refused_by_social_core(social_core.FOREIGN_STATE, client.get, local_path(victim_callback))


def spoil_code_verifier(client, state):
    """Replace the PKCE verifier the session keeps for ``state`` with another valid-looking one.

    social-core 6.0+ keeps it in the state's transaction (``{name}_oauth2_state_{state}``); 4.8 and
    5.0 keep one per backend (``BaseOAuth2PKCE.create_code_verifier``: ``{name}_code_verifier``).
    """
    session = client.session
    key = f"mediawiki-oauth2_oauth2_state_{state}"
    if key in session:
        session[key] = {**session[key], "code_verifier": "x" * 64}
    else:
        assert "mediawiki-oauth2_code_verifier" in session
        session["mediawiki-oauth2_code_verifier"] = "x" * 64
    session.save()


def test_pkce_verifier_mismatch_is_refused_by_the_provider(client, wiki):
    callback = authorize(begin(client))
    spoil_code_verifier(client, parse_qs(urlsplit(callback).query)["state"][0])
    refused_by_social_core(social_core.VERIFIER_REJECTED, client.get, local_path(callback))
    assert ("POST", "token") in wiki.store.log and ("GET", "profile") not in wiki.store.log


def test_replayed_authorization_code_is_refused_as_an_expired_link(client, wiki):
    first_callback = authorize(begin(client))
    assert client.get(local_path(first_callback)).status_code == 302
    first_token = UserSocialAuth.objects.get().extra_data["access_token"]
    UserSocialAuth.objects.all().delete()
    client.logout()
    second_callback = authorize(begin(client))  # a fresh, valid state in this session
    stolen_code = parse_qs(urlsplit(first_callback).query)["code"][0]
    error = refused(SignInExpired, client.get, with_query(second_callback, code=stolen_code))
    assert error.provider_code == "invalid_grant" and "expired or was already used" in str(error)
    # As on the wiki, the replay is refused but the tokens the code bought stay valid: league's
    # AuthCodeGrant only refuses the revoked code.
    profile = requests.get(f"{wiki.url}/w/rest.php/oauth2/resource/profile",
                           headers={"Authorization": f"Bearer {first_token}"}, timeout=5)
    assert profile.status_code == 200


def test_access_denied_is_refused_as_a_cancel(client, wiki):
    callback = authorize(begin(client))
    state = parse_qs(urlsplit(callback).query)["state"][0]
    error = refused(LoginCanceled, client.get, with_query(callback, code=None, state=state, error="access_denied"))
    assert isinstance(error, AuthCanceled) and "chose Cancel" in str(error)


@pytest.mark.parametrize("endpoint", ["token", "profile"])
def test_server_error_from_the_provider_is_refused(client, wiki, endpoint):
    wiki.store.faults[endpoint] = "5xx"
    refused_by_social_core(social_core.UNAVAILABLE, login, client, wiki, "Ada Wiki")


@pytest.mark.parametrize("endpoint", ["token", "profile"])
def test_non_json_from_the_provider_is_refused(client, wiki, endpoint):
    wiki.store.faults[endpoint] = "non_json"
    refused_by_social_core(social_core.NOT_JSON, login, client, wiki, "Ada Wiki")


def test_provider_timeout_is_refused(client, wiki, settings):
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_REQUESTS_TIMEOUT = 0.3
    wiki.store.faults["token"], wiki.store.slow_seconds = "slow", 1.0
    error = refused_by_social_core(social_core.TIMEOUT, login, client, wiki, "Ada Wiki")
    assert isinstance(error, AuthProviderError) and error.code == "timeout"


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example",
                                    "javascript:alert(1)", "http://127.0.0.1.evil.example/"])
@pytest.mark.parametrize("backend", ["mediawiki-oauth2", "mediawiki-oauth1"])
def test_open_redirect_in_next_is_refused_at_the_start(client, wiki, target, backend):
    error = refused(UnsafeRedirect, begin, client, backend, next=target)
    assert isinstance(error, AuthInputError) and "not on this site" in str(error)
    assert wiki.store.log == []  # nothing was sent to the wiki


def test_open_redirect_planted_in_the_callback_is_refused(client, wiki):
    callback = authorize(begin(client))
    refused(UnsafeRedirect, client.get, with_query(callback, next="https://evil.example/"))


@pytest.mark.parametrize(("fault", "error_class", "code"), [
    ("bad_signature", UnverifiedIdentity, "invalid_signature"),
    ("wrong_issuer", UnverifiedIdentity, "invalid_claim"),
    ("wrong_audience", UnverifiedIdentity, "invalid_claim"),
    ("old_iat", StaleIdentity, "response_expired"),
])
def test_oauth1_identity_jwt_attacks_are_refused(client, wiki, fault, error_class, code):
    wiki.store.faults["identify"] = fault
    error = refused(error_class, login, client, wiki, "Ada Wiki", "mediawiki-oauth1")
    assert error.code == code and str(error) == error_class.message


def test_oauth1_reused_nonce_is_refused(client, wiki):
    assert login(client, wiki, "Ada Wiki", "mediawiki-oauth1").status_code == 302
    UserSocialAuth.objects.all().delete()
    client.logout()
    wiki.store.faults["identify"] = "reused_nonce"  # the wiki answers with the previous login's JWT nonce
    error = refused(UnverifiedIdentity, login, client, wiki, "Ada Wiki", "mediawiki-oauth1")
    assert (error.code, error.claim) == ("nonce_mismatch", "nonce")


def test_oauth1_callback_with_an_unknown_token_is_refused(client, wiki):
    callback = authorize(begin(client, "mediawiki-oauth1"))
    refused_by_social_core(social_core.FOREIGN_OAUTH1_TOKEN, client.get,
                           with_query(callback, oauth_token="not-the-token-we-asked-for"))
