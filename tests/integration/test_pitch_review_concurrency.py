"""Learners and staff acting at the same moment: no pitch version or review is lost or half-written."""


import pytest
from django.contrib.auth import get_user_model

from openedx_plugins.wikilearn.models.pitch_review import Pitch, PitchVersion, ReviewAssignment
from tests.blocks import BlockDriver
from tests.concurrency import prepared_call, race
from tests.integration.pitch_review_support import OLX

pytestmark = pytest.mark.django_db(transaction=True)
PITCH = {"partner": "City Museum", "ask": "Open the archive.", "links": ["https://example.org/slides"]}


@pytest.fixture
def learners():
    model = get_user_model()
    return model.objects.bulk_create([model(username=f"pitcher_{i}") for i in range(20)])


def test_twenty_learners_submit_at_once_and_one_learner_sends_versions_at_once(learners):
    driver = BlockDriver()
    usage = driver.create(OLX)
    results = race([prepared_call(driver, usage, learner, "submit_pitch", PITCH) for learner in learners])
    assert [status for status, _body in results] == [200] * 20
    assert Pitch.objects.count() == 20 and PitchVersion.objects.filter(number=1).count() == 20

    busy = learners[0]
    results = race([prepared_call(driver, usage, busy, "submit_pitch", dict(PITCH, ask=f"Ask {i}"))
                    for i in range(6)])
    assert [status for status, _body in results] == [200] * 6
    pitch = Pitch.objects.get(username=busy.username)
    versions = list(pitch.versions.order_by("number").values_list("number", "ask"))
    assert [number for number, _ask in versions] == list(range(1, 8)) and pitch.versions_count == 7
    assert {ask for _number, ask in versions[1:]} == {f"Ask {i}" for i in range(6)}


def test_reassigning_while_a_reviewer_sends_phase_one_loses_nothing(learners):
    driver = BlockDriver()
    usage = driver.create(OLX)
    staff = get_user_model().objects.create(username="race_staff", is_staff=True)
    for learner in learners[:6]:
        assert driver.call(usage, "submit_pitch", PITCH, user=learner).status == 200
    assert driver.call(usage, "assign_reviewers", {"mode": "auto"}, user=staff).status == 200
    gone = learners[0]
    row = ReviewAssignment.objects.filter(reviewer=driver.block(usage, gone).user().anonymous_id).first()
    driver.call(usage, "set_withdrawn", {"presenter": row.reviewer}, user=staff)
    phase_one = {"presenter": row.pitch.presenter, "phase": 1, "decision": "would_partner"}
    results = race([prepared_call(driver, usage, gone, "submit_review", phase_one),
                    prepared_call(driver, usage, staff, "reassign", {})])
    (review_status, review_body), (reassign_status, reassign_body) = results
    row.refresh_from_db()
    if review_status == 200:
        # The review got in first: it stays where it is, and the reassignment moved nothing of it.
        assert row.active and row.phase_one_at and reassign_status in (200, 409)
        assert reassign_status == 409 or row.pk not in {m["id"] for m in reassign_body["moved"]}
    else:
        # The reassignment got in first: the withdrawn learner's send is refused, nothing half-saved.
        assert (review_status, review_body["error_code"]) == (403, "not_assigned")
        assert reassign_status == 200 and not row.active and row.phase_one_at is None
    for pitch in Pitch.objects.all():
        reviewers = list(pitch.reviews.filter(active=True, role="peer").values_list("reviewer", flat=True))
        assert len(set(reviewers)) == 2 and pitch.presenter not in reviewers


def test_two_staff_allocating_at_once_one_wins_the_other_gets_409_and_the_stored_groups(learners):
    driver = BlockDriver()
    usage = driver.create(OLX)
    model = get_user_model()
    first, second = model.objects.create(username="race_staff_1", is_staff=True), model.objects.create(
        username="race_staff_2", is_staff=True)
    for learner in learners[:6]:
        assert driver.call(usage, "submit_pitch", PITCH, user=learner).status == 200
    results = race([prepared_call(driver, usage, first, "assign_reviewers", {"mode": "auto", "seed": 1,
                                                                             "based_on": None}),
                    prepared_call(driver, usage, second, "assign_reviewers", {"mode": "auto", "seed": 2,
                                                                              "based_on": None})])
    statuses = sorted(status for status, _body in results)
    assert statuses == [200, 409]
    winner = next(body for status, body in results if status == 200)
    loser = next(body for status, body in results if status == 409)
    assert loser["error_code"] == "allocation_changed"
    stored = {}
    for row in ReviewAssignment.objects.filter(active=True).select_related("pitch"):
        stored.setdefault(row.pitch.presenter, []).append(row.reviewer)
    assert {p: sorted(r) for p, r in loser["groups"].items()} == {p: sorted(r) for p, r in stored.items()}
    assert {p: sorted(r) for p, r in winner["groups"].items()} == {p: sorted(r) for p, r in stored.items()}
