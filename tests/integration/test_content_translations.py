"""Content translations through the real blocks: learner views, the Studio section and handler, OLX."""

import html as html_module
import io
import json
import re
from xml.sax.saxutils import quoteattr

import pytest
from lxml import etree

from sandbox.models import LearnerProfile
from tests.blocks import request_language
from xblocks.common.content_translation.content import source_version
from xblocks.common.content_translation.display import NOTICE_FALLBACK, NOTICE_OUTDATED

pytestmark = pytest.mark.django_db

PROMPT = "Write out the Theory of Change for your partnership."
RUBRIC = f"""<wikilearn_rubric display_name="Theory of change" prompt="{PROMPT}"
  criteria='[{{"key": "metrics", "name": "Metrics", "description": "Metrics are measurable.",
  "feedback": "optional"}}]'/>"""
PITCH = """<wikilearn_pitch_review instructions="Pitch your partnership in 20 minutes."
  criteria='[{"key": "evidence", "name": "Evidence", "description": "Claims are backed.", "feedback": "optional"}]'/>"""
POLL = """<wikilearn_timezone_poll question="When could you attend the live session?"
  first_session="2026-02-03" last_session="2026-04-30"/>"""


def save(blocks, usage, user, language, translations, surface="studio", **extra):
    """Save translations in Studio's editor (the only place course content may change)."""
    return blocks.call(usage, "save_translations", {"language": language, "translations": translations, **extra},
                       user=user, surface=surface)


def text_of(html, css_class):
    """The localized text element inside the wrapper with ``css_class``: (lang, dir, text)."""
    match = re.search(rf'class="wl-localized {css_class}"><div class="wl-localized-text wl-formatted" lang="([^"]+)" '
                      r'dir="([^"]+)"><p>(.*?)</p></div>', html, re.S)
    assert match, f"no localized {css_class} in the page"
    return match.groups()


def told(blocks, usage, user, message, **params):
    """``message`` as ``user`` reads it (their catalogue may translate it)."""
    with request_language(user):
        text = blocks.block(usage, user).gettext(message)
    return text % params if params else text


def notice_of(html, css_class):
    """The notice shown under the wrapper with ``css_class``, or None."""
    match = re.search(rf'class="wl-localized {css_class}"><div class="wl-localized-text wl-formatted"[^>]*>.*?</div>'
                      r'(\s*<p class="wl-muted wl-translation-notice" role="note">(.*?)</p>)?', html, re.S)
    assert match, f"no localized {css_class} in the page"
    return html_module.unescape(match.group(2)) if match.group(2) else None


def test_fallback_chain_pt_br_then_pt_then_source(blocks, users):
    usage = blocks.create(RUBRIC)
    staff, reader = users["staff_1"], users["learner_5"]  # learner_5 prefers pt-br
    assert save(blocks, usage, staff, "pt", {"prompt": "Escreva a Teoria da Mudança da sua parceria."}).status == 200

    html = blocks.render(usage, reader)
    assert text_of(html, "wl-card wl-prompt") == ("pt", "ltr", "Escreva a Teoria da Mudança da sua parceria.")
    assert notice_of(html, "wl-card wl-prompt") == told(blocks, usage, reader, NOTICE_FALLBACK, language="português")
    # The original, in a <details>:
    assert f'<div class="wl-formatted" lang="en" dir="ltr"><p>{PROMPT}</p></div>' in html

    assert save(blocks, usage, staff, "pt-br", {"prompt": "Escreva a Teoria da Mudança."}).status == 200
    html = blocks.render(usage, reader)
    assert text_of(html, "wl-card wl-prompt") == ("pt-br", "ltr", "Escreva a Teoria da Mudança.")
    assert notice_of(html, "wl-card wl-prompt") is None

    save(blocks, usage, staff, "pt-br", {"prompt": ""})
    save(blocks, usage, staff, "pt", {"prompt": ""})
    html = blocks.render(usage, reader)
    assert text_of(html, "wl-card wl-prompt") == ("en", "ltr", PROMPT)
    assert notice_of(html, "wl-card wl-prompt") == told(blocks, usage, reader, NOTICE_FALLBACK, language="inglês")
    # What is shown already is the original:
    assert f'<div class="wl-formatted" lang="en" dir="ltr"><p>{PROMPT}</p></div>' not in html


def test_configured_fallbacks_come_before_the_source(blocks, users, settings):
    settings.XBLOCK_SETTINGS = {"WikiLearn": {"content_fallbacks": {"hi": ["fr"]}}}
    usage = blocks.create(RUBRIC)
    save(blocks, usage, users["staff_1"], "fr", {"prompt": "Rédigez la théorie du changement."})
    html = blocks.render(usage, users["learner_3"])  # learner_3 prefers hi
    assert text_of(html, "wl-card wl-prompt") == ("fr", "ltr", "Rédigez la théorie du changement.")
    assert notice_of(html, "wl-card wl-prompt") == told(blocks, usage, users["learner_3"], NOTICE_FALLBACK,
                                                        language="फ़्रेंच")


