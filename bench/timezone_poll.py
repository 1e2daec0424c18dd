"""Benchmark of the timezone poll: its handlers at 100, 1,000 and 10,000 respondents, and a learner round trip.

1. The suite alone, in the sandbox runtime on SQLite: for N answers spread over 12 and over 40
   zones, the staff results (heat map + ranked sessions), a learner's ``poll_state`` (each call
   from a learner in another zone, so no zone is warm) and a learner's save, in milliseconds
   (median of repeated calls) with their query counts. The results are counters kept by each
   save (``xblocks/timezone_poll/tally.py``), so these must not grow with N nor with the number
   of zones; the one-off recomputation from every answer (after a change of the poll's settings)
   is reported beside them, and grows with N.
2. Side by side in the same sandbox process and database: N learners each submit and re-render,
   with this block (student_view + ``poll_state``, ``save_availability``, then student_view +
   ``poll_state`` again) and with open-craft's xblock-poll (PyPI ``xblock-poll``: student_view,
   ``vote``, student_view). xblock-poll is importable only in the peers' venv, bench/.work/peers-venv:

    bench/peers_venv.sh                         # once
    .venv/bin/python bench/timezone_poll.py     # re-runs itself in bench/.work/peers-venv when that exists
"""

import gc
import os
import random
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
SIZES = [int(n) for n in os.environ.get("TZPOLL_BENCH_SIZES", "100,1000,10000").split(",")]
LEARNERS = int(os.environ.get("TZPOLL_BENCH_LEARNERS", "40"))
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Africa/Lagos", "America/Sao_Paulo", "Asia/Jakarta",
         "Africa/Cairo", "Australia/Sydney", "Asia/Kathmandu", "Europe/London", "America/Los_Angeles", "UTC"]
MORE_ZONES = ZONES + [
    "America/Chicago", "America/Denver", "America/Mexico_City", "America/Bogota", "America/Santiago",
    "America/St_Johns", "America/Halifax", "Pacific/Honolulu", "America/Anchorage", "Atlantic/Azores",
    "Europe/Lisbon", "Europe/Paris", "Europe/Kyiv", "Europe/Istanbul", "Asia/Tehran", "Asia/Dubai", "Asia/Karachi",
    "Asia/Dhaka", "Asia/Yangon", "Asia/Bangkok", "Asia/Shanghai", "Asia/Tokyo", "Australia/Adelaide",
    "Australia/Brisbane", "Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham", "Africa/Nairobi"]
sys.path.insert(0, str(ROOT))


def realistic_grid(rng, offered):
    """Two to four blocks of availability (2-6 hours) and one "if need be" block, on offered cells."""
    cells = ["0"] * 336
    for mark, blocks in (("2", rng.randint(2, 4)), ("1", 1)):
        for _ in range(blocks):
            day, start, length = rng.randrange(7), rng.randrange(16, 40), rng.randint(4, 12)
            for cell in range(start, min(48, start + length)):
                if offered >> (day * 48 + cell) & 1:
                    cells[day * 48 + cell] = mark
    return "".join(cells)


SCALE_OLX = """<wikilearn_timezone_poll offered_days="Mon, Tue, Wed, Thu, Fri, Sat, Sun" first_session="2026-03-02"
    last_session="2026-04-26" slot_step="30" session_length="120" acceptable_hours="00:00-24:00"
    show_heat_map="true"/>"""


