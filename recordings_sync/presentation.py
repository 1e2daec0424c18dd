"""Reads a BigBlueButton ``presentation`` recording's timeline: which slide (or screen share) was on
screen when, and the whiteboard annotations drawn on it.

The layout is BigBlueButton's (bigbluebutton/bigbluebutton, record-and-playback/presentation/
scripts/publish/presentation.rb, ``process_presentation``, ``svg_render_image``,
``events_get_image_info``, ``process_deskshare_events``) and is played back by bbb-playback
(bigbluebutton/bbb-playback, src/utils/builder.js ``buildSlides``, ``buildCanvases``,
``buildTldraw``, ``buildScreenshare``; src/utils/data/index.js ``getCurrentContent``):

- ``shapes.svg``: one ``<image class="slide" id="imageN" in=.. out=.. xlink:href=.. width=..
  height=.. text=..>`` per showing of a slide. bbb-playback shows, at time t, the image with the
  latest ``in`` <= t (``in`` may hold several space-separated times in old recordings). The href is
  ``presentation/<pres>/slide-N.png`` before 2.6, ``presentation/<pres>/svgs/slideN.svg`` from 2.6,
  ``presentation/deskshare.png`` during a screen share, ``presentation/logo.png`` before any slide.
- before 2.6, ``<g class="canvas" image="imageN">`` holds ``<g class="shape" timestamp=.. undo=..
  shape=..>`` versions of each annotation, in the slide image's pixel coordinates; bbb-playback
  (components/presentation/canvas) draws, per ``shape``, the latest version with timestamp <= t
  that is not undone (undo == -1 or undo > t).
- from 2.6, ``tldraw.json`` holds the same per image id (see ``recordings_sync.tldraw``).
- ``deskshare.xml``: ``<event start_timestamp=.. stop_timestamp=..>`` per screen-share interval;
  bbb-playback shows the screen share instead of the slide while one is active.

Everything is parsed with defusedxml and bounded (bytes, elements, shapes) so a malformed or huge
file raises ``PresentationError`` instead of exhausting memory.
"""

import io
import json
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from recordings_sync import tldraw

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XHTML = "{http://www.w3.org/1999/xhtml}"
MAX_XML_BYTES = 32 * 1024 * 1024
MAX_ELEMENTS = 200_000
MAX_SHAPES_PER_SLIDE = 5_000
SLIDE_HREF = re.compile(r"presentation/[A-Za-z0-9_-]{1,100}/(?:slide-[0-9]{1,5}\.png|svgs/slide[0-9]{1,5}\.svg)")
TEXT_HREF = re.compile(r"presentation/[A-Za-z0-9_-]{1,100}/textfiles/slide-[0-9]{1,5}\.txt")
DESKSHARE_HREF = "presentation/deskshare.png"
NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
DRAWN = ("path", "line", "circle", "ellipse", "rect", "polygon", "polyline")
GEOMETRY = ("d", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "x", "y", "width", "height", "points")
STYLE = re.compile(r"(stroke|fill|stroke-width|stroke-linecap|stroke-linejoin|stroke-miterlimit|opacity|"
                   r"fill-opacity|stroke-opacity|font-size|color)\s*:\s*([#A-Za-z0-9.%-]{1,32})")


class PresentationError(Exception):
    """A presentation file that cannot be read (malformed, too big, unexpected)."""


@dataclass(frozen=True)
class Showing:
    """One time a slide (or the screen-share placeholder) went on screen."""

    image_id: str
    start: float
    href: str
    text_href: str
    width: float
    height: float

    @property
    def is_slide(self):
        """A real slide image (not the screen-share or logo placeholder)."""
        return bool(SLIDE_HREF.fullmatch(self.href))

    @property
    def is_deskshare(self):
        """The placeholder BigBlueButton shows while the screen is shared."""
        return self.href == DESKSHARE_HREF


@dataclass(frozen=True)
class ShapeVersion:
    """One version of one annotation: visible from ``start`` until ``undo`` (-1: never undone)."""

    key: str
    start: float
    undo: float
    svg: str  # SVG markup in the slide image's pixel coordinates


