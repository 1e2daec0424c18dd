"""Rubric block models: one row per attempt, one draft row per learner, one assessment per attempt.

Rows are keyed by course key + block usage id (``item_id``) + the learner's anonymous id, as
the LMS keys learner data; the username is stored at submission time so the staff queue needs
no per-row user lookup. Nothing is shared between learners, so concurrent learners never
overwrite each other; two staff members assessing one attempt are kept apart by ``version``.
"""

from django.db import models
from django.utils import timezone

__all__ = ["RubricAssessment", "RubricDraft", "RubricQueueCount", "RubricSubmission"]


class QueueState(models.IntegerChoices):
    """Where a learner's latest attempt sits in the staff queue (the order the queue shows)."""

    WAITING = 0, "waiting"
    RESUBMITTED = 1, "resubmitted"
    GRADED = 2, "graded"


class RubricSubmission(models.Model):
    """One attempt of one learner at one rubric assignment."""

    course_key = models.CharField(max_length=255)
    item_id = models.CharField(max_length=255)
    anonymous_user_id = models.CharField(max_length=32)
    username = models.CharField(max_length=150, blank=True, default="")
    attempt = models.PositiveIntegerField()
    answer = models.TextField()
    links = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    is_latest = models.BooleanField(default=True)
    queue_state = models.PositiveSmallIntegerField(choices=QueueState.choices, default=QueueState.WAITING)

    class Meta:
        app_label = "wikilearn"
        constraints = [models.UniqueConstraint(fields=["course_key", "item_id", "anonymous_user_id", "attempt"],
                                               name="wl_rubric_one_row_per_attempt")]
        indexes = [
            models.Index(fields=["course_key", "item_id", "is_latest", "queue_state", "submitted_at"],
                         name="wl_rubric_queue"),
            models.Index(fields=["course_key", "item_id", "username"], name="wl_rubric_username"),
        ]

    def __str__(self):
        return f"{self.username or self.anonymous_user_id} attempt {self.attempt} on {self.item_id}"


class RubricQueueCount(models.Model):
    """How many learners' latest attempts sit in one queue state of one block (the staff queue's totals).

    Kept by :mod:`openedx_plugins.wikilearn.api.rubric_counts` in the transaction of every change of a
    latest attempt's state, so the queue reads its totals from three rows, whatever the queue's size.
    """

    course_key = models.CharField(max_length=255)
    item_id = models.CharField(max_length=255)
    queue_state = models.PositiveSmallIntegerField(choices=QueueState.choices)
    learners = models.IntegerField(default=0)

    class Meta:
        app_label = "wikilearn"
        constraints = [models.UniqueConstraint(fields=["course_key", "item_id", "queue_state"],
                                               name="wl_rubric_one_count_per_state")]

    def __str__(self):
        return f"{self.learners} {QueueState(self.queue_state).label} on {self.item_id}"


class RubricDraft(models.Model):
    """The learner's unsent answer, autosaved while they write (one row per learner and block)."""

    course_key = models.CharField(max_length=255)
    item_id = models.CharField(max_length=255)
    anonymous_user_id = models.CharField(max_length=32)
    answer = models.TextField(blank=True, default="")
    links = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "wikilearn"
        constraints = [models.UniqueConstraint(fields=["course_key", "item_id", "anonymous_user_id"],
                                               name="wl_rubric_one_draft")]

    def __str__(self):
        return f"draft of {self.anonymous_user_id} on {self.item_id}"


class RubricAssessment(models.Model):
    """Staff's levels and feedback for one attempt, with the rubric it was made against."""

    DRAFT = "draft"
    RELEASED = "released"

    submission = models.OneToOneField(RubricSubmission, on_delete=models.CASCADE, related_name="assessment")
    rubric = models.JSONField(help_text="Snapshot of criteria, scale and passing rule when first assessed.")
    levels = models.JSONField(default=dict, blank=True)
    feedback = models.JSONField(default=dict, blank=True)
    overall_feedback = models.TextField(blank=True, default="")
    points = models.IntegerField(null=True, blank=True)
    max_points = models.IntegerField(null=True, blank=True)
    passed = models.BooleanField(default=False)
    score_scale = models.JSONField(null=True, blank=True, help_text="Scale whose points the grade uses, "
                                                                    "when recomputed after a points change.")
    status = models.CharField(max_length=16, choices=[(DRAFT, DRAFT), (RELEASED, RELEASED)], default=DRAFT)
    version = models.PositiveIntegerField(default=1)
    assessor_username = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "wikilearn"

    def __str__(self):
        return f"{self.status} assessment of {self.submission}"
