"""The summable counters equal the reference rules of schedule.py and weekview.py, across DST changes."""

import datetime
import random

import pytest

from xblocks.timezone_poll import schedule, tally, weekview, windows
from xblocks.timezone_poll.schedule import PollSettings, Response

D = datetime.date
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Asia/Kathmandu",
         "America/Sao_Paulo", "Africa/Lagos", "UTC", "Pacific/Auckland", "Australia/Lord_Howe", "Pacific/Kiritimati",
         "Pacific/Pago_Pago", "America/St_Johns", "Asia/Tehran", "America/Santiago"]
POLLS = [
    PollSettings(D(2026, 2, 3), D(2026, 4, 30), (1, 2, 3), 60, 120, (8 * 60, 22 * 60)),
    PollSettings(D(2026, 3, 2), D(2026, 4, 26), tuple(range(7)), 30, 90, (0, 24 * 60)),
    PollSettings(D(2026, 10, 1), D(2026, 11, 10), (0, 4, 6), 30, 30, (6 * 60, 23 * 60)),
    PollSettings(D(2026, 3, 27), D(2026, 3, 31), (5, 6), 60, 480, (0, 24 * 60)),  # shorter than a week
]


def random_answers(poll, rng, count):
    answers = []
    for index in range(count):
        zone = rng.choice(ZONES)
        offered = tally.Tally(poll).offered_cells(zone)
        cells = [rng.choice("0012") if offered >> cell & 1 else "0" for cell in range(schedule.CELLS_PER_WEEK)]
        hours = (rng.choice([0, 420, 480]), rng.choice([1260, 1320, 1440]))
        answers.append({"anonymous_id": f"a{index}", "username": f"learner_{index}", "time_zone": zone,
                        "grid": "".join(cells), "hours": hours})
    return answers


def responses(answers):
    return [Response(a["anonymous_id"], a["username"], a["time_zone"], a["grid"], a["hours"]) for a in answers]


@pytest.mark.parametrize("poll", POLLS)
def test_offered_cells_equal_the_reference(poll):
    for zone in ZONES:
        assert tally.Tally(poll).offered_cells(zone) == schedule.offered_cells(poll, zone), zone


@pytest.mark.parametrize("poll", POLLS)
def test_counts_equal_the_reference_evaluation_and_heat_maps(poll):
    rng = random.Random(poll.step + poll.length + poll.first_date.toordinal())
    answers = random_answers(poll, rng, 60)
    counter = tally.Tally(poll)
    counts = counter.build(answers, zones=["UTC", "Europe/Paris", "Asia/Kathmandu", "Australia/Sydney"])
    reference = schedule.evaluate(poll, responses(answers))
    assert counts.respondents == 60
    for row, result in enumerate(reference):
        weeks = len(result.dates)
        assert counts.rank[row].tolist() == [result.attend_every_date, result.if_need_be, result.outside_hours], row
        assert counts.weekly[row, :weeks, 0].tolist() == result.weekly_available, row
        assert counts.weekly[row, :weeks, 1].tolist() == result.weekly_if_need_be, row
    for zone in ("UTC", "Europe/Berlin", "Asia/Kathmandu", "Australia/Melbourne"):
        expected = weekview.heat_map(poll, responses(answers), zone)
        assert counter.heat(counts, zone) == (list(expected[0]), list(expected[1])), zone
    assert counter.heat(counts, "America/Chicago") is None  # not kept yet
    ranked = counter.ranked(counts, 5)
    best = schedule.rank(poll, responses(answers), detail=5)[:5]
    assert [r.candidate for r in ranked] == [r.candidate for r in best]
    for mine, theirs in zip(ranked, best, strict=True):
        names = counter.who(answers, mine.candidate)
        assert names == {"left_out": sorted(theirs.left_out), "if_need_be": sorted(theirs.if_need_be_names),
                         "outside_hours": sorted(theirs.outside_hours_names)}


def test_adding_and_removing_answers_matches_a_rebuild_and_the_bytes_round_trip():
    poll = POLLS[1]
    rng = random.Random(3)
    answers = random_answers(poll, rng, 40)
    counter = tally.Tally(poll)
    counts = counter.build(answers[:10], zones=["UTC", "America/New_York"])
    counter.add(counts, answers[10:])
    counter.add(counts, answers[:5], sign=-1)
    fresh = counter.build(answers[5:], zones=["UTC", "America/New_York"])
    loaded = counter.load(tally.Tally.dump(counts), counts.respondents)
    for made in (counts, loaded):
        assert made.respondents == fresh.respondents == 35
        assert (made.rank == fresh.rank).all() and (made.weekly == fresh.weekly).all()
        assert (made.heat == fresh.heat).all() and made.families == fresh.families
    assert tally.Tally(POLLS[0]).load(tally.Tally.dump(counts), 35) is None  # other settings: rebuilt
    assert counter.load(b"garbage", 1) is None


def test_versions_follow_every_setting():
    base = POLLS[0]
    changed = [base.__class__(**{**base.__dict__, name: value}) for name, value in (
        ("first_date", D(2026, 2, 4)), ("last_date", D(2026, 5, 1)), ("days", (1, 2)), ("step", 30),
        ("length", 90), ("hours", (0, 1440)))]
    versions = {tally.version_of(poll) for poll in [base, *changed]}
    assert len(versions) == 7 and tally.version_of(base) == tally.version_of(POLLS[0])


def test_a_hundred_learner_zones_are_computed_once_each_and_stay_cached():
    """Per-zone work is keyed by zone alone (never zone pairs), with a bound above the IANA zone count."""
    import zoneinfo

    poll = POLLS[1]
    zones = sorted(zoneinfo.available_timezones())[::5][:100]
    assert len(zones) == 100 and windows.ZONE_CACHE > len(zoneinfo.available_timezones())
    counter = tally.Tally(poll)
    for zone in zones:
        counter.offered_cells(zone), counter.view_key(zone)
    before = windows.zone_clock.cache_info(), windows._view_starts.cache_info()
    for zone in zones:  # a second page view in every zone: nothing is recomputed
        counter.offered_cells(zone), counter.view_key(zone)
    after = windows.zone_clock.cache_info(), windows._view_starts.cache_info()
    assert [info.misses for info in after] == [info.misses for info in before]
    assert [info.hits - old.hits for info, old in zip(after, before, strict=True)] == [100, 100]
