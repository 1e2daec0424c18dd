"""The poll's counters: the same queries for 10 or 200 answers, equal to a recomputation after every change.

The concurrent test (200 saves at once, each on its own connection) is in
test_timezone_poll_concurrency.py; here saves are sequential, so it runs on SQLite too.
"""

import random

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_plugins.wikilearn.api import timezone_poll as api
from openedx_plugins.wikilearn.models import Availability, PollAggregate
from xblocks.timezone_poll import schedule

pytestmark = pytest.mark.django_db

OLX = """<wikilearn_timezone_poll offered_days="Tue, Wed, Thu" first_session="2026-02-03" last_session="2026-04-30"
    slot_step="60" session_length="120" acceptable_hours="00:00-24:00" closes="2099-12-31" show_heat_map="true"/>"""
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Asia/Kathmandu", "UTC",
         "America/Sao_Paulo", "Africa/Lagos", "Pacific/Auckland", "Europe/London", "America/Los_Angeles", "Asia/Tokyo"]


def random_grid(rng, offered):
    return ["".join(rng.choice("0012") if offered[day][cell] == "1" else "0" for cell in range(48))
            for day in range(7)]


def assert_counts_equal_a_recomputation(block):
    """The stored counters, and what the handlers show, equal counters recomputed from every answer."""
    counter = block.tally()
    stored = PollAggregate.objects.get(item_id=block.item_id)
    assert stored.version == counter.version
    kept = counter.load(bytes(stored.counts), stored.respondents)
    fresh = counter.build(api.list_availability(block.course_key, block.item_id),
                          zones=[zone for _key, zone in kept.families])
    assert kept.respondents == fresh.respondents == Availability.objects.filter(item_id=block.item_id).count()
    assert (kept.rank == fresh.rank).all() and (kept.weekly == fresh.weekly).all()
    assert (kept.heat == fresh.heat).all() and kept.families == fresh.families
    return kept


def learners(count, prefix):
    model = get_user_model()
    return model.objects.bulk_create([model(username=f"{prefix}_{i}") for i in range(count)])


def bulk_answers(block, count, rng):
    """``count`` answers written straight to the table (fast), then the counters rebuilt from them."""
    now = timezone.now()
    rows = []
    for index in range(count):
        zone = rng.choice(ZONES)
        offered = block.tally().offered_cells(zone)
        grid = "".join(rng.choice("0012") if offered >> cell & 1 else "0" for cell in range(336))
        rows.append(Availability(course_key=block.course_key, item_id=block.item_id, anonymous_id=f"bulk-{index}",
                                 username=f"bulk_{index}", time_zone=zone, grid=grid, hours_start=0, hours_end=1440,
                                 created=now, updated=now))
    Availability.objects.bulk_create(rows)
    api.rebuild_counts(block.course_key, block.item_id, block.tally())


def query_counts(blocks, poll, users, saver):
    def count(handler, data, user):
        with CaptureQueriesContext(connection) as queries:
            result = blocks.call(poll, handler, data, user=user)
            assert result.status == 200, result.json
        return len(queries)

    state = blocks.call(poll, "poll_state", {}, user=saver).json
    body = {"time_zone": state["zone"], "grid": random_grid(random.Random(1), state["offered"])}
    count("poll_state", {}, users["learner_1"])  # warm per-process caches (user lookups, zones)
    count("staff_results", {}, users["staff_1"])
    return {"poll_state": count("poll_state", {}, users["learner_1"]),
            "staff_results": count("staff_results", {}, users["staff_1"]),
            "staff_results_utc": count("staff_results", {"view": "utc"}, users["staff_1"]),
            "first_save": count("save_availability", body, saver),
            "save_again": count("save_availability", body, saver)}


def test_queries_are_the_same_for_10_and_200_respondents(blocks, users):
    rng = random.Random(5)
    few, many = blocks.create(OLX), blocks.create(OLX)
    bulk_answers(blocks.block(few, users["learner_1"]), 10, rng)
    bulk_answers(blocks.block(many, users["learner_1"]), 200, rng)
    savers = learners(2, "tz_queries")
    small, large = query_counts(blocks, few, users, savers[0]), query_counts(blocks, many, users, savers[1])
    assert small == large, (small, large)
    block = blocks.block(many, users["learner_1"])
    assert assert_counts_equal_a_recomputation(block).respondents == 201


