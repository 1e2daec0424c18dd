"""Every sandbox scenario opens in Chromium, as each kind of user, without a JavaScript error."""

import pytest

from tests.conftest import login_as

pytestmark = pytest.mark.browser


def scenario_links(page):
    page.goto("/")
    return page.eval_on_selector_all(".scenarios > li > a:first-child", "links => links.map(a => a.pathname)")


@pytest.mark.parametrize("username", ["learner_1", "staff_1", "learner_7"])
def test_every_scenario_opens_without_console_errors(page, username):
    login_as(page, username)
    links = scenario_links(page)
    assert len(links) >= 3
    for link in links:
        response = page.goto(link)
        assert response.status == 200, link
        page.wait_for_load_state("networkidle")
        assert page.locator(".wikilearn").count() >= 1, link
        direction = page.eval_on_selector(".wikilearn", "el => el.getAttribute('dir')")
        assert direction == ("rtl" if username == "learner_7" else "ltr")
    assert not page.js_errors


def test_anonymous_visitor_sees_the_scenarios(page):
    for link in scenario_links(page):
        assert page.goto(link).status == 200
