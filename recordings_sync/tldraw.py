"""Draws BigBlueButton 2.6+ whiteboard shapes (tldraw) as plain SVG, without a browser.

BigBlueButton's publish script (record-and-playback/presentation/scripts/publish/presentation.rb,
``events_parse_tldraw_shape`` / ``build_tldraw_shape``) stores each version of a shape's tldraw
JSON (updates deep-merged) in ``tldraw.json``. bbb-playback renders it with tldraw v1
(src/components/tldraw, BBB 2.6/2.7) or v2 (src/components/tldraw_v2, ``bbb_version`` >= 3.0.0),
over the slide scaled to fit 2048x1536 (2.6.0) or 1440x1080 (2.6.1 and later): shape coordinates
are in that scaled space. Freehand strokes become polylines with round joins (tldraw smooths them
with perfect-freehand); rectangles, ellipses, triangles, lines, arrows and text are drawn as such;
anything else is reported and left out.
"""

import math
from xml.sax.saxutils import escape

# tldraw v2 (packages/tlschema DefaultColorStyle, light theme) and v1 (ColorStyle) stroke colours.
COLOURS = {
    "black": "#1d1d1d", "grey": "#9fa8b2", "gray": "#788492", "lightGray": "#c6cbd1", "light-violet": "#e085f4",
    "violet": "#ae3ec9", "indigo": "#4263eb", "blue": "#4465e9", "light-blue": "#4ba1f1", "cyan": "#0e98ad",
    "yellow": "#f1ac4b", "orange": "#e16919", "green": "#099268", "light-green": "#4cb05e", "light-red": "#ff8787",
    "red": "#e03131", "white": "#ffffff",
}
STROKES = {"s": 2, "m": 3.5, "l": 5, "xl": 10, "small": 2, "medium": 3.5, "large": 5}
FONTS = {"s": 18, "m": 24, "l": 36, "xl": 44, "small": 28, "medium": 48, "large": 96}
MAX_POINTS = 20_000


def scale_ratio(version, width, height):
    """How bbb-playback scales a slide into tldraw's space (components/tldraw ``SlideData``)."""
    box = (2048, 1536) if _version(version) < (2, 6, 1) else (1440, 1080)
    if width <= 0 or height <= 0:
        return 1.0
    return min(box[0] / width, box[1] / height)


def _version(text):
    parts = []
    for piece in str(text).split(".")[:3]:
        digits = "".join(character for character in piece if character.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts + [0] * (3 - len(parts)))


def _number(value, default=0.0):
    return float(value) if isinstance(value, int | float) and math.isfinite(value) and abs(value) < 1e7 else default


def shape_svg(data, version, width, height, problems):
    """SVG markup (slide pixel coordinates) for one tldraw shape, or '' if it cannot be drawn."""
    if not isinstance(data, dict):
        return ""
    v2 = _version(version) >= (3, 0, 0)
    props = data.get("props") if v2 and isinstance(data.get("props"), dict) else data
    style = props if v2 else (data.get("style") if isinstance(data.get("style"), dict) else {})
    kind = str(data.get("type", ""))
    colour = COLOURS.get(str(style.get("color", "black")), "#1d1d1d")
    stroke = STROKES.get(str(style.get("size", "m")), 3.5)
    filled = (style.get("fill") not in (None, "none")) if v2 else bool(style.get("isFilled"))
    body = _body(kind, data, props, v2, stroke, problems)
    if not body:
        return ""
    paint = (f'stroke="{colour}" stroke-width="{stroke}" stroke-linecap="round" stroke-linejoin="round" '
             f'fill="{colour if filled else "none"}"')
    if kind == "text":
        paint = f'fill="{colour}"'
    origin = _origin(data, v2)
    rotation = math.degrees(_number(data.get("rotation")))
    ratio = scale_ratio(version, width, height)
    return (f'<g transform="scale({1 / ratio:.6f}) translate({origin[0]:.2f} {origin[1]:.2f}) rotate({rotation:.2f})" '
            f'{paint}>{body}</g>')


