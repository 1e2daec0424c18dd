"""Rubric persistence: submissions, drafts, assessments, the staff queue, CSV rows.

Functions take plain arguments (course key, item id, anonymous id, dicts) and return plain
dicts. Decisions (may this learner submit? are these levels valid? how many points?) are made
by the caller and handed in as callables, so they run inside the same transaction as the
write and see the rows it locked.
"""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Q, Value
from django.utils import timezone

from openedx_plugins.wikilearn.api import rubric_counts
from openedx_plugins.wikilearn.db import atomic_with_retry
from openedx_plugins.wikilearn.errors import ConflictError
from openedx_plugins.wikilearn.models.rubric import QueueState, RubricAssessment, RubricDraft, RubricSubmission

QUEUE_FILTERS = {
    "all": None,
    "waiting": [QueueState.WAITING],
    "resubmitted": [QueueState.RESUBMITTED],
    "to_grade": [QueueState.WAITING, QueueState.RESUBMITTED],
    "graded": [QueueState.GRADED],
}


def _iso(value):
    return value.isoformat() if value else None


def assessment_dict(assessment):
    """Plain form of an assessment row (None stays None)."""
    if assessment is None:
        return None
    return {
        "rubric": assessment.rubric, "levels": assessment.levels, "feedback": assessment.feedback,
        "overall_feedback": assessment.overall_feedback, "points": assessment.points,
        "max_points": assessment.max_points, "passed": assessment.passed, "status": assessment.status,
        "version": assessment.version, "assessor": assessment.assessor_username,
        "released_at": _iso(assessment.released_at), "updated_at": _iso(assessment.updated_at),
        "score_scale": assessment.score_scale,
    }


def _assessment_of(submission):
    try:
        return submission.assessment
    except RubricAssessment.DoesNotExist:
        return None


def submission_dict(submission, with_assessment=True):
    """Plain form of a submission row, with its assessment."""
    data = {
        "attempt": submission.attempt, "answer": submission.answer, "links": submission.links,
        "attachments": submission.attachments, "submitted_at": _iso(submission.submitted_at),
        "username": submission.username, "state": QueueState(submission.queue_state).label,
        "is_latest": submission.is_latest,
    }
    if with_assessment:
        data["assessment"] = assessment_dict(_assessment_of(submission))
    return data


def _learner_rows(course_key, item_id, learner):
    return RubricSubmission.objects.filter(course_key=course_key, item_id=item_id, anonymous_user_id=learner)


def attempts(course_key, item_id, learner):
    """Every attempt of ``learner``, oldest first, with assessments (drafts included)."""
    rows = _learner_rows(course_key, item_id, learner).select_related("assessment").order_by("attempt")
    return [submission_dict(row) for row in rows]


def get_draft(course_key, item_id, learner):
    """The learner's autosaved draft, or None."""
    row = RubricDraft.objects.filter(course_key=course_key, item_id=item_id, anonymous_user_id=learner).first()
    if row is None:
        return None
    return {"answer": row.answer, "links": row.links, "attachments": row.attachments, "saved_at": _iso(row.updated_at)}


def save_draft(course_key, item_id, learner, answer, links, attachments):
    """Create or replace the learner's draft; returns when it was saved."""
    row, _ = RubricDraft.objects.update_or_create(
        course_key=course_key, item_id=item_id, anonymous_user_id=learner,
        defaults={"answer": answer, "links": links, "attachments": attachments},
    )
    return _iso(row.updated_at)


def submit(course_key, item_id, learner, username, answer, links, attachments, decide):
    """Store a new attempt; ``decide(history)`` raises when the learner may not submit now.

    ``history`` is the learner's attempts (plain dicts, oldest first), read under a row lock.
    Two simultaneous submits by one learner cannot both become the same attempt: the unique
    constraint turns the loser into a :class:`ConflictError`.
    """
    def write():
        rows = list(_learner_rows(course_key, item_id, learner).select_for_update()
                    .select_related("assessment").order_by("attempt"))
        decide([submission_dict(row) for row in rows])
        number = rows[-1].attempt + 1 if rows else 1
        _learner_rows(course_key, item_id, learner).filter(is_latest=True).update(is_latest=False)
        RubricDraft.objects.filter(course_key=course_key, item_id=item_id, anonymous_user_id=learner).delete()
        row = RubricSubmission.objects.create(
            course_key=course_key, item_id=item_id, anonymous_user_id=learner, username=username or "",
            attempt=number, answer=answer, links=links, attachments=attachments,
            queue_state=QueueState.RESUBMITTED if number > 1 else QueueState.WAITING,
        )
        # The queue's totals move with the latest attempt, in this transaction (after the locked rows).
        changes = Counter({row.queue_state: 1})
        changes.subtract(previous.queue_state for previous in rows if previous.is_latest)
        rubric_counts.shift(course_key, item_id, changes)
        return row

    try:
        row = atomic_with_retry(write)
    except IntegrityError:
        raise ConflictError("already_submitted") from None
    return submission_dict(row, with_assessment=False)


