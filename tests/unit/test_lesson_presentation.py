"""Pure logic of lesson packages: the presentation timeline, annotations, tldraw, stills checks, transcripts."""

import zlib

import pytest

from recordings_sync import presentation, tldraw
from recordings_sync.lesson_video import segments
from recordings_sync.stills import StillError, check_image, compose
from recordings_sync.transcript import transcript
from tests.peers.bbb_presentation import _png

HEAD = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
        'viewBox="0 0 800 600">')


def image(number, start, href="presentation/p1/slide-1.png", out=""):
    return (f'<image id="image{number}" class="slide" in="{start}" out="{out}" xlink:href="{href}" width="1600" '
            f'height="1200" text="presentation/p1/textfiles/slide-1.txt"/>')


def shape(image_number, timestamp, undo, key, path):
    return (f'<g class="shape" timestamp="{timestamp}" undo="{undo}" shape="{key}" '
            f'style="stroke:#ff0000;stroke-width:4;visibility:hidden;fill:none"><path d="{path}"/></g>')


def test_showings_follow_in_times_including_old_lists():
    data = (HEAD + image(1, "0.0 30.5", out="10.0 40.0") + image(2, "10.0", "presentation/p1/slide-2.png")
            + '<image class="logo" xlink:href="presentation/logo.png"/>'
            + image(3, "20.0", "presentation/deskshare.png") + "</svg>").encode()
    lesson = presentation.parse_shapes(data)
    assert [(item.image_id, item.start) for item in lesson.showings] == [
        ("image1", 0.0), ("image2", 10.0), ("image3", 20.0), ("image1", 30.5)]
    assert [item.href for item in lesson.slides_in_order()] == ["presentation/p1/slide-1.png",
                                                                "presentation/p1/slide-2.png"]
    assert lesson.showings[2].is_deskshare and not lesson.showings[2].is_slide
    assert lesson.end_of(lesson.showings[1], 60) == 20.0 and lesson.end_of(lesson.showings[3], 60) == 60


def test_annotations_show_their_latest_version_until_undone():
    canvas = ('<g class="canvas" image="image1">' + shape(1, 1.0, -1, "a", "M0 0L1 1") + shape(1, 1.5, 6.0, "a",
              "M0 0L1 1L2 2") + shape(1, 4.0, -1, "b", "M5 5L6 6") + "</g>")
    lesson = presentation.parse_shapes((HEAD + image(1, "0.0") + canvas + "</svg>").encode())
    versions = lesson.shapes["image1"]
    assert presentation.visible(versions, 0.5) == []
    assert [svg.count("L") for svg in presentation.visible(versions, 1.2)] == [1]
    assert [svg.count("L") for svg in presentation.visible(versions, 5.0)] == [2, 1]
    assert presentation.visible(versions, 7.0) == [versions[2].svg]  # "a" undone at 6.0
    assert presentation.changes(versions, 0.0, 10.0) == [(1.0, 1.5), (4.0, 4.0), (6.0, 6.0)]
    assert "visibility" not in versions[0].svg and 'd="M0 0L1 1"' in versions[0].svg


def test_untrusted_xml_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg>&b;</svg>'
    with pytest.raises(presentation.PresentationError, match="malformed"):
        presentation.parse_shapes(bomb)
    with pytest.raises(presentation.PresentationError, match="more than 200000 elements"):
        presentation.parse_shapes((HEAD + "<g/>" * 200_001 + "</svg>").encode())
    with pytest.raises(presentation.PresentationError, match="no slide"):
        presentation.parse_shapes((HEAD + "</svg>").encode())
    evil = ('<g class="canvas" image="image1"><g class="shape" timestamp="1" undo="-1" shape="x" '
            'style="stroke:red;filter:url(http://evil/)"><path d="M0 0" onload="alert(1)"/><script>x</script></g></g>')
    lesson = presentation.parse_shapes((HEAD + image(1, "0.0") + evil + "</svg>").encode())
    assert lesson.shapes["image1"][0].svg == '<g style="stroke:red"><path d="M0 0"/></g>'


