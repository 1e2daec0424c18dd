"""SyncEngine end to end over HTTP: local BBB server -> layout -> downloads -> renditions -> store + catalog."""

import hashlib
import logging
import os
import signal
import subprocess
import sys
import time

import pytest

from recordings_sync.client import BBBClient
from recordings_sync.download import Downloader
from recordings_sync.engine import SyncEngine
from recordings_sync.local import JsonCatalog, LocalDirectoryStore
from recordings_sync.renditions import Renditions
from tests.peers.bbb_server import BBBServer, FakeRecording, record_id

SECRET = "engine-secret"
VIDEO, SPLIT, MP4, CAMS = (record_id(n, "m") for n in range(1, 5))


@pytest.fixture
def server():
    with BBBServer(SECRET) as running:
        running.add(FakeRecording(VIDEO, "m", "Week 1", "video"))
        running.add(FakeRecording(SPLIT, "m", "Week 2", "presentation"))
        running.add(FakeRecording(MP4, "m", "Week 3", "presentation-mp4"))
        running.add(FakeRecording(CAMS, "other", "Office hour", "webcams-only"))
        running.add_track(VIDEO, "en", "English", "Welcome")
        yield running


def engine(server, tmp_path, renditions=None, catalog=None):
    client = BBBClient(server.api_url, SECRET, checksum="sha1")
    return SyncEngine(client, LocalDirectoryStore(tmp_path / "out"), catalog or JsonCatalog(tmp_path / "catalog.json"),
                      downloader=Downloader(chunk_size=16384, sleep=lambda _s: None, timeout=(5, 5)),
                      renditions=renditions, work_dir=tmp_path / "work")


def files_of(catalog, rid):
    return {item.kind: item for item in catalog.get(rid).files}


def test_sync_picks_the_right_files_and_verifies_them(server, tmp_path):
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["m"])
    assert report.listed == 3 and not report.failed and sorted(report.updated) == sorted([VIDEO, SPLIT, MP4])
    video = files_of(sync.catalog, VIDEO)
    assert set(video) == {"video", "captions"}  # video-0.m4v wins over webcams
    assert video["video"].name == f"{VIDEO}/video.m4v" and video["captions"].lang == "en"
    assert set(files_of(sync.catalog, SPLIT)) == {"webcams", "deskshare"}
    assert files_of(sync.catalog, MP4)["webcams"].name.endswith("webcams.mp4")  # mp4 preferred when present
    out = tmp_path / "out"
    for rid in (VIDEO, SPLIT, MP4):
        for item in sync.catalog.get(rid).files:
            assert hashlib.sha256((out / item.name).read_bytes()).hexdigest() == item.sha256
            assert (out / item.name).stat().st_size == item.size
    assert server.sha256_of(f"/playback/video/{VIDEO}/video-0.m4v") == video["video"].sha256
    assert not list((tmp_path / "work").rglob("*.part"))


def test_listed_video_format_without_its_file_falls_back_to_the_presentation_files(server, tmp_path):
    missing = server.add(FakeRecording(record_id(9, "m"), "m", "Week 9", "video-missing")).record_id
    sync = engine(server, tmp_path)
    sync.sync(record_ids=[missing])
    assert set(files_of(sync.catalog, missing)) == {"webcams", "deskshare"}
    assert server.count(f"/playback/video/{missing}/video-0.m4v", "HEAD") == 1


def test_second_run_downloads_nothing(server, tmp_path):
    engine(server, tmp_path).sync(meeting_ids=["m"])
    downloads, heads = server.downloads(), server.count("/", "HEAD")
    assert downloads == 6
    again = engine(server, tmp_path)  # a new engine and catalog object, as in a new process
    report = again.sync(meeting_ids=["m"])
    assert report.unchanged == 3 and report.downloads == 0 and report.updated == []
    assert server.downloads() == downloads and server.count("/", "HEAD") == heads


def test_unpublished_and_deleted_recordings_become_unavailable(server, tmp_path):
    sync = engine(server, tmp_path)
    sync.sync(meeting_ids=["m"])
    sync.sync(meeting_ids=["other"])
    server.recordings[VIDEO].state = "unpublished"
    del server.recordings[SPLIT]
    report = sync.sync(meeting_ids=["m"])
    assert sorted(report.unavailable) == sorted([VIDEO, SPLIT])
    assert not sync.catalog.get(VIDEO).available and not sync.catalog.get(SPLIT).available
    assert sync.catalog.get(CAMS).available  # another meeting, out of this sync's scope
    server.recordings[VIDEO].state = "published"
    downloads = server.downloads(captions=False)
    report = sync.sync(meeting_ids=["m"])
    assert report.updated == [VIDEO] and sync.catalog.get(VIDEO).available
    # media still in the store: republishing costs no media download (the small caption track is
    # fetched again: its single-use link cannot be checked with a HEAD request)
    assert server.downloads(captions=False) == downloads and report.downloads == 1


def test_a_failed_listing_marks_nothing_unavailable(server, tmp_path):
    sync = engine(server, tmp_path)
    sync.sync(meeting_ids=["m"])
    server.inject("failed_xml", match="getRecordings")
    with pytest.raises(Exception, match="internalError"):
        sync.sync(meeting_ids=["m"])
    assert all(entry.available for entry in sync.catalog.entries())


def test_new_caption_track_is_picked_up_alone(server, tmp_path):
    sync = engine(server, tmp_path)
    sync.sync(meeting_ids=["m"])
    downloads = server.downloads()
    server.add_track(SPLIT, "pt-BR", "Português", "Olá")
    report = sync.sync(meeting_ids=["m"])
    assert report.updated == [SPLIT] and report.downloads == 1 and server.downloads() == downloads + 1
    captions = files_of(sync.catalog, SPLIT)["captions"]
    assert (tmp_path / "out" / captions.name).read_text().endswith("Olá\n")


