"""Check and normalise what a learner sends: zone, weekly grid, acceptable hours.

Everything here is pure (no runtime, no database); errors are :class:`BadRequest` with a stable
``error_code`` so the handler can answer 400 without touching the stored answer.
"""

import functools
import re
import zoneinfo

from xblocks.common.runtime.errors import BadRequest
from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.timezone_poll import schedule

TIME = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
MARKS = frozenset(schedule.EMPTY + schedule.IF_NEED_BE + schedule.AVAILABLE)


@functools.lru_cache(maxsize=1)
def zone_names():
    """Every IANA zone name this Python knows (zoneinfo + tzdata), sorted."""
    return tuple(sorted(zoneinfo.available_timezones() | {"UTC"}))


def check_zone(name):
    """``name`` if it is a known IANA zone, else 400 ``unknown_time_zone``."""
    if not isinstance(name, str) or name not in frozenset(zone_names()):
        raise BadRequest("unknown_time_zone", _("This time zone is not known: choose one from the list."))
    return name


def parse_time(text):
    """Minutes after midnight of ``"HH:MM"`` (``"24:00"`` allowed as the end of a day), or None."""
    match = TIME.match(text or "") if isinstance(text, str) else None
    if not match:
        return None
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    return minutes if minutes <= 24 * 60 else None


def format_time(minutes):
    """``"HH:MM"`` for minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_hours(text):
    """(start, end) minutes of ``"08:00-22:00"``, or None when malformed or empty."""
    parts = (text or "").split("-") if isinstance(text, str) else []
    if len(parts) != 2:
        return None
    start, end = parse_time(parts[0].strip()), parse_time(parts[1].strip())
    if start is None or end is None or start >= end:
        return None
    return start, end


def check_hours(value, allowed):
    """The learner's acceptable hours as (start, end): within the author's ``allowed`` hours.

    ``value`` is ``{"start": "HH:MM", "end": "HH:MM"}`` or None (the author's default).
    """
    if value is None:
        return tuple(allowed)
    if not isinstance(value, dict):
        raise BadRequest("invalid_hours", _("Acceptable hours must give a start and an end time."))
    start, end = parse_time(value.get("start")), parse_time(value.get("end"))
    if start is None or end is None or start >= end or start % schedule.CELL_MINUTES or end % schedule.CELL_MINUTES:
        raise BadRequest("invalid_hours", _("Acceptable hours must be whole half hours, the start before the end."))
    if start < allowed[0] or end > allowed[1]:
        raise BadRequest("invalid_hours", _("You can narrow the acceptable hours, but not go beyond %(hours)s."),
                         hours=f"{format_time(allowed[0])}-{format_time(allowed[1])}")
    return start, end


def check_grid(value):
    """The grid as one 336-character string, from 7 strings (Monday first) of 48 marks each."""
    if (not isinstance(value, list) or len(value) != 7
            or not all(isinstance(day, str) and len(day) == schedule.CELLS_PER_DAY for day in value)):
        raise BadRequest("malformed_grid", _("The availability grid must have 7 days of 48 half-hour slots."))
    grid = "".join(value)
    if not set(grid) <= MARKS:
        raise BadRequest("malformed_grid", _("Each slot must be available, if need be, or empty."))
    return grid


def split_grid(grid):
    """The stored 336-character grid as 7 day strings (the JSON shape)."""
    size = schedule.CELLS_PER_DAY
    return [grid[day * size:(day + 1) * size] for day in range(7)]


def normalise(data, settings, key, name, offered_cells=None):
    """A validated :class:`schedule.Response` from a ``save_availability`` body, or BadRequest.

    ``offered_cells(zone)``: the cells offered in a zone (default: :func:`schedule.offered_cells`).
    """
    zone_name = check_zone(data.get("time_zone"))
    grid = check_grid(data.get("grid"))
    hours = check_hours(data.get("hours"), settings.hours)
    _available, painted = schedule.grid_bits(grid)
    offered = offered_cells(zone_name) if offered_cells else schedule.offered_cells(settings, zone_name)
    if painted & ~offered:
        raise BadRequest("slot_outside_offered",
                         _("Some marked slots are outside the days and hours offered for the session."))
    if painted & ~schedule.hours_mask(hours):
        raise BadRequest("slot_outside_hours", _("Some marked slots are outside your acceptable hours."))
    return schedule.Response(key=key, name=name, zone=zone_name, grid=grid, hours=hours)