def at_scale(zones, size, staff, learners):
    """One poll with ``size`` answers over ``zones``: ms and queries of the staff results, poll_state, save."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from openedx_plugins.wikilearn.api import timezone_poll as api
    from openedx_plugins.wikilearn.models import Availability
    from tests.blocks import BlockDriver

    driver = BlockDriver()
    usage = driver.create(SCALE_OLX)
    block = driver.block(usage, staff)
    counter, rng, now = block.tally(), random.Random(size + len(zones)), timezone.now()
    offered = {zone: counter.offered_cells(zone) for zone in zones}
    rows = []
    for index in range(size):
        zone = zones[index % len(zones)]
        rows.append(Availability(course_key=block.course_key, item_id=block.item_id, anonymous_id=f"bench-{index}",
                                 username=f"bench_{index}", time_zone=zone, grid=realistic_grid(rng, offered[zone]),
                                 hours_start=rng.choice([0, 420, 480]), hours_end=rng.choice([1260, 1320, 1440]),
                                 created=now, updated=now))
    Availability.objects.bulk_create(rows, batch_size=2000)
    rebuild_ms = timed(lambda: api.rebuild_counts(block.course_key, block.item_id, counter))

    def measure(handler, data, user):
        with CaptureQueriesContext(connection) as queries:
            elapsed = timed(lambda: driver.call(usage, handler, data, user=user))
        return elapsed, len(queries)

    measure("staff_results", {}, staff)  # keeps the heat map of the staff member's zone
    staff_runs = [measure("staff_results", {}, staff) for _ in range(7)]
    for learner, zone in zip(learners, zones, strict=False):  # every zone's heat map kept, as learners save
        grid = realistic_grid(rng, offered[zone])
        driver.call(usage, "save_availability", {"time_zone": zone, "grid": [grid[d * 48:(d + 1) * 48]
                                                                            for d in range(7)]}, user=learner)
    state_runs = [measure("poll_state", {}, learner) for learner in learners[:len(zones)]]
    save_runs = []
    for index, learner in enumerate(learners[:len(zones)]):
        zone = zones[(index + 1) % len(zones)]
        grid = realistic_grid(rng, offered[zone])
        body = {"time_zone": zone, "grid": [grid[d * 48:(d + 1) * 48] for d in range(7)]}
        save_runs.append(measure("save_availability", body, learner))

    def summary(runs):
        return statistics.median(ms for ms, _q in runs), max(q for _ms, q in runs)

    return {"staff": summary(staff_runs), "state": summary(state_runs), "save": summary(save_runs),
            "rebuild": rebuild_ms}


def scale_section(staff, learners):
    lines = ["Handlers of the suite alone (sandbox runtime, SQLite; every day offered, 30-minute slots, 8-week range, "
             "336 candidate sessions on 8 dates each). Median ms of repeated calls (`poll_state` and the save: one "
             "call per learner, each in another zone) and the most queries seen; the counters' recomputation from "
             "every answer (once, after the author changes the poll) beside them.", "",
             "| zones | respondents | staff results ms (queries) | poll_state ms (queries) | save ms (queries) "
             "| recomputation ms |", "|---:|---:|---:|---:|---:|---:|"]
    for zones in (ZONES, MORE_ZONES):
        for size in SIZES:
            got = at_scale(zones, size, staff, learners)
            lines.append(f"| {len(zones)} | {size:,} | {got['staff'][0]:.1f} ({got['staff'][1]}) | "
                         f"{got['state'][0]:.1f} ({got['state'][1]}) | {got['save'][0]:.1f} ({got['save'][1]}) | "
                         f"{got['rebuild']:.0f} |")
    return lines


def timed(fn):
    """Milliseconds of ``fn()``, with the garbage collector paused as ``timeit`` does."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) * 1000
    finally:
        gc.enable()


def configure():
    """Sandbox settings on a fresh SQLite file (with xblock-poll's block type when installed)."""
    import sandbox.settings as base

    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / "timezone-poll-bench.sqlite3"
    if db.exists():
        db.unlink()
    module = types.ModuleType("bench_tzpoll_settings")
    module.__dict__.update({k: v for k, v in vars(base).items() if k.isupper()})
    module.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db),
                                    "OPTIONS": {"timeout": 30}}}
    module.DEBUG = False
    sys.modules["bench_tzpoll_settings"] = module
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_tzpoll_settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115


def xblock_poll_missing():
    try:
        import poll.poll  # noqa: F401
    except ImportError as error:
        return str(error)
    return None


POLL_OLX = """<wikilearn_timezone_poll offered_days="Tue, Wed, Thu" first_session="2026-03-03"
    last_session="2026-04-23" slot_step="30" acceptable_hours="07:00-23:00" show_heat_map="true"/>"""
