"""Pitch review rules and presentation (pure): phases, grades, deadlines, what each person sees."""

import datetime

import pytest

from xblocks.common.grading import rubrics
from xblocks.common.grading.scale import Scale
from xblocks.common.runtime.errors import BlockError, Forbidden
from xblocks.pitch_review import phases, present

RUBRIC = rubrics.snapshot([{"key": "value", "name": "Value", "feedback": "required"},
                           {"key": "delivery", "name": "Delivery"}], Scale.default().to_data())
NOW = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)


def code(call, *args):
    with pytest.raises(BlockError) as error:
        call(*args)
    return error.value.error_code


def test_phase_two_opens_only_after_phase_one_and_each_phase_is_sent_once():
    fresh = {"phase_one": None, "phase_two": None}
    two = {"levels": {"value": "good", "delivery": "poor"}, "comments": {"value": "Clear."}}
    assert code(phases.review_values, 2, fresh, RUBRIC, two) == "phase_one_first"
    assert code(phases.review_values, 1, None, RUBRIC, {"decision": "would_partner"}) == "not_assigned"
    with pytest.raises(Forbidden):  # 403, as for reading a pitch not assigned to you
        phases.review_values(1, None, RUBRIC, {"decision": "would_partner"})
    one = phases.review_values(1, fresh, RUBRIC, {"decision": "would_decline", "concerns": "  Cost. "}, NOW)
    assert one == {"decision": "would_decline", "convinced": "", "concerns": "Cost.", "questions": "",
                   "phase_one_at": NOW}
    started = {"phase_one": one, "phase_two": None}
    assert code(phases.review_values, 1, started, RUBRIC, {"decision": "would_partner"}) == "phase_already_sent"
    values = phases.review_values(2, started, RUBRIC, two, NOW)
    assert values["levels"] == two["levels"] and values["rubric"] == RUBRIC and values["phase_two_at"] == NOW
    assert code(phases.review_values, 2, dict(started, phase_two=values), RUBRIC, two) == "phase_already_sent"
    assert code(phases.review_values, 2, started, RUBRIC, dict(two, comments={})) == "feedback_required"


@pytest.mark.parametrize(("data", "expected"), [
    ({"decision": "perhaps"}, "invalid_decision"),
    ({"decision": "would_partner", "questions": 3}, "invalid_text"),
    ({"decision": "would_partner", "convinced": "x" * 5001}, "text_too_long"),
])
def test_phase_one_refuses_bad_input(data, expected):
    assert code(phases.clean_phase_one, data) == expected


def test_pitch_text_and_deadline():
    assert phases.clean_pitch({"partner": " Museum ", "ask": "Archive"}) == ("Museum", "Archive")
    assert code(phases.clean_pitch, {"partner": "Museum"}) == "missing_ask"
    assert code(phases.check_submission_open, NOW - datetime.timedelta(seconds=1), NOW) == "past_deadline"
    phases.check_submission_open(NOW.replace(tzinfo=None) + datetime.timedelta(hours=1), NOW)
    phases.check_submission_open(None, NOW)
    assert phases.late_before(NOW + datetime.timedelta(days=1), NOW) is None
    assert phases.late_before(NOW - datetime.timedelta(days=1), NOW) == NOW - datetime.timedelta(days=1)


def test_final_grade_is_one_level_of_the_scale():
    assert phases.grade_values(Scale.default().to_data(), "good", " Fine ") == {
        "grade_level": "good", "grade_points": 2, "grade_max": 3, "grade_comment": "Fine"}
    assert code(phases.grade_values, Scale.default().to_data(), "superb", "") == "unknown_level"
    assert code(phases.check_release, {"grade": None}) == "grade_missing"


def test_started_reviews_block_auto_allocation_and_their_removal():
    rows = [{"presenter": "a", "reviewer": "b", "state": "started"}, {"presenter": "a", "reviewer": "c",
                                                                     "state": "pending"}]
    assert code(phases.check_auto_allowed, rows) == "reviews_started"
    assert code(phases.check_manual_keeps_started, rows, {"a": ["c", "d"]}) == "review_started"
    phases.check_manual_keeps_started(rows, {"a": ["b", "d"]})
    phases.check_manual_keeps_started(rows, {"x": []})


def test_slots_in_each_viewers_zone():
    iso = "2026-12-03T15:00:00+00:00"
    assert present.slot_view(iso, "Asia/Kolkata")["local"] == "2026-12-03 20:30"
    assert present.slot_view(iso, "Australia/Sydney")["local"] == "2026-12-04 02:00"
    assert present.slot_view(iso, "Not/AZone")["time_zone"] == "UTC"
    assert present.slot_view(None, "Europe/Berlin") is None


def review(rid, role, name, sent=True, active=True):
    one = {"decision": "would_partner"} if sent else None
    return {"id": rid, "role": role, "reviewer_username": name, "active": active, "state": "started" if sent
            else "pending", "phase_one": one, "phase_two": None, "assigned_at": f"2026-11-0{rid}"}


def test_presenter_sees_nothing_before_release_then_every_sent_review():
    detail = {"released_at": None, "grade": None, "slot": None,
              "reviews": [review(1, "peer", "ana"), review(2, "peer", "bo", sent=False), review(3, "instructor", "t")]}
    assert present.presenter_feedback(detail, True, str) is None
    detail.update(released_at="2026-12-05", grade={"level": "good", "points": 2, "max_points": 3, "comment": "",
                                                   "graded_by": "t", "graded_at": "x"})
    shown = present.presenter_feedback(detail, True, str)
    assert [r["reviewer"] for r in shown["reviews"]] == ["Instructor: t", "Peer 1: ana"]
    assert "graded_by" not in shown["grade"]
    hidden = present.presenter_feedback(detail, False, str)
    assert [r["reviewer"] for r in hidden["reviews"]] == ["Instructor", "Peer 1"]
    group = present.group_view(detail, False, str, "Europe/Berlin")
    assert group == {"slot": None, "reviewers": ["Peer 1", "Peer 2"]}
