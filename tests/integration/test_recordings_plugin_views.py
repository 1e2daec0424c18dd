"""The recordings page and the download view: access matrix, ranges, validators, headers."""

import hashlib
import re

import pytest
from django.test import Client

from openedx_plugins.recordings.models import CourseRecordingSettings, RecordingFile
from sandbox.models import LearnerProfile
from tests.integration.recordings_plugin_support import COURSE, add_recording, local_storage, random_bytes

pytestmark = pytest.mark.django_db
__all__ = ["local_storage"]

VIDEO = random_bytes(200_000, seed=1)
LOWRES = random_bytes(50_000, seed=2)
CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour\n"
PAGE = f"/wikilearn/recordings/{COURSE}/"


@pytest.fixture
def lesson(local_storage, users):
    return add_recording("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678-1772636400000", {
        "video": ("video", "mp4", VIDEO), "lowres": ("lowres", "mp4", LOWRES),
        "captions-en": ("captions", "vtt", CAPTIONS),
    }, title="Leçon 1 : partenariats")


def url_of(recording, key):
    file = recording.files.get(key=key)
    return f"/wikilearn/recordings/{COURSE}/files/{file.pk}/x.mp4"


def client_for(users, username):
    client = Client()
    if username:
        client.force_login(users[username])
    return client


def set_enrolled(users, username, enrolled):
    LearnerProfile.objects.filter(user=users[username]).update(enrolled=enrolled)