def test_source_edit_in_studio_marks_translations_outdated(blocks, users):
    usage = blocks.create(RUBRIC)
    staff, reader = users["staff_1"], users["learner_4"]  # learner_4 prefers fr
    save(blocks, usage, staff, "fr", {"prompt": "Rédigez la théorie du changement.",
                                      "criteria.metrics.name": "Mesures"})
    html = blocks.render(usage, reader)
    assert text_of(html, "wl-card wl-prompt") == ("fr", "ltr", "Rédigez la théorie du changement.")
    assert notice_of(html, "wl-card wl-prompt") is None
    assert '<strong lang="fr" dir="ltr">Mesures</strong>' in html

    edited = PROMPT + " Include metrics for each goal."
    result = blocks.call(usage, "submit_studio_edits", {"values": {"prompt": edited}, "defaults": []}, user=staff,
                         surface="studio")
    assert result.status == 200, result.json

    block = blocks.block(usage, staff)
    assert block.translation_states(["fr"])["fr"] == {
        "prompt": "outdated", "criteria.metrics.name": "up_to_date", "criteria.metrics.description": "missing"}
    studio = blocks.render(usage, staff, view="studio_view", surface="studio")
    assert 'data-overview="fr"' in studio and '<td data-count="outdated">1</td>' in studio
    html = blocks.render(usage, reader)
    assert text_of(html, "wl-card wl-prompt")[2] == "Rédigez la théorie du changement."
    assert notice_of(html, "wl-card wl-prompt") == told(blocks, usage, reader, NOTICE_OUTDATED)
    assert f'<div class="wl-formatted" lang="en" dir="ltr"><p>{edited}</p></div>' in html


def test_every_block_in_french_and_arabic(blocks, users):
    staff = users["staff_1"]
    cases = [(blocks.create(RUBRIC), "prompt", "wl-card wl-prompt", "criteria.metrics.name"),
             (blocks.create(PITCH), "instructions", "wl-card wl-instructions", "criteria.evidence.name"),
             (blocks.create(POLL), "question", "tzp-question", None)]
    for usage, unit, css, criterion in cases:
        units = {unit: "Texte en français"}
        if criterion:
            units[criterion] = "Critère"
        assert save(blocks, usage, staff, "fr", units).status == 200
        french = blocks.render(usage, users["learner_4"])
        assert text_of(french, css) == ("fr", "ltr", "Texte en français")
        if criterion:
            assert '<strong lang="fr" dir="ltr">Critère</strong>' in french
        arabic = blocks.render(usage, users["learner_7"])  # no Arabic translation: English, told so
        assert 'lang="ar" dir="rtl"' in arabic.split(">", 2)[1] + ">"
        lang, direction, _text = text_of(arabic, css)
        assert (lang, direction) == ("en", "ltr")
        assert notice_of(arabic, css)
        save(blocks, usage, staff, "ar", {unit: "نص بالعربية"})
        assert text_of(blocks.render(usage, users["learner_7"]), css) == ("ar", "rtl", "نص بالعربية")


def test_learner_state_carries_translated_criteria(blocks, users):
    usage = blocks.create(RUBRIC)
    save(blocks, usage, users["staff_1"], "fr", {"criteria.metrics.description": "Des mesures mesurables."})
    state = blocks.call(usage, "learner_state", {}, user=users["learner_4"]).json
    criterion = state["rubric"]["criteria"][0]
    assert criterion["description"] == "Des mesures mesurables." and criterion["i18n"]["description"]["lang"] == "fr"
    assert criterion["name"] == "Metrics" and criterion["i18n"]["name"]["lang"] == "en"
    assert criterion["i18n"]["name"]["notice"]


def test_translated_text_is_escaped(blocks, users):
    usage = blocks.create(RUBRIC)
    save(blocks, usage, users["staff_1"], "fr", {"prompt": '<img src=x onerror="alert(1)">'})
    html = blocks.render(usage, users["learner_4"])
    assert "<img" not in html and '&lt;img src=x onerror="alert(1)"&gt;' in html


def test_save_translations_is_for_authors_in_studio_only(blocks, users):
    usage = blocks.create(RUBRIC)
    learner = save(blocks, usage, users["learner_4"], "fr", {"prompt": "Consigne"})
    assert (learner.status, learner.json["error_code"]) == (403, "not_author")
    in_the_lms = save(blocks, usage, users["staff_1"], "fr", {"prompt": "Consigne"}, surface="lms")
    assert (in_the_lms.status, in_the_lms.json["error_code"]) == (403, "studio_only")
    anonymous = save(blocks, usage, None, "fr", {"prompt": "Consigne"})
    assert (anonymous.status, anonymous.json["error_code"]) == (403, "login_required")
    assert blocks.block(usage, users["staff_1"]).content_translations == {}


