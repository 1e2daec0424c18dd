"""Admin for rubric submissions and assessments (read-mostly: staff grade in the block)."""

from django.contrib import admin

from openedx_plugins.wikilearn.models.rubric import RubricAssessment, RubricDraft, RubricSubmission


class AssessmentInline(admin.StackedInline):
    """The assessment of an attempt, shown on the attempt's page."""

    model = RubricAssessment
    extra = 0
    can_delete = False
    readonly_fields = ("rubric", "version", "created_at", "updated_at", "released_at", "score_scale")


@admin.register(RubricSubmission)
class RubricSubmissionAdmin(admin.ModelAdmin):
    """Attempts, searchable by username and course."""

    list_display = ("username", "attempt", "queue_state", "is_latest", "course_key", "item_id", "submitted_at")
    list_filter = ("queue_state", "is_latest")
    search_fields = ("username", "anonymous_user_id", "course_key", "item_id")
    readonly_fields = ("course_key", "item_id", "anonymous_user_id", "attempt", "submitted_at", "is_latest")
    inlines = [AssessmentInline]


@admin.register(RubricAssessment)
class RubricAssessmentAdmin(admin.ModelAdmin):
    """Assessments with their status and grade."""

    list_display = ("submission", "status", "points", "max_points", "passed", "assessor_username", "updated_at")
    list_filter = ("status", "passed")
    search_fields = ("submission__username", "submission__item_id", "assessor_username")
    readonly_fields = ("submission", "rubric", "version", "created_at", "updated_at", "released_at")


@admin.register(RubricDraft)
class RubricDraftAdmin(admin.ModelAdmin):
    """Learners' unsent drafts."""

    list_display = ("anonymous_user_id", "item_id", "updated_at")
    search_fields = ("anonymous_user_id", "item_id", "course_key")
