"""Django app configuration, wired the way the LMS and Studio load plugin apps."""

from django.apps import AppConfig

from openedx_plugins.plugin_config import plugin_app_config


class WikiLearnConfig(AppConfig):
    """Models and services behind the rubric, pitch review and timezone poll blocks."""

    name = "openedx_plugins.wikilearn"
    label = "wikilearn"
    verbose_name = "WikiLearn"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = plugin_app_config("wikilearn", "wikilearn/")
