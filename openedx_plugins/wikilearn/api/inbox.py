"""The course inbox: everything waiting for the course team, across a course's suite blocks.

Read from the suite's own tables only (never by loading blocks), in two queries whatever the number
of learners: the counts per state, and one page of the union of four lists sorted by how long each
item has waited:

- ``waiting`` / ``resubmitted``: a learner's latest rubric attempt not graded yet (the rubric queue);
- ``review_pending`` / ``review_overdue``: a peer review of a pitch not sent in full, by reviewer;
  overdue once the block's review deadline passed and the review was assigned before it (the pitch
  review's own rule: ``xblocks/pitch_review/phases.py`` ``late_before``);
- ``ready_to_grade``: a pitch whose peer reviews are all in (or an instructor-only allocation) and
  that has no grade;
- ``no_session``: a timezone poll with answers and no chosen session.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, CharField, Count, Exists, F, Max, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from openedx_plugins.wikilearn.models import (
    Availability,
    ChosenSlot,
    Pitch,
    PitchAllocation,
    ReviewAssignment,
    RubricSubmission,
)
from openedx_plugins.wikilearn.models.rubric import QueueState

RUBRIC, PITCH, POLL = "wikilearn_rubric", "wikilearn_pitch_review", "wikilearn_timezone_poll"
STATES = ("waiting", "resubmitted", "review_pending", "review_overdue", "ready_to_grade", "no_session")
SORTS = ("oldest", "newest")
COLUMNS = ("w_kind", "w_state", "w_item", "w_learner", "w_username", "w_other", "w_other_name", "w_number",
           "w_since", "w_id")
PEER = ReviewAssignment.PEER


@dataclass(frozen=True)
class InboxQuery:
    """What to list: the course, its suite blocks (``SuiteBlock`` s), and the filters."""

    course_key: str
    blocks: tuple
    states: tuple = STATES
    learner: str | None = None
    newest_first: bool = False
    now: datetime.datetime = field(default_factory=timezone.now)

    def items(self, block_type):
        """Usage ids of the blocks of ``block_type``."""
        return [block.usage_id for block in self.blocks if block.block_type == block_type]


def _columns(queryset, **values):
    """``queryset`` annotated with every inbox column (``values`` give them), as value tuples."""
    annotations = {name: values.get(name, Value(None, output_field=CharField())) for name in COLUMNS}
    return queryset.annotate(**annotations).values_list(*COLUMNS)


def _overdue(query):
    """Reviews assigned before their block's passed review deadline."""
    late = Q(pk__in=[])
    for block in query.blocks:
        deadline = block.fields.get("review_deadline") if block.block_type == PITCH else None
        if deadline is not None and timezone.is_naive(deadline):
            deadline = timezone.make_aware(deadline, datetime.UTC)
        if deadline is not None and deadline < query.now:
            late |= Q(item_id=block.usage_id, assigned_at__lt=deadline)
    return late


def _submission_rows(query, state):
    rows = RubricSubmission.objects.filter(
        course_key=query.course_key, item_id__in=query.items(RUBRIC), is_latest=True,
        queue_state=QueueState.WAITING if state == "waiting" else QueueState.RESUBMITTED)
    return rows.filter(anonymous_user_id=query.learner) if query.learner else rows


def _review_rows(query, state):
    rows = ReviewAssignment.objects.filter(course_key=query.course_key, item_id__in=query.items(PITCH), active=True,
                                           role=PEER, phase_two_at__isnull=True)
    rows = rows.filter(_overdue(query)) if state == "review_overdue" else rows.exclude(_overdue(query))
    return rows.filter(reviewer=query.learner) if query.learner else rows


def _pitch_rows(query):
    reviews = ReviewAssignment.objects.filter(pitch=OuterRef("pk"), active=True, role=PEER)
    instructor_only = PitchAllocation.objects.filter(course_key=query.course_key, item_id=OuterRef("item_id"),
                                                     mode=PitchAllocation.INSTRUCTOR_ONLY)
    rows = (Pitch.objects.filter(course_key=query.course_key, item_id__in=query.items(PITCH), grade_level="",
                                 withdrawn=False)
            .filter(~Exists(reviews.filter(phase_two_at__isnull=True)))
            .filter(Exists(reviews.filter(phase_two_at__isnull=False)) | Exists(instructor_only)))
    return rows.filter(presenter=query.learner) if query.learner else rows


def _poll_rows(query):
    chosen = ChosenSlot.objects.filter(course_key=query.course_key).values("item_id")
    return (Availability.objects.filter(course_key=query.course_key, item_id__in=query.items(POLL))
            .exclude(item_id__in=chosen))


def _rows(query):
    """``{state: filtered rows}`` for the states asked for (polls have no learner: none for a learner filter)."""
    found = {}
    for state in query.states:
        if state in ("waiting", "resubmitted"):
            found[state] = _submission_rows(query, state)
        elif state in ("review_pending", "review_overdue"):
            found[state] = _review_rows(query, state)
        elif state == "ready_to_grade":
            found[state] = _pitch_rows(query)
        elif state == "no_session" and not query.learner:
            found[state] = _poll_rows(query)
    return found


