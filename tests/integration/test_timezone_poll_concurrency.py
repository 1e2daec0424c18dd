"""A hundred learners saving their availability at the same moment: every answer kept, none overwritten."""

import json
import threading
import traceback

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from webob import Request

from openedx_plugins.wikilearn.models import Availability
from tests.blocks import BlockDriver

pytestmark = pytest.mark.django_db(transaction=True)

LEARNERS = 100
OLX = """<wikilearn_timezone_poll offered_days="Tue, Wed, Thu" first_session="2026-02-03" last_session="2026-04-30"
    slot_step="30" acceptable_hours="00:00-24:00" show_heat_map="true"/>"""


def grid_for(index):
    """A distinct Tuesday/Wednesday grid per learner, so a lost or swapped answer shows."""
    days = ["0" * 48] * 7
    start = index % 40
    days[1] = "0" * start + "2" * 4 + "0" * (44 - start)
    days[2] = "0" * (index // 40) + "1" + "0" * (47 - index // 40)
    return days


def test_hundred_learners_saving_at_once_none_lost():
    driver = BlockDriver()
    usage = driver.create(OLX)
    model = get_user_model()
    learners = model.objects.bulk_create([model(username=f"tz_concurrent_{i}") for i in range(LEARNERS)])
    prepared = []
    for index, learner in enumerate(learners):
        # Built up front (user service read, fields preloaded as the LMS's FieldDataCache does);
        # the race is the save handler itself, each thread on its own database connection.
        block = driver.block(usage, learner)
        for name in block.fields:
            getattr(block, name)
        body = {"time_zone": "UTC", "grid": grid_for(index)}
        request = Request.blank("/save_availability/", method="POST", content_type="application/json",
                                body=json.dumps(body).encode())
        prepared.append((learner.username, block, request))
    barrier = threading.Barrier(LEARNERS)
    results, errors = {}, []

    def run(username, block, request):
        try:
            barrier.wait(timeout=60)
            response = block.runtime.handle(block, "save_availability", request, "")
            results[username] = response.status_code
        except Exception:  # noqa: BLE001 - reported below
            errors.append(traceback.format_exc())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert not errors, errors[0]
    assert sorted(results.values()) == [200] * LEARNERS
    rows = Availability.objects.filter(item_id=str(usage))
    assert rows.count() == LEARNERS
    assert {row.username: row.grid for row in rows} == {
        f"tz_concurrent_{i}": "".join(grid_for(i)) for i in range(LEARNERS)}
