"""The demo course's dates, counted from today, in one place.

The sandbox's block scenarios, the sandbox's demo recordings and the OLX demo course
(``make demo-course``) all take their dates from :func:`demo_calendar`, so whoever opens the
demo, on any day, finds the course under way: lessons recorded over the last four weeks, the
weekly live-session poll open with a course range starting next Monday, and every assignment
due ahead.

Dates are counted from the Monday of the current week (UTC), so the demo keeps the same dates
for a whole week and a re-run of ``make run`` on another day of that week changes nothing.

``WIKILEARN_DEMO_TODAY=YYYY-MM-DD`` in the environment pins "today": tests whose assertions rely
on the season of the poll's range (standard time in Berlin and New York, say) pin it, and so can
anyone who wants the same demo course on every day.
"""

import datetime
import os
from dataclasses import dataclass

PIN_VARIABLE = "WIKILEARN_DEMO_TODAY"
LESSONS = 4  # weekly lessons already recorded
LESSON_TIME = datetime.time(15, 0)  # lessons start at 15:00 UTC (afternoon in Europe and Africa)
DUE_TIME = datetime.time(23, 59)
UTC = datetime.UTC


def _at(day, time):
    return datetime.datetime.combine(day, time, tzinfo=UTC)


@dataclass(frozen=True)
class DemoCalendar:
    """Every date of the demo course, for a given "today"."""

    today: datetime.date

    @property
    def week_start(self):
        """The Monday of today's week: every other date counts from it."""
        return self.today - datetime.timedelta(days=self.today.weekday())

    def _day(self, offset):
        return self.week_start + datetime.timedelta(days=offset)

    @property
    def course_start(self):
        """The course began four Mondays ago (weeks 1 to 4 have had their lesson)."""
        return self._day(-7 * LESSONS)

    @property
    def lessons(self):
        """Start times of the recorded lessons, oldest first: the Tuesdays of the last four weeks."""
        return tuple(_at(self._day(-7 * week + 1), LESSON_TIME) for week in range(LESSONS, 0, -1))

    @property
    def poll_first_session(self):
        """The live sessions being scheduled start next Monday."""
        return self._day(7)

    @property
    def poll_last_session(self):
        """... and run for thirteen weeks (to that week's Thursday)."""
        return self.poll_first_session + datetime.timedelta(weeks=12, days=3)

    @property
    def poll_closes(self):
        """The poll closes at the end of this week's Sunday, before the first session."""
        return self._day(6)

    @property
    def week1_due(self):
        """The week 1 assignment is due at the end of next Monday."""
        return _at(self._day(7), DUE_TIME)

    @property
    def week3_due(self):
        """The week 3 assignment is due a week later."""
        return _at(self._day(14), DUE_TIME)

    @property
    def pitch_submission_deadline(self):
        """Final pitches are submitted within four weeks."""
        return _at(self._day(28), DUE_TIME)

    @property
    def pitch_review_deadline(self):
        """... and reviewed the week after."""
        return _at(self._day(35), DUE_TIME)

    @property
    def course_end(self):
        """The course ends with the last live session."""
        return _at(self.poll_last_session, DUE_TIME)


def pinned_today(environ=None):
    """The day ``WIKILEARN_DEMO_TODAY`` pins, or None; a malformed value is an error, not today."""
    value = (os.environ if environ is None else environ).get(PIN_VARIABLE, "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{PIN_VARIABLE}={value!r} is not a date (YYYY-MM-DD)") from error


def demo_calendar(today=None):
    """The demo course's calendar for ``today`` (default: the pinned day, else today in UTC)."""
    return DemoCalendar(today or pinned_today() or datetime.datetime.now(UTC).date())


def iso_date(value):
    """``YYYY-MM-DD``, as the poll's date fields take it."""
    return value.isoformat()


def iso_datetime(value):
    """``YYYY-MM-DDTHH:MM:SSZ``, as XBlock ``DateTime`` fields read it from OLX."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
