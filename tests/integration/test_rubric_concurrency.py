"""Fifty learners submitting at the same moment: every attempt is kept, none overwritten."""


import pytest
from django.contrib.auth import get_user_model

from openedx_plugins.wikilearn.api import rubric_counts
from openedx_plugins.wikilearn.models.rubric import QueueState, RubricAssessment, RubricSubmission
from tests.blocks import BlockDriver
from tests.concurrency import prepared_call, race

pytestmark = pytest.mark.django_db(transaction=True)

LEARNERS = 50


def test_fifty_concurrent_submissions_none_lost():
    driver = BlockDriver()
    usage = driver.create("<wikilearn_rubric/>")
    model = get_user_model()
    learners = model.objects.bulk_create([model(username=f"concurrent_{i}") for i in range(LEARNERS)])
    calls = [prepared_call(driver, usage, learner, "submit", {"answer": f"answer of {learner.username}"})
             for learner in learners]
    results = race(calls)

    assert sorted(status for status, _body in results) == [200] * LEARNERS
    rows = RubricSubmission.objects.filter(item_id=str(usage))
    assert rows.count() == LEARNERS
    assert {(row.username, row.answer, row.attempt, row.is_latest) for row in rows} == {
        (f"concurrent_{i}", f"answer of concurrent_{i}", 1, True) for i in range(LEARNERS)}
    staff = model.objects.create(username="concurrent_staff", is_staff=True)
    queue = driver.call(usage, "staff_queue", {"page_size": 100}, user=staff).json
    assert queue["total"] == LEARNERS and len(queue["items"]) == LEARNERS
    # The queue's totals were created and counted by the 50 racing transactions: none lost.
    block = driver.block(usage, staff)
    stored = rubric_counts.stored(block.course_key, block.item_id)
    assert stored == {QueueState.WAITING: LEARNERS, QueueState.RESUBMITTED: 0, QueueState.GRADED: 0}
    assert rubric_counts.recount(block.course_key, block.item_id) == {}


def test_two_staff_assessing_at_once_one_wins_one_gets_stale_version():
    driver = BlockDriver()
    usage = driver.create("<wikilearn_rubric criteria='[{\"key\": \"content\", \"name\": \"Content\"}]'/>")
    model = get_user_model()
    learner = model.objects.create(username="race_learner")
    staff = [model.objects.create(username=f"race_staff_{i}", is_staff=True) for i in range(2)]
    assert driver.call(usage, "submit", {"answer": "mine"}, user=learner).status == 200
    learner_id = driver.block(usage, learner).user().anonymous_id
    results = race([prepared_call(driver, usage, member, "assess", {
        "learner": learner_id, "attempt": 1, "version": 0, "levels": {"content": ["good", "poor"][i]},
        "feedback": {"content": f"from staff {i}"}, "release": True}) for i, member in enumerate(staff)])
    statuses = sorted(status for status, _body in results)
    assert statuses == [200, 409]
    loser = next(body for status, body in results if status == 409)
    winner = next(body for status, body in results if status == 200)
    assert loser["error_code"] == "stale_version"
    row = RubricAssessment.objects.get(submission__anonymous_user_id=learner_id)
    assert row.version == 1 and row.feedback == winner["assessment"]["feedback"]


def test_resubmits_and_releases_at_once_keep_the_queue_totals_exact():
    """Twenty learners resubmit (graded -> resubmitted) while staff release twenty others (waiting -> graded):
    every transaction moves two count rows, in state order, so none waits on another in a cycle."""
    driver = BlockDriver()
    usage = driver.create("<wikilearn_rubric criteria='[{\"key\": \"content\", \"name\": \"Content\"}]'/>")
    model = get_user_model()
    staff = model.objects.create(username="counts_staff", is_staff=True)
    learners = model.objects.bulk_create([model(username=f"counts_{i}") for i in range(40)])
    calls = []
    for i, learner in enumerate(learners):
        assert driver.call(usage, "submit", {"answer": "first"}, user=learner).status == 200
        aid = driver.block(usage, learner).user().anonymous_id
        release = {"learner": aid, "attempt": 1, "version": 0, "levels": {"content": "poor"}, "release": True}
        if i % 2:
            assert driver.call(usage, "assess", release, user=staff).status == 200
            calls.append(prepared_call(driver, usage, learner, "submit", {"answer": "second"}))
        else:
            calls.append(prepared_call(driver, usage, staff, "assess", release))
    assert [status for status, _body in race(calls)] == [200] * len(calls)
    block = driver.block(usage, staff)
    assert rubric_counts.stored(block.course_key, block.item_id) == {
        QueueState.WAITING: 0, QueueState.RESUBMITTED: 20, QueueState.GRADED: 20}
    assert rubric_counts.recount(block.course_key, block.item_id) == {}
