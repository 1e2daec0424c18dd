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

import contextlib

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real


def gettext_noop(text):
    """Mark ``text`` for extraction without translating it now."""
    return text


def active_language(preferred=None):
    """The language this request is served in (``preferred``, then English, when none is active)."""
    return translation.get_language() or preferred or "en"


def _service(block):
    """The block's i18n service, looked up once per block instance and language (not once per string).

    The platform's service is bound to the language active when it is made (``XBlockI18nService``
    picks its catalogue from ``get_language()``), so the cached one is reused only while the same
    language is active: a block instance read in two languages gets a service for each.
    """
    if block is None:
        return None
    language = translation.get_language()
    cached = block.__dict__.get("_wikilearn_i18n")
    if cached is not None and cached[0] == language:
        return cached[1]
    try:
        service = block.runtime.service(block, "i18n")
    except Exception:  # noqa: BLE001 - a runtime without the service: English
        service = None
    block.__dict__["_wikilearn_i18n"] = (language, service)
    return service


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


class _ServiceTranslation:
    """A block's i18n service standing in for Django's active translation of this thread.

    The block's catalogue answers first, then the translation that was active (Django's catalogues):
    the result ``xblock.utils.templatetags.i18n.ProxyTransNode`` gets by merging the service's
    catalogue into Django's, without building or changing any shared translation object.
    """

    def __init__(self, service, fallback):
        self._service, self._fallback, self._asking = service, fallback, False

    def _ask(self, name, *args):
        if self._asking:  # the service is Django's own translation (no block catalogue): it asked us back
            return getattr(self._fallback, name)(*args)
        self._asking = True
        try:
            return getattr(self._service, name)(*args)
        finally:
            self._asking = False

    def gettext(self, message):
        """The block's translation of ``message``, else Django's."""
        result = self._ask("gettext", message)
        return result if result != message else self._fallback.gettext(message)

    def ngettext(self, singular, plural, number):
        """The block's plural form, else Django's."""
        result = self._ask("ngettext", singular, plural, number)
        return result if result not in (singular, plural) else self._fallback.ngettext(singular, plural, number)

    def to_language(self):
        """The active language, as Django's ``get_language()`` reads it."""
        return self._fallback.to_language()

    def __getattr__(self, name):
        return getattr(self._fallback, name)


@contextlib.contextmanager
def block_translation(block):
    """Within: Django's ``gettext`` (``{% trans %}``, ``{% blocktrans %}``) translates with ``block``'s service.

    Only this thread's (or task's) active translation changes (``trans_real._active`` is an asgiref
    ``Local``, the one ``translation.activate`` sets), and it is put back on the way out.
    """
    service = _service(block)
    if service is None:
        yield
        return
    previous = getattr(trans_real._active, "value", None)
    fallback = previous if previous is not None else trans_real.translation(settings.LANGUAGE_CODE)
    if not hasattr(fallback, "to_language"):  # ``deactivate_all()``'s NullTranslations: keep it
        yield
        return
    trans_real._active.value = _ServiceTranslation(service, fallback)
    try:
        yield
    finally:
        if previous is None:
            del trans_real._active.value
        else:
            trans_real._active.value = previous


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
