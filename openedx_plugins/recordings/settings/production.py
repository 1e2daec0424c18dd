"""Production settings: the common defaults, then values from the environment's tokens."""

from openedx_plugins.recordings.settings import common


def plugin_settings(settings):
    """Apply the defaults, then anything the operator put in ``ENV_TOKENS``, then the beat entry."""
    common.plugin_settings(settings)
    tokens = getattr(settings, "ENV_TOKENS", {}) or {}
    for name in common.SETTING_DEFAULTS:
        if name in tokens:
            setattr(settings, name, tokens[name])
    common.install_beat_schedule(settings)
