"""The wiki's own refusals, answered by the local provider as the MediaWiki OAuth extension answers them.

Each refusal a learner can cause (Cancel, a spent or expired sign-in link, a suppressed account)
must reach them as a message they can act on, with the login button to try again, and never be
logged as a server error. Both error shapes are covered: REL1_39 to REL1_45 (wikimedia's
oauth2-server fork) and REL1_46 / master (league/oauth2-server 9.4).
"""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from social_django.models import UserSocialAuth

from tests import social_core_refusals as social_core
from tests.peers.mediawiki_oauth import WikiUser
from tests.peers.mediawiki_oauth.store import PRIVATE_GRANT
from tests.peers.mediawiki_oauth.testing import (
    KEY,
    authorize,
    begin,
    local_path,
    login,
    reset_wiki,
)
from wikimedia_oauth_backend.compat import AuthCanceled, AuthConfigurationError, AuthCredentialError, AuthPolicyError
from wikimedia_oauth_backend.exceptions import BlockedUser, InvalidProfile, LoginCanceled, SignInExpired

pytestmark = pytest.mark.django_db
BRANCHES = ["REL1_39", "master"]
BACKENDS = ["mediawiki-oauth2", "mediawiki-oauth1"]



@pytest.fixture
def wiki(provider, settings):
    """The provider, reset to the demo accounts, auto-approving for Ada, both backends pointed at it."""
    return reset_wiki(provider, settings, approve_as="Ada Wiki")


def query(url):
    """The query parameters of ``url``, one value each."""
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def refused(error_class, call, *args):
    """Run ``call``; assert it raised ``error_class`` and nobody was logged in or given an account."""
    with pytest.raises(error_class) as caught:
        call(*args)
    assert not UserSocialAuth.objects.exists()
    return caught.value


@pytest.mark.parametrize("branch", BRANCHES)
def test_cancel_comes_back_as_unauthorized_client_without_state(client, wiki, branch):
    wiki.store.extension_branch, wiki.store.deny = branch, True
    callback = authorize(begin(client))
    expected = {"error": "unauthorized_client",
                "error_description": "User has rejected the request from client application"}
    if branch == "REL1_39":
        expected["message"] = expected["error_description"]
    assert query(callback) == expected  # no state, no code
    error = refused(LoginCanceled, client.get, local_path(callback))
    assert isinstance(error, AuthCanceled) and not isinstance(error, AuthConfigurationError)
    assert str(error).startswith("You chose Cancel on the Wikimedia page")


def test_after_a_cancel_the_learner_can_log_in_again(client, wiki):
    wiki.store.deny = True
    refused(LoginCanceled, client.get, local_path(authorize(begin(client))))
    wiki.store.deny = False
    assert login(client, wiki, "Ada Wiki").status_code == 302
    assert UserSocialAuth.objects.get().uid == "1001"


def test_oauth1_cancel_stays_on_the_wiki_with_its_page(client, wiki):
    wiki.store.deny = True
    page = requests.get(begin(client, "mediawiki-oauth1"), allow_redirects=False, timeout=10)
    assert page.status_code == 200 and "Location" not in page.headers
    assert 'You have chosen not to allow "WikiLearn" to access your account' in page.text
    wiki.store.deny = False  # the learner comes back and starts again
    assert login(client, wiki, "Ada Wiki", "mediawiki-oauth1").status_code == 302


@pytest.mark.parametrize("branch", BRANCHES)
@pytest.mark.parametrize(("spoil", "hint"), [
    ("expire", "Authorization code has expired"),
    ("reuse", "Authorization code has been revoked"),
])
def test_spent_or_expired_code_reads_as_an_expired_link(client, wiki, branch, spoil, hint):
    wiki.store.extension_branch = branch
    callback = authorize(begin(client))
    if spoil == "expire":
        wiki.store.expire_codes()
    else:
        wiki.store.codes[query(callback)["code"]]["used"] = True
    error = refused(SignInExpired, client.get, local_path(callback))
    assert isinstance(error, AuthCredentialError) and not isinstance(error, AuthConfigurationError)
    assert error.provider_code == ("invalid_request" if branch == "REL1_39" else "invalid_grant")
    assert str(error).startswith("This Wikimedia login link has expired or was already used")


@pytest.mark.parametrize("branch", BRANCHES)
def test_token_endpoint_answers_a_spent_code_as_the_wiki_does(wiki, branch):
    wiki.store.extension_branch = branch
    redirect_uri = "http://testserver/social/complete/mediawiki-oauth2/"
    wiki.store.codes["spent-code"] = {"client_id": KEY, "user": "Ada Wiki", "scopes": [PRIVATE_GRANT],
                                      "redirect_uri": redirect_uri, "challenge": "c", "method": "S256",
                                      "used": True, "expires": 9e9}
    response = requests.post(f"{wiki.url}/w/rest.php/oauth2/access_token", timeout=10, data={
        "grant_type": "authorization_code", "code": "spent-code", "redirect_uri": redirect_uri,
        "client_id": KEY, "client_secret": wiki.store.consumers[KEY].secret, "code_verifier": "v" * 43})
    body = response.json()
    assert response.status_code == 400 and body["hint"] == "Authorization code has been revoked"
    assert body["error"] == ("invalid_request" if branch == "REL1_39" else "invalid_grant")
    assert ("message" in body) == (branch == "REL1_39")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("allow_blocked", [True, False])
