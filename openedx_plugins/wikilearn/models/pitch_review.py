"""Pitch review models: pitches with every version kept, review assignments, allocation runs.

Rows are keyed by course key + block usage id (``item_id``) + anonymous ids, as the LMS keys
learner data. One row per learner action: a new pitch version is a new row, a review is its
own row, and moving a pending review to another learner closes the old row (``active`` off)
and opens a new one, so nothing anyone wrote is ever overwritten or lost.
"""

from django.db import models
from django.utils import timezone

__all__ = ["Pitch", "PitchAllocation", "PitchVersion", "ReviewAssignment"]


class PitchAllocation(models.Model):
    """How reviewers were last allocated in one block (auto, manual, or instructor only)."""

    AUTO = "auto"
    MANUAL = "manual"
    INSTRUCTOR_ONLY = "instructor_only"
    MODES = [(AUTO, AUTO), (MANUAL, MANUAL), (INSTRUCTOR_ONLY, INSTRUCTOR_ONLY)]

    course_key = models.CharField(max_length=255)
    item_id = models.CharField(max_length=255)
    mode = models.CharField(max_length=16, choices=MODES, default=AUTO)
    seed = models.BigIntegerField(default=0)
    allocated_by = models.CharField(max_length=150, blank=True, default="")
    allocated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "wikilearn"
        constraints = [models.UniqueConstraint(fields=["course_key", "item_id"], name="wl_pitch_one_allocation")]

    def __str__(self):
        return f"{self.mode} allocation of {self.item_id}"


class Pitch(models.Model):
    """One learner's pitch in one block: latest version summary, slot, withdrawal, final grade."""

    course_key = models.CharField(max_length=255)
    item_id = models.CharField(max_length=255)
    presenter = models.CharField(max_length=32, help_text="Anonymous user id of the presenter.")
    username = models.CharField(max_length=150, blank=True, default="")
    versions_count = models.PositiveIntegerField(default=0)
    partner = models.CharField(max_length=200, blank=True, default="", help_text="Latest version's partner.")
    submitted_at = models.DateTimeField(default=timezone.now, help_text="When the latest version was sent.")
    withdrawn = models.BooleanField(default=False)
    slot = models.DateTimeField(null=True, blank=True, help_text="Presentation slot of the group (UTC).")
    grade_level = models.CharField(max_length=64, blank=True, default="")
    grade_points = models.IntegerField(null=True, blank=True)
    grade_max = models.IntegerField(null=True, blank=True)
    grade_comment = models.TextField(blank=True, default="")
    graded_by = models.CharField(max_length=150, blank=True, default="")
    graded_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0, help_text="Bumped by every grade or release (409 on races).")

    class Meta:
        app_label = "wikilearn"
        constraints = [models.UniqueConstraint(fields=["course_key", "item_id", "presenter"],
                                               name="wl_pitch_one_per_presenter")]
        indexes = [models.Index(fields=["course_key", "item_id", "username"], name="wl_pitch_username")]

    def __str__(self):
        return f"pitch of {self.username or self.presenter} on {self.item_id}"


class PitchVersion(models.Model):
    """One submitted version of a pitch: materials, links and the partner and ask."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    partner = models.CharField(max_length=200)
    ask = models.TextField()
    links = models.JSONField(default=list, blank=True)
    files = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "wikilearn"
        constraints = [models.UniqueConstraint(fields=["pitch", "number"], name="wl_pitch_one_row_per_version")]

    def __str__(self):
        return f"version {self.number} of {self.pitch}"


class ReviewAssignment(models.Model):
    """One reviewer's review of one pitch: phase one (as the partner), phase two (as a peer)."""

    PEER = "peer"
    INSTRUCTOR = "instructor"

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="reviews")
    course_key = models.CharField(max_length=255)
    item_id = models.CharField(max_length=255)
    reviewer = models.CharField(max_length=32, help_text="Anonymous user id of the reviewer.")
    reviewer_username = models.CharField(max_length=150, blank=True, default="")
    role = models.CharField(max_length=16, choices=[(PEER, PEER), (INSTRUCTOR, INSTRUCTOR)], default=PEER)
    active = models.BooleanField(default=True, help_text="Off once a pending review was moved or removed.")
    assigned_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=32, blank=True, default="")
    convinced = models.TextField(blank=True, default="")
    concerns = models.TextField(blank=True, default="")
    questions = models.TextField(blank=True, default="")
    phase_one_at = models.DateTimeField(null=True, blank=True)
    rubric = models.JSONField(null=True, blank=True, help_text="Criteria and scale phase two was made against.")
    levels = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    overall = models.TextField(blank=True, default="")
    phase_two_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "wikilearn"
        indexes = [
            models.Index(fields=["course_key", "item_id", "active", "reviewer"], name="wl_pitch_review_load"),
            models.Index(fields=["pitch", "active"], name="wl_pitch_review_pitch"),
            # The course inbox: a block's reviews not sent in full, oldest assignment first.
            models.Index(fields=["course_key", "item_id", "active", "phase_two_at", "assigned_at"],
                         name="wl_pitch_review_waiting"),
        ]

    def __str__(self):
        return f"{self.role} review of {self.pitch} by {self.reviewer_username or self.reviewer}"
