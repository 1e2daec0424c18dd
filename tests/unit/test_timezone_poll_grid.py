"""Checking what learners send and what authors set: zones, grids, hours, days."""

import datetime

import pytest

from xblocks.common.runtime.errors import BadRequest
from xblocks.timezone_poll import authoring, grid
from xblocks.timezone_poll.schedule import PollSettings

POLL = PollSettings(first_date=datetime.date(2026, 2, 3), last_date=datetime.date(2026, 4, 30), days=(1, 2, 3),
                    step=60, length=120, hours=(8 * 60, 22 * 60))
EMPTY = ["0" * 48] * 7


def painted(day, start, end, mark="2"):
    days = list(EMPTY)
    days[day] = "0" * start + mark * (end - start) + "0" * (48 - end)
    return days


def code(data):
    with pytest.raises(BadRequest) as caught:
        grid.normalise(data, POLL, "k", "name")
    return caught.value.error_code


def test_valid_answer_is_normalised():
    response = grid.normalise({"time_zone": "Asia/Kolkata", "grid": painted(1, 37, 41),
                               "hours": {"start": "09:00", "end": "21:30"}}, POLL, "k", "priya")
    assert response.zone == "Asia/Kolkata" and len(response.grid) == 336 and response.hours == (540, 1290)


@pytest.mark.parametrize(("data", "expected"), [
    ({"time_zone": "Mars/Olympus", "grid": EMPTY}, "unknown_time_zone"),
    ({"time_zone": None, "grid": EMPTY}, "unknown_time_zone"),
    ({"time_zone": "UTC", "grid": EMPTY[:6]}, "malformed_grid"),
    ({"time_zone": "UTC", "grid": ["0" * 47] + EMPTY[1:]}, "malformed_grid"),
    ({"time_zone": "UTC", "grid": ["x" * 48] + EMPTY[1:]}, "malformed_grid"),
    ({"time_zone": "UTC", "grid": "0" * 336}, "malformed_grid"),
    ({"time_zone": "UTC", "grid": painted(0, 20, 24)}, "slot_outside_offered"),  # Monday is not offered
    ({"time_zone": "UTC", "grid": painted(1, 2, 6)}, "slot_outside_offered"),  # 01:00-03:00 outside 08-22
    ({"time_zone": "UTC", "grid": painted(1, 18, 22), "hours": {"start": "10:00", "end": "20:00"}},
     "slot_outside_hours"),
    ({"time_zone": "UTC", "grid": EMPTY, "hours": {"start": "07:00", "end": "20:00"}}, "invalid_hours"),
    ({"time_zone": "UTC", "grid": EMPTY, "hours": {"start": "12:00", "end": "10:00"}}, "invalid_hours"),
    ({"time_zone": "UTC", "grid": EMPTY, "hours": {"start": "10:15", "end": "12:00"}}, "invalid_hours"),
    ({"time_zone": "UTC", "grid": EMPTY, "hours": "10-12"}, "invalid_hours"),
])
def test_bad_input_has_a_stable_code(data, expected):
    assert code(data) == expected


def test_sydney_may_paint_wednesday_morning_for_a_tuesday_utc_session():
    # Tuesday 22:00 UTC is Wednesday 09:00 in Sydney (AEDT): offered although Wednesday local.
    response = grid.normalise({"time_zone": "Australia/Sydney", "grid": painted(2, 18, 22)}, POLL, "k", "kate")
    assert response.grid.count("2") == 4


def test_zone_list_is_the_iana_list():
    names = grid.zone_names()
    assert "Asia/Kathmandu" in names and "UTC" in names and len(names) > 400 and list(names) == sorted(names)


def test_author_settings_parse_and_validate():
    assert authoring.parse_days("Tue, wed;THU") == (1, 2, 3)
    assert authoring.parse_days("0 6") == (0, 6)
    assert authoring.parse_days("Funday") is None
    parsed = authoring.parse_settings("", "", "", 45, 7, "bad", today=datetime.date(2026, 1, 5))
    assert parsed.first_date == datetime.date(2026, 1, 5) and parsed.last_date == datetime.date(2026, 3, 1)
    assert (parsed.step, parsed.length, parsed.hours, parsed.days) == (60, 120, (480, 1320), (0, 1, 2, 3, 4))
    assert authoring.settings_errors("2026-02-03", "2026-04-30", "Tue", 60, 120, "08:00-22:00", "") == []
    errors = authoring.settings_errors("2026-13-01", "2026-01-01", "", 45, 100, "22:00-08:00", "soon")
    assert len(errors) == 5
