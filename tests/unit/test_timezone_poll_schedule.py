"""The scheduling module with real zones over February-April 2026 (EU, US and Australian DST changes)."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xblocks.timezone_poll import schedule, weekview
from xblocks.timezone_poll.present import session_in_zone
from xblocks.timezone_poll.schedule import Candidate, PollSettings, Response

D = datetime.date
POLL = PollSettings(first_date=D(2026, 2, 3), last_date=D(2026, 4, 30), days=(1, 2, 3), step=60, length=120,
                    hours=(8 * 60, 22 * 60))
TUE = 1


def minutes(text):
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def grid(*spans):
    """A 336-mark grid from (weekday, "HH:MM", "HH:MM", mark) spans."""
    cells = ["0"] * schedule.CELLS_PER_WEEK
    for day, start, end, mark in spans:
        for cell in range(minutes(start) // 30, minutes(end) // 30):
            cells[day * 48 + cell] = mark
    return "".join(cells)


def learner(name, zone, *spans, hours=(8 * 60, 22 * 60)):
    return Response(key=name, name=name, zone=zone, grid=grid(*spans), hours=hours)


def result_for(responses, candidate, poll=POLL):
    return next(r for r in schedule.evaluate(poll, responses) if r.candidate == candidate)


def test_session_dates_cover_every_tuesday_of_the_range():
    dates = schedule.session_dates(POLL, TUE)
    assert dates[0] == D(2026, 2, 3) and dates[-1] == D(2026, 4, 28) and len(dates) == 13
    assert len(schedule.candidates(POLL)) == 3 * 24


def test_berlin_learner_loses_a_utc_slot_after_the_eu_change_on_29_march():
    berlin = learner("lena", "Europe/Berlin", (TUE, "14:00", "16:00", "2"))
    result = result_for([berlin], Candidate(TUE, 13 * 60))  # 14:00 CET, 15:00 CEST
    assert result.weekly_available == [1] * 8 + [0] * 5  # up to 24 March, not from 31 March
    assert result.attend_every_date == 0
    later = result_for([berlin], Candidate(TUE, 12 * 60))  # 13:00 CET, 14:00 CEST
    assert later.weekly_available == [0] * 8 + [1] * 5


def test_berlin_learner_available_across_the_change_counts_for_every_date():
    berlin = learner("lena", "Europe/Berlin", (TUE, "14:00", "17:00", "2"))
    result = result_for([berlin], Candidate(TUE, 13 * 60))
    assert result.weekly_available == [1] * 13 and result.attend_every_date == 1 and result.if_need_be == 0


def test_new_york_changes_on_8_march_three_weeks_before_europe():
    new_york = learner("mateo", "America/New_York", (TUE, "09:00", "11:00", "2"))
    result = result_for([new_york], Candidate(TUE, 14 * 60))  # 09:00 EST, then 10:00 EDT
    assert result.weekly_available == [1] * 5 + [0] * 8  # 3 Feb .. 3 March
    first, found = schedule.changes(POLL, Candidate(TUE, 14 * 60), "America/New_York")
    assert first.hour == 9 and [(c.date(), c.hour, p.hour) for c, p in found] == [(D(2026, 3, 10), 10, 9)]


def test_kolkata_half_hour_offset_needs_the_half_hour_cells():
    candidate = Candidate(TUE, 13 * 60)  # 18:30-20:30 IST on every date, no DST in India
    on_the_hour = learner("priya", "Asia/Kolkata", (TUE, "18:00", "20:00", "2"))
    on_the_half = learner("ravi", "Asia/Kolkata", (TUE, "18:30", "20:30", "2"))
    assert result_for([on_the_hour], candidate).attend_every_date == 0
    assert result_for([on_the_half], candidate).weekly_available == [1] * 13
    assert schedule.changes(POLL, candidate, "Asia/Kolkata")[1] == []


def test_kathmandu_quarter_hour_offset_covers_five_half_hour_cells():
    candidate = Candidate(TUE, 13 * 60)  # 18:45-20:45 NPT
    mask = schedule.covered_cells(schedule.instant(D(2026, 2, 3), candidate), 120, schedule.zone("Asia/Kathmandu"))
    assert bin(mask).count("1") == 5
    wide = learner("sita", "Asia/Kathmandu", (TUE, "18:30", "21:00", "2"))
    narrow = learner("hari", "Asia/Kathmandu", (TUE, "19:00", "21:00", "2"))
    assert result_for([wide, narrow], candidate).attend_every_date == 1


def test_sydney_opposite_change_makes_a_slot_too_early_for_one_learner_after_5_april():
    candidate = Candidate(TUE, 21 * 60)  # Wednesday 08:00 AEDT, then 07:00 AEST from 8 April
    kate = learner("kate", "Australia/Sydney", (2, "08:00", "10:00", "2"))
    ana = learner("ana", "America/Sao_Paulo", (TUE, "18:00", "20:00", "2"))  # no DST in Brazil
    result = schedule.describe(POLL, result_for([kate, ana], candidate), [kate, ana])
    assert result.outside_hours == 1 and result.outside_hours_names == ["kate"]
    assert result.weekly_available == [2] * 9 + [1] * 4  # kate until 31 March (1 April in Sydney)
    assert result.left_out == ["kate"] and result.attend_every_date == 1
    first, found = schedule.changes(POLL, candidate, "Australia/Sydney")
    assert first.weekday() == 2 and first.hour == 8
    assert [(c.date(), c.hour, p.hour) for c, p in found] == [(D(2026, 4, 8), 7, 8)]
    text = session_in_zone(POLL, candidate, "Australia/Sydney", str)["changes"][0]["text"]
    assert text == "From April 8: 07:00 instead of 08:00"
    # The date follows the reader's language's CLDR pattern, not "<day> <translated month>".
    in_spanish = session_in_zone(POLL, candidate, "Australia/Sydney", str, "es")
    assert in_spanish["changes"][0]["text"] == "From 8 de abril: 07:00 instead of 08:00"
    assert session_in_zone(POLL, candidate, "Australia/Sydney", str, "en-gb")["changes"][0]["text"].startswith(
        "From 8 April:")


def test_sao_paulo_and_lagos_keep_their_local_time_all_term():
    for zone, hour in (("America/Sao_Paulo", 11), ("Africa/Lagos", 15)):
        first, found = schedule.changes(POLL, Candidate(TUE, 14 * 60), zone)
        assert first.hour == hour and found == []


def test_named_change_date_for_berlin():
    info = session_in_zone(POLL, Candidate(TUE, 13 * 60), "Europe/Berlin", str)
    assert info["start"] == "14:00" and info["end"] == "16:00"
    assert [c["text"] for c in info["changes"]] == ["From March 31: 15:00 instead of 14:00"]
    in_french = session_in_zone(POLL, Candidate(TUE, 13 * 60), "Europe/Berlin", str, "fr")
    assert in_french["text"] == "Tuesday 14:00-16:00, starting 3 février"


def pilot_class():
    """Seven learners in the pilot's zones; Tuesday 14:00 UTC suits most of them."""
    return [
        learner("lena", "Europe/Berlin", (TUE, "14:00", "18:00", "2")),
        learner("mateo", "America/New_York", (TUE, "08:00", "12:00", "2")),
        learner("priya", "Asia/Kolkata", (TUE, "19:00", "22:00", "2")),
        learner("ngozi", "Africa/Lagos", (TUE, "14:00", "18:00", "1")),
        learner("ana", "America/Sao_Paulo", (TUE, "10:00", "14:00", "2")),
        learner("sita", "Asia/Kathmandu", (TUE, "19:30", "22:00", "2")),
        learner("kate", "Australia/Sydney", (2, "08:00", "12:00", "2")),
    ]


