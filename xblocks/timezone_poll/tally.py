"""The poll's results as counters kept up to date answer by answer, exact across daylight-saving changes.

:mod:`~xblocks.timezone_poll.schedule` and :mod:`~xblocks.timezone_poll.weekview` define the
rules (and stay the reference the tests compare with); this module computes the same numbers in
a form that can be *added up*: one learner's answer becomes a few integer arrays (their
contribution), and the poll's results are the sum of every learner's contribution. Saving an
answer subtracts the old contribution and adds the new one, so results cost the same however
many learners answered.

Everything is evaluated on absolute UTC quarter hours over the course range (the "domain"):
every zone in use today is offset from UTC by a multiple of 15 minutes, so each quarter hour
falls in exactly one half-hour cell of a learner's local week, and a session (or a heat-map
slot) on one date covers exactly the cells of the quarters it spans -- what
:func:`schedule.covered_cells` probes. A learner can attend a window when no quarter of it lies
in a cell they did not mark; with prefix sums of "not marked" quarters that is one subtraction
per window.

Where the windows lie (zone clocks, candidate and heat-map windows) is :mod:`.windows`; this
module counts in them and stores the counters.
"""

import hashlib
import json
import struct
from dataclasses import dataclass

import numpy as np

from xblocks.timezone_poll import schedule
from xblocks.timezone_poll.windows import (
    CELLS,
    QUARTER,
    candidate_windows,
    domain_start,
    family_windows,
    view_windows,
    zone_clock,
)

FORMAT = 1  # bump when the meaning of the stored counters changes: every aggregate is rebuilt once


def _tz_version():
    try:
        import tzdata

        return tzdata.IANA_VERSION
    except ImportError:  # the OS tz database only
        return "system"