def test_screen_share_replaces_the_slide_and_annotations_split_showings():
    lesson = presentation.parse_shapes((HEAD + image(1, "2.0") + image(2, "10.0", "presentation/p1/slide-2.png")
                                        + '<g class="canvas" image="image2">' + shape(2, 12.0, -1, "a", "M0 0L1 1")
                                        + "</g></svg>").encode())
    lesson.deskshare = [(5.0, 8.0)]
    plan = segments(lesson, 20.0, True, deskshare_every=2.0)
    assert [(start, end, what[0]) for start, end, what in plan] == [
        (0.0, 2.0, "slide"), (2.0, 5.0, "slide"), (5.0, 7.0, "deskshare"), (7.0, 8.0, "deskshare"),
        (8.0, 10.0, "slide"), (10.0, 12.0, "slide"), (12.0, 20.0, "slide")]
    assert plan[2][2][1] == 5.5 and plan[6][2][2] == 12.0  # the screen a little after it starts; state at 12
    without_video = segments(lesson, 20.0, False)
    assert without_video[2][2] == ("placeholder", ("Screen sharing", "(not recorded as video)"))


def test_tldraw_shapes_scale_like_bbb_playback():
    assert tldraw.scale_ratio("2.6.0", 1600, 1200) == pytest.approx(1.28)
    assert tldraw.scale_ratio("3.0.4", 1600, 900) == pytest.approx(0.9)
    problems = []
    v2 = {"type": "geo", "x": 90, "y": 45, "rotation": 0, "props": {"geo": "rectangle", "w": 180, "h": 90,
                                                                   "color": "blue", "size": "s", "fill": "none"}}
    svg = tldraw.shape_svg(v2, "3.0.4", 1600, 900, problems)
    assert 'scale(1.111111) translate(90.00 45.00)' in svg and '<rect width="180.00" height="90.00"/>' in svg
    assert 'stroke="#4465e9" stroke-width="2"' in svg
    v1 = {"type": "draw", "point": [10, 20], "points": [[0, 0, 0.5], [5, 5, 0.5]], "style": {"color": "red"}}
    assert "<polyline points=\"0.00,0.00 5.00,5.00\"/>" in tldraw.shape_svg(v1, "2.7.3", 1600, 900, problems)
    assert tldraw.shape_svg({"type": "frame"}, "3.0.4", 1600, 900, problems) == ""
    assert problems == ["whiteboard shape 'frame' is not drawn"]
    text = {"type": "text", "x": 0, "y": 0, "props": {"text": "<b>&", "size": "m"}}
    assert "&lt;b&gt;&amp;" in tldraw.shape_svg(text, "3.0.4", 1600, 900, problems)


def test_slide_images_are_checked_before_decoding():
    small = _png(4, 3, zlib.compress(b"\x00\x00" * 3))
    assert (check_image(small, "presentation/p/slide-1.png").width, check_image(small, "x.png").height) == (4, 3)
    with pytest.raises(StillError, match="too large to draw safely"):
        check_image(_png(20_000, 20_000, b""), "presentation/p/slide-1.png")  # a header claiming 400 Mpx
    with pytest.raises(StillError, match="too large"):
        check_image(b'<svg xmlns="http://www.w3.org/2000/svg" width="90000" height="10"/>', "svgs/slide1.svg")
    svg = check_image(b'<svg xmlns="http://www.w3.org/2000/svg" width="1200pt" viewBox="0 0 1600 900"/>', "s.svg")
    assert (svg.width, svg.height, svg.mime) == (1600, 900, "image/svg+xml")
    with pytest.raises(StillError, match="not a usable image"):
        check_image(b"GIF89a not really", "presentation/p/slide-1.png")


def test_composed_stills_escape_placeholder_text():
    svg = compose(1280, 720, (1600, 900), lines=["Slide 3", "<script>&"])
    assert "&lt;script&gt;&amp;" in svg and "<script>" not in svg and 'scale(0.800000)' in svg


def test_transcript_from_webvtt():
    vtt = ("WEBVTT\nKind: captions\n\nNOTE a comment\n\nSTYLE\n::cue { color: red }\n\n"
           "1\n00:00:01.000 --> 00:00:03.000 align:start\n<v Ana>Hello <b>all</b> &amp; welcome</v>\n\n"
           "00:00:03.000 --> 00:00:04.000\n<c.yellow>Hello all &amp; welcome</c>\n\n"
           "01:02:03.500 --> 01:02:05.000\nline one\nline two\n")
    assert transcript(vtt, "Week 1", "English").splitlines() == [
        "Week 1 (English)", "", "[0:00:01] Ana: Hello all & welcome", "[0:00:03] Hello all & welcome",
        "[1:02:03] line one line two"]
