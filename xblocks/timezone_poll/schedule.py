"""Scheduling decisions of the timezone poll, evaluated per actual date so DST is exact.

Vocabulary:

* A **grid** is a learner's weekly availability in their own local time: 7 days (Monday first)
  of 48 half-hour cells, each ``"2"`` (available), ``"1"`` (if need be) or ``"0"`` (empty).
  The grid is stored with the learner's IANA zone, never converted to UTC, because a UTC
  session lands on different local cells before and after a daylight-saving change.
* A **candidate** is a weekly session fixed in UTC: a UTC weekday (one of the offered days) and
  a start minute (a multiple of the slot step). It takes place on every date of the course
  range that falls on that weekday.
* For one learner and one session date, the session covers a set of local cells (found by
  probing the session every 15 minutes: every zone in use today is offset from UTC by a
  multiple of 15 minutes, so Kolkata's +5:30 and Kathmandu's +5:45 are exact). The learner is
  *available* on that date when all covered cells are "available", *if need be* when all are at
  least "if need be", and *cannot attend* otherwise; they are *outside their acceptable hours*
  on that date when the session does not lie within their acceptable local hours that day.

Ranking rule (:func:`rank`), best first:

1. most learners who can attend on **every** date of the course (available or if need be);
2. then fewest learners who, to attend every date, need an "if need be" on some date;
3. then fewest learners who would be outside their acceptable hours on any date;
4. then the earlier slot in the UTC week (only to make the order stable).
"""

import datetime
import functools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

CELL_MINUTES = 30
CELLS_PER_DAY = 24 * 60 // CELL_MINUTES
CELLS_PER_WEEK = 7 * CELLS_PER_DAY
EMPTY, IF_NEED_BE, AVAILABLE = "0", "1", "2"
PROBE = datetime.timedelta(minutes=15)
UTC = datetime.UTC


@dataclass(frozen=True)
class PollSettings:
    """What the author decided; hashable so per-zone work is cached across calls."""

    first_date: datetime.date
    last_date: datetime.date
    days: tuple = (0, 1, 2, 3, 4)
    step: int = 60
    length: int = 120
    hours: tuple = (8 * 60, 22 * 60)


@dataclass(frozen=True)
class Response:
    """One learner's answer: who, their zone, their weekly local grid and acceptable hours."""

    key: str
    name: str
    zone: str
    grid: str
    hours: tuple


@dataclass(frozen=True, order=True)
class Candidate:
    """A weekly session starting at ``start`` minutes into UTC weekday ``weekday`` (0 = Monday)."""

    weekday: int
    start: int

    @property
    def slot_id(self):
        """A stable id such as ``"1-840"`` (Tuesday 14:00 UTC)."""
        return f"{self.weekday}-{self.start}"

    @classmethod
    def from_id(cls, slot_id):
        """Parse :attr:`slot_id`; ``ValueError`` when malformed."""
        weekday, start = (int(part) for part in str(slot_id).split("-"))
        return cls(weekday, start)


@dataclass
class CandidateResult:
    """How one candidate fares over the whole course range."""

    candidate: Candidate
    dates: list
    attend_every_date: int = 0
    if_need_be: int = 0
    outside_hours: int = 0
    weekly_available: list = field(default_factory=list)
    weekly_if_need_be: list = field(default_factory=list)
    left_out: list = field(default_factory=list)
    if_need_be_names: list = field(default_factory=list)
    outside_hours_names: list = field(default_factory=list)

    def sort_key(self):
        """The ranking rule of this module, as a sort key (smaller is better)."""
        return (-self.attend_every_date, self.if_need_be, self.outside_hours, self.candidate)


def zone(name):
    """The ``ZoneInfo`` for ``name`` (cached)."""
    return _zone(name)


@functools.lru_cache(maxsize=512)
def _zone(name):
    return ZoneInfo(name)


def cell_index(local):
    """The grid cell (0..335) holding the local datetime ``local``."""
    return local.weekday() * CELLS_PER_DAY + (local.hour * 60 + local.minute) // CELL_MINUTES


