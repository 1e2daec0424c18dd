"""Shared fixtures: demo users, a block driver, the live sandbox and a Chromium page."""

import importlib

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.blocks import BlockDriver
from tests.browser_support import CHROMIUM_ARGS, SandboxServer, chromium_path


def pytest_configure(config):
    """On MariaDB, apply edx-submissions' 0006 only where it can apply.

    edx-submissions 3.12.1+ ``submissions/migrations/0006_mariadb_uuid_conversion.py`` runs
    ``ALTER TABLE ... MODIFY uuid uuid`` on ``submissions_studentitem`` and ``submissions_score``,
    which have no ``uuid`` column, so it fails on every MariaDB database ("Unknown column 'uuid'").
    It is meant for databases created before Django 5; on one created under Django 5.2 the
    ``submissions_submission.uuid`` column already is ``uuid``. The operator's workaround (README,
    "MariaDB") is ``migrate submissions 0006 --fake``; the test database does the equivalent:
    the migration alters only the columns that exist. MySQL (Tutor's default) never runs it.
    """
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.mysql":
        return
    migration = importlib.import_module("submissions.migrations.0006_mariadb_uuid_conversion").Migration
    for operation in migration.operations:
        operation.code = _alter_existing_uuid_columns


def _alter_existing_uuid_columns(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table in ("submissions_submission", "submissions_studentitem", "submissions_score"):
            cursor.execute("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                           "AND TABLE_NAME = %s AND COLUMN_NAME = 'uuid'", [table])
            row = cursor.fetchone()
            if row and row[0] != "uuid":
                cursor.execute(f"ALTER TABLE {table} MODIFY uuid uuid NOT NULL")  # noqa: S608 - fixed names


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
