"""Lesson packages end to end over HTTP: the local BBB server publishes a presentation recording
(tests.peers.bbb_presentation), the sync engine downloads it and makes the slides PDF, the
slides-and-voice video and the transcript; faults a real server can publish are survived.
"""

import subprocess

import pytest
from pypdf import PdfReader

from recordings_sync.client import BBBClient
from recordings_sync.download import Downloader
from recordings_sync.engine import SyncEngine
from recordings_sync.lesson_package import LessonPackager
from recordings_sync.local import JsonCatalog, LocalDirectoryStore
from tests.peers.bbb_presentation import SCHEDULE, LessonOptions, lesson_recording, publish_lesson
from tests.peers.bbb_server import BBBServer, record_id

SECRET = "lesson-secret"
RID = record_id(1, "lessons")
FPS = 2


@pytest.fixture
def server():
    with BBBServer(SECRET) as running:
        yield running


def publish(server, tmp_path, **options):
    publish_lesson(server, lesson_recording(RID, "lessons"), tmp_path / "bbb", LessonOptions(**options))


def engine(server, tmp_path, packager=None):
    client = BBBClient(server.api_url, SECRET, checksum="sha1")
    return SyncEngine(client, LocalDirectoryStore(tmp_path / "out"), JsonCatalog(tmp_path / "catalog.json"),
                      downloader=Downloader(chunk_size=65536, sleep=lambda _s: None), work_dir=tmp_path / "work",
                      packager=packager or LessonPackager(fps=FPS))


def package(sync):
    return {item.kind: item for item in sync.catalog.get(RID).files}


def probe(path, *entries):
    result = subprocess.run(["ffprobe", "-v", "error", *entries, "-of", "csv=p=0", str(path)], capture_output=True,
                            text=True, check=True)
    return result.stdout.strip()


