"""Django admin: recording sources with a resync action, recordings, files, download switches."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from openedx_plugins.recordings.conf import setting
from openedx_plugins.recordings.models import CourseRecordingSettings, Recording, RecordingFile, RecordingSource


def _resync(modeladmin, request, course_keys):
    from openedx_plugins.recordings import tasks  # noqa: PLC0415 - Celery is loaded only when used

    course_keys = sorted(set(course_keys))
    if setting("WIKILEARN_RECORDINGS_RESYNC_ASYNC"):
        for course_key in course_keys:
            tasks.sync_recordings.delay(course_key)
        modeladmin.message_user(request, ngettext(
            "Resync queued for %(count)d course.", "Resync queued for %(count)d courses.", len(course_keys),
        ) % {"count": len(course_keys)}, messages.SUCCESS)
        return
    failed = 0
    for course_key in course_keys:
        summary = tasks.sync_recordings(course_key)
        failed += sum(1 for outcome in summary.values() if outcome.get("error") or outcome.get("failed"))
    if failed:
        modeladmin.message_user(request, ngettext(
            "%(count)d source failed to sync: see its last error.", "%(count)d sources failed to sync: see their last "
            "error.", failed) % {"count": failed}, messages.ERROR)
    else:
        modeladmin.message_user(request, ngettext(
            "Resynced %(count)d course.", "Resynced %(count)d courses.", len(course_keys),
        ) % {"count": len(course_keys)}, messages.SUCCESS)


@admin.action(description=_("Resync the recordings of the selected courses"))
def resync(modeladmin, request, queryset):
    """Sync the courses of the selected rows now (queued on Celery, or inline in the sandbox)."""
    _resync(modeladmin, request, queryset.values_list("course_key", flat=True))


@admin.action(description=_("Allow learners to download"))
def allow_downloads(modeladmin, request, queryset):
    """Turn downloads on for the selected rows."""
    queryset.update(downloads_allowed=True)


@admin.action(description=_("Stop learners from downloading"))
def forbid_downloads(modeladmin, request, queryset):
    """Turn downloads off for the selected rows."""
    queryset.update(downloads_allowed=False)


@admin.register(RecordingSource)
class RecordingSourceAdmin(admin.ModelAdmin):
    """Where each course's recordings come from."""

    list_display = ["course_key", "server", "enabled", "last_synced", "last_error", "last_warnings"]
    list_filter = ["server", "enabled"]
    search_fields = ["course_key", "meeting_ids"]
    readonly_fields = ["last_synced", "last_error", "last_warnings"]
    actions = [resync]


@admin.register(CourseRecordingSettings)
class CourseRecordingSettingsAdmin(admin.ModelAdmin):
    """The per-course switches: downloads and each kind of lesson package file (made at the next sync)."""

    list_display = ["course_key", "downloads_allowed", "slides_pdf", "slides_video", "transcripts"]
    list_editable = ["downloads_allowed", "slides_pdf", "slides_video", "transcripts"]
    search_fields = ["course_key"]
    actions = [allow_downloads, forbid_downloads, resync]


class RecordingFileInline(admin.TabularInline):
    """A recording's files, read-only (the sync writes them)."""

    model = RecordingFile
    extra = 0
    can_delete = False
    fields = ["key", "kind", "language", "size", "mime_type", "sha256", "ready", "notes", "storage_name"]
    readonly_fields = fields


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    """Recordings with the per-recording download switch."""

    list_display = ["title", "course_key", "start", "state", "available", "downloads_allowed"]
    list_editable = ["downloads_allowed"]
    list_filter = ["available", "downloads_allowed", "state"]
    search_fields = ["title", "record_id", "meeting_id", "course_key"]
    readonly_fields = ["record_id", "meeting_id", "source", "state", "available", "created", "modified"]
    inlines = [RecordingFileInline]
    actions = [allow_downloads, forbid_downloads, resync]
