"""How the backends read the wiki's refusals, and what learners are told (no HTTP)."""

import logging
import time

import jwt
import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from social_core.exceptions import SocialAuthBaseException
from social_django.middleware import SocialAuthExceptionMiddleware
from social_django.utils import load_backend, load_strategy

from wikimedia_oauth_backend import compat, exceptions
from wikimedia_oauth_backend.compat import AuthCanceled, AuthConfigurationError, AuthCredentialError, AuthPolicyError
from wikimedia_oauth_backend.exceptions import (
    BlockedUser,
    InvalidProfile,
    LoginCanceled,
    SignInExpired,
    StaleIdentity,
    UnverifiedIdentity,
)
from wikimedia_oauth_backend.identity import decode_identity


def backend(name="mediawiki-oauth2"):
    """A backend on a Django strategy."""
    request = RequestFactory().get("/")
    request.session = {}
    return load_backend(load_strategy(request), name, redirect_uri="/social/complete/")


CANCEL = {"error": "unauthorized_client", "error_description": "L'utilisateur a rejeté la requête"}
REVOKED = {"error_description": "...", "hint": "Authorization code has been revoked"}
EXPIRED = {"error_description": "...", "hint": "Authorization code has expired"}


@pytest.mark.parametrize("data", [CANCEL, {**CANCEL, "message": "x"}, {"error": "access_denied"}])
def test_cancel_at_the_callback_is_a_cancel_in_any_language(data):
    error = backend().wiki_refusal(data, stage="callback")
    assert isinstance(error, LoginCanceled) and isinstance(error, AuthCanceled)
    assert error.provider_code == data["error"]


def test_unauthorized_client_at_the_token_endpoint_is_not_a_cancel():
    # league's unauthorizedClient(): the client may not use the grant type; no redirect, no learner cause.
    assert backend().wiki_refusal({"error": "unauthorized_client"}, stage="token_exchange", status_code=400) is None


@pytest.mark.parametrize("hinted", [REVOKED, EXPIRED])
@pytest.mark.parametrize("code", ["invalid_request", "invalid_grant"])  # REL1_39-45 fork / league 9.1+
def test_spent_or_expired_code_is_an_expired_link(hinted, code):
    error = backend().wiki_refusal({**hinted, "error": code}, stage="token_exchange", status_code=400)
    assert isinstance(error, SignInExpired) and isinstance(error, AuthCredentialError)
    assert (error.provider_code, error.status_code) == (code, 400)


@pytest.mark.parametrize("data", [
    {"error": "invalid_request", "hint": "Check the `code_verifier` parameter"},
    {"error": "invalid_grant", "hint": "Failed to verify `code_verifier`."},
    {"error": "invalid_client"},
])
def test_other_token_errors_are_left_to_social_core(data):
    assert backend().wiki_refusal(data, stage="token_exchange", status_code=400) is None


def test_spent_code_hint_outside_the_token_exchange_is_not_an_expired_link():
    assert backend().wiki_refusal({**REVOKED, "error": "invalid_grant"}, stage="refresh", status_code=400) is None


@pytest.mark.parametrize("name", ["mediawiki-oauth2", "mediawiki-oauth1"])
@pytest.mark.parametrize("allow_blocked", [True, False])
def test_suppressed_profile_is_refused_as_blocked_before_its_missing_name(settings, name, allow_blocked):
    settings.SOCIAL_AUTH_ALLOW_BLOCKED = allow_blocked
    with pytest.raises(BlockedUser):
        backend(name).checked_profile({"sub": "13", "blocked": True})


@pytest.mark.parametrize("sub", ["0", "", None, "-4", "12a", " 12", 12.5])
def test_profile_without_a_central_user_id_is_refused(sub):
    with pytest.raises(InvalidProfile) as refused:
        backend().checked_profile({"sub": sub, "username": "Someone", "blocked": False})
    assert refused.value.claim == "sub"


def test_numeric_sub_is_accepted_as_number_or_string():
    assert backend().checked_profile({"sub": 42, "username": "Someone"})
    assert backend().checked_profile({"sub": "42", "username": "Someone"})


KEY, SECRET = "consumer-key", "consumer-secret-long-enough-for-hs256"


def identity_jwt(**claims):
    """An identify JWT as SpecialMWOAuth::outputJWT signs it, for KEY/SECRET, with ``claims`` changed."""
    now = int(time.time())
    statement = {"iss": "https://meta.wikimedia.org", "aud": KEY, "exp": now + 100, "iat": now, "sub": "5",
                 "username": "Ada", "nonce": "the-nonce", **claims}
    return jwt.encode({name: value for name, value in statement.items() if value is not None}, SECRET,
                      algorithm="HS256")


def decoded(settings, token, nonce="the-nonce"):
    """``decode_identity`` on a 1.0a backend configured with KEY/SECRET."""
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH1_KEY, settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH1_SECRET = KEY, SECRET
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH1_URL = "https://meta.wikimedia.org"
    return decode_identity(backend("mediawiki-oauth1"), token, nonce=nonce, max_age=120, leeway=10)


