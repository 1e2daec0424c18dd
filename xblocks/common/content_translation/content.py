"""Translatable course content: source text plus translations that know when they went stale.

Text a course author writes (prompts, criteria, poll questions) stays in the block's ordinary
``String`` fields, in the block's source language. Translations live beside it in one
``content_translations`` field::

    {"prompt": {"fr": {"text": "...", "source_version": "3f2a9c0d1b7e"}}}

``source_version`` is a digest of the source text the translation was made from. When the
author edits the source, its digest changes and every translation made from the old text is
reported ``outdated``: kept and still shown, but flagged (as MediaWiki's Translate extension
does). Nothing has to remember to mark it; the comparison is made each time.

The field is an ordinary content field, so translations travel with OLX export and import.
:meth:`TranslatableContentMixin.translatable_content` is the one documented method other
pipelines (PO export, translatewiki.net bridges) use to read a block's translatable text.
"""

import hashlib
import re
from dataclasses import dataclass

from xblock.fields import Dict, Scope, String

from xblocks.common.runtime.config import block_settings
from xblocks.common.runtime.errors import BadRequest
from xblocks.common.runtime.i18n import gettext_noop as _

UP_TO_DATE = "up_to_date"
OUTDATED = "outdated"
MISSING = "missing"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
MAX_TRANSLATION_LENGTH = 50_000


def source_version(text):
    """Short digest identifying one version of a source text."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:12]


def normalize_language(code):
    """``pt_BR`` / ``pt-BR`` -> ``pt-br``; raises BadRequest for something that is not a code."""
    value = code.strip().replace("_", "-").lower() if isinstance(code, str) else ""
    if not LANGUAGE_CODE.match(value):
        raise BadRequest("invalid_language", _("'%(code)s' is not a language code."), code=str(code)[:20])
    return value


def fallback_chain(language, extra=None):
    """Languages to try for ``language``, most specific first: ``pt-br`` -> ``pt-br``, ``pt``.

    ``extra`` maps a language to further fallbacks (e.g. ``{"gl": ["pt", "es"]}``), from the
    ``WikiLearn`` bucket of the runtime's settings service (``content_fallbacks``).
    """
    chain = []
    try:
        code = normalize_language(language)
    except BadRequest:
        return chain
    parts = code.split("-")
    for length in range(len(parts), 0, -1):
        candidate = "-".join(parts[:length])
        if candidate not in chain:
            chain.append(candidate)
    for candidate in (extra or {}).get(code, []) + (extra or {}).get(parts[0], []):
        candidate = candidate.lower()
        if candidate not in chain:
            chain.append(candidate)
    return chain


@dataclass(frozen=True)
class Localized:
    """What a learner sees for one field, and how it relates to the source."""

    text: str
    language: str
    is_source: bool
    is_fallback: bool
    is_outdated: bool

    @property
    def needs_notice(self):
        """True when the learner should be told this is not an up-to-date text in their language."""
        return self.is_fallback or self.is_outdated


def localize(source_text, source_language, translations, language, extra_fallbacks=None):
    """Pick the text for ``language`` following the fallback chain, ending at the source."""
    wanted = fallback_chain(language, extra_fallbacks)
    current = source_version(source_text)
    for position, code in enumerate(wanted):
        if code == source_language:
            return Localized(source_text, code, True, position > 0, False)
        entry = (translations or {}).get(code)
        if entry and entry.get("text"):
            outdated = entry.get("source_version") != current
            return Localized(entry["text"], code, False, position > 0, outdated)
    return Localized(source_text, source_language, True, bool(wanted) and wanted[0] != source_language, False)


class TranslatableContentMixin:
    """Adds content translations to a block.

    List the author-written ``String`` fields in ``translatable_fields``. Text that lives inside
    structured fields (criteria names and descriptions) is exposed by overriding
    :meth:`translatable_texts` with extra units such as ``"criteria.clarity.name"``.
    """

    translatable_fields = ()

    content_language = String(
        display_name=_("Content language"),
        help=_("The language the author writes this component's text in (a code such as en, fr, ar)."),
        scope=Scope.settings,
        default="en",
    )
    content_translations = Dict(
        display_name=_("Content translations"),
        help=_("Translations of this component's text, by field and language."),
        scope=Scope.content,
        default={},
    )

    def _content_fallbacks(self):
        fallbacks = block_settings(self).get("content_fallbacks", {})
        return fallbacks if isinstance(fallbacks, dict) else {}

    def translatable_texts(self):
        """``{unit: source text}`` for every translatable unit (override to add structured text)."""
        return {name: getattr(self, name) or "" for name in self.translatable_fields}

    def localized(self, unit, language, source=None):
        """The :class:`Localized` text of ``unit`` for a reader of ``language``.

        ``source`` may be passed when the caller already has the unit's source text.
        """
        if source is None:
            texts = self.translatable_texts()
            if unit not in texts:
                self._check_field(unit)
            source = texts[unit]
        return localize(source, normalize_language(self.content_language or "en"),
                        self.content_translations.get(unit, {}), language, self._content_fallbacks())

    def translatable_content(self):
        """Every translatable field: source text, its version, and each translation's state.

        Returns ``{field: {"source": str, "version": str, "language": str,
        "translations": {lang: {"text": str, "source_version": str, "state": str}}}}``.
        """
        content = {}
        for name, source in self.translatable_texts().items():
            version = source_version(source)
            translations = {
                language: {**entry, "state": UP_TO_DATE if entry.get("source_version") == version else OUTDATED}
                for language, entry in sorted(self.content_translations.get(name, {}).items())
            }
            content[name] = {"source": source, "version": version, "language": self.content_language or "en",
                             "translations": translations}
        return content

    def translation_states(self, languages):
        """``{language: {field: state}}`` for the Studio overview (``missing`` when absent)."""
        content = self.translatable_content()
        return {
            language: {
                name: field["translations"].get(language, {}).get("state", MISSING) if field["source"] else UP_TO_DATE
                for name, field in content.items()
            }
            for language in languages
        }

    def set_translation(self, field_name, language, text, version=None):
        """Store a translation of ``field_name``; ``version`` defaults to the current source's.

        An empty ``text`` removes the translation. Nothing is saved on bad input.
        """
        texts = self.translatable_texts()
        self._check_field(field_name, texts)
        language = normalize_language(language)
        if language == normalize_language(self.content_language or "en"):
            raise BadRequest("source_language", _("The source language cannot have a translation."))
        if not isinstance(text, str) or len(text) > MAX_TRANSLATION_LENGTH:
            raise BadRequest("invalid_translation", _("A translation must be text of at most %(max)s characters."),
                             max=MAX_TRANSLATION_LENGTH)
        translations = {key: dict(value) for key, value in self.content_translations.items()}
        per_field = translations.setdefault(field_name, {})
        if text.strip():
            per_field[language] = {"text": text, "source_version": version or source_version(texts[field_name])}
        else:
            per_field.pop(language, None)
        self.content_translations = translations

    def _check_field(self, field_name, texts=None):
        if field_name not in (texts if texts is not None else self.translatable_texts()):
            raise BadRequest("unknown_field", _("'%(field)s' is not a translatable field."), field=str(field_name)[:50])