def test_suppressed_account_is_refused_as_blocked_whatever_the_policy(client, wiki, settings, backend,
                                                                      allow_blocked):
    settings.SOCIAL_AUTH_ALLOW_BLOCKED = allow_blocked
    assert wiki.store.user("Suppressed Name").profile(grants=[PRIVATE_GRANT]) == {"sub": "13", "blocked": True}
    error = refused(BlockedUser, login, client, wiki, "Suppressed Name", backend)
    assert isinstance(error, AuthPolicyError) and "account is currently blocked" in str(error)


@pytest.mark.parametrize("backend", BACKENDS)
def test_central_id_zero_is_never_taken_as_an_account(client, wiki, backend):
    wiki.store.add_user(WikiUser("0", "Not Attached"))  # a user the central id lookup does not own
    error = refused(InvalidProfile, login, client, wiki, "Not Attached", backend)
    assert error.claim == "sub"


def test_unknown_scope_is_refused_as_social_core_reads_it(client, wiki, settings):
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_SCOPE = ["mwoauth-authonly-private"]
    callback = authorize(begin(client))
    assert query(callback)["error"] == "invalid_scope" and "state" not in query(callback)
    error = refused(social_core.UNKNOWN_SCOPE.error_class, client.get, local_path(callback))
    assert social_core.UNKNOWN_SCOPE.words in str(error)


@pytest.mark.parametrize(("case", "backend", "words"), [
    ("cancel", "mediawiki-oauth2", "You chose Cancel on the Wikimedia page"),
    ("expired", "mediawiki-oauth2", "login link has expired"),
    ("suppressed", "mediawiki-oauth2", "currently blocked"),
    ("suppressed", "mediawiki-oauth1", "currently blocked"),
])
def test_refusal_is_a_message_beside_the_login_button_and_not_a_server_error(client, wiki, settings, caplog,
                                                                             case, backend, words):
    settings.SOCIAL_AUTH_RAISE_EXCEPTIONS = False
    wiki.store.deny = case == "cancel"
    if case == "suppressed":
        wiki.store.current_user = "Suppressed Name"
    callback = authorize(begin(client, backend))
    if case == "expired":
        wiki.store.expire_codes()
    with caplog.at_level(logging.INFO):
        response = client.get(local_path(callback))
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/").content.decode()
    assert words in page and "Log in with Wikimedia" in page
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert "_auth_user_id" not in client.session


def with_param(url, **changes):
    """``url`` with query parameters replaced."""
    parts = urlsplit(url)
    params = {**query(url), **changes}
    return parts._replace(query="&".join(f"{key}={value}" for key, value in params.items())).geturl()


@pytest.mark.parametrize(("changes", "hint"), [
    ({"code_challenge_method": "s256"}, "Code challenge method must be one of `S256`, `plain`"),
    ({"code_challenge": "too-short"}, "Code challenge must follow the specifications of RFC-7636."),
])
def test_authorize_refuses_a_malformed_challenge_with_the_wiki_error_page(client, wiki, changes, hint):
    # social-core 4.8.3's own defaults (method "s256", 32-character verifiers) would end here.
    page = requests.get(with_param(begin(client), **changes), allow_redirects=False, timeout=10)
    assert page.status_code == 400 and "Location" not in page.headers
    assert page.headers["Content-Type"].startswith("text/html") and hint in page.text


@pytest.mark.parametrize(("verifier", "error", "hint"), [
    ("v" * 42, "invalid_request", "Code Verifier must follow the specifications of RFC-7636."),
    ("v" * 64, "invalid_grant", "Failed to verify `code_verifier`."),
    (None, "invalid_request", "Check the `code_verifier` parameter"),
])
def test_token_endpoint_checks_the_verifier_as_league_does(client, wiki, verifier, error, hint):
    code = query(authorize(begin(client)))["code"]
    form = {"grant_type": "authorization_code", "code": code, "client_id": KEY,
            "redirect_uri": "http://testserver/social/complete/mediawiki-oauth2/",
            "client_secret": wiki.store.consumers[KEY].secret, "code_verifier": verifier}
    response = requests.post(f"{wiki.url}/w/rest.php/oauth2/access_token", timeout=10,
                             data={name: value for name, value in form.items() if value is not None})
    assert response.status_code == 400 and (response.json()["error"], response.json()["hint"]) == (error, hint)
    assert not wiki.store.codes[code]["used"]  # a refused exchange leaves the code as it was
