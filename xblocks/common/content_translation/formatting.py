"""Course authors' formatting: a small Markdown subset, turned into HTML that is safe twice over.

Authors (and translators) write prompts, instructions and poll questions as plain text with a few
marks: blank lines between paragraphs, ``- item`` / ``1. item`` lists, ``**bold**``, ``*italic*``,
```code```, ``[text](https://...)`` links and bare ``https://`` addresses. Everything else shows as
written: HTML typed by an author is text, never markup.

1. The text is HTML-escaped first; the marks are then found in the escaped text, so no tag or
   attribute can come from the author (safe by construction).
2. The result goes through nh3 (the Rust ``ammonia`` sanitiser edx-platform itself pins,
   ``requirements/edx/kernel.in`` ``nh3``) with only the tags and link schemes below, so a bug in
   step 1 still cannot let a script, an event handler or a foreign embed through.

The same function renders the LMS view, Studio's preview and every content translation.
"""

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LIST_ITEM = re.compile(r"^\s*(?:(?P<bullet>[-*•])|(?P<number>\d{1,3})[.)])\s+(?P<text>.*)$")
# In the escaped text an address may hold "&amp;" but no other entity (a quote or bracket the author typed).
URL_CHARS = r"(?:[^\s()<>\"&]|&amp;)"
LINK = re.compile(r"\[(?P<text>[^\[\]\n]{1,300})\]\((?P<url>(?:https?://|mailto:)" + URL_CHARS + r"{1,2000})\)")
BARE_URL = re.compile(r"(?<![\w/\"=>])(?P<url>https?://" + URL_CHARS + r"{1,2000}(?<![.,;:!?]))")
STRONG = re.compile(r"\*\*(?=\S)(?P<text>.+?)(?<=\S)\*\*")
EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(?P<text>[^*\n]+?)(?<=\S)\*(?![\w*])")
CODE = re.compile(r"`(?P<text>[^`\n]{1,500})`")


def _inline(escaped):
    """Inline marks of one escaped line (code spans are left alone inside)."""
    pieces = CODE.split(escaped)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:  # a code span's content
            out.append(f"<code>{piece}</code>")
            continue
        piece = LINK.sub(lambda m: f'<a href="{m["url"]}">{m["text"]}</a>', piece)
        piece = BARE_URL.sub(lambda m: f'<a href="{m["url"]}">{m["url"]}</a>', piece)
        piece = STRONG.sub(r"<strong>\g<text></strong>", piece)
        piece = EMPHASIS.sub(r"<em>\g<text></em>", piece)
        out.append(piece)
    return "".join(out)


def _blocks(text):
    """The text's blocks: ``("p", [lines])``, ``("ul", [items])`` or ``("ol", [items])``."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        current = None
        for line in chunk.split("\n"):
            item = LIST_ITEM.match(line)
            kind = ("ul" if item["bullet"] else "ol") if item else "p"
            content = item["text"] if item else line
            if current is None or current[0] != kind or (kind == "p" and item):
                current = (kind, [])
                blocks.append(current)
            current[1].append(content)
    return blocks


def render(text):
    """Safe HTML for an author's ``text`` (an empty string for an empty text)."""
    if not text or not text.strip():
        return ""
    parts = []
    for kind, lines in _blocks(html.escape(text.replace("\r\n", "\n"), quote=True)):
        if kind == "p":
            parts.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
        else:
            parts.append(f"<{kind}>" + "".join(f"<li>{_inline(line)}</li>" for line in lines) + f"</{kind}>")
    return nh3.clean("".join(parts), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)
