"""Every timezone poll handler through the sandbox runtime, as anonymous, learner and staff."""

import csv
import io
import json

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openedx_plugins.wikilearn.models import Availability, ChosenSlot
from sandbox.models import LearnerProfile

pytestmark = pytest.mark.django_db

OLX = """<wikilearn_timezone_poll offered_days="Tue, Wed, Thu" first_session="2026-02-03" last_session="2026-04-30"
    slot_step="60" session_length="120" acceptable_hours="08:00-22:00" closes="2099-12-31" show_heat_map="{heat}"/>"""
EMPTY = ["0" * 48] * 7


def painted(day, start_hour, end_hour, mark="2"):
    days = list(EMPTY)
    days[day] = "0" * (start_hour * 2) + mark * ((end_hour - start_hour) * 2) + "0" * (48 - end_hour * 2)
    return days


@pytest.fixture
def poll(blocks):
    return blocks.create(OLX.format(heat="true"))


def save(blocks, poll, user, zone, grid, **extra):
    return blocks.call(poll, "save_availability", {"time_zone": zone, "grid": grid, **extra}, user=user)


def test_permission_matrix(blocks, users, poll):
    anonymous, learner, staff = None, users["learner_1"], users["staff_1"]
    expected = {
        "poll_state": (403, 200, 200),
        "save_availability": (403, 200, 200),
        "staff_results": (403, 403, 200),
        "choose_slot": (403, 403, 200),
        "candidate_names": (403, 403, 200),
        "calendar": (403, 200, 200),
        "export_csv": (403, 403, 200),
    }
    bodies = {"save_availability": {"time_zone": "UTC", "grid": painted(1, 13, 15)},
              "choose_slot": {"slot_id": "1-780"}, "candidate_names": {"slot_id": "1-780", "list": "left_out"}}
    for handler, statuses in expected.items():
        for user, status in zip((anonymous, learner, staff), statuses, strict=True):
            method = "GET" if handler in ("calendar", "export_csv") else "POST"
            result = blocks.call(poll, handler, bodies.get(handler, {}), user=user, method=method)
            assert result.status == status, (handler, user, result.json)
            if status == 403:
                assert result.json["error_code"] == ("login_required" if user is None else "not_staff")


def test_zone_comes_from_the_lms_preference_then_the_browser(blocks, users, poll):
    state = blocks.call(poll, "poll_state", {"browser_zone": "America/Lima"}, user=users["learner_3"]).json
    assert (state["zone"], state["zone_source"]) == ("Asia/Kolkata", "profile")
    assert state["settings"]["days"] == ["Tue", "Wed", "Thu"] and state["answer"] is None
    users["learner_3"].sandbox_profile.time_zone = ""
    users["learner_3"].sandbox_profile.save()
    state = blocks.call(poll, "poll_state", {"browser_zone": "America/Lima"}, user=users["learner_3"]).json
    assert (state["zone"], state["zone_source"]) == ("America/Lima", "browser")
    chosen = blocks.call(poll, "poll_state", {"time_zone": "Asia/Kathmandu", "include_zones": True},
                         user=users["learner_3"]).json
    assert chosen["zone"] == "Asia/Kathmandu" and "Africa/Lagos" in chosen["zones"]
    bad = blocks.call(poll, "poll_state", {"time_zone": "Europe/Atlantis"}, user=users["learner_3"])
    assert (bad.status, bad.json["error_code"]) == (400, "unknown_time_zone")


def test_saved_answer_is_shown_in_another_zone_at_the_same_instants(blocks, users, poll):
    learner = users["learner_1"]
    assert save(blocks, poll, learner, "Europe/Berlin", painted(1, 14, 16)).status == 200
    state = blocks.call(poll, "poll_state", {"time_zone": "America/New_York"}, user=learner).json
    assert state["answer"]["time_zone"] == "Europe/Berlin" and state["answer"]["converted"] is True
    assert state["answer"]["grid"] == painted(1, 8, 10)