def change_times(path, width=160, height=90):
    """The times (s) of the frames that differ from the one before (a new still)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-vf", f"scale={width}:{height},format=gray",
                          "-f", "rawvideo", "-"], capture_output=True, check=True).stdout
    size = width * height
    frames = [raw[offset:offset + size] for offset in range(0, len(raw), size)]
    times = probe(path, "-select_streams", "v", "-show_entries", "frame=pts_time").split()
    changes = []
    for index in range(1, len(frames)):
        difference = sum(abs(a - b) for a, b in zip(frames[index], frames[index - 1], strict=True)) / size
        if difference > 0.5:
            changes.append(float(times[index]))
    return changes


def test_a_presentation_recording_gets_its_lesson_package(server, tmp_path):
    publish(server, tmp_path)
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["lessons"])
    assert not report.failed and report.warnings == {} and report.packages == 3
    files = package(sync)
    assert {"webcams", "deskshare", "captions", "slides", "slidesvideo", "transcript"} == set(files)
    assert all(not item.notes for item in files.values())
    out = tmp_path / "out"

    pdf = PdfReader(out / files["slides"].name)
    assert len(pdf.pages) == 3  # slide 1 shown twice: once in the PDF, in first-shown order
    texts = [page.extract_text() for page in pdf.pages]
    assert "Partnership building" in texts[0] and "Museums, libraries" in texts[1] and "मित्र" in texts[2]
    assert [item.title for item in pdf.outline] == ["Slide 1: Partnership building",
                                                    "Slide 2: Who could partner with you?",
                                                    "Slide 3: Homework: write to one partner"]
    assert files["slides"].mime_type == "application/pdf" and files["slides"].size < 400_000

    video = out / files["slidesvideo"].name
    assert probe(video, "-show_entries", "stream=codec_name,channels").splitlines() == ["h264", "aac,1"]
    head = video.read_bytes()[:4096]
    assert head.find(b"moov") < head.find(b"mdat") or b"mdat" not in head  # faststart: the index comes first
    assert float(probe(video, "-show_entries", "format=duration")) == pytest.approx(12.0, abs=0.1)
    assert files["slidesvideo"].size < files["webcams"].size
    expected = sorted({start for start, _end, _slide in SCHEDULE if start > 0} | {4.0})  # + the annotation step
    changes = change_times(video)
    assert len(changes) == len(expected), changes
    for moment, change in zip(expected, changes, strict=True):
        assert abs(change - moment) <= 1 / FPS, (moment, change)

    transcript = (out / files["transcript"].name).read_text(encoding="utf-8")
    assert transcript.splitlines()[2:] == ["[0:00:00] Welcome to week three.",
                                           "[0:00:03] Teacher: Who could partner with you?",
                                           "[0:00:08] Your homework: write to one partner."]
    assert files["transcript"].lang == "en" and files["transcript"].mime_type == "text/plain"

    again = engine(server, tmp_path).sync(meeting_ids=["lessons"])
    assert again.unchanged == 1 and again.packages == 0 and again.downloads == 0


@pytest.mark.parametrize("version", ["2.5", "2.7"])
def test_older_layouts_give_the_same_slides(server, tmp_path, version):
    publish(server, tmp_path, version=version)
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["lessons"])
    assert not report.failed and report.warnings == {}
    files = package(sync)
    assert len(PdfReader(tmp_path / "out" / files["slides"].name).pages) == 3
    assert len(change_times(tmp_path / "out" / files["slidesvideo"].name)) == 5


def test_a_crash_mid_build_lists_nothing_and_the_next_run_resumes(server, tmp_path, monkeypatch):
    publish(server, tmp_path)
    from recordings_sync import lesson_package, lesson_video

    def crash(*_args, **_kwargs):
        raise SystemExit("killed while encoding")

    monkeypatch.setattr(lesson_video.VideoMaker, "_encode", crash)
    with pytest.raises(SystemExit):
        engine(server, tmp_path).sync(meeting_ids=["lessons"])
    assert JsonCatalog(tmp_path / "catalog.json").get(RID) is None  # nothing half-built is listed
    assert not list((tmp_path / "out").rglob("*.mp4")) and list((tmp_path / "work").rglob("slides-*.pdf"))
    monkeypatch.undo()
    pdfs = []
    monkeypatch.setattr(lesson_package, "write_pdf", lambda *args, **kwargs: pdfs.append(args))
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["lessons"])
    assert not report.failed and pdfs == []  # the finished PDF was reused, not made again
    assert {"slides", "slidesvideo", "transcript"} <= set(package(sync))


def test_packages_follow_their_sources_and_switches(server, tmp_path):
    publish(server, tmp_path)
    sync = engine(server, tmp_path)
    sync.sync(meeting_ids=["lessons"])
    before = package(sync)
    server.recordings[RID].tracks["fr"] = ("Français", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBonjour\n")
    report = engine(server, tmp_path).sync(meeting_ids=["lessons"])
    assert report.packages == 1  # only the French transcript is new; the PDF and video are current
    after = JsonCatalog(tmp_path / "catalog.json").get(RID).files
    assert sorted(item.lang for item in after if item.kind == "transcript") == ["en", "fr"]
    assert {item.name for item in after} >= {before["slides"].name, before["slidesvideo"].name}

    pdf_only = LessonPackager(kinds=("slides",), fps=FPS)
    report = engine(server, tmp_path, pdf_only).sync(meeting_ids=["lessons"])
    kinds = [item.kind for item in JsonCatalog(tmp_path / "catalog.json").get(RID).files]
    assert report.packages == 0 and "slides" in kinds and "slidesvideo" not in kinds and "transcript" not in kinds

    server.recordings[RID].name = "Week 3 (renamed)"  # listing changed: a new title in the PDF
    engine(server, tmp_path, pdf_only).sync(meeting_ids=["lessons"])
    slides = next(item for item in JsonCatalog(tmp_path / "catalog.json").get(RID).files if item.kind == "slides")
    assert PdfReader(tmp_path / "out" / slides.name).metadata.title == "Week 3 (renamed)"
