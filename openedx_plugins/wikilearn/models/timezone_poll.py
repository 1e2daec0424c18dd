"""Timezone poll models: one availability row per learner per poll, the poll's results, the chosen slot.

Each learner's answer is its own row (unique per course, block and anonymous learner id), written
with an upsert, so learners saving at the same moment never overwrite each other's answers. The
results (:class:`PollAggregate`) are counters derived from those rows, kept up to date in the
transaction of each save and rebuildable from the rows at any time.
"""

from django.db import models

__all__ = ["Availability", "ChosenSlot", "PollAggregate"]


class Availability(models.Model):
    """One learner's weekly availability, in their own time zone, for one poll."""

    course_key = models.CharField(max_length=255)
    item_id = models.CharField(max_length=255)
    anonymous_id = models.CharField(max_length=64)
    username = models.CharField(max_length=150, blank=True, help_text="Shown to course staff only.")
    time_zone = models.CharField(max_length=64, help_text="IANA zone the grid is painted in.")
    grid = models.CharField(max_length=336, help_text="7 x 48 half-hour marks: 2 available, 1 if need be, 0 empty.")
    hours_start = models.PositiveSmallIntegerField(help_text="Acceptable hours start, minutes after local midnight.")
    hours_end = models.PositiveSmallIntegerField(help_text="Acceptable hours end, minutes after local midnight.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "wikilearn"
        verbose_name_plural = "availabilities"
        constraints = [
            models.UniqueConstraint(fields=["course_key", "item_id", "anonymous_id"], name="wl_availability_once"),
        ]
        indexes = [models.Index(fields=["course_key", "item_id"], name="wl_availability_poll")]

    def __str__(self):
        return f"{self.username or self.anonymous_id} ({self.time_zone})"


class ChosenSlot(models.Model):
    """The weekly session the staff chose for a poll (UTC weekday and start, with the range then)."""

    course_key = models.CharField(max_length=255)
    item_id = models.CharField(max_length=255)
    weekday = models.PositiveSmallIntegerField(help_text="UTC weekday, 0 = Monday.")
    start_minute = models.PositiveSmallIntegerField(help_text="UTC start, minutes after midnight.")
    length_minutes = models.PositiveSmallIntegerField()
    first_date = models.DateField()
    last_date = models.DateField()
    chosen_by = models.CharField(max_length=150, blank=True)
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "wikilearn"
        constraints = [models.UniqueConstraint(fields=["course_key", "item_id"], name="wl_chosen_slot_once")]

    def __str__(self):
        return f"{self.item_id}: day {self.weekday} {self.start_minute // 60:02d}:{self.start_minute % 60:02d} UTC"


class PollAggregate(models.Model):
    """A poll's results as counters (``xblocks/timezone_poll/tally.py``), derived from its availability rows.

    Each save locks this row (``SELECT ... FOR UPDATE``), so concurrent saves apply their changes
    one after another; ``version`` names the poll settings the counters were computed for: other
    settings make the next request rebuild them from the rows, once, under the same lock.
    """

    course_key = models.CharField(max_length=255)
    item_id = models.CharField(max_length=255)
    version = models.CharField(max_length=64, blank=True, help_text="Settings the counters were computed for.")
    respondents = models.PositiveIntegerField(default=0)
    counts = models.BinaryField(default=b"", help_text="int32 counters, see tally.Tally.dump.")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "wikilearn"
        constraints = [models.UniqueConstraint(fields=["course_key", "item_id"], name="wl_poll_aggregate_once")]

    def __str__(self):
        return f"{self.item_id}: {self.respondents} respondents"
