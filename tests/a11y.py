"""Accessibility checks in Chromium: axe-core at WCAG 2.1 A and AA, and layout at narrow widths."""

from importlib import resources

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_SOURCE = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, selector=None):
    """Run axe-core on the page (or inside ``selector``); return its violations, summarised."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SOURCE)
    context = selector or "document"
    result = page.evaluate(
        "async ([ctx, tags]) => await axe.run(ctx === 'document' ? document : ctx,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [context, WCAG_TAGS],
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [node["html"][:200] for node in v["nodes"][:5]]}
        for v in result["violations"]
    ]


def horizontal_overflow(page):
    """Pixels by which the page is wider than the viewport (0 when nothing overflows)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
