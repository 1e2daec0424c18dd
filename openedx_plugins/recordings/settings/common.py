"""Recording defaults. ``WIKILEARN_BBB_SERVERS`` holds secrets and has no default content."""

SYNC_TASK = "openedx_plugins.recordings.tasks.sync_recordings"
BEAT_ENTRY = "wikilearn-recordings-sync"

SETTING_DEFAULTS = {
    # name -> {"url": ..., "secret": ..., "checksum": "sha256"|"sha1"}; secrets never get defaults.
    "WIKILEARN_BBB_SERVERS": {},
    # Make audio-only and low-resolution renditions with ffmpeg.
    "WIKILEARN_RECORDINGS_RENDITIONS": True,
    # Where files go: None = the site's default storage; or {"BACKEND": dotted class, "OPTIONS": {...}},
    # e.g. {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "recordings"}}.
    "WIKILEARN_RECORDINGS_STORAGE": None,
    # Folder (storage name prefix) for recording files.
    "WIKILEARN_RECORDINGS_PREFIX": "wikilearn-recordings",
    # Lifetime in seconds of the signed URLs handed out when the storage can sign (S3).
    "WIKILEARN_RECORDINGS_SIGNED_URL_EXPIRY": 300,
    # Largest file the sync downloads (bytes).
    "WIKILEARN_RECORDINGS_MAX_SIZE": 8 * 1024 ** 3,
    # Folder for downloads in progress (resumed after a restart); None = the system's temp folder.
    # Needs room for the largest recording: avoid a small tmpfs.
    "WIKILEARN_RECORDINGS_WORK_DIR": None,
    # Seconds between scheduled syncs; None = no Celery beat entry (the operator enables it).
    "WIKILEARN_RECORDINGS_SYNC_EVERY": None,
    # The admin's "resync" action: queue the Celery task (True) or sync in the request (False).
    "WIKILEARN_RECORDINGS_RESYNC_ASYNC": True,
    # f(user, course_key: str) -> bool. The LMS defaults use the platform's APIs (imported lazily).
    "WIKILEARN_RECORDINGS_ENROLLMENT_CHECK": "openedx_plugins.recordings.access.lms_is_enrolled",
    "WIKILEARN_RECORDINGS_STAFF_CHECK": "openedx_plugins.recordings.access.lms_is_course_staff",
}


def install_beat_schedule(settings):
    """Add the periodic sync to ``CELERY_BEAT_SCHEDULE`` when the operator set an interval."""
    every = getattr(settings, "WIKILEARN_RECORDINGS_SYNC_EVERY", None)
    if not every:
        return
    schedule = dict(getattr(settings, "CELERY_BEAT_SCHEDULE", None) or {})
    schedule.setdefault(BEAT_ENTRY, {"task": SYNC_TASK, "schedule": float(every)})
    settings.CELERY_BEAT_SCHEDULE = schedule


def plugin_settings(settings):
    """Add the recordings defaults without overriding what the operator set."""
    for name, value in SETTING_DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
    install_beat_schedule(settings)
