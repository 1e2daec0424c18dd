"""Admin for rubric submissions and assessments (read-mostly: staff grade in the block)."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from openedx_plugins.wikilearn.api import rubric_counts
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
    actions = ["recount_queues"]

    # The staff queue's totals (RubricQueueCount) follow every change of a latest attempt's state, here too:
    # in the admin's transaction (changeform_view and delete_view are atomic; the bulk delete action is
    # wrapped below).
    def save_model(self, request, obj, form, change):
        """Save the attempt and move it between the queue's totals if its state changed."""
        with transaction.atomic():
            old = RubricSubmission.objects.select_for_update().filter(pk=obj.pk).first() if change else None
            super().save_model(request, obj, form, change)
            changes = {}
            if old is not None and old.is_latest:
                changes[old.queue_state] = -1
            if obj.is_latest:
                changes[obj.queue_state] = changes.get(obj.queue_state, 0) + 1
            rubric_counts.shift(obj.course_key, obj.item_id, changes)

    def delete_model(self, request, obj):
        """Delete the attempt and take it out of the queue's totals."""
        self.delete_queryset(request, RubricSubmission.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        """Delete the attempts and take the latest ones out of the queue's totals."""
        with transaction.atomic():
            rubric_counts.forget(queryset)

    @admin.action(description=_("Recount the staff queues of the selected attempts' blocks"))
    def recount_queues(self, request, queryset):
        """Recompute the queue totals of every block the selected attempts belong to."""
        blocks = sorted(set(queryset.values_list("course_key", "item_id")))
        fixed = sum(1 for course, item in blocks if rubric_counts.recount(course, item))
        self.message_user(request, ngettext(
            "%(blocks)d block recounted, %(fixed)d had wrong totals.",
            "%(blocks)d blocks recounted, %(fixed)d had wrong totals.", len(blocks)) % {
            "blocks": len(blocks), "fixed": fixed}, messages.SUCCESS)


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
