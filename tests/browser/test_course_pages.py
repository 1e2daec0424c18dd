"""The course pages in Chromium, by keyboard: from a block's staff view to the inbox and back to the
learner's submission; consent, showcase and withdrawal; the progress grid; no axe violation."""

import re

import pytest

from tests.a11y import axe_violations, horizontal_overflow
from tests.browser.site_support import COURSE, private_site, site_page, tab_until, wait_live
from tests.conftest import login_as

pytestmark = pytest.mark.browser

RUBRIC = "/scenario/wikilearn_rubric.0/"
PAGES = f"/wikilearn/courses/{COURSE}"
ANSWER = "The museum shares our goal: free knowledge about the city's history."


@pytest.fixture(scope="module")
def site(browser, tmp_path_factory):
    """A sandbox where learner_1 and learner_2 submitted to week 1's assignment."""
    with private_site(tmp_path_factory.mktemp("course-pages"), english=("learner_2",)) as server:
        with site_page(browser, server) as page:
            for username, text in (("learner_1", ANSWER), ("learner_2", "Not a partnership: no shared goal.")):
                login_as(page, username)
                page.goto(RUBRIC)
                page.get_by_label("Answer", exact=True).fill(text)
                page.get_by_role("button", name="Submit").click()
                page.locator("[data-wl-status]").get_by_text("Your answer was submitted").wait_for()
            assert not page.js_errors, page.js_errors
        yield server


def test_from_the_staff_view_to_the_inbox_and_back_to_the_submission_by_keyboard(browser, site):
    with site_page(browser, site) as page:
        login_as(page, "staff_1")
        page.goto(RUBRIC)
        page.locator("[data-queue-rows] tr").first.wait_for()
        page.locator(".site-name").focus()
        tab_until(page, "el.tagName === 'A' && el.textContent.trim() === 'Course inbox'", limit=80)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/inbox/$"))
        assert page.locator("caption").inner_text() == "2 items wait"
        assert not axe_violations(page)
        tab_until(page, "el.tagName === 'A' && el.textContent.includes('Open to grade')"
                        " && el.textContent.includes('learner_2')")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/scenario/wikilearn_rubric\.0/#wikilearn-learner=\w+$"))
        heading = page.locator("[data-submission] h3")
        heading.wait_for()
        assert heading.inner_text() == "learner_2"
        assert page.evaluate("document.activeElement.tagName") == "H3"  # the opened submission has the focus
        assert "Not a partnership: no shared goal." in page.locator("[data-submission]").inner_text()
        assert not page.js_errors, page.js_errors


def test_consent_showcase_and_withdrawal_by_keyboard(browser, site):
    with site_page(browser, site) as page:
        login_as(page, "learner_1")
        page.goto(RUBRIC)
        page.locator(".wl-consent input[type=checkbox]").wait_for()
        page.locator(".site-name").focus()
        tab_until(page, "el.type === 'checkbox'", limit=80)
        page.keyboard.press("Space")
        wait_live(page, "may now be shown to your cohort")

        login_as(page, "staff_1")
        page.goto(f"{PAGES}/showcase/")
        assert not axe_violations(page)
        tab_until(page, "el.tagName === 'BUTTON' && el.textContent.includes('Show to the cohort')", limit=40)
        page.keyboard.press("Enter")
        page.get_by_text("Shown to the cohort", exact=True).wait_for()
        assert page.url.endswith(("#piece-1", "#piece-2")) or "#piece-" in page.url

        login_as(page, "learner_2")
        page.goto(f"{PAGES}/showcase/")
        piece = page.locator("article.wl-card")
        assert piece.count() == 1 and ANSWER in piece.inner_text() and "learner_1" in piece.inner_text()
        assert "points" not in page.locator("main").inner_text()
        assert not axe_violations(page)

        login_as(page, "learner_1")
        page.goto(RUBRIC)
        box = page.locator(".wl-consent input[type=checkbox]")
        box.wait_for()
        assert box.is_checked() and "In the showcase" in page.locator(".wl-consent").inner_text()
        box.focus()
        page.keyboard.press("Space")
        wait_live(page, "no longer shown to your cohort")

        login_as(page, "learner_2")
        page.goto(f"{PAGES}/showcase/")
        assert page.locator("article.wl-card").count() == 0
        assert "Nothing is showcased yet." in page.locator("main").inner_text()
        assert not page.js_errors, page.js_errors


def test_progress_grid_by_keyboard_and_at_320px(browser, site):
    with site_page(browser, site) as page:
        login_as(page, "staff_1")
        page.goto(f"{PAGES}/progress/")
        table = page.get_by_role("table", name="8 learners")
        assert table.get_by_role("columnheader", name="Partnership or not?").count() == 1
        assert table.get_by_role("rowheader", name=re.compile("^learner_3")).inner_text().endswith(
            "Nothing submitted yet")
        assert not axe_violations(page)
        tab_until(page, "el.getAttribute('role') === 'region'", limit=20)  # the grid scrolls, by keyboard too
        tab_until(page, "el.tagName === 'A' && el.textContent === 'learner_1'", limit=20)
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Feedback of learner_1").wait_for()
        page.get_by_text("Answer", exact=True).click()  # the answer is folded under its summary
        assert ANSWER in page.locator("main").inner_text()
        page.set_viewport_size({"width": 320, "height": 700})
        for view in ("inbox/", "progress/", "showcase/", "feedback/?learner=learner_1"):
            page.goto(f"{PAGES}/{view}")
            assert horizontal_overflow(page) <= 0, view
        assert not page.js_errors, page.js_errors