def test_sequential_saves_changes_and_a_new_configuration_equal_a_recomputation(blocks, users):
    poll = blocks.create(OLX)
    rng = random.Random(9)
    people = learners(30, "tz_sequential")
    for index, learner in enumerate(people + people[:10]):  # the last ten change their answer
        zone = ZONES[index % len(ZONES)]
        offered = blocks.call(poll, "poll_state", {"time_zone": zone}, user=learner).json["offered"]
        hours = {"start": "00:00", "end": "24:00"} if index % 3 else None
        result = blocks.call(poll, "save_availability", {"time_zone": zone, "grid": random_grid(rng, offered),
                                                         "hours": hours}, user=learner)
        assert result.status == 200, result.json
    blocks.call(poll, "staff_results", {"time_zone": "America/Chicago"}, user=users["staff_1"])  # a new heat map
    block = blocks.block(poll, users["staff_1"])
    counts = assert_counts_equal_a_recomputation(block)
    assert counts.respondents == 30 and len(counts.families) >= 10
    reference = schedule.rank(block.poll_settings(), [
        schedule.Response(a["anonymous_id"], a["username"], a["time_zone"], a["grid"], a["hours"])
        for a in api.list_availability(block.course_key, block.item_id)], detail=0)
    shown = blocks.call(poll, "staff_results", {"view": "utc"}, user=users["staff_1"]).json
    assert [c["slot_id"] for c in shown["ranked"]] == [r.candidate.slot_id for r in reference[:20]]
    assert [c["attend_every_date"] for c in shown["ranked"]] == [r.attend_every_date for r in reference[:20]]

    # The author changes the days, the dates and the session length: the next view rebuilds, once.
    edit = blocks.call(poll, "submit_studio_edits", {"values": {"offered_days": "Mon, Wed", "session_length": 90,
                                                                "last_session": "2026-03-31"}, "defaults": []},
                       user=users["staff_1"], surface="studio")
    assert edit.status == 200, edit.json
    with CaptureQueriesContext(connection) as rebuild:
        blocks.call(poll, "poll_state", {}, user=people[0])
    with CaptureQueriesContext(connection) as after:
        blocks.call(poll, "poll_state", {}, user=people[0])
    assert len(after) < len(rebuild)
    assert_counts_equal_a_recomputation(blocks.block(poll, users["staff_1"]))
    blocks.call(poll, "save_availability", {"time_zone": "UTC", "grid": ["0" * 48] * 7}, user=people[1])
    assert_counts_equal_a_recomputation(blocks.block(poll, users["staff_1"]))