PEER_OLX = """<poll question="When can you attend the weekly live session?"
    answers='[["tue", {"label": "Tuesday 14:00 UTC", "img": ""}], ["wed", {"label": "Wednesday 16:00 UTC", "img": ""}],
              ["thu", {"label": "Thursday 18:00 UTC", "img": ""}]]'/>"""


def round_trips(users):
    """Median ms and total ms per learner round trip for this block and (when installed) xblock-poll."""
    from tests.blocks import BlockDriver

    driver = BlockDriver()
    ours = driver.create(POLL_OLX)
    rng = random.Random(7)

    def our_trip(user):
        driver.render(ours, user)
        state = driver.call(ours, "poll_state", {}, user=user).json
        grid = ["".join("2" if ok == "1" and rng.random() < 0.4 else "0" for ok in day) for day in state["offered"]]
        result = driver.call(ours, "save_availability", {"time_zone": state["zone"], "grid": grid}, user=user)
        assert result.status == 200, result.json
        driver.render(ours, user)
        assert driver.call(ours, "poll_state", {}, user=user).json["answer"] is not None

    trips = {"wikilearn_timezone_poll": our_trip}
    if xblock_poll_missing() is None:
        peer = driver.create(PEER_OLX)

        def peer_trip(user):
            driver.render(peer, user)
            result = driver.call(peer, "vote", {"choice": rng.choice(["tue", "wed", "thu"])}, user=user)
            assert result.status == 200 and result.json.get("success"), result.json
            driver.render(peer, user)

        trips["xblock-poll"] = peer_trip
    # Interleaved learner by learner, so load from other processes on the machine hits both alike.
    times = {name: [] for name in trips}
    for user in users:
        for name, trip in trips.items():
            times[name].append(timed(lambda u=user, t=trip: t(u)))
    return {name: (statistics.median(values), sum(values), statistics.median(values[-10:]))
            for name, values in times.items()}


def main():
    configure()
    lines = ["## timezone_poll", ""]
    from django.contrib.auth import get_user_model

    model = get_user_model()
    users = [model.objects.get_or_create(username=f"tzbench_{i}")[0] for i in range(max(LEARNERS, len(MORE_ZONES)))]
    lines += scale_section(model.objects.get(username="staff_1"), users)
    trips = round_trips(users[:LEARNERS])
    lines += ["", f"Learner round trip, same sandbox process and SQLite database, {LEARNERS} learners one after "
              "another (render, submit, re-render):", "",
              "| block | median ms | median of last 10 ms | total ms |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {med:.1f} | {tail:.1f} | {total:.0f} |" for name, (med, total, tail) in trips.items()]
    missing = xblock_poll_missing()
    if missing:
        lines += ["", f"xblock-poll was not importable here ({missing}): build bench/.work/peers-venv with "
                  "bench/peers_venv.sh."]
    else:
        ratio = trips["wikilearn_timezone_poll"][0] / trips["xblock-poll"][0]
        lines += ["", f"Ratio (timezone poll / xblock-poll, median round trip): **{ratio:.2f}x**. Per trip the "
                  "timezone poll renders, calls `poll_state`, `save_availability` (a 336-cell grid checked "
                  "against the cells offered in the learner's zone over every course date, then one upsert of "
                  "the learner's own row), renders and calls `poll_state` again (with the aggregate heat map); "
                  "xblock-poll renders, votes (one choice, and a read-modify-write of the shared tally in "
                  "`user_state_summary`) and renders. In both, most of the time is the workbench's "
                  "database-backed field data, which the LMS replaces with its own."]
    from bench.results import write_section

    write_section("timezone_poll", "\n".join(lines))
    print("\n".join(lines))


def peer_venv_python():
    """The bench venv's Python when xblock-poll is missing here but installed there (``make bench``)."""
    python = WORK / "peers-venv" / "bin" / "python"
    if xblock_poll_missing() is None or not python.exists() or Path(sys.executable) == python:
        return None
    return str(python)


if __name__ == "__main__":
    if peer_venv_python():
        os.execv(peer_venv_python(), [peer_venv_python(), __file__, *sys.argv[1:]])
    main()
