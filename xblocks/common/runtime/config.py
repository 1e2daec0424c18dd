"""Configuration, read through one channel: the suite's Django settings and its XBlock settings bucket.

- Suite settings are ``WIKILEARN_<NAME>`` Django settings, read at call time; their documented
  defaults are the plugin app's ``SETTING_DEFAULTS`` (``openedx_plugins/wikilearn/settings/common.py``,
  which also contributes them to the LMS settings through ``edx_django_utils.plugins``).
- Per-block-type options live in the ``WikiLearn`` bucket of ``XBLOCK_SETTINGS``, read through the
  runtime's ``settings`` service (``xmodule/services.py`` ``SettingsService.get_settings_bucket``,
  which picks the bucket named by the block's ``block_settings_key``).
"""

from django.conf import settings as django_settings

from openedx_plugins.wikilearn.settings.common import SETTING_DEFAULTS

BUCKET = "WikiLearn"


def setting(name):
    """The value of ``WIKILEARN_<name>`` (an integer setting), or its documented default."""
    key = f"WIKILEARN_{name}"
    value = getattr(django_settings, key, SETTING_DEFAULTS[key])
    try:
        return int(value)
    except (TypeError, ValueError):
        return SETTING_DEFAULTS[key]


def block_settings(block):
    """The ``WikiLearn`` bucket of ``XBLOCK_SETTINGS`` through the settings service ({} without one)."""
    try:
        service = block.runtime.service(block, "settings")
    except Exception:  # noqa: BLE001 - a runtime without the settings service
        service = None
    if service is None:
        return {}
    bucket = service.get_settings_bucket(block, default={})
    return bucket if isinstance(bucket, dict) else {}
