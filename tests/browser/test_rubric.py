"""The whole rubric loop in Chromium: submit, grade with feedback, read it, resubmit, regrade.

Answers and feedback carry <script> and <img onerror> payloads, which must show as text.
"""

import re

import pytest

from tests.conftest import login_as

pytestmark = pytest.mark.browser

SCENARIO = "/scenario/wikilearn_rubric.0/"
ANSWER = 'Not a partnership <script>window.__xss = "answer"</script><img src=x onerror="window.__xss = \'img\'">'
FEEDBACK = 'Explain why <img src=x onerror="window.__xss = \'feedback\'"><script>window.__xss = 1</script>'


def status(page):
    return page.locator(".wikilearn-rubric [data-wl-status]")


def assert_no_injection(page):
    assert page.evaluate("window.__xss") is None
    assert page.locator(".wikilearn-rubric img").count() == 0
    assert page.locator(".wikilearn-rubric [data-history] script").count() == 0
    assert page.locator(".wikilearn-rubric [data-submission] script").count() == 0


def staff_grades(page, attempt, levels, feedback):
    login_as(page, "staff_1")
    page.goto(SCENARIO)
    row = page.locator("[data-queue-rows] tr", has_text="learner_1")
    row.get_by_role("button", name=re.compile("learner_1")).click()
    form = page.locator("form.wl-assess")
    form.get_by_role("heading", name=f"Assess attempt {attempt}").wait_for()
    for criterion, level in levels.items():
        group = form.get_by_role("group", name=re.compile(f"^{criterion}"))
        group.get_by_label(re.compile(f"^{level}")).check()
    form.get_by_role("group", name=re.compile("^Reasoning")).get_by_label("Feedback").fill(feedback)
    form.get_by_label("Overall feedback").fill("Overall: " + feedback)
    form.get_by_role("button", name="Release to learner").click()
    status(page).get_by_text("Feedback released to the learner.").wait_for()
    page.locator(".wl-attempt").first.locator(".wl-feedback", has_text="Released").wait_for()
    assert_no_injection(page)


def test_submit_grade_read_resubmit_regrade(page):
    login_as(page, "learner_1")
    page.goto(SCENARIO)
    answer = page.get_by_label("Answer", exact=True)
    answer.fill(ANSWER)
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("awaiting feedback", exact=False).first.wait_for()
    assert page.locator(".wl-answer").first.inner_text() == ANSWER
    assert_no_injection(page)
    assert page.locator("[data-form]").is_hidden()

    staff_grades(page, 1, {"Judgement": "Needs improvement", "Reasoning": "Good", "Mission": "Good"}, FEEDBACK)
    assert page.locator(".wl-answer").first.inner_text() == ANSWER

    login_as(page, "learner_1")
    page.goto(SCENARIO)
    feedback = page.locator(".wl-attempt").first.locator(".wl-feedback")
    feedback.wait_for()
    assert "Grade: 5 of 9 points" in feedback.inner_text()
    assert "Below the passing rule" in feedback.inner_text()
    assert FEEDBACK in feedback.inner_text() and ("Overall: " + FEEDBACK) in feedback.inner_text()
    assert_no_injection(page)
    page.get_by_role("heading", name="Revise and resubmit").wait_for()
    assert answer.input_value() == ANSWER  # revising starts from the previous answer
    answer.fill(ANSWER + " Revised: shared goals, mutual benefit.")
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("heading", name="Attempt 2").wait_for()
    status(page).get_by_text("Your answer was submitted").wait_for()

    staff_grades(page, 2, {"Judgement": "Excellent", "Reasoning": "Good", "Mission": "Good"}, "Much better.")
    assert page.locator(".wl-attempt").count() == 2

    login_as(page, "learner_1")
    page.goto(SCENARIO)
    latest = page.locator(".wl-attempt").first
    latest.locator(".wl-feedback").wait_for()
    assert "Grade: 7 of 9 points" in latest.inner_text() and "Meets the passing rule" in latest.inner_text()
    assert page.locator(".wl-attempt").count() == 2
    assert page.locator("[data-form]").is_hidden()
    assert "already meets the passing rule" in page.locator("[data-phase]").inner_text()
    assert_no_injection(page)


def test_learner_page_weight_is_small(page):
    login_as(page, "learner_2")
    sizes = []
    page.on("response", lambda r: sizes.append(len(r.body())) if re.search(r"rubric[^/]*\.(js|css)$", r.url) else None)
    page.goto(SCENARIO)
    page.wait_for_load_state("networkidle")
    inline = page.evaluate("""() => [...document.querySelectorAll('style, script:not([src])')]
        .map(n => n.textContent.length).reduce((a, b) => a + b, 0)""")
    assert sizes and sum(sizes) + inline < 40 * 1024


