"""Django app configuration for recordings, loaded through the plugin framework."""

from django.apps import AppConfig

from openedx_plugins.plugin_config import plugin_app_config


class RecordingsConfig(AppConfig):
    """Recording models, sync task, download views and course tab."""

    name = "openedx_plugins.recordings"
    label = "wikilearn_recordings"
    verbose_name = "WikiLearn recordings"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = plugin_app_config("wikilearn_recordings", "wikilearn/recordings/")
