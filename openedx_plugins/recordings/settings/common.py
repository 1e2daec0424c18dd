"""Recording defaults. ``WIKILEARN_BBB_SERVERS`` holds secrets and has no default content."""

SYNC_TASK = "openedx_plugins.recordings.tasks.sync_recordings"
BEAT_ENTRY = "wikilearn-sync-recordings"  # the Tutor plugin's entry has the same name: never two

SETTING_DEFAULTS = {
    # name -> {"url": ..., "secret": ..., "checksum": "sha256"|"sha1"}; secrets never get defaults.
    "WIKILEARN_BBB_SERVERS": {},
    # Make audio-only and low-resolution renditions with ffmpeg.
    "WIKILEARN_RECORDINGS_RENDITIONS": True,
    # Make lesson packages (slides PDF, slides-and-voice video, transcripts); each kind can be
    # switched off per course in the admin (course recording settings).
    "WIKILEARN_RECORDINGS_LESSON_PACKAGES": True,
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
    # Celery beat sync: None = off (the operator enables it); seconds between syncs; or a crontab "17 * * * *".
    "WIKILEARN_RECORDINGS_SYNC_SCHEDULE": None,
    # The admin's "resync" action: queue the Celery task (True) or sync in the request (False).
    "WIKILEARN_RECORDINGS_RESYNC_ASYNC": True,
    # Older names of the suite-wide WIKILEARN_ENROLLMENT_CHECK / WIKILEARN_STAFF_CHECK (openedx_plugins/
    # wikilearn/platform.py), still honoured when those are not set. None: not set.
    "WIKILEARN_RECORDINGS_ENROLLMENT_CHECK": None,
    "WIKILEARN_RECORDINGS_STAFF_CHECK": None,
}


def beat_schedule(value):
    """A Celery schedule from the setting: seconds (number) or a five-field crontab string."""
    if isinstance(value, int | float):
        return float(value)
    fields = str(value).split()
    if len(fields) != 5:
        raise ValueError(f"WIKILEARN_RECORDINGS_SYNC_SCHEDULE: expected seconds or a crontab, got {value!r}")
    from celery.schedules import crontab  # noqa: PLC0415 - only when a schedule is set

    names = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")
    return crontab(**dict(zip(names, fields, strict=True)))


def install_beat_schedule(settings):
    """Add the periodic sync to the Celery beat schedule when the operator set one.

    Both names are set: edx-platform's Celery reads the old ``CELERYBEAT_SCHEDULE``.
    """
    value = getattr(settings, "WIKILEARN_RECORDINGS_SYNC_SCHEDULE", None)
    if value in (None, "", 0):
        return
    schedule = {**(getattr(settings, "CELERY_BEAT_SCHEDULE", None) or {}),
                **(getattr(settings, "CELERYBEAT_SCHEDULE", None) or {})}
    schedule.setdefault(BEAT_ENTRY, {"task": SYNC_TASK, "schedule": beat_schedule(value)})
    settings.CELERYBEAT_SCHEDULE = settings.CELERY_BEAT_SCHEDULE = schedule


def plugin_settings(settings):
    """Add the recordings defaults without overriding what the operator set."""
    for name, value in SETTING_DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
    install_beat_schedule(settings)
