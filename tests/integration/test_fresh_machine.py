"""`make run` on a fresh machine: Python 3.12, and no pkg-config, MariaDB headers or ffmpeg.

The check runs the README's command as a newcomer would, in a venv of its own and without pip's
cache, with a PATH from which pkg-config, mysql_config/mariadb_config (what mysqlclient's build looks
for) and ffmpeg/ffprobe are missing, and waits until the sandbox answers. It takes a few minutes
(mostly pip installing the run set): see README "The two commands".
"""

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.browser_support import ROOT, free_port

HIDDEN = {"pkg-config", "pkgconf", "x86_64-linux-gnu-pkg-config", "aarch64-linux-gnu-pkg-config",
          "mysql_config", "mariadb_config", "mariadb-config", "ffmpeg", "ffprobe", "ffplay"}
SYSTEM_BIN = ("/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin", "/sbin")
# What a machine's network set-up needs (proxies, certificates, a package index); never pip's cache.
PASSED_ON = ("HOME", "LANG", "TMPDIR", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy",
             "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "PIP_INDEX_URL",
             "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CERT", "PIP_DEFAULT_TIMEOUT", "PIP_TRUSTED_HOST")
STARTUP_LIMIT = 1200  # seconds: a slow mirror can take long; the test says how long it took


def fresh_path(folder):
    """A folder of links to every system program except the hidden ones: the fresh machine's PATH."""
    folder.mkdir()
    for directory in SYSTEM_BIN:
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            target = Path(directory) / name
            if name not in HIDDEN and not (folder / name).exists() and os.access(target, os.X_OK):
                (folder / name).symlink_to(target)
    return folder


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
        return response.status, response.read().decode()


def wait_until_it_answers(process, url, log):
    """Seconds until ``url`` answers 200; fails with the log's tail if `make run` stops first."""
    started = time.monotonic()
    while time.monotonic() - started < STARTUP_LIMIT:
        if process.poll() is not None:
            raise AssertionError(f"make run stopped ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if get(url)[0] == 200:
                return time.monotonic() - started
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    raise AssertionError(f"no answer on {url} after {STARTUP_LIMIT} s:\n{log.read_text()[-3000:]}")


def test_make_run_on_a_fresh_machine_without_headers_or_ffmpeg(tmp_path):
    path = fresh_path(tmp_path / "bin")
    for tool in ("pkg-config", "mysql_config", "mariadb_config", "ffmpeg", "ffprobe"):
        assert not (path / tool).exists()
    env = {name: os.environ[name] for name in PASSED_ON if name in os.environ}
    env.update(PATH=str(path), PIP_NO_CACHE_DIR="1", WIKILEARN_VAR_DIR=str(tmp_path / "var"))
    env.setdefault("LANG", "C.UTF-8")
    venv, port, oauth_port = tmp_path / "venv", free_port(), free_port()
    command = ["make", "run", f"VENV={venv}", f"PORT={port}", f"OAUTH_PORT={oauth_port}"]
    log = tmp_path / "make-run.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        seconds = wait_until_it_answers(process, f"http://127.0.0.1:{port}/wikilearn/health", log)
        print(f"make run on a fresh machine answered after {seconds:.0f} s")
        status, body = get(f"http://127.0.0.1:{port}/wikilearn/health")
        database = json.loads(body)["database"]
        assert database["reachable"] and database["migrations"]["pending"] == []
        status, index = get(f"http://127.0.0.1:{port}/", timeout=60)
        assert status == 200 and index.count('href="/scenario/wikilearn_') >= 4
        assert get(f"http://127.0.0.1:{oauth_port}/health")[0] == 200  # the development Wikimedia login
        said = log.read_text(errors="replace")
        assert "Traceback" not in said
        assert "Demo recordings: 4 lessons, 8 downloads, 0 renditions, 0 failed." in said
        assert [line for line in said.splitlines() if "ffmpeg" in line] == [
            line for line in said.splitlines() if line.startswith("ffmpeg is not installed: the demo recordings")]
        assert said.count("ffmpeg is not installed") == 1
        no_driver = subprocess.run([str(venv / "bin" / "python"), "-c", "import MySQLdb"], capture_output=True)
        assert no_driver.returncode != 0  # the sandbox runs on SQLite: no MySQL driver was built

        again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert again.returncode != 0 and "Traceback" not in again.stdout + again.stderr
        lines = [line for line in again.stderr.splitlines() if "already in use" in line]
        assert len(lines) == 1 and f"port {port} (PORT) and {oauth_port} (OAUTH_PORT)" in lines[0]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
