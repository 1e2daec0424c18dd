"""Progress across a course: each learner's latest state on every suite assignment, in course order.

One page of learners at a time (the platform pages its enrollments by username): three queries for
the page whatever the size of the course, matching the suite's rows by the username stored with
them. Assignments are the rubric and pitch review blocks; the timezone poll asks for no work.
"""

import datetime

from django.db.models import Count
from django.utils import timezone

from openedx_plugins.wikilearn.models import Pitch, ReviewAssignment, RubricSubmission
from openedx_plugins.wikilearn.models.rubric import QueueState

ASSIGNMENT_TYPES = ("wikilearn_rubric", "wikilearn_pitch_review")
NO_WORK = {"state": "none", "attention": False}


def assignments(blocks):
    """The blocks that ask learners for work, in course order."""
    return [block for block in blocks if block.block_type in ASSIGNMENT_TYPES]


def _aware(value):
    return timezone.make_aware(value, datetime.UTC) if value is not None and timezone.is_naive(value) else value


def rubric_cell(row, block):
    """A learner's latest attempt on a rubric assignment: state, attempt, points, whether it waits on them.

    ``revise``: feedback released below the passing rule and the assignment takes another attempt
    (``allow_resubmission``, attempts left: the rubric's own rule, ``xblocks/rubric/rules.py``
    ``submit_refusal``); the work then waits on the learner.
    """
    if row is None:
        return dict(NO_WORK)
    cell = {"attempt": row.attempt, "submitted_at": _aware(row.submitted_at), "points": None, "max_points": None,
            "attention": False}
    if row.queue_state != QueueState.GRADED:
        return dict(cell, state=QueueState(row.queue_state).label)
    assessment = getattr(row, "assessment", None)  # a released attempt always has one
    if assessment is None:
        return dict(cell, state="graded")
    cell.update(points=assessment.points, max_points=assessment.max_points)
    if assessment.passed:
        return dict(cell, state="passed")
    max_attempts = block.fields.get("max_attempts") or 0
    may_resubmit = block.fields.get("allow_resubmission") is not False and (not max_attempts
                                                                           or row.attempt < max_attempts)
    return dict(cell, state="revise" if may_resubmit else "below", attention=may_resubmit)


def pitch_cell(pitch, reviews_to_write):
    """A learner's pitch: submitted, graded (``released`` once the presenter sees it), and the peer
    reviews assigned to them and not sent yet (work waiting on the learner)."""
    cell = {"reviews_to_write": reviews_to_write, "attention": reviews_to_write > 0}
    if pitch is None:
        return dict(cell, state="none", level=None)
    state = "withdrawn" if pitch.withdrawn else "released" if pitch.released_at else (
        "graded" if pitch.grade_level else "submitted")
    return dict(cell, state=state, level=pitch.grade_level or None, submitted_at=_aware(pitch.submitted_at),
                versions=pitch.versions_count)


def grid_rows(course_key, blocks, usernames, idle_days, now=None):
    """``[{"username", "cells", "last_submitted", "idle", "attention"}]`` for ``usernames`` (one page).

    ``idle``: ``"never"`` (nothing submitted yet) or ``"idle"`` (latest submission older than
    ``idle_days``), else None. ``attention``: idle, or any assignment waiting on the learner.
    """
    now = now or timezone.now()
    columns = assignments(blocks)
    rubric_items = [b.usage_id for b in columns if b.block_type == "wikilearn_rubric"]
    pitch_items = [b.usage_id for b in columns if b.block_type == "wikilearn_pitch_review"]
    latest = {(row.username, row.item_id): row for row in RubricSubmission.objects.filter(
        course_key=course_key, item_id__in=rubric_items, username__in=usernames, is_latest=True)
        .select_related("assessment").only("username", "item_id", "attempt", "submitted_at", "queue_state",
                                           "assessment__points", "assessment__max_points", "assessment__passed")}
    pitches = {(row.username, row.item_id): row for row in Pitch.objects.filter(
        course_key=course_key, item_id__in=pitch_items, username__in=usernames)}
    to_write = {(row["reviewer_username"], row["item_id"]): row["n"] for row in ReviewAssignment.objects.filter(
        course_key=course_key, item_id__in=pitch_items, reviewer_username__in=usernames, active=True,
        role=ReviewAssignment.PEER, phase_two_at__isnull=True).values("reviewer_username", "item_id")
        .annotate(n=Count("pk")).order_by()}
    rows = []
    for username in usernames:
        cells = [rubric_cell(latest.get((username, b.usage_id)), b) if b.block_type == "wikilearn_rubric"
                 else pitch_cell(pitches.get((username, b.usage_id)), to_write.get((username, b.usage_id), 0))
                 for b in columns]
        sent = [cell["submitted_at"] for cell in cells if cell.get("submitted_at")]
        last = max(sent) if sent else None
        idle = "never" if last is None else "idle" if now - last > datetime.timedelta(days=idle_days) else None
        rows.append({"username": username, "cells": cells, "last_submitted": last, "idle": idle,
                     "attention": bool(idle) or any(cell["attention"] for cell in cells)})
    return rows
