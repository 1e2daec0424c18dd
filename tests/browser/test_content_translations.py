"""Content translations in Chromium: an author translates in Studio, an Arabic reader sees each block."""

import pytest

from tests.conftest import login_as

pytestmark = pytest.mark.browser

VIEWS = {"wikilearn_rubric": ".wl-prompt", "wikilearn_pitch_review": ".wl-instructions",
         "wikilearn_timezone_poll": ".tzp-question"}
ARABIC_QUESTION = "متى يمكنك حضور الجلسة الأسبوعية المباشرة؟"
ARABIC_PROMPT = "لكل مثال من الأمثلة الخمسة، قرر ما إذا كان شراكة أم لا، واشرح السبب."


def translate_in_studio(page):
    """staff_1 translates the poll question into Arabic and adds Galician in the Studio section."""
    login_as(page, "staff_1")
    page.goto("/scenario/wikilearn_timezone_poll.0/studio_view/")
    section = page.locator("[data-wl-translations]")
    editor = section.locator('details[data-language="ar"]')
    editor.locator("summary").click()
    area = editor.locator("textarea[data-text]").first
    assert area.get_attribute("lang") == "ar" and area.get_attribute("dir") == "rtl"
    area.fill(ARABIC_QUESTION)
    editor.get_by_role("button", name="Save translations").click()
    page.wait_for_function("() => document.querySelector('[data-wl-translations] [data-wl-status]')"
                           ".textContent.includes('Translations saved.')")
    assert section.locator('[data-overview="ar"] [data-count="missing"]').text_content() == "0"
    assert editor.locator("[data-state]").first.text_content() == "Up to date"

    section.locator("[data-tr-add-code]").fill("gl")
    section.locator("[data-tr-add]").click()
    added = section.locator('details[data-language="gl"] textarea[data-text]').first
    assert added.get_attribute("lang") == "gl"
    added.fill("Cando podes asistir?")
    section.locator('details[data-language="gl"]').get_by_role("button", name="Save translations").click()
    page.wait_for_function("() => document.querySelector('[data-wl-translations] [data-wl-status]')"
                           ".textContent.includes('Translations saved.')")


def translate_rubric_against_an_old_source(page):
    """The rubric prompt in Arabic, typed while (as the editor is told) the source changed: saved outdated."""
    page.goto("/scenario/wikilearn_rubric.0/studio_view/")
    editor = page.locator('[data-wl-translations] details[data-language="ar"]')
    editor.locator("summary").click()
    row = editor.locator('[data-unit="prompt"]')
    row.evaluate("node => node.setAttribute('data-version', '0123456789ab')")
    row.locator("textarea").fill(ARABIC_PROMPT)
    editor.get_by_role("button", name="Save translations").click()
    page.wait_for_function("() => document.querySelector('[data-wl-translations] [data-wl-status]')"
                           ".textContent.includes('Translations saved.')")
    assert row.locator("[data-state]").text_content() == "Outdated"
    assert page.locator('[data-overview="ar"] [data-count="outdated"]').text_content() == "1"


def check_original_by_keyboard(page):
    """The outdated Arabic prompt is flagged; its English original opens from the keyboard."""
    prompt = page.locator(".wl-prompt")
    assert prompt.locator(".wl-localized-text").text_content() == ARABIC_PROMPT
    assert prompt.locator(".wl-translation-notice").is_visible()
    original = prompt.locator("details.wl-original > div")
    assert not original.is_visible() and original.get_attribute("lang") == "en"
    prompt.locator("details.wl-original > summary").focus()
    page.keyboard.press("Enter")
    assert original.is_visible() and original.get_attribute("dir") == "ltr"
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_author_translates_then_arabic_reader_sees_every_block_right_to_left(page, tmp_path):
    translate_in_studio(page)
    translate_rubric_against_an_old_source(page)
    login_as(page, "learner_7")  # prefers Arabic
    for block_type, selector in VIEWS.items():
        page.goto(f"/scenario/{block_type}.0/")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(tmp_path / f"{block_type}-ar.png"), full_page=True)
        assert (tmp_path / f"{block_type}-ar.png").stat().st_size > 0
        width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{block_type} overflows horizontally in Arabic: {width}"
        root = page.locator(".wikilearn").first
        assert (root.get_attribute("lang"), root.get_attribute("dir")) == ("ar", "rtl")
        text = page.locator(f"{selector} .wl-localized-text")
        lang = text.get_attribute("lang")
        if lang == "ar":
            assert text.get_attribute("dir") == "rtl"
        else:  # shown in another language: its own lang/dir, and the reader is told
            assert text.get_attribute("dir") == "ltr"
            assert page.locator(f"{selector} .wl-translation-notice").is_visible()
        if block_type == "wikilearn_rubric":
            check_original_by_keyboard(page)
        if block_type == "wikilearn_timezone_poll":
            assert lang == "ar" and text.text_content() == ARABIC_QUESTION
