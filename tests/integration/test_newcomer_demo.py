"""A newcomer's first hour: the demo course's dates follow today, the sandbox frames every page (the
recordings page too) and says who is logged in, the recordings sync without ffmpeg, the health
check reports the database, ``make help`` and the port check speak plainly."""

import datetime
import json
import socket
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.test.utils import override_settings
from social_django.models import UserSocialAuth

from openedx_plugins.tutor import demo_course
from sandbox.ports import busy_line
from tests.browser_support import ROOT
from xblocks.common.demo_dates import DemoCalendar, demo_calendar, iso_date, iso_datetime
from xblocks.pitch_review import scenarios as pitch_scenarios
from xblocks.rubric import scenarios as rubric_scenarios
from xblocks.timezone_poll import scenarios as poll_scenarios

COURSE = "course-v1:Wikimedia+PB101+2026"
RECORDINGS = f"/wikilearn/recordings/{COURSE}/"


def olx(module):
    """The OLX of a scenario module's scenarios for today's calendar."""
    return [xml for _title, xml in module.scenarios(demo_calendar())]


# --- The demo course's dates -------------------------------------------------------------------

@pytest.mark.django_db
def test_the_sandbox_scenarios_are_dated_from_todays_calendar():
    from sandbox.views import suite_scenarios

    calendar = demo_calendar()
    loaded = dict(suite_scenarios())
    assert f'due="{iso_datetime(calendar.week1_due)}"' in loaded["wikilearn_rubric.0"].xml
    assert f'due="{iso_datetime(calendar.week3_due)}"' in loaded["wikilearn_rubric.1"].xml
    assert f'first_session="{iso_date(calendar.poll_first_session)}"' in loaded["wikilearn_timezone_poll.0"].xml
    assert f'closes="{iso_date(calendar.poll_closes)}"' in loaded["wikilearn_timezone_poll.0"].xml
    assert (f'submission_deadline="{iso_datetime(calendar.pitch_submission_deadline)}"'
            in loaded["wikilearn_pitch_review.0"].xml)


@pytest.mark.django_db
def test_today_a_learner_finds_the_poll_open_and_every_assignment_open(blocks, users):
    learner = users["learner_2"]
    calendar = demo_calendar()
    poll = blocks.create(olx(poll_scenarios)[0])
    state = blocks.call(poll, "poll_state", {}, user=learner).json
    assert state["closed"] is False and state["closes"] == iso_date(calendar.poll_closes)
    block = blocks.block(poll, learner)
    assert block.first_session == iso_date(calendar.poll_first_session) > datetime.date.today().isoformat()
    grid = ["0" * 48] * 7
    grid[1] = "0" * 30 + "2" * 4 + "0" * 14
    saved = blocks.call(poll, "save_availability", {"time_zone": "America/New_York", "grid": grid}, user=learner)
    assert saved.status == 200, saved.json
    for rubric_olx in olx(rubric_scenarios):
        rubric = blocks.create(rubric_olx)
        submitted = blocks.call(rubric, "submit", {"answer": "Shared goals, mutual benefit."}, user=learner)
        assert submitted.status == 200, submitted.json
    pitch = blocks.create(olx(pitch_scenarios)[0])
    sent = blocks.call(pitch, "submit_pitch", {"partner": "City library", "ask": "A room for edit-a-thons",
                                               "links": ["https://example.org/slides"]}, user=learner)
    assert sent.status == 200, sent.json
    assert blocks.call(pitch, "pitch_state", {}, user=learner).json["can_edit"] is True


