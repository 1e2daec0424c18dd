"""The whole Wikimedia login over real HTTP: Django test client + social_django -> local provider on 127.0.0.1."""

import pytest
from django.contrib.auth import get_user_model
from social_django.models import UserSocialAuth
from social_django.utils import load_backend, load_strategy

from tests import social_core_refusals as social_core
from tests.peers.mediawiki_oauth import WikiUser
from tests.peers.mediawiki_oauth.store import AUTH_ONLY_GRANT, PRIVATE_GRANT
from tests.peers.mediawiki_oauth.testing import (
    KEY,
    logged_in_user,
    login,
    reset_wiki,
)
from wikimedia_oauth_backend.details import stable_suffix
from wikimedia_oauth_backend.exceptions import BlockedUser

pytestmark = pytest.mark.django_db
BACKENDS = ["mediawiki-oauth2", "mediawiki-oauth1"]



@pytest.fixture
def wiki(provider, settings):
    """The provider, reset to the demo wiki accounts, with both backends pointed at it."""
    return reset_wiki(provider, settings)



@pytest.mark.parametrize("backend", BACKENDS)
def test_login_creates_account_with_details_and_redirects_to_index(client, wiki, backend):
    response = login(client, wiki, "Ada Wiki", backend)
    assert response.status_code == 302 and response["Location"] == "/"
    user = logged_in_user(client)
    assert (user.username, user.email, user.first_name, user.last_name) == ("Ada_Wiki", "ada@example.org", "Ada",
                                                                           "Lovelace")
    social = UserSocialAuth.objects.get(user=user)
    assert (social.provider, social.uid) == (backend, "1001")
    assert social.extra_data["editcount"] == 4210 and "sysop" in social.extra_data["groups"]
    assert social.extra_data["registered"] == "20200115093000" and social.extra_data["blocked"] is False


def test_oauth2_login_is_three_round_trips(client, wiki):
    login(client, wiki, "Ada Wiki")
    assert wiki.store.log == [("GET", "authorize"), ("POST", "token"), ("GET", "profile")]


