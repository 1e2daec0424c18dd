"""Translation through the platform's i18n service, and the reader's language and direction.

In Open edX the ``i18n`` service is ``XBlockI18nService`` (``xmodule/modulestore/django.py``): it
translates into the request's active language (``django.utils.translation.get_language()``, set
by the LMS's language-preference middleware from the user's ``pref-lang``) using the catalogue
found for the block's *root module* (``xmodule/modulestore/api.py``
``get_xblock_root_module_name``: ``xblocks`` for every suite block): first
``conf/plugins-locale/xblock.v1/xblocks/`` (OEP-58, domain ``django``) when that folder exists,
else ``xblocks/translations/<locale>/LC_MESSAGES/text.mo``; without a catalogue it falls back to
Django's own translations. Strings defined at import time are marked with :func:`gettext_noop`
and translated when shown.
"""

from django.utils import translation


def gettext_noop(text):
    """Mark ``text`` for extraction without translating it now."""
    return text


def active_language(preferred=None):
    """The language this request is served in (``preferred``, then English, when none is active)."""
    return translation.get_language() or preferred or "en"


def _service(block):
    try:
        return block.runtime.service(block, "i18n") if block is not None else None
    except Exception:  # noqa: BLE001 - a runtime without the service: English
        return None


def block_gettext(block):
    """The ``gettext`` of the block's i18n service, or the identity when there is none."""
    service = _service(block)
    if service is None:
        return lambda text: text
    return service.gettext


def block_ngettext(block):
    """The ``ngettext`` of the block's i18n service, or English plural rules."""
    service = _service(block)
    if service is None:
        return lambda singular, plural, n: singular if n == 1 else plural
    return service.ngettext


RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"})


def language_direction(language):
    """``rtl`` for right-to-left languages (``ar``, ``fa-ir``...), else ``ltr``."""
    base = (language or "en").replace("_", "-").split("-")[0].lower()
    return "rtl" if base in RTL_LANGUAGES else "ltr"
