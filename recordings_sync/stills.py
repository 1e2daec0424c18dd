"""Still pictures of the presentation area: a slide with its annotations, a frame of the screen
share, or a placeholder, rasterised by ffmpeg (its librsvg decoder for SVG) — no browser.

A slide image from the server is checked before anything decodes it: PNG/JPEG headers are read
with Pillow (its size, not its pixels), SVG roots with defusedxml, and anything beyond
``MAX_SIDE`` pixels a side or ``MAX_PIXELS`` in area (a decompression bomb) is refused. The
picture is then composed as one SVG whose only external content is the checked image as a
``data:`` URI, so librsvg has nothing else to fetch.
"""

import base64
import io
import re
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image

from recordings_sync.presentation import PresentationError, parse_xml

MAX_IMAGE_BYTES = 32 * 1024 * 1024
MAX_SIDE = 16_384
MAX_PIXELS = 50_000_000
LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px|pt)?\s*")


class StillError(Exception):
    """A slide image that cannot be used (too big, not an image, ffmpeg failed)."""


@dataclass(frozen=True)
class SlideImage:
    """A checked slide image: its bytes, MIME type and pixel size."""

    data: bytes
    mime: str
    width: int
    height: int


def check_image(data, href):
    """A SlideImage from untrusted bytes, or StillError saying why not."""
    if len(data) > MAX_IMAGE_BYTES:
        raise StillError(f"image larger than {MAX_IMAGE_BYTES} bytes")
    if href.endswith(".svg"):
        width, height = _svg_size(data)
        mime = "image/svg+xml"
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                with Image.open(io.BytesIO(data)) as image:  # reads the header only
                    width, height, kind = image.width, image.height, image.format
            except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
                raise StillError("image is too large to draw safely (a decompression bomb)") from error
            except (OSError, ValueError, SyntaxError) as error:
                raise StillError(f"not a usable image ({error})") from error
        if kind not in ("PNG", "JPEG"):
            raise StillError(f"unexpected image format {kind}")
        mime = f"image/{kind.lower()}"
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE) or width * height > MAX_PIXELS:
        raise StillError(f"image of {width:.0f}x{height:.0f} pixels is too large to draw safely")
    return SlideImage(data, mime, int(width), int(height))


def _svg_size(data):
    try:
        root = parse_xml(data, "slide")
    except PresentationError as error:
        raise StillError(str(error)) from error
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        raise StillError("not an SVG image")
    box = (root.get("viewBox") or "").replace(",", " ").split()
    sizes = []
    for name, index in (("width", 2), ("height", 3)):
        match = LENGTH.fullmatch(root.get(name) or "")
        if match:
            sizes.append(float(match.group(1)) * (4 / 3 if match.group(2) == "pt" else 1))
        elif len(box) == 4:
            sizes.append(float(box[index]))
        else:
            raise StillError("SVG image without a size")
    return sizes


def fit(width, height, box_width, box_height):
    """Scale and offsets that fit ``width`` x ``height`` inside the box, centred."""
    scale = min(box_width / width, box_height / height)
    return scale, (box_width - width * scale) / 2, (box_height - height * scale) / 2


def compose(width, height, area, image=None, shapes=(), lines=()):
    """The SVG of one still: ``image`` drawn over ``area`` (the slide's size in shapes.svg), the
    annotations (in that area's coordinates) over it, or ``lines`` of text as a placeholder.
    """
    parts = [f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    area_w, area_h = (area if area and area[0] > 0 and area[1] > 0 else (width, height))
    scale, left, top = fit(area_w, area_h, width, height)
    group = f'<g transform="translate({left:.2f} {top:.2f}) scale({scale:.6f})">'
    if image is not None:
        uri = f"data:{image.mime};base64,{base64.b64encode(image.data).decode()}"
        group += (f'<image x="0" y="0" width="{area_w}" height="{area_h}" preserveAspectRatio="none" '
                  f'xlink:href="{uri}"/>')
    group += "".join(shapes) + "</g>"
    parts.append(group)
    if lines:
        size = max(height // 22, 12)
        top = height / 2 - len(lines) * size * 0.75
        parts += [f'<text x="{width / 2:.0f}" y="{top + index * size * 1.5:.0f}" text-anchor="middle" '
                  f'font-family="sans-serif" font-size="{size * (1.4 if index == 0 else 1)}" fill="#202122">'
                  f"{escape(line[:120])}</text>" for index, line in enumerate(lines[:12])]
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">{"".join(parts)}</svg>')


class Rasterizer:
    """Runs ffmpeg to turn a composed SVG, or a moment of a video, into a PNG of a fixed size."""

    def __init__(self, ffmpeg, timeout=120):
        self.ffmpeg = ffmpeg
        self.timeout = timeout

    def svg(self, text, output, width, height):
        """Rasterise SVG ``text`` to ``output`` (PNG, ``width`` x ``height``, no alpha)."""
        source = Path(output).with_suffix(".svg")
        source.write_text(text, encoding="utf-8")
        try:
            self._run(["-f", "svg_pipe", "-width", str(width), "-height", str(height), "-keep_ar", "0", "-i",
                       str(source), "-frames:v", "1", "-pix_fmt", "rgb24"], output)
        finally:
            source.unlink(missing_ok=True)
        return Path(output)

    def frame(self, video, moment, output, width, height):
        """The frame of ``video`` at ``moment`` seconds, letterboxed to ``width`` x ``height``."""
        graph = (f"scale={width}:{height}:force_original_aspect_ratio=decrease,"
                 f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=white,format=rgb24")
        self._run(["-ss", f"{max(moment, 0):.3f}", "-i", str(video), "-frames:v", "1", "-an", "-vf", graph],
                  output)
        return Path(output)

    def _run(self, arguments, output):
        output = Path(output)
        temporary = output.with_name(output.stem + ".tmp.png")
        command = [self.ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *arguments, "-f", "image2",
                   "-c:v", "png", str(temporary)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout, check=False)  # noqa: S603
        except subprocess.TimeoutExpired as error:
            temporary.unlink(missing_ok=True)
            raise StillError(f"ffmpeg timed out drawing {output.name}") from error
        if result.returncode != 0 or not temporary.exists() or temporary.stat().st_size == 0:
            temporary.unlink(missing_ok=True)
            raise StillError(f"ffmpeg could not draw {output.name}: {result.stderr.strip()[-300:]}")
        temporary.replace(output)