def test_the_olx_demo_course_follows_the_day_it_is_written(tmp_path):
    day = datetime.date(2026, 9, 2)
    calendar = DemoCalendar(day)
    files = demo_course.course_files(calendar)
    policy = json.loads(files["course/policies/2026/policy.json"])["course/2026"]
    assert policy["start"] == f"{calendar.course_start.isoformat()}T00:00:00Z"
    assert policy["end"] == iso_datetime(calendar.course_end)
    week1 = files["course/vertical/week1_assignment_unit.xml"].decode()
    assert f'due="{iso_datetime(calendar.week1_due)}"' in week1
    poll = files["course/vertical/live_session_unit.xml"].decode()
    assert f'first_session="{iso_date(calendar.poll_first_session)}"' in poll
    assert f'closes="{iso_date(calendar.poll_closes)}"' in poll
    assert demo_course.course_files(calendar) == files  # the same day gives the same course
    assert demo_course.course_files(DemoCalendar(day + datetime.timedelta(weeks=1))) != files
    target = tmp_path / "course.tar.gz"
    done = subprocess.run([sys.executable, "-m", "openedx_plugins.tutor.demo_course", str(target),
                           "--today", day.isoformat()], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"dated from {day.isoformat()}" in done.stdout
    refused = subprocess.run([sys.executable, "-m", "openedx_plugins.tutor.demo_course", str(target),
                              "--today", "2 September"], cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode == 2 and "--today" in refused.stderr


# --- The recordings without ffmpeg -------------------------------------------------------------

def manage(env, *args):
    return subprocess.run([sys.executable, "-m", "django", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_demo_recordings_sync_without_ffmpeg_and_say_so_once(tmp_path):
    pinned = "2026-05-13"
    env = {"PATH": str(tmp_path / "empty-path"), "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "DJANGO_SETTINGS_MODULE": "sandbox.settings", "WIKILEARN_DB": "sqlite",
           "WIKILEARN_VAR_DIR": str(tmp_path / "var"), "WIKILEARN_DEMO_TODAY": pinned}
    (tmp_path / "var").mkdir()
    assert manage(env, "migrate", "--noinput", "-v", "0").returncode == 0
    synced = manage(env, "sandbox_recordings", "--no-progress")
    assert synced.returncode == 0, synced.stderr
    assert "4 lessons, 8 downloads, 0 renditions, 0 failed" in synced.stdout
    said = [line for line in synced.stderr.splitlines() if line.strip()]
    assert len(said) == 1 and said[0].startswith("ffmpeg is not installed") and "apt-get install ffmpeg" in said[0]
    database = sqlite3.connect(tmp_path / "var" / "sandbox.sqlite3")
    starts = [row[0][:16] for row in database.execute(
        "SELECT start FROM wikilearn_recordings_recording ORDER BY start")]
    lessons = DemoCalendar(datetime.date.fromisoformat(pinned)).lessons
    assert starts == [lesson.strftime("%Y-%m-%d %H:%M") for lesson in lessons]
    kinds = {row[0] for row in database.execute("SELECT kind FROM wikilearn_recordings_recordingfile")}
    assert kinds == {"video", "webcams", "deskshare", "captions", "transcript"}  # as recorded; no renditions
    again = manage(env, "sandbox_recordings", "--no-progress")
    assert "4 lessons, 0 downloads, 0 renditions, 0 failed" in again.stdout


# --- /wikilearn/health ------------------------------------------------------------------------

@pytest.mark.django_db
def test_health_reports_the_version_and_the_database_state():
    response = Client().get("/wikilearn/health")
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok" and body["version"]
    assert body["database"]["vendor"] == connection.vendor and body["database"]["reachable"] is True
    assert body["database"]["migrations"]["pending"] == [] and body["database"]["migrations"]["applied"] >= 7


@pytest.mark.django_db
def test_health_names_the_migrations_not_applied():
    MigrationRecorder(connection).record_unapplied("wikilearn_recordings", "0003_lesson_packages")
    response = Client().get("/wikilearn/health")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["error_code"]) == ("error", "migrations_pending")
    assert body["database"]["migrations"]["pending"] == ["wikilearn_recordings.0003_lesson_packages"]
    assert body["message"].startswith("1 database migration of the WikiLearn suite is not applied")
    french = Client().get("/wikilearn/health?lang=fr").json()["message"]
    assert french != body["message"] and french.startswith("1 ")


def test_health_says_when_the_database_does_not_answer(tmp_path):
    probe = ("import django; django.setup(); from django.test import Client; import json; "
             "r = Client().get('/wikilearn/health'); print(r.status_code, json.dumps(r.json()))")
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "sandbox.settings", "WIKILEARN_DB": "sqlite",
           "WIKILEARN_VAR_DIR": str(tmp_path), "WIKILEARN_SQLITE_PATH": str(tmp_path / "missing" / "db.sqlite3")}
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    status, body = done.stdout.split(" ", 1)
    body = json.loads(body)
    assert status == "503" and (body["status"], body["error_code"]) == ("error", "database_unavailable")
    assert body["database"] == {"vendor": "sqlite", "reachable": False, "error": "OperationalError"}
    assert body["message"] == "The database does not answer." and "Traceback" not in done.stderr


# --- The sandbox's frame ----------------------------------------------------------------------

@pytest.mark.django_db
def test_the_recordings_page_sits_in_the_sandbox_frame(users):
    client = Client()
    client.force_login(users["learner_1"])
    page = client.get(RECORDINGS).content.decode()
    assert page.count('<main id="main"') == 1 and 'id="switch-user"' in page  # the acting-as switcher
    assert 'class="course-tabs"' in page and f'<a href="{RECORDINGS}" aria-current="page">' in page
    assert '<a class="site-name" href="/">' in page  # the way back
    assert "<title>Lesson recordings</title>" in page and "view-wikilearn-recordings" in page
    assert "Logged in as <bdi><strong>learner_1</strong></bdi>" in page


MAIN_DJANGO_BLOCKS = {"title", "bodyclass", "headextra", "body", "bodyextra", "main_vendor_js", "nav_skip"}
LMS_TEMPLATES = {
    # What edx-platform's lms/templates/main_django.html defines (blocks title, headextra, bodyclass,
    # body, bodyextra) and where its course navigation comes from (courseware/course_navigation.html).
    "main_django.html": "<title>{% block title %}LMS{% endblock %}</title><body class=\"{% block bodyclass %}"
                        "{% endblock %}\">[LMS header]{% block body %}{% endblock %}{% block bodyextra %}"
                        "{% endblock %}[LMS footer]</body>",
    "courseware/course_navigation.html": "[course tabs of {{ course.id }}, active: {{ active_page_context }}]",
}


def test_the_recordings_template_fills_only_blocks_of_the_lms_main_django_template():
    source = (ROOT / "openedx_plugins/recordings/templates/wikilearn_recordings/course.html").read_text()
    assert source.startswith('{% extends "main_django.html" %}')
    import re

    assert set(re.findall(r"{% block (\w+) %}", source)) <= MAIN_DJANGO_BLOCKS


@pytest.mark.django_db
def test_in_the_lms_the_recordings_page_has_the_lms_frame_and_course_navigation(users, monkeypatch):
    """With edx-platform's ``openedx.core.lib.courses.get_course_by_id`` importable, the view gives the
    template the course: the LMS's header, course tabs (the Recordings tab active) and footer frame it."""
    import types

    class Course:
        id = COURSE

    fake = types.ModuleType("openedx.core.lib.courses")
    fake.get_course_by_id = lambda key: Course()
    for name in ("openedx", "openedx.core", "openedx.core.lib"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "openedx.core.lib.courses", fake)
    lms_templates = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {
        "loaders": [("django.template.loaders.locmem.Loader", LMS_TEMPLATES),
                    "django.template.loaders.app_directories.Loader"],
        "context_processors": ["django.template.context_processors.request"]}}]
    client = Client()
    client.force_login(users["staff_1"])
    with override_settings(TEMPLATES=lms_templates):
        page = client.get(RECORDINGS).content.decode()
    assert page.startswith("<title>Lesson recordings</title>")
    assert f"[LMS header]\n[course tabs of {COURSE}, active: wikilearn_recordings]" in page
    assert 'id="switch-user"' not in page and page.rstrip().endswith("[LMS footer]</body>")


