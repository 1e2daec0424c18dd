"""BBBClient over real HTTP against the local BigBlueButton server: checksums, paging, faults."""

import pytest

from recordings_sync.client import BBBClient, BBBError, BBBResponseError
from tests.peers.bbb_server import BBBServer, FakeRecording, record_id

SECRET = "Sëcret with spaces & symbols"


@pytest.fixture
def server():
    with BBBServer(SECRET) as running:
        for number in range(7):
            meeting = "Lesson 1 & 2" if number < 5 else "other meeting"
            running.add(FakeRecording(record_id(number), meeting, f"Lesson {number}",
                                      metadata={"course": "Wiki & Ünïcode 101"}))
        yield running


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
def test_server_accepts_both_checksums_with_escaped_parameters(server, algorithm):
    client = BBBClient(server.api_url, SECRET, checksum=algorithm)
    found = list(client.recordings(meeting_ids=["Lesson 1 & 2"], meta={"course": "Wiki & Ünïcode 101"}))
    assert len(found) == 5 and {r.meeting_id for r in found} == {"Lesson 1 & 2"}
    assert client.calls == 1


def test_wrong_secret_is_a_checksum_error(server):
    with pytest.raises(BBBError) as caught:
        list(BBBClient(server.api_url, "wrong").recordings())
    assert caught.value.message_key == "checksumError"


def test_server_rejects_an_algorithm_it_does_not_allow(server):
    server.algorithms = {"sha256"}
    with pytest.raises(BBBError):
        list(BBBClient(server.api_url, SECRET, checksum="sha1").recordings())


def test_every_page_is_read(server):
    client = BBBClient(server.api_url, SECRET)
    client.page_size = 3
    found = list(client.recordings(state="any"))
    assert sorted(r.record_id for r in found) == sorted(server.recordings)
    assert client.calls == 3  # 3 + 3 + 1
    assert server.count("/bigbluebutton/api/getRecordings") == 3


def test_exact_multiple_of_page_size_ends_on_an_empty_page(server):
    client = BBBClient(server.api_url, SECRET)
    client.page_size = 7
    assert len(list(client.recordings())) == 7 and client.calls == 2


def test_server_ignoring_paging_does_not_loop(server):
    server.ignore_paging = True
    client = BBBClient(server.api_url, SECRET)
    client.page_size = 2
    found = list(client.recordings())
    assert len(found) == 7 and len({r.record_id for r in found}) == 7
    assert client.calls == 2  # the second page repeated the first: stop


def test_state_filter(server):
    server.recordings[record_id(0)].state = "unpublished"
    client = BBBClient(server.api_url, SECRET)
    assert len(list(client.recordings())) == 6
    assert [r.published for r in client.recordings(state="unpublished")] == [False]


def test_failed_xml_fault_raises_bbb_error(server):
    server.inject("failed_xml", match="getRecordings")
    with pytest.raises(BBBError) as caught:
        list(BBBClient(server.api_url, SECRET).recordings())
    assert caught.value.message_key == "internalError"


@pytest.mark.parametrize("fault", [
    {"kind": "malformed_xml"},
    {"kind": "malformed_xml", "body": b"<response><returncode>SUCCESS</returncode><recordings><recording><recordID>"},
    {"kind": "status", "status": 500},
    {"kind": "drop", "after_bytes": 30},
    {"kind": "wrong_length", "delta": 50},
    {"kind": "stall", "after_bytes": 30, "seconds": 5},
])
def test_broken_api_responses_raise_a_clean_error(server, fault):
    server.inject(match="getRecordings", **fault)
    with pytest.raises(BBBResponseError):
        list(BBBClient(server.api_url, SECRET, timeout=(2, 0.5)).recordings())


def test_a_trickling_server_cannot_hold_a_call_forever(server):
    server.inject("stall", match="getRecordings", after_bytes=30, seconds=5)
    client = BBBClient(server.api_url, SECRET, timeout=(2, 10))
    client.max_seconds = 0  # the deadline is checked as bytes arrive
    with pytest.raises(BBBResponseError, match="no complete answer"):
        list(client.recordings())


def test_text_tracks(server):
    server.add_track(record_id(1), "pt-BR", "Português")
    client = BBBClient(server.api_url, SECRET, checksum="sha1")
    [track] = client.text_tracks(record_id(1))
    assert (track.lang, track.label) == ("pt-BR", "Português")
    # bbb-web's link: <server>/bigbluebutton/textTrack/<single-use token>/<record id>/<kind>_<lang>.vtt
    prefix, token, rid, name = track.href.rsplit("/", 3)
    assert (prefix, rid, name) == (f"{server.url}/bigbluebutton/textTrack", record_id(1), "subtitles_pt-BR.vtt")
    assert len(token) == 40
    assert client.text_tracks(record_id(2)) == []
    with pytest.raises(BBBError) as caught:
        client.text_tracks("nope")
    assert caught.value.message_key == "noRecordings"