def test_studio_criteria_editor_saves_through_the_standard_form(page):
    login_as(page, "staff_1")
    page.goto("/scenario/wikilearn_rubric.1/studio_view/")
    editor = page.locator(".wl-rubric-editor")
    editor.get_by_role("button", name="Add criterion").click()
    fieldsets = editor.locator("fieldset")
    new = fieldsets.nth(fieldsets.count() - 1)
    new.get_by_label("Name").fill("Evidence <b>toolkit</b>")
    new.get_by_label("Feedback", exact=True).select_option("required")
    editor.get_by_label("Points", exact=True).last.fill("4")
    assert page.locator("#xb-field-edit-criteria").is_hidden()
    with page.expect_response(lambda r: "submit_studio_edits" in r.url) as saved:
        page.locator(".save-button").click()
    assert saved.value.status == 200
    page.goto("/scenario/wikilearn_rubric.1/")
    grading = page.locator(".wl-grading")
    grading.locator("summary").click()
    assert "Evidence <b>toolkit</b>" in grading.inner_text()
    assert "Excellent (4)" in grading.inner_text()


def test_learner_submits_with_the_keyboard_alone_and_hears_the_result(page):
    login_as(page, "learner_3", language="en")  # the assertions read English messages
    page.goto("/scenario/wikilearn_rubric.1/")
    page.locator("[data-form]").wait_for()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-answer')"):
            break
    else:
        pytest.fail("the answer box cannot be reached with Tab")
    page.keyboard.type("Inputs -> activities -> outputs -> outcomes, measured by new editors retained.")
    for _ in range(10):
        if page.evaluate("document.activeElement.hasAttribute('data-submit')"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    live = status(page)
    assert live.get_attribute("aria-live") == "polite"
    live.get_by_text("Your answer was submitted").wait_for()
    phase = page.locator("[data-phase]").inner_text()
    assert "awaiting feedback" in phase
    # One line says what happened, the other what comes next: never the same sentence twice.
    assert "submitted" not in phase and "awaiting" not in live.inner_text()


def test_studio_passing_rule_editor(page):
    login_as(page, "staff_1")
    page.goto("/scenario/wikilearn_rubric.0/studio_view/")
    editor = page.locator(".wl-rubric-editor")
    editor.get_by_label("Passing rule").select_option("percent")
    editor.get_by_label("Share of the total points (%)").fill("50")
    assert page.locator("#xb-field-edit-passing_rule").input_value() == '{"mode":"min_percent","percent":50}'
    editor.get_by_label("Passing rule").select_option("level:excellent")
    assert editor.get_by_label("Share of the total points (%)").is_hidden()
    assert page.locator("#xb-field-edit-passing_rule").input_value() == '{"mode":"every_criterion","level":"excellent"}'


SEED_GRADED = """
import datetime
from django.conf import settings
from openedx_plugins.wikilearn.models.rubric import RubricSubmission
later = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
RubricSubmission.objects.bulk_create([RubricSubmission(
    course_key=settings.WIKILEARN_SANDBOX_COURSE, item_id="{usage}", anonymous_user_id=f"paged{{i:03d}}",
    username=f"paged_{{i:02d}}", attempt=1, answer="x", queue_state=2,
    submitted_at=later + datetime.timedelta(minutes=i)) for i in range(30)])
from openedx_plugins.wikilearn.api import rubric_counts
rubric_counts.recount(settings.WIKILEARN_SANDBOX_COURSE, "{usage}")
"""


def test_staff_walk_the_queue_pages_forward_and_back(page, sandbox_server):
    """30 graded learners (dated last, after every other test's learners): Next follows the queue's cursor
    to page 2 without repeating anyone, Previous comes back to the same first page."""
    login_as(page, "staff_1")
    page.goto("/scenario/wikilearn_rubric.1/")
    usage = page.locator("[data-usage][data-block-type='wikilearn_rubric']").first.get_attribute("data-usage")
    sandbox_server.manage("shell", "-c", SEED_GRADED.format(usage=usage))
    page.goto("/scenario/wikilearn_rubric.1/")
    rows, info = page.locator("[data-queue-rows] tr th"), page.locator("[data-page-info]")
    page.locator("[data-filter]").select_option("graded")
    page.get_by_text(re.compile(r"Page 1 of 2 \(3\d\)")).wait_for()
    first = rows.all_inner_texts()
    assert len(first) == 25 and page.locator("[data-prev]").is_disabled()
    page.get_by_role("button", name="Next").click()
    page.get_by_text(re.compile(r"Page 2 of 2")).wait_for()
    second = rows.all_inner_texts()
    assert second and not set(first) & set(second) and "paged_29" in second
    assert page.locator("[data-next]").is_disabled()
    page.get_by_role("button", name="Previous").click()
    page.get_by_text(re.compile(r"Page 1 of 2")).wait_for()
    assert rows.all_inner_texts() == first and info.inner_text().startswith("Page 1")