def test_ranking_prefers_most_attendees_then_fewest_if_need_be():
    ranked = schedule.rank(POLL, pilot_class(), detail=3)
    best = ranked[0]
    assert best.candidate == Candidate(TUE, 14 * 60)
    assert best.attend_every_date == 6 and best.if_need_be == 1
    assert best.left_out == ["kate"]  # Wednesday 01:00 in Sydney
    assert best.weekly_available == [5] * 13
    assert best.if_need_be_names == ["ngozi"]
    keys = [r.sort_key() for r in ranked]
    assert keys == sorted(keys)


def test_ranking_tie_is_broken_by_if_need_be_then_outside_hours():
    only_maybe = learner("a", "UTC", (TUE, "10:00", "12:00", "1"), (TUE, "14:00", "16:00", "2"))
    ranked = schedule.rank(POLL, [only_maybe], detail=0)
    assert ranked[0].candidate == Candidate(TUE, 14 * 60) and ranked[1].candidate == Candidate(TUE, 10 * 60)
    early = learner("b", "UTC", (TUE, "08:00", "10:00", "2"), (TUE, "16:00", "18:00", "2"), hours=(9 * 60, 22 * 60))
    ranked = schedule.rank(POLL, [early], detail=0)
    assert ranked[0].candidate == Candidate(TUE, 16 * 60) and ranked[0].outside_hours == 0
    assert ranked[1].candidate == Candidate(TUE, 8 * 60) and ranked[1].outside_hours == 1


