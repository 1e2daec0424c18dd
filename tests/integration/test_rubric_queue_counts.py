"""The staff queue's totals (``RubricQueueCount``): equal to a recount after any sequence of changes, one
query per page whatever the queue's size, kept by the admin, recounted by the command and the migration."""

import io
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from submissions import api as submissions_api

from openedx_plugins.wikilearn.api import rubric_counts
from openedx_plugins.wikilearn.models.rubric import QueueState, RubricQueueCount, RubricSubmission
from tests.integration.test_rubric_queue_paging import fill

pytestmark = pytest.mark.django_db

OLX = """<wikilearn_rubric prompt="Decide." allow_resubmission="true" max_attempts="0"
  criteria='[{"key": "judgement", "name": "Judgement", "feedback": "optional"}]'/>"""


@pytest.fixture
def usage(blocks):
    return blocks.create(OLX)


def recounted(block):
    """The block's counts recomputed from its attempts, in :func:`rubric_counts.stored`'s shape."""
    found = rubric_counts.tally(course_key=block.course_key, item_id=block.item_id)
    return {state: found.get((block.course_key, block.item_id, state), 0) for state in QueueState.values}


def assert_counts_exact(block):
    assert rubric_counts.stored(block.course_key, block.item_id) == recounted(block)


def latest_attempt(blocks, usage, staff, learner):
    reply = blocks.call(usage, "staff_submission", {"learner": learner}, user=staff)
    if reply.status != 200:
        return None
    return reply.json["attempts"][-1] if reply.json["attempts"] else None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_submits_grades_releases_and_resubmits_keep_the_counts_exact(blocks, usage, users, seed):
    rng = random.Random(seed)
    staff = users["staff_1"]
    learners = [users[f"learner_{i}"] for i in range(1, 7)]
    ids = {user.username: blocks.block(usage, user).user().anonymous_id for user in learners}
    block = blocks.block(usage, staff)
    seen = set()
    for _step in range(120):
        user = rng.choice(learners)
        action = rng.choice(["submit", "submit", "draft", "release", "release", "release_older"])
        if action == "submit":
            seen.add(blocks.call(usage, "submit", {"answer": "mine"}, user=user).status)
        else:
            current = latest_attempt(blocks, usage, staff, ids[user.username])
            if current is None:
                continue
            attempt = current["attempt"] - 1 if action == "release_older" else current["attempt"]
            if attempt < 1:
                continue
            history = blocks.call(usage, "staff_submission", {"learner": ids[user.username]}, user=staff).json
            assessment = history["attempts"][attempt - 1]["assessment"]
            version = assessment["version"] if assessment else 0
            reply = blocks.call(usage, "assess", {
                "learner": ids[user.username], "attempt": attempt, "version": version,
                "levels": {"judgement": rng.choice(["poor", "needs_improvement", "good"])},
                "release": action != "draft"}, user=staff)
            seen.add(reply.status)
        assert_counts_exact(block)
    assert {200, 409} <= seen  # both kept changes and refused ones (awaiting feedback, released) were tried
    rows = RubricSubmission.objects.filter(item_id=block.item_id)
    # the sequence went through every transition: resubmitted attempts, graded ones, graded then superseded
    assert rows.filter(is_latest=True, queue_state=1).exists() and rows.filter(is_latest=True, queue_state=2).exists()
    assert rows.filter(attempt__gte=2).exists() and rows.filter(is_latest=False, queue_state=2).exists()
    page = blocks.call(usage, "staff_queue", {}, user=staff).json
    assert page["total"] == RubricSubmission.objects.filter(is_latest=True, item_id=block.item_id).count()
    for name in ("waiting", "resubmitted", "to_grade", "graded"):
        body = blocks.call(usage, "staff_queue", {"filter": name}, user=staff).json
        expected = sum(recounted(block)[state] for state in rubric_counts_states(name))
        assert body["total"] == expected


def rubric_counts_states(name):
    from openedx_plugins.wikilearn.api.rubric import queue_states  # noqa: PLC0415 - one helper, one test

    return queue_states(name)


def page_queries(blocks, usage, staff, **data):
    with CaptureQueriesContext(connection) as queries:
        reply = blocks.call(usage, "staff_queue", data, user=staff)
    assert reply.status == 200
    return queries, reply.json


def test_a_queue_page_costs_the_same_queries_at_10_and_300_learners_and_counts_no_attempts(blocks, usage, users):
    staff = users["staff_1"]
    block = fill(blocks, usage, staff, 10, prefix="s")
    small, body = page_queries(blocks, usage, staff, filter="to_grade")
    assert body["total"] == 6
    fill(blocks, usage, staff, 290, prefix="b")
    large, body = page_queries(blocks, usage, staff, filter="to_grade")
    assert body["total"] == 6 + 174 and len(large) == len(small)
    counts_table, attempts_table = RubricQueueCount._meta.db_table, RubricSubmission._meta.db_table
    totals = [q["sql"] for q in large if counts_table in q["sql"]]
    assert len(totals) == 1 and "SUM" in totals[0].upper()
    assert not [q["sql"] for q in large if attempts_table in q["sql"] and "COUNT(" in q["sql"].upper()]
    assert_counts_exact(block)


