"""Course authors' formatting: the Markdown subset renders, and nothing else can become markup."""

import datetime
from html.parser import HTMLParser

import pytest

from xblocks.common.content_translation.formatting import render
from xblocks.common.runtime.i18n import format_datetime, format_day_month, language_display_name

XSS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>", "<a href=javascript:alert(1)>x</a>",
    "[click](javascript:alert(1))", "[x](https://ok.example\" onmouseover=\"alert(1))",
    "**<b onclick=alert(1)>bold</b>**", "`<script>alert(1)</script>`", "<object data=x></object>",
    "<style>body{display:none}</style>", "<!-- --><script>alert(1)</script>", "[x](data:text/html,<script>)",
]


class Markup(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", XSS)
def test_no_markup_from_the_author_survives(payload):
    html = render(payload)
    for tag, attrs in Markup(html).tags:
        assert tag in {"p", "br", "strong", "em", "code", "ul", "ol", "li", "a"}, (payload, html)
        assert set(attrs) <= ({"href", "rel"} if tag == "a" else set()), (payload, html)
        if tag == "a":
            assert attrs["href"].startswith(("https://", "http://", "mailto:")), (payload, html)
            assert attrs["rel"] == "noopener noreferrer nofollow"


def test_the_markdown_subset():
    text = ("Map your **stakeholders** and *partners*.\nThen write `who` and `why`.\n\n"
            "- local groups\n- [Wikimedia affiliates](https://meta.wikimedia.org/wiki/Affiliates)\n\n"
            "1. first\n2. second\n\nMore at https://example.org/a?b=1&c=2.")
    assert render(text) == (
        '<p>Map your <strong>stakeholders</strong> and <em>partners</em>.<br>Then write <code>who</code> and '
        '<code>why</code>.</p><ul><li>local groups</li><li><a href="https://meta.wikimedia.org/wiki/Affiliates" '
        'rel="noopener noreferrer nofollow">Wikimedia affiliates</a></li></ul><ol><li>first</li><li>second</li></ol>'
        '<p>More at <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">'
        'https://example.org/a?b=1&amp;c=2</a>.</p>')


def test_plain_text_and_edge_cases():
    assert render("") == render("   ") == ""
    assert render("2 * 3 * 4 and a*b") == "<p>2 * 3 * 4 and a*b</p>"
    assert render("العربية **غامق**") == "<p>العربية <strong>غامق</strong></p>"
    assert render("Fish & chips < 5") == "<p>Fish &amp; chips &lt; 5</p>"


def test_dates_and_language_names_follow_the_readers_language():
    moment = datetime.datetime(2027, 2, 3, 14, 5, tzinfo=datetime.UTC)
    assert format_day_month(moment.date(), "es") == "3 de febrero"
    assert format_day_month(moment.date(), "en") == "February 3"
    assert format_datetime(moment, "fr", "Europe/Paris") == "3 févr. 2027, 15:05"
    assert format_datetime(moment, "en") == "Feb 3, 2027, 2:05\u202fPM"
    assert language_display_name("en", "es") == "inglés"
    assert language_display_name("pt-br", "fr") == "portugais (Brésil)"
    assert language_display_name("xx-yy", "es") == "xx-yy"
