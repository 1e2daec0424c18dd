"""Recording defaults. ``WIKILEARN_BBB_SERVERS`` holds secrets and has no default content."""

SETTING_DEFAULTS = {
    # name -> {"url": ..., "secret": ..., "checksum": "sha256"|"sha1"}; secrets never get defaults.
    "WIKILEARN_BBB_SERVERS": {},
    # Make audio-only and low-resolution renditions with ffmpeg.
    "WIKILEARN_RECORDINGS_RENDITIONS": True,
}


def plugin_settings(settings):
    """Add the recordings defaults without overriding what the operator set."""
    for name, value in SETTING_DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
