"""Django app configuration, wired the way the LMS and Studio load plugin apps."""

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


class WikiLearnConfig(AppConfig):
    """Models and services behind the rubric, pitch review and timezone poll blocks."""

    name = "openedx_plugins.wikilearn"
    label = "wikilearn"
    verbose_name = "WikiLearn"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        "url_config": {
            LMS: {"namespace": "wikilearn", "regex": r"^wikilearn/", "relative_path": "urls"},
        },
        "settings_config": {LMS: _settings_config(), CMS: _settings_config()},
    }
