"""Arabic and Spanish readers in Chromium (issue 17): dates in the reader's interface language, never
the browser's (this browser's default locale is en-US), English titles and answers isolated for
direction in a right-to-left page, language names from CLDR in the reader's language."""

import re

import pytest

from tests.conftest import login_as

pytestmark = pytest.mark.browser

RUBRIC = "/scenario/wikilearn_rubric.0/"
PITCH = "/scenario/wikilearn_pitch_review.0/"
ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")
# What toLocaleString() would print in this en-US browser: "12/4/2026, 8:13:45 PM".
BROWSER_DEFAULT = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|[AP]M\b")

# Where the first and the last character of an element's text are drawn, left to right.
EDGES = """el => {
  const node = [...el.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const at = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                    return r.getBoundingClientRect().left; };
  const text = node.textContent;
  return [at(text.search(/\\S/)), at(text.length - 1 - text.split('').reverse().join('').search(/\\S/))];
}"""


def test_arabic_reader_sees_english_titles_and_answers_isolated_and_dates_in_arabic(page):
    login_as(page, "learner_7", language="ar")
    page.goto(RUBRIC)
    block = page.locator(".wikilearn-rubric").first
    assert block.get_attribute("dir") == "rtl"

    # "Partnership or not?" keeps its question mark at its end: an isolated left-to-right run
    # (without <bdi> the rtl paragraph draws "?Partnership or not").
    title = block.locator("h2 bdi")
    assert title.inner_text() == "Partnership or not?"
    assert title.evaluate("el => getComputedStyle(el).unicodeBidi") == "isolate"
    first, last = title.evaluate(EDGES)
    assert last > first, "the question mark is drawn before the title"

    # The due date as CLDR writes it in Arabic: medium date "dd\u200f/MM\u200f/y", "{1}، {0}" joining it
    # to the short time, whose period is ص/م; in the learner's zone, named.
    due_line = block.locator("[data-due]").inner_text()
    assert re.search(r"\d{2}\u200f/\d{2}\u200f/\d{4}، \d{1,2}:\d{2}\s[صم]", due_line), due_line
    assert "(Africa/Cairo)" in due_line
    assert not BROWSER_DEFAULT.search(due_line), due_line
    assert "Africa/Cairo" in due_line

    # An answer written in English reads left to right, lined up with the Arabic labels around it.
    page.locator("[data-answer]").fill("Not a partnership: the museum only wants publicity.")
    page.locator("[data-submit]").click()
    answer = block.locator(".wl-attempt .wl-answer").first
    answer.wait_for()
    assert answer.get_attribute("dir") == "auto"
    assert answer.evaluate("el => getComputedStyle(el).direction") == "ltr"
    # Drawn against the right edge, as the labels are (text-align: match-parent), not the left one.
    gaps = answer.evaluate("""el => {
      const range = document.createRange(); range.selectNodeContents(el);
      const text = range.getBoundingClientRect(), box = el.getBoundingClientRect();
      return [text.left - box.left, box.right - text.right]; }""")
    assert gaps[0] > 40 and gaps[1] < 20, gaps
    # The attempt's date comes from Intl in Arabic (WL.dateTime), not from the browser's en-US default.
    when = block.locator(".wl-attempt p.wl-muted").first.inner_text()
    assert ARABIC_LETTERS.search(when) and not BROWSER_DEFAULT.search(when), when
    assert not page.js_errors, page.js_errors


def test_spanish_reader_reads_dates_and_language_names_in_spanish(page):
    login_as(page, "learner_2", language="es")
    page.goto(PITCH)
    deadline = page.locator("[data-deadline]")
    page.wait_for_function("document.querySelector('[data-deadline]').textContent.trim() !== ''")
    text = deadline.inner_text()
    # "Puedes editar tu propuesta hasta el viernes, 11 de diciembre de 2026, 18:00 CET."
    assert re.search(r"hasta el \w+, \d{1,2} de \w+ de \d{4}", text), text
    assert not BROWSER_DEFAULT.search(text) and "(UTC)" not in text, text

    page.goto(RUBRIC)
    block = page.locator(".wikilearn-rubric").first
    block.locator("h2").wait_for()
    # Untranslated course text is shown in its own language, named in Spanish by CLDR.
    notices = block.locator(".wl-translation-notice").all_text_contents()  # some sit in closed <details>
    assert notices and all("inglés" in notice and "English" not in notice for notice in notices), notices
    assert not page.js_errors, page.js_errors