def test_a_server_without_text_tracks_is_asked_once(server, tmp_path):
    server.text_tracks_supported = False
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["m"])
    assert not report.failed and len(report.updated) == 3 and "captions" not in files_of(sync.catalog, VIDEO)
    assert server.count("/bigbluebutton/api/getRecordingTextTracks") == 1


def test_faults_during_a_sync_are_survived(server, tmp_path):
    server.inject("drop", match="webcams", after_bytes=10_000, times=2)
    server.inject("status", match="deskshare.webm", method="GET", status=503)
    server.inject("stall", match="video-0", after_bytes=20_000, seconds=1)  # then the server drops the connection
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["m"])
    assert not report.failed
    for path, kind, rid in [(f"/playback/video/{VIDEO}/video-0.m4v", "video", VIDEO),
                            (f"/presentation/{SPLIT}/video/webcams.webm", "webcams", SPLIT),
                            (f"/presentation/{SPLIT}/deskshare/deskshare.webm", "deskshare", SPLIT)]:
        assert files_of(sync.catalog, rid)[kind].sha256 == server.sha256_of(path)


def test_one_broken_recording_does_not_stop_the_others(server, tmp_path):
    server.inject("status", match=f"{SPLIT}/video/webcams.mp4", method="HEAD", status=500, times=None)
    report = engine(server, tmp_path).sync(meeting_ids=["m"])
    assert list(report.failed) == [SPLIT] and sorted(report.updated) == sorted([VIDEO, MP4])


def test_renditions_are_made_once(server, tmp_path):
    screen = server.add(FakeRecording(record_id(8, "m"), "m", "Screen only", "deskshare-only")).record_id
    sync = engine(server, tmp_path, renditions=Renditions())
    report = sync.sync(meeting_ids=["m"])
    assert not report.failed and report.renditions == 2 + 3 + 3 + 1
    assert set(files_of(sync.catalog, screen)) == {"deskshare", "lowres"}  # no audio track: no audio-only file
    split = files_of(sync.catalog, SPLIT)
    assert {"combined", "audio", "lowres"} <= set(split) and "combined" not in files_of(sync.catalog, VIDEO)
    assert split["audio"].size < split["webcams"].size and split["audio"].mime_type == "audio/ogg"
    for item in split.values():
        assert (tmp_path / "out" / item.name).stat().st_size == item.size > 0
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=height",
                            "-of", "csv=p=0", str(tmp_path / "out" / split["lowres"].name)],
                           capture_output=True, text=True, check=True)
    assert int(probe.stdout) <= 360
    downloads = server.downloads()
    report = engine(server, tmp_path, renditions=Renditions()).sync(meeting_ids=["m"])
    assert report.unchanged == 4 and report.renditions == 0 and server.downloads() == downloads


def test_renditions_are_made_later_when_ffmpeg_becomes_available(server, tmp_path):
    engine(server, tmp_path, renditions=Renditions(ffmpeg="no-such-ffmpeg-here")).sync(record_ids=[VIDEO])
    downloads = server.downloads(captions=False)
    sync = engine(server, tmp_path, renditions=Renditions())
    report = sync.sync(record_ids=[VIDEO])
    assert report.updated == [VIDEO] and report.renditions == 2 and server.downloads(captions=False) == downloads
    assert {"video", "captions", "audio", "lowres"} == set(files_of(sync.catalog, VIDEO))


def test_missing_ffmpeg_skips_renditions_with_a_warning(server, tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    renditions = Renditions(ffmpeg="no-such-ffmpeg-here")
    report = engine(server, tmp_path, renditions=renditions).sync(meeting_ids=["m"])
    assert not report.failed and report.renditions == 0 and len(report.updated) == 3
    assert "ffmpeg/ffprobe not found" in caplog.text and caplog.text.count("not found") == 1


def cli(server, out, *extra):
    return [sys.executable, "-m", "recordings_sync", "--url", server.api_url, "--secret", SECRET, "--checksum",
            "sha1", "--meeting", "m", "--out", str(out), "--no-renditions", "--timeout", "20", *extra]


def test_command_line_killed_mid_download_resumes_and_never_shows_the_partial_file(server, tmp_path):
    out = tmp_path / "out"
    final = out / VIDEO / "video.m4v"
    part = out / ".partial" / VIDEO / "video.m4v.part"
    source = f"/playback/video/{VIDEO}/video-0.m4v"
    server.inject("stall", match="video-0", after_bytes=60_000, seconds=60)
    process = subprocess.Popen(cli(server, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not (server.stalled.is_set() and part.exists() and part.stat().st_size > 0):
        assert time.monotonic() < deadline and process.poll() is None, "the download never started"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not final.exists() and 0 < part.stat().st_size < (server.media_dir / "video-0.m4v").stat().st_size
    kept = part.stat().st_size
    server.clear_faults()
    result = subprocess.run(cli(server, out), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert hashlib.sha256(final.read_bytes()).hexdigest() == server.sha256_of(source)
    assert (None if not kept else f"bytes={kept}-") in [h for m, p, h in server.log if m == "GET" and p == source]
    assert not part.exists() and "0 failed" in result.stdout
    downloads = server.downloads()
    again = subprocess.run(cli(server, out), capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and "3 unchanged" in again.stdout and server.downloads() == downloads


def test_command_line_reports_a_bad_secret(server, tmp_path):
    command = cli(server, tmp_path / "out")
    command[command.index(SECRET)] = "wrong"
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "checksumError" in result.stderr
