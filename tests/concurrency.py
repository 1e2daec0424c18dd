"""Handler calls racing each other: prepared up front, released together, each on its own database connection."""

import json
import threading
import traceback

from django.db import connections
from webob import Request


def prepared_call(driver, usage, user, handler, data):
    """A block bound to ``user`` with its fields loaded (as the LMS's FieldDataCache preloads them), and the
    request, built before the race: what races is the handler itself."""
    block = driver.block(usage, user)
    for name in block.fields:
        getattr(block, name)
    block.user()
    request = Request.blank(f"/{handler}/", method="POST", content_type="application/json",
                            body=json.dumps(data).encode())
    return block, handler, request


def race(calls, timeout=60):
    """Run every prepared call at once (a barrier) on its own thread and connection; [(status, body)] in
    the order of ``calls``. A call that raised fails the test with its traceback."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, block, handler, request):
        try:
            barrier.wait(timeout=timeout)
            response = block.runtime.handle(block, handler, request, "")
            results[index] = (response.status_code, json.loads(response.body))
        except Exception:  # noqa: BLE001 - reported below
            errors.append(traceback.format_exc())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout * 5)
    assert not errors, errors[0]
    return results
