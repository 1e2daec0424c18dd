"""Showcase with consent, "My feedback", and how the blocks lead to the course pages.

The learner's consent goes through the rubric block's own handler (``set_showcase_consent``), as the
learner view sends it; staff pick on the showcase page; learners see the piece without grades.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from openedx_plugins.wikilearn.api import pitch_review
from openedx_plugins.wikilearn.models import RubricSubmission, ShowcaseConsent
from openedx_plugins.wikilearn.tab import CourseInboxTab, MyFeedbackTab
from tests.integration.course_pages_support import (
    COURSE,
    PITCH,
    POLL,
    RUBRIC_1,
    RUBRIC_3,
    anonymous,
    assess,
    client_for,
    submit,
    two_courses,
)

pytestmark = pytest.mark.django_db
__all__ = ["two_courses"]

SHOWCASE = f"/wikilearn/courses/{COURSE}/showcase/"
FEEDBACK = f"/wikilearn/courses/{COURSE}/feedback/"


@pytest.fixture
def graded(two_courses):
    users = two_courses
    learner, _ = submit(users, "learner_1", answer="Shared goals make the museum a partner.")
    assess(learner, 1, "poor", feedback="PRIVATE-FEEDBACK")
    return users


def consent(blocks, users, username, attempt, allowed, item=RUBRIC_1):
    return blocks.call(item, "set_showcase_consent", {"attempt": attempt, "allowed": allowed}, user=users[username])


def test_consent_pick_show_and_withdraw(graded, blocks):
    staff, learner_2 = client_for(graded, "ta_1"), client_for(graded, "learner_2")
    result = consent(blocks, graded, "learner_1", 1, True)
    assert (result.status, result.json) == (200, {"attempt": 1, "consented": True, "showcased": False})
    state = blocks.call(RUBRIC_1, "learner_state", {}, user=graded["learner_1"]).json
    assert state["showcase"] == {"1": {"consented": True, "showcased": False}}
    # Consented, not picked yet: staff see it with a "show" button, learners see nothing.
    assert "Shared goals make the museum a partner." in staff.get(SHOWCASE).content.decode()
    assert "Shared goals" not in learner_2.get(SHOWCASE).content.decode()
    piece = ShowcaseConsent.objects.get().pk
    assert staff.post(f"{SHOWCASE}pick", {"piece": piece, "show": "1"})["Location"] == f"{SHOWCASE}#piece-{piece}"
    shown = learner_2.get(SHOWCASE).content.decode()
    assert "Shared goals make the museum a partner." in shown and "learner_1" in shown
    assert "PRIVATE-FEEDBACK" not in shown and "0 of 3" not in shown and "Poor" not in shown
    assert blocks.call(RUBRIC_1, "learner_state", {}, user=graded["learner_1"]).json["showcase"]["1"]["showcased"]
    # Withdrawn: gone from the showcase at once, and staff's later pick says so.
    assert consent(blocks, graded, "learner_1", 1, False).json == {"attempt": 1, "consented": False,
                                                                  "showcased": False}
    assert "Shared goals" not in learner_2.get(SHOWCASE).content.decode()
    assert "Shared goals" not in staff.get(SHOWCASE).content.decode()
    assert staff.post(f"{SHOWCASE}pick", {"piece": piece, "show": "1"})["Location"] == f"{SHOWCASE}?gone=1"
    assert "its author withdrew consent" in staff.get(f"{SHOWCASE}?gone=1").content.decode()
    assert not ShowcaseConsent.objects.exists()


@pytest.mark.parametrize("data, status, code", [
    ({"attempt": "1", "allowed": True}, 400, "invalid_consent"),
    ({"attempt": True, "allowed": True}, 400, "invalid_consent"),
    ({"attempt": 1, "allowed": "yes"}, 400, "invalid_consent"),
    ({"attempt": 1}, 400, "invalid_consent"),
    ({"attempt": 7, "allowed": True}, 404, "no_submission"),
])
def test_bad_consent_requests_change_nothing(graded, blocks, data, status, code):
    result = blocks.call(RUBRIC_1, "set_showcase_consent", data, user=graded["learner_1"])
    assert (result.status, result.json["error_code"]) == (status, code)
    assert not ShowcaseConsent.objects.exists()


def test_a_learner_cannot_consent_for_someone_else(graded, blocks):
    """The handler acts on the caller's own attempts only: learner_2 has no attempt 1."""
    assert consent(blocks, graded, "learner_2", 1, True).status == 404
    assert not ShowcaseConsent.objects.exists()


def test_withdrawing_twice_and_consenting_twice_are_harmless(graded, blocks):
    assert consent(blocks, graded, "learner_1", 1, True).json["consented"]
    assert consent(blocks, graded, "learner_1", 1, True).json["consented"]
    assert ShowcaseConsent.objects.count() == 1
    assert not consent(blocks, graded, "learner_1", 1, False).json["consented"]
    assert not consent(blocks, graded, "learner_1", 1, False).json["consented"]


