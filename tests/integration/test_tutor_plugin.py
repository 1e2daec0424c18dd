"""The Tutor plugin renders a real Tutor environment (no Docker needed) with the suite wired in."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from openedx_plugins.tutor import config as wl_config

TUTOR = [str(Path(sys.executable).with_name("tutor"))]
BBB = {"main": {"url": "https://bbb.example.org/bigbluebutton/", "secret": "s3cr3t", "checksum": "sha256"}}


def tutor(root, *args, check=True):
    env = {**os.environ, "TUTOR_ROOT": str(root), "TUTOR_PLUGINS_ROOT": str(root / "plugins")}
    result = subprocess.run([*TUTOR, *args], env=env, capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"tutor {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def settings_files(root):
    base = root / "env" / "apps" / "openedx" / "settings"
    return {name: (base / name / "production.py").read_text() for name in ("lms", "cms")}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("tutor")
    tutor(root, "plugins", "enable", "wikilearn")
    return root


def test_plugin_is_listed_and_settings_compile_without_keys(root):
    assert "wikilearn" in tutor(root, "plugins", "list").stdout
    tutor(root, "config", "save")
    for name, text in settings_files(root).items():
        compile(text, f"{name}/production.py", "exec")
        assert "WIKILEARN_BBB_SERVERS = {}" in text
        assert "wikimedia_oauth_backend" not in text, "auth backends must be absent until a key is set"
    dockerfile = (root / "env" / "build" / "openedx" / "Dockerfile").read_text()
    assert f"install 'wikilearn-suite=={wl_config.DEFAULTS['VERSION']}'" in dockerfile


def test_keys_and_servers_are_rendered_into_lms_and_cms(root):
    tutor(root, "config", "save",
          "--set", "WIKILEARN_MEDIAWIKI_KEY=consumer-key", "--set", "WIKILEARN_MEDIAWIKI_SECRET=consumer-secret",
          "--set", "WIKILEARN_MEDIAWIKI_SCOPE=mwoauth-authonlyprivate",
          "--set", f"WIKILEARN_BBB_SERVERS={json.dumps(BBB)}",
          "--set", "WIKILEARN_RECORDINGS_SYNC_SCHEDULE=17 */2 * * *")
    files = settings_files(root)
    for name, text in files.items():
        namespace = {"AUTHENTICATION_BACKENDS": ["django.contrib.auth.backends.ModelBackend"]}
        block = text[text.index("# WikiLearn suite"):text.index("######## End of settings common to LMS and CMS")]
        exec(compile(block, name, "exec"), namespace)  # noqa: S102 - our own rendered settings
        assert namespace["WIKILEARN_BBB_SERVERS"] == BBB
        assert namespace["AUTHENTICATION_BACKENDS"][0] == "wikimedia_oauth_backend.backends.MediaWikiOAuth2"
        assert "django.contrib.auth.backends.ModelBackend" in namespace["AUTHENTICATION_BACKENDS"]
        # edx-platform reads THIRD_PARTY_AUTH_BACKENDS from the YAML only (lms/envs/production.py)
        assert "THIRD_PARTY_AUTH_BACKENDS" not in namespace
        assert namespace["SOCIAL_AUTH_MEDIAWIKI_OAUTH2_SCOPE"] == ["mwoauth-authonlyprivate"]
        assert "consumer-secret" not in text, "the consumer secret belongs in the provider row, not in settings"
    assert "wikilearn-sync-recordings" in files["lms"] and "minute': '17'" in files["lms"]
    assert "wikilearn-sync-recordings" not in files["cms"]


def test_invalid_values_are_refused_and_the_environment_is_kept(root):
    tutor(root, "config", "save", "--set", f"WIKILEARN_BBB_SERVERS={json.dumps(BBB)}")
    before = settings_files(root)
    bad = {"main": {"url": "ftp://bbb", "checksum": "md5"}}
    result = tutor(root, "config", "save", "--set", f"WIKILEARN_BBB_SERVERS={json.dumps(bad)}", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "url must be the server's http(s) API URL" in output
    assert "secret is required" in output and "checksum must be sha1 or sha256" in output
    assert settings_files(root) == before
    tutor(root, "config", "save", "--set", f"WIKILEARN_BBB_SERVERS={json.dumps(BBB)}")


RENDER_TASKS = """
import json, sys
import tutor.plugins.v1
from tutor import config as tutor_config, env, hooks, plugins
root = sys.argv[1]
hooks.Actions.CORE_READY.do()
hooks.Actions.PROJECT_ROOT_READY.do(root)
config = tutor_config.load_full(root)
config.update(json.loads(sys.argv[2]) if len(sys.argv) > 2 else {})
for service, task in hooks.Filters.CLI_DO_INIT_TASKS.iterate():
    if "WikiLearn" in task:
        print(env.render_str(config, task))
