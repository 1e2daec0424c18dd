"""The rubric loop by keyboard alone: the learner submits, staff grades with feedback and releases,
the learner reads it and resubmits. Every element Tab reaches shows its focus; every status change
lands in the aria-live region."""

import pytest

from tests.browser.site_support import assert_focus_visible, tab_until, wait_live
from tests.conftest import login_as

pytestmark = pytest.mark.browser
SCENARIO = "/scenario/wikilearn_rubric.0/"
LEARNER = "learner_8"  # reads English; nobody else's test uses learner_8 on this rubric
FIRST = "Museum loan: not a partnership, no shared goal."
REVISION = " Revised: the loan has no shared goal or commitment."
LEVELS = {"Judgement": 1, "Reasoning": 2, "Mission": 3}  # needs improvement, good, excellent


def in_fieldset(legend):
    return f"(el.closest('fieldset')?.querySelector('legend').textContent.startsWith('{legend}') ?? false)"


def learner_submits(page, text, extend=False):
    tab_until(page, "el.hasAttribute('data-answer')")
    if extend:
        page.keyboard.press("Control+End")
    page.keyboard.type(text)
    tab_until(page, "el.hasAttribute('data-submit')")
    page.keyboard.press("Enter")
    wait_live(page, "Your answer was submitted", ".wikilearn-rubric")
    # The form (and the focused button) went away: the focus lands on the new state, visibly.
    assert page.evaluate("document.activeElement.hasAttribute('data-phase')")
    assert_focus_visible(page)


def staff_grades_by_keyboard(page):
    tab_until(page, f"el.tagName === 'BUTTON' && (el.closest('tr')?.textContent.includes('{LEARNER}') ?? false)")
    page.keyboard.press("Enter")
    wait_live(page, f"Submission of {LEARNER} opened", ".wikilearn-rubric")
    assert page.evaluate("document.activeElement.tagName") == "H3"  # focus moved to the learner's heading
    assert_focus_visible(page)
    for legend, index in LEVELS.items():
        tab_until(page, f"el.type === 'radio' && {in_fieldset(legend)}")
        page.keyboard.press("Space")  # nothing checked yet: Tab landed on the first level
        for _ in range(index):
            page.keyboard.press("ArrowDown")
        tab_until(page, f"el.tagName === 'TEXTAREA' && {in_fieldset(legend)}")
        page.keyboard.type(f"{legend}: see the reading, example 3.")
    tab_until(page, "el.tagName === 'TEXTAREA' && el.labels[0].textContent === 'Overall feedback'")
    page.keyboard.type("A good start.")
    tab_until(page, "el.textContent === 'Release to learner'")
    page.keyboard.press("Enter")
    wait_live(page, "Feedback released to the learner.", ".wikilearn-rubric")


def test_rubric_loop_by_keyboard_alone(page):
    login_as(page, LEARNER)
    page.goto(SCENARIO)
    page.locator("[data-form]").wait_for()
    learner_submits(page, FIRST)
    assert "awaiting feedback" in page.locator("[data-phase]").inner_text()

    login_as(page, "staff_1")
    page.goto(SCENARIO)
    page.locator("[data-queue-rows] tr", has_text=LEARNER).wait_for()
    staff_grades_by_keyboard(page)
    checked = page.eval_on_selector_all("form.wl-assess input[type=radio]:checked", "els => els.map(e => e.value)")
    assert checked == ["needs_improvement", "good", "excellent"]

    login_as(page, LEARNER)
    page.goto(SCENARIO)
    feedback = page.locator(".wl-attempt").first.locator(".wl-feedback")
    feedback.wait_for()
    text = feedback.inner_text()
    assert "Grade: 6 of 9 points" in text and "A good start." in text
    assert "Reasoning: see the reading, example 3." in text
    page.get_by_role("heading", name="Revise and resubmit").wait_for()
    learner_submits(page, REVISION, extend=True)
    page.get_by_role("heading", name="Attempt 2").wait_for()
    assert page.locator(".wl-answer").first.inner_text() == FIRST + REVISION
