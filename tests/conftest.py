"""Shared fixtures: demo users, a block driver, the live sandbox and a Chromium page."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.blocks import BlockDriver
from tests.browser_support import CHROMIUM_ARGS, SandboxServer, chromium_path


@pytest.fixture
def users(db):
    """The demo users by username: ``staff_1`` and ``learner_1``..``learner_8``."""
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def blocks(db):
    """Create blocks from OLX and drive them as any user."""
    return BlockDriver()


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory):
    """The sandbox served on a free loopback port with its own SQLite database."""
    server = SandboxServer(tmp_path_factory.mktemp("sandbox")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, sandbox_server):
    """A fresh browser page on the sandbox; fails the test on any JavaScript console error."""
    context = browser.new_context(base_url=sandbox_server.url)
    new_page = context.new_page()
    errors = []
    new_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    new_page.js_errors = errors
    yield new_page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def login_as(page, username, language=None):
    """Switch the sandbox user through the page's own form (and their language, when given)."""
    page.goto("/")
    page.select_option("#switch-user", username)
    page.click(".user-switch button[type=submit]")
    page.wait_for_load_state()
    if language:
        page.select_option("#switch-language", language)
        page.click(".language-switch button[type=submit]")
        page.wait_for_load_state()
