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


# -- CLDR: dates, times and language names in the reader's language (Babel, which edx-platform pins) --
def cldr_locale(language):
    """The Babel locale of a language code (``pt-br`` -> ``pt_BR``); English when Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse((language or "en").replace("-", "_"), sep="_")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_datetime(value, language, zone=None):
    """``value`` (an aware datetime) in ``zone`` (default UTC) as the reader's language writes a date and a
    time to the minute (CLDR's medium date, short time and the locale's pattern joining them)."""
    from babel.dates import format_date, format_time, get_timezone

    locale, tz = cldr_locale(language), get_timezone(zone or "UTC")
    local = value.astimezone(tz)
    joined = str(locale.datetime_formats["medium"])
    return joined.replace("{1}", format_date(local, "medium", locale=locale)).replace(
        "{0}", format_time(local, "short", tzinfo=tz, locale=locale))


def format_day_month(value, language):
    """``"3 February"`` / ``"3 de febrero"`` / ``"February 3"``: a day of a month in the reader's language."""
    from babel.dates import format_skeleton

    return format_skeleton("MMMMd", value, locale=cldr_locale(language))


def language_display_name(code, language):
    """The name of language ``code`` in the reader's ``language`` (``inglés`` for ``en`` to a Spanish reader)."""
    locale = cldr_locale(language)
    target = (code or "").replace("-", "_")
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(target, sep="_").get_display_name(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        name = None
    return name or code