@dataclass
class Presentation:
    """The timeline of a recording's presentation area."""

    showings: list
    shapes: dict = field(default_factory=dict)  # image id -> [ShapeVersion] in file order
    deskshare: list = field(default_factory=list)  # (start, stop)
    problems: list = field(default_factory=list)  # what could not be read or drawn

    def slides_in_order(self):
        """Each distinct slide once, in the order first shown."""
        seen, slides = set(), []
        for showing in self.showings:
            if showing.is_slide and showing.href not in seen:
                seen.add(showing.href)
                slides.append(showing)
        return slides

    def last_showing(self, href):
        """The last showing of a slide (its annotations as they stood when it was last left)."""
        return [showing for showing in self.showings if showing.href == href][-1]

    def end_of(self, showing, duration):
        """When ``showing`` left the screen: the next showing's start, else the end of the lesson."""
        later = [item.start for item in self.showings if item.start > showing.start]
        return min(later) if later else max(duration, showing.start)


def parse_xml(data, name):
    """An ElementTree root from untrusted bytes, refusing entities, huge files and huge trees.

    The tree is built incrementally and abandoned past ``MAX_ELEMENTS``, so memory stays bounded.
    """
    if len(data) > MAX_XML_BYTES:
        raise PresentationError(f"{name} is larger than {MAX_XML_BYTES} bytes")
    root, count = None, 0
    try:
        for _event, element in iterparse(io.BytesIO(data), events=("start",)):
            root = element if root is None else root
            count += 1
            if count > MAX_ELEMENTS:
                raise PresentationError(f"{name} has more than {MAX_ELEMENTS} elements")
    except (ParseError, DefusedXmlException, ValueError, UnicodeError) as error:
        raise PresentationError(f"{name} is malformed: {error}") from error
    if root is None:
        raise PresentationError(f"{name} is empty")
    return root


def _float(text, default=None):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return default
    return value if value == value and abs(value) < 1e9 else default  # no NaN, no absurd values


def parse_shapes(data):
    """The showings and the pre-2.6 annotation versions of a shapes.svg."""
    root = parse_xml(data, "shapes.svg")
    showings = []
    for image in root.iter(f"{SVG}image"):
        if image.get("class") != "slide":
            continue
        href, text = image.get(XLINK_HREF, ""), image.get("text", "")
        width, height = _float(image.get("width"), 0), _float(image.get("height"), 0)
        for start in (image.get("in") or "").split():
            if _float(start) is not None and _float(start) >= 0:
                showings.append(Showing(image.get("id", ""), _float(start), href,
                                        text if TEXT_HREF.fullmatch(text) else "", width, height))
    showings.sort(key=lambda showing: showing.start)
    if not showings:
        raise PresentationError("shapes.svg lists no slide")
    presentation = Presentation(showings)
    for canvas in root.iter(f"{SVG}g"):
        if canvas.get("class") == "canvas" and canvas.get("image"):
            presentation.shapes[canvas.get("image")] = _canvas_shapes(canvas, presentation.problems)
    return presentation


def _canvas_shapes(canvas, problems):
    versions = []
    for group in canvas.findall(f"{SVG}g"):
        if group.get("class") != "shape":
            continue
        if len(versions) >= MAX_SHAPES_PER_SLIDE:
            problems.append(f"{canvas.get('image')}: more than {MAX_SHAPES_PER_SLIDE} annotations; the rest "
                            "are not drawn")
            break
        markup = _shape_markup(group, problems)
        start = _float(group.get("timestamp"))
        if markup and start is not None:
            versions.append(ShapeVersion(group.get("shape") or group.get("id", ""), start,
                                         _float(group.get("undo"), -1), markup))
    return versions


def _style(text):
    return ";".join(f"{name}:{value}" for name, value in STYLE.findall(text or ""))


