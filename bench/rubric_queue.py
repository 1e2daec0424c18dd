"""The rubric staff queue at 1,000 and 10,000 queued learners, on SQLite and MariaDB, with query plans.

For each database and size: one rubric block whose table holds N learners' latest attempts (20 %
waiting, 10 % resubmitted with an older attempt beside it, 70 % graded with a released assessment),
then ``staff_queue`` through the sandbox runtime as course staff: the first page, the page in the
middle and the last page walked with the cursor the queue hands out, the middle page asked by page
number (OFFSET), and the first page of "to grade". Median ms of interleaved rounds and the queries
per request; then each SQL statement of the first and the middle page is re-run alone (median ms)
and explained (SQLite ``EXPLAIN QUERY PLAN``, MariaDB ``EXPLAIN``). The statements as they were written
before (the total counted from the attempts' index; ``filter(is_latest=True)`` and OFFSET) are
explained beside them. The rows are bulk-loaded, so the block's totals are recounted once after the load
(``rubric_counts.recount``, as an operator would after a bulk load).

    .venv/bin/python bench/rubric_queue.py          # both databases (each in a child process)
    .venv/bin/python bench/rubric_queue.py sqlite   # one, printing JSON
"""

import json
import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
SIZES = [int(n) for n in os.environ.get("QUEUE_BENCH_SIZES", "1000,10000").split(",")]
REPEAT = int(os.environ.get("QUEUE_BENCH_REPEAT", "9"))
DB_NAME = os.environ.get("WIKILEARN_BENCH_DB", "bench_wl_rubric_queue")
PAGE = 25


def configure(database):
    """Sandbox settings on a fresh SQLite file or MariaDB database."""
    sys.path.insert(0, str(ROOT))
    import sandbox.settings as base

    module = types.ModuleType("bench_queue_settings")
    module.__dict__.update({k: v for k, v in vars(base).items() if k.isupper()})
    if database == "mariadb":
        import MySQLdb

        server = MySQLdb.connect(host="127.0.0.1", user="root", password="")  # noqa: S106 - local test server
        server.cursor().execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        server.cursor().execute(f"CREATE DATABASE {DB_NAME} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        module.DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "NAME": DB_NAME, "USER": "root",
                                        "PASSWORD": "", "HOST": "127.0.0.1", "PORT": "3306",
                                        "OPTIONS": {"charset": "utf8mb4"}}}
    else:
        WORK.mkdir(parents=True, exist_ok=True)
        db = WORK / "rubric-queue.sqlite3"
        db.unlink(missing_ok=True)
        module.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)}}
    module.DEBUG = False
    sys.modules["bench_queue_settings"] = module
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_queue_settings"
    import importlib

    import django
    from django.core.management import call_command

    django.setup()
    if database == "mariadb":  # as bench/course_inbox.py: edx-submissions' 0006 on a Django 5 database
        from tests.conftest import _alter_existing_uuid_columns

        migration = importlib.import_module("submissions.migrations.0006_mariadb_uuid_conversion").Migration
        for operation in migration.operations:
            operation.code = _alter_existing_uuid_columns
    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115


def load(driver, n):
    """A rubric block with ``n`` queued learners; returns its usage id and block (as staff)."""
    import datetime

    from django.contrib.auth import get_user_model

    from openedx_plugins.wikilearn.models.rubric import RubricAssessment, RubricSubmission

    usage = driver.create("<wikilearn_rubric prompt='Partnership or not?'/>")
    staff = get_user_model().objects.get(username="staff_1")
    block = driver.block(usage, staff)
    start = datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
    rows = []
    for i in range(n):
        state = 0 if i % 10 < 2 else 1 if i % 10 == 2 else 2
        at = start + datetime.timedelta(seconds=37 * i)
        common = {"course_key": block.course_key, "item_id": block.item_id, "anonymous_user_id": f"q{i:08d}",
                  "username": f"queued_{i}", "answer": "A partnership is... " * 20}
        if state == 1:
            rows.append(RubricSubmission(**common, attempt=1, submitted_at=at, is_latest=False, queue_state=2))
        rows.append(RubricSubmission(**common, attempt=2 if state == 1 else 1, queue_state=state,
                                     submitted_at=at + datetime.timedelta(days=1)))
    RubricSubmission.objects.bulk_create(rows, batch_size=2000)
    from openedx_plugins.wikilearn.api import rubric_counts

    rubric_counts.recount(block.course_key, block.item_id)
    graded = RubricSubmission.objects.filter(item_id=block.item_id, is_latest=True, queue_state=2)
    RubricAssessment.objects.bulk_create([
        RubricAssessment(submission_id=pk, rubric=block.rubric(), levels={}, points=4, max_points=6,
                         status="released") for pk in graded.values_list("id", flat=True)], batch_size=2000)
    return usage, staff, block


