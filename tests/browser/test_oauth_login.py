"""The sandbox's "Log in with Wikimedia" in Chromium, against the local development provider."""

import pytest

from tests.browser_support import SandboxServer
from tests.peers.mediawiki_oauth import MediaWikiProvider
from tests.peers.mediawiki_oauth.store import DEV_KEY, DEV_SECRET

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def provider():
    """The development provider with the sandbox's development consumer, showing its consent form."""
    running = MediaWikiProvider().start()
    running.store.add_consumer(DEV_KEY, DEV_SECRET)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def oauth_sandbox(tmp_path_factory, provider):
    """A second sandbox whose Wikimedia login goes to ``provider``."""
    server = SandboxServer(tmp_path_factory.mktemp("oauth-sandbox"),
                           extra_env={"WIKILEARN_DEV_OAUTH_URL": provider.url}).start()
    yield server
    server.stop()


def test_log_in_with_wikimedia_creates_the_account_and_returns_to_the_index(page, oauth_sandbox, provider):
    page.goto(oauth_sandbox.url + "/")
    page.get_by_role("button", name="Log in with Wikimedia").click()
    page.wait_for_url(provider.url + "/**")
    page.get_by_label("محمد علي").check()
    page.get_by_role("button", name="Allow").click()
    page.wait_for_url(oauth_sandbox.url + "/")
    selected = page.eval_on_selector("#switch-user", "select => select.selectedOptions[0].value")
    assert selected == "mHmd_ly"
    assert page.locator(".logged-in").inner_text() == "Logged in with Wikimedia as محمد علي (username mHmd_ly)"
    assert [endpoint for _method, endpoint in provider.store.log][-3:] == ["authorize", "token", "profile"]


def test_cancelling_at_the_wiki_shows_a_message(page, oauth_sandbox, provider):
    page.goto(oauth_sandbox.url + "/")
    page.get_by_role("button", name="Log in with Wikimedia").click()
    page.get_by_role("button", name="Cancel").click()
    page.wait_for_url(oauth_sandbox.url + "/")
    assert "You chose Cancel on the Wikimedia page" in page.get_by_role("alert").inner_text()
    assert page.eval_on_selector("#switch-user", "select => select.value") == ""
    # The way back in is right there: the same button starts a new login.
    page.get_by_role("button", name="Log in with Wikimedia").click()
    page.wait_for_url(provider.url + "/**")
    page.get_by_label("Ada Wiki").check()
    page.get_by_role("button", name="Allow").click()
    page.wait_for_url(oauth_sandbox.url + "/")
    assert page.eval_on_selector("#switch-user", "select => select.selectedOptions[0].value") == "Ada_Wiki"


def test_suppressed_account_is_told_it_is_blocked(page, oauth_sandbox, provider):
    page.goto(oauth_sandbox.url + "/")
    page.get_by_role("button", name="Log in with Wikimedia").click()
    page.wait_for_url(provider.url + "/**")
    page.get_by_label("Suppressed Name").check()
    page.get_by_role("button", name="Allow").click()
    page.wait_for_url(oauth_sandbox.url + "/")
    assert "Your Wikimedia account is currently blocked" in page.get_by_role("alert").inner_text()
