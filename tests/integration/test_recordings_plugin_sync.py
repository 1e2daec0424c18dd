"""End to end over HTTP: local BBB server -> sync (command and task) -> storage -> page -> resumed download."""

import hashlib
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from openedx_plugins.recordings.models import Recording, RecordingFile, RecordingSource
from openedx_plugins.recordings.storage import get_storage
from openedx_plugins.recordings.tasks import sync_recordings
from tests.integration.recordings_plugin_support import COURSE, MEETING, add_lesson, bbb, local_storage, session_for

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["bbb", "local_storage"]
def sync(**options):
    call_command("sync_recordings", "--no-progress", stdout=open("/dev/null", "w"), **options)  # noqa: SIM115


def test_sync_then_page_then_download_interrupted_and_resumed(bbb, local_storage, users, live_server, settings):
    lesson = add_lesson(bbb, 1, "video", title="Lesson 1: partnerships")
    bbb.add_track(lesson.record_id, "fr", "Français", "Bonjour")
    RecordingSource.objects.create(course_key=COURSE, server="local", meeting_ids=MEETING)
    sync()
    recording = Recording.objects.get(record_id=lesson.record_id)
    kinds = {item.kind: item for item in recording.files.all()}
    assert set(kinds) == {"video", "captions", "audio", "lowres", "transcript"}  # the transcript of the captions
    assert kinds["video"].sha256 == bbb.sha256_of(f"/playback/video/{lesson.record_id}/video-0.m4v")
    assert all(item.ready and get_storage().exists(item.storage_name) for item in kinds.values())
    assert recording.title == "Lesson 1: partnerships" and recording.duration == 3

    http = session_for(live_server, users["learner_2"])
    page = http.get(f"{live_server.url}/wikilearn/recordings/{COURSE}/")
    assert page.status_code == 200
    links = dict(re.findall(r'<li data-kind="(\w+)"><a href="([^"]+)"', page.text))
    assert set(links) == {"video", "audio", "lowres"}
    assert "Français" in page.text
    light = re.search(r'<li data-kind="(\w+)">(?:(?!</li>).)*wl-light', page.text, re.S).group(1)
    assert light == min(("video", "audio", "lowres"), key=lambda kind: kinds[kind].size)

    url = live_server.url + links["video"]
    expected = bbb.media_for(f"/playback/video/{lesson.record_id}/video-0.m4v").read_bytes()
    first = bytearray()
    with http.get(url, stream=True) as response:
        assert response.status_code == 200 and int(response.headers["Content-Length"]) == len(expected)
        etag = response.headers["ETag"]
        for chunk in response.iter_content(4096):
            first += chunk
            if len(first) >= len(expected) // 2:
                break  # the connection drops half-way
    assert len(first) < len(expected)
    resumed = http.get(url, headers={"Range": f"bytes={len(first)}-", "If-Range": etag})
    assert resumed.status_code == 206
    assert resumed.headers["Content-Range"] == f"bytes {len(first)}-{len(expected) - 1}/{len(expected)}"
    assert hashlib.sha256(bytes(first) + resumed.content).hexdigest() == hashlib.sha256(expected).hexdigest()


def test_resync_downloads_nothing_and_follows_bbb(bbb, local_storage, users, settings):
    settings.WIKILEARN_RECORDINGS_RENDITIONS = False
    settings.WIKILEARN_RECORDINGS_LESSON_PACKAGES = False  # counts the media downloads alone
    one, two = add_lesson(bbb, 1, "video"), add_lesson(bbb, 2, "presentation")
    add_lesson(bbb, 3, "video", meeting="another-course")
    RecordingSource.objects.create(course_key=COURSE, server="local", meeting_ids=MEETING)
    sync_recordings()  # the Celery task, run in process
    assert set(Recording.objects.values_list("record_id", flat=True)) == {one.record_id, two.record_id}
    assert {item.kind for item in RecordingFile.objects.filter(recording__record_id=two.record_id)} == {
        "webcams", "deskshare"}
    downloads = bbb.downloads()
    assert downloads == 3

    sync()
    assert bbb.downloads() == downloads  # nothing new
    out = io.StringIO()
    call_command("sync_recordings", "--dry-run", stdout=out)
    assert "0 new, 0 changed, 2 unchanged, 0 unavailable" in out.getvalue()

    bbb.add_track(one.record_id, "en", "English", "Hello")  # a new caption track
    two.state = "unpublished"
    sync()
    assert bbb.downloads() == downloads + 1
    assert RecordingFile.objects.filter(recording__record_id=one.record_id, kind="captions", language="en").exists()
    assert not Recording.objects.get(record_id=two.record_id).available
    assert Recording.objects.get(record_id=one.record_id).available


def test_dry_run_downloads_nothing(bbb, local_storage):
    lesson = add_lesson(bbb, 1)
    RecordingSource.objects.create(course_key=COURSE, server="local", meeting_ids=MEETING)
    out = io.StringIO()
    call_command("sync_recordings", "--dry-run", "--course", COURSE, stdout=out)
    assert "1 new, 0 changed, 0 unchanged, 0 unavailable" in out.getvalue()
    assert f"new: {lesson.record_id}" in out.getvalue()
    assert bbb.downloads() == 0 and Recording.objects.count() == 0


def test_unknown_server_is_reported_on_the_source(local_storage, settings):
    settings.WIKILEARN_BBB_SERVERS = {}
    source = RecordingSource.objects.create(course_key=COURSE, server="nowhere")
    with pytest.raises(Exception, match="failed"):
        sync()
    assert "nowhere" in RecordingSource.objects.get(pk=source.pk).last_error


def test_a_failed_or_dropped_download_never_shows_a_partial_file(bbb, local_storage, users, settings):
    settings.WIKILEARN_RECORDINGS_RENDITIONS = False
    lesson = add_lesson(bbb, 1, "video")
    path = f"/playback/video/{lesson.record_id}/video-0.m4v"
    RecordingSource.objects.create(course_key=COURSE, server="local", meeting_ids=MEETING)
    bbb.inject("status", match=path, status=403, times=None)
    with pytest.raises(Exception, match="failed"):
        sync()
    assert not RecordingFile.objects.exists()
    assert not list(Path(settings.WIKILEARN_RECORDINGS_STORAGE["OPTIONS"]["location"]).rglob("*.m4v"))
    assert lesson.record_id in RecordingSource.objects.get().last_error

    bbb.clear_faults()
    dropped = bbb.inject("drop", match=path, after_bytes=40_000)  # the connection drops; the sync resumes
    sync()
    assert dropped.fired == 1
    video = RecordingFile.objects.get(kind="video")
    assert video.sha256 == bbb.sha256_of(path)
    with get_storage().open(video.storage_name) as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == video.sha256
    ranged = [entry for entry in bbb.log if entry[1] == path and entry[2]]
    assert ranged and ranged[-1][2].startswith("bytes=")  # resumed with Range, not started again
