"""Learners saving their availability at the same moment: every answer kept, none overwritten, and the
poll's counters (kept by each save) equal to a recomputation from the answers afterwards."""

import contextlib
import io
import random

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from openedx_plugins.wikilearn.api import timezone_poll as api
from openedx_plugins.wikilearn.models import Availability, PollAggregate
from tests.blocks import BlockDriver
from tests.concurrency import prepared_call, race
from xblocks.timezone_poll import grid as grids

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
    results = race([prepared_call(driver, usage, learner, "save_availability",
                                  {"time_zone": "UTC", "grid": grid_for(index)})
                    for index, learner in enumerate(learners)])

    assert sorted(status for status, _body in results) == [200] * LEARNERS
    rows = Availability.objects.filter(item_id=str(usage))
    assert rows.count() == LEARNERS
    assert {row.username: row.grid for row in rows} == {
        f"tz_concurrent_{i}": "".join(grid_for(i)) for i in range(LEARNERS)}


BURST = 200
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Asia/Kathmandu", "UTC",
         "America/Sao_Paulo", "Africa/Lagos", "Pacific/Auckland", "Europe/London", "America/Los_Angeles", "Asia/Tokyo"]


@contextlib.contextmanager
def connections_for(threads):
    """MariaDB's default max_connections (151) is below the burst: raise it for the test, then restore it."""
    if connection.vendor != "mysql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT @@GLOBAL.max_connections")
        before = cursor.fetchone()[0]
        if before < threads + 50:
            cursor.execute(f"SET GLOBAL max_connections = {threads + 100}")
    try:
        yield
    finally:
        if before < threads + 50:
            with connection.cursor() as cursor:
                cursor.execute(f"SET GLOBAL max_connections = {int(before)}")


def burst(driver, usage, learners, answer_for):
    """Every learner saves at the same moment (a barrier), each thread on its own database connection."""
    calls, sent = [], {}
    for index, learner in enumerate(learners):
        sent[learner.username] = answer_for(index, driver.block(usage, learner))
        calls.append(prepared_call(driver, usage, learner, "save_availability", sent[learner.username]))
    assert [status for status, _body in race(calls, timeout=120)] == [200] * len(calls)
    return sent


def painted(block, zone, seed):
    """A distinct grid over the cells offered in ``zone``."""
    rng = random.Random(seed)
    offered = block.tally().offered_cells(zone)
    return grids.split_grid("".join(rng.choice("0012") if offered >> cell & 1 else "0" for cell in range(336)))


def assert_counts_equal_a_recomputation(driver, usage, user):
    block = driver.block(usage, user)
    counter = block.tally()
    stored = PollAggregate.objects.get(item_id=block.item_id)
    assert stored.version == counter.version
    kept = counter.load(bytes(stored.counts), stored.respondents)
    fresh = counter.build(api.list_availability(block.course_key, block.item_id),
                          zones=[zone for _key, zone in kept.families])
    assert kept.respondents == fresh.respondents == Availability.objects.filter(item_id=block.item_id).count()
    assert (kept.rank == fresh.rank).all() and (kept.weekly == fresh.weekly).all()
    assert (kept.heat == fresh.heat).all() and kept.families == fresh.families
    assert int(kept.rank[:, 0].max()) > 0 and int(kept.heat.sum()) > 0  # something was counted


def test_two_hundred_saves_at_once_none_lost_and_the_counts_equal_a_recomputation():
    driver = BlockDriver()
    usage = driver.create(OLX)
    model = get_user_model()
    learners = model.objects.bulk_create([model(username=f"tz_burst_{i}") for i in range(BURST)])
    call_command("load_demo_data", stdout=io.StringIO())
    staff = model.objects.get(username="staff_1")
    # Fifty learners answered before: in the burst they change their answer (old counts subtracted).
    for index, learner in enumerate(learners[:50]):
        block = driver.block(usage, learner)
        body = {"time_zone": ZONES[(index + 5) % len(ZONES)], "grid": painted(block, ZONES[(index + 5) % 12], -index)}
        assert driver.call(usage, "save_availability", body, user=learner).status == 200
    with connections_for(BURST):
        sent = burst(driver, usage, learners, lambda index, block: {
            "time_zone": ZONES[index % len(ZONES)], "grid": painted(block, ZONES[index % len(ZONES)], index)})
    rows = {row.username: (row.time_zone, row.grid) for row in Availability.objects.filter(item_id=str(usage))}
    assert rows == {name: (body["time_zone"], "".join(body["grid"])) for name, body in sent.items()}
    assert_counts_equal_a_recomputation(driver, usage, staff)

    # The author changes the poll; the first saves after it race to rebuild the counts (once, under the lock).
    edit = driver.call(usage, "submit_studio_edits", {"values": {"offered_days": "Tue, Fri", "slot_step": 30,
                                                                 "first_session": "2026-02-10"}, "defaults": []},
                       user=staff, surface="studio")
    assert edit.status == 200, edit.json
    with connections_for(60):
        burst(driver, usage, learners[100:160], lambda index, block: {
            "time_zone": ZONES[(index + 3) % 12], "grid": painted(block, ZONES[(index + 3) % 12], 1000 + index)})
    assert Availability.objects.filter(item_id=str(usage)).count() == BURST
    assert_counts_equal_a_recomputation(driver, usage, staff)
