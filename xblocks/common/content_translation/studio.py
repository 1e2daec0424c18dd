"""The "Translations" section of every suite block's Studio editor, and its one save handler.

Mix :class:`ContentTranslationsStudioMixin` into a block (it brings
:class:`~xblocks.common.content_translation.content.TranslatableContentMixin`) and call
:meth:`~ContentTranslationsStudioMixin.add_translations_section` from ``studio_view``. The section
lists, per language, how many units are up to date, outdated or missing, and opens a side-by-side
editor (the source read-only beside a text area per unit). Saving posts to ``save_translations``
(authors in Studio only), which applies every unit of one language or none.
"""

import re

from django.utils.text import slugify

from xblocks.common.content_translation.content import (
    MISSING,
    OUTDATED,
    UP_TO_DATE,
    TranslatableContentMixin,
    normalize_language,
)
from xblocks.common.content_translation.display import unit_label
from xblocks.common.rendering import COMMON, COMMON_CSS, render_common_template
from xblocks.common.runtime.access import AUTHOR, json_access
from xblocks.common.runtime.errors import BadRequest, BlockError
from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.common.runtime.i18n import language_direction, language_display_name

SUITE_LANGUAGES = ("fr", "es", "ar", "pt-br", "hi", "id")
MAX_UNITS_PER_SAVE = 500
VERSION = re.compile(r"^[0-9a-f]{6,64}$")
STATE_LABELS = {UP_TO_DATE: _("Up to date"), OUTDATED: _("Outdated"), MISSING: _("Missing")}


class ContentTranslationsStudioMixin(TranslatableContentMixin):
    """Translatable content plus the shared Studio "Translations" section and its save handler."""

    def translation_languages(self):
        """The suite's languages and any already present, without the source language."""
        source = normalize_language(self.content_language or "en")
        present = {language for per_unit in self.content_translations.values() for language in per_unit}
        extra = sorted(present - set(SUITE_LANGUAGES))
        return [language for language in (*SUITE_LANGUAGES, *extra) if language != source]

    def translations_overview(self):
        """Per language: its name, counts per state and every unit with source, translation and state."""
        content = {unit: field for unit, field in self.translatable_content().items() if field["source"]}
        languages, reader = [], self.user().language
        for code in self.translation_languages():
            units, counts = [], {UP_TO_DATE: 0, OUTDATED: 0, MISSING: 0}
            for unit, field in content.items():
                entry = field["translations"].get(code, {})
                state = entry.get("state", MISSING)
                counts[state] += 1
                units.append({"unit": unit, "label": unit_label(self, unit, self.gettext), "source": field["source"],
                              "text": entry.get("text", ""), "state": state,
                              "state_label": self.gettext(STATE_LABELS[state]), "version": field["version"]})
            languages.append({"code": code, "name": language_display_name(code, reader),
                              "dir": language_direction(code), "counts": counts, "units": units})
        return languages

    def add_translations_section(self, fragment):
        """Append the Translations section (HTML, CSS and its self-starting script) to a Studio fragment."""
        source = normalize_language(self.content_language or "en")
        languages = self.translations_overview()
        html = render_common_template(self, "templates/translations_studio.html", {
            "languages": languages, "units": languages[0]["units"] if languages else [],
            "source_lang": source, "source_dir": language_direction(source),
            "source_name": language_display_name(source, self.user().language),
            "prefix": slugify(str(self.scope_ids.usage_id))[-40:] or "block",
            "handler_url": self.runtime.handler_url(self, "save_translations"),
            "state_labels": {state: self.gettext(label) for state, label in STATE_LABELS.items()},
        })
        fragment.add_content(html)
        fragment.add_css(COMMON.load_unicode(COMMON_CSS))
        fragment.add_css(COMMON.load_unicode("public/translations_studio.css"))
        fragment.add_javascript(COMMON.load_unicode("public/translations_studio.js"))
        return fragment

    @json_access(AUTHOR)
    def save_translations(self, data, suffix, user):
        """Save the translations of one language: ``{"language", "translations": {unit: text}, "versions"?}``.

        Every unit is applied or none is (400 with an ``error_code``); an empty text removes a
        translation. ``versions`` (optional) names the source version each text was made from, so a
        translation typed against a source someone has since changed is saved as outdated.
        """
        language = normalize_language(data.get("language"))
        translations, versions = data.get("translations"), data.get("versions") or {}
        if not isinstance(translations, dict) or not translations or not isinstance(versions, dict):
            raise BadRequest("invalid_translations", _("Send the translations as an object of unit to text."))
        if len(translations) > MAX_UNITS_PER_SAVE:
            raise BadRequest("too_many_units", _("Save at most %(max)s units at once."), max=MAX_UNITS_PER_SAVE)
        texts = self.translatable_texts()
        for unit in translations:
            self._check_field(unit, texts)
            version = versions.get(unit)
            if version is not None and not (isinstance(version, str) and VERSION.match(version)):
                raise BadRequest("invalid_version", _("'%(version)s' is not a source version."),
                                 version=str(version)[:20])
        before = self.content_translations
        try:
            for unit, text in translations.items():
                self.set_translation(unit, language, text, version=versions.get(unit))
        except BlockError:
            self.content_translations = before
            raise
        states = self.translation_states([language])[language]
        return {"language": language, "states": states,
                "labels": {unit: self.gettext(STATE_LABELS[state]) for unit, state in states.items()}}
