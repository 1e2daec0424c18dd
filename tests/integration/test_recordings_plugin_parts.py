"""Recordings plugin parts: storage names, engine names, settings, beat entry, tab, admin, sandbox checks."""

import types

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from openedx_plugins.recordings import access
from openedx_plugins.recordings.models import CourseRecordingSettings, Recording, RecordingSource
from openedx_plugins.recordings.settings import common, production
from openedx_plugins.recordings.storage import can_sign, course_folder, file_name, safe_token
from openedx_plugins.recordings.sync import split_name
from openedx_plugins.recordings.tab import RecordingsTab
from sandbox.enrollment import is_course_staff, is_enrolled
from sandbox.models import LearnerProfile
from tests.integration.recordings_plugin_support import COURSE, add_recording, bbb, local_storage

__all__ = ["bbb", "local_storage"]
RID = "0123456789abcdef0123456789abcdef01234567-1772000000000"


@pytest.mark.parametrize("value", ["../../etc/passwd", "a/b", "..", ".hidden", "x" * 300, "é", "a\x00b", ""])
def test_unsafe_tokens_become_hashes(value):
    token = safe_token(value)
    assert token.startswith("h") and len(token) == 33 and "/" not in token and "." not in token


def test_storage_names_are_built_from_checked_parts(settings):
    name = file_name(COURSE, RID, "video", "m4v")
    assert name == f"wikilearn-recordings/{course_folder(COURSE)}/{RID}/video.m4v"
    hostile = file_name("course-v1:../../x", "../../../etc", "../passwd", "sh/../x")
    assert ".." not in hostile and hostile.count("/") == 3 and hostile.endswith(".bin")
    assert course_folder("course-v1:A+B+C") != course_folder("course-v1:A+B_C")  # the hash tells them apart


@pytest.mark.parametrize("name", [f"{RID}/../../x.mp4", f"../{RID}/video.m4v", f"{RID}/video", "x/video.m4v",
                                  f"{RID}/.video.m4v", f"{RID}/sub/video.m4v", f"{RID}/video.m4v/"])
def test_engine_names_are_refused_unless_plain(name):
    with pytest.raises(ValueError):
        split_name(name)


def test_engine_name_is_split():
    assert split_name(f"{RID}/captions-pt_BR.vtt") == (RID, "captions-pt_BR.vtt", "vtt")


def test_only_s3_like_storages_sign():
    assert can_sign(types.SimpleNamespace(querystring_auth=True, bucket_name="b"))
    assert not can_sign(types.SimpleNamespace(querystring_auth=False, bucket_name="b"))
    assert not can_sign(types.SimpleNamespace())
    assert not can_sign(types.SimpleNamespace(querystring_auth=True, bucket_name="b", custom_domain="cdn.example"))


def test_defaults_and_beat_entry_only_when_enabled():
    settings = types.SimpleNamespace(WIKILEARN_BBB_SERVERS={"x": {}})
    common.plugin_settings(settings)
    assert settings.WIKILEARN_BBB_SERVERS == {"x": {}}  # the operator's value stays
    assert settings.WIKILEARN_RECORDINGS_STORAGE is None and not hasattr(settings, "CELERY_BEAT_SCHEDULE")
    operator = types.SimpleNamespace(ENV_TOKENS={"WIKILEARN_RECORDINGS_SYNC_SCHEDULE": 900},
                                     CELERYBEAT_SCHEDULE={"other": {"task": "t", "schedule": 1}})
    production.plugin_settings(operator)
    assert operator.CELERYBEAT_SCHEDULE is operator.CELERY_BEAT_SCHEDULE
    assert operator.CELERYBEAT_SCHEDULE["other"] == {"task": "t", "schedule": 1}
    assert operator.CELERYBEAT_SCHEDULE[common.BEAT_ENTRY] == {"task": common.SYNC_TASK, "schedule": 900.0}


def test_beat_entry_from_a_crontab():
    settings = types.SimpleNamespace(WIKILEARN_RECORDINGS_SYNC_SCHEDULE="17 */2 * * 1-5")
    common.plugin_settings(settings)
    schedule = settings.CELERY_BEAT_SCHEDULE[common.BEAT_ENTRY]["schedule"]
    assert schedule.minute == {17} and schedule.hour == set(range(0, 24, 2)) and schedule.day_of_week == set(
        range(1, 6))
    with pytest.raises(ValueError):
        common.plugin_settings(types.SimpleNamespace(WIKILEARN_RECORDINGS_SYNC_SCHEDULE="hourly"))


