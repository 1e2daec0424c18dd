"""Timezone poll persistence: availability rows, the poll's results and the chosen slot, with plain arguments.

The block passes ids and plain values and gets plain dicts back; it never touches the models.
Saving is an upsert on the learner's own row (unique per course, block and learner), so learners
saving at the same time never overwrite each other.

The results are counters (:class:`~openedx_plugins.wikilearn.models.PollAggregate`) computed by
a *tally* the block passes in (``xblocks/timezone_poll/tally.py``: ``version``, ``add``,
``build``, ``dump``, ``load``, ``view_key``). Every save locks the poll's
aggregate row first (``SELECT ... FOR UPDATE``), reads the learner's previous answer, upserts
the new one and applies the difference to the counters, all in one transaction: concurrent
saves are applied one after another and none is lost. When the tally's version differs from the
stored one (the author changed the poll's dates, days, hours or session length), the counters
are rebuilt from every answer, once, under the same lock.
"""

from django.db import connections, router
from django.db.models import F
from django.utils import timezone

from openedx_plugins.wikilearn.db import atomic_with_retry
from openedx_plugins.wikilearn.models import Availability, ChosenSlot, PollAggregate

UNIQUE = ["course_key", "item_id", "anonymous_id"]
# Every save of a poll waits for the poll's counters: under a burst (hundreds at once) a saver may lose
# the lock race many times where the database refuses instead of waiting (SQLite's shared-cache test database).
LOCK_TRIES = 60
FIELDS = ("anonymous_id", "username", "time_zone", "grid", "hours_start", "hours_end")


def _as_dict(row):
    return {
        "anonymous_id": row.anonymous_id, "username": row.username, "time_zone": row.time_zone,
        "grid": row.grid, "hours": (row.hours_start, row.hours_end), "updated": row.updated,
    }


def save_availability(course_key, item_id, anonymous_id, username, time_zone, grid, hours, tally=None):
    """Create or replace one learner's answer and update the poll's counters; returns the answer as a dict.

    ``INSERT ... ON CONFLICT DO UPDATE`` (``ON DUPLICATE KEY UPDATE`` on MariaDB) on the learner's
    unique key, after locking the poll's aggregate row: the previous answer read under that lock
    is the one the counters hold, so subtracting it and adding the new one keeps them exact. A
    transaction refused by a lock (MariaDB deadlock victim, SQLite busy) is rolled back whole and
    retried. Cost: O(cells) counters, whatever the number of answers (a changed poll setting, or a
    learner zone whose heat map is not kept yet, costs one pass over the answers, once).

    Without a ``tally`` (a script or an import that does not know the poll's settings) the answer is
    saved and the poll's counters are marked stale: the next view recomputes them.
    """
    now = timezone.now()
    # MariaDB's ON DUPLICATE KEY UPDATE takes no conflict target (the unique key is implied).
    target = UNIQUE if connections[router.db_for_write(Availability)].features.supports_update_conflicts_with_target \
        else None
    answer = {"anonymous_id": anonymous_id, "username": username or "", "time_zone": time_zone, "grid": grid,
              "hours": tuple(hours), "updated": now}

    def write():
        # A new instance per attempt: a rolled-back attempt may have given the previous one a primary key.
        row = Availability(course_key=course_key, item_id=item_id, anonymous_id=anonymous_id,
                           username=username or "", time_zone=time_zone, grid=grid, hours_start=hours[0],
                           hours_end=hours[1], created=now, updated=now)
        if tally is None:
            Availability.objects.bulk_create(
                [row], update_conflicts=True, unique_fields=target,
                update_fields=["username", "time_zone", "grid", "hours_start", "hours_end", "updated"])
            forget_counts(course_key, item_id)
            return
        aggregate = _locked_aggregate(course_key, item_id)
        previous = Availability.objects.select_for_update().filter(
            course_key=course_key, item_id=item_id, anonymous_id=anonymous_id).only(*FIELDS, "updated").first()
        counts = _current_counts(aggregate, tally, course_key, item_id, [time_zone])
        Availability.objects.bulk_create(
            [row], update_conflicts=True, unique_fields=target,
            update_fields=["username", "time_zone", "grid", "hours_start", "hours_end", "updated"])
        if previous is not None:
            tally.add(counts, [_as_dict(previous)], sign=-1)
        tally.add(counts, [answer])
        _store(aggregate, tally, counts)

    atomic_with_retry(write, tries=LOCK_TRIES)
    return answer


def _locked_aggregate(course_key, item_id):
    """The poll's aggregate row, locked until the transaction ends (created empty when missing)."""
    rows = PollAggregate.objects.filter(course_key=course_key, item_id=item_id)
    # A write first: on SQLite it takes the database's write lock at once, so concurrent savers wait for
    # it (busy timeout) instead of all reading and then failing to upgrade; on MariaDB it locks the row.
    if not rows.update(version=F("version")):
        # INSERT ... ON CONFLICT DO NOTHING (INSERT IGNORE): two first savers cannot both create it.
        PollAggregate.objects.bulk_create([PollAggregate(course_key=course_key, item_id=item_id)],
                                          ignore_conflicts=True)
    return rows.select_for_update().get()


