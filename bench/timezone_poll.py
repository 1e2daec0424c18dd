"""Benchmark of the timezone poll: aggregation + ranking at scale, and a learner round trip vs xblock-poll.

1. Aggregation and ranking (pure :mod:`xblocks.timezone_poll.schedule`) for 100, 1,000 and 10,000
   respondents spread over 12 zones, on an 8-week range with 30-minute slots and every day
   offered (336 candidate sessions x 8 dates each, evaluated per date): ranking with the names
   of the top 10, and the staff heat map. Reported per respondent, to show the cost grows no
   faster than linearly.
2. Side by side in the same sandbox process and database: N learners each submit and re-render,
   with this block (student_view + ``poll_state``, ``save_availability``, then student_view +
   ``poll_state`` again) and with open-craft's xblock-poll (PyPI ``xblock-poll``: student_view,
   ``vote``, student_view). xblock-poll is importable only in the peers' venv, bench/.work/peers-venv:

    bench/peers_venv.sh                         # once
    .venv/bin/python bench/timezone_poll.py     # re-runs itself in bench/.work/peers-venv when that exists
"""

import datetime
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
sys.path.insert(0, str(ROOT))


def realistic_grid(rng):
    """Two to four blocks of availability (2-6 hours) and one "if need be" block, on random days."""
    cells = ["0"] * 336
    for mark, blocks in (("2", rng.randint(2, 4)), ("1", 1)):
        for _ in range(blocks):
            day, start, length = rng.randrange(7), rng.randrange(16, 40), rng.randint(4, 12)
            for cell in range(start, min(48, start + length)):
                cells[day * 48 + cell] = mark
    return "".join(cells)


def aggregation():
    """Rows of (respondents, rank ms, heat ms, total us per respondent)."""
    from xblocks.timezone_poll import schedule, weekview

    poll = schedule.PollSettings(first_date=datetime.date(2026, 3, 2), last_date=datetime.date(2026, 4, 26),
                                 days=tuple(range(7)), step=30, length=120, hours=(0, 24 * 60))
    rng = random.Random(5)
    start = time.perf_counter()
    for zone in ZONES:  # per-zone work, done once per poll settings whatever the number of learners
        schedule.zone_profile(poll, zone)
    profile_ms = (time.perf_counter() - start) * 1000
    rows = []
    for size in SIZES:
        responses = [schedule.Response(str(i), f"learner_{i}", rng.choice(ZONES), realistic_grid(rng),
                                       (rng.choice([420, 480, 540]), rng.choice([1260, 1320, 1380])))
                     for i in range(size)]
        repeat = 3
        rank_ms = min(timed(lambda r=responses: schedule.rank(poll, r, detail=10)) for _ in range(repeat))
        heat_ms = min(timed(lambda r=responses: weekview.heat_map(poll, r, "Europe/Paris")) for _ in range(repeat))
        rows.append((size, rank_ms, heat_ms, (rank_ms + heat_ms) * 1000 / size))
    return profile_ms, len(schedule.candidates(poll)), rows


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
    profile_ms, candidates, rows = aggregation()
    lines = ["## timezone_poll", "",
             f"Aggregation and ranking (pure `schedule.py`): 8-week range, 30-minute slots, every day offered "
             f"({candidates} candidate sessions, each evaluated on its 8 actual dates), respondents over "
             f"{len(ZONES)} zones. Per-zone set-up (once per poll, any number of respondents): {profile_ms:.0f} ms.",
             "Best of 3 runs each, garbage collector paused during a run.",
             "", "| respondents | rank (top 10 named) ms | staff heat map ms | per respondent µs |",
             "|---:|---:|---:|---:|"]
    lines += [f"| {n:,} | {rank:.0f} | {heat:.0f} | {per:.0f} |" for n, rank, heat, per in rows]
    if len(rows) > 1:
        (n0, r0, h0, _p0), (n1, r1, h1, _p1) = rows[-2], rows[-1]
        lines += ["", f"Marginal cost from {n0:,} to {n1:,} respondents: "
                  f"{((r1 + h1) - (r0 + h0)) * 1000 / (n1 - n0):.0f} µs per added respondent."]
    first, last = rows[0], rows[-1]
    lines += ["", f"Per-respondent cost from {first[0]:,} to {last[0]:,} respondents: {first[3]:.0f} → "
              f"{last[3]:.0f} µs (linear growth keeps it flat; it must not rise with N)."]
    configure()
    from django.contrib.auth import get_user_model

    model = get_user_model()
    users = [model.objects.get_or_create(username=f"tzbench_{i}")[0] for i in range(LEARNERS)]
    trips = round_trips(users)
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
