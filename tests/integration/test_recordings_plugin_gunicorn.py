"""200 concurrent range requests against the download view under gunicorn (3 worker processes)."""

import hashlib
import json
import random
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.browser_support import ROOT, free_port
from tests.integration.recordings_plugin_support import random_bytes

SIZE = 3 * 1024 * 1024 + 17
REQUESTS = 200
SEED = """
import json, sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", "--noinput", verbosity=0)
call_command("load_demo_data", verbosity=0)
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from tests.integration.recordings_plugin_support import add_recording
data = open(sys.argv[1], "rb").read()
record_id = "0123456789abcdef0123456789abcdef01234567-1772000000000"
recording = add_recording(record_id, {"video.m4v": ("video", "m4v", data)})
file = recording.files.get()
user = get_user_model().objects.get(username="learner_4")
session = SessionStore()
session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash()})
session.create()
print(json.dumps({"path": f"/wikilearn/recordings/{recording.course_key}/files/{file.pk}/video.m4v",
                  "session": session.session_key}))
"""


@pytest.fixture(scope="module")
def gunicorn_site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("gunicorn")
    data = random_bytes(SIZE, seed=7)
    (workdir / "source.bin").write_bytes(data)
    env = {"DJANGO_SETTINGS_MODULE": "sandbox.settings", "WIKILEARN_DB": "sqlite", "WIKILEARN_DEBUG": "0",
           "WIKILEARN_SQLITE_PATH": str(workdir / "site.sqlite3"), "WIKILEARN_VAR_DIR": str(workdir),
           "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}

    def run(*args):
        return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True,
                              text=True).stdout

    seeded = json.loads(run("-c", SEED, str(workdir / "source.bin")).strip().splitlines()[-1])
    port = free_port()
    log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "3", "--bind", f"127.0.0.1:{port}",
                                "--backlog", "512", "sandbox.wsgi"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(150):
        try:
            requests.get(url + "/wikilearn/health", timeout=10)
            break
        except requests.RequestException:
            assert process.poll() is None, (workdir / "gunicorn.log").read_text()
            time.sleep(0.2)
    yield {"url": url + seeded["path"], "cookies": {"sessionid": seeded["session"]}, "data": data}
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_200_concurrent_range_requests_all_bytes_correct(gunicorn_site):
    data, rng = gunicorn_site["data"], random.Random(11)
    ranges = []
    for _ in range(REQUESTS):
        first = rng.randrange(SIZE)
        ranges.append((first, min(SIZE - 1, first + rng.randrange(1, 256 * 1024))))
    ranges[:3] = [(0, SIZE - 1), (SIZE - 1, SIZE - 1), (0, 0)]

    def fetch(span):
        first, last = span
        response = requests.get(gunicorn_site["url"], headers={"Range": f"bytes={first}-{last}"},
                                cookies=gunicorn_site["cookies"], timeout=60)
        return span, response.status_code, response.headers.get("Content-Range"), response.content

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        results = list(pool.map(fetch, ranges))
    statuses = [status for _span, status, _range, _body in results]
    assert statuses.count(206) == REQUESTS, statuses
    correct = sum(1 for (first, last), _status, content_range, body in results
                  if body == data[first:last + 1] and content_range == f"bytes {first}-{last}/{SIZE}")
    assert correct == REQUESTS
    assert sum(len(body) for *_rest, body in results) == sum(last - first + 1 for first, last in ranges)


def test_whole_file_under_gunicorn_matches(gunicorn_site):
    response = requests.get(gunicorn_site["url"], cookies=gunicorn_site["cookies"], timeout=60)
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == hashlib.sha256(gunicorn_site["data"]).hexdigest()
    assert requests.get(gunicorn_site["url"], timeout=10, allow_redirects=False).status_code == 302
