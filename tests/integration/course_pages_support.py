"""Two courses for the course pages' tests: the sandbox course, and another one with its own team.

The sandbox has one course; the platform functions below add a second one (``OTHER``) the way the
LMS answers for it (``CourseEnrollment.is_enrolled``, ``has_access(user, "staff", key)``: global staff
are staff everywhere), with its own staff member and learner, and an outline of one rubric block.
Anything about the sandbox course is answered by the sandbox's own functions.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from workbench.runtime import ID_MANAGER
from workbench.scenarios import init_scenarios

from openedx_plugins.wikilearn.api import rubric as rubric_api
from openedx_plugins.wikilearn.content_source import SuiteBlock
from openedx_plugins.wikilearn.models import RubricSubmission
from sandbox import content_blocks, enrollment
from sandbox.models import LearnerProfile
from sandbox.services import anonymous_id_for

COURSE = "course-v1:Wikimedia+PB101+2026"
OTHER = "course-v1:Other+OT1+2026"
OTHER_RUBRIC = "block-v1:Other+OT1+2026+type@wikilearn_rubric+block@other"
OTHER_BLOCKS = [SuiteBlock(OTHER_RUBRIC, "wikilearn_rubric", "Other course's assignment", 0, "/other/unit",
                           "/other/block")]
RUBRIC_1 = "wikilearn-rubric-week-1-partnership-or-not.wikilearn_rubric.d0.u0"
RUBRIC_3 = "wikilearn-rubric-week-3-theory-of-change.wikilearn_rubric.d0.u0"
PITCH = "wikilearn-pitch-review-week-8-final-partnership-pitch.wikilearn_pitch_review.d0.u0"
POLL = "wikilearn-timezone-poll-partnership-building-weekly-live-session.wikilearn_timezone_poll.d0.u0"
# username -> role in OTHER
OTHER_ROLES = {"staff_other": "staff", "learner_other": "learner"}


def is_enrolled(user, course_key):
    """The sandbox's check, plus the other course's learners."""
    if str(course_key) == OTHER:
        return OTHER_ROLES.get(user.username) == "learner"
    return enrollment.is_enrolled(user, course_key)


def is_course_staff(user, course_key):
    """The sandbox's check (global staff are staff everywhere), plus the other course's team."""
    if str(course_key) == OTHER and OTHER_ROLES.get(user.username) == "staff":
        return True
    return enrollment.is_course_staff(user, course_key)


def course_learners(course_key):
    """The sandbox course's learners, or the other course's."""
    if str(course_key) == OTHER:
        return get_user_model().objects.filter(username__in=[n for n, r in OTHER_ROLES.items() if r == "learner"])
    return enrollment.course_learners(course_key)


def outline(course_key, user=None):
    """The sandbox course's scenarios, or the other course's one rubric."""
    if str(course_key) == OTHER:
        return list(OTHER_BLOCKS)
    return content_blocks.scenario_outline(course_key, user)


@pytest.fixture
def two_courses(settings, users):
    """Both courses; ``ta_1`` is staff of the sandbox course only (not global staff)."""
    # The scenario blocks' content in this test's database, under the usage ids they always have
    # (the workbench numbers definitions on, so the id manager starts over first).
    ID_MANAGER.clear()
    init_scenarios()
    settings.WIKILEARN_ENROLLMENT_CHECK = "tests.integration.course_pages_support.is_enrolled"
    settings.WIKILEARN_STAFF_CHECK = "tests.integration.course_pages_support.is_course_staff"
    settings.WIKILEARN_COURSE_LEARNERS = "tests.integration.course_pages_support.course_learners"
    settings.WIKILEARN_COURSE_OUTLINE = "tests.integration.course_pages_support.outline"
    model = get_user_model()
    for username in OTHER_ROLES:
        users[username] = model.objects.create(username=username)
    users["ta_1"] = model.objects.create(username="ta_1")
    LearnerProfile.objects.create(user=users["ta_1"], role="staff", enrolled=True)
    return users


def client_for(users, username):
    """A test client logged in as ``username`` (None: a visitor)."""
    client = Client()
    if username:
        client.force_login(users[username])
    return client


def anonymous(users, username, course=COURSE):
    """The anonymous id of ``username`` in ``course``."""
    return anonymous_id_for(users[username], course)


def submit(users, username, item=RUBRIC_1, course=COURSE, days_ago=0, answer="My answer."):
    """A new attempt of ``username``, sent ``days_ago`` days ago (through the rubric service)."""
    learner = anonymous(users, username, course)
    row = rubric_api.submit(course, item, learner, username, answer, [], [], lambda history: None)
    sent = timezone.now() - datetime.timedelta(days=days_ago)
    RubricSubmission.objects.filter(course_key=course, item_id=item, anonymous_user_id=learner,
                                    attempt=row["attempt"]).update(submitted_at=sent)
    return learner, row["attempt"]


RUBRIC_SNAPSHOT = {
    "criteria": [{"key": "judgement", "name": "Judgement", "description": "", "feedback": "optional"}],
    "scale": [{"key": "poor", "label": "Poor", "points": 0}, {"key": "good", "label": "Good", "points": 2},
              {"key": "excellent", "label": "Excellent", "points": 3}],
    "passing_rule": {"mode": "every_criterion", "level": "good"},
}


def assess(learner, attempt, level, release=True, item=RUBRIC_1, course=COURSE, feedback="Clear reasoning."):
    """Staff's assessment of one attempt (draft, or released), through the rubric service."""
    points = {"poor": 0, "good": 2, "excellent": 3}[level]

    def prepare(snapshot):
        return {"levels": {"judgement": level}, "feedback": {"judgement": feedback}, "overall_feedback": "Overall.",
                "points": points, "max_points": 3, "passed": points >= 2}

    return rubric_api.assess(course, item, learner, attempt, 0, RUBRIC_SNAPSHOT, prepare, release, "staff_1")
