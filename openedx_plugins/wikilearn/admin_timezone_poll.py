"""Admin for timezone poll responses and chosen slots (read-mostly: learners own their rows)."""

from django.contrib import admin

from openedx_plugins.wikilearn.models import Availability, ChosenSlot


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    """Learners' weekly availability, searchable by course, block and username."""

    list_display = ("username", "anonymous_id", "time_zone", "course_key", "item_id", "updated")
    list_filter = ("course_key", "time_zone")
    search_fields = ("username", "anonymous_id", "item_id")
    readonly_fields = ("created", "updated")


@admin.register(ChosenSlot)
class ChosenSlotAdmin(admin.ModelAdmin):
    """The weekly session chosen for each poll."""

    list_display = ("item_id", "course_key", "weekday", "start_minute", "length_minutes", "chosen_by", "chosen_at")
    list_filter = ("course_key",)
    search_fields = ("item_id",)
