"""The staff queue's totals: learners per queue state of a rubric block, kept beside the attempts.

Counting a block's latest attempts reads one index entry per learner (it grew from 0.05 to 0.65 ms on
SQLite and 0.85 to 7.2 ms on MariaDB between 1,000 and 10,000 learners); the queue reads these rows
instead. Every change of a latest attempt's state (a submit, a release, an operator's edit or delete)
calls :func:`shift` in its own transaction, after it has locked and written the attempt rows, so a
rolled-back change leaves the counts as they were. ``learners = learners + delta`` is computed by
the database (no lost update when two learners submit at once: the second UPDATE waits for the
first's row lock). Count rows are taken in ascending state order, always after the attempt rows,
so two transactions never wait on each other in a cycle.

Rows written around these functions (fixtures, bulk loads) are brought back in line by
:func:`recount` (the ``wikilearn_rubric_recount`` command and an admin action run it).
"""

from collections import Counter

from django.db.models import Count, F, Sum

from openedx_plugins.wikilearn.db import atomic_with_retry
from openedx_plugins.wikilearn.models.rubric import QueueState, RubricQueueCount, RubricSubmission

__all__ = ["backfill", "forget", "recount", "recount_all", "shift", "stored", "tally", "total"]


def _rows(course_key, item_id):
    return RubricQueueCount.objects.filter(course_key=course_key, item_id=item_id)


def _create_rows(course_key, item_id, model=RubricQueueCount):
    """One row per state (zero) for the block, unless already there (INSERT IGNORE / OR IGNORE: two
    transactions creating them at once both go on; the second waits for the first's rows)."""
    model.objects.bulk_create([model(course_key=course_key, item_id=item_id, queue_state=state, learners=0)
                               for state in QueueState.values], ignore_conflicts=True)


def shift(course_key, item_id, changes):
    """Add ``changes`` (``{queue_state: delta}``) to the block's counts; call inside the writing transaction.

    One UPDATE per changed state; the block's first change also creates its rows (one INSERT).
    """
    for state in sorted(changes):
        if not changes[state]:
            continue
        row = _rows(course_key, item_id).filter(queue_state=state)
        if not row.update(learners=F("learners") + changes[state]):
            _create_rows(course_key, item_id)
            row.update(learners=F("learners") + changes[state])


def total(course_key, item_id, states):
    """How many learners' latest attempts are in ``states`` (one query on at most three rows)."""
    found = _rows(course_key, item_id).filter(queue_state__in=states).aggregate(n=Sum("learners"))["n"]
    return found or 0


def stored(course_key, item_id):
    """The maintained counts of the block, ``{queue_state: learners}`` for every state."""
    counts = dict.fromkeys(QueueState.values, 0)
    counts.update(_rows(course_key, item_id).values_list("queue_state", "learners"))
    return counts


def tally(submissions=RubricSubmission, **where):
    """Counts recomputed from the attempts: ``{(course_key, item_id, queue_state): learners}``.

    ``submissions`` is the attempt model (a migration passes its historical one); ``where`` narrows
    the attempts (``course_key=..., item_id=...``).
    """
    rows = (submissions.objects.filter(is_latest=True, **where).order_by()
            .values_list("course_key", "item_id", "queue_state").annotate(n=Count("id")))
    return {(course, item, state): n for course, item, state, n in rows}


def recount(course_key, item_id):
    """Set the block's counts to a recomputation from its attempts; returns the drift corrected,
    ``{queue_state: (stored, recomputed)}`` (empty when they agreed).

    Exact while learners submit: the block's count rows are locked before the attempts are counted,
    so a change committed earlier is in the recount, and a change not yet at its counts waits for
    this transaction and then adds its delta to the recounted value.
    """
    def write():
        _create_rows(course_key, item_id)
        before = dict(_rows(course_key, item_id).select_for_update().order_by("queue_state")
                      .values_list("queue_state", "learners"))
        found = tally(course_key=course_key, item_id=item_id)
        drift = {}
        for state in QueueState.values:
            now = found.get((course_key, item_id, state), 0)
            if before.get(state) != now:
                _rows(course_key, item_id).filter(queue_state=state).update(learners=now)
                drift[state] = (before.get(state), now)
        return drift

    return atomic_with_retry(write)


def recount_all(course_key=None):
    """:func:`recount` every block with attempts or counts (of one course, if given);
    returns ``{(course_key, item_id): drift}`` for the blocks whose counts were wrong."""
    where = {"course_key": course_key} if course_key else {}
    blocks = set(RubricSubmission.objects.filter(**where).values_list("course_key", "item_id").distinct())
    blocks |= set(RubricQueueCount.objects.filter(**where).values_list("course_key", "item_id").distinct())
    drifts = {}
    for course, item in sorted(blocks):
        drift = recount(course, item)
        if drift:
            drifts[(course, item)] = drift
    return drifts


def backfill(submissions, counts):
    """Write every block's counts from its attempts into an empty counts table (the migration's step)."""
    found = tally(submissions)
    for course, item in {(course, item) for course, item, _state in found}:
        _create_rows(course, item, counts)
    for (course, item, state), n in found.items():
        counts.objects.filter(course_key=course, item_id=item, queue_state=state).update(learners=n)


def forget(attempts):
    """Delete the attempts in the queryset ``attempts`` and take their latest ones out of the counts
    (an operator's delete; run inside a transaction)."""
    latest = Counter(attempts.select_for_update().filter(is_latest=True)
                     .values_list("course_key", "item_id", "queue_state"))
    attempts.delete()
    by_block = {}
    for (course, item, state), n in latest.items():
        by_block.setdefault((course, item), {})[state] = -n
    for (course, item), changes in sorted(by_block.items()):
        shift(course, item, changes)
