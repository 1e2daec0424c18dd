"""One whole pitch review group in Chromium: three pitches, auto-allocation, both phases by two
peers, the instructor's review and grade, release, and the presenter reading the feedback."""

import re

import pytest

from tests.a11y import axe_violations
from tests.conftest import login_as

pytestmark = pytest.mark.browser
SCENARIO = "/scenario/wikilearn_pitch_review.0/"
HOSTILE = "City Museum <script>alert(1)</script><img src=x onerror=alert(2)>"
CRITERIA = ["value_proposition", "evidence", "structure", "delivery"]


def open_block(page, username):
    login_as(page, username, language="en")  # the assertions read English messages
    page.goto(SCENARIO)
    page.wait_for_load_state("networkidle")


def wait_status(page, text):
    page.wait_for_function("t => document.querySelector('[data-wl-status]').textContent.includes(t)", arg=text)


def submit_pitch(page, username, partner, tmp_path):
    open_block(page, username)
    page.fill("[data-partner]", partner)
    page.fill("[data-ask]", "Open your photo archive to Wikimedia Commons.")
    page.fill("[data-links]", "https://example.org/slides")
    slides = tmp_path / f"{username}.pdf"
    slides.write_bytes(b"%PDF-1.4 pitch slides")
    page.set_input_files("[data-file]", str(slides))
    wait_status(page, "uploaded")
    page.click("[data-send-pitch]")
    wait_status(page, "was sent")


def review_both_phases(page, task, keyboard=False):
    if keyboard:
        # Phase one by keyboard alone: arrow keys pick the decision, Tab walks the fields, Enter sends.
        task.locator("input[value=would_partner]").focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.type("The reach <b>numbers</b>.")
        for _field in ("concerns", "questions", "send"):
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
    else:
        task.locator("input[value=would_need_more]").check()
        task.locator("[data-phase='1'] textarea[name=convinced]").fill("The reach <b>numbers</b>.")
        task.locator("[data-phase='1'] button[type=submit]").click()
    phase_two = task.locator("[data-phase='2']")
    phase_two.wait_for()
    for key in CRITERIA:
        phase_two.locator(f"input[data-criterion={key}][value=good]").check()
    phase_two.locator("textarea[data-comment=delivery]").fill("Calm and clear.")
    phase_two.locator("button[type=submit]").click()


def test_one_full_group(page, tmp_path):
    for username in ("learner_1", "learner_2", "learner_3"):
        submit_pitch(page, username, HOSTILE if username == "learner_1" else f"Partner of {username}", tmp_path)

    open_block(page, "staff_1")
    page.click("[data-auto]")
    wait_status(page, "allocated")

    # With three pitches, learner_2 and learner_3 both review learner_1's pitch.
    for reviewer in ("learner_2", "learner_3"):
        open_block(page, reviewer)
        task = page.locator("[data-task=learner_1]")
        assert HOSTILE in task.text_content()
        assert not axe_violations(page), f"review forms as {reviewer}"
        assert task.locator("a", has_text="learner_1.pdf").count() == 1
        # Two pitches to review: an index names each with where its review stands.
        index = page.locator("nav.wl-task-index")
        assert index.locator("a").count() == 2
        assert "Pitch by learner_1 Phase one to do" in " ".join(index.inner_text().split())
        review_both_phases(page, task, keyboard=reviewer == "learner_3")
        task.locator("summary .wl-badge").wait_for()
        # The reviewed pitch folds to its title; the other stays open; the index follows.
        assert task.locator("details").evaluate("d => d.open") is False
        assert not task.get_by_text("Calm and clear.").is_visible()
        assert "Pitch by learner_1 Review sent" in " ".join(index.inner_text().split())
        other = page.locator("[data-task]:not([data-task=learner_1])")
        assert other.locator("details").count() == 0 and other.locator("[data-phase='1']").is_visible()
        index.get_by_role("link", name="Pitch by learner_1").click()
        assert task.locator("details").evaluate("d => d.open") is True
        assert "Calm and clear." in task.inner_text()

    open_block(page, "staff_1")
    page.click("button[aria-label='Open the pitch by learner_1']")
    instructor = page.locator("[data-instructor-review]")
    instructor.locator("input[value=would_need_more]").wait_for()
    assert not axe_violations(page), "staff overview with a pitch open"
    # The group keeps its two peers and gets a presentation slot.
    page.fill("[data-detail] input[type=datetime-local]", "2026-12-03T15:00")
    page.click("[data-detail] button:text('Save group')")
    wait_status(page, "Group saved")
    page.locator("[data-detail] p:text('Presentation: 2026-12-03')").wait_for()
    review_both_phases(page, instructor)
    page.locator("[data-instructor-review] .wl-badge").wait_for()
    page.select_option("[data-detail] fieldset:has(legend:text('Final grade')) select", "good")
    page.click("[data-save-grade]")
    wait_status(page, "Grade saved")
    page.locator("[data-detail][data-version='1'] [data-release]").wait_for()
    page.click("[data-release]")
    wait_status(page, "Feedback released")

    open_block(page, "learner_1")
    received = page.locator("[data-received]")
    received.wait_for()
    text = received.text_content()
    assert "Final grade: Good (2)" in text
    assert re.search(r"Instructor: staff_1", text) and "Peer 1: learner_" in text and "Peer 2: learner_" in text
    assert text.count("The reach <b>numbers</b>.") == 3 and text.count("Calm and clear.") == 3
    assert page.locator("[data-received] b").count() == 0
    assert not axe_violations(page), "presenter reading feedback"
    assert "(Europe/Berlin)" in page.text_content("[data-slot]")
    assert not page.js_errors
