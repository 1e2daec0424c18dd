"""The demo course's calendar: on any day the course is under way, the poll open for sessions that
start soon, lessons recorded in the past weeks, every deadline ahead."""

import datetime

import pytest

from xblocks.common import demo_dates
from xblocks.common.demo_dates import DemoCalendar, demo_calendar, pinned_today

EVERY_DAY_OF_A_YEAR = [datetime.date(2026, 1, 1) + datetime.timedelta(days=n) for n in range(366)]
UTC = datetime.UTC


def end_of(day):
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=UTC)


def start_of(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=UTC)


@pytest.mark.parametrize("today", EVERY_DAY_OF_A_YEAR, ids=str)
def test_on_any_day_the_poll_is_open_and_its_range_starts_within_a_week(today):
    calendar = DemoCalendar(today)
    assert today <= calendar.poll_closes < calendar.poll_first_session
    assert 1 <= (calendar.poll_first_session - today).days <= 7
    assert calendar.poll_first_session.weekday() == 0  # a Monday
    assert (calendar.poll_last_session - calendar.poll_first_session).days == 87  # 13 weeks, to a Thursday
    assert calendar.poll_last_session.weekday() == 3


@pytest.mark.parametrize("today", EVERY_DAY_OF_A_YEAR, ids=str)
def test_on_any_day_the_lessons_are_recent_and_every_deadline_ahead(today):
    calendar = DemoCalendar(today)
    lessons = calendar.lessons
    assert len(lessons) == 4 and list(lessons) == sorted(lessons)
    assert all(start_of(today) - datetime.timedelta(days=35) <= lesson < start_of(today) for lesson in lessons)
    assert lessons[-1] >= start_of(today) - datetime.timedelta(days=13)  # the last one within two weeks
    assert all(lesson.weekday() == 1 for lesson in lessons)  # the Tuesday lessons
    assert calendar.course_start <= lessons[0].date() and calendar.course_start <= today
    deadlines = [calendar.week1_due, calendar.week3_due, calendar.pitch_submission_deadline,
                 calendar.pitch_review_deadline]
    assert deadlines == sorted(deadlines) and all(deadline > end_of(today) for deadline in deadlines)
    assert calendar.course_end.date() == calendar.poll_last_session


def test_a_week_keeps_its_dates():
    monday = datetime.date(2026, 3, 9)
    week = [DemoCalendar(monday + datetime.timedelta(days=n)) for n in range(7)]
    fields = ("course_start", "lessons", "poll_first_session", "poll_last_session", "poll_closes",
              "week1_due", "week3_due", "pitch_submission_deadline", "pitch_review_deadline")
    assert len({tuple(getattr(day, name) for name in fields) for day in week}) == 1
    assert DemoCalendar(monday + datetime.timedelta(days=7)).poll_first_session == monday + datetime.timedelta(days=14)


def test_today_is_pinned_by_the_environment_and_a_bad_pin_is_an_error(monkeypatch):
    assert pinned_today({}) is None
    assert pinned_today({"WIKILEARN_DEMO_TODAY": " 2027-01-27 "}) == datetime.date(2027, 1, 27)
    with pytest.raises(ValueError, match="WIKILEARN_DEMO_TODAY='27/01/2027' is not a date"):
        pinned_today({"WIKILEARN_DEMO_TODAY": "27/01/2027"})
    monkeypatch.setenv("WIKILEARN_DEMO_TODAY", "2027-01-27")
    assert demo_calendar().today == datetime.date(2027, 1, 27)
    assert demo_calendar(datetime.date(2026, 6, 1)).today == datetime.date(2026, 6, 1)  # an explicit day wins
    monkeypatch.delenv("WIKILEARN_DEMO_TODAY")
    assert demo_calendar().today == datetime.datetime.now(UTC).date()


def test_olx_date_formats():
    moment = datetime.datetime(2026, 2, 9, 23, 59, tzinfo=UTC)
    assert demo_dates.iso_datetime(moment) == "2026-02-09T23:59:00Z"
    assert demo_dates.iso_date(moment.date()) == "2026-02-09"