def cursor_at(block, position):
    """The cursor the queue hands out to open the page starting at ``position`` (0-based, filter "all")."""
    from openedx_plugins.wikilearn.api import rubric as api
    from xblocks.rubric import queue_paging

    row = api.RubricSubmission.objects.filter(api.LATEST, course_key=block.course_key, item_id=block.item_id) \
        .order_by(*api.QUEUE_ORDER).values_list(*api.QUEUE_ORDER)[position - 1]
    return queue_paging.next_cursor("all", row, position // PAGE)


def run(database):
    """Timings, query counts, statement timings and plans for every size, as a dict."""
    configure(database)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.blocks import BlockDriver

    driver, out = BlockDriver(), {"database": database, "version": connection.cursor().connection and _version()}
    for n in SIZES:
        usage, staff, block = load(driver, n)
        middle = (n // PAGE // 2) * PAGE
        last = ((n - 1) // PAGE) * PAGE
        pages = {
            "first page": {"filter": "all"},
            "middle page (cursor)": {"filter": "all", "cursor": cursor_at(block, middle)},
            "last page (cursor)": {"filter": "all", "cursor": cursor_at(block, last)},
            "middle page (page number, OFFSET)": {"filter": "all", "page": middle // PAGE + 1},
            "first page, to grade": {"filter": "to_grade"},
        }
        samples, queries, sql = {name: [] for name in pages}, {}, {}
        for _round in range(REPEAT):
            for name, data in pages.items():
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    reply = driver.call(usage, "staff_queue", data, user=staff)
                    samples[name].append((time.perf_counter() - start) * 1000)
                assert reply.status == 200 and len(reply.json["items"]) > 0, reply.json
                queries[name] = len(captured)
                sql[name] = [q["sql"] for q in captured.captured_queries
                             if "wikilearn_rubricsubmission" in q["sql"] or "wikilearn_rubricqueuecount" in q["sql"]]
        out[n] = {"pages": {name: [statistics.median(samples[name]), queries[name]] for name in pages},
                  "statements": statements(sql, block, middle)}
    return out


def _version():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "select version()")
        return cursor.fetchone()[0]


def statements(sql, block, middle):
    """Each queue statement of the first and middle pages (and the earlier form) timed alone and explained."""
    from openedx_plugins.wikilearn.models.rubric import RubricSubmission

    before = (RubricSubmission.objects.filter(course_key=block.course_key, item_id=block.item_id, is_latest=True)
              .select_related("assessment").defer("answer", "links", "attachments")
              .order_by("queue_state", "submitted_at", "id"))
    from openedx_plugins.wikilearn.api import rubric as api

    counted = api.RubricSubmission.objects.filter(api.LATEST, course_key=block.course_key, item_id=block.item_id)
    kinds = ("total (the block's counts rows)", "keys of the cursor's state", "keys of the following states",
             "the page's rows by id")
    chosen = [(f"first page: {k}", q) for k, q in zip(kinds, sql["first page"], strict=True)]
    chosen += [(f"middle page (cursor): {k}", q) for k, q in zip(kinds[1:], sql["middle page (cursor)"][1:],
                                                                   strict=True)]
    chosen.append(("middle page (OFFSET): keys", sql["middle page (page number, OFFSET)"][1]))
    chosen.append(("before: total counted from the attempts (`is_latest = 1`)", _captured(counted.count)))
    chosen.append(("before: count (`is_latest` as a bare term)", _captured(before.count)))
    chosen.append(("before: middle page (OFFSET)", _captured(lambda: list(before[middle:middle + PAGE]))))
    return [[name, _time(query), explain(query)] for name, query in chosen]


def _captured(run_query):
    """The SQL (parameters inlined as the database quotes them) of the one query ``run_query`` makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run_query()
    return captured.captured_queries[-1]["sql"]


def _time(query):
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(15):
            start = time.perf_counter()
            cursor.execute(query)
            cursor.fetchall()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def explain(query):
    """The plan of ``query``, one line per step."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + query)
            return [row[3] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN " + query)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return [f"{r['table']}: {r['type']}, key {r['key'] or '—'} ({r['key_len']}), rows {r['rows']}, "
            f"{r['Extra'] or ''}".rstrip(", ") for r in rows]


def report(results):
    """The RESULTS.md section."""
    lines = ["## Rubric staff queue at 1,000 and 10,000 learners (`bench/rubric_queue.py`)", "",
             "One rubric block with N queued learners (20 % waiting, 10 % resubmitted, 70 % graded); "
             "`staff_queue` through the sandbox runtime as course staff, 25 rows a page, rounds interleaved, "
             f"median of {REPEAT}. Queries per request include the sandbox runtime's own (user and field "
             "reads). Pages are walked with the cursor the previous page hands out (API.md); a page number "
             "still works (OFFSET: the index serves the order, but the skipped rows are read)."]
    for result in results:
        db = f"{'SQLite' if result['database'] == 'sqlite' else 'MariaDB'} {result['version']}"
        lines += ["", f"### {db}", "", "| request | " + " | ".join(f"{n:,} ms (queries)" for n in SIZES)
                  + " | growth x10 |", "|---|" + "---:|" * (len(SIZES) + 1)]
        for name in result[str(SIZES[0])]["pages"]:
            cells = [result[str(n)]["pages"][name] for n in SIZES]
            growth = cells[-1][0] / cells[0][0] if cells[0][0] else 0
            lines.append(f"| {name} | " + " | ".join(f"{ms:.1f} ({q})" for ms, q in cells) + f" | x{growth:.2f} |")
        big = str(SIZES[-1])
        lines += ["", f"Statements alone at {SIZES[0]:,} and {SIZES[-1]:,} learners (median ms) and the plan at "
                  f"{SIZES[-1]:,}:", "", "| statement | " + " | ".join(f"{n:,} ms" for n in SIZES) + " | plan |",
                  "|---|" + "---:|" * len(SIZES) + "---|"]
        for i, (name, _ms, plan) in enumerate(result[big]["statements"]):
            times = " | ".join(f"{result[str(n)]['statements'][i][1]:.2f}" for n in SIZES)
            lines.append(f"| {name} | {times} | " + "<br>".join(plan).replace("|", "/") + " |")
    lines += ["", "A keyset page reads the keys of its rows from `wl_rubric_queue` (course, item, `is_latest = 1` and "
              "the state as equalities, then `submitted_at` from the cursor on; InnoDB and SQLite keep the primary "
              "key in the index, which breaks ties) and stops at the page's end, then its rows by id: no temporary "
              "B-tree or filesort, no entry before the cursor read, so a page at the end of the queue costs what "
              "the first one does. The index is the one the queue had (no index migration); what changed is "
              "`is_latest = 1` written as a comparison (Django writes `filter(is_latest=True)` as a bare "
              "`AND \"is_latest\"` on SQLite, which the planner cannot use as an index equality: see the 'before' "
              "rows) and reading keys before rows (asked for whole rows, MariaDB reads the cursor's state from "
              "its start through the index condition). The total comes from the block's counts "
              "(`wikilearn_rubricqueuecount`: one row per state, kept in the transaction of every change of a "
              "latest attempt's state), so it reads at most three rows at any size; counted from the attempts "
              "(the 'before' total), it read one index entry per learner. An OFFSET page reads the entries it "
              "skips. The machine's 2 cores are shared with "
              "other jobs, so timings are noisy; query counts are exact."]
    return "\n".join(lines)


def main():
    if len(sys.argv) > 1:
        print(json.dumps(run(sys.argv[1])))
        return
    results = []
    for database in ("sqlite", "mariadb"):
        child = subprocess.run([sys.executable, __file__, database], capture_output=True, text=True, check=True,
                               cwd=ROOT)
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    sys.path.insert(0, str(ROOT))
    from bench.results import write_section

    markdown = report(results)
    write_section("rubric_queue", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
