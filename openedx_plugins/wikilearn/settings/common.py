"""Defaults for every environment. Every setting is read at call time and can be overridden."""

from openedx_plugins.wikilearn.settings.auth import add_mediawiki_backends

SETTING_DEFAULTS = {
    # Largest answer a learner may submit, in characters.
    "WIKILEARN_MAX_ANSWER_LENGTH": 50_000,
    # Learner files in default_storage live under this prefix (rubric attachments, pitch materials).
    "WIKILEARN_UPLOAD_PREFIX": "wikilearn",
    # Rows per page of staff lists (the rubric grading queue).
    "WIKILEARN_STAFF_PAGE_SIZE": 25,
    # Timezone poll: how many ranked candidate sessions staff see (with names), best first.
    "WIKILEARN_TIMEZONE_POLL_RANKED": 20,
}


def plugin_settings(settings):
    """Add the suite's defaults without overriding what the operator set."""
    add_mediawiki_backends(settings)
    for name, value in SETTING_DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
