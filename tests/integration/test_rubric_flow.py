"""The rubric block through the sandbox runtime: submit, assess, release, resubmit, CSV, grades."""

import datetime
import gettext
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openedx_plugins.wikilearn.models.rubric import RubricAssessment, RubricDraft, RubricSubmission
from sandbox.models import LearnerProfile, PublishedEvent
from tests.gradebook import completion, gradebook_score, submissions_score

TRANSLATIONS = Path(__file__).resolve().parents[2] / "xblocks" / "translations"

pytestmark = pytest.mark.django_db

OLX = """<wikilearn_rubric display_name="Partnership or not?" prompt="Decide."
  criteria='[{"key": "judgement", "name": "Judgement", "feedback": "optional"},
             {"key": "reasoning", "name": "Reasoning", "feedback": "required"}]'/>"""
GOOD = {"judgement": "good", "reasoning": "excellent"}
WEAK = {"judgement": "needs_improvement", "reasoning": "good"}


@pytest.fixture
def usage(blocks):
    return blocks.create(OLX)


def submit(blocks, usage, user, answer="My answer", **extra):
    return blocks.call(usage, "submit", {"answer": answer, **extra}, user=user)


def learner_id(blocks, usage, user):
    return blocks.block(usage, user).user().anonymous_id


def assess(blocks, usage, staff, learner, attempt=1, version=0, levels=GOOD, release=True, **extra):
    data = {"learner": learner, "attempt": attempt, "version": version, "levels": levels,
            "feedback": {"reasoning": "Well argued."}, "overall_feedback": "Good work.", "release": release, **extra}
    return blocks.call(usage, "assess", data, user=staff)


def test_whole_loop_submit_release_resubmit_regrade(blocks, usage, users):
    learner, staff = users["learner_1"], users["staff_1"]
    assert blocks.call(usage, "save_draft", {"answer": "half"}, user=learner).status == 200
    state = blocks.call(usage, "learner_state", user=learner).json
    assert state["phase"] == "not_submitted" and state["draft"]["answer"] == "half" and state["can_submit"]

    assert submit(blocks, usage, learner, "First <script>alert(1)</script>").json["attempt"] == 1
    assert not RubricDraft.objects.exists()
    state = blocks.call(usage, "learner_state", user=learner).json
    assert state["phase"] == "awaiting_feedback" and not state["can_submit"]
    assert state["refusal"]["error_code"] == "awaiting_feedback"
    assert submit(blocks, usage, learner).json["error_code"] == "awaiting_feedback"

    aid = learner_id(blocks, usage, learner)
    draft = assess(blocks, usage, staff, aid, levels=WEAK, release=False)
    assert draft.status == 200 and draft.json["assessment"]["version"] == 1
    # A draft assessment stays invisible to the learner.
    state = blocks.call(usage, "learner_state", user=learner).json
    assert state["attempts"][0]["assessment"] is None and state["phase"] == "awaiting_feedback"

    released = assess(blocks, usage, staff, aid, levels=WEAK, version=1)
    assert released.status == 200
    assert released.json["assessment"]["points"] == 3 and released.json["assessment"]["passed"] is False
    assert submissions_score(blocks, usage, learner) == (3, 6) and gradebook_score(learner, usage) == (3, 6)
    assert completion(learner, usage) == 1.0
    assert not PublishedEvent.objects.filter(event_type="grade").exists()  # no grade event from a staff request
    assert PublishedEvent.objects.filter(event_type="wikilearn.rubric.released").count() == 1

    state = blocks.call(usage, "learner_state", user=learner).json
    assert state["phase"] == "feedback_released" and state["can_submit"]
    feedback = state["attempts"][0]["assessment"]
    assert feedback["feedback"] == {"reasoning": "Well argued."} and feedback["overall_feedback"] == "Good work."
    assert "assessor" not in feedback

    assert submit(blocks, usage, learner, "Second, better").json["attempt"] == 2
    queue = blocks.call(usage, "staff_queue", {}, user=staff).json
    assert [(i["username"], i["attempt"], i["state"]) for i in queue["items"]] == [("learner_1", 2, "resubmitted")]
    assert assess(blocks, usage, staff, aid, attempt=2).json["assessment"]["passed"] is True
    state = blocks.call(usage, "learner_state", user=learner).json
    assert [a["attempt"] for a in state["attempts"]] == [1, 2]
    assert state["refusal"]["error_code"] == "already_passed"
    assert gradebook_score(learner, usage) == (5, 6)


