"""Showcase with consent: learners allow an attempt to be shown, staff pick, the cohort sees it.

Consent is one row per attempt (:class:`~openedx_plugins.wikilearn.models.ShowcaseConsent`);
withdrawing deletes it, so the piece leaves the showcase in the same statement. What the cohort
sees is the answer, its links and its files: never levels, points or feedback.
"""

from django.db import IntegrityError, transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from openedx_plugins.wikilearn.models import RubricSubmission, ShowcaseConsent


def _state(consent):
    return {"consented": consent is not None, "showcased": bool(consent and consent.showcased_at)}


def consents(course_key, item_id, learner):
    """``{attempt: {"consented", "showcased"}}`` for the learner's consented attempts in one block."""
    rows = ShowcaseConsent.objects.filter(course_key=course_key, item_id=item_id, anonymous_user_id=learner)
    return {row.submission.attempt: _state(row) for row in rows.select_related("submission").only(
        "showcased_at", "submission__attempt")}


def set_consent(course_key, item_id, learner, attempt, allowed):
    """Allow (``allowed``) or withdraw showing the learner's ``attempt``; returns its state, or None when
    the learner has no such attempt. Withdrawing removes it from the showcase at once."""
    submission = RubricSubmission.objects.filter(course_key=course_key, item_id=item_id,
                                                 anonymous_user_id=learner, attempt=attempt).first()
    if submission is None:
        return None
    if not allowed:
        ShowcaseConsent.objects.filter(submission=submission).delete()
        return {"attempt": attempt, **_state(None)}
    try:
        with transaction.atomic():
            consent, _ = ShowcaseConsent.objects.get_or_create(
                submission=submission,
                defaults={"course_key": course_key, "item_id": item_id, "anonymous_user_id": learner})
    except IntegrityError:  # the same learner's other request created it meanwhile
        consent = ShowcaseConsent.objects.get(submission=submission)
    return {"attempt": attempt, **_state(consent)}


def set_showcased(course_key, consent_id, showcased, by):
    """Staff show (or stop showing) a consented piece; False when there is no such consent in the course
    (it may have been withdrawn a moment ago)."""
    rows = ShowcaseConsent.objects.filter(pk=consent_id, course_key=course_key)
    values = {"showcased_at": timezone.now(), "showcased_by": by or ""} if showcased else {"showcased_at": None}
    return bool(rows.update(**values))


def _entry(row):
    submission = row.submission
    return {"id": row.pk, "block": row.item_id, "username": submission.username, "attempt": submission.attempt,
            "answer": submission.answer, "links": submission.links,
            "files": [f.get("name", "") for f in submission.attachments if isinstance(f, dict)],
            "submitted_at": submission.submitted_at, "showcased": bool(row.showcased_at)}


def entries(course_key, item_ids, offset, limit, showcased_only=True):
    """``(total, [entry])``: showcased pieces (or every consented one, for staff) in the course's blocks,
    by assignment in course order (``item_ids``' order), then newest first. Two queries."""
    rows = ShowcaseConsent.objects.filter(course_key=course_key, item_id__in=item_ids)
    if showcased_only:
        rows = rows.filter(showcased_at__isnull=False)
    total = rows.count()
    position = Case(*[When(item_id=item, then=Value(number)) for number, item in enumerate(item_ids)],
                    default=Value(len(item_ids)))
    page = (rows.select_related("submission").annotate(position=position)
            .order_by("position", "-submission__submitted_at", "pk")[offset:offset + limit])
    return total, [_entry(row) for row in page]


def showcased_file(course_key, consent_id, index, staff):
    """The attachment descriptor ``index`` of a showcased piece (any consented one for staff), or None."""
    rows = ShowcaseConsent.objects.filter(pk=consent_id, course_key=course_key).select_related("submission")
    if not staff:
        rows = rows.filter(showcased_at__isnull=False)
    row = rows.first()
    files = [f for f in (row.submission.attachments if row else []) if isinstance(f, dict) and f.get("key")]
    return files[index] if 0 <= index < len(files) else None