@pytest.mark.parametrize(("body", "code"), [
    ({"time_zone": "Nowhere/City", "grid": EMPTY}, "unknown_time_zone"),
    ({"time_zone": "UTC", "grid": EMPTY[:5]}, "malformed_grid"),
    ({"time_zone": "UTC", "grid": ["2" * 48] * 7}, "slot_outside_offered"),
    ({"time_zone": "UTC", "grid": painted(1, 10, 12), "hours": {"start": "13:00", "end": "20:00"}},
     "slot_outside_hours"),
])
def test_bad_input_is_refused_and_the_previous_answer_stays(blocks, users, poll, body, code):
    learner = users["learner_2"]
    assert save(blocks, poll, learner, "America/New_York", painted(1, 9, 11), hours={"start": "08:00",
                                                                                     "end": "20:00"}).status == 200
    before = Availability.objects.get(username="learner_2")
    result = blocks.call(poll, "save_availability", body, user=learner)
    assert (result.status, result.json["error_code"]) == (400, code) and result.json["message"]
    after = Availability.objects.get(username="learner_2")
    assert (after.grid, after.time_zone, after.hours_end, after.updated) == (
        before.grid, before.time_zone, before.hours_end, before.updated)


def test_malformed_json_and_get_on_a_json_handler(blocks, users, poll):
    result = blocks.call(poll, "save_availability", user=users["learner_1"], body=b"{not json")
    assert (result.status, result.json["error_code"]) == (400, "invalid_json")
    assert blocks.call(poll, "poll_state", user=users["learner_1"], method="GET").status == 405


def test_save_after_close_is_refused(blocks, users):
    closed = blocks.create(OLX.format(heat="true").replace("2099-12-31", "2020-01-01"))
    result = save(blocks, closed, users["learner_1"], "UTC", painted(1, 13, 15))
    assert (result.status, result.json["error_code"]) == (400, "poll_closed")
    assert not Availability.objects.exists()
    assert blocks.call(closed, "poll_state", {}, user=users["learner_1"]).json["closed"] is True


def test_learners_see_counts_only_and_nothing_when_the_author_says_so(blocks, users, poll):
    save(blocks, poll, users["learner_1"], "Europe/Berlin", painted(1, 14, 17))
    save(blocks, poll, users["learner_5"], "America/Sao_Paulo", painted(1, 10, 13))
    state = blocks.call(poll, "poll_state", {"time_zone": "UTC"}, user=users["learner_2"])
    assert state.json["respondents"] == 2
    assert state.json["heat_map"]["available"][1][13 * 2] == 2  # Tuesday 13:00-14:00 UTC, both, every week
    text = state.response.body.decode()
    assert "learner_1" not in text and "learner_5" not in text and "Berger" not in text
    hidden = blocks.create(OLX.format(heat="false"))
    state = blocks.call(hidden, "poll_state", {}, user=users["learner_2"]).json
    assert state["heat_map"] is None and state["respondents"] is None


def test_staff_ranking_choose_and_learners_see_it_in_local_time_with_dst_dates(blocks, users, poll):
    LearnerProfile.objects.filter(user=users["learner_2"]).update(language="en")  # read the DST dates in English
    save(blocks, poll, users["learner_1"], "Europe/Berlin", painted(1, 14, 17))
    save(blocks, poll, users["learner_2"], "America/New_York", painted(1, 8, 11, "1"))
    save(blocks, poll, users["learner_8"], "Australia/Sydney", painted(2, 8, 12))
    staff = users["staff_1"]
    results = blocks.call(poll, "staff_results", {"view": "utc"}, user=staff).json
    assert results["zone"] == "UTC" and results["respondents"] == 3
    best = results["ranked"][0]
    assert best["slot_id"] == "1-780" and best["attend_every_date"] == 2 and best["if_need_be"] == 1
    assert best["left_out"] == 1 and "learner_8" not in json.dumps(results)  # names: one request away
    names = {which: blocks.call(poll, "candidate_names", {"slot_id": "1-780", "list": which}, user=staff).json
             for which in ("left_out", "if_need_be", "outside_hours")}
    assert names["left_out"]["names"] == ["learner_8"] and names["if_need_be"]["names"] == ["learner_2"]
    assert names["left_out"]["total"] == 1 and names["left_out"]["next_page"] is None
    assert len(best["weeks"]) == 13
    assert blocks.call(poll, "staff_results", {}, user=staff).json["zone"] == "Europe/Paris"
    refused = blocks.call(poll, "choose_slot", {"slot_id": "0-780"}, user=staff)  # Monday is not offered
    assert (refused.status, refused.json["error_code"]) == (400, "unknown_slot")
    assert blocks.call(poll, "choose_slot", {"slot_id": "nonsense"}, user=staff).status == 400
    assert not ChosenSlot.objects.exists()
    assert blocks.call(poll, "choose_slot", {"slot_id": "1-780"}, user=staff).status == 200
    chosen = blocks.call(poll, "poll_state", {}, user=users["learner_1"]).json["chosen"]
    assert chosen["local"]["start"] == "14:00" and chosen["local"]["zone"] == "Europe/Berlin"
    assert [c["text"] for c in chosen["local"]["changes"]] == ["From March 31: 15:00 instead of 14:00"]
    new_york = blocks.call(poll, "poll_state", {}, user=users["learner_2"]).json["chosen"]["local"]
    assert [c["text"] for c in new_york["changes"]] == ["From March 10: 09:00 instead of 08:00"]


