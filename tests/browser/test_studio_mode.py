"""The sandbox's Studio mode: each block's editor saves as an author in Studio, says so, and refuses
what the block refuses; learners do not get Studio pages."""

import pytest

from tests.browser.site_support import private_site, site_page
from tests.conftest import login_as

pytestmark = pytest.mark.browser
BLOCKS = ["wikilearn_rubric.0", "wikilearn_pitch_review.0", "wikilearn_timezone_poll.0"]


@pytest.fixture(scope="module")
def studio_site(tmp_path_factory):
    with private_site(tmp_path_factory.mktemp("studio"), english=("staff_1",)) as server:
        yield server


@pytest.mark.parametrize("scenario", BLOCKS)
def test_an_author_saves_each_editor_in_studio_mode(browser, studio_site, scenario):
    with site_page(browser, studio_site) as page:
        login_as(page, "staff_1")
        page.goto(f"/scenario/{scenario}/studio_view/")
        page.locator("#xb-field-edit-display_name").fill(f"Edited in Studio {scenario}")
        with page.expect_response(lambda r: "/studio/handler/" in r.url and "submit_studio_edits" in r.url) as sent:
            page.locator(".save-button").click()
        assert sent.value.status == 200
        page.wait_for_selector("#studio-status[data-state=done]")
        assert page.locator("#studio-status").inner_text() == "Your changes have been saved."
        page.goto(f"/scenario/{scenario}/")
        assert page.locator("h2").first.inner_text() == f"Edited in Studio {scenario}"
        assert not page.js_errors, page.js_errors


def test_a_refused_save_is_explained_and_changes_nothing(browser, studio_site):
    with site_page(browser, studio_site) as page:
        login_as(page, "staff_1")
        page.goto("/scenario/wikilearn_timezone_poll.0/studio_view/")
        page.locator("#xb-field-edit-first_session").fill("not a date")
        page.locator(".save-button").click()
        page.wait_for_selector("#studio-status[data-state=error]")
        assert "Unable to update settings" in page.locator("#studio-status").inner_text()
        page.goto("/scenario/wikilearn_timezone_poll.0/studio_view/")
        assert page.locator("#xb-field-edit-first_session").input_value() != "not a date"


def test_learners_get_no_studio_pages(browser, studio_site):
    with site_page(browser, studio_site) as page:
        login_as(page, "learner_1")
        assert page.goto("/scenario/wikilearn_rubric.0/studio_view/").status == 403
        page.goto("/")
        assert page.locator("a[href$='/studio_view/']").count() == 0
