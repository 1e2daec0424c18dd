"""Pitch review persistence: pitch versions, allocation, reviews, grades and release.

Functions take plain arguments (course key, item id, anonymous ids, dicts) and return plain
dicts. Decisions (may this learner still edit? is phase two open? which reviewer goes where?)
are made by the block and handed in as values or callables that run inside the transaction,
against the rows it locked, so two requests never half-apply one change.
"""

from django.db import IntegrityError
from django.db.models import Count, Q
from django.utils import timezone

from openedx_plugins.wikilearn.db import atomic_with_retry
from openedx_plugins.wikilearn.errors import ConflictError
from openedx_plugins.wikilearn.models.pitch_review import Pitch, PitchAllocation, PitchVersion, ReviewAssignment

PEER, INSTRUCTOR = ReviewAssignment.PEER, ReviewAssignment.INSTRUCTOR


def _iso(value):
    return value.isoformat() if value else None


def _pitches(course_key, item_id):
    return Pitch.objects.filter(course_key=course_key, item_id=item_id)


def _reviews(course_key, item_id):
    return ReviewAssignment.objects.filter(course_key=course_key, item_id=item_id)


def review_state(row):
    """``pending`` (nothing sent), ``started`` (phase one sent) or ``done`` (both phases sent)."""
    if row.phase_two_at:
        return "done"
    return "started" if row.phase_one_at else "pending"


def review_dict(row, presenter=None):
    """Plain form of a review assignment (everything the reviewer wrote) on ``presenter``'s pitch."""
    return {
        "id": row.pk, "presenter": presenter,
        "reviewer": row.reviewer, "reviewer_username": row.reviewer_username, "role": row.role,
        "active": row.active, "state": review_state(row), "assigned_at": _iso(row.assigned_at),
        "phase_one": {"decision": row.decision, "convinced": row.convinced, "concerns": row.concerns,
                      "questions": row.questions, "sent_at": _iso(row.phase_one_at)} if row.phase_one_at else None,
        "phase_two": {"rubric": row.rubric, "levels": row.levels, "comments": row.comments, "overall": row.overall,
                      "sent_at": _iso(row.phase_two_at)} if row.phase_two_at else None,
    }


def version_dict(row):
    """Plain form of one pitch version."""
    return {"number": row.number, "partner": row.partner, "ask": row.ask, "links": row.links, "files": row.files,
            "submitted_at": _iso(row.submitted_at)}


def pitch_dict(row):
    """Plain form of a pitch row (summary, slot, grade, release), without versions or reviews."""
    return {
        "presenter": row.presenter, "username": row.username, "versions": row.versions_count,
        "partner": row.partner, "submitted_at": _iso(row.submitted_at), "withdrawn": row.withdrawn,
        "slot": _iso(row.slot), "released_at": _iso(row.released_at), "version": row.version,
        "grade": {"level": row.grade_level, "points": row.grade_points, "max_points": row.grade_max,
                  "comment": row.grade_comment, "graded_by": row.graded_by,
                  "graded_at": _iso(row.graded_at)} if row.grade_level else None,
    }


UNCHECKED = object()  # apply_groups / _lock_allocation: no "based_on" check


# -- pitches ---------------------------------------------------------------------------------
def submit_pitch(course_key, item_id, presenter, username, partner, ask, links, files):
    """Store a new version of the presenter's pitch (every version is kept); returns its number."""
    now = timezone.now()

    def write():
        pitch, _ = Pitch.objects.select_for_update().get_or_create(
            course_key=course_key, item_id=item_id, presenter=presenter, defaults={"username": username or ""})
        number = pitch.versions_count + 1
        PitchVersion.objects.create(pitch=pitch, number=number, partner=partner, ask=ask, links=links,
                                    files=files, submitted_at=now)
        Pitch.objects.filter(pk=pitch.pk).update(versions_count=number, partner=partner, submitted_at=now,
                                                 username=username or pitch.username)
        return number

    try:
        number = atomic_with_retry(write)
    except IntegrityError:
        raise ConflictError("already_submitted") from None
    return {"number": number, "submitted_at": _iso(now)}


