"""Translation helpers shared by the blocks.

Strings defined at import time are marked with :func:`gettext_noop` and translated when shown,
through the runtime's i18n service (the LMS ``XBlockI18nService`` or the sandbox's).
"""


def gettext_noop(text):
    """Mark ``text`` for extraction without translating it now."""
    return text


def block_gettext(block):
    """The ``gettext`` of the block's i18n service, or the identity when there is none."""
    service = block.runtime.service(block, "i18n") if block is not None else None
    if service is None:
        return lambda text: text
    return service.gettext


def block_ngettext(block):
    """The ``ngettext`` of the block's i18n service, or English plural rules."""
    service = block.runtime.service(block, "i18n") if block is not None else None
    if service is None:
        return lambda singular, plural, n: singular if n == 1 else plural
    return service.ngettext


RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"})


def language_direction(language):
    """``rtl`` for right-to-left languages (``ar``, ``fa-ir``...), else ``ltr``."""
    base = (language or "en").replace("_", "-").split("-")[0].lower()
    return "rtl" if base in RTL_LANGUAGES else "ltr"
