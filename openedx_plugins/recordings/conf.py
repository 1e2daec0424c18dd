"""Settings of the recordings app, read at call time (defaults in ``settings/common.py``)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from openedx_plugins.recordings.settings.common import SETTING_DEFAULTS


def setting(name):
    """The operator's value of ``name``, else the documented default."""
    return getattr(settings, name, SETTING_DEFAULTS.get(name))


def bbb_server(name):
    """``{"url", "secret", "checksum"}`` of the configured BigBlueButton server ``name``."""
    servers = setting("WIKILEARN_BBB_SERVERS") or {}
    server = servers.get(name)
    if not server or not server.get("url") or not server.get("secret"):
        raise ImproperlyConfigured(f"WIKILEARN_BBB_SERVERS has no url and secret for server {name!r}")
    return {"url": server["url"], "secret": server["secret"], "checksum": server.get("checksum", "sha256")}
