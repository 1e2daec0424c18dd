"""What every suite Django app declares to the Open edX plugin framework."""

LMS = "lms.djangoapp"
CMS = "cms.djangoapp"


def settings_config():
    """Settings modules per settings type (test and devstack use the common defaults)."""
    return {
        "common": {"relative_path": "settings.common"},
        "production": {"relative_path": "settings.production"},
        "test": {"relative_path": "settings.common"},
        "devstack": {"relative_path": "settings.common"},
    }


def plugin_app_config(namespace, url_prefix):
    """The ``plugin_app`` dict of an app whose LMS URLs live under ``url_prefix``."""
    return {
        "url_config": {LMS: {"namespace": namespace, "regex": rf"^{url_prefix}", "relative_path": "urls"}},
        "settings_config": {LMS: settings_config(), CMS: settings_config()},
    }