def test_heat_map_counts_a_cell_only_when_available_on_every_date():
    berlin = learner("lena", "Europe/Berlin", (TUE, "14:00", "16:00", "2"), (TUE, "16:00", "17:00", "1"))
    available, if_need_be = weekview.heat_map(POLL, [berlin], "UTC")
    at = lambda hour: TUE * 48 + hour * 2  # noqa: E731
    assert available[at(13)] == 1  # 14-15 CET, 15-16 CEST
    assert available[at(12)] == 0 and available[at(14)] == 0
    assert if_need_be[at(14)] == 1  # 15-16 CET available, 16-17 CEST if need be
    local_available, _maybe = weekview.heat_map(POLL, [berlin], "Europe/Berlin")
    assert local_available[at(14)] == local_available[at(15)] == 1 and local_available[at(16)] == 0


def test_convert_grid_shows_the_same_instants_in_another_zone():
    berlin = grid((TUE, "14:00", "16:00", "2"))
    new_york = weekview.convert_grid(berlin, "Europe/Berlin", "America/New_York", POLL.first_date)
    assert new_york == grid((TUE, "08:00", "10:00", "2"))
    kolkata = weekview.convert_grid(berlin, "Europe/Berlin", "Asia/Kolkata", POLL.first_date)
    assert kolkata == grid((TUE, "18:30", "20:30", "2"))


# -- properties ---------------------------------------------------------------------------------
SMALL = PollSettings(first_date=D(2026, 3, 1), last_date=D(2026, 4, 12), days=(1, 6), step=60, length=120,
                     hours=(6 * 60, 23 * 60))
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Asia/Kathmandu",
         "America/Sao_Paulo", "Africa/Lagos"]
responses_strategy = st.lists(st.builds(
    lambda i, zone, marks, start: Response(key=str(i), name=f"u{i}", zone=zone, grid=marks,
                                           hours=(start * 60, min(start * 60 + 10 * 60, 24 * 60))),
    st.integers(0, 10_000), st.sampled_from(ZONES),
    st.text(alphabet="0122", min_size=336, max_size=336), st.integers(6, 14),
), max_size=8)


@settings(max_examples=40, deadline=None)
@given(responses_strategy)
def test_ranking_never_prefers_a_slot_with_fewer_learners_available_every_date(responses):
    ranked = schedule.rank(SMALL, responses, detail=0)
    counts = [r.attend_every_date for r in ranked]
    assert counts == sorted(counts, reverse=True)
    for better, worse in zip(ranked, ranked[1:], strict=False):
        if better.attend_every_date == worse.attend_every_date:
            assert (better.if_need_be, better.outside_hours) <= (worse.if_need_be, worse.outside_hours)


def naive_status(response, start, length):
    """Per-date status computed directly, without masks or phases: 2, 1 or 0."""
    tz = schedule.zone(response.zone)
    marks, probe = [], start
    while probe < start + datetime.timedelta(minutes=length):
        local = probe.astimezone(tz)
        marks.append(response.grid[local.weekday() * 48 + (local.hour * 60 + local.minute) // 30])
        probe += datetime.timedelta(minutes=15)
    return int(min(marks))


@settings(max_examples=25, deadline=None)
@given(responses_strategy)
def test_phase_grouping_matches_a_direct_per_date_evaluation(responses):
    for result in schedule.evaluate(SMALL, responses):
        statuses = [[naive_status(r, s, SMALL.length) for s in schedule.instants(SMALL, result.candidate)]
                    for r in responses]
        assert result.attend_every_date == sum(1 for row in statuses if min(row, default=0) >= 1)
        assert result.if_need_be == sum(1 for row in statuses if row and min(row) == 1)
        assert result.weekly_available == [sum(1 for row in statuses if row[w] == 2)
                                           for w in range(len(result.dates))]
        assert result.weekly_if_need_be == [sum(1 for row in statuses if row[w] == 1)
                                            for w in range(len(result.dates))]


@pytest.mark.parametrize("zone", ZONES)
def test_offered_cells_stay_within_the_authors_hours(zone):
    offered = schedule.offered_cells(POLL, zone)
    assert offered and not offered & ~schedule.hours_mask(POLL.hours)


def test_session_across_the_spring_forward_hour_covers_only_existing_local_cells():
    # Sunday 29 March 2026, 00:30-02:30 UTC: 01:30 CET, then clocks jump 02:00 -> 03:00, ends 04:30 CEST.
    start = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC)
    mask = schedule.covered_cells(start, 120, schedule.zone("Europe/Berlin"))
    sunday = 6 * 48
    assert sorted(schedule.bits_of(mask)) == [sunday + 3, sunday + 6, sunday + 7, sunday + 8]
    assert schedule.local_span(start, 120, schedule.zone("Europe/Berlin")) == (90, 270)
