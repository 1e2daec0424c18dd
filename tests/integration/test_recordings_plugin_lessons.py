"""Lesson packages in the recordings app: the sync command builds them, the page lists them with
download times, the recording admin switches each kind per course, faults reach the report.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from openedx_plugins.recordings.models import CourseRecordingSettings, RecordingFile, RecordingSource
from openedx_plugins.recordings.views import download_time
from tests.integration.recordings_plugin_support import COURSE, MEETING, bbb, local_storage
from tests.peers.bbb_presentation import LessonOptions, lesson_recording, publish_lesson
from tests.peers.bbb_server import record_id

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["bbb", "local_storage"]
RID = record_id(7, MEETING)


def sync():
    out, err = io.StringIO(), io.StringIO()
    call_command("sync_recordings", "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def page(user):
    client = Client()
    client.force_login(user)
    return client.get(f"/wikilearn/recordings/{COURSE}/").content.decode()


def publish(bbb, tmp_path, **options):
    publish_lesson(bbb, lesson_recording(RID, MEETING, "Week 3: partners"), tmp_path / "bbb", LessonOptions(**options))
    RecordingSource.objects.create(course_key=COURSE, server="local", meeting_ids=MEETING)


def test_download_times_in_words():
    assert download_time(1_000, 256_000) == "under a minute"
    assert download_time(20 * 1024 ** 2, 256_000) == "11 minutes"  # an hour of slides and voice at 256 kbit/s
    assert download_time(20 * 1024 ** 2, 1_000_000) == "3 minutes"
    assert download_time(600 * 1024 ** 2, 256_000) == "5 h 28 min"


def test_sync_builds_the_package_and_the_page_lists_it(bbb, local_storage, users, tmp_path):
    publish(bbb, tmp_path)
    out, err = sync()
    assert "3 lesson package files" in out and "0 failed" in out and "lesson package" not in err
    files = {item.kind: item for item in RecordingFile.objects.filter(recording__record_id=RID)}
    assert {"slides", "slidesvideo", "transcript", "audio", "lowres", "combined"} <= set(files)
    assert files["slides"].mime_type == "application/pdf" and files["transcript"].language == "en"

    html = page(users["learner_1"])
    kinds = re.findall(r'<li data-kind="(\w+)">', html)
    assert kinds == sorted(kinds, key=lambda kind: files[kind].size)  # lightest first
    assert "slides" in kinds and "slidesvideo" in kinds
    light = re.search(r'<li data-kind="(\w+)">(?:(?!</li>).)*wl-light', html, re.S).group(1)
    assert light == min((kind for kind in kinds if kind not in ("slides",)), key=lambda kind: files[kind].size)
    item = re.search(r'<li data-kind="slidesvideo">(.*?)</li>', html, re.S).group(1)
    assert "Slides and voice" in item and "at 256 kbit/s" in item and "at 1 Mbit/s" in item
    assert 'data-kind="transcript"' in html and "Transcript (English)" in html
    assert "Incomplete" not in html

    response = Client()
    response.force_login(users["learner_1"])
    url = re.search(r'<li data-kind="slides"><a href="([^"]+)"', html).group(1)
    pdf = response.get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_the_admin_switches_kinds_per_course(bbb, local_storage, users, tmp_path):
    publish(bbb, tmp_path)
    sync()
    CourseRecordingSettings.objects.create(course_key=COURSE, slides_video=False, transcripts=False)
    html = page(users["learner_1"])
    assert 'data-kind="slidesvideo"' not in html and 'data-kind="transcript"' not in html  # hidden at once
    assert 'data-kind="slides"' in html
    out, _err = sync()
    assert "1 updated" in out and "0 lesson package files" in out  # the PDF is current: kept
    assert set(RecordingFile.objects.filter(recording__record_id=RID, kind__in=["slides", "slidesvideo",
                                                                               "transcript"])
               .values_list("kind", flat=True)) == {"slides"}
    CourseRecordingSettings.objects.filter(course_key=COURSE).update(slides_video=True)
    out, _err = sync()
    assert "1 lesson package files" in out
    assert RecordingFile.objects.filter(recording__record_id=RID, kind="slidesvideo").exists()


def test_an_incomplete_package_says_so_on_the_page_and_in_the_report(bbb, local_storage, users, tmp_path):
    publish(bbb, tmp_path, missing_slides=(2,))
    out, err = sync()
    assert "0 failed" in out and f"{RID}: lesson package: slide 2: image missing on the server" in err
    source = RecordingSource.objects.get()
    assert source.last_error == "" and "slide 2: image missing" in source.last_warnings
    slides = RecordingFile.objects.get(recording__record_id=RID, kind="slides")
    assert slides.notes == "incomplete: slide 2 missing or unusable"
    html = page(users["learner_1"])
    item = re.search(r'<li data-kind="slides">(.*?)</li>', html, re.S).group(1)
    assert "Incomplete: some parts of the lesson could not be included." in item