def pitch_detail(course_key, item_id, presenter, all_versions=True):
    """The presenter's pitch with its versions (newest first) and its reviews, or None."""
    pitch = _pitches(course_key, item_id).filter(presenter=presenter).first()
    if pitch is None:
        return None
    data = pitch_dict(pitch)
    versions = pitch.versions.order_by("-number")
    data["history"] = [version_dict(v) for v in (versions if all_versions else versions[:1])]
    data["reviews"] = [review_dict(r, presenter)
                       for r in pitch.reviews.order_by("role", "assigned_at", "pk")]
    return data


def assigned_to(course_key, item_id, reviewer):
    """The reviewer's active assignments, each with the pitch's summary and latest version."""
    rows = (_reviews(course_key, item_id).filter(reviewer=reviewer, active=True, role=PEER)
            .select_related("pitch").order_by("pitch__username", "pk"))
    result = []
    for row in rows:
        latest = row.pitch.versions.order_by("-number").first()
        result.append({"review": review_dict(row, row.pitch.presenter), "pitch": pitch_dict(row.pitch),
                       "latest": version_dict(latest) if latest else None})
    return result


def is_reviewer_of(course_key, item_id, reviewer, presenter):
    """True when ``reviewer`` holds an active review of ``presenter``'s pitch."""
    return _reviews(course_key, item_id).filter(reviewer=reviewer, active=True, pitch__presenter=presenter).exists()


def submitters(course_key, item_id):
    """[{presenter, username, withdrawn}] of everyone who submitted a pitch here."""
    rows = _pitches(course_key, item_id).order_by("presenter").values("presenter", "username", "withdrawn")
    return list(rows)


def set_withdrawn(course_key, item_id, presenter, withdrawn):
    """Mark a learner withdrawn (or back); False when they have no pitch here."""
    return bool(_pitches(course_key, item_id).filter(presenter=presenter).update(withdrawn=bool(withdrawn)))


# -- allocation -------------------------------------------------------------------------------
def peer_assignments(course_key, item_id):
    """Every active peer review as {id, presenter, reviewer, state} (for allocation decisions)."""
    rows = (_reviews(course_key, item_id).filter(active=True, role=PEER)
            .values("pk", "pitch__presenter", "reviewer", "phase_one_at", "phase_two_at"))
    return [{"id": r["pk"], "presenter": r["pitch__presenter"], "reviewer": r["reviewer"],
             "state": "done" if r["phase_two_at"] else ("started" if r["phase_one_at"] else "pending")}
            for r in rows]


def allocation(course_key, item_id):
    """The last allocation run ({mode, seed, allocated_by, allocated_at}) or None.

    ``allocated_at`` is when the groups last changed (allocation or reassignment): callers send it
    back as ``based_on`` to change them again.
    """
    row = PitchAllocation.objects.filter(course_key=course_key, item_id=item_id).first()
    return None if row is None else {"mode": row.mode, "seed": row.seed, "allocated_by": row.allocated_by,
                                     "allocated_at": _iso(row.allocated_at)}


def _pitch_ids(course_key, item_id):
    """{presenter: (pitch pk, username)} without building a model per row (10,000 learners: one query)."""
    rows = _pitches(course_key, item_id).values_list("presenter", "pk", "username")
    return {presenter: (pk, username) for presenter, pk, username in rows}


def _lock_allocation(course_key, item_id, based_on=UNCHECKED):
    """The block's allocation row, locked; ``based_on`` (the ``changed_at`` the caller last saw,
    None before any allocation) must still be current, else :class:`ConflictError`."""
    row, created = PitchAllocation.objects.get_or_create(course_key=course_key, item_id=item_id)
    row = PitchAllocation.objects.select_for_update().get(pk=row.pk)
    if based_on is not UNCHECKED and based_on != (None if created else _iso(row.allocated_at)):
        raise ConflictError("allocation_changed")
    return row