def _listing(state, rows):
    """The rows of one state as inbox columns."""
    if state in ("waiting", "resubmitted"):
        return _columns(rows, w_kind=Value("submission"), w_state=Value(state), w_item=F("item_id"),
                        w_learner=F("anonymous_user_id"), w_username=F("username"), w_number=F("attempt"),
                        w_since=F("submitted_at"), w_id=F("id"))
    if state in ("review_pending", "review_overdue"):
        started = Case(When(phase_one_at__isnull=False, then=Value(1)), default=Value(0))
        return _columns(rows, w_kind=Value("review"), w_state=Value(state), w_item=F("item_id"),
                        w_learner=F("reviewer"), w_username=F("reviewer_username"), w_other=F("pitch__presenter"),
                        w_other_name=F("pitch__username"), w_number=started, w_since=F("assigned_at"),
                        w_id=F("id"))
    if state == "ready_to_grade":
        # When the last review came in (an aggregate over the pitch's two or three reviews, no sort).
        last_review = (ReviewAssignment.objects.filter(pitch=OuterRef("pk"), active=True, role=PEER)
                       .values("pitch").annotate(last=Max("phase_two_at")).values("last"))
        return _columns(rows, w_kind=Value("pitch"), w_state=Value(state), w_item=F("item_id"),
                        w_learner=F("presenter"), w_username=F("username"), w_number=F("versions_count"),
                        w_since=Coalesce(Subquery(last_review), F("submitted_at")), w_id=F("id"))
    return _columns(rows.values("item_id"), w_kind=Value("poll"), w_state=Value(state), w_item=F("item_id"),
                    w_number=Count("id"), w_since=Min("created"), w_id=Min("id"))


def _tally(state, rows):
    """``(state, number)`` of one state: rows, or polls (distinct blocks) for ``no_session``."""
    number = Count("item_id", distinct=True) if state == "no_session" else Count("pk")
    return rows.order_by().annotate(w_state=Value(state, output_field=CharField())).values("w_state").annotate(
        n=number).values_list("w_state", "n")


def counts(query):
    """``{state: number waiting}`` for every state asked for (one query)."""
    tallies = [_tally(state, rows) for state, rows in _rows(query).items()]
    found = {}
    if tallies:
        found = dict(tallies[0].union(*tallies[1:], all=True) if len(tallies) > 1 else tallies[0])
    return {state: found.get(state, 0) for state in query.states}


def _parts(query):
    """``(state, rows)`` of every list to merge; rubric attempts and reviews one list per block, so each is
    read in index order (``wl_rubric_queue``: course, item, latest, state, submitted_at;
    ``wl_pitch_review_waiting``: course, item, active, phase_two_at, assigned_at) without a sort."""
    for state, rows in _rows(query).items():
        if state in ("waiting", "resubmitted"):
            yield from ((state, rows.filter(item_id=item)) for item in query.items(RUBRIC))
        elif state in ("review_pending", "review_overdue"):
            yield from ((state, rows.filter(item_id=item)) for item in query.items(PITCH))
        else:
            yield state, rows


def page(query, offset, limit):
    """One page of waiting items, oldest first (or newest first), as dicts (one query).

    Where the database runs ORDER BY and LIMIT inside a UNION (MariaDB, MySQL, PostgreSQL: Django's
    ``supports_slicing_ordering_in_compound``), each list gives only its first ``offset + limit`` rows,
    so the first pages read a few rows of each list instead of sorting everything waiting.
    """
    order = ("-w_since", "-w_id") if query.newest_first else ("w_since", "w_id")
    top = connection.features.supports_slicing_ordering_in_compound
    parts = [_listing(state, rows) for state, rows in _parts(query)]
    if not parts:
        return []
    if top and len(parts) > 1:
        parts = [part.order_by(*order)[:offset + limit] for part in parts]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    order = ("-w_since", "-w_kind", "-w_id") if query.newest_first else ("w_since", "w_kind", "w_id")
    rows = combined.order_by(*order)[offset:offset + limit]
    return [_item(dict(zip(COLUMNS, row, strict=True)), query.now) for row in rows]


def _item(row, now):
    since = row["w_since"]
    if since is not None and timezone.is_naive(since):
        since = timezone.make_aware(since, datetime.UTC)
    return {
        "kind": row["w_kind"], "state": row["w_state"], "block": row["w_item"],
        "learner": row["w_learner"] or None, "username": row["w_username"] or None,
        "presenter": row["w_other"] or None, "presenter_username": row["w_other_name"] or None,
        "number": int(row["w_number"] or 0), "since": since,
        "waited_seconds": max(0, int((now - since).total_seconds())) if since else 0,
    }


def learner_in_course(course_key, text):
    """``(anonymous id, username)`` of the learner whose anonymous id or username in this course is
    ``text``, from the suite's tables, or None (one query)."""
    def pairs(model, anonymous, username):
        rows = model.objects.filter(Q(**{anonymous: text}) | Q(**{username: text}), course_key=course_key)
        return rows.annotate(a=F(anonymous), u=F(username)).values_list("a", "u")

    found = (pairs(RubricSubmission, "anonymous_user_id", "username")
             .union(pairs(Pitch, "presenter", "username"), pairs(ReviewAssignment, "reviewer", "reviewer_username"),
                    pairs(Availability, "anonymous_id", "username"), all=True))
    first = next(iter(found[:1]), None)
    return tuple(first) if first else None


