"""Tutor operations that must hold on a real deployment: the login provider row, the recordings
schedule (a beat Tutor starts), and refusals of settings or releases that cannot work."""

import json
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from openedx_plugins.tutor import config as wl_config
from tests.integration import provider_standin
from tests.integration.test_tutor_plugin import render_init, settings_files, tutor

REPO = Path(__file__).resolve().parents[2]
SCHEDULE = "17 */2 * * *"


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "tutor"
    root.mkdir()
    tutor(root, "plugins", "enable", "wikilearn")
    return root


@pytest.fixture
def lms_job(tmp_path):
    """Run a rendered init task the way Tutor does (``sh -e -c``) in a folder whose ``manage.py`` is the stand-in."""
    workdir, table = tmp_path / "job", tmp_path / "provider-rows.json"
    workdir.mkdir()
    manage = workdir / "manage.py"
    manage.write_text(f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(REPO)!r})\n"
                      "from tests.integration.provider_standin import manage\n"
                      f"sys.exit(manage(sys.argv[1:], {str(table)!r}, sys.stdin))\n")
    manage.chmod(manage.stat().st_mode | stat.S_IXUSR)

    def run(task):
        return subprocess.run(["sh", "-e", "-c", task], cwd=workdir, capture_output=True, text=True, timeout=60)

    run.table = table
    return run


def rows(table):
    return json.loads(table.read_text()) if table.exists() else []


def init_task(output):
    return output.split("DO:")[0]


def test_provider_row_is_created_once_then_updated_in_place_keeping_admin_edits(root, lms_job):
    tutor(root, "config", "save", "--set", "WIKILEARN_MEDIAWIKI_KEY=consumer-key",
          "--set", "WIKILEARN_MEDIAWIKI_SECRET=it's \"$HOME\" `secret`")
    task = init_task(render_init(root))
    # Another site's row and another backend's row for this site: never touched.
    provider_standin.Rows(lms_job.table).insert({**provider_standin.FIELD_DEFAULTS, "site_id": 2,
                                                "backend_name": "mediawiki-oauth2", "key": "other-site"})
    provider_standin.Rows(lms_job.table).insert({**provider_standin.FIELD_DEFAULTS,
                                                "backend_name": "google-oauth2", "key": "google"})

    first = lms_job(task)
    assert first.returncode == 0, first.stderr
    assert "Wikimedia login provider created" in first.stdout
    (created,) = [row for row in rows(lms_job.table)
                  if row["site_id"] == 1 and row["backend_name"] == "mediawiki-oauth2"]
    assert created["key"] == "consumer-key" and created["secret"] == "it's \"$HOME\" `secret`"
    assert created["enabled"] and created["visible"] and created["name"] == "Wikimedia"
    assert json.loads(created["other_settings"]) == {"URL": "https://meta.wikimedia.org", "SCOPE": []}

    second = lms_job(task)
    assert second.returncode == 0 and "unchanged" in second.stdout
    assert len(rows(lms_job.table)) == 3

    # The admin hides the button, picks an icon and adds an advanced setting: a new row, as in Django admin.
    other = json.loads(created["other_settings"])
    provider_standin.admin_edit(lms_job.table, "mediawiki-oauth2", visible=False, enabled=False,
                                icon_class="fa-wikipedia-w", other_settings=json.dumps({**other, "EXTRA": 1}))
    third = lms_job(task)
    assert "unchanged" in third.stdout and len(rows(lms_job.table)) == 4

    tutor(root, "config", "save", "--set", "WIKILEARN_MEDIAWIKI_SECRET=rotated")
    fourth = lms_job(init_task(render_init(root)))
    assert "updated: secret" in fourth.stdout
    newest = rows(lms_job.table)[-1]
    assert newest["secret"] == "rotated" and newest["key"] == "consumer-key"
    assert (newest["visible"], newest["enabled"], newest["icon_class"]) == (False, False, "fa-wikipedia-w")
    assert json.loads(newest["other_settings"])["EXTRA"] == 1
    assert [row["key"] for row in rows(lms_job.table)[:2]] == ["other-site", "google"]
    assert "unchanged" in lms_job(init_task(render_init(root))).stdout


def env_snapshot(root):
    return {str(path): path.read_bytes() for path in sorted((root / "env").rglob("*")) if path.is_file()}


def test_key_without_secret_is_refused_at_config_save_and_by_the_task_itself(root, lms_job):
    before = env_snapshot(root)
    result = tutor(root, "config", "save", "--set", "WIKILEARN_MEDIAWIKI_KEY=consumer-key", check=False)
    assert result.returncode != 0
    assert "WIKILEARN_MEDIAWIKI_KEY is set but WIKILEARN_MEDIAWIKI_SECRET is not" in result.stdout + result.stderr
    assert env_snapshot(root) == before, "nothing is rendered from partial settings"
    # Tutor keeps the value in config.yml, and every later command that loads the config (`do init`
    # included: tutor/config.py load_full runs CONFIG_LOADED) refuses the same way until it is fixed.
    again = tutor(root, "config", "save", check=False)
    assert again.returncode != 0 and "WIKILEARN_MEDIAWIKI_SECRET is not" in again.stdout + again.stderr
    assert env_snapshot(root) == before

    # A config that got past that (e.g. an older plugin): the rendered task refuses before manage.py runs.
    tutor(root, "config", "save", "--set", "WIKILEARN_MEDIAWIKI_KEY=")
    task = init_task(render_init(root, WIKILEARN_MEDIAWIKI_KEY="consumer-key", WIKILEARN_MEDIAWIKI_SECRET=None))
    run = lms_job(task)
    assert run.returncode == 1
    assert "WIKILEARN_MEDIAWIKI_SECRET is not; the Wikimedia login provider was left unchanged" in run.stderr
    assert rows(lms_job.table) == []