def apply_groups(course_key, item_id, groups, mode, seed, by, decide, replace_all, slots=None, based_on=UNCHECKED):
    """Replace peer reviewers per ``groups`` ({presenter: [reviewer, ...]}) in one transaction.

    ``decide(assignments)`` sees the current active peer assignments under the allocation lock
    and raises to refuse. Unchanged reviewers keep their row (and what they wrote); pending
    reviews no longer wanted are closed; ``replace_all`` closes those of presenters not in
    ``groups`` too. ``slots`` ({presenter: datetime or None}) sets presentation slots.
    ``based_on``: the allocation the caller saw (see :func:`allocation`); a newer one is a
    :class:`ConflictError` ``allocation_changed`` and nothing changes.
    """
    now = timezone.now()

    def write():
        run = _lock_allocation(course_key, item_id, based_on)
        current = peer_assignments(course_key, item_id)
        decide(current)
        pitches = _pitch_ids(course_key, item_id)
        by_pitch = {}
        for item in current:
            by_pitch.setdefault(item["presenter"], {})[item["reviewer"]] = item
        close, create = [], []
        for presenter in set(by_pitch) | set(groups):
            if presenter not in groups and not replace_all:
                continue
            wanted = groups.get(presenter, [])
            close += [item["id"] for reviewer, item in by_pitch.get(presenter, {}).items() if reviewer not in wanted]
            create += [ReviewAssignment(pitch_id=pitches[presenter][0], course_key=course_key, item_id=item_id,
                                        reviewer=reviewer, reviewer_username=pitches[reviewer][1],
                                        role=PEER, assigned_at=now)
                       for reviewer in wanted if reviewer not in by_pitch.get(presenter, {})]
        if close:
            ReviewAssignment.objects.filter(pk__in=close).update(active=False, closed_at=now)
        ReviewAssignment.objects.bulk_create(create, batch_size=1000)
        for presenter, slot in (slots or {}).items():
            Pitch.objects.filter(pk=pitches[presenter][0]).update(slot=slot)
        PitchAllocation.objects.filter(pk=run.pk).update(mode=mode, seed=seed, allocated_by=by or "",
                                                         allocated_at=now)
        return {"created": len(create), "closed": len(close)}

    return atomic_with_retry(write)


def apply_moves(course_key, item_id, plan_for):
    """Reassign under the allocation lock: ``plan_for(assignments)`` -> [(id, presenter, new reviewer)].

    An id of None adds a review to the pitch; otherwise the moved review's row is closed and a
    new pending row opened for the new reviewer. One transaction; a review that was started
    meanwhile is never moved (409).
    """
    now = timezone.now()

    def write():
        run = _lock_allocation(course_key, item_id)
        moves = plan_for(peer_assignments(course_key, item_id))
        if not moves:
            return []
        PitchAllocation.objects.filter(pk=run.pk).update(allocated_at=now)  # the groups changed
        ids = [key for key, _, _ in moves if key is not None]  # None: a new review of an under-reviewed pitch
        closed = (_reviews(course_key, item_id).filter(pk__in=ids, active=True, phase_one_at__isnull=True)
                  .update(active=False, closed_at=now)) if ids else 0
        if closed != len(ids):
            raise ConflictError("stale_version")
        pitches = _pitch_ids(course_key, item_id)
        ReviewAssignment.objects.bulk_create([
            ReviewAssignment(pitch_id=pitches[presenter][0], course_key=course_key, item_id=item_id, reviewer=reviewer,
                             reviewer_username=pitches[reviewer][1], role=PEER, assigned_at=now)
            for _, presenter, reviewer in moves], batch_size=1000)
        return moves

    return atomic_with_retry(write)


# -- reviews ----------------------------------------------------------------------------------
def save_review(course_key, item_id, presenter, reviewer, username, role, prepare):
    """Write one phase of a review; ``prepare(review dict or None)`` returns the fields to set.

    Peers must hold an active assignment (``prepare`` gets None otherwise and raises); the
    instructor's review row is opened on first use. Returns the review as saved.
    """
    def write():
        pitch = _pitches(course_key, item_id).select_for_update().filter(presenter=presenter).first()
        rows = ReviewAssignment.objects.select_for_update().filter(pitch=pitch, active=True, role=role) if pitch \
            else ReviewAssignment.objects.none()
        row = rows.filter(reviewer=reviewer).first() if role == PEER else rows.first()
        values = prepare(review_dict(row, presenter) if row else None)
        if row is None:
            row = ReviewAssignment.objects.create(pitch=pitch, course_key=course_key, item_id=item_id,
                                                  reviewer=reviewer, reviewer_username=username or "", role=role)
        for name, value in values.items():
            setattr(row, name, value)
        if role == INSTRUCTOR:
            row.reviewer, row.reviewer_username = reviewer, username or ""
        row.save()
        return review_dict(row, presenter)

    return atomic_with_retry(write)