from openedx_plugins.tutor.plugin import sync_recordings
print("DO:", list(sync_recordings.callback(course="course-v1:Wikimedia+PB101+2026", dry_run=True)))
"""


def render_init(root, **overrides):
    """The rendered WikiLearn init task (and the sync-recordings do command) for the saved config."""
    env = {**os.environ, "TUTOR_ROOT": str(root), "TUTOR_PLUGINS_ROOT": str(root / "plugins")}
    return subprocess.run([sys.executable, "-c", RENDER_TASKS, str(root), json.dumps(overrides)], env=env,
                          capture_output=True, text=True, check=True, timeout=120).stdout


def test_init_task_and_do_command_render(root):
    tutor(root, "config", "save", "--set", "WIKILEARN_MEDIAWIKI_KEY=consumer-key",
          "--set", "WIKILEARN_MEDIAWIKI_SECRET=consumer-secret")
    output = render_init(root)
    python = re.search(r"<<'WIKILEARN_PROVIDER'\n(.*?)\nWIKILEARN_PROVIDER\n", output, re.S).group(1)
    compile(python, "init", "exec")
    assert "BACKEND = 'mediawiki-oauth2'" in python
    assert "'key': 'consumer-key'" in python and "'secret': 'consumer-secret'" in python
    assert "DO: [('lms', \"./manage.py lms sync_recordings --course 'course-v1:Wikimedia+PB101+2026' --dry-run\")]" \
        in output


@pytest.mark.parametrize("change, message", [
    ({"WIKILEARN_MEDIAWIKI_URL": "meta.wikimedia.org"}, "WIKILEARN_MEDIAWIKI_URL must be an http(s) URL"),
    ({"WIKILEARN_MEDIAWIKI_PROTOCOL": "oauth3"}, "WIKILEARN_MEDIAWIKI_PROTOCOL must be one of"),
    ({"WIKILEARN_MEDIAWIKI_KEY": "k"}, "WIKILEARN_MEDIAWIKI_SECRET is not"),
    ({"WIKILEARN_BBB_SERVERS": ["x"]}, "must be a mapping"),
    ({"WIKILEARN_BBB_SERVERS": {"bad name!": {"url": "https://x/", "secret": "s"}}}, "server names use"),
    ({"WIKILEARN_RECORDINGS_SYNC_SCHEDULE": "every hour"}, "must be a crontab"),
    ({"WIKILEARN_RECORDINGS_STORAGE_CLASS": "not a class"}, "dotted class path"),
])
def test_validation_messages(change, message):
    config = {wl_config.PREFIX + k: v for k, v in wl_config.DEFAULTS.items()}
    config.update(change)
    with pytest.raises(wl_config.ConfigError, match=re.escape(message)):
        wl_config.validate(config)


def test_defaults_are_valid_and_secrets_have_no_default():
    config = {wl_config.PREFIX + k: v for k, v in wl_config.DEFAULTS.items()}
    wl_config.validate(config)
    assert not any("SECRET" in name for name in wl_config.DEFAULTS)
    assert wl_config.DEFAULTS["BBB_SERVERS"] == {}
    assert Path(wl_config.__file__).with_name("plugin.py").exists()