@pytest.mark.parametrize(("payload", "code"), [
    ({"language": "fr", "translations": {"prompt": "ok", "nope": "x"}}, "unknown_field"),
    ({"language": "../fr", "translations": {"prompt": "ok"}}, "invalid_language"),
    ({"language": "en", "translations": {"prompt": "ok"}}, "source_language"),
    ({"language": "fr", "translations": {"prompt": "ok", "criteria.metrics.name": "x" * 60_000}},
     "invalid_translation"),
    ({"language": "fr", "translations": {"prompt": "ok", "criteria.metrics.name": 3}}, "invalid_translation"),
    ({"language": "fr", "translations": ["prompt"]}, "invalid_translations"),
    ({"language": "fr", "translations": {"prompt": "ok"}, "versions": {"prompt": "<script>"}}, "invalid_version"),
])
def test_bad_input_is_refused_and_nothing_is_half_saved(blocks, users, payload, code):
    usage = blocks.create(RUBRIC)
    staff = users["staff_1"]
    save(blocks, usage, staff, "fr", {"prompt": "Avant"})
    result = blocks.call(usage, "save_translations", payload, user=staff, surface="studio")
    assert (result.status, result.json["error_code"]) == (400, code)
    assert result.json["message"]
    stored = blocks.block(usage, staff).content_translations
    assert stored == {"prompt": {"fr": {"text": "Avant", "source_version": source_version(PROMPT)}}}


def test_a_translation_typed_against_an_old_source_is_saved_outdated(blocks, users):
    usage = blocks.create(RUBRIC)
    result = save(blocks, usage, users["staff_1"], "es", {"prompt": "Escriba..."}, versions={"prompt": "0123456789ab"})
    assert result.json["states"]["prompt"] == "outdated"


def test_studio_section_lists_suite_languages_and_ones_present(blocks, users):
    usage = blocks.create(RUBRIC)
    save(blocks, usage, users["staff_1"], "gl", {"prompt": "Escriba a teoría do cambio."})
    studio = blocks.render(usage, users["staff_1"], view="studio_view", surface="studio")
    codes = re.findall(r'data-overview="([^"]+)"', studio)
    assert codes == ["fr", "es", "ar", "pt-br", "hi", "id", "gl"]
    assert 'data-handler="' in studio and "save_translations" in studio
    assert '<textarea id="' in studio and 'lang="ar" dir="rtl" data-text>' in studio
    assert "Escriba a teoría do cambio.</textarea>" in studio


def test_olx_round_trip_keeps_translations(blocks, users):
    translations = {"prompt": {"fr": {"text": "Rédigez « la théorie » & <le changement>",
                                      "source_version": source_version(PROMPT)}},
                    "criteria.metrics.name": {"ar": {"text": "المقاييس", "source_version": "0123456789ab"}}}
    olx = RUBRIC.replace("/>", f" content_translations={quoteattr(json.dumps(translations, ensure_ascii=False))}/>")
    first = blocks.block(blocks.create(olx), users["staff_1"])
    assert first.content_translations == translations

    out = io.BytesIO()
    first.runtime.export_to_xml(first, out)
    exported = out.getvalue()
    node = etree.fromstring(exported)
    assert json.loads(node.get("content_translations")) == translations  # a JSON attribute, like any Dict field

    again = blocks.block(blocks.create(exported), users["staff_1"])
    assert again.content_translations == translations
    assert again.translatable_content() == first.translatable_content()
    assert again.translatable_content()["criteria.metrics.name"]["translations"]["ar"]["state"] == "outdated"


def test_staff_views_show_author_text_in_the_staff_members_language(blocks, users):
    staff = users["staff_1"]
    LearnerProfile.objects.filter(user=staff).update(language="ar")
    usage = blocks.create(RUBRIC)
    save(blocks, usage, staff, "ar", {"prompt": "اكتب نظرية التغيير.", "criteria.metrics.name": "المقاييس"})
    html = blocks.render(usage, staff)
    assert "data-staff" in html and text_of(html, "wl-card wl-prompt") == ("ar", "rtl", "اكتب نظرية التغيير.")
    learner = users["learner_1"]
    blocks.call(usage, "submit", {"answer": "Mine"}, user=learner)
    learner_id = blocks.block(usage, learner).user().anonymous_id
    detail = blocks.call(usage, "staff_submission", {"learner": learner_id}, user=staff).json
    name = detail["rubric"]["criteria"][0]["i18n"]["name"]
    assert (detail["rubric"]["criteria"][0]["name"], name["lang"], name["dir"]) == ("المقاييس", "ar", "rtl")


def test_a_regional_reader_of_the_source_language_gets_no_notice(blocks, users):
    LearnerProfile.objects.filter(user=users["learner_1"]).update(language="en-gb")
    usage = blocks.create(RUBRIC)
    html = blocks.render(usage, users["learner_1"])
    assert text_of(html, "wl-card wl-prompt") == ("en", "ltr", PROMPT)
    assert notice_of(html, "wl-card wl-prompt") is None
