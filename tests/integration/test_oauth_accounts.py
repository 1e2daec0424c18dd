"""One wiki user, one Open edX account, whichever protocol they log in with (full logins over HTTP)."""

import pytest
from django.contrib.auth import get_user_model
from social_core.pipeline import DEFAULT_AUTH_PIPELINE
from social_django.models import UserSocialAuth

from tests.peers.mediawiki_oauth.testing import (
    logged_in_user,
    login,
    reset_wiki,
)

pytestmark = pytest.mark.django_db
OAUTH1, OAUTH2 = "mediawiki-oauth1", "mediawiki-oauth2"
BACKEND_PATHS = {OAUTH1: "wikimedia_oauth_backend.backends.MediaWikiOAuth1",
                 OAUTH2: "wikimedia_oauth_backend.backends.MediaWikiOAuth2"}



@pytest.fixture
def wiki(provider, settings):
    """The provider, reset to the demo accounts, both backends pointed at it."""
    return reset_wiki(provider, settings)



def login_twice(client, wiki, first, second, user="Ada Wiki"):
    """Log ``user`` in with the ``first`` protocol, log out, then with the ``second``; returns both users."""
    login(client, wiki, user, first)
    before = logged_in_user(client)
    client.logout()
    assert login(client, wiki, user, second).status_code == 302
    return before, logged_in_user(client)


@pytest.mark.parametrize(("first", "second"), [(OAUTH1, OAUTH2), (OAUTH2, OAUTH1)])
def test_same_wiki_user_gets_one_account_whichever_protocol_comes_first(client, wiki, first, second):
    before, after = login_twice(client, wiki, first, second)
    assert after.pk == before.pk and after.username == "Ada_Wiki"
    assert get_user_model().objects.count() == 1
    links = sorted(UserSocialAuth.objects.values_list("provider", "uid", "user_id"))
    assert links == [(OAUTH1, "1001", before.pk), (OAUTH2, "1001", before.pk)]
    # The new protocol's association works like any other: its extra data is refreshed at login.
    assert UserSocialAuth.objects.get(provider=second).extra_data["editcount"] == 4210


def test_site_that_removed_its_oauth1_backend_keeps_returning_learners(client, wiki, settings):
    login(client, wiki, "Ada Wiki", OAUTH1)
    learner = logged_in_user(client)
    client.logout()
    settings.AUTHENTICATION_BACKENDS = [BACKEND_PATHS[OAUTH2], "django.contrib.auth.backends.ModelBackend"]
    login(client, wiki, "Ada Wiki", OAUTH2)
    assert logged_in_user(client).pk == learner.pk


def test_linking_needs_no_pipeline_step(client, wiki, settings):
    # social-core's own pipeline, as any site (the LMS included) runs it without the suite's steps.
    settings.SOCIAL_AUTH_PIPELINE = DEFAULT_AUTH_PIPELINE
    before, after = login_twice(client, wiki, OAUTH1, OAUTH2)
    assert after.pk == before.pk and UserSocialAuth.objects.filter(user=before).count() == 2


def test_other_wiki_users_are_never_linked(client, wiki):
    login(client, wiki, "Ada Wiki", OAUTH1)
    ada = logged_in_user(client)
    client.logout()
    login(client, wiki, "No Mail", OAUTH2)
    assert logged_in_user(client).pk != ada.pk
    assert UserSocialAuth.objects.get(provider=OAUTH2).uid == "1003"


def test_linked_providers_can_be_switched_off(client, wiki, settings):
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_LINKED_PROVIDERS = []
    before, after = login_twice(client, wiki, OAUTH1, OAUTH2)
    assert after.pk != before.pk


def test_an_older_backend_can_be_linked_when_migrating_from_it(client, wiki, settings):
    # e.g. learn.wiki's earlier "wikimediaIdentityServer" backend, whose uid is the same ``sub``.
    learner = get_user_model().objects.create_user("ada_from_before")
    UserSocialAuth.objects.create(user=learner, provider="wikimediaIdentityServer", uid="1001")
    settings.SOCIAL_AUTH_MEDIAWIKI_OAUTH2_LINKED_PROVIDERS = ["wikimediaIdentityServer", OAUTH1]
    login(client, wiki, "Ada Wiki", OAUTH2)
    assert logged_in_user(client).pk == learner.pk
