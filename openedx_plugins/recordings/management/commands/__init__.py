"""``sync_recordings`` and ``sandbox_recordings``."""