@pytest.mark.parametrize("allow_blocked", [True, False])
def test_oauth1_refuses_a_suppressed_identity_as_blocked_before_asking_for_its_name(settings, allow_blocked):
    settings.SOCIAL_AUTH_ALLOW_BLOCKED = allow_blocked
    with pytest.raises(BlockedUser):
        decoded(settings, identity_jwt(username=None, blocked=True))


def token_for(case):
    """The JWT for ``case``, built when the test runs (its times are relative to now)."""
    now = int(time.time())
    tokens = {
        "valid": identity_jwt(), "bad signature": identity_jwt() + "x", "other audience": identity_jwt(aud="other"),
        "other issuer": identity_jwt(iss="https://evil.example.org"), "from the future": identity_jwt(iat=now + 60),
        "no nonce": identity_jwt(nonce=None), "too old": identity_jwt(iat=now - 600),
        "expired": identity_jwt(exp=now - 60), "not a jwt": "not a jwt",
    }
    return tokens[case]


@pytest.mark.parametrize(("case", "nonce", "error_class", "code"), [
    ("valid", "the-nonce", None, None),
    ("bad signature", "the-nonce", UnverifiedIdentity, "invalid_signature"),
    ("other audience", "the-nonce", UnverifiedIdentity, "invalid_claim"),
    ("other issuer", "the-nonce", UnverifiedIdentity, "invalid_claim"),
    ("from the future", "the-nonce", UnverifiedIdentity, "invalid_claim"),
    ("no nonce", "the-nonce", UnverifiedIdentity, "missing_claim"),
    ("valid", "another-nonce", UnverifiedIdentity, "nonce_mismatch"),
    ("too old", "the-nonce", StaleIdentity, "response_expired"),
    ("expired", "the-nonce", StaleIdentity, "response_expired"),
    ("not a jwt", "the-nonce", UnverifiedIdentity, "malformed_response"),
])
def test_oauth1_identity_checks(settings, case, nonce, error_class, code):
    if error_class is None:
        assert decoded(settings, token_for(case), nonce)["sub"] == "5"
        return
    with pytest.raises(error_class) as refused:
        decoded(settings, token_for(case), nonce)
    assert refused.value.code == code and str(refused.value) == error_class.message


def login_error_request(error):
    """A callback request as the LMS middleware sees it when ``error`` reaches it (messages enabled)."""
    request = RequestFactory().get("/social/complete/mediawiki-oauth2/")
    request.session = {}
    request._messages = FallbackStorage(request)
    request.social_strategy = load_strategy(request)
    request.backend = error.backend
    return request


@pytest.mark.parametrize("error_class", [LoginCanceled, SignInExpired, BlockedUser])
def test_refusals_a_learner_caused_are_clear_and_not_logged_as_server_errors(settings, caplog, error_class):
    settings.SOCIAL_AUTH_RAISE_EXCEPTIONS, settings.SOCIAL_AUTH_LOGIN_ERROR_URL = False, "/login"
    error = error_class(backend())
    assert str(error) == error.message and error.message.endswith(".")
    assert isinstance(error, SocialAuthBaseException)  # what the LMS's ExceptionMiddleware catches
    request = login_error_request(error)
    with caplog.at_level(logging.DEBUG):
        response = SocialAuthExceptionMiddleware(lambda request: None).process_exception(request, error)
    assert response.status_code == 302 and response["Location"] == "/login"
    assert [message.message for message in get_messages(request)] == [error.message]
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_messages_are_marked_for_translation_without_django():
    assert exceptions.gettext_noop("Text") == "Text"
    assert exceptions._ is exceptions.gettext_noop
    source = open(exceptions.__file__, encoding="utf-8").read()
    for error_class in (exceptions.LoginCanceled, exceptions.SignInExpired, exceptions.BlockedUser):
        first_words = error_class.message.split(",")[0].split(".")[0]
        assert f'_("{first_words}' in source


def test_refusal_classes_keep_social_core_families():
    assert issubclass(BlockedUser, AuthPolicyError)
    assert issubclass(LoginCanceled, AuthCanceled) and not issubclass(LoginCanceled, AuthConfigurationError)


LEGACY_FAMILIES = {  # the 4.8 class each refusal is on social-core 4.8/5.0 (what TPA_ERROR_CODES matches)
    LoginCanceled: "AuthCanceled", SignInExpired: "AuthTokenError", BlockedUser: "AuthForbidden",
    exceptions.UnsafeRedirect: "AuthMissingParameter", exceptions.StaleIdentity: "AuthFailed",
    exceptions.InvalidProfile: "AuthFailed", exceptions.UnverifiedIdentity: "AuthFailed",
}


@pytest.mark.parametrize(("error_class", "legacy_family"), LEGACY_FAMILIES.items())
def test_on_social_core_4_each_refusal_is_the_matching_4_8_class(error_class, legacy_family):
    from social_core import exceptions as core  # noqa: PLC0415 - which classes exist depends on the release

    error = error_class(backend(), stage="callback", claim="sub")
    assert (error.stage, error.claim, str(error)) == ("callback", "sub", error_class.message)
    if not compat.STRUCTURED:
        assert isinstance(error, getattr(core, legacy_family))
    assert isinstance(error, core.AuthException)
