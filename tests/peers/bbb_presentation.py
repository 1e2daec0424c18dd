"""A realistic BigBlueButton ``presentation`` recording for the local BBB server (tests, bench, sandbox).

It writes, under ``<root>/presentation/<record id>/``, the files BigBlueButton 2.5 to 3.0 publish,
laid out as its recording scripts lay them out (bigbluebutton/bigbluebutton,
record-and-playback/presentation/scripts):

- ``process/presentation.rb``: from 2.6.0 the slides are ``presentation/<pres>/svgs/slide<N>.svg``
  (copied from the raw conversion, "needed for Tldraw"); before, ``presentation/<pres>/slide-N.png``
  (``extract_png_page_from_pdf``, 1600x1600 box); ``textfiles/slide-N.txt`` and
  ``thumbnails/thumb-N.png`` either way.
- ``publish/presentation.rb``: ``process_presentation`` writes ``shapes.svg`` (one
  ``<image class="slide" in=.. out=.. xlink:href=.. text=..>`` per showing, ids ``image1..``; the
  screen share shows ``presentation/deskshare.png``), ``panzooms.xml`` and ``cursor.xml`` (root
  ``tldraw="true"`` from 2.6), and before 2.6 a ``<g class="canvas" image="imageN">`` of shape
  versions per showing (``svg_render_shape``: ``<g class="shape" timestamp=.. undo=.. shape=..>``);
  from 2.6 the shapes go to ``tldraw.json`` (``build_tldraw_shape``: per image id ``{shapes:
  [{id, timestamp, undo, shape_data}], timestamp}`` plus ``bbb_version``);
  ``process_deskshare_events`` writes ``deskshare.xml`` (``start_timestamp``/``stop_timestamp``);
  the voice is ``video/webcams.webm`` (or ``audio/audio.webm`` when there was no webcam).

Timestamps are seconds with one decimal, as ``(translate_timestamp(t) / 1000.0).round(1)`` gives.
Faults a real server can publish are options: a missing slide image, a malformed or huge
``shapes.svg``, a decompression-bomb slide, no audio at all, screen-share intervals without video.
"""

import base64
import json
import subprocess
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from tests.peers.bbb_server import FakeRecording

PRESENTATION = "d2d9a672040fbde2a47a10bf6c37b6a4b5ae187f-1700000000001"
# (start, end, slide number or "deskshare") of a 12-second lesson; slide 1 comes back at the end.
SCHEDULE = [(0.0, 3.0, 1), (3.0, 5.5, 2), (5.5, 8.0, "deskshare"), (8.0, 10.2, 3), (10.2, 12.0, 1)]
SLIDE_TEXT = {1: "Partnership building\nWeek 3: finding partners", 2: "Who could partner with you?\nMuseums, libraries",
              3: "Homework: write to one partner\nالشراكة मित्र"}
ANNOTATION_AT = 4.0  # a stroke drawn on slide 2, finished at 4.5
CAPTIONS = ("WEBVTT\n\n00:00:00.500 --> 00:00:02.500\nWelcome to week three.\n\n"
            "00:00:03.100 --> 00:00:05.000\n<v Teacher>Who could <b>partner</b> with you?</v>\n\n"
            "00:00:08.200 --> 00:00:11.900\nYour homework: write to one partner.\n")


@dataclass
class LessonOptions:
    """What the published recording looks like (``version``) and which faults it has."""

    version: str = "3.0"  # "2.5" (PNG slides, SVG canvases), "2.7" (tldraw v1), "3.0" (tldraw v2)
    seconds: float = 12.0
    missing_slides: tuple = ()  # slide numbers whose image is absent
    shapes: str = "ok"  # ok, malformed, huge
    bomb_slide: int | None = None  # this slide's image claims absurd dimensions
    audio: str = "webcams"  # webcams, audio-only (audio/audio.webm), none
    deskshare_video: bool = True
    schedule: list = field(default_factory=lambda: list(SCHEDULE))
    slide_text: dict = field(default_factory=lambda: dict(SLIDE_TEXT))
    webcam_size: str = "320x240"
    webcam_bitrate: str = "150k"

    @property
    def tldraw(self):
        """Whether this version records the whiteboard with tldraw (BigBlueButton 2.6 and later)."""
        return self.version >= "2.6"


