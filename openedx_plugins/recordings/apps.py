"""Django app configuration for recordings, loaded through the plugin framework."""

from django.apps import AppConfig

LMS = "lms.djangoapp"
CMS = "cms.djangoapp"


def _settings_config():
    return {
        "common": {"relative_path": "settings.common"},
        "production": {"relative_path": "settings.production"},
        "test": {"relative_path": "settings.common"},
        "devstack": {"relative_path": "settings.common"},
    }


class RecordingsConfig(AppConfig):
    """Recording models, sync task, download views and course tab."""

    name = "openedx_plugins.recordings"
    label = "wikilearn_recordings"
    verbose_name = "WikiLearn recordings"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        "url_config": {
            LMS: {"namespace": "wikilearn_recordings", "regex": r"^wikilearn/recordings/",
                  "relative_path": "urls"},
        },
        "settings_config": {LMS: _settings_config(), CMS: _settings_config()},
    }