def test_the_learner_view_offers_the_consent_control_and_links(graded, blocks):
    html = blocks.render(RUBRIC_1, graded["learner_1"])
    assert f'href="{FEEDBACK}"' in html and f'href="{SHOWCASE}"' in html and 'target="_top"' in html
    assert "/inbox/" not in html
    script = open("xblocks/rubric/public/rubric.js", encoding="utf-8").read()
    assert "set_showcase_consent" in script


def test_staff_views_of_every_block_link_to_the_course_pages(graded, blocks):
    for usage in (RUBRIC_1, PITCH, POLL):
        html = blocks.render(usage, graded["ta_1"])
        for page in ("inbox", "progress", "showcase"):
            assert f'href="/wikilearn/courses/{COURSE}/{page}/"' in html, (usage, page)
    assert "/wikilearn/courses/" not in blocks.render(POLL, graded["learner_1"])
    assert "/wikilearn/courses/" not in blocks.render(RUBRIC_1, None)  # a visitor
    assert "/wikilearn/courses/" not in blocks.render(RUBRIC_1, graded["staff_1"], view="studio_view",
                                                      surface="studio")
    assert "/wikilearn/courses/" not in blocks.render(RUBRIC_1, graded["staff_1"], surface="preview")


def test_the_links_are_translated(graded, blocks):
    graded["learner_7"].sandbox_profile.language = "ar"
    graded["learner_7"].sandbox_profile.save()
    html = blocks.render(RUBRIC_1, graded["learner_7"])
    assert 'class="wikilearn wl-course-links" lang="ar" dir="rtl"' in html and ">My feedback<" not in html


def test_my_feedback_lists_own_work_newest_first_with_released_feedback_only(graded):
    learner = anonymous(graded, "learner_1")
    submit(graded, "learner_1", item=RUBRIC_3, answer="Theory of change, draft.")
    assess(learner, 1, "excellent", release=False, item=RUBRIC_3, feedback="NOT-RELEASED")
    RubricSubmission.objects.filter(item_id=RUBRIC_1).update(submitted_at=timezone.now() - datetime.timedelta(days=3))
    pitch_review.submit_pitch(COURSE, PITCH, learner, "learner_1", "Museum", "Ask", ["https://x.org"], [])
    pitch_review.assess(COURSE, PITCH, learner, 0, {"grade_level": "excellent", "grade_points": 3, "grade_max": 3,
                                                    "grade_comment": "PITCH-COMMENT"})
    html = client_for(graded, "learner_1").get(FEEDBACK).content.decode()
    titles = [title for title in ("Final partnership pitch", "Theory of change, attempt 1",
                                  "Partnership or not?, attempt 1") if title in html]
    assert titles == ["Final partnership pitch", "Theory of change, attempt 1", "Partnership or not?, attempt 1"]
    assert html.index("Final partnership pitch") < html.index("Theory of change") < html.index("Partnership or not?")
    assert "PRIVATE-FEEDBACK" in html and "0 of 3 points" in html and "Below the passing rule" in html
    assert "NOT-RELEASED" not in html and "PITCH-COMMENT" not in html  # neither is released yet
    assert html.count("Awaiting feedback") == 2
    pitch_review.release(COURSE, PITCH, learner, 1, lambda pitch: None)
    html = client_for(graded, "learner_1").get(FEEDBACK).content.decode()
    assert "Grade: Excellent" in html and "PITCH-COMMENT" in html


def test_staff_read_a_learners_feedback_by_name_or_id(graded):
    staff = client_for(graded, "ta_1")
    by_name = staff.get(f"{FEEDBACK}?learner=learner_1").content.decode()
    by_id = staff.get(f"{FEEDBACK}?learner={anonymous(graded, 'learner_1')}").content.decode()
    assert "Feedback of learner_1" in by_name and "PRIVATE-FEEDBACK" in by_name and by_id == by_name


def test_course_tabs(graded):
    course = SimpleNamespace(id=COURSE)
    assert CourseInboxTab.is_enabled(course, user=graded["ta_1"])
    assert not CourseInboxTab.is_enabled(course, user=graded["learner_1"])
    assert not CourseInboxTab.is_enabled(course, user=graded["staff_other"])
    assert not CourseInboxTab.is_enabled(course, user=None)
    assert MyFeedbackTab.is_enabled(course, user=graded["learner_1"])
    assert not MyFeedbackTab.is_enabled(course, user=graded["ta_1"])
    other = SimpleNamespace(id="course-v1:Other+OT1+2026")
    assert not MyFeedbackTab.is_enabled(other, user=graded["learner_other"])  # nothing submitted there
    assert CourseInboxTab.view_name == "wikilearn:course_inbox"
    assert MyFeedbackTab.view_name == "wikilearn:course_feedback"