# ``filter(is_latest=True)`` is rendered on SQLite as a bare ``AND "is_latest"``, which its planner
# cannot match to the ``wl_rubric_queue`` index as an equality (it sorted all of the item's rows in a
# temp B-tree per page). Comparing with a value expression keeps the ``= 1`` the index needs on SQLite
# and MariaDB alike (Django's ``Exact.as_sql`` drops the comparison only for a plain bool right side).
LATEST = Q(is_latest=Value(True))
QUEUE_ORDER = ("queue_state", "submitted_at", "id")


def queue_states(state):
    """The queue states (consecutive numbers, in queue order) the filter ``state`` lists."""
    states = sorted(int(s) for s in QUEUE_FILTERS[state] or QueueState.values)
    assert states == list(range(states[0], states[-1] + 1)), "a queue filter lists consecutive states"
    return states


def _latest_rows(course_key, item_id):
    return RubricSubmission.objects.filter(LATEST, course_key=course_key, item_id=item_id)


def _queue_item(row):
    assessment = _assessment_of(row)
    return {
        "learner": row.anonymous_user_id, "username": row.username, "attempt": row.attempt,
        "state": QueueState(row.queue_state).label, "submitted_at": _iso(row.submitted_at),
        "assessment_status": assessment.status if assessment else None,
        "points": assessment.points if assessment else None,
        "max_points": assessment.max_points if assessment else None,
    }


def queue(course_key, item_id, state, *, size, after=None, offset=None):
    """One page of learners' latest attempts: waiting first, then resubmitted, then graded.

    ``after`` is the ``(queue_state, submitted_at, id)`` of the previous page's last row (keyset
    paging: every page reads the same number of index entries, however deep); ``offset`` pages by
    position instead (kept for page numbers: the index serves the order, but skipped entries are read).
    Returns ``{"items", "total", "next"}``: ``next`` is the key to pass as ``after`` for the following
    page, or None on the last one.

    Four queries whatever the number of submissions and the depth (three for ``offset``): the total
    (from the block's maintained counts, :mod:`.rubric_counts`: at most three rows),
    the keys of the rest of the cursor's state from the cursor on, the keys of the following states from
    their start (each read from ``wl_rubric_queue`` alone and cut at the page's end), then the page's
    rows by primary key. Reading keys first keeps MariaDB on a range of the index: asked for whole rows,
    it reads the state's entries from its start and filters them (``ref`` + index condition).
    """
    rows = _latest_rows(course_key, item_id)
    states = queue_states(state)
    total = rubric_counts.total(course_key, item_id, states)
    keys = rows.values_list(*QUEUE_ORDER)
    if offset is not None:
        found = list(keys.filter(queue_state__in=states).order_by(*QUEUE_ORDER)[offset:offset + size + 1])
    else:
        current = after[0] if after else states[0]
        same = keys.filter(queue_state=current)
        if after:
            _, moment, pk = after
            same = same.filter(submitted_at__gte=moment).exclude(submitted_at=moment, id__lte=pk)
        found = list(same.order_by("submitted_at", "id")[:size + 1])
        # Every filter's states are consecutive numbers, so the following ones are one range of the index
        # (MariaDB reads ``queue_state > s AND queue_state IN (...)`` from the first state on). The query
        # runs even when the page is full or no state follows, so every page costs the same queries.
        later = keys.filter(queue_state__range=(current + 1, states[-1])).order_by(*QUEUE_ORDER)
        found += list(later[:size + 1])
    shown = [key[2] for key in found[:size]]
    by_id = RubricSubmission.objects.select_related("assessment").defer("answer", "links", "attachments") \
        .in_bulk(shown)
    return {"items": [_queue_item(by_id[pk]) for pk in shown if pk in by_id], "total": total,
            "next": tuple(found[size - 1]) if len(found) > size else None}


