"""Every page of the sandbox and every view of every block: no axe WCAG 2.1 A/AA violation,
in English and in Arabic (right to left), and nothing overflows at 320 CSS pixels."""

import pytest

from tests.a11y import axe_violations, horizontal_overflow
from tests.conftest import login_as

pytestmark = pytest.mark.browser

# staff_1 reads English; learner_7 reads Arabic; learner_1 is an English-reading learner.
USERS = ["learner_1", "staff_1", "learner_7"]


def all_views(page):
    page.goto("/")
    return page.eval_on_selector_all(".scenarios a", "links => links.map(a => a.pathname)")


@pytest.mark.parametrize("username", USERS)
def test_no_axe_violations_on_any_view(page, username):
    login_as(page, username)
    assert not axe_violations(page), "front page"
    views = all_views(page)
    assert views
    failures = {}
    for view in views:
        page.goto(view)
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            failures[view] = violations
    assert not failures, failures


@pytest.mark.parametrize("username", ["learner_1", "learner_7"])
def test_learner_views_fit_a_320px_screen(browser, sandbox_server, username):
    context = browser.new_context(base_url=sandbox_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        login_as(page, username)
        for view in all_views(page):
            if view.rstrip("/").endswith("studio_view"):
                continue
            page.goto(view)
            page.wait_for_load_state("networkidle")
            assert horizontal_overflow(page) <= 0, f"{view} overflows at 320px for {username}"
    finally:
        context.close()


def test_the_checker_itself_finds_violations(page):
    """Guard against a vacuous check: a page with known WCAG failures must be reported."""
    page.set_content('<html><body><img src="data:,"><input type="text"><p style="color:#ccc;background:#fff">'
                     'low contrast</p></body></html>')
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label", "html-has-lang", "color-contrast"} <= found