def test_calendar_before_and_after_choosing(blocks, users, poll):
    missing = blocks.call(poll, "calendar", user=users["learner_4"], method="GET")
    assert (missing.status, missing.json["error_code"]) == (404, "no_slot_chosen")
    blocks.call(poll, "choose_slot", {"slot_id": "3-900"}, user=users["staff_1"])
    result = blocks.call(poll, "calendar", user=users["learner_4"], method="GET")
    assert result.status == 200 and result.response.content_type == "text/calendar"
    assert "attachment" in result.response.headers["Content-Disposition"]
    event = next(iter(icalendar.Calendar.from_ical(result.response.body).walk("VEVENT")))
    assert event.decoded("DTSTART").isoformat() == "2026-02-05T15:00:00+00:00"
    assert "COUNT=13" in event.get("RRULE").to_ical().decode()


def test_export_csv_lists_every_answer(blocks, users, poll):
    save(blocks, poll, users["learner_1"], "Europe/Berlin", painted(1, 14, 17))
    save(blocks, poll, users["learner_3"], "Asia/Kolkata", painted(1, 18, 20, "1"), hours={"start": "09:00",
                                                                                          "end": "21:00"})
    result = blocks.call(poll, "export_csv", user=users["staff_1"], method="GET")
    assert result.status == 200 and result.response.content_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO(result.response.body.decode("utf-8-sig"))))  # with a BOM for spreadsheets
    by_name = {row["username"]: row for row in rows}
    assert by_name["learner_1"]["Tuesday available"] == "14:00-17:00"
    assert by_name["learner_3"]["Tuesday if need be"] == "18:00-20:00"
    assert by_name["learner_3"]["acceptable_hours"] == "09:00-21:00"
    assert by_name["learner_3"]["time_zone"] == "Asia/Kolkata"


def test_staff_results_queries_do_not_grow_with_respondents(blocks, users, poll):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert blocks.call(poll, "staff_results", {}, user=users["staff_1"]).status == 200
        return len(queries)

    save(blocks, poll, users["learner_1"], "Europe/Berlin", painted(1, 14, 17))
    count()  # first call warms per-process caches (user lookups)
    few = count()
    for name in ("learner_2", "learner_3", "learner_4", "learner_5", "learner_6"):
        save(blocks, poll, users[name], "UTC", painted(1, 12, 16))
    assert count() == few


def test_studio_view_and_validation(blocks, users, poll):
    html = blocks.render(poll, users["staff_1"], view="studio_view", surface="studio")
    assert "offered_days" in html and "acceptable_hours" in html
    result = blocks.call(poll, "submit_studio_edits", {"values": {"first_session": "2026-05-01",
                                                                  "last_session": "2026-04-01"}, "defaults": []},
                         user=users["staff_1"], surface="studio")
    assert result.status == 400 and "before the first" in json.dumps(result.json)
    ok = blocks.call(poll, "submit_studio_edits", {"values": {"offered_days": "Mon, Fri"}, "defaults": []},
                     user=users["staff_1"], surface="studio")
    assert ok.status == 200
    assert blocks.call(poll, "poll_state", {}, user=users["learner_1"]).json["settings"]["days"] == ["Mon", "Fri"]


def test_answer_cells_no_longer_offered_are_left_out_and_counted(blocks, users, poll):
    learner = users["learner_4"]
    save(blocks, poll, learner, "Africa/Lagos", painted(1, 14, 16))
    blocks.call(poll, "submit_studio_edits", {"values": {"offered_days": "Wed"}, "defaults": []}, user=users["staff_1"],
                surface="studio")
    answer = blocks.call(poll, "poll_state", {}, user=learner).json["answer"]
    assert answer["grid"] == EMPTY and answer["dropped"] == 4 and answer["converted"] is False


def test_anonymous_visitor_is_asked_to_sign_in(blocks, poll):
    html = blocks.render(poll, None)
    assert "Sign in to mark when you can attend." in html and "data-tzp-learner" not in html