@pytest.mark.django_db
def test_after_logging_in_with_wikimedia_the_header_says_who(users):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create(username="mHmd_ly")
    UserSocialAuth.objects.create(user=user, provider="mediawiki-oauth2", uid="4242",
                                  extra_data={"username": "محمد علي"})
    client = Client()
    client.force_login(user)
    page = client.get("/").content.decode()
    assert ("Logged in with Wikimedia as <bdi><strong>محمد علي</strong></bdi> (username <bdi>mHmd_ly</bdi>)"
            in page)
    client.force_login(users["learner_4"])
    assert "Logged in as <bdi><strong>learner_4</strong></bdi>" in client.get("/").content.decode()
    assert "Not logged in" in Client().get("/").content.decode()


# --- make help and the port check --------------------------------------------------------------

def test_make_help_names_the_ports_and_shows_values_not_variables():
    shown = subprocess.run(["make", "-s", "help", "PORT=8010"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "$(" not in shown
    assert "to dist/partnership-building.tar.gz" in shown
    assert "serve the sandbox on http://127.0.0.1:8010 (+ the dev Wikimedia OAuth provider on :8001)" in shown
    assert "PORT=8010 (the sandbox), OAUTH_PORT=8001" in shown


def test_a_port_in_use_is_one_line_naming_it():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with socket.socket() as spare:
            spare.bind(("127.0.0.1", 0))
            free = spare.getsockname()[1]
        line = busy_line("127.0.0.1", [("PORT", port), ("OAUTH_PORT", free)])
        assert line.startswith(f"make run: port {port} (PORT) on 127.0.0.1 is already in use")
        assert "\n" not in line and f"make run PORT={port + 10} OAUTH_PORT={free + 10}" in line
        done = subprocess.run([sys.executable, "-m", "sandbox.ports", "127.0.0.1", f"PORT={port}"], cwd=ROOT,
                              capture_output=True, text=True)
        assert done.returncode == 1 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert busy_line("127.0.0.1", [("PORT", port)]) == ""


def requirement_names(path):
    """Distribution names a requirements file lists (``-r`` files followed, ``-c`` and comments skipped)."""
    import re

    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            names |= requirement_names(path.parent / line[3:].strip())
        elif line and not line.startswith("-"):
            names.add(re.split(r"[\[<>=!~;\s]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def test_what_make_run_installs_is_pinned_by_the_test_lock_and_needs_no_mysql_driver():
    """`make run` installs requirements/run.in with requirements/test.txt as constraints: every name it
    asks for must be pinned there (else pip would pick any version), and none needs a compiler."""
    run = requirement_names(ROOT / "requirements/run.in")
    pinned = {line.split("==", 1)[0].lower() for line in (ROOT / "requirements/test.txt").read_text().splitlines()
              if "==" in line and not line.startswith((" ", "#"))}
    assert run <= pinned, run - pinned
    assert "mysqlclient" not in run and "mysqlclient" in pinned
