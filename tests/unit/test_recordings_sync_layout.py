"""recordings_sync.layout and the local store: what is fetched, and that no BBB text becomes a path."""

import pytest

from recordings_sync.client import PlaybackFormat, Recording, TextTrack
from recordings_sync.engine import fingerprint
from recordings_sync.layout import FileLayout, LayoutError, candidates, store_name, valid_record_id
from recordings_sync.local import JsonCatalog, LocalDirectoryStore

RID = "ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124"


def recording(rid=RID, formats=()):
    return Recording(rid, "meeting", "Lesson", "published", True, None, None, 1, {}, tuple(formats))


def test_candidates_for_video_and_presentation_formats():
    found = candidates(recording(formats=[
        PlaybackFormat("presentation", f"https://bbb.example/playback/presentation/2.3/{RID}", 3),
        PlaybackFormat("video", f"https://media.example:8443/playback/video/{RID}/", 3),
    ]))
    assert found["video"] == [(f"https://media.example:8443/playback/video/{RID}/video-0.m4v", "video.m4v")]
    assert [url for url, _name in found["webcams"]] == [
        f"https://bbb.example/presentation/{RID}/video/webcams.mp4",
        f"https://bbb.example/presentation/{RID}/video/webcams.webm"]
    assert [name for _url, name in found["deskshare"]] == ["deskshare.mp4", "deskshare.webm"]


def test_format_urls_that_are_not_http_are_ignored():
    found = candidates(recording(formats=[PlaybackFormat("video", "file:///etc/", 1),
                                          PlaybackFormat("presentation", "javascript:alert(1)", 1)]))
    assert found == {}


@pytest.mark.parametrize("rid", ["../../etc/passwd", "", "ffbfc4cc24428694e8b53a4e144f414052431693", RID + "/x",
                                 RID.upper(), f"{RID}\n", "a" * 40 + "-1"])
def test_invalid_record_ids_never_become_names(rid):
    assert not valid_record_id(rid)
    with pytest.raises(LayoutError):
        store_name(rid, "video.m4v")
    with pytest.raises(LayoutError):
        candidates(recording(rid))


@pytest.mark.parametrize("filename", ["../x", "a/b", ".hidden", "", "captions-../../x.vtt"])
def test_invalid_file_names_are_refused(filename):
    with pytest.raises(LayoutError):
        store_name(RID, filename)


def test_caption_languages_are_validated_before_naming_files():
    layout = FileLayout()
    layout.head = lambda url: 10  # no network: every track exists
    tracks = [TextTrack("https://b.example/c_en.vtt", "subtitles", "English", "en"),
              TextTrack("https://b.example/c_x.vtt", "subtitles", "Evil", "../../etc"),
              TextTrack("https://b.example/c_en2.vtt", "subtitles", "Again", "en"),
              TextTrack("file:///etc/passwd", "subtitles", "Local", "fr"),
              TextTrack("https://b.example/c_pt.vtt", "captions", "Português", "pt-BR")]
    found = layout.captions(recording(), tracks)
    assert [(item.name, item.lang) for item in found] == [
        (f"{RID}/captions-en.vtt", "en"), (f"{RID}/captions-pt-BR.vtt", "pt-BR")]


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a/../../b", "a//b", ".x", ""])
def test_local_store_refuses_names_leaving_its_root(tmp_path, name):
    with pytest.raises(ValueError):
        LocalDirectoryStore(tmp_path).path(name)


def test_local_store_saves_atomically_and_json_catalog_round_trips(tmp_path):
    store = LocalDirectoryStore(tmp_path / "store")
    local = tmp_path / "finished"
    local.write_bytes(b"data")
    store.save(f"{RID}/video.m4v", local)
    assert store.exists(f"{RID}/video.m4v") and store.size(f"{RID}/video.m4v") == 4 and not local.exists()
    catalog = JsonCatalog(tmp_path / "catalog.json")
    from recordings_sync.engine import SyncedFile

    item = SyncedFile("video", f"{RID}/video.m4v", 4, "ab" * 32, "video/mp4")
    catalog.save(recording(), [item], fingerprint(recording()))
    catalog.mark_unavailable(RID)
    assert JsonCatalog(tmp_path / "catalog.json").get(RID) is None  # batched: not written yet
    catalog.flush()
    reloaded = JsonCatalog(tmp_path / "catalog.json").get(RID)
    assert reloaded.files == [item] and reloaded.available is False
    assert reloaded.fingerprint == fingerprint(recording()) != fingerprint(recording(formats=[
        PlaybackFormat("video", "https://b.example/x", 1)]))


def test_fingerprint_follows_the_recording_not_the_servers_address():
    """The same recording behind another host or port is unchanged (caption links are single use, so a
    needless second look would download every caption again); another path or length is a change."""
    def at(url, length=3):
        return fingerprint(recording(formats=[PlaybackFormat("video", url, length)]))

    here = at(f"https://bbb.example/playback/video/{RID}/")
    assert here == at(f"http://127.0.0.1:40123/playback/video/{RID}/")
    assert here != at(f"https://bbb.example/playback/video/{RID}-2/")
    assert here != at(f"https://bbb.example/playback/video/{RID}/", length=4)