def test_oauth1_login_is_initiate_authorize_token_identify(client, wiki):
    login(client, wiki, "Ada Wiki", "mediawiki-oauth1")
    assert [endpoint for _method, endpoint in wiki.store.log] == ["initiate", "authorize1", "token1", "identify"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("wiki_user", ["Unconfirmed Writer", "No Mail"])
def test_no_confirmed_email_means_no_email_and_no_failure(client, wiki, backend, wiki_user):
    assert login(client, wiki, wiki_user, backend).status_code == 302
    assert logged_in_user(client).email == ""


@pytest.mark.parametrize(("registered", "requested", "private"), [
    # No scope: the wiki grants everything the consumer was registered with (Authorize::setValidScopes).
    ((PRIVATE_GRANT,), [], True),
    ((AUTH_ONLY_GRANT,), [], False),
    # A requested grant the consumer was not registered with is dropped, never added.
    ((AUTH_ONLY_GRANT,), [PRIVATE_GRANT], False),
    ((PRIVATE_GRANT,), [AUTH_ONLY_GRANT], False),
    ((PRIVATE_GRANT,), [PRIVATE_GRANT], True),
])
def test_names_and_email_follow_the_registered_grants_not_the_requested_scope(client, wiki, settings, registered,
                                                                             requested, private):
    wiki.store.consumers[KEY].grants = registered
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_SCOPE = requested
    login(client, wiki, "Ada Wiki")
    user = logged_in_user(client)
    expected = ("ada@example.org", "Ada") if private else ("", "")
    assert (user.username, user.email, user.first_name) == ("Ada_Wiki", *expected)


@pytest.mark.parametrize("backend", BACKENDS)
def test_renamed_wiki_user_lands_in_the_same_account_with_fresh_extra_data(client, wiki, backend):
    login(client, wiki, "Ada Wiki", backend)
    first = logged_in_user(client)
    client.logout()
    wiki.store.rename("Ada Wiki", "Ada Renamed")
    wiki.store.user("Ada Renamed").editcount = 5000
    login(client, wiki, "Ada Renamed", backend)
    again = logged_in_user(client)
    assert again.pk == first.pk and again.username == "Ada_Wiki"
    social = UserSocialAuth.objects.get(user=again)
    assert social.extra_data["username"] == "Ada Renamed" and social.extra_data["editcount"] == 5000
    assert UserSocialAuth.objects.count() == 1


@pytest.mark.parametrize(("wiki_user", "ascii_name", "unicode_name", "first_name"), [
    ("محمد علي", "mHmd_ly", "محمد_علي", "محمد"),
    ("राजेश कुमार", "raajesh_kumaar", "raajesh_kumaar", "राजेश"),
    ("维基小明", "Wei_Ji_Xiao_Ming", "维基小明", "王小明"),
])
@pytest.mark.parametrize("unicode_usernames", [False, True])
def test_non_latin_names(client, wiki, settings, wiki_user, ascii_name, unicode_name, first_name, unicode_usernames):
    settings.SOCIAL_AUTH_UNICODE_USERNAMES = unicode_usernames
    login(client, wiki, wiki_user)
    user = logged_in_user(client)
    assert user.username == (unicode_name if unicode_usernames else ascii_name)
    assert user.first_name == first_name


@pytest.mark.parametrize("backend", BACKENDS)
def test_blocked_user_logs_in_by_default(client, wiki, backend):
    assert login(client, wiki, "Blocked Editor", backend).status_code == 302
    assert UserSocialAuth.objects.get(uid="1007").extra_data["blocked"] is True


@pytest.mark.parametrize("backend", BACKENDS)
def test_blocked_user_is_refused_when_not_allowed(client, wiki, settings, backend):
    settings.SOCIAL_AUTH_ALLOW_BLOCKED = False
    with pytest.raises(BlockedUser, match="blocked"):
        login(client, wiki, "Blocked Editor", backend)
    assert not UserSocialAuth.objects.exists() and "_auth_user_id" not in client.session


def test_blocked_refusal_is_shown_as_a_message_in_the_sandbox(client, wiki, settings):
    settings.SOCIAL_AUTH_ALLOW_BLOCKED = False
    settings.SOCIAL_AUTH_RAISE_EXCEPTIONS = False
    response = login(client, wiki, "Blocked Editor")
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/")
    assert "Your Wikimedia account is currently blocked" in page.content.decode()


def test_username_colliding_with_an_existing_account_gets_a_stable_suffix(client, wiki):
    existing = get_user_model().objects.create_user("ada_wiki", "someone@example.org")
    login(client, wiki, "Ada Wiki")
    user = logged_in_user(client)
    assert user.pk != existing.pk
    assert user.username == f"Ada_Wiki_{stable_suffix('1001')}"


def test_two_wiki_users_mapping_to_one_name_get_two_accounts(client, wiki):
    wiki.store.add_user(WikiUser("2001", "Jürgen"))
    wiki.store.add_user(WikiUser("2002", "Jurgen"))
    login(client, wiki, "Jürgen")
    client.logout()
    login(client, wiki, "Jurgen")
    names = set(get_user_model().objects.filter(social_auth__isnull=False).values_list("username", flat=True))
    assert names == {"Jurgen", f"Jurgen_{stable_suffix('2002')}"}


def test_safe_next_is_followed_after_login(client, wiki):
    response = login(client, wiki, "Ada Wiki", next="/scenario/wikilearn_rubric.0/")
    assert response["Location"] == "/scenario/wikilearn_rubric.0/"


def test_refresh_token_gives_a_new_access_token(client, wiki):
    login(client, wiki, "Ada Wiki")
    social = UserSocialAuth.objects.get()
    old_access, old_refresh = social.extra_data["access_token"], social.extra_data["refresh_token"]
    strategy_backend = load_backend(load_strategy(), "mediawiki-oauth2", redirect_uri=None)
    refreshed = strategy_backend.refresh_token(old_refresh)
    assert refreshed["access_token"] != old_access and refreshed["refresh_token"] != old_refresh
    assert strategy_backend.user_data(refreshed["access_token"])["sub"] == "1001"
    with pytest.raises(social_core.SPENT_REFRESH_TOKEN.error_class, match=social_core.SPENT_REFRESH_TOKEN.words):
        strategy_backend.refresh_token(old_refresh)  # rotated: the old refresh token is spent
