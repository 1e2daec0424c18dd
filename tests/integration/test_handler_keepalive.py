"""A refused oversized body leaves a kept-alive connection usable (gunicorn's threaded workers keep it open).

gunicorn reads the next request from where the previous one's body ended; a handler that answers
``400 too_large`` without reading the body must drain it, or the next request on the connection
gets no answer (seen with ``gunicorn -k gthread --keep-alive``).
"""

import http.client
import re
import subprocess
import sys
import time

import pytest

from tests.browser_support import ROOT, free_port

SEED = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", "--noinput", "--run-syncdb", verbosity=0)  # xblock-sdk 0.14 (Ulmo) ships no migrations
call_command("load_demo_data", verbosity=0)
"""


@pytest.fixture(scope="module")
def threaded_site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("keepalive")
    env = {"DJANGO_SETTINGS_MODULE": "sandbox.settings", "WIKILEARN_DB": "sqlite", "WIKILEARN_DEBUG": "0",
           "WIKILEARN_SQLITE_PATH": str(workdir / "site.sqlite3"), "WIKILEARN_VAR_DIR": str(workdir),
           "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", SEED], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-k", "gthread", "--threads", "2",
                                "--keep-alive", "10", "--bind", f"127.0.0.1:{port}", "sandbox.wsgi"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/wikilearn/health")
            break
        except OSError:
            time.sleep(0.3)
    yield port
    process.terminate()
    process.wait(timeout=30)
    log.close()


def test_the_connection_answers_after_a_refused_large_body(threaded_site):
    connection = http.client.HTTPConnection("127.0.0.1", threaded_site, timeout=20)
    connection.request("GET", "/")
    response = connection.getresponse()
    token = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    response.read()
    connection.request("POST", "/login-as/", body=f"username=learner_1&next=/&csrfmiddlewaretoken={token}",
                       headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={token}"})
    response = connection.getresponse()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie")).group(1)
    cookies = f"csrftoken={token}; sessionid={session}"
    response.read()
    connection.request("GET", "/scenario/wikilearn_rubric.0/", headers={"Cookie": cookies})
    response = connection.getresponse()
    usage = re.search(r"data-usage='([^']+)'", response.read().decode()).group(1)

    big = b'{"answer": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    connection.request("POST", f"/handler/{usage}/save_draft/", body=big,
                       headers={"Content-Type": "application/json", "Cookie": cookies, "X-CSRFToken": token})
    response = connection.getresponse()
    assert response.status == 400 and b'"too_large"' in response.read()
    connection.request("POST", f"/handler/{usage}/save_draft/", body=b'{"answer": "short"}',
                       headers={"Content-Type": "application/json", "Cookie": cookies, "X-CSRFToken": token})
    response = connection.getresponse()  # the same connection
    assert response.status == 200 and b"saved_at" in response.read()