def test_schedule_starts_one_beat_on_local_and_kubernetes(root):
    tutor(root, "config", "save", "--set", f"WIKILEARN_RECORDINGS_SYNC_SCHEDULE={SCHEDULE}")
    compose = yaml.safe_load((root / "env" / "local" / "docker-compose.prod.yml").read_text())
    beat = compose["services"]["wikilearn-beat"]
    assert beat["command"][:3] == ["celery", "--app=lms.celery", "beat"]
    assert beat["environment"]["WIKILEARN_CELERY_BEAT"] == "1"
    assert beat["environment"]["DJANGO_SETTINGS_MODULE"] == "lms.envs.tutor.production"
    # Tutor's own worker consumes the LMS default queue the beat's task is sent to.
    assert "edx.lms.core.default" in " ".join(compose["services"]["lms-worker"]["command"])

    documents = list(yaml.safe_load_all((root / "env" / "k8s" / "deployments.yml").read_text()))
    (deployment,) = [doc for doc in documents if doc and doc["metadata"]["name"] == "wikilearn-beat"]
    assert deployment["spec"]["replicas"] == 1 and deployment["spec"]["strategy"]["type"] == "Recreate"
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert container["args"][:3] == ["celery", "--app=lms.celery", "beat"]
    assert {"name": "WIKILEARN_CELERY_BEAT", "value": "1"} in container["env"]

    tutor(root, "config", "save", "--set", "WIKILEARN_RECORDINGS_SYNC_SCHEDULE=")
    compose = yaml.safe_load((root / "env" / "local" / "docker-compose.prod.yml").read_text())
    assert "wikilearn-beat" not in compose["services"]
    assert "wikilearn-beat" not in (root / "env" / "k8s" / "deployments.yml").read_text()


def schedule_block(text):
    start = text.index("# WikiLearn: periodic BigBlueButton recordings sync")
    end = text.index("_wikilearn_sync}\n", text.index("else:", start)) + len("_wikilearn_sync}\n")
    return text[start:end]


@pytest.mark.parametrize("beat", [True, False])
def test_beat_sends_only_the_suite_schedule_and_other_processes_keep_theirs(root, monkeypatch, beat):
    tutor(root, "config", "save", "--set", f"WIKILEARN_RECORDINGS_SYNC_SCHEDULE={SCHEDULE}")
    files = settings_files(root)
    assert "wikilearn-sync-recordings" not in files["cms"]
    monkeypatch.delenv("WIKILEARN_CELERY_BEAT", raising=False)
    if beat:
        monkeypatch.setenv("WIKILEARN_CELERY_BEAT", "1")
    platform = {"refresh-saml-metadata": {"task": "common.djangoapps.third_party_auth.tasks.fetch_saml_metadata"}}
    namespace = {"CELERYBEAT_SCHEDULE": dict(platform)}
    exec(compile(schedule_block(files["lms"]), "lms", "exec"), namespace)  # noqa: S102 - our rendered settings
    schedule = namespace["CELERYBEAT_SCHEDULE"]
    entry = schedule["wikilearn-sync-recordings"]
    assert entry["task"] == "openedx_plugins.recordings.tasks.sync_recordings"
    assert (entry["schedule"]._orig_minute, entry["schedule"]._orig_hour) == ("17", "*/2")
    assert set(schedule) == ({"wikilearn-sync-recordings"} if beat else {"wikilearn-sync-recordings", *platform})
    assert "CELERY_BEAT_SCHEDULE" not in namespace  # not a name edx-platform's Celery reads


def test_an_older_release_is_refused_at_config_save(root):
    before = env_snapshot(root)
    result = tutor(root, "config", "save", "--set", "EDX_PLATFORM_VERSION=release/teak.3", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "EDX_PLATFORM_VERSION=release/teak.3 is Open edX Teak" in output
    assert "Ulmo (Tutor 21, Python 3.11), Verawood (Tutor 22, Python 3.12)" in output
    assert env_snapshot(root) == before, "nothing is rendered for a refused release"


@pytest.mark.parametrize("version, config, message", [
    ("20.0.5", {}, "Tutor 20.0.5 is not supported"),
    ("23.0.0", {}, "Tutor 23.0.0 is not supported"),
    ("21.0.9", {"OPENEDX_COMMON_VERSION": "release/verawood"}, "is Open edX Verawood, but Tutor 21.0.9 builds Ulmo"),
    ("22.0.3", {"EDX_PLATFORM_VERSION": "open-release/teak.2"}, "is Open edX Teak, but Tutor 22.0.3 builds Verawood"),
])
def test_release_checks(version, config, message):
    errors = wl_config.check_release(version, config)
    assert any(message in error for error in errors), errors


@pytest.mark.parametrize("version, config", [
    ("21.0.9", {"OPENEDX_COMMON_VERSION": "release/ulmo.3", "EDX_PLATFORM_VERSION": "release/ulmo.3"}),
    ("22.0.3", {"OPENEDX_COMMON_VERSION": "release/verawood"}),
    ("22.0.3", {"EDX_PLATFORM_VERSION": "my-fork-branch"}),
])
def test_supported_releases_pass(version, config):
    assert wl_config.check_release(version, config) == []


def test_the_running_tutor_is_supported():
    from tutor.__about__ import __version__

    assert wl_config.check_release(__version__, {}) == [], __version__
    assert re.match(r"^2[12]\.", __version__)
