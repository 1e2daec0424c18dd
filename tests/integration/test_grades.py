"""Staff-given grades reach the gradebook the supported way (edx-submissions), for many learners, or not at all.

See xblocks/common/runtime/grades.py for the platform facts (edx-platform, edx-submissions, completion).
"""

import pytest
from django.contrib.auth import get_user_model
from submissions import api as submissions_api

from openedx_plugins.wikilearn.models.rubric import QueueState, RubricAssessment, RubricSubmission
from sandbox.models import GradebookScore, LearnerProfile
from tests.gradebook import completion, gradebook_score, submissions_score

pytestmark = pytest.mark.django_db

OLX = """<wikilearn_rubric display_name="Stakeholders" prompt="Map them."
  criteria='[{"key": "reach", "name": "Reach", "feedback": "optional"},
             {"key": "depth", "name": "Depth", "feedback": "optional"}]'/>"""
LEARNERS = 200


@pytest.fixture
def cohort(db):
    """``LEARNERS`` enrolled learners (bulk-created: the point is the grading, not the sign-up)."""
    model = get_user_model()
    model.objects.bulk_create([model(username=f"cohort_{n:03d}") for n in range(LEARNERS)])
    people = list(model.objects.filter(username__startswith="cohort_").order_by("username"))
    LearnerProfile.objects.bulk_create([LearnerProfile(user=user, language="en") for user in people])
    return people


def test_csv_import_and_recompute_record_200_grades(blocks, users, cohort):
    usage, staff = blocks.create(OLX), users["staff_1"]
    for learner in cohort:
        assert blocks.call(usage, "submit", {"answer": f"map of {learner.username}"}, user=learner).status == 200
    csv = "username,level:reach,level:depth,release\n" + "".join(
        f"{learner.username},good,{'excellent' if n % 2 else 'good'},yes\n" for n, learner in enumerate(cohort))
    report = blocks.call(usage, "import_csv", {"csv": csv}, user=staff).json
    assert report["applied"] == LEARNERS and report["rejected"] == []
    assert GradebookScore.objects.filter(usage_id=str(usage)).count() == LEARNERS
    assert gradebook_score(cohort[0], usage) == (4, 6) and gradebook_score(cohort[1], usage) == (5, 6)
    assert submissions_score(blocks, usage, cohort[1]) == (5, 6) and completion(cohort[1], usage) == 1.0

    block = blocks.block(usage, staff, surface="studio")  # the author doubles every level's points
    block.scale = [{"key": k, "label": k, "points": p * 2} for k, p in
                   (("poor", 0), ("needs_improvement", 1), ("good", 2), ("excellent", 3))]
    block.save()
    result = blocks.call(usage, "recompute_grades", {}, user=staff).json
    assert result["changed"] == LEARNERS
    assert gradebook_score(cohort[0], usage) == (8, 12) and gradebook_score(cohort[1], usage) == (10, 12)
    assert submissions_score(blocks, usage, cohort[199]) == (10, 12)


@pytest.fixture
def graded(blocks, users):
    """learner_1 submitted; staff drafted an assessment (not released)."""
    usage, staff, learner = blocks.create(OLX), users["staff_1"], users["learner_1"]
    blocks.call(usage, "submit", {"answer": "mine"}, user=learner)
    aid = blocks.block(usage, learner).user().anonymous_id
    draft = {"learner": aid, "attempt": 1, "version": 0, "levels": {"reach": "good", "depth": "good"}}
    assert blocks.call(usage, "assess", draft, user=staff).status == 200
    return usage, aid, {**draft, "version": 1, "release": True}


def nothing_released(blocks, usage, learner):
    assessment = RubricAssessment.objects.get()
    state = blocks.call(usage, "learner_state", user=learner).json
    return (assessment.status == RubricAssessment.DRAFT and assessment.version == 1
            and RubricSubmission.objects.get().queue_state == QueueState.WAITING
            and state["attempts"][0]["assessment"] is None and gradebook_score(learner, usage) is None
            and completion(learner, usage) == 0.0)


def test_a_failed_score_write_releases_nothing(blocks, users, graded, monkeypatch):
    usage, _aid, release = graded

    def broken(*args, **kwargs):
        raise submissions_api.SubmissionInternalError("the database is read-only")

    monkeypatch.setattr(submissions_api, "set_score", broken)
    result = blocks.call(usage, "assess", release, user=users["staff_1"])
    assert (result.status, result.json["error_code"]) == (503, "score_not_recorded")
    assert nothing_released(blocks, usage, users["learner_1"])


def test_a_score_set_silently_dropped_releases_nothing(blocks, users, graded, monkeypatch):
    """edx-submissions' set_score swallows an IntegrityError and records nothing: the release must notice."""
    usage, _aid, release = graded
    monkeypatch.setattr(submissions_api, "set_score", lambda *args, **kwargs: None)
    result = blocks.call(usage, "assess", release, user=users["staff_1"])
    assert (result.status, result.json["error_code"]) == (503, "score_not_recorded")
    assert nothing_released(blocks, usage, users["learner_1"])
    monkeypatch.undo()
    assert blocks.call(usage, "assess", release, user=users["staff_1"]).status == 200  # the retry goes through
    assert gradebook_score(users["learner_1"], usage) == (4, 6)
