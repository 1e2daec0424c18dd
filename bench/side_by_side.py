"""The suite's blocks against their peers, in one process and one database, interleaved (issue 18).

The rubric against ORA2 (staff assessment) and the timezone poll against xblock-poll, at 100,
1,000 and 10,000 learners. For each size, fresh blocks of the four kinds are created and N
learners' data is bulk-loaded (untimed, see bench/side_by_side_blocks.py); then every operation
runs REPEAT times on each side, alternating which side goes first, each time as a fresh learner
where the operation needs one. Per operation: median wall and CPU (``time.process_time``) time,
ratio suite / peer, median query count of each side, and the growth from 1,000 to 10,000. The
machine's load average is read before and after each size. Writes its section of RESULTS.md.

    bench/peers_venv.sh                                   # once: bench/.work/peers-venv
    bench/.work/peers-venv/bin/python bench/side_by_side.py                 # 100, 1,000, 10,000
    bench/.work/peers-venv/bin/python bench/side_by_side.py --quick         # 100 only
    bench/.work/peers-venv/bin/python bench/side_by_side.py --sizes 100,1000 --db mysql

Run with any other Python (``make bench``), it re-runs itself in the peers' venv when that exists,
else says how to build it and exits 0 without touching RESULTS.md.
"""

import argparse
import gc
import importlib
import os
import random
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
PEERS_PYTHON = WORK / "peers-venv" / "bin" / "python"
PEER_APPS = ["openassessment", "openassessment.workflow", "openassessment.assessment", "openassessment.fileupload",
             "openassessment.staffgrader", "waffle"]
MYSQL_DB = "bench_wl_side_by_side"
sys.path.insert(0, str(ROOT))


def peers_missing():
    """Why the peers cannot be imported here, or None."""
    try:
        import openassessment  # noqa: F401
        import poll.poll  # noqa: F401
    except ImportError as error:
        return str(error)
    return None


def configure(db):
    """Sandbox settings plus ORA2's apps, on a fresh SQLite file or MariaDB database."""
    import sandbox.settings as base

    WORK.mkdir(parents=True, exist_ok=True)
    module = types.ModuleType("bench_side_by_side_settings")
    module.__dict__.update({k: v for k, v in vars(base).items() if k.isupper()})
    if db == "mysql":
        import MySQLdb

        server = MySQLdb.connect(host="127.0.0.1", user="root", password="")  # noqa: S106 - local test server
        server.cursor().execute(f"DROP DATABASE IF EXISTS {MYSQL_DB}")
        server.cursor().execute(f"CREATE DATABASE {MYSQL_DB} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        module.DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "NAME": MYSQL_DB, "USER": "root",
                                        "PASSWORD": "", "HOST": "127.0.0.1", "PORT": "3306",
                                        "OPTIONS": {"charset": "utf8mb4"}}}
    else:
        path = WORK / "side-by-side.sqlite3"
        path.unlink(missing_ok=True)
        module.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path),
                                        "OPTIONS": {"timeout": 30}}}
    module.DEBUG = False
    module.MEDIA_ROOT = str(WORK / "media")
    module.INSTALLED_APPS = [*base.INSTALLED_APPS, *PEER_APPS]
    module.FEATURES = getattr(base, "FEATURES", {})  # the LMS's feature flags, which ORA2 reads
    sys.modules[module.__name__] = module
    os.environ["DJANGO_SETTINGS_MODULE"] = module.__name__
    import django
    from django.core.management import call_command

    django.setup()
    if db == "mysql":  # edx-submissions' 0006 on a fresh MariaDB database, as bench/course_inbox.py does
        from tests.conftest import _alter_existing_uuid_columns

        migration = importlib.import_module("submissions.migrations.0006_mariadb_uuid_conversion").Migration
        for operation in migration.operations:
            operation.code = _alter_existing_uuid_columns
    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115


