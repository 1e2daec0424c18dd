"""Helpers shared by the recordings plugin tests: a storage under tmp, recordings made directly."""

import hashlib
import random
from datetime import UTC, datetime

import pytest
import requests
from django.core.files.base import ContentFile
from django.test import Client

from openedx_plugins.recordings.models import Recording, RecordingFile
from openedx_plugins.recordings.storage import file_name, get_storage
from tests.peers.bbb_server import BBBServer, FakeRecording, record_id

COURSE = "course-v1:Wikimedia+PB101+2026"
SECRET = "plugin-test-secret"  # noqa: S105 - a local test server's secret
MEETING = "pb101-lessons"
MIME = {"mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "opus": "audio/ogg", "vtt": "text/vtt"}


@pytest.fixture
def local_storage(settings, tmp_path):
    """Recording files on local disk under the test's tmp folder."""
    settings.WIKILEARN_RECORDINGS_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "recordings")},
    }
    return get_storage()


def add_recording(record_id, files, course_key=COURSE, title="Lesson 1: Partnerships", **fields):
    """A recording whose ``files`` (key -> (kind, extension, bytes)) are saved to the storage."""
    recording = Recording.objects.create(
        course_key=course_key, record_id=record_id, meeting_id="pb101-lesson", title=title,
        start=datetime(2026, 3, 4, 15, 0, tzinfo=UTC), duration=3600, state="published", **fields,
    )
    storage = get_storage()
    for key, (kind, extension, content) in files.items():
        name = storage.save(file_name(course_key, record_id, key, extension), ContentFile(content))
        RecordingFile.objects.create(
            recording=recording, kind=kind, key=key, storage_name=name, size=len(content),
            sha256=hashlib.sha256(content).hexdigest(), mime_type=MIME.get(extension, "application/octet-stream"),
            language="en" if kind == "captions" else "", ready=True,
        )
    return recording


def random_bytes(size, seed=0):
    """Deterministic incompressible bytes."""
    return random.Random(seed).randbytes(size)


@pytest.fixture
def bbb(settings):
    """The local BBB API server, configured as server ``local``."""
    with BBBServer(SECRET) as server:
        settings.WIKILEARN_BBB_SERVERS = {"local": {"url": server.api_url, "secret": SECRET, "checksum": "sha256"}}
        yield server


def add_lesson(server, number, layout="video", title=None, meeting=MEETING):
    """Publish a recording on the local BBB server."""
    return server.add(FakeRecording(record_id(number, meeting), meeting, title or f"Lesson {number}", layout,
                                    start_ms=1_772_000_000_000 + number * 604_800_000))


def session_for(live_server, user):
    """A requests session logged in as ``user`` on the live server."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    return session
