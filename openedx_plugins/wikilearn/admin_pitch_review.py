"""Admin for pitch review pitches, versions, review assignments and allocation runs (read-mostly)."""

from django.contrib import admin

from openedx_plugins.wikilearn.models.pitch_review import Pitch, PitchAllocation, PitchVersion, ReviewAssignment


class PitchVersionInline(admin.TabularInline):
    """Every version of a pitch, read only (versions are history)."""

    model = PitchVersion
    extra = 0
    can_delete = False
    readonly_fields = ("number", "partner", "ask", "links", "files", "submitted_at")


@admin.register(Pitch)
class PitchAdmin(admin.ModelAdmin):
    """Pitches by block, with withdrawal, grade and release."""

    list_display = ("username", "item_id", "versions_count", "withdrawn", "grade_level", "released_at")
    list_filter = ("withdrawn",)
    search_fields = ("username", "presenter", "item_id", "course_key")
    readonly_fields = ("course_key", "item_id", "presenter", "versions_count", "submitted_at", "version")
    inlines = [PitchVersionInline]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    """Review assignments: who reviews which pitch, and what they sent."""

    list_display = ("pitch", "reviewer_username", "role", "active", "phase_one_at", "phase_two_at")
    list_filter = ("role", "active")
    search_fields = ("reviewer_username", "reviewer", "pitch__username", "item_id")
    raw_id_fields = ("pitch",)


@admin.register(PitchAllocation)
class PitchAllocationAdmin(admin.ModelAdmin):
    """The last allocation run of each block."""

    list_display = ("item_id", "mode", "seed", "allocated_by", "allocated_at")
