"""Showcase: a learner's consent to show one of their attempts to the cohort, and staff's pick.

One row per consented attempt. Withdrawing consent deletes the row, so a piece leaves the showcase
at once and nothing of the consent remains; staff showcasing or removing a piece only sets or
clears ``showcased_at``. Grades and feedback are never part of the showcase.
"""

from django.db import models
from django.utils import timezone

from openedx_plugins.wikilearn.models.rubric import RubricSubmission

__all__ = ["ShowcaseConsent"]


class ShowcaseConsent(models.Model):
    """A learner allows their attempt to be shown to the other learners of the course."""

    submission = models.OneToOneField(RubricSubmission, on_delete=models.CASCADE, related_name="showcase")
    course_key = models.CharField(max_length=255)
    item_id = models.CharField(max_length=255)
    anonymous_user_id = models.CharField(max_length=32)
    consented_at = models.DateTimeField(default=timezone.now)
    showcased_at = models.DateTimeField(null=True, blank=True, help_text="Set when staff show it to the cohort.")
    showcased_by = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        app_label = "wikilearn"
        indexes = [
            models.Index(fields=["course_key", "showcased_at"], name="wl_showcase_course"),
            models.Index(fields=["course_key", "item_id", "anonymous_user_id"], name="wl_showcase_learner"),
        ]

    def __str__(self):
        return f"showcase consent for {self.submission}"
