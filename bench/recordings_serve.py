"""Benchmark the recordings download view: a 1 GiB file through gunicorn versus nginx from disk.

Same run, same file, same client (curl, loopback): throughput of the download view under
gunicorn (3 sync workers; with sendfile, gunicorn's default, and with ``--no-sendfile`` so the
view's own 256 KiB streaming loop does the work) and of Debian's nginx serving the file
statically; then the memory each in-flight download adds to a server process (RSS sampled while
three rate-limited downloads run at once).

Run: ``.venv/bin/python -m bench.recordings_serve``. Files go to bench/.work/recordings_serve (git-ignored).
"""

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

from bench.results import write_section
from tests.browser_support import free_port

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "recordings_serve"
VAR = WORK / "var"
SIZE = 1024 ** 3
ROUNDS = 5
NAME = "wikilearn-recordings/bench/0123456789abcdef0123456789abcdef01234567-1772000000000/video.m4v"
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "sandbox.settings", "WIKILEARN_DB": "sqlite", "WIKILEARN_DEBUG": "0",
       "WIKILEARN_SQLITE_PATH": str(WORK / "site.sqlite3"), "WIKILEARN_VAR_DIR": str(VAR), "PYTHONPATH": str(ROOT)}
SEED = """
import json, sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", "--noinput", verbosity=0)
call_command("load_demo_data", verbosity=0)
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from openedx_plugins.recordings.models import Recording, RecordingFile
name, size, sha256 = sys.argv[1], int(sys.argv[2]), sys.argv[3]
course = settings.WIKILEARN_SANDBOX_COURSE
recording, _ = Recording.objects.get_or_create(course_key=course, record_id=name.split("/")[2],
                                               defaults={"title": "Benchmark lesson", "duration": 3600})
file, _ = RecordingFile.objects.update_or_create(recording=recording, key="video.m4v", defaults={
    "kind": "video", "storage_name": name, "size": size, "sha256": sha256, "mime_type": "video/mp4", "ready": True})
user = get_user_model().objects.get(username="learner_1")
session = SessionStore()
session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash()})
session.create()
print(json.dumps({"path": f"/wikilearn/recordings/{course}/files/{file.pk}/video.m4v", "session": session.session_key}))
"""
NGINX_CONF = """daemon off;
worker_processes 1;
{user}
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path {work}/nginx-tmp;
  proxy_temp_path {work}/nginx-tmp;
  fastcgi_temp_path {work}/nginx-tmp;
  uwsgi_temp_path {work}/nginx-tmp;
  scgi_temp_path {work}/nginx-tmp;
  types {{ video/mp4 m4v; }}
  server {{ listen 127.0.0.1:{port}; root {root}; }}
}}
"""


def big_file():
    """1 GiB of random bytes in the storage folder, and its sha256 (both kept between runs)."""
    path, digest_file = VAR / "recordings" / NAME, WORK / "big.sha256"
    if not path.exists() or path.stat().st_size != SIZE or not digest_file.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with open(path, "wb") as handle:
            for _ in range(SIZE // (1 << 20)):
                block = os.urandom(1 << 20)
                digest.update(block)
                handle.write(block)
        digest_file.write_text(digest.hexdigest())
    return path, digest_file.read_text().strip()


def wait_for(url, process, headers=()):
    """Poll ``url`` until it answers (or the server died)."""
    for _attempt in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        result = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-r", "0-0", *headers, url],
                                capture_output=True, text=True, check=False)
        if result.stdout in ("200", "206"):
            return
        time.sleep(0.2)
    raise RuntimeError(f"{url} never answered")


def curl(url, headers=(), extra=()):
    """Download ``url`` to /dev/null with curl: (bytes, seconds)."""
    result = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{size_download} %{time_total} %{http_code}",
                             *headers, *extra, url], capture_output=True, text=True, check=True)
    size, seconds, status = result.stdout.split()
    assert status in ("200", "206"), status
    return int(size), float(seconds)


def throughputs(targets):
    """Median MiB/s per target over ROUNDS whole-file downloads, the targets taking turns (fair under load)."""
    speeds = {label: [] for label in targets}
    for _ in range(ROUNDS):
        for label, (url, headers) in targets.items():
            size, seconds = curl(url, headers)
            assert size == SIZE, (label, size)
            speeds[label].append(size / seconds / (1 << 20))
    return {label: statistics.median(values) for label, values in speeds.items()}


