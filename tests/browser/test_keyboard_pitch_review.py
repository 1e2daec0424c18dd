"""Pitch review phases by keyboard alone: a reviewer fills phase one (as the prospective partner),
then phase two (as a peer), with visible focus and the status announced in the aria-live region.

Runs on its own sandbox: the shared one's pitch group must keep exactly three pitches."""

import pytest

from tests.browser.site_support import ENGLISH_PITCHERS, private_site, site_page, tab_until, wait_live
from tests.browser.test_pitch_review import CRITERIA, SCENARIO, submit_pitch, wait_status
from tests.conftest import login_as

pytestmark = pytest.mark.browser
TASK = "[data-task=learner_1]"
NAMES = {"value_proposition": "Value proposition", "evidence": "Evidence", "structure": "Structure and flow",
         "delivery": "Delivery"}


@pytest.fixture(scope="module")
def allocated(browser, tmp_path_factory):
    """Three pitches sent and reviewers allocated (set up with the mouse; the review is by keyboard)."""
    workdir = tmp_path_factory.mktemp("keyboard-pitch")
    with private_site(workdir, english=ENGLISH_PITCHERS) as server, site_page(browser, server) as page:
        for username in ("learner_1", "learner_2", "learner_3"):
            submit_pitch(page, username, f"Partner of {username}", workdir)
        login_as(page, "staff_1")
        page.goto(SCENARIO)
        page.click("[data-auto]")
        wait_status(page, "allocated")
        assert not page.js_errors, page.js_errors
        yield server


def in_task(test_js, phase):
    return f"(el.closest('{TASK} [data-phase=\"{phase}\"]') !== null && {test_js})"


def legend_is(name):
    return f"el.closest('fieldset')?.querySelector('legend').textContent === '{name}'"


def label_is(text):
    return f"(el.labels && el.labels.length > 0 && el.labels[0].textContent === '{text}')"


def pick_level(page, phase, legend, steps):
    """Tab to the first radio of a group, check it with Space, move with the arrow keys."""
    tab_until(page, in_task(f"el.type === 'radio' && {legend_is(legend)}", phase))
    page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def test_reviewer_fills_both_phases_by_keyboard(browser, allocated):
    with site_page(browser, allocated) as page:
        login_as(page, "learner_3")
        page.goto(SCENARIO)
        page.locator(f"{TASK} [data-phase='1']").wait_for()

        pick_level(page, 1, "Would you partner?", 1)  # would partner -> would need more
        for label, text in (("What convinced you", "The reach numbers."), ("Your concerns", "Staff time."),
                            ("Your questions", "Who signs?")):
            tab_until(page, in_task(label_is(label), 1))
            page.keyboard.type(text)
        tab_until(page, in_task("el.textContent === 'Send phase one'", 1))
        page.keyboard.press("Enter")
        wait_live(page, "Phase one sent. Phase two is open.", ".wikilearn-pitch-review")
        page.locator(f"{TASK} [data-phase='2']").wait_for()
        # The form was replaced: the focus goes on to phase two instead of back to the top of the page.
        page.wait_for_function(f"document.activeElement.closest('{TASK} [data-phase=\"2\"]') !== null")

        for index, key in enumerate(CRITERIA):
            pick_level(page, 2, NAMES[key], index % 4)  # poor, needs improvement, good, excellent
            tab_until(page, in_task(label_is(f"Comment on {NAMES[key]}"), 2))
            page.keyboard.type(f"{NAMES[key]} comment.")
        tab_until(page, in_task(label_is("Overall comment"), 2))
        page.keyboard.type("Ready for the partner.")
        tab_until(page, in_task("el.textContent === 'Send phase two'", 2))
        page.keyboard.press("Enter")
        wait_live(page, "Phase two sent. Thank you!", ".wikilearn-pitch-review")
        page.locator(f"{TASK} summary .wl-badge").wait_for()
        page.wait_for_function(f"document.activeElement.closest('{TASK}') !== null")  # stays on this pitch
        assert not page.js_errors, page.js_errors

        login_as(page, "staff_1")
        page.goto(SCENARIO)
        page.click("button[aria-label='Open the pitch by learner_1']")
        detail = page.locator("[data-detail]")
        detail.get_by_text("Ready for the partner.").wait_for()
        text = detail.inner_text()
        for expected in ("The reach numbers.", "Staff time.", "Who signs?", "Delivery comment.", "Evidence comment."):
            assert expected in text
