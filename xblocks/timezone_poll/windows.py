"""Where the poll's windows lie on absolute UTC quarter hours over the course range (the "domain").

Every zone in use today is offset from UTC by a multiple of 15 minutes, so each quarter hour falls
in exactly one half-hour cell of a learner's local week. This module maps a zone onto the domain
(:func:`zone_clock`: its offset and local cell per quarter) and places the windows that
:mod:`~xblocks.timezone_poll.tally` counts in: each candidate session on each of its dates
(:func:`candidate_windows`) and each heat-map cell seen from a zone (:func:`view_windows`).

Per zone, the work is O(quarters of the range) (an offset per quarter, from about one ``utcoffset``
call per day) and cached by zone alone with a bound above the number of IANA zones, so nothing is
proportional to zones x candidates, and many learner zones never make it thrash.
"""

import datetime
import functools
import hashlib
from dataclasses import dataclass

import numpy as np

from xblocks.timezone_poll import schedule

QUARTER = 15
PER_DAY = 24 * 60 // QUARTER
CELLS = schedule.CELLS_PER_WEEK
ZONE_CACHE = 1024  # more than the ~600 IANA zones: caching by zone never thrashes


def domain_start(first):
    """The domain's first day: one before the course's first date (zones up to UTC+14)."""
    return first - datetime.timedelta(days=1)


def _quarters(first, last):
    # One day before the first date (zones up to UTC+14) to three after the last (sessions up to 8 h, UTC-12).
    return ((last - first).days + 4) * PER_DAY


@functools.lru_cache(maxsize=ZONE_CACHE)
def zone_clock(first, last, zone_name):
    """(offset minutes per quarter of the domain, plus one; the learner-local cell of each quarter)."""
    tz, start = schedule.zone(zone_name), domain_start(first)
    origin = datetime.datetime.combine(start, datetime.time(), tzinfo=schedule.UTC)
    quarters = _quarters(first, last)
    days = quarters // PER_DAY + 1
    daily = [int(origin.astimezone(tz).utcoffset().total_seconds() // 60) if day == 0 else None
             for day in range(days + 1)]
    offsets = np.empty(days * PER_DAY + 1, dtype=np.int32)
    for day in range(days):
        moment = origin + datetime.timedelta(days=day + 1)
        daily[day + 1] = int(moment.astimezone(tz).utcoffset().total_seconds() // 60)
        span = slice(day * PER_DAY, (day + 1) * PER_DAY)
        if daily[day] == daily[day + 1]:  # no change within the day (zones change at most once a day)
            offsets[span] = daily[day]
        else:
            offsets[span] = [int((origin + datetime.timedelta(minutes=QUARTER * q)).astimezone(tz).utcoffset()
                                 .total_seconds() // 60) for q in range(span.start, span.stop)]
    offsets[-1] = daily[days]
    offsets = offsets[:quarters + 1]
    local = start.weekday() * 1440 + np.arange(quarters + 1) * QUARTER + offsets
    cells = ((local // 1440) % 7) * schedule.CELLS_PER_DAY + (local % 1440) // schedule.CELL_MINUTES
    return offsets.astype(np.int16), cells.astype(np.int16)  # minutes and cells fit: 4 bytes a quarter


@dataclass(frozen=True)
class Windows:
    """Where windows start (quarter index, [rows, dates]), which exist, and how many quarters each spans.

    ``any_date``: rows that take place on at least one date (the others count nobody).
    """

    starts: np.ndarray
    valid: np.ndarray
    size: int
    any_date: np.ndarray

    @classmethod
    def of(cls, starts, valid, size):
        """Windows with their ``any_date`` computed once."""
        return cls(starts, valid, size, valid.any(axis=1))


@functools.lru_cache(maxsize=64)
def candidate_windows(settings):
    """Every candidate (in :func:`schedule.candidates` order) on each of its dates."""
    found = schedule.candidates(settings)
    start = domain_start(settings.first_date)
    dates = [schedule.session_dates(settings, candidate.weekday) for candidate in found]
    weeks = max((len(days) for days in dates), default=0) or 1
    starts, valid = np.zeros((len(found), weeks), np.int64), np.zeros((len(found), weeks), bool)
    for row, (candidate, days) in enumerate(zip(found, dates, strict=True)):
        for week, day in enumerate(days):
            starts[row, week] = ((day - start).days * 1440 + candidate.start) // QUARTER
            valid[row, week] = True
    return Windows.of(starts, valid, settings.length // QUARTER)


@functools.lru_cache(maxsize=ZONE_CACHE)
def _view_starts(first, last, step, zone_name):
    tz, start = schedule.zone(zone_name), domain_start(first)
    rows = [[] for _ in range(CELLS)]
    day = first
    while day <= last:
        morning = datetime.datetime.combine(day, datetime.time(), tzinfo=tz).utcoffset()
        evening = datetime.datetime.combine(day, datetime.time(23, 30), tzinfo=tz).utcoffset()
        for slot in range(schedule.CELLS_PER_DAY):
            wall = datetime.datetime.combine(day, datetime.time(slot // 2, slot % 2 * 30), tzinfo=tz)
            offset = morning if morning == evening else wall.utcoffset()  # astimezone(UTC) is wall - utcoffset()
            minutes = (day - start).days * 1440 + slot * 30 - int(offset.total_seconds() // 60)
            rows[day.weekday() * schedule.CELLS_PER_DAY + slot].append(minutes // QUARTER)
        day += datetime.timedelta(days=1)
    width = max(len(row) for row in rows) or 1
    starts, valid = np.zeros((CELLS, width), np.int32), np.zeros((CELLS, width), bool)
    for cell, row in enumerate(rows):
        starts[cell, :len(row)], valid[cell, :len(row)] = row, True
    windows = Windows.of(starts, valid, step // QUARTER)
    key = hashlib.sha1(starts.tobytes() + valid.tobytes() + bytes([step]), usedforsecurity=False).hexdigest()[:16]
    return key, windows


def view_windows(settings, zone_name):
    """(family key, windows) of the heat map seen from ``zone_name``: one row per view cell.

    Zones with the same offsets over the course range (Paris and Berlin) share a key: one heat
    map serves them all.
    """
    return _view_starts(settings.first_date, settings.last_date, settings.step, zone_name)


@functools.lru_cache(maxsize=16)  # changes only when a poll starts keeping another zone's heat map
def family_windows(settings, zones):
    """The heat-map windows of several zones stacked (one row per zone and view cell), for one pass per answer."""
    views = [view_windows(settings, zone_name)[1] for zone_name in zones]
    width = max((view.starts.shape[1] for view in views), default=1)
    starts, valid = np.zeros((len(views) * CELLS, width), np.int32), np.zeros((len(views) * CELLS, width), bool)
    for index, view in enumerate(views):
        rows = slice(index * CELLS, (index + 1) * CELLS)
        starts[rows, :view.starts.shape[1]], valid[rows, :view.valid.shape[1]] = view.starts, view.valid
    return Windows.of(starts, valid, settings.step // QUARTER)