def slide_href(options, number):
    """The slide image path ``events_get_image_info`` writes into shapes.svg."""
    if options.tldraw:
        return f"presentation/{PRESENTATION}/svgs/slide{number}.svg"
    return f"presentation/{PRESENTATION}/slide-{number}.png"


def _ffmpeg(*arguments):
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *map(str, arguments)], check=True)


def _slide_svg(number, text):
    """A vector slide like pdftocairo's output (slide 2 wraps a PNG, like BBB's png-to-svg fallback)."""
    lines = "".join(f'<text x="120" y="{260 + 110 * index}" font-size="{84 if index == 0 else 60}" '
                    f'font-family="sans-serif" fill="#202122">{escape(line)}</text>'
                    for index, line in enumerate(text.split("\n")))
    colour = {1: "#3366cc", 2: "#14866d", 3: "#b32424"}.get(number, "#72777d")
    body = (f'<rect width="1600" height="900" fill="#ffffff"/><rect width="1600" height="60" fill="{colour}"/>'
            f'{lines}<circle cx="1400" cy="700" r="{60 + 30 * number}" fill="{colour}" opacity="0.4"/>')
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            f'width="1600" height="900" viewBox="0 0 1600 900">{body}</svg>')


def _write_slides(folder, options):
    """Slide images, text files and thumbnails of the one presentation."""
    pres = folder / "presentation" / PRESENTATION
    (pres / "textfiles").mkdir(parents=True, exist_ok=True)
    (pres / "thumbnails").mkdir(exist_ok=True)
    (pres / "svgs").mkdir(exist_ok=True)
    for number, text in options.slide_text.items():
        (pres / "textfiles" / f"slide-{number}.txt").write_text(text, encoding="utf-8")
        svg = _slide_svg(number, text)
        if options.tldraw and number == 2:
            png = folder / f".slide{number}.png"
            (folder / ".slide.svg").write_text(svg, encoding="utf-8")
            _ffmpeg("-f", "svg_pipe", "-i", folder / ".slide.svg", "-frames:v", "1", png)
            data = base64.b64encode(png.read_bytes()).decode()
            svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                   f'width="1600" height="900"><image width="1600" height="900" '
                   f'xlink:href="data:image/png;base64,{data}"/></svg>')
        target = pres / "svgs" / f"slide{number}.svg" if options.tldraw else pres / f"slide-{number}.png"
        if number in options.missing_slides:
            continue
        if number == options.bomb_slide:
            target.write_bytes(_bomb_png() if not options.tldraw else svg.replace(
                'width="1600" height="900"', 'width="4000000" height="4000000"', 1).encode())
            continue
        if options.tldraw:
            target.write_text(svg, encoding="utf-8")
        else:
            (folder / ".slide.svg").write_text(svg, encoding="utf-8")
            _ffmpeg("-f", "svg_pipe", "-i", folder / ".slide.svg", "-frames:v", "1", target)
    (folder / "presentation" / "deskshare.png").write_bytes(_tiny_png())


def _png_chunk(kind, data):
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def _png(width, height, rows):
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])  # 1-bit grey
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", rows)
            + _png_chunk(b"IEND", b""))