def assess(course_key, item_id, presenter, version, values, on_released_grade=None):
    """Store the instructor's final grade if the pitch is still at ``version``; returns the pitch.

    When the feedback was already released, ``on_released_grade(pitch dict)`` records the changed
    grade inside the same transaction (if it raises, the grade is not changed).
    """
    now = timezone.now()

    def write():
        updated = (_pitches(course_key, item_id).filter(presenter=presenter, version=version)
                   .update(graded_at=now, version=version + 1, **values))
        if not updated:
            if not _pitches(course_key, item_id).filter(presenter=presenter).exists():
                return None
            raise ConflictError("stale_version")
        pitch = pitch_dict(_pitches(course_key, item_id).get(presenter=presenter))
        if pitch["released_at"] and on_released_grade is not None:
            on_released_grade(pitch)
        return pitch

    return atomic_with_retry(write)


def release(course_key, item_id, presenter, version, decide, on_release=None):
    """Release the feedback of one pitch to its presenter; ``decide(pitch dict)`` may refuse.

    ``on_release(pitch dict)`` records the grade inside the same transaction: if it raises, the
    feedback stays unreleased.
    """
    def write():
        pitch = _pitches(course_key, item_id).select_for_update().filter(presenter=presenter).first()
        if pitch is None:
            return None
        if pitch.version != version:
            raise ConflictError("stale_version")
        decide(pitch_dict(pitch))
        Pitch.objects.filter(pk=pitch.pk).update(released_at=pitch.released_at or timezone.now(),
                                                 version=version + 1)
        pitch.refresh_from_db()
        released = pitch_dict(pitch)
        if on_release is not None:
            on_release(released)
        return released

    return atomic_with_retry(write)


# -- staff lists -----------------------------------------------------------------------------
def overview(course_key, item_id, page, late_before=None):
    """One page of pitches with their active reviews, plus block-wide counts and late reviews.

    A fixed number of queries whatever the number of learners: counts, the page, the page's
    reviews, the late reviews (first 100).
    """
    pitches = _pitches(course_key, item_id)
    counts = pitches.aggregate(total=Count("pk"), withdrawn=Count("pk", filter=Q(withdrawn=True)),
                               released=Count("pk", filter=Q(released_at__isnull=False)),
                               graded=Count("pk", filter=Q(grade_points__isnull=False)))
    rows = list(pitches.order_by("username", "presenter")[page.offset:page.offset + page.limit])
    reviews = {}
    for row in (ReviewAssignment.objects.filter(pitch__in=[p.pk for p in rows], active=True)
                .order_by("role", "assigned_at", "pk")):
        reviews.setdefault(row.pitch_id, []).append(row)
    items = [dict(pitch_dict(p), reviews=[review_dict(r, p.presenter) for r in reviews.get(p.pk, [])])
             for p in rows]
    late = []
    if late_before is not None:
        late_rows = (_reviews(course_key, item_id).filter(active=True, role=PEER, phase_two_at__isnull=True,
                                                          assigned_at__lt=late_before)
                     .select_related("pitch").order_by("reviewer_username", "pk")[:100])
        late = [dict(review_dict(r, r.pitch.presenter), presenter_username=r.pitch.username)
                for r in late_rows]
    return items, counts, late


def late_reviewers(course_key, item_id, late_before):
    """Anonymous ids of peers holding a review not done and assigned before ``late_before``."""
    return set(_reviews(course_key, item_id).filter(active=True, role=PEER, phase_two_at__isnull=True,
                                                    assigned_at__lt=late_before)
               .values_list("reviewer", flat=True))


def export_rows(course_key, item_id):
    """(pitch dict with its latest version, [review dicts]) for every pitch, username order."""
    pitches = _pitches(course_key, item_id).order_by("username", "presenter")
    for pitch in pitches.prefetch_related("reviews", "versions").iterator(chunk_size=500):
        versions = sorted(pitch.versions.all(), key=lambda v: v.number)
        latest = version_dict(versions[-1]) if versions else None
        reviews = sorted(pitch.reviews.all(), key=lambda r: (r.role, r.assigned_at, r.pk))
        yield dict(pitch_dict(pitch), latest=latest), [review_dict(r, pitch.presenter) for r in reviews]
