import pytest
from xblock.core import XBlock
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds, String
from xblock.test.tools import TestRuntime

from xblocks.common.content_translation.content import (
    MISSING,
    OUTDATED,
    UP_TO_DATE,
    TranslatableContentMixin,
    fallback_chain,
    localize,
    source_version,
)
from xblocks.common.runtime.errors import BadRequest


class DemoBlock(TranslatableContentMixin, XBlock):
    translatable_fields = ("prompt", "question")
    prompt = String(default="")
    question = String(default="")


def make_block(**fields):
    runtime = TestRuntime(services={"field-data": DictFieldData({})})
    block = DemoBlock(runtime, DictFieldData(dict(fields)), ScopeIds("u", "demo", "d", "u1"))
    return block


def test_fallback_chain():
    assert fallback_chain("pt-BR") == ["pt-br", "pt"]
    assert fallback_chain("pt_BR") == ["pt-br", "pt"]
    assert fallback_chain("gl", {"gl": ["pt", "es"]}) == ["gl", "pt", "es"]
    assert fallback_chain("fr") == ["fr"]
    assert fallback_chain("not a language!") == []


def test_localize_prefers_the_most_specific_translation_and_flags_fallbacks():
    source = "Write your mission statement."
    version = source_version(source)
    translations = {"pt": {"text": "Escreva a sua declaração de missão.", "source_version": version}}
    seen = localize(source, "en", translations, "pt-br")
    assert seen.text.startswith("Escreva") and seen.language == "pt" and seen.is_fallback and not seen.is_outdated
    both = {**translations, "pt-br": {"text": "Escreva sua missão.", "source_version": version}}
    exact = localize(source, "en", both, "pt-br")
    assert exact.language == "pt-br" and not exact.needs_notice
    missing = localize(source, "en", translations, "ar")
    assert missing.is_source and missing.is_fallback and missing.text == source
    same = localize(source, "en", translations, "en")
    assert same.is_source and not same.needs_notice


def test_editing_the_source_marks_translations_outdated_but_keeps_them():
    block = make_block(prompt="Map your stakeholders.")
    block.set_translation("prompt", "fr", "Cartographiez vos parties prenantes.")
    assert block.translatable_content()["prompt"]["translations"]["fr"]["state"] == UP_TO_DATE
    assert not block.localized("prompt", "fr").is_outdated

    block.prompt = "Map your stakeholders and potential partners."
    content = block.translatable_content()["prompt"]
    assert content["translations"]["fr"]["state"] == OUTDATED
    assert content["translations"]["fr"]["text"] == "Cartographiez vos parties prenantes."
    seen = block.localized("prompt", "fr")
    assert seen.is_outdated and seen.text == "Cartographiez vos parties prenantes."

    block.set_translation("prompt", "fr", "Cartographiez vos parties prenantes et partenaires potentiels.")
    assert block.translatable_content()["prompt"]["translations"]["fr"]["state"] == UP_TO_DATE


def test_states_per_language():
    block = make_block(prompt="Prompt", question="")
    block.set_translation("prompt", "es", "Consigna")
    states = block.translation_states(["es", "ar"])
    assert states == {"es": {"prompt": UP_TO_DATE, "question": UP_TO_DATE},
                      "ar": {"prompt": MISSING, "question": UP_TO_DATE}}


def test_bad_input_changes_nothing():
    block = make_block(prompt="Prompt")
    block.set_translation("prompt", "fr", "Consigne")
    before = dict(block.content_translations)
    for args in [("display_name", "fr", "x"), ("prompt", "../etc", "x"), ("prompt", "en", "x"),
                 ("prompt", "fr", 42), ("prompt", "fr", "x" * 60_000)]:
        with pytest.raises(BadRequest):
            block.set_translation(*args)
    assert block.content_translations == before


def test_empty_text_removes_a_translation():
    block = make_block(prompt="Prompt")
    block.set_translation("prompt", "fr", "Consigne")
    block.set_translation("prompt", "fr", "  ")
    assert block.translatable_content()["prompt"]["translations"] == {}


class StructuredBlock(DemoBlock):
    def translatable_texts(self):
        texts = super().translatable_texts()
        texts["criteria.clarity.name"] = "Clarity"
        return texts


def test_structured_units_can_be_translated():
    runtime = TestRuntime(services={"field-data": DictFieldData({})})
    block = StructuredBlock(runtime, DictFieldData({"prompt": "P"}), ScopeIds("u", "demo", "d", "u1"))
    block.set_translation("criteria.clarity.name", "fr", "Clarté")
    assert block.localized("criteria.clarity.name", "fr").text == "Clarté"
    assert block.translatable_content()["criteria.clarity.name"]["translations"]["fr"]["state"] == UP_TO_DATE
    with pytest.raises(BadRequest):
        block.set_translation("criteria.unknown.name", "fr", "x")
