"""How the backends read the wiki's refusals, and what learners are told (no HTTP)."""

import pytest
from django.test import RequestFactory
from social_core.exceptions import (
    AuthCanceled,
    AuthConfigurationError,
    AuthCredentialError,
    AuthPolicyError,
    SocialAuthBaseException,
)
from social_django.middleware import SocialAuthExceptionMiddleware
from social_django.utils import load_backend, load_strategy

from wikimedia_oauth_backend import exceptions
from wikimedia_oauth_backend.exceptions import BlockedUser, InvalidProfile, LoginCanceled, SignInExpired


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
    error = backend().get_provider_error(data, stage="callback")
    assert isinstance(error, LoginCanceled) and isinstance(error, AuthCanceled)
    assert error.provider_code == data["error"]


def test_unauthorized_client_at_the_token_endpoint_stays_a_configuration_error():
    # league's unauthorizedClient(): the client may not use the grant type; no redirect, no learner cause.
    error = backend().get_provider_error({"error": "unauthorized_client"}, stage="token_exchange", status_code=400)
    assert type(error) is AuthConfigurationError


@pytest.mark.parametrize("hinted", [REVOKED, EXPIRED])
@pytest.mark.parametrize("code", ["invalid_request", "invalid_grant"])  # REL1_39-45 fork / league 9.1+
def test_spent_or_expired_code_is_an_expired_link(hinted, code):
    error = backend().get_provider_error({**hinted, "error": code}, stage="token_exchange", status_code=400)
    assert isinstance(error, SignInExpired) and isinstance(error, AuthCredentialError)
    assert (error.provider_code, error.status_code) == (code, 400)


@pytest.mark.parametrize(("data", "expected"), [
    ({"error": "invalid_request", "hint": "Check the `code_verifier` parameter"}, AuthConfigurationError),
    ({"error": "invalid_grant", "hint": "Failed to verify `code_verifier`."}, AuthCredentialError),
    ({"error": "invalid_client"}, AuthConfigurationError),
])
def test_other_token_errors_are_left_to_social_core(data, expected):
    error = backend().get_provider_error(data, stage="token_exchange", status_code=400)
    assert type(error) is expected


def test_spent_code_hint_outside_the_token_exchange_is_not_an_expired_link():
    error = backend().get_provider_error({**REVOKED, "error": "invalid_grant"}, stage="refresh", status_code=400)
    assert not isinstance(error, SignInExpired)


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


def test_oauth1_checks_blocked_before_social_core_requires_a_username(settings):
    settings.SOCIAL_AUTH_ALLOW_BLOCKED = True
    with pytest.raises(BlockedUser):
        backend("mediawiki-oauth1")._validate_identity_claims(
            {"iss": "https://meta.wikimedia.org", "iat": 1, "nonce": "n", "sub": "13", "blocked": True})


@pytest.mark.parametrize("error_class", [LoginCanceled, SignInExpired, BlockedUser])
def test_refusals_a_learner_caused_are_clear_and_not_logged_as_server_errors(error_class):
    error = error_class(backend())
    assert str(error) == error.message and error.message.endswith(".")
    assert isinstance(error, SocialAuthBaseException)  # what the LMS's ExceptionMiddleware catches
    request = RequestFactory().get("/social/complete/mediawiki-oauth2/")
    assert SocialAuthExceptionMiddleware(lambda request: None).get_error_status(request, error) < 500


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
