"""The Downloader over real HTTP on 127.0.0.1 against the local BigBlueButton server's faults."""

import hashlib
import json
import os
import tracemalloc

import pytest

from recordings_sync.download import Downloader, DownloadError, DownloadTooLarge
from tests.peers.bbb_server import BBBServer, FakeRecording, record_id

RID = record_id(1)
PATH = f"/playback/video/{RID}/video-0.m4v"


@pytest.fixture
def server():
    with BBBServer() as running:
        running.add(FakeRecording(RID, "meeting", layout="video"))
        yield running


def downloader(**options):
    """Small chunks so faults land mid-file; no real sleeping. The read timeout is generous (a loaded
    machine must not cause spurious retries that would change the counts asserted); stall tests shorten it."""
    sleeps = []
    options = {"chunk_size": 8192, "sleep": sleeps.append, "timeout": (5, 5), **options}
    instance = Downloader(**options)
    instance.sleeps = sleeps
    return instance


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_size(server):
    return (server.media_dir / "video-0.m4v").stat().st_size


def test_plain_download_is_verified_and_reports_progress(server, tmp_path):
    seen = []
    result = downloader().download(server.url + PATH, tmp_path / "v.m4v", source_size(server),
                                   progress=lambda done, total: seen.append((done, total)))
    assert result.sha256 == sha256(tmp_path / "v.m4v") == server.sha256_of(PATH)
    assert result.size == source_size(server) and not result.resumed and result.attempts == 1
    assert seen[-1] == (result.size, result.size)
    steps = [done for done, _total in seen]
    assert steps == sorted(steps) and len(steps) >= result.size // 8192
    assert max(b - a for a, b in zip([0, *steps], steps, strict=False)) <= 8192  # fixed-size chunks: memory stays flat
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.m4v"]  # no part file, no sidecar left


@pytest.mark.parametrize("fault", [
    {"kind": "drop", "after_bytes": 20_000, "times": 3},
    {"kind": "drop", "after_bytes": 0, "times": 2},
    {"kind": "status", "status": 500, "nth": 1},
    {"kind": "status", "status": 503, "nth": 1, "times": 4},
    {"kind": "stall", "after_bytes": 30_000, "seconds": 5},
    {"kind": "wrong_length", "delta": 5_000},
    {"kind": "wrong_length", "delta": -5_000},
], ids=["drop-midway-x3", "drop-at-0", "500", "503-x4", "stall", "length-too-long", "length-too-short"])
def test_every_fault_is_survived_with_the_same_sha256(server, tmp_path, fault):
    injected = server.inject(match="video-0", **fault)
    tool = downloader(timeout=(5, 0.5)) if fault["kind"] == "stall" else downloader()
    result = tool.download(server.url + PATH, tmp_path / "v.m4v", expected_size=source_size(server))
    assert injected.fired >= 1
    assert result.sha256 == sha256(tmp_path / "v.m4v") == server.sha256_of(PATH)
    assert len(tool.sleeps) == result.attempts - 1
    if fault["kind"] == "wrong_length" and fault["delta"] > 0:
        # Content-Length overstates the body, but all the bytes HEAD announced arrived: nothing to retry
        assert result.size == source_size(server)
    else:
        assert result.attempts > 1


def test_resume_uses_range_after_a_drop(server, tmp_path):
    server.inject("drop", match="video-0", after_bytes=40_000)
    downloader().download(server.url + PATH, tmp_path / "v.m4v", source_size(server))
    ranges = [header for method, path, header in server.log if method == "GET" and path == PATH]
    assert ranges[0] is None and ranges[1].startswith("bytes=") and int(ranges[1][6:-1]) > 0


def test_a_server_ignoring_range_makes_the_download_start_again(server, tmp_path):
    server.inject("drop", match="video-0", after_bytes=40_000)
    ignored = server.inject("ignore_range", match="video-0", nth=1)
    result = downloader().download(server.url + PATH, tmp_path / "v.m4v", source_size(server))
    assert ignored.fired == 1 and result.sha256 == server.sha256_of(PATH) and result.size == source_size(server)


def test_drop_on_the_nth_request_of_many(server, tmp_path):
    server.inject("status", match="video-0", nth=3, status=503)
    for number in range(4):
        result = downloader().download(server.url + PATH, tmp_path / f"{number}.m4v", source_size(server))
        assert result.sha256 == server.sha256_of(PATH)
    assert server.count(PATH) == 5


