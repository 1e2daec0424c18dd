"""The .ics output parsed back with the ``icalendar`` package gives the schedule's instants."""

import datetime

import icalendar
import pytest
from dateutil.rrule import rrulestr

from xblocks.timezone_poll import ics, schedule
from xblocks.timezone_poll.schedule import Candidate, PollSettings

POLL = PollSettings(first_date=datetime.date(2026, 2, 3), last_date=datetime.date(2026, 4, 30), days=(1, 3),
                    step=30, length=120)


def occurrences(text):
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    start = event.decoded("DTSTART")
    rule = event.get("RRULE").to_ical().decode()
    return event, list(rrulestr(rule, dtstart=start))


@pytest.mark.parametrize("candidate", [Candidate(1, 13 * 60), Candidate(3, 21 * 60 + 30), Candidate(1, 0)])
def test_parsed_occurrences_are_the_same_instants(candidate):
    text = ics.session_calendar(POLL, candidate, uid="poll-1@wikilearn", summary="Live session")
    event, starts = occurrences(text)
    assert starts == schedule.instants(POLL, candidate)
    assert all(start.utcoffset() == datetime.timedelta(0) for start in starts)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=120)


def test_local_times_in_berlin_move_with_dst_exactly_as_the_schedule_says():
    candidate = Candidate(1, 13 * 60)
    _event, starts = occurrences(ics.session_calendar(POLL, candidate, uid="x", summary="s"))
    berlin = [start.astimezone(schedule.zone("Europe/Berlin")).hour for start in starts]
    assert berlin == [14] * 8 + [15] * 5


def test_text_is_escaped_folded_and_crlf_terminated():
    summary = "Partnership Building; week, live \\ session — " + "ü" * 80
    text = ics.session_calendar(POLL, Candidate(1, 600), uid="u", summary=summary, description="line1\nline2")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event, _starts = occurrences(text)
    assert str(event["SUMMARY"]) == summary
    assert str(event["DESCRIPTION"]) == "line1\nline2"


def test_empty_range_is_refused():
    empty = PollSettings(first_date=datetime.date(2026, 2, 4), last_date=datetime.date(2026, 2, 5), days=(1,))
    with pytest.raises(ValueError):
        ics.session_calendar(empty, Candidate(1, 0), uid="u", summary="s")