class QueryCounter:
    """Counts the queries run on the default connection (an execute wrapper: no SQL kept)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def sample(fn):
    """(wall ms, CPU ms, queries) of one ``fn()``."""
    from django.db import connection

    gc.collect()
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return wall * 1000, cpu * 1000, counter.count


def interleaved(suite_fn, peer_fn, repeat):
    """Each side ``repeat`` times (plus one untimed warm-up each), alternating which goes first."""
    suite_fn(-1)
    peer_fn(-1)
    runs = {"suite": [], "peer": []}
    for i in range(repeat):
        order = [("suite", suite_fn), ("peer", peer_fn)]
        for side, fn in order if i % 2 == 0 else order[::-1]:
            runs[side].append(sample(lambda f=fn, k=i: f(k)))
    return {side: tuple(statistics.median(r[j] for r in values) for j in range(3)) for side, values in runs.items()}


def users(prefix, count):
    """``count`` + 1 fresh Django users (index -1 is the warm-up learner) with their anonymous ids made."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from sandbox.services import anonymous_id_for

    made = get_user_model().objects.bulk_create([get_user_model()(username=f"{prefix}{i}") for i in range(count + 1)])
    made = list(get_user_model().objects.filter(username__in=[u.username for u in made]).order_by("id"))
    for user in made:
        anonymous_id_for(user, settings.WIKILEARN_SANDBOX_COURSE)
    return made[1:] + made[:1]  # made[-1] is the warm-up learner


