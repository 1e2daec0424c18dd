"""A learner's own work across a course with the feedback released to them, newest first.

Only what the learner already sees in each block: assessments once released (drafts stay with
staff), the pitch grade and comment once the feedback was released. Peer reviews stay in the pitch
review block, which decides how reviewers are named.
"""

from openedx_plugins.wikilearn.models import Pitch, RubricAssessment, RubricSubmission

RELEASED_FIELDS = ("rubric", "levels", "feedback", "overall_feedback", "points", "max_points", "passed",
                   "released_at")


def _released(submission):
    try:
        assessment = submission.assessment
    except RubricAssessment.DoesNotExist:
        return None
    if assessment.status != RubricAssessment.RELEASED:
        return None
    return {name: getattr(assessment, name) for name in RELEASED_FIELDS}


def _showcase(submission):
    consent = getattr(submission, "showcase", None)
    return {"consented": consent is not None, "showcased": bool(consent and consent.showcased_at)}


def learner_work(course_key, learner, blocks):
    """``[entry]`` of ``learner`` (anonymous id) in the course's ``blocks``, newest first (two queries).

    A rubric entry: ``kind`` ``submission``, ``block`` (usage id), ``attempt``, ``submitted_at``,
    ``answer``, ``links``, ``attachments`` (names), ``assessment`` (released only) and ``showcase``.
    A pitch entry: ``kind`` ``pitch``, ``block``, ``submitted_at``, ``versions``, ``partner``, ``grade``
    (released only: ``level``, ``points``, ``max_points``, ``comment``).
    """
    rubric_items = [b.usage_id for b in blocks if b.block_type == "wikilearn_rubric"]
    pitch_items = [b.usage_id for b in blocks if b.block_type == "wikilearn_pitch_review"]
    entries = []
    for row in (RubricSubmission.objects.filter(course_key=course_key, item_id__in=rubric_items,
                                                anonymous_user_id=learner)
                .select_related("assessment", "showcase")):
        entries.append({"kind": "submission", "block": row.item_id, "attempt": row.attempt,
                        "submitted_at": row.submitted_at, "answer": row.answer, "links": row.links,
                        "attachments": [f.get("name", "") for f in row.attachments if isinstance(f, dict)],
                        "assessment": _released(row), "showcase": _showcase(row), "id": row.pk})
    for pitch in Pitch.objects.filter(course_key=course_key, item_id__in=pitch_items, presenter=learner):
        grade = None
        if pitch.released_at and pitch.grade_level:
            grade = {"level": pitch.grade_level, "points": pitch.grade_points, "max_points": pitch.grade_max,
                     "comment": pitch.grade_comment}
        entries.append({"kind": "pitch", "block": pitch.item_id, "submitted_at": pitch.submitted_at,
                        "versions": pitch.versions_count, "partner": pitch.partner, "grade": grade,
                        "released_at": pitch.released_at, "id": pitch.pk})
    entries.sort(key=lambda entry: (entry["submitted_at"], entry["id"]), reverse=True)
    return entries
