"""Showing translated course content to a reader: the text, its language, and a notice when needed.

A block's views call :func:`localized_view` (for JSON) or :func:`localized_html` (for templates)
with one translatable unit. The reader gets the text in their language following the fallback
chain of :mod:`xblocks.common.content_translation.content`; when what they get is outdated or a fallback, the
view carries a translated notice and the original text (shown in a ``<details>``). Every text
element carries its own ``lang`` and ``dir``, so an English fallback inside an Arabic page is
laid out left to right and read with the right voice.
"""

import re

from django.utils.safestring import mark_safe

from xblocks.common.content_translation import formatting
from xblocks.common.content_translation.content import normalize_language
from xblocks.common.rendering import render_common_template
from xblocks.common.runtime.errors import BadRequest
from xblocks.common.runtime.i18n import gettext_noop as _
from xblocks.common.runtime.i18n import language_direction, language_display_name

NOTICE_OUTDATED = _("This translation may be out of date.")
NOTICE_FALLBACK = _("Shown in %(language)s: not yet translated into your language.")
NOTICE_OUTDATED_FALLBACK = _("Shown in %(language)s, and this translation may be out of date.")
SHOW_ORIGINAL = _("Show the original (%(language)s)")
CRITERION_LABELS = {"name": _("Criterion “%(name)s”: name"), "description": _("Criterion “%(name)s”: description")}
CRITERION_UNIT = re.compile(r"^criteria\.(?P<key>[^.]+)\.(?P<part>name|description)$")


def criteria_texts(criteria):
    """Translatable units of a criteria list: ``criteria.<key>.name`` and non-empty descriptions."""
    texts = {}
    for criterion in criteria if isinstance(criteria, list) else []:
        if not isinstance(criterion, dict) or not criterion.get("key"):
            continue
        texts[f"criteria.{criterion['key']}.name"] = str(criterion.get("name") or "")
        if criterion.get("description"):
            texts[f"criteria.{criterion['key']}.description"] = str(criterion["description"])
    return texts


def localized_view(block, unit, language, source=None):
    """What a reader of ``language`` sees for ``unit``, as a dict for templates and JSON.

    Keys: ``text``, ``lang``, ``dir`` and, when the reader should be told, ``notice``,
    ``original``, ``original_lang``, ``original_dir`` and ``original_label``. Untranslated text that
    the interface catalogue knows (the blocks' default criteria, the poll's default question) is
    shown through gettext, as before content translations existed.
    """
    seen = block.localized(unit, language, source=source)
    gettext = block.gettext
    if seen.is_source and seen.text:
        interface = gettext(seen.text)
        if interface != seen.text:
            return {"text": interface, "lang": _reader_language(language), "dir": language_direction(language)}
    view = {"text": seen.text, "lang": seen.language, "dir": language_direction(seen.language)}
    same_as_source = seen.is_source and _reader_language(language).split("-")[0] == seen.language.split("-")[0]
    if not seen.needs_notice or not seen.text or same_as_source:  # an en-GB reader needs no notice on English
        return view
    name = language_display_name(seen.language, language)
    if seen.is_outdated:
        notice = gettext(NOTICE_OUTDATED_FALLBACK if seen.is_fallback else NOTICE_OUTDATED)
    else:
        notice = gettext(NOTICE_FALLBACK)
    view["notice"] = notice % {"language": name} if "%(language)s" in notice else notice
    if not seen.is_source:
        source_language = normalize_language(block.content_language or "en")
        original = source if source is not None else block.translatable_texts()[unit]
        label = gettext(SHOW_ORIGINAL)
        view.update(original=original, original_lang=source_language, original_dir=language_direction(source_language),
                    original_label=label % {"language": language_display_name(source_language, language)}
                    if "%(" in label else label)
    return view


def _reader_language(language):
    try:
        return normalize_language(language)
    except BadRequest:
        return "en"


def localized_html(block, unit, language, css_class="", source=None):
    """The unit rendered for the reader with the authors' formatting (:mod:`.formatting`: safe HTML),
    its ``lang``/``dir``, and its notice and original when needed."""
    view = localized_view(block, unit, language, source=source)
    view["html"] = mark_safe(formatting.render(view["text"]))  # noqa: S308 - escaped, then sanitized by nh3
    if view.get("original"):
        view["original_html"] = mark_safe(formatting.render(view["original"]))  # noqa: S308 - as above
    html = render_common_template(block, "templates/localized.html", {"view": view, "css_class": css_class})
    return mark_safe(html)  # noqa: S308 - rendered by an autoescaping Django template


def unit_label(block, unit, gettext):
    """A label for ``unit`` in the Studio editor: the field's name, or the criterion and part."""
    match = CRITERION_UNIT.match(unit)
    if match:
        texts = block.translatable_texts()
        name = texts.get(f"criteria.{match['key']}.name") or match["key"]
        return gettext(CRITERION_LABELS[match["part"]]) % {"name": name}
    field = block.fields.get(unit)
    return gettext(field.display_name) if field is not None and field.display_name else unit


def localized_criteria(block, criteria, language):
    """Copies of ``criteria`` with name and description in the reader's language.

    Each criterion gains ``i18n``: ``{"name": view, "description": view}`` (see :func:`localized_view`),
    so templates and scripts can set ``lang``/``dir`` and show notices.
    """
    shown = []
    for criterion in criteria:
        criterion = dict(criterion)
        key = criterion.get("key")
        views = {"name": localized_view(block, f"criteria.{key}.name", language, source=criterion.get("name") or "")}
        if criterion.get("description"):
            views["description"] = localized_view(block, f"criteria.{key}.description", language,
                                                  source=criterion["description"])
        criterion["name"] = views["name"]["text"]
        criterion["description"] = views["description"]["text"] if "description" in views else ""
        criterion["i18n"] = views
        shown.append(criterion)
    return shown


class CriteriaContentMixin:
    """For blocks graded on author-defined criteria (``criteria`` field, ``rubric()``).

    Each criterion's name and description is a translatable unit, and the rubric a reader sees
    has its scale labels and criteria in the reader's language.
    """

    def translatable_texts(self):
        """The block's own texts plus ``criteria.<key>.name`` and ``criteria.<key>.description``."""
        return {**super().translatable_texts(), **criteria_texts(self.criteria)}

    def rubric_for_display(self):
        """The current rubric: scale labels translated, criteria localized for the reader."""
        rubric = self.rubric()
        for level in rubric["scale"]:
            level["label"] = self.gettext(level["label"])
        rubric["criteria"] = localized_criteria(self, rubric["criteria"], self.user().language)
        return rubric
