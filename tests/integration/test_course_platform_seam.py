"""The course pages' seam to the platform: the suite-wide checks (with the recordings aliases), the
course outline, and the block settings the LMS is asked to collect."""

import types

import pytest

from openedx_plugins.wikilearn import platform
from openedx_plugins.wikilearn.content_source import OUTLINE_FIELDS, course_outline
from openedx_plugins.wikilearn.settings.common import add_outline_fields
from sandbox.content_blocks import COURSE_ORDER, scenario_outline
from tests.integration.course_pages_support import COURSE, two_courses

pytestmark = pytest.mark.django_db
__all__ = ["two_courses"]


def nobody(user, course_key):
    return False


def everybody(user, course_key):
    return True


def test_suite_wide_checks_with_the_recordings_names_as_aliases(settings, users):
    staff, learner = users["staff_1"], users["learner_1"]
    assert platform.is_course_staff(staff, COURSE) and not platform.is_course_staff(learner, COURSE)
    settings.WIKILEARN_STAFF_CHECK = None
    settings.WIKILEARN_RECORDINGS_STAFF_CHECK = "tests.integration.test_course_platform_seam.everybody"
    assert platform.is_course_staff(learner, COURSE)  # the older name, when the new one is not set
    settings.WIKILEARN_STAFF_CHECK = "tests.integration.test_course_platform_seam.nobody"
    assert not platform.is_course_staff(staff, COURSE)  # the suite-wide name wins
    settings.WIKILEARN_ENROLLMENT_CHECK = None
    settings.WIKILEARN_RECORDINGS_ENROLLMENT_CHECK = "tests.integration.test_course_platform_seam.nobody"
    assert not platform.is_enrolled(learner, COURSE)


def test_the_recordings_app_uses_the_suite_wide_checks(settings, users):
    from openedx_plugins.recordings import access

    assert access.course_level(users["staff_1"], COURSE) == access.STAFF
    settings.WIKILEARN_STAFF_CHECK = "tests.integration.test_course_platform_seam.nobody"
    settings.WIKILEARN_ENROLLMENT_CHECK = "tests.integration.test_course_platform_seam.nobody"
    assert access.course_level(users["staff_1"], COURSE) == access.NONE
    # Operators who named the old LMS defaults keep working: the names still import.
    assert access.lms_is_enrolled is platform.lms_is_enrolled
    assert access.lms_is_course_staff is platform.lms_is_course_staff


def test_defaults_are_the_lms_functions(settings):
    for name in ("WIKILEARN_ENROLLMENT_CHECK", "WIKILEARN_STAFF_CHECK", "WIKILEARN_ANONYMOUS_ID",
                 "WIKILEARN_COURSE_LEARNERS"):
        setattr(settings, name, None)
    settings.WIKILEARN_RECORDINGS_ENROLLMENT_CHECK = settings.WIKILEARN_RECORDINGS_STAFF_CHECK = None
    assert platform.function("WIKILEARN_STAFF_CHECK") is platform.lms_is_course_staff
    assert platform.function("WIKILEARN_ENROLLMENT_CHECK") is platform.lms_is_enrolled
    assert platform.function("WIKILEARN_ANONYMOUS_ID") is platform.lms_anonymous_id
    assert platform.function("WIKILEARN_COURSE_LEARNERS") is platform.lms_course_learners
    with pytest.raises(ImportError):  # edx-platform is not here: the default really is the LMS's
        platform.lms_is_course_staff(types.SimpleNamespace(), COURSE)


def test_the_sandbox_outline_is_its_course_in_order(two_courses):
    blocks = scenario_outline(COURSE)
    assert [b.usage_id.split(".")[1] for b in blocks] == [name.split(".")[0] for name in COURSE_ORDER]
    assert [b.position for b in blocks] == [0, 1, 2, 3]
    assert blocks[1].unit_url == blocks[1].block_url == "/scenario/wikilearn_rubric.0/"
    assert blocks[2].fields == {"allow_resubmission": True, "max_attempts": 3}
    assert set(blocks[3].fields) == set(OUTLINE_FIELDS["wikilearn_pitch_review"])
    assert scenario_outline("course-v1:Other+X+1") is None
    assert course_outline(COURSE, None) == blocks  # through WIKILEARN_COURSE_OUTLINE


def test_the_lms_is_asked_to_collect_the_block_settings_the_pages_read():
    settings = types.SimpleNamespace(COURSE_BLOCKS_API_EXTRA_FIELDS=[("course", "other_course_settings")])
    add_outline_fields(settings)
    add_outline_fields(settings)  # plugin settings may run twice (common, then production)
    assert settings.COURSE_BLOCKS_API_EXTRA_FIELDS == [
        ("course", "other_course_settings"), ("wikilearn_rubric", "allow_resubmission"),
        ("wikilearn_rubric", "max_attempts"), ("wikilearn_pitch_review", "review_deadline"),
        ("wikilearn_pitch_review", "scale")]
    empty = types.SimpleNamespace()
    add_outline_fields(empty)
    assert len(empty.COURSE_BLOCKS_API_EXTRA_FIELDS) == 4


def test_the_pages_know_learners_by_the_id_their_blocks_give_them(two_courses, blocks):
    """``WIKILEARN_ANONYMOUS_ID`` must be the id the platform's user service hands the blocks (the LMS:
    ``anonymous_id_for_user`` in both places): a learner's own work is found on their pages."""
    from openedx_plugins.wikilearn.models import RubricSubmission
    from tests.integration.course_pages_support import RUBRIC_1

    assert blocks.call(RUBRIC_1, "submit", {"answer": "Mine."}, user=two_courses["learner_1"]).status == 200
    stored = RubricSubmission.objects.get().anonymous_user_id
    assert platform.anonymous_id(two_courses["learner_1"], COURSE) == stored
    assert platform.anonymous_id(two_courses["learner_1"], "course-v1:Other+OT1+2026") != stored


def test_the_sandbox_learners_are_the_enrolled_learners_without_the_course_team(two_courses):
    from sandbox.models import LearnerProfile

    LearnerProfile.objects.filter(user__username="learner_8").update(enrolled=False)
    names = set(platform.course_learners(COURSE).values_list("username", flat=True))
    assert names == {f"learner_{n}" for n in range(1, 8)}  # not staff_1 (global), ta_1 (course staff), learner_8
    assert not platform.course_learners("course-v1:Other+X+1").exists()
