"""The sandbox served for real: concurrent first requests all see every scenario."""

import threading
import urllib.request

from tests.browser_support import SandboxServer


def test_concurrent_first_requests_all_see_the_scenarios(tmp_path):
    server = SandboxServer(tmp_path).start(warm=False)
    statuses = []

    def visit(path):
        with urllib.request.urlopen(server.url + path, timeout=60) as response:
            statuses.append((path, response.status))

    paths = ["/scenario/wikilearn_rubric.0/", "/scenario/wikilearn_timezone_poll.0/",
             "/scenario/wikilearn_pitch_review.0/", "/"] * 2
    try:
        threads = [threading.Thread(target=visit, args=(path,)) for path in paths]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.stop()
    assert sorted(statuses) == sorted((path, 200) for path in paths)
