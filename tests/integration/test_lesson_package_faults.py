"""Bad presentation recordings: each yields what can honestly be built, a clear line in the sync
report, no failed sync, and no package file that claims to be complete when it is not.
"""

import resource

from pypdf import PdfReader

from tests.integration.test_lesson_package import RID, change_times, engine, package, publish, server

__all__ = ["server"]


def sync_with(server, tmp_path, **options):
    publish(server, tmp_path, **options)
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["lessons"])
    assert not report.failed and report.listed == 1
    return sync, report, package(sync)


def test_a_missing_slide_image_gives_a_placeholder_page_and_says_so(server, tmp_path):
    sync, report, files = sync_with(server, tmp_path, missing_slides=(3,))
    assert report.warnings[RID] == ["slide 3: image missing on the server"]
    assert files["slides"].notes == files["slidesvideo"].notes == "incomplete: slide 3 missing or unusable"
    pdf = PdfReader(tmp_path / "out" / files["slides"].name)
    assert len(pdf.pages) == 3 and "Homework" in pdf.pages[2].extract_text()  # its text is still there


def test_malformed_shapes_svg_still_gives_the_transcript(server, tmp_path):
    sync, report, files = sync_with(server, tmp_path, shapes="malformed")
    assert "slides" not in files and "slidesvideo" not in files and "transcript" in files
    assert report.warnings[RID][0].startswith("no slides PDF or slides video: shapes.svg is malformed")


def test_huge_shapes_svg_is_refused_with_bounded_memory(server, tmp_path):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sync, report, files = sync_with(server, tmp_path, shapes="huge")
    assert "slides" not in files and "transcript" in files
    assert "more than 200000 elements" in report.warnings[RID][0]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300 * 1024  # KiB: under 300 MB more


def test_a_decompression_bomb_slide_is_never_decoded(server, tmp_path):
    for version in ("2.5", "3.0"):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sync, report, files = sync_with(server, tmp_path / version, version=version, bomb_slide=2)
        [warning] = report.warnings[RID]
        assert warning.startswith("slide 2: image") and "too large to draw safely" in warning
        assert files["slides"].notes.startswith("incomplete: slide 2")
        assert len(PdfReader(tmp_path / version / "out" / files["slides"].name).pages) == 3
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024


def test_no_audio_gives_the_slides_but_no_slides_video(server, tmp_path):
    sync, report, files = sync_with(server, tmp_path, audio="none")
    assert "slides" in files and "slidesvideo" not in files and not files["slides"].notes
    assert report.warnings[RID] == ["no audio track: the slides-and-voice video is not made"]


def test_a_voice_only_recording_uses_its_audio_file(server, tmp_path):
    sync, report, files = sync_with(server, tmp_path, audio="audio-only")
    assert report.warnings == {} and "slidesvideo" in files and "webcams" not in files


def test_screen_sharing_without_video_shows_a_placeholder_and_says_so(server, tmp_path):
    sync, report, files = sync_with(server, tmp_path, deskshare_video=False)
    assert report.warnings[RID] == ["screen sharing was not recorded as video: a placeholder is shown"]
    assert files["slidesvideo"].notes == "screen sharing shown as a placeholder"
    assert len(change_times(tmp_path / "out" / files["slidesvideo"].name)) == 5  # the placeholder still changes
