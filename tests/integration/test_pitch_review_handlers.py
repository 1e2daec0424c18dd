"""Pitch review handlers one by one: manual groups and slots, dropouts, bad input, races, CSV, queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openedx_plugins.wikilearn.models.pitch_review import Pitch, PitchVersion, ReviewAssignment
from tests.integration.pitch_review_support import OLX, PHASE_ONE, PHASE_TWO, aid, review, submit, upload

pytestmark = pytest.mark.django_db
NAMES = [f"learner_{i}" for i in range(1, 9)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def usage(blocks):
    return blocks.create(OLX)


def everyone_submits(blocks, usage, users, names=NAMES):
    for name in names:
        assert submit(blocks, usage, users[name]).status == 200
    return {name: aid(blocks, usage, users[name]) for name in names}


def staff(blocks, usage, users, handler, data):
    return blocks.call(usage, handler, data, user=users["staff_1"])


def peers_of(presenter):
    return sorted(ReviewAssignment.objects.filter(pitch__presenter=presenter, active=True, role="peer")
                  .values_list("reviewer", flat=True))


def test_bad_files_are_refused_and_nothing_is_stored(blocks, usage, users):
    learner = users["learner_1"]
    wrong = upload(blocks, usage, learner, name="pitch.exe", content=b"MZ")
    assert (wrong.status, wrong.json["error_code"]) == (400, "file_type_not_allowed")
    big = upload(blocks, usage, learner, content=b"x" * 20_000)
    assert (big.status, big.json["error_code"]) == (400, "file_too_large")
    forged = submit(blocks, usage, learner, files=[{"key": "wikilearn/pitch_review/x/other/y/slides.pdf"}])
    assert (forged.status, forged.json["error_code"]) == (400, "unknown_attachment")
    nothing = submit(blocks, usage, learner, links=[])
    assert (nothing.status, nothing.json["error_code"]) == (400, "missing_materials")
    no_partner = submit(blocks, usage, learner, partner=" ")
    assert (no_partner.status, no_partner.json["error_code"]) == (400, "missing_partner")
    assert submit(blocks, usage, learner, links=["javascript:alert(1)"]).json["error_code"] == "invalid_link"
    assert not Pitch.objects.exists() and not PitchVersion.objects.exists()


def test_bad_reviews_are_refused_and_nothing_is_half_saved(blocks, usage, users):
    ids = everyone_submits(blocks, usage, users, NAMES[:3])
    staff(blocks, usage, users, "assign_reviewers", {"mode": "auto"})
    reviewer, presenter = users["learner_2"], ids["learner_1"]
    cases = [({"phase": 2, "levels": {"value": "good", "delivery": "good"}, "comments": {"delivery": "ok"}},
              "phase_one_first"),
             ({"phase": 1, "decision": "maybe"}, "invalid_decision"),
             ({"phase": 3}, "invalid_phase"),
             ({"phase": 1, "decision": "would_partner", "concerns": "x" * 6000}, "text_too_long")]
    for data, code in cases:
        result = review(blocks, usage, reviewer, presenter, data)
        assert (result.status, result.json["error_code"]) == (400, code)
    assert review(blocks, usage, reviewer, presenter, PHASE_ONE).status == 200
    again = review(blocks, usage, reviewer, presenter, PHASE_ONE)
    assert (again.status, again.json["error_code"]) == (400, "phase_already_sent")
    partial = review(blocks, usage, reviewer, presenter, {"phase": 2, "levels": {"value": "good"}})
    assert (partial.status, partial.json["error_code"]) == (400, "missing_level")
    no_comment = review(blocks, usage, reviewer, presenter, dict(PHASE_TWO, comments={}))
    assert no_comment.json["error_code"] == "feedback_required"
    row = ReviewAssignment.objects.get(reviewer=ids["learner_2"], pitch__presenter=presenter)
    assert row.phase_one_at and row.phase_two_at is None and row.levels == {}


def test_manual_groups_reject_self_and_duplicates_and_warn_on_load(blocks, usage, users):
    ids = everyone_submits(blocks, usage, users, NAMES[:4])
    a, b, c, d = (ids[n] for n in NAMES[:4])
    for groups, code in [({a: [a, b]}, "self_review"), ({a: [b, b]}, "duplicate_reviewer"),
                         ({a: [b, c, d]}, "too_many_reviewers"), ({a: ["nobody", b]}, "unknown_reviewer")]:
        result = staff(blocks, usage, users, "assign_reviewers", {"mode": "manual", "groups": groups})
        assert (result.status, result.json["error_code"]) == (400, code)
    assert not ReviewAssignment.objects.exists()
    result = staff(blocks, usage, users, "assign_reviewers", {"mode": "manual", "groups": {a: [b, c], b: [c]}})
    assert result.status == 200
    codes = [w["code"] for w in result.json["warnings"]]
    assert codes == ["too_few_reviewers", "unbalanced_load"]
    assert peers_of(a) == sorted([b, c]) and peers_of(b) == [c]
    # Editing one group keeps the others and whatever a kept reviewer wrote.
    seen = result.json["allocation"]["allocated_at"]
    review(blocks, usage, users["learner_2"], a, PHASE_ONE)
    dropped = staff(blocks, usage, users, "assign_reviewers", {"mode": "manual", "groups": {a: [c, d]},
                                                               "based_on": seen})
    assert (dropped.status, dropped.json["error_code"]) == (400, "review_started")
    kept = staff(blocks, usage, users, "assign_reviewers", {"mode": "manual", "groups": {a: [b, d]}, "based_on": seen})
    assert kept.status == 200
    assert peers_of(a) == sorted([b, d]) and peers_of(b) == [c]
    auto = staff(blocks, usage, users, "assign_reviewers", {"mode": "auto", "based_on": kept.json["allocation"]
                                                            ["allocated_at"]})
    assert (auto.status, auto.json["error_code"]) == (400, "reviews_started")


def test_a_second_staff_member_working_from_an_old_allocation_gets_409_and_the_stored_groups(blocks, usage, users):
    ids = everyone_submits(blocks, usage, users, NAMES[:4])
    a, b, c, d = (ids[n] for n in NAMES[:4])
    first = staff(blocks, usage, users, "assign_reviewers", {"mode": "manual", "groups": {a: [b, c]}, "based_on": None})
    assert first.status == 200
    late = staff(blocks, usage, users, "assign_reviewers", {"mode": "auto", "based_on": None})
    assert (late.status, late.json["error_code"]) == (409, "allocation_changed")
    assert list(late.json["groups"]) == [a] and sorted(late.json["groups"][a]) == sorted([b, c])
    assert late.json["allocation"]["allocated_at"] == first.json["allocation"]["allocated_at"]
    assert peers_of(a) == sorted([b, c]) and ReviewAssignment.objects.filter(active=True).count() == 2
    wrong = staff(blocks, usage, users, "assign_reviewers", {"mode": "auto", "based_on": 7})
    assert (wrong.status, wrong.json["error_code"]) == (400, "invalid_based_on")
    again = staff(blocks, usage, users, "assign_reviewers", {"mode": "auto", "based_on": late.json["allocation"][
        "allocated_at"]})
    assert again.status == 200


def test_slots_are_shown_in_each_members_time_zone(blocks, usage, users):
    ids = everyone_submits(blocks, usage, users, NAMES[:3])
    a, b, c = (ids[n] for n in NAMES[:3])
    result = staff(blocks, usage, users, "assign_reviewers", {"mode": "manual", "groups": {a: [b, c]},
                                                              "slots": {a: "2026-12-03T15:00:00Z"}})
    assert result.status == 200
    presenter = blocks.call(usage, "pitch_state", {}, user=users["learner_1"]).json["my_pitch"]["group"]["slot"]
    assert presenter["local"] == "2026-12-03 16:00" and presenter["time_zone"] == "Europe/Berlin"
    reviewer = blocks.call(usage, "pitch_state", {}, user=users["learner_2"]).json["reviews"][0]["slot"]
    assert reviewer["local"] == "2026-12-03 10:00" and reviewer["time_zone"] == "America/New_York"
    kolkata = blocks.call(usage, "pitch_state", {}, user=users["learner_3"]).json["reviews"][0]["slot"]
    assert kolkata["local"] == "2026-12-03 20:30"
    bad = staff(blocks, usage, users, "assign_reviewers", {"mode": "manual", "groups": {}, "slots": {a: "soon"}})
    assert (bad.status, bad.json["error_code"]) == (400, "invalid_slot")


def test_withdrawals_and_late_reviews_are_reassigned_without_losing_finished_work(blocks, usage, users):
    ids = everyone_submits(blocks, usage, users)
    staff(blocks, usage, users, "assign_reviewers", {"mode": "auto", "seed": 3})
    gone = ids["learner_5"]
    done_row = ReviewAssignment.objects.filter(reviewer=gone).first()
    name = {v: k for k, v in ids.items()}
    review(blocks, usage, users["learner_5"], done_row.pitch.presenter, PHASE_ONE)
    review(blocks, usage, users["learner_5"], done_row.pitch.presenter, PHASE_TWO)
    assert staff(blocks, usage, users, "set_withdrawn", {"presenter": gone}).status == 200
    moved = staff(blocks, usage, users, "reassign", {}).json
    assert len(moved["moved"]) == 1 and moved["moved"][0]["reviewer"] != gone
    done_row.refresh_from_db()
    assert done_row.active and done_row.phase_two_at  # finished work stays where it is
    for presenter in ids.values():
        reviewers = peers_of(presenter)
        assert len(set(reviewers)) == 2 and presenter not in reviewers
    assert ReviewAssignment.objects.filter(active=False, reviewer=gone).count() == 1
    loads = [ReviewAssignment.objects.filter(active=True, reviewer=i).count() for n, i in ids.items() if i != gone]
    assert max(loads) - min(loads) <= 1

    now = datetime.datetime.now(datetime.UTC)
    ReviewAssignment.objects.update(assigned_at=now - datetime.timedelta(days=3))  # allocated days ago
    block = blocks.block(usage, users["staff_1"], surface="studio")  # the author moves the deadline
    block.review_deadline = now + datetime.timedelta(days=1)
    block.save()
    overview = staff(blocks, usage, users, "staff_overview", {}).json
    assert overview["late"] == []
    block.review_deadline = now - datetime.timedelta(days=1)
    block.save()
    slow = ids["learner_1"]
    # Everyone but learner_1 has finished by the deadline.
    ReviewAssignment.objects.exclude(reviewer=slow).update(phase_one_at=now, phase_two_at=now)
    late = staff(blocks, usage, users, "staff_overview", {}).json["late"]
    assert {r["reviewer_username"] for r in late} == {"learner_1"} and len(late) >= 2
    result = staff(blocks, usage, users, "reassign", {}).json
    assert len(result["moved"]) == len(late) and all(name[m["reviewer"]] not in ("learner_1", "learner_5")
                                             for m in result["moved"])
    assert not ReviewAssignment.objects.filter(reviewer=slow, active=True).exists()
    for presenter in ids.values():
        assert len(set(peers_of(presenter))) == 2


def test_two_staff_grading_at_once_second_gets_stale_version(blocks, usage, users):
    ids = everyone_submits(blocks, usage, users, NAMES[:1])
    data = {"presenter": ids["learner_1"], "level": "good", "version": 0}
    assert staff(blocks, usage, users, "assess", data).status == 200
    late = staff(blocks, usage, users, "assess", dict(data, level="poor"))
    assert (late.status, late.json["error_code"]) == (409, "stale_version")
    assert Pitch.objects.get().grade_level == "good"
    bad = staff(blocks, usage, users, "assess", dict(data, level="superb", version=1))
    assert (bad.status, bad.json["error_code"]) == (400, "unknown_level")
    missing = staff(blocks, usage, users, "release_feedback", {"presenter": "nobody", "version": 0})
    assert (missing.status, missing.json["error_code"]) == (404, "no_pitch")


def test_export_csv_has_every_review_and_neutralised_formulas(blocks, usage, users):
    ids = everyone_submits(blocks, usage, users, NAMES[:3])
    submit(blocks, usage, users["learner_1"], partner="=HYPERLINK(evil)")
    staff(blocks, usage, users, "assign_reviewers", {"mode": "auto"})
    review(blocks, usage, users["learner_2"], ids["learner_1"], PHASE_ONE)
    response = blocks.call(usage, "export_csv", method="GET", user=users["staff_1"]).response
    rows = list(csv.DictReader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert len(rows) == 6 and response.headers["Content-Type"].startswith("text/csv")
    mine = [r for r in rows if r["presenter"] == "learner_1"]
    assert {r["partner"] for r in mine} == {"'=HYPERLINK(evil)"} and mine[0]["versions"] == "2"
    assert {r["decision"] for r in mine} == {"would_need_more", ""}
    assert "level:value" in rows[0] and "comment:delivery" in rows[0]


def test_staff_overview_query_count_does_not_grow_with_learners(blocks, usage, users):
    everyone_submits(blocks, usage, users, NAMES[:3])
    staff(blocks, usage, users, "assign_reviewers", {"mode": "auto"})
    with CaptureQueriesContext(connection) as small:
        assert staff(blocks, usage, users, "staff_overview", {}).status == 200
    everyone_submits(blocks, usage, users, NAMES[3:])
    ReviewAssignment.objects.all().delete()
    staff(blocks, usage, users, "assign_reviewers", {"mode": "auto"})
    with CaptureQueriesContext(connection) as large:
        result = staff(blocks, usage, users, "staff_overview", {"page_size": 5})
    assert result.json["total"] == 8 and len(result.json["items"]) == 5 and result.json["pages"] == 2
    assert len(large.captured_queries) == len(small.captured_queries)
    assert "learners" not in result.json
    listed = staff(blocks, usage, users, "staff_overview", {"learners": True}).json["learners"]
    assert [entry["username"] for entry in listed] == sorted(NAMES, key=lambda n: aid(blocks, usage, users[n]))


def test_a_pitch_sent_after_the_allocation_gets_two_peers_on_reassign(blocks, usage, users):
    ids = everyone_submits(blocks, usage, users, NAMES[:5])
    staff(blocks, usage, users, "assign_reviewers", {"mode": "auto"})
    late_comer = everyone_submits(blocks, usage, users, ["learner_6"])["learner_6"]
    assert peers_of(late_comer) == []
    result = staff(blocks, usage, users, "reassign", {}).json
    assert [m["id"] for m in result["moved"] if m["presenter"] == late_comer] == [None, None]
    assert len(set(peers_of(late_comer))) == 2 and late_comer not in peers_of(late_comer)
    everyone = list(ids.values()) + [late_comer]
    loads = [ReviewAssignment.objects.filter(active=True, reviewer=i).count() for i in everyone]
    assert max(loads) - min(loads) <= 1 and sum(loads) == 12
