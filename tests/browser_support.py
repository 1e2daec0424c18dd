"""Start the sandbox on a free loopback port and drive it with Debian's Chromium."""

import datetime
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"]


# The demo course's dates follow "today" (xblocks/common/demo_dates.py). The browser tests pin it to
# 27 January of next year: the poll's sessions then start in early February, when Berlin and New York
# are both on standard time (the zone conversions the poll tests read), and every deadline lies ahead.
PINNED_DEMO_TODAY = datetime.date(datetime.date.today().year + 1, 1, 27).isoformat()


def free_port():
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SandboxServer:
    """The sandbox (migrated, demo data loaded) served by ``runserver`` on its own database."""

    def __init__(self, workdir, extra_env=None):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sandbox.settings",
            "WIKILEARN_DB": "sqlite",
            "WIKILEARN_SQLITE_PATH": str(self.workdir / "sandbox.sqlite3"),
            "WIKILEARN_VAR_DIR": str(self.workdir),
            "WIKILEARN_DEMO_TODAY": PINNED_DEMO_TODAY,
            **(extra_env or {}),
        }
        self.process = None
        self.log = self.workdir / "server.log"

    def manage(self, *args):
        """Run a management command against this server's database."""
        subprocess.run([sys.executable, "-m", "django", *args], cwd=ROOT, env=self.env, check=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def start(self, warm=True):
        """Migrate, load demo data, serve, and wait until it answers (then load the scenarios once)."""
        # --run-syncdb: xblock-sdk 0.14.0, the newest on Python 3.11 (0.15.x needs 3.12), ships the workbench
        # models without migrations; Django creates such tables only then (its test runner always does).
        self.manage("migrate", "--noinput", "--run-syncdb", "-v", "0")
        self.manage("load_demo_data")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/wikilearn/health", timeout=5):
                    pass
                if warm:
                    with urllib.request.urlopen(self.url + "/", timeout=60):
                        pass
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        raise RuntimeError(f"sandbox did not start: {self.log.read_text(errors='replace')[-2000:]}")

    def stop(self):
        """Stop the server."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def chromium_path():
    """Debian's chromium; the browser tests need it (CI installs it)."""
    path = shutil.which("chromium")
    if not path:
        raise RuntimeError("Debian's chromium is not installed: apt-get install chromium")
    return path
