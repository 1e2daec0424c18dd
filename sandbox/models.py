"""What the LMS keeps about users that the sandbox needs to imitate."""

from django.conf import settings
from django.db import models


class LearnerProfile(models.Model):
    """A demo user's preferences and course role (the LMS keeps these in UserPreference)."""

    ROLES = [("student", "student"), ("staff", "staff"), ("instructor", "instructor")]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sandbox_profile")
    language = models.CharField(max_length=16, default="en")
    time_zone = models.CharField(max_length=64, blank=True, default="")
    role = models.CharField(max_length=16, choices=ROLES, default="student")
    enrolled = models.BooleanField(default=True)

    def __str__(self):
        return f"{self.user.username} ({self.role}, {self.language}, {self.time_zone or 'no zone'})"


class AnonymousUserId(models.Model):
    """Per-course anonymous ids, as the LMS's ``student.AnonymousUserId`` table."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course_id = models.CharField(max_length=255)
    anonymous_user_id = models.CharField(max_length=32, unique=True)

    class Meta:
        unique_together = [("user", "course_id")]

    def __str__(self):
        return self.anonymous_user_id


class PublishedEvent(models.Model):
    """Events blocks publish (grades, completion, tracking), kept so the demo can show them."""

    created = models.DateTimeField(auto_now_add=True)
    username = models.CharField(max_length=150, blank=True, default="")
    usage_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=255)
    data = models.JSONField(default=dict)

    def __str__(self):
        return f"{self.event_type} {self.usage_id} {self.username}"


class BlockCompletion(models.Model):
    """A user's completion of a block, as the completion app's ``BlockCompletion`` keeps it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    usage_id = models.CharField(max_length=255)
    completion = models.FloatField()
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("user", "usage_id")]

    def __str__(self):
        return f"{self.user} {self.usage_id} {self.completion}"


class GradebookScore(models.Model):
    """A learner's weighted score of one block, as edx-platform's grades app takes it from edx-submissions."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course_id = models.CharField(max_length=255)
    usage_id = models.CharField(max_length=255)
    earned = models.FloatField()
    possible = models.FloatField()
    modified = models.DateTimeField()

    class Meta:
        unique_together = [("user", "usage_id")]

    def __str__(self):
        return f"{self.user} {self.usage_id} {self.earned}/{self.possible}"