def test_queue_order_filter_and_paging(blocks, usage, users):
    staff = users["staff_1"]
    for name in ("learner_1", "learner_2", "learner_3"):
        submit(blocks, usage, users[name])
    assess(blocks, usage, staff, learner_id(blocks, usage, users["learner_1"]), levels=WEAK)
    submit(blocks, usage, users["learner_1"], "again")
    assess(blocks, usage, staff, learner_id(blocks, usage, users["learner_2"]))
    body = blocks.call(usage, "staff_queue", {}, user=staff).json
    assert [(i["username"], i["state"]) for i in body["items"]] == [
        ("learner_3", "waiting"), ("learner_1", "resubmitted"), ("learner_2", "graded")]
    page = blocks.call(usage, "staff_queue", {"page": 2, "page_size": 2}, user=staff).json
    assert [i["username"] for i in page["items"]] == ["learner_2"] and page["pages"] == 2 and page["total"] == 3
    graded = blocks.call(usage, "staff_queue", {"filter": "graded"}, user=staff).json
    assert [i["username"] for i in graded["items"]] == ["learner_2"]
    assert blocks.call(usage, "staff_queue", {"filter": "nope"}, user=staff).json["error_code"] == "unknown_filter"


def test_queue_query_count_does_not_grow(blocks, usage, users):
    staff = users["staff_1"]
    block = blocks.block(usage, staff)

    def queue_queries():
        with CaptureQueriesContext(connection) as queries:
            assert blocks.call(usage, "staff_queue", {}, user=staff).status == 200
        return len(queries)

    for n in range(3):
        RubricSubmission.objects.create(course_key=block.course_key, item_id=block.item_id,
                                        anonymous_user_id=f"a{n}", username=f"u{n}", attempt=1, answer="x")
    small = queue_queries()
    RubricSubmission.objects.bulk_create([
        RubricSubmission(course_key=block.course_key, item_id=block.item_id, anonymous_user_id=f"b{n}",
                         username=f"v{n}", attempt=1, answer="x") for n in range(60)])
    assert queue_queries() == small


def test_concurrent_staff_edit_gets_stale_version(blocks, usage, users):
    staff = users["staff_1"]
    submit(blocks, usage, users["learner_1"])
    aid = learner_id(blocks, usage, users["learner_1"])
    assert assess(blocks, usage, staff, aid, release=False).status == 200
    second = assess(blocks, usage, staff, aid, version=0, levels=WEAK)
    assert second.status == 409 and second.json["error_code"] == "stale_version"
    row = RubricAssessment.objects.get()
    assert row.levels == GOOD and row.version == 1 and row.status == "draft"


def test_bad_input_is_refused_and_nothing_saved(blocks, usage, users, settings):
    learner, staff = users["learner_1"], users["staff_1"]
    settings.WIKILEARN_MAX_ANSWER_LENGTH = 100
    assert submit(blocks, usage, learner, "   ").json["error_code"] == "empty_answer"
    assert submit(blocks, usage, learner, "x" * 101).json["error_code"] == "answer_too_long"
    assert submit(blocks, usage, learner, "ok", links=["javascript:alert(1)"]).json["error_code"] == "invalid_link"
    bad_json = blocks.call(usage, "submit", body=b"{nope", user=learner)
    assert bad_json.status == 400 and bad_json.json["error_code"] == "invalid_json"
    assert not RubricSubmission.objects.exists()
    submit(blocks, usage, learner)
    aid = learner_id(blocks, usage, learner)
    for levels, code in (({"judgement": "good", "nope": "good"}, "unknown_criterion"),
                         ({"judgement": "great", "reasoning": "good"}, "unknown_level"),
                         ({"judgement": "good"}, "missing_level")):
        result = assess(blocks, usage, staff, aid, levels=levels)
        assert result.status == 400 and result.json["error_code"] == code
    missing_feedback = blocks.call(usage, "assess", {"learner": aid, "attempt": 1, "version": 0, "levels": GOOD,
                                                     "release": True}, user=staff)
    assert missing_feedback.json["error_code"] == "feedback_required"
    assert assess(blocks, usage, staff, aid, attempt=7).status == 404
    assert not RubricAssessment.objects.exists()
    assert submissions_score(blocks, usage, learner) is None