def _fitting_counts(row, tally, zones):
    """The stored counters of ``row`` when they are current for ``tally`` and keep the heat map of each of
    ``zones``; else None."""
    if row is None or row.version != tally.version:
        return None
    counts = tally.load(bytes(row.counts), row.respondents)
    if counts is None or any(counts.family(tally.view_key(zone)) is None for zone in zones):
        return None
    return counts


def _current_counts(aggregate, tally, course_key, item_id, zones):
    """The locked row's counters for ``tally``, with heat maps for ``zones``.

    When they are stale (the author changed the poll, or answers were changed outside the block) or a
    zone's heat map is not kept yet, one pass over the answers rebuilds them exactly, keeping the heat
    maps of every zone kept so far, the zones asked for and every respondent's zone: a later view from
    any respondent's zone reads the stored row (zones with the same offsets share one heat map, so there
    are a few dozen at most).
    """
    counts = _fitting_counts(aggregate, tally, zones)
    if counts is not None:
        return counts
    answers = list_availability(course_key, item_id)
    respondents = sorted(zone for zone in {answer["time_zone"] for answer in answers} if _viewable(tally, zone))
    return tally.build(answers, zones=["UTC", *tally.stored_zones(bytes(aggregate.counts)), *zones, *respondents])


def _viewable(tally, zone_name):
    """Whether a stored answer's zone is one the tally can view from (an old row may name a retired zone)."""
    try:
        tally.view_key(zone_name)
    except (ValueError, KeyError, TypeError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def _store(aggregate, tally, counts):
    PollAggregate.objects.filter(pk=aggregate.pk).update(
        version=tally.version, respondents=counts.respondents, counts=tally.dump(counts), updated=timezone.now())


def poll_counts(course_key, item_id, tally, zones):
    """The poll's counters, with the heat maps seen from ``zones`` (a constant number of queries).

    One read when the stored counters fit; otherwise (first view after the author changed the
    poll, or a zone whose heat map is not kept yet) they are brought up to date under the lock.
    """
    row = PollAggregate.objects.filter(course_key=course_key, item_id=item_id).first()
    counts = _fitting_counts(row, tally, zones)
    if counts is not None:
        return counts
    if row is None and not Availability.objects.filter(course_key=course_key, item_id=item_id).exists():
        return tally.build([], zones=zones)  # nobody answered: nothing to store

    def refresh():
        aggregate = _locked_aggregate(course_key, item_id)
        counts = _current_counts(aggregate, tally, course_key, item_id, zones)
        _store(aggregate, tally, counts)
        return counts

    return atomic_with_retry(refresh, tries=LOCK_TRIES)


def rebuild_counts(course_key, item_id, tally):
    """Recompute the poll's counters from every answer (keeping the heat maps it kept), under the lock."""

    def rebuild():
        aggregate = _locked_aggregate(course_key, item_id)
        counts = tally.build(list_availability(course_key, item_id),
                             zones=["UTC", *tally.stored_zones(bytes(aggregate.counts))])
        _store(aggregate, tally, counts)
        return counts

    return atomic_with_retry(rebuild, tries=LOCK_TRIES)


def forget_counts(course_key, item_id):
    """Mark the poll's counters stale (after answers were changed outside the block): the next view rebuilds."""
    PollAggregate.objects.filter(course_key=course_key, item_id=item_id).update(version="")


def get_availability(course_key, item_id, anonymous_id):
    """One learner's answer as a dict, or None."""
    row = Availability.objects.filter(course_key=course_key, item_id=item_id, anonymous_id=anonymous_id).first()
    return _as_dict(row) if row else None


def list_availability(course_key, item_id):
    """Every learner's answer to one poll, oldest first, as dicts."""
    rows = Availability.objects.filter(course_key=course_key, item_id=item_id).order_by("created", "id")
    return [_as_dict(row) for row in rows.only(*FIELDS, "updated")]


def count_availability(course_key, item_id):
    """How many learners answered the poll."""
    return Availability.objects.filter(course_key=course_key, item_id=item_id).count()


def choose_slot(course_key, item_id, weekday, start_minute, length_minutes, first_date, last_date, chosen_by):
    """Publish (or replace) the chosen weekly session; returns it as a dict."""
    row, _created = ChosenSlot.objects.update_or_create(
        course_key=course_key, item_id=item_id,
        defaults={"weekday": weekday, "start_minute": start_minute, "length_minutes": length_minutes,
                  "first_date": first_date, "last_date": last_date, "chosen_by": chosen_by or ""},
    )
    return _slot_dict(row)


def _slot_dict(row):
    return {"weekday": row.weekday, "start_minute": row.start_minute, "length_minutes": row.length_minutes,
            "first_date": row.first_date, "last_date": row.last_date, "chosen_by": row.chosen_by,
            "chosen_at": row.chosen_at}


def get_chosen_slot(course_key, item_id):
    """The chosen session as a dict, or None before staff chose one."""
    row = ChosenSlot.objects.filter(course_key=course_key, item_id=item_id).first()
    return _slot_dict(row) if row else None