def session_dates(settings, weekday):
    """Every date of the course range falling on ``weekday``."""
    first = settings.first_date + datetime.timedelta(days=(weekday - settings.first_date.weekday()) % 7)
    count = max(0, (settings.last_date - first).days // 7 + 1)
    return [first + datetime.timedelta(weeks=n) for n in range(count)]


def instant(day, candidate):
    """The UTC start of ``candidate`` on ``day``."""
    midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=UTC)
    return midnight + datetime.timedelta(minutes=candidate.start)


def instants(settings, candidate):
    """Every UTC start of ``candidate`` over the course range."""
    return [instant(day, candidate) for day in session_dates(settings, candidate.weekday)]


def candidates(settings):
    """All candidates: every offered UTC day at every slot step."""
    return [Candidate(day, start) for day in sorted(settings.days) for start in range(0, 24 * 60, settings.step)]


def covered_cells(start, minutes, tz):
    """Bit mask of the local cells a session of ``minutes`` starting at UTC ``start`` overlaps."""
    mask = 0
    probe = start
    end = start + datetime.timedelta(minutes=minutes)
    while probe < end:
        mask |= 1 << cell_index(probe.astimezone(tz))
        probe += PROBE
    return mask


def local_span(start, minutes, tz):
    """(start, end) in minutes after local midnight of the session's local start day."""
    begin = start.astimezone(tz)
    finish = (start + datetime.timedelta(minutes=minutes)).astimezone(tz)
    offset = begin.hour * 60 + begin.minute
    return offset, (finish.date() - begin.date()).days * 1440 + finish.hour * 60 + finish.minute


def hours_mask(hours):
    """Bit mask of the cells lying within acceptable ``hours`` (start, end minutes) every day."""
    first, last = hours[0] // CELL_MINUTES, hours[1] // CELL_MINUTES
    day = sum(1 << cell for cell in range(first, last))
    return sum(day << (weekday * CELLS_PER_DAY) for weekday in range(7))


AVAILABLE_BITS = str.maketrans({AVAILABLE: "1", IF_NEED_BE: "0"})
ATTENDABLE_BITS = str.maketrans({AVAILABLE: "1", IF_NEED_BE: "1"})


def grid_bits(grid):
    """(available, attendable) bit masks of a 336-character grid (bit ``i`` is cell ``i``)."""
    if not grid:
        return 0, 0
    return int(grid.translate(AVAILABLE_BITS)[::-1], 2), int(grid.translate(ATTENDABLE_BITS)[::-1], 2)


def bits_of(mask):
    """The indices of the set bits of ``mask``."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


@dataclass(frozen=True)
class Phase:
    """Dates on which a candidate covers the same local cells at the same local hours."""

    mask: int
    span: tuple
    weeks: tuple


@dataclass(frozen=True)
class ZoneCandidate:
    """One candidate seen from one zone: its phases and the union of their cells."""

    union: int
    phases: tuple


@functools.lru_cache(maxsize=256)
def zone_profile(settings, zone_name):
    """Every candidate as seen from ``zone_name``, grouped into phases of identical local times."""
    tz = zone(zone_name)
    profile = []
    for candidate in candidates(settings):
        groups = {}
        for week, start in enumerate(instants(settings, candidate)):
            key = (covered_cells(start, settings.length, tz), local_span(start, settings.length, tz))
            groups.setdefault(key, []).append(week)
        phases = tuple(Phase(mask, span, tuple(weeks)) for (mask, span), weeks in groups.items())
        union = 0
        for phase in phases:
            union |= phase.mask
        profile.append(ZoneCandidate(union, phases))
    return tuple(profile)


@functools.lru_cache(maxsize=256)
def offered_cells(settings, zone_name):
    """Cells a learner in ``zone_name`` may paint: touched by some session, within the author's hours."""
    union = 0
    for entry in zone_profile(settings, zone_name):
        union |= entry.union
    return union & hours_mask(settings.hours)


@functools.lru_cache(maxsize=4096)
def outside_flags(settings, zone_name, hours):
    """For each candidate: is a learner with these acceptable ``hours`` outside them on some date?"""
    return tuple(
        any(phase.span[0] < hours[0] or phase.span[1] > hours[1] for phase in entry.phases)
        for entry in zone_profile(settings, zone_name)
    )