def test_attempt_limits_resubmission_and_due_date(blocks, users):
    staff, learner = users["staff_1"], users["learner_2"]
    usage = blocks.create(OLX.replace("/>", ' max_attempts="2"/>'))
    submit(blocks, usage, learner)
    aid = learner_id(blocks, usage, learner)
    assess(blocks, usage, staff, aid, levels=WEAK)
    submit(blocks, usage, learner, "second")
    assess(blocks, usage, staff, aid, attempt=2, levels=WEAK)
    assert submit(blocks, usage, learner, "third").json["error_code"] == "no_attempts_left"
    assert RubricSubmission.objects.filter(anonymous_user_id=aid).count() == 2

    no_resubmit = blocks.create(OLX.replace("/>", ' allow_resubmission="false"/>'))
    submit(blocks, no_resubmit, learner)
    assess(blocks, no_resubmit, staff, learner_id(blocks, no_resubmit, learner), levels=WEAK)
    assert submit(blocks, no_resubmit, learner, "again").json["error_code"] == "resubmission_not_allowed"

    past = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)).isoformat()
    overdue = blocks.create(OLX.replace("/>", f' due="{past}"/>'))
    result = submit(blocks, overdue, learner)
    assert result.status == 400 and result.json["error_code"] == "past_due"


def test_recompute_after_points_change_keeps_snapshots(blocks, usage, users):
    staff, learner = users["staff_1"], users["learner_3"]
    submit(blocks, usage, learner)
    aid = learner_id(blocks, usage, learner)
    assess(blocks, usage, staff, aid)  # good (2) + excellent (3)
    block = blocks.block(usage, staff, surface="studio")  # an author changes the points in Studio
    block.scale = [{"key": "poor", "label": "Poor", "points": 0}, {"key": "needs_improvement", "label": "NI",
                   "points": 2}, {"key": "good", "label": "Good", "points": 4}, {"key": "excellent",
                   "label": "Excellent", "points": 6}]
    block.save()
    assert blocks.block(usage, staff).max_score() == 12
    result = blocks.call(usage, "recompute_grades", {}, user=staff).json
    assert result == {"changed": 1, "learners": ["learner_3"]}
    row = RubricAssessment.objects.get()
    assert (row.points, row.max_points) == (10, 12)
    assert row.rubric["scale"][3]["points"] == 3  # the snapshot is what the learner was graded against
    assert submissions_score(blocks, usage, learner) == (10, 12) and gradebook_score(learner, usage) == (10, 12)
    assert blocks.call(usage, "recompute_grades", {}, user=staff).json["changed"] == 0


def test_csv_export_and_import_with_row_report(blocks, usage, users):
    staff = users["staff_1"]
    submit(blocks, usage, users["learner_1"], "=HYPERLINK(\"evil\")")
    submit(blocks, usage, users["learner_2"], "Réponse en français")
    export = blocks.call(usage, "export_csv", method="GET", user=staff).response
    text = export.body.decode("utf-8-sig")
    assert export.content_type == "text/csv"
    assert text.splitlines()[0].startswith("username,attempt,submitted_at,state,answer")
    assert "'=HYPERLINK" in text and "Réponse en français" in text
    csv_text = ("username,attempt,level:judgement,level:reasoning,feedback:reasoning,overall_feedback,release\n"
                "learner_1,,good,excellent,Clear,Nice,yes\n"
                "learner_2,,good,,,,yes\n"
                "learner_9,,good,good,x,,no\n"
                "learner_2,1,great,good,x,,no\n")
    report = blocks.call(usage, "import_csv", {"csv": csv_text}, user=staff).json
    assert report["applied"] == 1
    assert [(r["line"], r["error_code"]) for r in report["rejected"]] == [
        (3, "missing_level"), (4, "no_submission"), (5, "unknown_level")]
    assert RubricAssessment.objects.get().points == 5
    assert blocks.call(usage, "import_csv", {"csv": "name\nx\n"}, user=staff).json["error_code"] == "malformed_csv"
    assert blocks.call(usage, "import_csv", {"csv": ""}, user=staff).status == 400


def test_concurrent_submits_by_one_learner_make_one_attempt(blocks, usage, users):
    learner = users["learner_1"]
    assert submit(blocks, usage, learner).status == 200
    # A second submit while the first awaits feedback is refused, not duplicated.
    assert submit(blocks, usage, learner).status == 400
    assert RubricSubmission.objects.count() == 1