def _shape_markup(group, problems):
    """Safe SVG for one ``<g class="shape">``: whitelisted elements and attributes only."""
    style = _style(group.get("style"))
    parts = []
    for element in group:
        tag = element.tag.removeprefix(SVG)
        if tag in DRAWN:
            attributes = "".join(f" {name}={quoteattr(element.get(name))}" for name in GEOMETRY
                                 if element.get(name) is not None and _geometry_ok(element.get(name)))
            parts.append(f"<{tag}{attributes}/>")
        elif tag == "switch":  # text: svg_render_shape_text puts an XHTML <p> in a foreignObject
            parts.append(_text_markup(element, group.get("style", "")))
        elif tag == "image":
            problems.append("poll results drawn on a slide are not included")
    return f'<g style="{style}">{"".join(parts)}</g>' if parts else ""


def _geometry_ok(value):
    return len(value) < 200_000 and re.fullmatch(r"[-0-9.eE ,MLHVCSQTAZmlhvcsqtaz]*", value) is not None


def _text_markup(switch, style):
    box = switch.find(f"{SVG}foreignObject")
    if box is None:
        return ""
    x, y = _float(box.get("x"), 0), _float(box.get("y"), 0)
    size = _float(dict(STYLE.findall(style)).get("font-size", "").removesuffix("px"), 16) or 16
    colour = dict(STYLE.findall(style)).get("color", "#000000")
    lines, paragraph = [], box.find(f"{XHTML}p")
    if paragraph is not None:
        lines = [paragraph.text or ""] + [child.tail or "" for child in paragraph]
    spans = "".join(f'<tspan x="{x}" dy="{size * 1.2 if index else size}">{escape(line)}</tspan>'
                    for index, line in enumerate(lines))
    return f'<text x="{x}" y="{y}" font-family="sans-serif" font-size="{size}" fill={quoteattr(colour)}>{spans}</text>'


def add_tldraw(presentation, data):
    """Add the annotation versions of a tldraw.json (BigBlueButton 2.6 and later)."""
    if len(data) > MAX_XML_BYTES:
        raise PresentationError(f"tldraw.json is larger than {MAX_XML_BYTES} bytes")
    try:
        document = json.loads(data)
    except (ValueError, UnicodeError) as error:
        raise PresentationError(f"tldraw.json is malformed: {error}") from error
    if not isinstance(document, dict):
        raise PresentationError("tldraw.json is not an object")
    version = str(document.get("bbb_version") or "2.6.0")
    sizes = {showing.image_id: (showing.width, showing.height) for showing in presentation.showings}
    for image, entry in document.items():
        image_id = f"image{image}"
        if image == "bbb_version" or image_id not in sizes or not isinstance(entry, dict):
            continue
        versions = []
        for item in (entry.get("shapes") or [])[:MAX_SHAPES_PER_SLIDE]:
            markup = tldraw.shape_svg(item.get("shape_data") if isinstance(item, dict) else None, version,
                                      *sizes[image_id], presentation.problems)
            start = _float(item.get("timestamp")) if isinstance(item, dict) else None
            if markup and start is not None:
                key = str((item.get("shape_data") or {}).get("id", item.get("id")))
                versions.append(ShapeVersion(key, start, _float(item.get("undo"), -1), markup))
        presentation.shapes[image_id] = versions


def parse_deskshare(data):
    """The screen-share intervals of a deskshare.xml, sorted."""
    root = parse_xml(data, "deskshare.xml")
    intervals = []
    for event in root.iter("event"):
        start, stop = _float(event.get("start_timestamp")), _float(event.get("stop_timestamp"))
        if start is not None and stop is not None and stop > start >= 0:
            intervals.append((start, stop))
    return sorted(intervals)


def visible(versions, moment):
    """The SVG of the annotations on screen at ``moment``: per shape, its latest version drawn by then."""
    latest = {}
    for version in versions:
        if version.start <= moment:
            latest[version.key] = version
    return [version.svg for version in latest.values() if version.undo < 0 or version.undo > moment]


def changes(versions, start, end, min_gap=1.0):
    """When the annotations on screen change inside ``(start, end)``, grouped so that changes less
    than ``min_gap`` apart make one step; each step is ``(shown from, state at)``.
    """
    moments = sorted({moment for version in versions for moment in (version.start, version.undo)
                      if start < moment < end})
    steps = []
    for moment in moments:
        if steps and moment - steps[-1][1] < min_gap:
            steps[-1] = (steps[-1][0], moment)
        else:
            steps.append((moment, moment))
    return steps
