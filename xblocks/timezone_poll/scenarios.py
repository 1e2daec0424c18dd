"""Sandbox scenario: the Partnership Building weekly live session, its range starting next week.

The course range and the closing day come from :mod:`xblocks.common.demo_dates`, the one
calendar of the demo course: the poll is open and its sessions start next Monday, on any day.
"""

from xblocks.common.demo_dates import demo_calendar, iso_date

POLL = """<wikilearn_timezone_poll display_name="Partnership Building: weekly live session"
    question="When could you attend the two-hour live session each week? Mark every time you could make it."
    session_length="120" slot_step="60" offered_days="Tue, Wed, Thu"
    first_session="{first}" last_session="{last}" acceptable_hours="08:00-22:00"
    closes="{closes}" show_heat_map="true"/>"""


def scenarios(calendar):
    """The weekly live-session poll over ``calendar``'s course range."""
    return [(
        "WikiLearn timezone poll: Partnership Building weekly live session",
        POLL.format(first=iso_date(calendar.poll_first_session), last=iso_date(calendar.poll_last_session),
                    closes=iso_date(calendar.poll_closes)),
    )]


SCENARIOS = scenarios(demo_calendar())