@functools.lru_cache(maxsize=256)
def cell_candidates(settings, zone_name):
    """For each local cell of ``zone_name``: the indices of the candidates touching it on some date."""
    lists = [[] for _ in range(CELLS_PER_WEEK)]
    for index, entry in enumerate(zone_profile(settings, zone_name)):
        for cell in bits_of(entry.union):
            lists[cell].append(index)
    return tuple(tuple(found) for found in lists)


def _tally(result, entry, available, attendable):
    """Add one learner's outcome for one candidate whose cells they marked at least partly."""
    union = entry.union
    if union & available == union:
        result.attend_every_date += 1
        weekly = result.weekly_available
        for phase in entry.phases:
            for week in phase.weeks:
                weekly[week] += 1
        return
    if union & attendable == union:
        result.attend_every_date += 1
        result.if_need_be += 1
    for phase in entry.phases:
        mask = phase.mask
        if mask & available == mask:
            target = result.weekly_available
        elif mask & attendable == mask:
            target = result.weekly_if_need_be
        else:
            continue
        for week in phase.weeks:
            target[week] += 1


def evaluate(settings, responses):
    """A :class:`CandidateResult` for every candidate (in candidate order), counts only.

    Per learner, only the candidates touching a cell they marked are visited (the others count
    them as unable to attend, which needs no work); outside-hours counts are added once per
    group of learners sharing a zone and acceptable hours.
    """
    results = []
    for candidate in candidates(settings):
        dates = session_dates(settings, candidate.weekday)
        results.append(CandidateResult(candidate, dates, weekly_available=[0] * len(dates),
                                       weekly_if_need_be=[0] * len(dates)))
    groups = {}
    for response in responses:
        key = (response.zone, tuple(response.hours))
        groups[key] = groups.get(key, 0) + 1
        available, attendable = grid_bits(response.grid)
        profile = zone_profile(settings, response.zone)
        by_cell = cell_candidates(settings, response.zone)
        touched = set()
        for cell in bits_of(attendable):
            touched.update(by_cell[cell])
        for index in touched:
            _tally(results[index], profile[index], available, attendable)
    for (zone_name, hours), count in groups.items():
        for result, outside in zip(results, outside_flags(settings, zone_name, hours), strict=True):
            if outside:
                result.outside_hours += count
    return results


def rank(settings, responses, detail=10):
    """Candidates ranked by the module's rule; the first ``detail`` also name who is affected."""
    ranked = sorted(evaluate(settings, responses), key=CandidateResult.sort_key)
    for result in ranked[:detail]:
        describe(settings, result, responses)
    return ranked


def describe(settings, result, responses):
    """Fill in who is left out, who needs "if need be" and who is outside their hours."""
    index = candidates(settings).index(result.candidate)
    result.left_out, result.if_need_be_names, result.outside_hours_names = [], [], []
    for response in responses:
        entry = zone_profile(settings, response.zone)[index]
        available, attendable = grid_bits(response.grid)
        if entry.union & attendable != entry.union:
            result.left_out.append(response.name)
        elif entry.union & available != entry.union:
            result.if_need_be_names.append(response.name)
        if outside_flags(settings, response.zone, tuple(response.hours))[index]:
            result.outside_hours_names.append(response.name)
    return result


def local_times(settings, candidate, zone_name):
    """Each session of ``candidate`` as an aware local datetime in ``zone_name``."""
    tz = zone(zone_name)
    return [start.astimezone(tz) for start in instants(settings, candidate)]


def changes(settings, candidate, zone_name):
    """The dates from which the session's local weekday or time changes, with before and after.

    Returns ``(first_local, [(local_datetime, previous_local_datetime), ...])``.
    """
    sessions = local_times(settings, candidate, zone_name)
    found = []
    for previous, current in zip(sessions, sessions[1:], strict=False):
        if (previous.weekday(), previous.time()) != (current.weekday(), current.time()):
            found.append((current, previous))
    return (sessions[0] if sessions else None), found