def _origin(data, v2):
    if v2:
        return _number(data.get("x")), _number(data.get("y"))
    point = data.get("point") if isinstance(data.get("point"), list) else [0, 0]
    return _number(point[0] if point else 0), _number(point[1] if len(point) > 1 else 0)


def _points(data, props, v2):
    """Freehand points, relative to the shape's origin."""
    found = []
    if v2:
        for segment in props.get("segments") or []:
            if isinstance(segment, dict):
                found += [(_number(p.get("x")), _number(p.get("y"))) for p in segment.get("points") or []
                          if isinstance(p, dict)]
    else:
        found = [(_number(p[0]), _number(p[1])) for p in data.get("points") or []
                 if isinstance(p, list) and len(p) >= 2]
    return found[:MAX_POINTS]


def _size(data, props, v2):
    if v2:
        return _number(props.get("w")), _number(props.get("h"))
    if isinstance(data.get("radius"), list) and len(data["radius"]) >= 2:
        return 2 * _number(data["radius"][0]), 2 * _number(data["radius"][1])
    size = data.get("size") if isinstance(data.get("size"), list) else [0, 0]
    return _number(size[0] if size else 0), _number(size[1] if len(size) > 1 else 0)


def _body(kind, data, props, v2, stroke, problems):
    if kind in ("draw", "highlight"):
        points = _points(data, props, v2)
        if len(points) == 1:
            return f'<circle cx="{points[0][0]:.2f}" cy="{points[0][1]:.2f}" r="{stroke / 2}"/>'
        return f'<polyline points="{" ".join(f"{x:.2f},{y:.2f}" for x, y in points)}"/>' if points else ""
    geo = str(props.get("geo", "")) if v2 and kind == "geo" else kind
    width, height = _size(data, props, v2)
    if geo == "rectangle":
        return f'<rect width="{width:.2f}" height="{height:.2f}"/>'
    if geo == "ellipse":
        return f'<ellipse cx="{width / 2:.2f}" cy="{height / 2:.2f}" rx="{width / 2:.2f}" ry="{height / 2:.2f}"/>'
    if geo == "triangle":
        return f'<polygon points="{width / 2:.2f},0 {width:.2f},{height:.2f} 0,{height:.2f}"/>'
    if kind in ("line", "arrow"):
        return _line(data, props, v2)
    if kind in ("text", "note", "sticky"):
        return _text(data, props, v2)
    problems.append(f"whiteboard shape {kind!r} is not drawn")
    return ""


def _line(data, props, v2):
    if v2 and kind_points(props):
        ends = kind_points(props)
    else:
        handles = (data.get("handles") or {}) if not v2 else {}
        ends = [handles.get(name, {}).get("point") for name in ("start", "end")] if handles else []
        ends = [(_number(p[0]), _number(p[1])) for p in ends if isinstance(p, list) and len(p) >= 2]
    if len(ends) < 2:
        return ""
    return f'<polyline points="{" ".join(f"{x:.2f},{y:.2f}" for x, y in ends)}"/>'


def kind_points(props):
    """The points of a v2 line (``props.points``, a dict or list) or arrow (``props.start``/``end``)."""
    points = props.get("points")
    if isinstance(points, dict):
        points = sorted(points.values(), key=lambda p: str(p.get("index", "")) if isinstance(p, dict) else "")
    if not isinstance(points, list):
        points = [props.get("start"), props.get("end")]
    return [(_number(p.get("x")), _number(p.get("y"))) for p in points if isinstance(p, dict)]


def _text(data, props, v2):
    text = str(props.get("text", "") if v2 else data.get("text", ""))[:5000]
    if not text.strip():
        return ""
    style = props if v2 else (data.get("style") or {})
    size = FONTS.get(str(style.get("size", "m")), 24) * _number(props.get("scale", 1), 1.0)
    lines = "".join(f'<tspan x="0" dy="{size * 1.25 if index else size:.1f}">{escape(line)}</tspan>'
                    for index, line in enumerate(text.split("\n")))
    return f'<text font-family="sans-serif" font-size="{size:.1f}">{lines}</text>'
