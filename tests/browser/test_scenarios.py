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


STUDIO_VIEWS = {
    "/scenario/wikilearn_rubric.0/studio_view/": "Partnership or not?",
    "/scenario/wikilearn_timezone_poll.0/studio_view/": "Partnership Building: weekly live session",
    "/scenario/wikilearn_pitch_review.0/studio_view/": "Final partnership pitch",
}


@pytest.mark.parametrize("view", STUDIO_VIEWS)
def test_studio_editors_look_and_save_as_in_studio(page, view):
    """Studio's editor window: "Editing: <name>", the Save / Cancel bar in view at the bottom while the
    long editor scrolls, Studio's notifications while saving and after, Cancel back to the unit."""
    login_as(page, "staff_1", language="en")
    page.set_viewport_size({"width": 1100, "height": 700})
    page.goto(view)
    assert page.get_by_role("heading", name=f"Editing: {STUDIO_VIEWS[view]}").is_visible()
    save = page.get_by_role("link", name="Save", exact=True)
    box = save.bounding_box()
    assert 700 - 80 < box["y"] + box["height"] <= 700  # the bar sits at the bottom of the window
    assert page.evaluate("document.documentElement.scrollHeight") > 1400  # ... of an editor twice as long
    assert page.eval_on_selector(".xblock-actions .save-button", "el => getComputedStyle(el).backgroundColor") \
        == "rgb(0, 117, 180)"  # Studio's primary blue
    with page.expect_response(lambda response: "submit_studio_edits" in response.url) as saved:
        save.click()
    assert saved.value.status == 200
    status = page.locator("#studio-status")
    status.get_by_text("Your changes have been saved.").wait_for()
    assert status.is_visible() and status.get_attribute("role") == "status"
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url("**/preview/")
    assert not page.js_errors


def test_a_refused_studio_save_shows_studios_error_notification(page):
    login_as(page, "staff_1", language="en")
    page.goto("/scenario/wikilearn_timezone_poll.0/studio_view/")
    page.fill("#xb-field-edit-first_session", "next Monday")
    page.get_by_role("link", name="Save", exact=True).click()
    status = page.locator("#studio-status")
    status.get_by_text("Unable to update settings: Dates must be written YYYY-MM-DD.").wait_for()
    assert status.get_attribute("data-state") == "error"
    page.js_errors.clear()  # the refused save's 400 in the console is what this test asks for
