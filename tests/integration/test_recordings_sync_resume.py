"""Resuming is only done against a strong validator (issue 16): never an old prefix + a new suffix.

The local server sends what nginx sends for a static file (ETag and Last-Modified) unless told to
drop them (``server.validators``), as a proxy or another web server might.
"""

import hashlib
import json
import os
import time

import pytest

from recordings_sync.download import Downloader, strong_validator
from tests.peers.bbb_server import BBBServer

PATH = "/static/lesson.bin"


@pytest.fixture
def server(tmp_path):
    with BBBServer() as running:
        source = tmp_path / "served.bin"
        source.write_bytes(os.urandom(300_000))
        old = time.time() - 60  # Last-Modified well before the response's Date: a strong date validator
        os.utime(source, (old, old))
        running.static[PATH] = source
        running.source = source
        yield running


def tool():
    return Downloader(chunk_size=8192, sleep=lambda _s: None, timeout=(5, 5), max_retries=1)


def interrupted(server, dest):
    """A first run that stops with part of the file on disk (as after a crash or a lost connection)."""
    server.inject("drop", match=PATH, after_bytes=100_000)
    server.inject("status", match=PATH, status=503, times=None)  # asked only once the drop has fired
    with pytest.raises(Exception, match="giving up"):
        tool().download(server.url + PATH, dest)
    server.clear_faults()
    part = dest.with_name(dest.name + ".part")
    assert part.stat().st_size == 100_000
    return json.loads(dest.with_name(dest.name + ".part.json").read_text())


def change(server):
    """The file changes on the server: same size, other bytes, new time."""
    server.source.write_bytes(os.urandom(300_000))


@pytest.mark.parametrize("validators", [set(), {"weak-etag"}], ids=["none", "weak-etag-only"])
def test_a_changed_file_without_a_strong_validator_is_fetched_from_zero(server, tmp_path, validators):
    server.validators = validators
    dest = tmp_path / "lesson.bin"
    server.inject("drop", match=PATH, after_bytes=100_000)
    server.inject("status", match=PATH, status=503, times=None)  # asked only once the drop has fired
    with pytest.raises(Exception, match="giving up"):
        tool().download(server.url + PATH, dest)
    server.clear_faults()
    part, sidecar = tmp_path / "lesson.bin.part", tmp_path / "lesson.bin.part.json"
    assert json.loads(sidecar.read_text())["validator"] is None
    assert part.stat().st_size == 0  # nothing to prove these bytes current: not kept for a resume
    # the state an earlier version left (a prefix and no validator), then the file changes on the server
    part.write_bytes(server.source.read_bytes()[:100_000])
    change(server)
    result = tool().download(server.url + PATH, dest)
    expected = hashlib.sha256(server.source.read_bytes()).hexdigest()
    assert result.sha256 == expected == hashlib.sha256(dest.read_bytes()).hexdigest()  # not old prefix + new suffix
    assert not result.resumed and [rng for method, _path, rng in server.log if method == "GET"][-1] is None


def test_a_retry_within_one_run_without_a_validator_starts_again(server, tmp_path):
    server.validators = set()
    server.inject("drop", match=PATH, after_bytes=100_000)
    result = tool().download(server.url + PATH, tmp_path / "lesson.bin")
    assert result.sha256 == hashlib.sha256(server.source.read_bytes()).hexdigest()
    assert [rng for method, _path, rng in server.log if method == "GET"] == [None, None]


def test_last_modified_alone_is_used_with_if_range(server, tmp_path):
    server.validators = {"last-modified"}
    dest = tmp_path / "lesson.bin"
    state = interrupted(server, dest)
    assert state["validator"].endswith(" GMT")
    result = tool().download(server.url + PATH, dest)
    assert result.resumed and result.sha256 == hashlib.sha256(server.source.read_bytes()).hexdigest()
    assert server.log[-1][2] == "bytes=100000-" and server.if_ranges[-1] == state["validator"]


def test_last_modified_alone_detects_a_change(server, tmp_path):
    server.validators = {"last-modified"}
    dest = tmp_path / "lesson.bin"
    interrupted(server, dest)
    change(server)
    earlier = time.time() - 30
    os.utime(server.source, (earlier, earlier))
    result = tool().download(server.url + PATH, dest)
    assert result.sha256 == hashlib.sha256(server.source.read_bytes()).hexdigest()


def test_etag_resume_sends_if_range(server, tmp_path):
    dest = tmp_path / "lesson.bin"
    state = interrupted(server, dest)
    result = tool().download(server.url + PATH, dest)
    assert result.resumed and server.if_ranges[-1] == state["validator"].strip() and state["validator"].startswith('"')
    change(server)  # and a change under an ETag: the server's If-Range check sends the whole new file
    os.utime(server.source, (time.time() - 5, time.time() - 5))
    dest.unlink()
    interrupted(server, dest)
    change(server)
    result = tool().download(server.url + PATH, dest)
    assert result.sha256 == hashlib.sha256(server.source.read_bytes()).hexdigest()


def test_what_counts_as_a_strong_validator():
    date = "Fri, 04 Dec 2026 10:00:05 GMT"
    assert strong_validator({"ETag": '"abc"'}) == '"abc"'
    assert strong_validator({"ETag": 'W/"abc"'}) is None
    assert strong_validator({"ETag": 'W/"abc"', "Last-Modified": "Fri, 04 Dec 2026 10:00:00 GMT", "Date": date}) \
        == "Fri, 04 Dec 2026 10:00:00 GMT"
    assert strong_validator({"Last-Modified": "Fri, 04 Dec 2026 10:00:05 GMT", "Date": date}) is None  # same second
    assert strong_validator({"Last-Modified": "Fri, 04 Dec 2026 10:00:00 GMT"}) is None  # no Date to compare
    assert strong_validator({"Last-Modified": "garbage", "Date": date}) is None
    assert strong_validator({}) is None
