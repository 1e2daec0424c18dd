"""Defaults for every environment. Every setting is read at call time and can be overridden."""

SETTING_DEFAULTS = {
    # Largest answer a learner may submit, in characters.
    "WIKILEARN_MAX_ANSWER_LENGTH": 50_000,
}


def plugin_settings(settings):
    """Add the suite's defaults without overriding what the operator set."""
    for name, value in SETTING_DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
