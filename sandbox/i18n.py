"""The sandbox's i18n service: edx-platform's ``XBlockI18nService`` lookup, step for step.

``xmodule/modulestore/django.py`` ``XBlockI18nService.__init__`` / ``get_python_locale``:

1. the block's *root module* (``xmodule/modulestore/api.py`` ``get_xblock_root_module_name``:
   ``unmixed_class.__module__.split('.')[0]``);
2. if ``<REPO_ROOT>/conf/plugins-locale/xblock.v1/<root module>`` is a directory (OEP-58, pulled
   by atlas), domain ``django`` from there — *only* there, even when the language is missing;
3. otherwise ``<root module package>/translations``, domain ``text``;
4. ``gettext.translation(domain, dir, [to_locale(get_language() or LANGUAGE_CODE)])``; on
   ``OSError`` the translator stays ``django.utils.translation`` (the platform's own catalogue).

The sandbox's ``conf/plugins-locale`` root is ``WIKILEARN_SANDBOX_PLUGINS_LOCALE`` (unset: none).
"""

import gettext
import importlib.resources
import os
import time

from django.conf import settings
from django.utils import translation


def root_module_name(block_class):
    """``get_xblock_root_module_name`` for a block class."""
    return block_class.__module__.split(".")[0]


def python_locale(block_class):
    """``get_python_locale``: ``(domain, directory)`` where the platform looks for the block's catalogue."""
    root = root_module_name(block_class)
    plugins_locale = getattr(settings, "WIKILEARN_SANDBOX_PLUGINS_LOCALE", None)
    if plugins_locale and os.path.isdir(os.path.join(plugins_locale, root)):
        return "django", os.path.join(plugins_locale, root)
    return "text", str(importlib.resources.files(root).joinpath("translations"))


class SandboxI18nService:
    """Per-block translations for the active language, as edx-platform's ``XBlockI18nService``."""

    def __init__(self, block=None):
        self.translator = translation
        if block is not None:
            domain, directory = python_locale(getattr(block, "unmixed_class", type(block)))
            language = translation.get_language()
            try:
                self.translator = gettext.translation(
                    domain, directory, [translation.to_locale(language or settings.LANGUAGE_CODE)])
            except OSError:
                pass

    def __getattr__(self, name):
        # Like the platform's service, expose the translator's attributes (``_catalog``, ``plural``...):
        # the XBlock template tags merge them into Django's catalogue for ``{% trans %}``.
        name = "gettext" if name == "ugettext" else name
        return getattr(self.translator, name)

    @staticmethod
    def strftime(value, format_string):
        """Format a date or time (the platform localises the format names; here plain strftime)."""
        return time.strftime(format_string, value.timetuple()) if hasattr(value, "timetuple") else str(value)