def test_studio_view_and_validation(blocks, usage, users):
    html = blocks.render(usage, users["staff_1"], view="studio_view", surface="studio")
    assert "xb-field-edit-criteria" in html and "xb-field-edit-scale" in html
    bad = blocks.call(usage, "submit_studio_edits", {"values": {"criteria": [], "max_attempts": -1},
                                                     "defaults": []}, user=users["staff_1"], surface="studio")
    assert bad.status == 400
    good = blocks.call(usage, "submit_studio_edits", {"values": {"criteria": [
        {"name": "Théorie du changement", "feedback": "required"}, {"name": "Metrics"}]}, "defaults": []},
        user=users["staff_1"], surface="studio")
    assert good.status == 200
    block = blocks.block(usage, users["staff_1"])
    assert [c["key"] for c in block.criteria] == ["theorie_du_changement", "metrics"]
    assert block.max_score() == 6 and block.has_score


POINTS = "Every scale level needs a key, a label and a whole number of points."


@pytest.mark.parametrize("values, message, params", [
    ({"criteria": []}, "A rubric needs at least one criterion.", {}),
    ({"criteria": [{"name": ""}]}, "Criterion %(number)s needs a name.", {"number": 1}),
    ({"criteria": [{"name": "A", "feedback": "sometimes"}]},
     'Criterion %(number)s: feedback must be "optional" or "required".', {"number": 1}),
    ({"scale": [{"key": "a", "label": "A", "points": 0}]}, "A scale needs at least two levels.", {}),
    ({"scale": [{"key": "a", "label": "A", "points": "two"}, {"key": "b", "label": "B", "points": 3}]}, POINTS, {}),
    ({"scale": [{"key": "a", "label": "A", "points": 1.5}, {"key": "b", "label": "B", "points": 3}]}, POINTS, {}),
    ({"scale": [{"key": "a", "points": 1}, {"key": "b", "label": "B", "points": 3}]}, POINTS, {}),
    ({"passing_rule": {"mode": "every_criterion", "level": ["good"]}},
     'The passing level "%(level)s" is not on the scale.', {"level": ["good"]}),
    ({"passing_rule": {"mode": "min_percent", "percent": 140}},
     "The passing percentage must be between 0 and 100.", {}),
    ({"passing_rule": {"mode": "luck"}}, 'Unknown passing rule "%(mode)s".', {"mode": "luck"}),
])
def test_studio_refusals_are_in_the_authors_language(blocks, usage, users, values, message, params):
    """Settings an author cannot use are refused in the author's language (the suite's catalogue),
    never as a Python error text or a 500, and the block keeps its settings."""
    staff = users["staff_1"]
    before = blocks.block(usage, staff).criteria
    save = {"values": values, "defaults": []}
    refused = blocks.call(usage, "submit_studio_edits", save, user=staff, surface="studio")
    assert refused.status == 400 and refused.json["error_code"] == "invalid_settings"
    assert refused.json["message"] == message % params
    LearnerProfile.objects.filter(user=staff).update(language="fr")
    staff.refresh_from_db()  # forgets the cached profile
    refused = blocks.call(usage, "submit_studio_edits", save, user=staff, surface="studio")
    french = gettext.translation("text", str(TRANSLATIONS), ["fr"]).gettext(message)
    assert french != message
    assert refused.status == 400 and refused.json["message"] == french % params
    assert refused.json["error"]["messages"] == [{"text": french % params, "type": "error"}]
    assert blocks.block(usage, staff).criteria == before


def test_releasing_an_older_attempt_does_not_replace_the_grade(blocks, usage, users):
    staff, learner = users["staff_1"], users["learner_4"]
    submit(blocks, usage, learner)
    aid = learner_id(blocks, usage, learner)
    assess(blocks, usage, staff, aid, levels=WEAK)
    submit(blocks, usage, learner, "second")
    assess(blocks, usage, staff, aid, attempt=2)
    assert gradebook_score(learner, usage) == (5, 6)
    poor = {"judgement": "poor", "reasoning": "poor"}
    regraded = assess(blocks, usage, staff, aid, attempt=1, version=1, levels=poor)
    assert regraded.status == 200 and regraded.json["assessment"]["points"] == 0
    assert gradebook_score(learner, usage) == (5, 6) == submissions_score(blocks, usage, learner)
    saved_draft = assess(blocks, usage, staff, aid, attempt=2, version=1, release=False)
    assert saved_draft.status == 409 and saved_draft.json["error_code"] == "already_released"