def learner_by_username(course_key, item_id, username):
    """The anonymous id of the learner who submitted as ``username`` here, or None."""
    return (RubricSubmission.objects.filter(course_key=course_key, item_id=item_id, username=username)
            .values_list("anonymous_user_id", flat=True).first())


def assess(course_key, item_id, learner, attempt, version, rubric, prepare, release, assessor, on_release=None):
    """Save staff's assessment of one attempt, if nobody changed it since ``version``.

    ``version`` is the assessment version the staff member read (0: none existed). ``rubric``
    is the current rubric, snapshotted when the first assessment is made; ``prepare(snapshot)``
    validates the input against the snapshot in force and returns the fields to store
    (levels, feedback, overall_feedback, points, max_points, passed). Returns the assessment,
    or None when there is no such attempt. Released feedback can be changed only by releasing again.

    When the learner's latest attempt is released, ``on_release({"learner", "attempt", "points",
    "max_points"})`` runs inside the same transaction (it records the grade): if it raises, nothing
    of the release is kept. An older attempt's feedback never replaces the current grade.
    """
    def write():
        submission = (_learner_rows(course_key, item_id, learner).select_for_update()
                      .filter(attempt=attempt).first())
        if submission is None:
            return None
        current = RubricAssessment.objects.select_for_update().filter(submission=submission).first()
        if (current.version if current else 0) != version:
            raise ConflictError("stale_version")
        if current and current.status == RubricAssessment.RELEASED and not release:
            raise ConflictError("already_released")
        values = prepare(current.rubric if current else rubric)
        now = timezone.now()
        values.update(assessor_username=assessor or "", version=version + 1)
        if release:
            values.update(status=RubricAssessment.RELEASED, released_at=now)
        if current is None:
            try:
                with transaction.atomic():
                    current = RubricAssessment.objects.create(submission=submission, rubric=rubric, **values)
            except IntegrityError:
                raise ConflictError("stale_version") from None
        else:
            updated = RubricAssessment.objects.filter(pk=current.pk, version=version).update(updated_at=now, **values)
            if not updated:
                raise ConflictError("stale_version")
            current.refresh_from_db()
        if release and submission.is_latest:
            RubricSubmission.objects.filter(pk=submission.pk).update(queue_state=QueueState.GRADED)
            if submission.queue_state != QueueState.GRADED:
                rubric_counts.shift(course_key, item_id, {submission.queue_state: -1, QueueState.GRADED: 1})
            if on_release is not None:
                on_release({"learner": learner, "attempt": attempt, "points": current.points,
                            "max_points": current.max_points})
        return current

    current = atomic_with_retry(write)
    if current is None:
        return None
    return {**assessment_dict(current), "attempt_is_latest": current.submission.is_latest}


def released_latest(course_key, item_id):
    """Each learner's latest released assessment row (for recomputing grades)."""
    rows = (RubricAssessment.objects.filter(submission__course_key=course_key, submission__item_id=item_id,
                                            status=RubricAssessment.RELEASED)
            .select_related("submission").order_by("submission__anonymous_user_id", "-submission__attempt"))
    seen = {}
    for row in rows:
        seen.setdefault(row.submission.anonymous_user_id, row)
    return list(seen.values())


def recompute(course_key, item_id, rescore, on_change=None):
    """Rescore every learner's latest released assessment; ``rescore(row)`` -> (points, max, passed, scale).

    ``on_change(row)`` runs for each changed grade inside the one transaction (it records the grade):
    if any raises, no grade changes. Returns the learners whose grade changed:
    ``[{"learner", "username", "attempt", "points", "max_points"}]``.
    """
    changed = []
    with transaction.atomic():
        for row in released_latest(course_key, item_id):
            points, possible, passed, scale = rescore(assessment_dict(row))
            if (points, possible, passed) == (row.points, row.max_points, row.passed):
                continue
            RubricAssessment.objects.filter(pk=row.pk).update(
                points=points, max_points=possible, passed=passed, score_scale=scale, version=row.version + 1)
            change = {"learner": row.submission.anonymous_user_id, "username": row.submission.username,
                      "attempt": row.submission.attempt, "points": points, "max_points": possible}
            if on_change is not None:
                on_change(change)
            changed.append(change)
    return changed


def export_rows(course_key, item_id):
    """Every attempt of every learner (username, attempt order), assessments joined, as dicts."""
    rows = (RubricSubmission.objects.filter(course_key=course_key, item_id=item_id)
            .select_related("assessment").order_by("username", "anonymous_user_id", "attempt"))
    for row in rows.iterator(chunk_size=500):
        yield submission_dict(row)