def rss_per_download(url, pids, headers=(), downloads=3, length=256 << 20, rate="64M"):
    """Extra RSS (MiB) per in-flight download: per-process peak during ``downloads`` slow downloads, minus idle."""
    processes = [psutil.Process(pid) for pid in pids]
    idle = {p.pid: p.memory_info().rss for p in processes}
    peak = dict(idle)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for process in processes:
                peak[process.pid] = max(peak[process.pid], process.memory_info().rss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    clients = [subprocess.Popen(["curl", "-s", "-o", "/dev/null", "-r", f"{i * length}-{(i + 1) * length - 1}",
                                 "--limit-rate", rate, *headers, url]) for i in range(downloads)]
    for client in clients:
        client.wait()
    done.set()
    sampler.join()
    growth = sum(peak[pid] - idle[pid] for pid in idle) / downloads / (1 << 20)
    return growth, max(peak.values()) / (1 << 20)


class Server:
    """One server under test: its process, the file's URL, the request headers it needs."""

    def __init__(self, label, command, url, headers=(), workdir=ROOT, env=None):
        self.label, self.url, self.headers = label, url, tuple(headers)
        self.process = subprocess.Popen(command, cwd=workdir, env=env)

    def workers(self):
        """The worker processes (gunicorn and nginx both fork them)."""
        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def stop(self):
        """Stop the server."""
        self.process.terminate()
        self.process.wait(timeout=30)


def gunicorn(label, seeded, *extra):
    """The sandbox under gunicorn, 3 sync workers; warmed up (imports, first queries) before measuring."""
    port = free_port()
    server = Server(label, [sys.executable, "-m", "gunicorn", "--workers", "3", "--bind", f"127.0.0.1:{port}",
                            "--log-level", "warning", *extra, "sandbox.wsgi"],
                    f"http://127.0.0.1:{port}{seeded['path']}", ("-H", f"Cookie: sessionid={seeded['session']}"),
                    env=ENV)
    wait_for(server.url, server.process, server.headers)
    for _ in range(9):
        curl(server.url, server.headers, ("-r", "0-1023"))
    return server


def nginx(label, sendfile):
    """Debian's nginx in the foreground on a temporary configuration, serving the storage folder."""
    port = free_port()
    (WORK / "nginx-tmp").mkdir(exist_ok=True)
    user = "user root root;" if os.geteuid() == 0 else ""
    conf = WORK / f"nginx-{port}.conf"
    text = NGINX_CONF.format(user=user, work=WORK, port=port, root=VAR / "recordings")
    conf.write_text(text.replace("sendfile on;", f"sendfile {'on' if sendfile else 'off'};")
                    .replace("nginx.pid", f"nginx-{port}.pid"))
    server = Server(label, [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-e",
                            str(WORK / "nginx-error.log")], f"http://127.0.0.1:{port}/{NAME}")
    wait_for(server.url, server.process)
    return server


def main():
    """Run every measurement and write the ``recordings_serve`` section of RESULTS.md."""
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "site.sqlite3").unlink(missing_ok=True)
    _path, digest = big_file()
    seeded = subprocess.run([sys.executable, "-c", SEED, NAME, str(SIZE), digest], cwd=ROOT, env=ENV, check=True,
                            capture_output=True, text=True).stdout.strip().splitlines()[-1]
    seeded = json.loads(seeded)
    servers = []
    try:
        servers.append(nginx("nginx, static file (sendfile on)", True))
        servers.append(nginx("nginx, static file (sendfile off)", False))
        servers.append(gunicorn("download view, gunicorn (sendfile)", seeded))
        servers.append(gunicorn("download view, gunicorn --no-sendfile (Python streaming)", seeded, "--no-sendfile"))
        speeds = throughputs({server.label: (server.url, server.headers) for server in servers})
        rows = {server.label: (speeds[server.label], *rss_per_download(server.url, server.workers(), server.headers))
                for server in servers}
    finally:
        for server in servers:
            server.stop()
    nginx_speed = rows[servers[0].label][0]
    lines = [
        "## Recordings download view vs nginx (`bench/recordings_serve.py`)",
        "",
        f"A 1 GiB file, downloaded whole with curl over loopback, median of {ROUNDS} runs per server, "
        "the servers taking turns in the same run (the machine is shared: figures are noisy, the ratio less so). "
        "The view checks the session, enrollment and download switches, then streams the file from the storage "
        "(FileSystemStorage). Memory: each server process's RSS peak minus its idle RSS while 3 downloads of "
        "256 MiB (rate-limited to 64 MiB/s each) are in flight, divided by 3.",
        "",
        "| server | MiB/s | ratio to nginx (sendfile on) | extra RSS per in-flight download (MiB) "
        "| peak process RSS (MiB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, (speed, growth, peak) in rows.items():
        lines.append(f"| {label} | {speed:,.0f} | {speed / nginx_speed:.2f} | {growth:.1f} | {peak:.0f} |")
    write_section("recordings_serve", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