def analyze():
    """Table statistics after the bulk load, as a production database keeps them. Without them SQLite
    looks up the workbench's field data (``XBlockState``: one-column indexes only) by its ``tag`` index,
    which every row of a block type shares: each peer field read then walks all N learners' rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            tables = ", ".join(connection.ops.quote_name(t) for t in connection.introspection.table_names())
            cursor.execute(f"ANALYZE TABLE {tables}")
            cursor.fetchall()


def rubric_ops(n, repeat):
    """The rubric block vs ORA2's staff assessment, ``n`` learners' submissions each."""
    from django.contrib.auth import get_user_model

    from bench import side_by_side_blocks as b
    from bench.rubric import LEVELS

    suite, peer = b.drivers()
    staff = get_user_model().objects.get(username="staff_1")
    ours, ora = suite.create(b.rubric_olx()), peer.create(b.ORA_OLX)
    b.seed_rubric(suite, ours, staff, n)
    b.seed_ora(peer, ora, staff, users(f"oraprobe{n}_", 1)[:2], n)
    learners = users(f"rb{n}_", repeat)
    analyze()
    ids = {u.pk: suite.block(ours, u).user().anonymous_id for u in learners}

    def ours_page(i):
        suite.render(ours, learners[i])
        assert suite.call(ours, "learner_state", {}, user=learners[i]).json["phase"] == "not_submitted"

    def ora_page(i):
        peer.render(ora, learners[i])
        for handler in b.ORA_PAGE_CALLS:
            assert peer.call(ora, handler, user=learners[i]).status == 200

    def ours_submit(i):
        assert suite.call(ours, "submit", {"answer": f"My answer {i}"}, user=learners[i]).status == 200

    def ora_submit(i):
        assert peer.call(ora, "submit", {"submission": [f"My answer {i}"]}, user=learners[i]).json[0] is True

    def ours_grade(i):
        data = {"learner": ids[learners[i].pk], "attempt": 1, "version": 0, "levels": LEVELS, "release": True,
                "feedback": {"reasoning": "Say more about shared goals."}, "overall_feedback": "Close."}
        assert suite.call(ours, "assess", data, user=staff).status == 200

    uuids = {}

    def ora_grade(i):
        assert peer.call(ora, "staff_assess", b.ora_grade_data(uuids[i]), user=staff).json["success"]

    results = {
        "rubric: learner page before submitting (view + data calls)": interleaved(ours_page, ora_page, repeat),
        "rubric: `student_view` alone": interleaved(lambda i: suite.render(ours, learners[i]),
                                                    lambda i: peer.render(ora, learners[i]), repeat),
        "rubric: submit": interleaved(ours_submit, ora_submit, repeat),
    }
    uuids.update({i: b.ora_uuid(ora, learners[i]) for i in range(-1, repeat)})
    results["rubric: staff grade (release)"] = interleaved(ours_grade, ora_grade, repeat)
    results["rubric: staff page shell (`student_view` for staff)"] = interleaved(
        lambda i: suite.render(ours, staff), lambda i: peer.render(ora, staff), repeat)
    return results


def poll_ops(n, repeat, zones):
    """The timezone poll vs xblock-poll, ``n`` respondents each (the suite's over ``zones`` time zones)."""
    from django.contrib.auth import get_user_model

    from bench import side_by_side_blocks as b

    suite, peer = b.drivers()
    staff = get_user_model().objects.get(username="staff_1")
    ours, theirs = suite.create(b.poll_olx()), peer.create(b.PEER_POLL_OLX)
    grids = b.zone_grids(suite, ours, staff, zones)
    b.seed_poll(suite, ours, staff, grids, n)
    b.seed_peer_poll(peer, theirs, users(f"pollprobe{n}_", 0)[0], n)
    learners = users(f"tz{n}_", repeat)
    analyze()
    rng = random.Random(7)  # noqa: S311 - repeatable data
    learner_zone = {u.pk: sorted(grids)[k % len(grids)] for k, u in enumerate(learners)}

    def ours_page(i):
        suite.render(ours, learners[i])
        result = suite.call(ours, "poll_state", {"browser_zone": learner_zone[learners[i].pk]}, user=learners[i])
        assert result.status == 200, result.json

    def peer_page(i):
        peer.render(theirs, learners[i])
        assert peer.call(theirs, "student_voted", {}, user=learners[i]).status == 200

    def ours_save(i):
        zone, grid = b.answer(grids, rng, learner_zone[learners[i].pk])
        result = suite.call(ours, "save_availability", {"time_zone": zone, "grid": grid}, user=learners[i])
        assert result.status == 200, result.json
        assert suite.call(ours, "poll_state", {"time_zone": zone}, user=learners[i]).status == 200

    def peer_save(i):
        vote = {"choice": rng.choice(["tue", "wed", "thu"])}
        assert peer.call(theirs, "vote", vote, user=learners[i]).json["success"]
        assert peer.call(theirs, "get_results", {}, user=learners[i]).status == 200

    def ours_state(i):
        assert suite.call(ours, "poll_state", {}, user=learners[i]).json["answer"] is not None

    def peer_results(i, user=None):
        assert peer.call(theirs, "get_results", {}, user=user or learners[i]).json["total"] >= n

    def ours_staff(i):
        assert suite.call(ours, "staff_results", {}, user=staff).json["respondents"] >= n

    return {
        "timezone poll: learner page (view + data call)": interleaved(ours_page, peer_page, repeat),
        "timezone poll: save + follow-up call": interleaved(ours_save, peer_save, repeat),
        "timezone poll: `poll_state` vs `get_results`": interleaved(ours_state, peer_results, repeat),
        "timezone poll: staff results vs `get_results`": interleaved(
            ours_staff, lambda i: peer_results(i, staff), repeat),
    }


def commit():
    """The commit measured (``+changes`` when the work tree differs from it, RESULTS.md aside)."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/RESULTS.md")
    return head + ("+changes" if changed else "")


def ratio(a, b):
    return f"{a / b:.2f}×" if b else "–"


def report(results, loads, args, seconds, measured):
    """The RESULTS.md section: a table per size, then growth 1,000 -> 10,000."""
    from importlib.metadata import version

    peers = ", ".join(f"{name} {version(name)}" for name in ("ora2", "xblock-poll", "xblock-sdk", "django"))
    database = {"sqlite": "SQLite", "mysql": "MariaDB"}[args.db]
    lines = [f"## Side by side on {database}: the suite's blocks against ORA2 and xblock-poll "
             "(`bench/side_by_side.py`)", "",
             f"Commit `{measured}`; {peers}; timezone poll respondents in {args.zones} time zones; median of "
             f"{args.repeat} interleaved runs per side (one warm-up each first); {seconds / 60:.1f} minutes in all. "
             "Ratio = suite / peer, lower is better; CPU = `time.process_time` of this process (on MariaDB the "
             "server's CPU is not in it)."]
    for n, ops in results.items():
        lines += ["", f"**{n:,} learners** (load average before {loads[n][0]}, after {loads[n][1]})", "",
                  "| operation | suite ms | peer ms | ratio | suite CPU ms | peer CPU ms | CPU ratio "
                  "| queries suite / peer |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for op, sides in ops.items():
            (sw, sc, sq), (pw, pc, pq) = sides["suite"], sides["peer"]
            lines.append(f"| {op} | {sw:.1f} | {pw:.1f} | **{ratio(sw, pw)}** | {sc:.1f} | {pc:.1f} | {ratio(sc, pc)} "
                         f"| {sq:g} / {pq:g} |")
    if 1000 in results and 10000 in results:
        lines += ["", "**Growth from 1,000 to 10,000 learners** (median at 10,000 / median at 1,000, wall and CPU; "
                  "1.0× = constant; queries at 1,000 → 10,000)", "",
                  "| operation | suite wall | suite CPU | peer wall | peer CPU | suite queries | peer queries |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for op in results[10000]:
            small, big = results[1000][op], results[10000][op]
            growth = [ratio(big[side][j], small[side][j]) for side in ("suite", "peer") for j in (0, 1)]
            lines.append(f"| {op} | {' | '.join(growth)} | {small['suite'][2]:g} → {big['suite'][2]:g} | "
                         f"{small['peer'][2]:g} → {big['peer'][2]:g} |")
    return "\n".join(lines + ["", NOTES])


NOTES = """How it is made comparable. Both sides run in the sandbox's subclass of xblock-sdk's workbench runtime
(same user service, same database-backed field data, the same Django users; one fresh learner per
repetition, the same learner on both sides). ORA2 also gets what the LMS's runtime gives it: the
`xmodule_runtime` attributes (anonymous id, staff, course) from the same user service, a usage key with
its `course_key`, `CourseWaffleFlag` as the plain waffle flag (no course overrides), and its tracking
events JSON-encoded as the LMS's tracker does. Only ORA2's staff notification needs more of edx-platform
(the modulestore): here it gives up at once, so ORA2's submit and grade are if anything flattered.
What each operation is, per side: learner page = `student_view` + `learner_state` vs `student_view` +
the 8 step renders ORA2's legacy page loads (`render_submission`,
`render_student_training`, `render_peer_assessment`, `render_staff_assessment`, `render_self_assessment`,
`render_grade`, `render_leaderboard`, `render_message`); submit = `submit` vs `submit`; staff grade =
`assess` with release vs `staff_assess` (full grade); staff page shell = `student_view` as staff on both
(the queue and ORA2's staff area load afterwards, untimed). Poll learner page = `student_view` +
`poll_state` vs `student_view` + `student_voted` (what poll.js calls on load); save = `save_availability`
+ `poll_state` vs `vote` + `get_results` (poll.js `onSubmit`). xblock-poll keeps one tally dict in
`user_state_summary`, so its `get_results` costs the same at any N by design and carries no per-respondent
detail; the timezone poll's replies carry a heat map and (staff) ranked sessions. Data per block: N
submissions (two thirds graded and released) for the rubric and for ORA2 (ORA2's rows cloned from a
real submission and a real staff grade), N answers over 40 time zones (`--zones`) for the timezone poll (through its
storage API), N votes for xblock-poll; then ANALYZE. CPU time is this process's: on SQLite it includes
the database, on MariaDB it does not. The machine is shared (load averages above): wall medians can move
by 2× between runs, CPU medians much less; query counts are exact.

    bench/peers_venv.sh                                       # once (bench/.work/peers-venv)
    bench/.work/peers-venv/bin/python bench/side_by_side.py   # --quick, --sizes 100,1000, --db mysql"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="learners per block, comma-separated")
    parser.add_argument("--quick", action="store_true", help="100 learners only")
    parser.add_argument("--db", choices=["sqlite", "mysql"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per operation and side")
    parser.add_argument("--zones", type=int, default=40, choices=range(1, 41), metavar="1..40",
                        help="distinct time zones of the timezone poll's respondents (issue 18 benches 40)")
    parser.add_argument("--only", choices=["rubric", "poll"], help="one pair of blocks only")
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = parser.parse_args()
    sizes = [100] if args.quick else sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    measured = commit()
    configure(args.db)
    start, results, loads = time.perf_counter(), {}, {}
    for n in sizes:
        before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        results[n] = {}
        if args.only != "poll":
            results[n].update(rubric_ops(n, args.repeat))
        if args.only != "rubric":
            results[n].update(poll_ops(n, args.repeat, args.zones))
        loads[n] = (before, " ".join(f"{x:.2f}" for x in os.getloadavg()))
        print(f"{n:,} learners done at {time.perf_counter() - start:.0f} s", flush=True)
    markdown = report(results, loads, args, time.perf_counter() - start, measured)
    print(markdown)
    if not args.no_write:
        from bench.results import write_section

        write_section("side_by_side" if args.db == "sqlite" else f"side_by_side_{args.db}", markdown)


if __name__ == "__main__":
    if peers_missing():
        if PEERS_PYTHON.exists() and Path(sys.executable) != PEERS_PYTHON:
            os.execv(str(PEERS_PYTHON), [str(PEERS_PYTHON), __file__, *sys.argv[1:]])
        print(f"side_by_side: the peers are not importable ({peers_missing()}); build their venv with "
              "bench/peers_venv.sh and run bench/.work/peers-venv/bin/python bench/side_by_side.py")
        sys.exit(0)
    main()