def version_of(settings):
    """What the counters depend on: the poll's settings, this format and the zone rules' version."""
    text = json.dumps([FORMAT, _tz_version(), settings.first_date.isoformat(), settings.last_date.isoformat(),
                       list(settings.days), settings.step, settings.length, list(settings.hours)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _marks(grids):
    """(available, attendable) boolean matrices [answers, cells] of 336-character grids."""
    raw = np.frombuffer("".join(grids).encode("ascii"), np.uint8).reshape(len(grids), CELLS)
    return raw == ord(schedule.AVAILABLE), raw >= ord(schedule.IF_NEED_BE)


class _Quarters:
    """Which windows answers fit, from running counts of the quarters lying in cells an answer did not mark."""

    def __init__(self, marked, cells):
        # [answers, quarters], C-ordered (take keeps it so; fancy indexing may not): cumsum runs along rows.
        missing = np.take(~marked, cells, axis=1)
        self.prefix = np.zeros((missing.shape[0], missing.shape[1] + 1), np.int32)
        self.prefix[:, 1:] = np.cumsum(missing, axis=1, dtype=np.int32)
        self.starting = {}

    def fits(self, windows):
        """[rows, dates, answers]: every quarter of the window marked (absent dates count as fitting)."""
        size = windows.size
        ok = self.starting.get(size)
        if ok is None:  # by start quarter (rows, so gathering windows copies whole rows): nothing unmarked
            ok = self.starting[size] = np.ascontiguousarray((self.prefix[:, size:] == self.prefix[:, :-size]).T)
        return ok[windows.starts] | ~windows.valid[:, :, None]


@dataclass
class Counts:
    """A poll's results: respondents, per-candidate and per-week counts, one heat map per zone family."""

    respondents: int
    rank: np.ndarray     # [candidates, 3]: can attend every date, of whom only if need be, outside hours
    weekly: np.ndarray   # [candidates, weeks, 2]: available / only if need be on that date
    heat: np.ndarray     # [families, 2, 336]: available / only if need be on every date
    families: list       # [[key, a zone of that family], ...]

    def family(self, key):
        """Index of the heat map with ``key``, or None."""
        return next((index for index, (found, _zone) in enumerate(self.families) if found == key), None)


class Tally:
    """The counters of one poll's settings: empty, add or remove answers, read results, store."""

    def __init__(self, settings):
        self.settings = settings
        self.version = version_of(settings)
        self.windows = candidate_windows(settings)

    def empty(self):
        """Counts of a poll nobody answered (no heat maps yet)."""
        rows, weeks = self.windows.starts.shape
        return Counts(0, np.zeros((rows, 3), np.int32), np.zeros((rows, weeks, 2), np.int32),
                      np.zeros((0, 2, CELLS), np.int32), [])

    def _clock(self, zone_name):
        return zone_clock(self.settings.first_date, self.settings.last_date, zone_name)

    def add(self, counts, answers, sign=1):
        """Add (``sign=-1``: remove) answers, each a dict with ``time_zone``, ``grid`` and ``hours``."""
        by_zone = {}
        for answer in answers:
            by_zone.setdefault(answer["time_zone"], []).append(answer)
        for zone_name, group in by_zone.items():
            for chunk in range(0, len(group), 512):  # bounded memory for rebuilds of large polls
                self._add_group(counts, zone_name, group[chunk:chunk + 512], sign)
        counts.respondents += sign * len(answers)

    def _add_group(self, counts, zone_name, group, sign):
        offsets, cells = self._clock(zone_name)
        available, attendable = _marks([answer["grid"] for answer in group])
        free, possible = _Quarters(available, cells), _Quarters(attendable, cells)
        self._add_candidates(counts, free, possible, offsets, group, sign)
        if counts.families:
            view = family_windows(self.settings, tuple(zone for _key, zone in counts.families))
            free_cell = free.fits(view).all(axis=1) & view.any_date[:, None]
            possible_cell = possible.fits(view).all(axis=1) & view.any_date[:, None]
            shape = (len(counts.families), CELLS)
            counts.heat[:, 0] += sign * free_cell.sum(1).reshape(shape).astype(np.int32)
            counts.heat[:, 1] += sign * (possible_cell & ~free_cell).sum(1).reshape(shape).astype(np.int32)

    def _add_candidates(self, counts, free, possible, offsets, group, sign):
        windows = self.windows
        each_free, each_possible = free.fits(windows), possible.fits(windows)
        every_free = each_free.all(axis=1) & windows.any_date[:, None]
        every_possible = each_possible.all(axis=1) & windows.any_date[:, None]
        outside = self._outside(offsets, np.array([answer["hours"] for answer in group], np.int32))
        valid = windows.valid[:, :, None]
        counts.rank += sign * np.stack([every_possible.sum(1), (every_possible & ~every_free).sum(1),
                                        outside.sum(0)], axis=1).astype(np.int32)
        counts.weekly += sign * np.stack([(each_free & valid).sum(2), (each_possible & ~each_free & valid).sum(2)],
                                         axis=2).astype(np.int32)

    def _spans(self, offsets):
        """Local start (minutes after local midnight) and end of every candidate's every date."""
        starts, size = self.windows.starts, self.windows.size
        local = (domain_start(self.settings.first_date).weekday() * 1440 + starts * QUARTER + offsets[starts])
        begin = local % 1440
        return begin, begin + self.settings.length + offsets[starts + size] - offsets[starts]

    def _outside(self, offsets, hours):
        """[answers, candidates]: outside the answer's acceptable hours on some date (as ``outside_flags``)."""
        begin, end = self._spans(offsets)
        early = begin[None] < hours[:, 0, None, None]
        late = end[None] > hours[:, 1, None, None]
        return ((early | late) & self.windows.valid).any(axis=2)

    def build(self, answers, zones=()):
        """Counts recomputed from every answer, with heat maps for ``zones`` (the full recomputation)."""
        counts = self.empty()
        for zone_name in zones:
            key = view_windows(self.settings, zone_name)[0]
            if counts.family(key) is None:
                counts.families.append([key, zone_name])
        counts.heat = np.zeros((len(counts.families), 2, CELLS), np.int32)
        self.add(counts, answers)
        return counts

    # -- reading ---------------------------------------------------------------------------------
    def view_key(self, zone_name):
        """The key of the heat map seen from ``zone_name`` (shared by zones with the same offsets)."""
        return view_windows(self.settings, zone_name)[0]

    def heat(self, counts, zone_name):
        """(available, if need be) lists of 336 counts seen from ``zone_name``, or None if not kept."""
        index = counts.family(self.view_key(zone_name))
        if index is None:
            return None
        return counts.heat[index, 0].tolist(), counts.heat[index, 1].tolist()

    def ranked(self, counts, limit):
        """The best ``limit`` candidates as :class:`schedule.CandidateResult` (counts, no names)."""
        found = schedule.candidates(self.settings)
        attend, need, outside = counts.rank[:, 0], counts.rank[:, 1], counts.rank[:, 2]
        order = np.lexsort((np.arange(len(found)), outside, need, -attend))[:limit]
        results = []
        for index in order.tolist():
            weeks = int(self.windows.valid[index].sum())
            results.append(schedule.CandidateResult(
                found[index], schedule.session_dates(self.settings, found[index].weekday),
                attend_every_date=int(attend[index]), if_need_be=int(need[index]), outside_hours=int(outside[index]),
                weekly_available=counts.weekly[index, :weeks, 0].tolist(),
                weekly_if_need_be=counts.weekly[index, :weeks, 1].tolist()))
        return results

    def offered_cells(self, zone_name):
        """Cells a learner in ``zone_name`` may paint (as :func:`schedule.offered_cells`), as a bit mask."""
        return _bits(self.candidate_cells(zone_name).any(axis=0)) & schedule.hours_mask(self.settings.hours)

    def candidate_cells(self, zone_name):
        """[candidates, 336] booleans: the local cells each candidate covers on some date in ``zone_name``."""
        cells = self._clock(zone_name)[1]
        windows = self.windows
        quarters = windows.starts[:, :, None] + np.arange(windows.size)
        touched = np.zeros((len(windows.starts), CELLS), bool)
        rows = np.broadcast_to(np.arange(len(windows.starts))[:, None, None], quarters.shape)
        mask = np.broadcast_to(windows.valid[:, :, None], quarters.shape)
        touched[rows[mask], cells[quarters[mask]]] = True
        return touched

    def who(self, answers, candidate):
        """Names of who cannot attend every date, needs "if need be", is outside their hours, for one candidate."""
        index = schedule.candidates(self.settings).index(candidate)
        left_out, if_need_be, outside = [], [], []
        by_zone = {}
        for answer in answers:
            by_zone.setdefault(answer["time_zone"], []).append(answer)
        for zone_name, group in by_zone.items():
            union = _bits(self.candidate_cells(zone_name)[index])
            flags = self._outside(self._clock(zone_name)[0], np.array([a["hours"] for a in group], np.int32))
            for answer, late in zip(group, flags[:, index].tolist(), strict=True):
                available, attendable = schedule.grid_bits(answer["grid"])
                name = answer["username"] or answer["anonymous_id"][:8]
                if union & attendable != union:
                    left_out.append(name)
                elif union & available != union:
                    if_need_be.append(name)
                if late:
                    outside.append(name)
        return {"left_out": sorted(left_out), "if_need_be": sorted(if_need_be), "outside_hours": sorted(outside)}

    # -- storing -----------------------------------------------------------------------------------
    @staticmethod
    def dump(counts):
        """The counts as bytes (a JSON header, then the int32 arrays)."""
        header = json.dumps({"shape": list(counts.weekly.shape[:2]), "families": counts.families}).encode()
        return b"".join([struct.pack("<I", len(header)), header, counts.rank.astype("<i4").tobytes(),
                         counts.weekly.astype("<i4").tobytes(), counts.heat.astype("<i4").tobytes()])

    @staticmethod
    def stored_zones(blob):
        """The zones whose heat maps stored counters kept (to keep them when rebuilding)."""
        try:
            size = struct.unpack_from("<I", blob)[0]
            return [zone for _key, zone in json.loads(bytes(blob[4:4 + size]))["families"]]
        except (ValueError, KeyError, TypeError, struct.error):
            return []

    def load(self, blob, respondents):
        """Counts from :meth:`dump`'s bytes; None when they do not fit these settings."""
        try:
            size = struct.unpack_from("<I", blob)[0]
            header = json.loads(bytes(blob[4:4 + size]))
            rows, weeks = header["shape"]
            data = np.frombuffer(blob, "<i4", offset=4 + size).astype(np.int32)
        except (ValueError, KeyError, TypeError, struct.error):
            return None
        families = header["families"]
        expected = rows * (3 + weeks * 2) + len(families) * 2 * CELLS
        if (rows, weeks) != self.windows.starts.shape or data.size != expected:
            return None
        rank, rest = data[:rows * 3].reshape(rows, 3), data[rows * 3:]
        weekly, heat = rest[:rows * weeks * 2].reshape(rows, weeks, 2), rest[rows * weeks * 2:].reshape(-1, 2, CELLS)
        return Counts(respondents, rank, weekly, heat, families)


def _bits(flags):
    """A bit mask (bit ``i`` = ``flags[i]``) of a boolean vector."""
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


__all__ = ["Counts", "Tally", "version_of"]