def test_first_submit_of_a_block_creates_its_rows_later_changes_only_update(blocks, usage, users):
    learner, staff = users["learner_1"], users["staff_1"]
    block = blocks.block(usage, staff)
    assert not RubricQueueCount.objects.exists()
    assert blocks.call(usage, "submit", {"answer": "a"}, user=learner).status == 200
    rows = {row.queue_state: row.pk for row in RubricQueueCount.objects.all()}
    assert sorted(rows) == QueueState.values
    assert blocks.call(usage, "submit", {"answer": "b"}, user=users["learner_2"]).status == 200
    assert {row.queue_state: row.pk for row in RubricQueueCount.objects.all()} == rows
    assert rubric_counts.stored(block.course_key, block.item_id) == {0: 2, 1: 0, 2: 0}


def test_a_failed_release_leaves_the_counts_as_they_were(blocks, usage, users, monkeypatch):
    learner, staff = users["learner_1"], users["staff_1"]
    block = blocks.block(usage, staff)
    assert blocks.call(usage, "submit", {"answer": "a"}, user=learner).status == 200
    aid = blocks.block(usage, learner).user().anonymous_id

    def broken(*args, **kwargs):
        raise submissions_api.SubmissionInternalError("the database is read-only")

    monkeypatch.setattr(submissions_api, "set_score", broken)
    reply = blocks.call(usage, "assess", {"learner": aid, "attempt": 1, "version": 0,
                                          "levels": {"judgement": "good"}, "release": True}, user=staff)
    assert (reply.status, reply.json["error_code"]) == (503, "score_not_recorded")
    assert rubric_counts.stored(block.course_key, block.item_id) == {0: 1, 1: 0, 2: 0}
    assert_counts_exact(block)


def admin_client(django_user_model):
    admin = django_user_model.objects.create_superuser("counts_admin", "a@example.org", "pw")
    client = Client()
    client.force_login(admin)
    return client


def test_admin_edit_and_deletes_move_the_counts(blocks, usage, users, django_user_model):
    staff = users["staff_1"]
    block = fill(blocks, usage, staff, 10, prefix="adm")
    client = admin_client(django_user_model)
    row = RubricSubmission.objects.filter(item_id=block.item_id, is_latest=True, queue_state=0).first()
    url = f"/admin/wikilearn/rubricsubmission/{row.pk}/change/"
    form = {"username": row.username, "answer": row.answer, "links": "[]", "attachments": "[]",
            "queue_state": "2", "assessment-TOTAL_FORMS": "0", "assessment-INITIAL_FORMS": "0",
            "assessment-MIN_NUM_FORMS": "0", "assessment-MAX_NUM_FORMS": "1"}
    reply = client.post(url, form)
    assert reply.status_code == 302, reply.content.decode()[:2000]
    assert RubricSubmission.objects.get(pk=row.pk).queue_state == 2
    assert_counts_exact(block)
    one = RubricSubmission.objects.filter(item_id=block.item_id, is_latest=True, queue_state=1).first()
    assert client.post(f"/admin/wikilearn/rubricsubmission/{one.pk}/delete/", {"post": "yes"}).status_code == 302
    assert_counts_exact(block)
    chosen = list(RubricSubmission.objects.filter(item_id=block.item_id).values_list("pk", flat=True)[:5])
    reply = client.post("/admin/wikilearn/rubricsubmission/", {
        "action": "delete_selected", "_selected_action": chosen, "post": "yes"})
    assert reply.status_code == 302 and not RubricSubmission.objects.filter(pk__in=chosen).exists()
    assert_counts_exact(block)


def test_recount_command_and_admin_action_correct_drift(blocks, usage, users, django_user_model):
    staff = users["staff_1"]
    block = fill(blocks, usage, staff, 10, prefix="drift")
    right = rubric_counts.stored(block.course_key, block.item_id)
    RubricQueueCount.objects.filter(item_id=block.item_id, queue_state=2).update(learners=99)
    out = io.StringIO()
    call_command("wikilearn_rubric_recount", stdout=out)
    assert f"{block.item_id}: graded 99->{right[2]}" in out.getvalue()
    assert rubric_counts.stored(block.course_key, block.item_id) == right
    call_command("wikilearn_rubric_recount", "--course", block.course_key, stdout=out)
    assert "0 block(s) had wrong totals" in out.getvalue()

    RubricQueueCount.objects.filter(item_id=block.item_id).delete()
    chosen = list(RubricSubmission.objects.filter(item_id=block.item_id).values_list("pk", flat=True)[:1])
    reply = admin_client(django_user_model).post("/admin/wikilearn/rubricsubmission/", {
        "action": "recount_queues", "_selected_action": chosen})
    assert reply.status_code == 302
    assert rubric_counts.stored(block.course_key, block.item_id) == right


def test_the_migration_backfill_counts_existing_attempts(blocks, usage, users):
    staff = users["staff_1"]
    block = fill(blocks, usage, staff, 25, prefix="old")
    other_usage = blocks.create(OLX)
    other = blocks.block(other_usage, staff)
    assert blocks.call(other_usage, "submit", {"answer": "x"}, user=users["learner_1"]).status == 200
    expected = rubric_counts.tally()
    RubricQueueCount.objects.all().delete()
    rubric_counts.backfill(RubricSubmission, RubricQueueCount)
    stored = {(row.course_key, row.item_id, row.queue_state): row.learners for row in RubricQueueCount.objects.all()}
    assert {key: n for key, n in stored.items() if n} == expected
    assert len(stored) == 6
    assert_counts_exact(block)
    assert_counts_exact(other)