def test_the_beat_task_name_is_the_registered_task():
    from openedx_plugins.recordings.tasks import sync_recordings

    assert sync_recordings.name == common.SYNC_TASK


@pytest.mark.django_db
def test_tab_shows_only_for_courses_with_recordings():
    course = types.SimpleNamespace(id=COURSE)
    assert RecordingsTab.view_name == "wikilearn_recordings:course"
    assert not RecordingsTab.is_enabled(course)
    RecordingSource.objects.create(course_key=COURSE, server="local")
    assert RecordingsTab.is_enabled(course)


@pytest.mark.django_db
def test_sandbox_enrollment_and_staff_checks(users):
    assert is_enrolled(users["learner_1"], COURSE) and not is_course_staff(users["learner_1"], COURSE)
    assert is_course_staff(users["staff_1"], COURSE)
    assert not is_enrolled(users["learner_1"], "course-v1:Other+X+1")
    LearnerProfile.objects.filter(user=users["learner_1"]).update(enrolled=False)
    assert not is_enrolled(users["learner_1"], COURSE)
    assert access.course_level(users["learner_1"], COURSE) == access.NONE
    assert access.course_level(users["learner_2"], COURSE) == access.DOWNLOAD
    assert access.course_level(users["staff_1"], COURSE) == access.STAFF


@pytest.fixture
def admin_client(db):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_admin_switches_downloads_off_per_course_and_recording(admin_client, local_storage):
    recording = add_recording(RID, {"video.m4v": ("video", "m4v", b"x" * 10)})
    switch = CourseRecordingSettings.objects.create(course_key=COURSE)
    response = admin_client.post("/admin/wikilearn_recordings/courserecordingsettings/", {
        "action": "forbid_downloads", "_selected_action": [switch.pk]})
    assert response.status_code == 302 and not CourseRecordingSettings.downloads_allowed_for(COURSE)
    admin_client.post("/admin/wikilearn_recordings/recording/", {
        "action": "forbid_downloads", "_selected_action": [recording.pk]})
    assert not Recording.objects.get(pk=recording.pk).downloads_allowed
    for page in ("recording", "recordingsource", "courserecordingsettings"):
        assert admin_client.get(f"/admin/wikilearn_recordings/{page}/").status_code == 200
    assert admin_client.get(f"/admin/wikilearn_recordings/recording/{recording.pk}/change/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_admin_resync_action_syncs_the_course(admin_client, bbb, local_storage, settings):
    from tests.integration.recordings_plugin_support import MEETING, add_lesson

    settings.WIKILEARN_RECORDINGS_RENDITIONS = False
    settings.WIKILEARN_RECORDINGS_RESYNC_ASYNC = False
    lesson = add_lesson(bbb, 1)
    source = RecordingSource.objects.create(course_key=COURSE, server="local", meeting_ids=MEETING)
    response = admin_client.post("/admin/wikilearn_recordings/recordingsource/", {
        "action": "resync", "_selected_action": [source.pk]}, follow=True)
    assert "Resynced 1 course." in response.content.decode()
    assert Recording.objects.get(record_id=lesson.record_id).files.get().kind == "video"
    assert RecordingSource.objects.get(pk=source.pk).last_synced is not None
    settings.WIKILEARN_BBB_SERVERS = {}
    response = admin_client.post("/admin/wikilearn_recordings/recordingsource/", {
        "action": "resync", "_selected_action": [source.pk]}, follow=True)
    assert "1 source failed to sync" in response.content.decode()
    assert "local" in RecordingSource.objects.get(pk=source.pk).last_error


@pytest.mark.django_db
def test_admin_resync_queues_the_celery_task(admin_client, settings, monkeypatch):
    from openedx_plugins.recordings import tasks

    settings.WIKILEARN_RECORDINGS_RESYNC_ASYNC = True  # the LMS default (the sandbox has no worker)
    queued = []
    monkeypatch.setattr(tasks.sync_recordings, "delay", queued.append)
    source = RecordingSource.objects.create(course_key=COURSE, server="local")
    RecordingSource.objects.create(course_key=COURSE, server="other")
    response = admin_client.post("/admin/wikilearn_recordings/recordingsource/", {
        "action": "resync", "_selected_action": [source.pk, source.pk + 1]}, follow=True)
    assert queued == [COURSE] and "Resync queued for 1 course." in response.content.decode()
