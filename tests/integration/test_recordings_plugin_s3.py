"""The same end to end against an S3 API (moto in server mode on 127.0.0.1): signed-URL redirects."""

import hashlib
import re
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from django.core.management import call_command
from moto.server import ThreadedMotoServer

from openedx_plugins.recordings.models import Recording, RecordingSource
from tests.browser_support import free_port
from tests.integration.recordings_plugin_support import COURSE, MEETING, add_lesson, bbb, session_for

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["bbb"]
BUCKET = "wikilearn-recordings"
KEYS = {"access_key": "testing", "secret_key": "testing"}  # moto accepts any credentials


@pytest.fixture
def s3_storage(settings):
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
                 aws_secret_access_key="testing").create_bucket(Bucket=BUCKET)  # noqa: S106
    settings.WIKILEARN_RECORDINGS_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": BUCKET, "endpoint_url": endpoint, "region_name": "us-east-1", "querystring_auth": True,
        "addressing_style": "path", "signature_version": "s3v4", "file_overwrite": True, **KEYS}}
    yield endpoint
    server.stop()


def test_sync_to_s3_then_signed_redirect_and_resumed_download(bbb, s3_storage, users, live_server, settings):
    settings.WIKILEARN_RECORDINGS_RENDITIONS = False
    settings.WIKILEARN_RECORDINGS_SIGNED_URL_EXPIRY = 120
    lesson = add_lesson(bbb, 1, "video", title="Leçon 1")
    RecordingSource.objects.create(course_key=COURSE, server="local", meeting_ids=MEETING)
    call_command("sync_recordings", "--no-progress", stdout=open("/dev/null", "w"))  # noqa: SIM115
    video = Recording.objects.get(record_id=lesson.record_id).files.get(kind="video")
    objects = boto3.client("s3", endpoint_url=s3_storage, region_name="us-east-1", aws_access_key_id="testing",
                           aws_secret_access_key="testing").list_objects_v2(Bucket=BUCKET)  # noqa: S106
    assert video.storage_name in {item["Key"] for item in objects["Contents"]}

    http = session_for(live_server, users["learner_1"])
    page = http.get(f"{live_server.url}/wikilearn/recordings/{COURSE}/")
    link = re.search(r'<li data-kind="video"><a href="([^"]+)"', page.text).group(1)
    redirect = http.get(live_server.url + link, allow_redirects=False)
    assert redirect.status_code == 302 and redirect.headers["Cache-Control"] == "no-store"
    signed = redirect.headers["Location"]
    assert signed.startswith(s3_storage + "/" + BUCKET + "/")
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["120"] and "X-Amz-Signature" in query
    assert "filename*=UTF-8''Le%C3%A7on%201" in query["response-content-disposition"][0]

    expected = bbb.media_for(f"/playback/video/{lesson.record_id}/video-0.m4v").read_bytes()
    first = bytearray()
    with requests.get(signed, stream=True, timeout=10) as response:  # the browser follows the redirect
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment;")
        etag = response.headers["ETag"]
        for chunk in response.iter_content(4096):
            first += chunk
            if len(first) >= len(expected) // 2:
                break
    again = http.get(live_server.url + link, allow_redirects=False).headers["Location"]
    resumed = requests.get(again, headers={"Range": f"bytes={len(first)}-", "If-Range": etag}, timeout=10)
    assert resumed.status_code == 206
    assert hashlib.sha256(bytes(first) + resumed.content).hexdigest() == video.sha256

    anonymous = requests.get(live_server.url + link, allow_redirects=False, timeout=10)
    assert anonymous.status_code == 302 and "X-Amz-Signature" not in anonymous.headers["Location"]
    unsigned = requests.get(signed.split("?")[0], timeout=10)
    assert unsigned.status_code == 403  # the bucket is private: only signed URLs work