def test_candidate_names_are_paged_and_refuse_bad_requests(blocks, users):
    poll = blocks.create(OLX)
    bulk_answers(blocks.block(poll, users["learner_1"]), 120, random.Random(2))
    staff = users["staff_1"]
    best = blocks.call(poll, "staff_results", {"view": "utc"}, user=staff).json["ranked"][0]
    assert best["left_out"] > 50
    pages, page = [], 1
    while page:
        reply = blocks.call(poll, "candidate_names", {"slot_id": best["slot_id"], "list": "left_out", "page": page},
                            user=staff).json
        assert reply["total"] == best["left_out"] and len(reply["names"]) <= reply["page_size"] == 50
        assert reply["pages"] == -(-best["left_out"] // 50)
        pages.append(reply["names"])
        page = reply["next_page"]
    names = [name for chunk in pages for name in chunk]
    assert len(pages) == -(-best["left_out"] // 50) and len(names) == len(set(names)) == best["left_out"]
    assert names == sorted(names)
    for body, code in (({"slot_id": "0-780", "list": "left_out"}, "unknown_slot"),
                       ({"slot_id": best["slot_id"]}, "unknown_name_list"),
                       ({"slot_id": best["slot_id"], "list": "everyone"}, "unknown_name_list"),
                       ({"slot_id": best["slot_id"], "list": "left_out", "page": 0}, "invalid_page"),
                       ({"slot_id": best["slot_id"], "list": "left_out", "page": "two"}, "invalid_page"),
                       ({"slot_id": best["slot_id"], "list": "left_out", "page": True}, "invalid_page")):
        refused = blocks.call(poll, "candidate_names", body, user=staff)
        assert (refused.status, refused.json["error_code"]) == (400, code) and refused.json["message"]
    assert blocks.call(poll, "candidate_names", {"slot_id": best["slot_id"], "list": "left_out"},
                       user=users["learner_1"]).status == 403


def test_counts_made_stale_outside_the_block_are_rebuilt_on_the_next_view(blocks, users):
    poll = blocks.create(OLX)
    block = blocks.block(poll, users["learner_1"])
    bulk_answers(block, 12, random.Random(4))
    Availability.objects.filter(item_id=block.item_id, anonymous_id="bulk-3").delete()  # e.g. the admin
    api.forget_counts(block.course_key, block.item_id)
    assert blocks.call(poll, "staff_results", {}, user=users["staff_1"]).json["respondents"] == 11
    assert_counts_equal_a_recomputation(block)


def test_answers_deleted_in_the_admin_make_the_counts_stale(blocks, users):
    from django.contrib import admin

    poll = blocks.create(OLX)
    block = blocks.block(poll, users["learner_1"])
    bulk_answers(block, 8, random.Random(6))
    answers = admin.site._registry[Availability]
    answers.delete_queryset(None, Availability.objects.filter(anonymous_id__in=["bulk-1", "bulk-2"]))
    assert PollAggregate.objects.get(item_id=block.item_id).version == ""
    assert blocks.call(poll, "poll_state", {}, user=users["learner_1"]).json["respondents"] == 6
    assert_counts_equal_a_recomputation(block)
    answers.delete_model(None, Availability.objects.get(anonymous_id="bulk-4"))
    assert blocks.call(poll, "staff_results", {}, user=users["staff_1"]).json["respondents"] == 5
    aggregates = admin.site._registry[PollAggregate]
    aggregates.recompute(None, PollAggregate.objects.all())
    assert PollAggregate.objects.get(item_id=block.item_id).version == ""
    assert not aggregates.has_add_permission(None)


def test_the_i18n_service_is_looked_up_once_per_request(blocks, users):
    import json as jsonlib

    from webob import Request

    poll = blocks.create(OLX)
    bulk_answers(blocks.block(poll, users["learner_1"]), 5, random.Random(8))
    block = blocks.block(poll, users["staff_1"])
    asked, service = [], block.runtime.service

    def counting(owner, name):
        asked.append(name)
        return service(owner, name)

    block.runtime.service = counting
    request = Request.blank("/staff_results/", method="POST", content_type="application/json",
                            body=jsonlib.dumps({"view": "utc"}).encode())
    reply = jsonlib.loads(block.runtime.handle(block, "staff_results", request, "").body)
    assert len(reply["ranked"]) == 20  # 20 candidates, each with translated weekdays and local times
    assert asked.count("i18n") == 1


def test_a_save_without_the_poll_settings_makes_the_counts_stale(blocks, users):
    poll = blocks.create(OLX)
    block = blocks.block(poll, users["learner_1"])
    bulk_answers(block, 4, random.Random(10))
    api.save_availability(block.course_key, block.item_id, "script-1", "imported", "UTC", "2" * 336, (0, 1440))
    assert PollAggregate.objects.get(item_id=block.item_id).version == ""
    assert blocks.call(poll, "staff_results", {}, user=users["staff_1"]).json["respondents"] == 5
    assert_counts_equal_a_recomputation(block)


def test_after_one_rebuild_every_respondents_zone_reads_the_stored_counters(blocks, users):
    """A rebuild keeps the heat map of every respondent's zone: the first learner page from each of the
    twelve zones costs the same queries as the second, and none of them reads the answers again."""
    poll = blocks.create(OLX)
    block = blocks.block(poll, users["learner_1"])
    bulk_answers(block, 60, random.Random(8))
    api.forget_counts(block.course_key, block.item_id)  # stale: the next view rebuilds
    assert blocks.call(poll, "poll_state", {"time_zone": "UTC"}, user=users["learner_1"]).status == 200
    assert blocks.call(poll, "poll_state", {"time_zone": "UTC"}, user=users["learner_2"]).status == 200  # user rows
    answers_table = Availability._meta.db_table
    for zone in ZONES:
        with CaptureQueriesContext(connection) as first:
            assert blocks.call(poll, "poll_state", {"time_zone": zone}, user=users["learner_2"]).status == 200
        with CaptureQueriesContext(connection) as second:
            assert blocks.call(poll, "poll_state", {"time_zone": zone}, user=users["learner_2"]).status == 200
        assert len(first) == len(second), zone
        assert not [q for q in first.captured_queries if f'FROM "{answers_table}"' in q["sql"].replace("`", '"')
                    and "anonymous_id" not in q["sql"].split("WHERE")[-1]], zone
    assert_counts_equal_a_recomputation(block)