# who -> (page status, download status)
MATRIX = {
    "anonymous": (302, 302),
    "not_enrolled": (403, 403),
    "downloads_off": (200, 403),
    "recording_off": (200, 403),
    "enrolled": (200, 200),
    "staff": (200, 200),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_access_matrix_for_page_and_download(users, lesson, who):
    username = {"anonymous": None, "staff": "staff_1"}.get(who, "learner_1")
    if who == "not_enrolled":
        set_enrolled(users, "learner_1", False)
    if who in ("downloads_off", "staff"):
        CourseRecordingSettings.objects.create(course_key=COURSE, downloads_allowed=False)
    if who == "recording_off":
        lesson.downloads_allowed = False
        lesson.save()
    client = client_for(users, username)
    page, download = client.get(PAGE), client.get(url_of(lesson, "video"))
    assert (page.status_code, download.status_code) == MATRIX[who]
    if who == "anonymous":
        assert page["Location"].startswith("/?next=") and download["Location"].startswith("/?next=")
    if download.status_code == 200:
        assert b"".join(download.streaming_content) == VIDEO
    if page.status_code == 200:
        html = page.content.decode()
        assert ("files/" in html) == (MATRIX[who][1] == 200)
        assert "Leçon 1 : partenariats" in html


def test_page_lists_files_sizes_captions_and_lightest(users, lesson):
    html = client_for(users, "learner_1").get(PAGE).content.decode()
    items = dict(re.findall(r'<li data-kind="(\w+)">(.*?)</li>', html, re.S))
    assert set(items) == {"video", "lowres"}
    assert 'class="wl-light"' in items["lowres"] and "wl-light" not in items["video"]
    assert "48.8\xa0KB" in items["lowres"] and "195.3\xa0KB" in items["video"]
    assert html.index('data-kind="lowres"') < html.index('data-kind="video"')  # lightest first
    assert 'data-kind="captions"' in html and "Captions:" in html


def test_page_is_right_to_left_in_arabic(users, lesson):
    html = client_for(users, "learner_7").get(PAGE, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html


def test_unavailable_recording_is_hidden_from_learners_and_kept_for_staff(users, lesson):
    lesson.available = False
    lesson.save()
    learner, staff = client_for(users, "learner_1"), client_for(users, "staff_1")
    assert "partenariats" not in learner.get(PAGE).content.decode()
    assert learner.get(url_of(lesson, "video")).status_code == 404
    assert "partenariats" in staff.get(PAGE).content.decode()
    assert staff.get(url_of(lesson, "video")).status_code == 200


def test_files_of_other_courses_and_unready_files_are_not_found(users, lesson):
    client = client_for(users, "staff_1")
    file = lesson.files.get(key="video")
    other = f"/wikilearn/recordings/course-v1:Other+X+1/files/{file.pk}/x.mp4"
    assert client.get(other).status_code in (403, 404)
    RecordingFile.objects.filter(pk=file.pk).update(ready=False)
    assert client.get(url_of(lesson, "video")).status_code == 404
    assert client.get("/wikilearn/recordings/not-a-key/").status_code == 404


def test_download_headers(users, lesson):
    response = client_for(users, "learner_1").get(url_of(lesson, "video"))
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{hashlib.sha256(VIDEO).hexdigest()}"'
    assert response["Content-Length"] == str(len(VIDEO))
    assert response["Content-Type"] == "video/mp4"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Lecon 1 partenariats - 2026-03-04 - Video.mp4"')
    assert "filename*=UTF-8''Le%C3%A7on%201%20partenariats%20-%202026-03-04%20-%20Video.mp4" in disposition
    assert "private" in response["Cache-Control"]


def test_head_gives_headers_without_body(users, lesson):
    response = client_for(users, "learner_1").head(url_of(lesson, "video"), HTTP_RANGE="bytes=10-19")
    assert response.status_code == 206 and response["Content-Length"] == "10" and response.content == b""


@pytest.mark.parametrize("header,status,expected", [
    ("bytes=0-99", 206, (0, 99)),
    ("bytes=100000-", 206, (100000, 199999)),
    ("bytes=-500", 206, (199500, 199999)),
    ("bytes=199990-300000", 206, (199990, 199999)),
    ("BYTES = 5 - 9", 206, (5, 9)),
    ("bytes=200000-", 416, None),
    ("bytes=-0", 416, None),
    ("bytes=0-1,5-9", 200, None),
    ("bytes=9-5", 200, None),
    ("bytes=abc", 200, None),
    ("items=0-9", 200, None),
    ("bytes=-", 200, None),
    ("bytes=0x10-20", 200, None),
    ("bytes=²-9", 200, None),
    ("bytes=" + "9" * 300, 200, None),
    ("bytes=18446744073709551616-", 200, None),
])
def test_range_requests_including_malformed_ones(users, lesson, header, status, expected):
    response = client_for(users, "learner_1").get(url_of(lesson, "video"), HTTP_RANGE=header)
    assert response.status_code == status
    if status == 206:
        first, last = expected
        assert b"".join(response.streaming_content) == VIDEO[first:last + 1]
        assert response["Content-Range"] == f"bytes {first}-{last}/{len(VIDEO)}"
        assert response["Content-Length"] == str(last - first + 1)
    elif status == 416:
        assert response["Content-Range"] == f"bytes */{len(VIDEO)}"
    else:
        assert b"".join(response.streaming_content) == VIDEO


def test_if_range_resumes_only_the_same_file(users, lesson):
    client = client_for(users, "learner_1")
    url = url_of(lesson, "video")
    etag = client.head(url)["ETag"]
    last_modified = client.head(url)["Last-Modified"]
    resumed = client.get(url, HTTP_RANGE="bytes=1000-", HTTP_IF_RANGE=etag)
    assert resumed.status_code == 206 and b"".join(resumed.streaming_content) == VIDEO[1000:]
    by_date = client.get(url, HTTP_RANGE="bytes=1000-", HTTP_IF_RANGE=last_modified)
    assert by_date.status_code == 206
    for stale in ('"0000"', 'W/' + etag, "Thu, 01 Jan 1970 00:00:00 GMT", "garbage"):
        changed = client.get(url, HTTP_RANGE="bytes=1000-", HTTP_IF_RANGE=stale)
        assert changed.status_code == 200 and b"".join(changed.streaming_content) == VIDEO


def test_if_none_match_gives_304(users, lesson):
    client = client_for(users, "learner_1")
    url = url_of(lesson, "video")
    assert client.get(url, HTTP_IF_NONE_MATCH=client.head(url)["ETag"]).status_code == 304


def test_post_is_refused(users, lesson):
    assert client_for(users, "learner_1").post(url_of(lesson, "video")).status_code == 405


def test_page_queries_do_not_grow_with_recordings(users, lesson):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users, "learner_1")
    client.get(PAGE)
    with CaptureQueriesContext(connection) as one:
        assert client.get(PAGE).status_code == 200
    for number in range(2, 6):
        add_recording(f"{number:040x}-1772636400000", {"video.m4v": ("video", "m4v", b"v" * number),
                                                       "audio.opus": ("audio", "opus", b"a")})
    with CaptureQueriesContext(connection) as five:
        html = client.get(PAGE).content.decode()
    assert html.count('class="wl-lesson"') == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_public_bucket_is_a_redirect_not_a_buffered_read(users, lesson, monkeypatch):
    from openedx_plugins.recordings import views

    class PublicBucket:
        bucket_name, querystring_auth = "recordings", False

        def url(self, name):
            return f"https://recordings.example/{name}"

        def open(self, *args):
            raise AssertionError("must not read the object through the app")

    monkeypatch.setattr(views, "get_storage", PublicBucket)
    file = lesson.files.get(key="video")
    response = client_for(users, "learner_1").get(url_of(lesson, "video"))
    assert response.status_code == 302 and response["Location"] == f"https://recordings.example/{file.storage_name}"
