"""Captions are optional: whatever getRecordingTextTracks answers, the recordings are synced.

The local server answers as bbb-web does (tests.peers.bbb_api.text_tracks cites the sources): JSON
FAILED ``noRecordings`` / ``noCaptionsFound``, older ``key``/``msg`` spellings, an empty body, a
server without the call, HTTP errors; caption links are single use (a second request gets 401).
"""

import hashlib

import pytest
import requests

from recordings_sync.client import BBBClient
from recordings_sync.download import Downloader
from recordings_sync.engine import SyncEngine
from recordings_sync.local import JsonCatalog, LocalDirectoryStore
from tests.peers.bbb_server import BBBServer, FakeRecording, record_id

SECRET = "captions-secret"
VIDEO, SPLIT = record_id(1, "c"), record_id(2, "c")


@pytest.fixture
def server():
    with BBBServer(SECRET) as running:
        running.add(FakeRecording(VIDEO, "c", "Week 1", "video"))
        running.add(FakeRecording(SPLIT, "c", "Week 2", "presentation"))
        running.add_track(VIDEO, "en", "English", "Welcome")
        yield running


def engine(server, tmp_path):
    client = BBBClient(server.api_url, SECRET)
    return SyncEngine(client, LocalDirectoryStore(tmp_path / "out"), JsonCatalog(tmp_path / "catalog.json"),
                      downloader=Downloader(chunk_size=16384, sleep=lambda _s: None, timeout=(5, 5)),
                      work_dir=tmp_path / "work")


def kinds(sync, rid):
    return {item.kind: item for item in sync.catalog.get(rid).files}


def test_a_caption_link_is_single_use_like_bbb_web(server):
    [track] = BBBClient(server.api_url, SECRET).text_tracks(VIDEO)
    first = requests.get(track.href, timeout=5)
    assert first.status_code == 200 and first.text.endswith("Welcome\n")
    again = requests.get(track.href, timeout=5)
    assert (again.status_code, again.text) == (401, "unauthorized")
    [fresh] = BBBClient(server.api_url, SECRET).text_tracks(VIDEO)
    assert requests.head(fresh.href, timeout=5).status_code == 200
    assert requests.get(fresh.href, timeout=5).status_code == 401  # the HEAD spent it


def test_captions_are_fetched_once_with_no_head_request(server, tmp_path):
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["c"])
    assert not report.failed and not report.warnings
    captions = kinds(sync, VIDEO)["captions"]
    text = (tmp_path / "out" / captions.name).read_text()
    assert text.endswith("Welcome\n") and captions.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert server.count("/bigbluebutton/textTrack/", method="HEAD") == 0
    assert server.count("/bigbluebutton/textTrack/") == 1


def test_a_dropped_caption_download_asks_for_a_new_link(server, tmp_path):
    server.inject("drop", match="/bigbluebutton/textTrack/", after_bytes=10)
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["c"])
    assert not report.failed and not report.warnings
    assert (tmp_path / "out" / kinds(sync, VIDEO)["captions"].name).read_text().endswith("Welcome\n")
    assert server.count("/bigbluebutton/api/getRecordingTextTracks") == 2 + 1  # one per recording, one fresh link


@pytest.mark.parametrize("fault", [
    {"kind": "status", "status": 500},
    {"kind": "status", "status": 502},
    {"kind": "failed_xml"},
    {"kind": "malformed_xml", "body": b'{"response": {"returncode": "SUCC'},
    {"kind": "stall", "after_bytes": 0, "seconds": 3},
], ids=["500", "502", "xml-failed", "truncated-json", "stall"])
def test_a_failing_text_tracks_call_still_syncs_the_recordings_with_a_warning(server, tmp_path, fault):
    server.inject(match="getRecordingTextTracks", times=None, **fault)
    sync = engine(server, tmp_path)
    sync.client.timeout = (2, 1)
    report = sync.sync(meeting_ids=["c"])
    assert not report.failed and sorted(report.updated) == sorted([VIDEO, SPLIT])
    assert set(kinds(sync, VIDEO)) == {"video"} and set(kinds(sync, SPLIT)) == {"webcams", "deskshare"}
    assert set(report.warnings) == {VIDEO, SPLIT}
    assert all("captions not checked" in lines[0] for lines in report.warnings.values())
    server.clear_faults()
    later = sync.sync(meeting_ids=["c"])  # the call works again: the missing captions alone are fetched
    assert later.updated == [VIDEO] and later.downloads == 1 and "captions" in kinds(sync, VIDEO)


def test_a_failing_text_tracks_call_keeps_the_captions_synced_before(server, tmp_path):
    sync = engine(server, tmp_path)
    sync.sync(meeting_ids=["c"])
    server.recordings[VIDEO].name = "Week 1 (renamed)"
    server.inject("status", match="getRecordingTextTracks", status=503)
    report = sync.sync(meeting_ids=["c"])
    assert not report.failed and report.updated == [VIDEO] and list(report.warnings) == [VIDEO]
    assert "captions" in kinds(sync, VIDEO) and sync.catalog.get(VIDEO).name == "Week 1 (renamed)"


@pytest.mark.parametrize("mode", ["no_captions", "legacy_keys"])
def test_bbb_web_failures_meaning_no_captions_are_no_captions(server, tmp_path, mode):
    server.text_tracks = mode
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["c"])
    assert not report.failed and not report.warnings and set(kinds(sync, VIDEO)) == {"video"}
    assert server.count("/bigbluebutton/api/getRecordingTextTracks") == 2


def test_no_recordings_spelled_the_old_way_is_understood(server):
    server.text_tracks = "legacy_keys"
    with pytest.raises(Exception) as caught:
        BBBClient(server.api_url, SECRET).text_tracks(record_id(9, "nowhere"))
    assert caught.value.message_key == "noRecordings"


@pytest.mark.parametrize("mode", ["unsupported", "not_found"])
def test_a_server_without_the_call_is_asked_once(server, tmp_path, mode, caplog):
    server.text_tracks = mode
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["c"])
    assert not report.failed and sorted(report.updated) == sorted([VIDEO, SPLIT])
    assert server.count("/bigbluebutton/api/getRecordingTextTracks") == 1
    assert "does not support getRecordingTextTracks" in caplog.text


def test_an_empty_answer_is_a_warning_not_a_failure(server, tmp_path):
    server.text_tracks = "empty"  # RecordingServiceDbImpl returns null; bbb-web renders an empty body
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["c"])
    assert not report.failed and set(report.warnings) == {VIDEO, SPLIT}
    assert set(kinds(sync, VIDEO)) == {"video"}


def test_a_caption_that_cannot_be_downloaded_is_a_warning(server, tmp_path):
    server.inject("status", match="/bigbluebutton/textTrack/", status=403, times=None)
    sync = engine(server, tmp_path)
    report = sync.sync(meeting_ids=["c"])
    assert not report.failed and set(kinds(sync, VIDEO)) == {"video"}
    [warning] = report.warnings[VIDEO]
    assert warning.startswith("captions en:") and "403" in warning


def test_a_text_tracks_call_without_record_id_is_refused_like_bbb_web(server):
    client = BBBClient(server.api_url, SECRET)
    body = client.get("getRecordingTextTracks", [("recordID", "")])
    assert b"<messageKey>missingParamRecordID</messageKey>" in body and body.startswith(b"<response>")