def _bomb_png():
    """A 30000 x 30000 PNG (900 megapixels) that compresses to a few hundred kilobytes."""
    width = height = 30_000
    compressor, row = zlib.compressobj(1), b"\x00" + bytes((width + 7) // 8)
    return _png(width, height, b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush())


def _tiny_png():
    return _png(1, 1, zlib.compress(b"\x00\x00"))


def _image(index, start, end, href, text, width=1600, height=900):
    text_attr = f" text={quoteattr(text)}" if text else ""
    return (f'<image id="image{index}" class="slide" in="{start}" out="{end}" xlink:href="{href}" '
            f'width="{width}" height="{height}" x="0" y="0" style="visibility:hidden"{text_attr}/>')


def shapes_svg(options):
    """The shapes.svg of ``process_presentation`` (with the pre-2.6 canvas of slide 2's stroke)."""
    parts = []
    for index, (start, end, slide) in enumerate(options.schedule, start=1):
        if slide == "deskshare":
            parts.append(_image(index, start, end, "presentation/deskshare.png", "", 1280, 720))
            continue
        parts.append(_image(index, start, end, slide_href(options, slide),
                            f"presentation/{PRESENTATION}/textfiles/slide-{slide}.txt"))
        if slide == 2 and not options.tldraw:
            parts.append(f'<g class="canvas" id="canvas{index}" image="image{index}" display="none">'
                         f'{_canvas_shape(index, 1, ANNOTATION_AT, "M200 600L500 500")}'
                         f'{_canvas_shape(index, 2, ANNOTATION_AT + 0.5, "M200 600L500 500L900 650")}</g>')
    body = "".join(parts)
    if options.shapes == "huge":
        body += "<g>" + '<path d="M0 0L1 1"/>' * 400_000 + "</g>"
    text = ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" id="svgfile" '
            f'style="position:absolute;height:600px;width:800px" version="1.1" viewBox="0 0 800 600">{body}</svg>')
    return text[:len(text) // 2] if options.shapes == "malformed" else text


def _canvas_shape(image, draw, timestamp, path):
    return (f'<g id="image{image}-draw{draw}" class="shape" timestamp="{timestamp}" undo="-1" '
            f'shape="image{image}-pencil1" style="stroke:#ff0000;stroke-linecap:round;stroke-linejoin:round;'
            f'stroke-width:8;visibility:hidden;fill:none"><path d="{path}"/></g>')


def tldraw_json(options):
    """tldraw.json with two versions of one stroke on slide 2 (tldraw v1 for 2.6/2.7, v2 for 3.0)."""
    image = next(index for index, item in enumerate(options.schedule, start=1) if item[2] == 2)
    scale = min(1440 / 1600, 1080 / 900)  # bbb-playback: slides fit 1440x1080 from 2.6.1
    points = [(200, 600), (500, 500), (900, 650)]
    versions = []
    for number, count in ((1, 2), (2, 3)):
        shown = [(x * scale, y * scale) for x, y in points[:count]]
        if options.version >= "3.0":
            data = {"id": "shape:stroke-1", "type": "draw", "x": shown[0][0], "y": shown[0][1], "rotation": 0,
                    "props": {"segments": [{"type": "free", "points": [
                        {"x": x - shown[0][0], "y": y - shown[0][1], "z": 0.5} for x, y in shown]}],
                        "color": "red", "size": "l", "fill": "none", "dash": "draw", "isComplete": number == 2}}
        else:
            data = {"id": "stroke-1", "type": "draw", "point": list(shown[0]), "rotation": 0,
                    "points": [[x - shown[0][0], y - shown[0][1], 0.5] for x, y in shown],
                    "style": {"color": "red", "size": "large", "dash": "draw", "isFilled": False}}
        versions.append({"id": number, "timestamp": ANNOTATION_AT + 0.5 * (number - 1), "undo": -1,
                         "shape_data": data})
    full = {"2.7": "2.7.3", "3.0": "3.0.4"}.get(options.version, options.version + ".0")
    start = options.schedule[image - 1][0]
    return json.dumps({"bbb_version": full, str(image): {"shapes": versions, "timestamp": start}})


def deskshare_xml(options):
    """deskshare.xml of ``process_deskshare_events``."""
    events = "".join(f'<event start_timestamp="{start}" stop_timestamp="{end}" video_width="1280" '
                     f'video_height="720"/>' for start, end, slide in options.schedule if slide == "deskshare")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<recording id="deskshare_events">{events}</recording>\n'


def _media(folder, options):
    seconds = options.seconds
    voice = f"sine=frequency=220:sample_rate=48000:duration={seconds},volume='0.6+0.4*sin(2*PI*t*3)':eval=frame"
    if options.audio == "webcams":
        (folder / "video").mkdir(exist_ok=True)
        _ffmpeg("-f", "lavfi", "-i", f"testsrc2=size={options.webcam_size}:rate=15:duration={seconds}",
                "-f", "lavfi", "-i", voice, "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
                "-b:v", options.webcam_bitrate, "-c:a", "libopus", "-b:a", "32k",
                folder / "video" / "webcams.webm")
    elif options.audio == "audio-only":
        (folder / "audio").mkdir(exist_ok=True)
        _ffmpeg("-f", "lavfi", "-i", voice, "-c:a", "libopus", "-b:a", "32k", folder / "audio" / "audio.webm")
    if options.deskshare_video:
        (folder / "deskshare").mkdir(exist_ok=True)
        _ffmpeg("-f", "lavfi", "-i", f"testsrc=size=640x360:rate=5:duration={seconds}", "-c:v", "libvpx",
                "-deadline", "realtime", "-cpu-used", "8", "-b:v", "100k", "-an",
                folder / "deskshare" / "deskshare.webm")


def write_lesson(root, rid, options=None):
    """Write the published files of recording ``rid`` under ``root``; returns the recording's folder."""
    options = options or LessonOptions()
    folder = Path(root) / "presentation" / rid
    folder.mkdir(parents=True, exist_ok=True)
    _write_slides(folder, options)
    (folder / "shapes.svg").write_text(shapes_svg(options), encoding="utf-8")
    (folder / "deskshare.xml").write_text(deskshare_xml(options), encoding="utf-8")
    tldraw = 'tldraw="true"' if options.tldraw else 'tldraw="false"'
    (folder / "panzooms.xml").write_text(f'<?xml version="1.0"?>\n<recording id="panzoom_events" {tldraw}>'
                                         '<event timestamp="0.0"><viewBox>0.0 0.0 1600.0 900.0</viewBox></event>'
                                         '</recording>\n', encoding="utf-8")
    (folder / "cursor.xml").write_text(f'<?xml version="1.0"?>\n<recording id="cursor_events" {tldraw}>'
                                       '<event timestamp="0.0"><cursor>-1.0 -1.0</cursor></event></recording>\n',
                                       encoding="utf-8")
    if options.tldraw:
        (folder / "tldraw.json").write_text(tldraw_json(options), encoding="utf-8")
    _media(folder, options)
    for leftover in folder.glob(".slide*"):
        leftover.unlink()
    return folder


def publish_lesson(server, recording, root, options=None, captions=True):
    """Publish ``recording`` (a FakeRecording with layout "lesson") with generated files on ``server``."""
    folder = write_lesson(root, recording.record_id, options)
    for path in folder.rglob("*"):
        if path.is_file():
            server.static["/" + path.relative_to(root).as_posix()] = path
    server.add(recording)
    if captions:
        recording.tracks["en"] = ("English", CAPTIONS)
    return recording


def lesson_recording(rid, meeting, name="Week 3: partners", start_ms=1_700_000_000_000):
    """A FakeRecording whose files come from ``publish_lesson``."""
    return FakeRecording(rid, meeting, name, "lesson", start_ms=start_ms)


def add_demo_lesson(server, rid, meeting, root, start_ms):
    """The sandbox's presentation lesson (slides, annotation, screen share, captions), generated once."""
    recording = FakeRecording(rid, meeting, "Lesson 4: slides and screen share", "lesson", start_ms=start_ms,
                              metadata={"course": "demo"})
    folder = Path(root) / "presentation" / rid
    if (folder / "shapes.svg").exists():
        for path in folder.rglob("*"):
            if path.is_file():
                server.static["/" + path.relative_to(root).as_posix()] = path
        server.add(recording)
        recording.tracks["en"] = ("English", CAPTIONS)
        return recording
    return publish_lesson(server, recording, root)
