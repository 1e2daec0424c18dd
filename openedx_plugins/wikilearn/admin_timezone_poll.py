"""Admin for timezone poll responses, results and chosen slots (read-mostly: learners own their rows).

A poll's results are counters kept up to date by the block's saves; an answer changed or deleted
here would leave them behind, so every such change marks the poll's counters stale and the next
view recomputes them from the answers (once, under the poll's lock).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from openedx_plugins.wikilearn.api.timezone_poll import forget_counts
from openedx_plugins.wikilearn.models import Availability, ChosenSlot, PollAggregate


def _forget(rows):
    for course_key, item_id in {(row.course_key, row.item_id) for row in rows}:
        forget_counts(course_key, item_id)


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    """Learners' weekly availability, searchable by course, block and username."""

    list_display = ("username", "anonymous_id", "time_zone", "course_key", "item_id", "updated")
    list_filter = ("course_key", "time_zone")
    search_fields = ("username", "anonymous_id", "item_id")
    readonly_fields = ("created", "updated")

    def save_model(self, request, obj, form, change):
        """Save, then mark the poll's counters stale."""
        super().save_model(request, obj, form, change)
        _forget([obj])

    def delete_model(self, request, obj):
        """Delete, then mark the poll's counters stale."""
        super().delete_model(request, obj)
        _forget([obj])

    def delete_queryset(self, request, queryset):
        """Delete several answers, then mark their polls' counters stale."""
        rows = list(queryset.only("course_key", "item_id"))
        super().delete_queryset(request, queryset)
        _forget(rows)


@admin.register(PollAggregate)
class PollAggregateAdmin(admin.ModelAdmin):
    """Each poll's counters (derived data): read-only, with an action to recompute them from the answers."""

    list_display = ("item_id", "course_key", "respondents", "version", "updated")
    list_filter = ("course_key",)
    search_fields = ("item_id",)
    readonly_fields = ("course_key", "item_id", "version", "respondents", "updated")
    exclude = ("counts",)
    actions = ["recompute"]

    def has_add_permission(self, request):
        """Counters come from the answers, never typed in."""
        return False

    @admin.action(description=_("Recompute from the answers on the next view"))
    def recompute(self, request, queryset):
        """Mark the selected polls' counters stale."""
        _forget(queryset)


@admin.register(ChosenSlot)
class ChosenSlotAdmin(admin.ModelAdmin):
    """The weekly session chosen for each poll."""

    list_display = ("item_id", "course_key", "weekday", "start_minute", "length_minutes", "chosen_by", "chosen_at")
    list_filter = ("course_key",)
    search_fields = ("item_id",)