def test_restart_of_the_process_resumes_from_the_partial_file(server, tmp_path):
    dest = tmp_path / "v.m4v"
    server.inject("drop", match="video-0", after_bytes=50_000)
    server.inject("status", match="video-0", status=503, times=None)
    with pytest.raises(DownloadError):
        downloader(max_retries=1).download(server.url + PATH, dest, source_size(server))
    part = tmp_path / "v.m4v.part"
    assert not dest.exists() and part.exists() and part.stat().st_size > 0
    state = json.loads((tmp_path / "v.m4v.part.json").read_text())
    assert state["url"] == server.url + PATH and state["validator"]
    kept = part.stat().st_size
    server.clear_faults()
    result = downloader().download(server.url + PATH, dest, source_size(server))  # a new Downloader, as after restart
    assert result.resumed and result.sha256 == sha256(dest) == server.sha256_of(PATH)
    assert [header for method, _path, header in server.log if method == "GET"][-1] == f"bytes={kept}-"
    assert not part.exists()


def test_a_changed_file_is_fetched_again_from_zero(server, tmp_path):
    dest = tmp_path / "v.m4v"
    (tmp_path / "v.m4v.part").write_bytes(b"x" * 1000)  # stale bytes of an older version
    (tmp_path / "v.m4v.part.json").write_text(json.dumps({"url": server.url + PATH, "validator": '"old"'}))
    result = downloader().download(server.url + PATH, dest, source_size(server))
    assert result.sha256 == server.sha256_of(PATH)  # If-Range did not match: server sent 200, we restarted


def test_a_changed_validator_on_a_partial_response_starts_again(server, tmp_path):
    (tmp_path / "v.m4v.part").write_bytes(b"x" * 1000)
    (tmp_path / "v.m4v.part.json").write_text(json.dumps({"url": server.url + PATH, "validator": '"old"'}))
    ignored = server.inject("ignore_if_range", match="video-0")  # answers 206 although the ETag differs
    result = downloader().download(server.url + PATH, tmp_path / "v.m4v", source_size(server))
    assert ignored.fired == 1 and result.sha256 == server.sha256_of(PATH)
    assert [header for method, _path, header in server.log if method == "GET"] == ["bytes=1000-", None]


def test_retry_after_is_honoured(server, tmp_path):
    server.inject("status", match="video-0", status=503, retry_after=7)
    tool = downloader(jitter=lambda: 0.0, backoff=0.01)
    result = tool.download(server.url + PATH, tmp_path / "v.m4v", source_size(server))
    assert tool.sleeps == [7.0] and result.sha256 == server.sha256_of(PATH)


def test_partial_of_another_url_is_discarded(server, tmp_path):
    (tmp_path / "v.m4v.part").write_bytes(b"junk")
    (tmp_path / "v.m4v.part.json").write_text(json.dumps({"url": "http://elsewhere/x"}))
    result = downloader().download(server.url + PATH, tmp_path / "v.m4v", source_size(server))
    assert result.sha256 == server.sha256_of(PATH) and not result.resumed


def test_maximum_size_is_honoured(server, tmp_path):
    with pytest.raises(DownloadTooLarge):
        downloader(max_size=1000).download(server.url + PATH, tmp_path / "v.m4v")
    with pytest.raises(DownloadTooLarge):
        downloader().download(server.url + PATH, tmp_path / "w.m4v", expected_size=source_size(server), max_size=10)
    assert not (tmp_path / "v.m4v").exists() and not (tmp_path / "w.m4v").exists()


def test_missing_file_fails_without_retrying(server, tmp_path):
    tool = downloader()
    with pytest.raises(DownloadError, match="404"):
        tool.download(server.url + "/playback/video/nothing/video-0.m4v", tmp_path / "v.m4v")
    assert tool.sleeps == []


def test_gives_up_after_max_retries_without_presenting_a_file(server, tmp_path):
    server.inject("status", match="video-0", status=503, times=None)
    tool = downloader(max_retries=3)
    with pytest.raises(DownloadError, match="giving up"):
        tool.download(server.url + PATH, tmp_path / "v.m4v", source_size(server))
    assert len(tool.sleeps) == 3 and not (tmp_path / "v.m4v").exists()


def test_memory_does_not_grow_with_the_file(server, tmp_path):
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(16 * 1024 * 1024))
    server.static["/static/big.bin"] = big
    tool = downloader(chunk_size=64 * 1024)
    tracemalloc.start()
    try:
        result = tool.download(server.url + "/static/big.bin", tmp_path / "copy.bin")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.size == big.stat().st_size and result.sha256 == sha256(big)
    assert peak < 2 * 1024 * 1024  # a few chunks in flight, not the 16 MiB file


def test_backoff_is_exponential_with_jitter_and_capped():
    tool = Downloader(backoff=1.0, max_backoff=8.0, jitter=lambda: 1.0)
    assert [tool.delay(n) for n in range(1, 6)] == [1.0, 2.0, 4.0, 8.0, 8.0]
    tool.jitter = lambda: 0.0
    assert [tool.delay(n) for n in range(1, 5)] == [0.5, 1.0, 2.0, 4.0]
