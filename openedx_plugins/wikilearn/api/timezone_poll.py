"""Timezone poll persistence: availability rows and the chosen slot, with plain arguments.

The block passes ids and plain values and gets plain dicts back; it never touches the models.
Saving is an upsert on the learner's own row (unique per course, block and learner), so learners
saving at the same time never overwrite each other.
"""

from django.db import connections, router
from django.utils import timezone

from openedx_plugins.wikilearn.db import atomic_with_retry
from openedx_plugins.wikilearn.models import Availability, ChosenSlot

UNIQUE = ["course_key", "item_id", "anonymous_id"]
FIELDS = ("anonymous_id", "username", "time_zone", "grid", "hours_start", "hours_end")


def _as_dict(row):
    return {
        "anonymous_id": row.anonymous_id, "username": row.username, "time_zone": row.time_zone,
        "grid": row.grid, "hours": (row.hours_start, row.hours_end), "updated": row.updated,
    }


def save_availability(course_key, item_id, anonymous_id, username, time_zone, grid, hours):
    """Create or replace one learner's answer in one atomic upsert statement; returns it as a dict.

    ``INSERT ... ON CONFLICT DO UPDATE`` (``ON DUPLICATE KEY UPDATE`` on MariaDB) on the learner's
    unique key: no read-modify-write, so two requests of the same learner cannot both insert, and
    other learners' rows are never touched. A statement refused by a lock (MariaDB deadlock
    victim, SQLite busy) is rolled back whole and retried.
    """
    now = timezone.now()
    row = Availability(course_key=course_key, item_id=item_id, anonymous_id=anonymous_id, username=username or "",
                       time_zone=time_zone, grid=grid, hours_start=hours[0], hours_end=hours[1],
                       created=now, updated=now)
    # MariaDB's ON DUPLICATE KEY UPDATE takes no conflict target (the unique key is implied).
    target = UNIQUE if connections[router.db_for_write(Availability)].features.supports_update_conflicts_with_target \
        else None
    atomic_with_retry(lambda: Availability.objects.bulk_create(
        [row], update_conflicts=True, unique_fields=target,
        update_fields=["username", "time_zone", "grid", "hours_start", "hours_end", "updated"],
    ))
    return _as_dict(row)


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
