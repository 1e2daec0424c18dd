"""Benchmark of the course pages on MariaDB: the inbox (first and a deep page), the progress grid, and
the per-block staff views an instructor would otherwise open one by one, at 1,000 and 10,000 learners.

The course has 8 rubric assignments, a pitch review and a timezone poll (blocks made from OLX in the
sandbox runtime, listed as the course outline). Each learner has a latest attempt on each
assignment (70% graded and released, 20% waiting, 10% resubmitted), a pitch with two peer reviews
(half done) and a poll answer; the poll has no chosen session. Everything goes through HTTP in the
same process (Django's test client, staff logged in): ``/wikilearn/api/v1/courses/<id>/inbox``, the
progress page, and the blocks' ``staff_queue`` (filter ``to_grade``), ``staff_overview`` and
``staff_results`` handlers. Interleaved, median of ``REPEAT`` rounds; queries counted per request
(2 of them are the session and the user, on both sides). EXPLAIN of the inbox's queries is written
out too.

    WIKILEARN_BENCH_DB=bench_wl_inbox .venv/bin/python bench/course_inbox.py
"""

import datetime
import importlib
import os
import random
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(n) for n in os.environ.get("INBOX_BENCH_SIZES", "1000,10000").split(",")]
REPEAT = int(os.environ.get("INBOX_BENCH_REPEAT", "5"))
ASSIGNMENTS = 8
DB_NAME = os.environ.get("WIKILEARN_BENCH_DB", "bench_wl_inbox")
OUTLINE = []  # the bench course's SuiteBlocks (WIKILEARN_COURSE_OUTLINE reads it)


def outline(course_key, user=None):
    """The bench course's outline (``WIKILEARN_COURSE_OUTLINE``)."""
    return list(OUTLINE)


def configure():
    """Sandbox settings on a fresh MariaDB database of its own."""
    sys.path.insert(0, str(ROOT))
    import MySQLdb

    connection = MySQLdb.connect(host="127.0.0.1", user="root", password="")  # noqa: S106 - local test server
    connection.cursor().execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
    connection.cursor().execute(f"CREATE DATABASE {DB_NAME} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    import sandbox.settings as base

    module = types.ModuleType("bench_inbox_settings")
    module.__dict__.update({k: v for k, v in vars(base).items() if k.isupper()})
    module.DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "NAME": DB_NAME, "USER": "root",
                                    "PASSWORD": "", "HOST": "127.0.0.1", "PORT": "3306",
                                    "OPTIONS": {"charset": "utf8mb4"}}}
    module.DEBUG = False
    module.WIKILEARN_COURSE_OUTLINE = f"{__name__}.outline"  # this module as it runs (``__main__``)
    sys.modules["bench_inbox_settings"] = module
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_inbox_settings"
    import django
    from django.core.management import call_command

    django.setup()
    # edx-submissions' 0006 fails on a MariaDB database made under Django 5 (README "MariaDB"): alter only
    # the columns that exist, as the test suite does (tests/conftest.py).
    from tests.conftest import _alter_existing_uuid_columns

    migration = importlib.import_module("submissions.migrations.0006_mariadb_uuid_conversion").Migration
    for operation in migration.operations:
        operation.code = _alter_existing_uuid_columns
    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115


def make_course(driver):
    """8 rubric blocks, a pitch review and a poll, as the course outline."""
    from openedx_plugins.wikilearn.content_source import SuiteBlock

    OUTLINE.clear()
    kinds = ["wikilearn_rubric"] * ASSIGNMENTS + ["wikilearn_pitch_review", "wikilearn_timezone_poll"]
    for position, kind in enumerate(kinds):
        usage = driver.create(f"<{kind} display_name='{kind} {position}'/>")
        OUTLINE.append(SuiteBlock(usage, kind, f"{kind} {position}", position, f"/handler/{usage}/",
                                  f"/handler/{usage}/", {}))
    return OUTLINE


def load(size, course_key):
    """``size`` learners and their week in the course (bulk inserts, not timed)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from openedx_plugins.wikilearn.models import (
        Availability,
        Pitch,
        ReviewAssignment,
        RubricAssessment,
        RubricSubmission,
    )
    from sandbox.models import LearnerProfile

    rnd, now = random.Random(size), timezone.now()  # noqa: S311 - repeatable data, not secrets
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"learner{n:05d}") for n in range(size)], batch_size=2000)
    LearnerProfile.objects.bulk_create([LearnerProfile(user=u, role="student") for u in users], batch_size=2000)
    rubrics = [b.usage_id for b in OUTLINE if b.block_type == "wikilearn_rubric"]
    rows, graded = [], []
    for n in range(size):
        for item in rubrics:
            state = rnd.choices((0, 1, 2), (20, 10, 70))[0]
            sent = now - datetime.timedelta(minutes=rnd.randint(1, 60 * 24 * 30))
            if state == 1:
                rows.append(RubricSubmission(course_key=course_key, item_id=item, anonymous_user_id=f"a{n:031d}",
                                             username=f"learner{n:05d}", attempt=1, answer="First try.",
                                             is_latest=False, queue_state=2, submitted_at=sent))
            rows.append(RubricSubmission(course_key=course_key, item_id=item, anonymous_user_id=f"a{n:031d}",
                                         username=f"learner{n:05d}", attempt=2 if state == 1 else 1, answer="Answer.",
                                         queue_state=state, submitted_at=sent))
    RubricSubmission.objects.bulk_create(rows, batch_size=2000)
    for row in RubricSubmission.objects.filter(course_key=course_key, queue_state=2).only("pk").iterator(2000):
        graded.append(RubricAssessment(submission_id=row.pk, rubric={}, levels={}, points=2, max_points=3,
                                       passed=True, status="released"))
    RubricAssessment.objects.bulk_create(graded, batch_size=2000)
    pitch_item, poll_item = OUTLINE[ASSIGNMENTS].usage_id, OUTLINE[ASSIGNMENTS + 1].usage_id
    pitches = Pitch.objects.bulk_create([
        Pitch(course_key=course_key, item_id=pitch_item, presenter=f"a{n:031d}", username=f"learner{n:05d}",
              versions_count=1, partner="Museum") for n in range(size)], batch_size=2000)
    ReviewAssignment.objects.bulk_create([
        ReviewAssignment(pitch=pitch, course_key=course_key, item_id=pitch_item,
                         reviewer=f"a{(n + k) % size:031d}", reviewer_username=f"learner{(n + k) % size:05d}",
                         phase_one_at=now if rnd.random() < 0.5 else None)
        for n, pitch in enumerate(pitches) for k in (1, 2)], batch_size=2000)
    ReviewAssignment.objects.filter(course_key=course_key, phase_one_at__isnull=False).update(phase_two_at=now)
    grid = "0" * 48 * 2 + ("0" * 36 + "2" * 6 + "0" * 6) * 5
    Availability.objects.bulk_create([
        Availability(course_key=course_key, item_id=poll_item, anonymous_id=f"a{n:031d}",
                     username=f"learner{n:05d}", time_zone="UTC", grid=grid, hours_start=480, hours_end=1320)
        for n in range(size)], batch_size=2000)


def request(client, method, url, data=None):
    """(ms, queries, response) of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(url) if method == "GET" else client.post(url, data, content_type="application/json")
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code, response.content[:200])
    return elapsed, len(captured.captured_queries), response, list(captured.captured_queries)


def views(client, course_key, size):
    """``{name: (method, url, body)}`` of what is measured; the block views grouped under ``queues``."""
    api, base = f"/wikilearn/api/v1/courses/{course_key}/inbox", f"/wikilearn/courses/{course_key}"
    inbox_deep = max(1, client.get(api).json()["pages"] * 9 // 10)
    grid_deep = max(1, size * 9 // 10 // 50)
    pages = {"inbox, first page (API)": ("GET", api, None),
             f"inbox, page {inbox_deep} (API)": ("GET", f"{api}?page={inbox_deep}", None),
             "inbox, first page (HTML)": ("GET", f"{base}/inbox/", None),
             "progress grid, first page": ("GET", f"{base}/progress/", None),
             f"progress grid, page {grid_deep}": ("GET", f"{base}/progress/?page={grid_deep}", None)}
    queues = {}
    for block in OUTLINE:
        handler = {"wikilearn_rubric": "staff_queue", "wikilearn_pitch_review": "staff_overview",
                   "wikilearn_timezone_poll": "staff_results"}[block.block_type]
        body = {"filter": "to_grade"} if handler == "staff_queue" else {}
        queues[f"{block.title}: {handler}"] = ("POST", f"/handler/{block.usage_id}/{handler}/", body)
    return pages, queues


def measure(client, pages, queues):
    """Median ms and the query count of every view, rounds interleaved; and the inbox's SQL."""
    samples = {name: [] for name in (*pages, *queues)}
    counts, inbox_sql = {}, []
    for method, url, body in (*pages.values(), *queues.values()):  # warm up (the sandbox loads its scenarios once)
        request(client, method, url, body)
    for _ in range(REPEAT):
        for name, (method, url, body) in (*pages.items(), *queues.items()):
            ms, queries, _response, sql = request(client, method, url, body)
            samples[name].append(ms)
            counts[name] = queries
            if name == "inbox, first page (API)":
                inbox_sql = sql
    return {name: (statistics.median(values), counts[name]) for name, values in samples.items()}, inbox_sql


def explain(sql_list):
    """EXPLAIN (MariaDB) of the inbox's own queries (the two UNION statements)."""
    from django.db import connection

    lines = []
    for kind, query in zip(("counts", "page"), [q["sql"] for q in sql_list if "UNION" in q["sql"]], strict=False):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + query)
            names = [column[0] for column in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        lines.append(f"| {kind} | " + "<br>".join(
            f"{r['table']}: {r['type']}, key {r['key'] or '—'}, rows {r['rows']}" for r in rows) + " |")
    return lines


def report(results):
    lines = ["## Course inbox and progress (`bench/course_inbox.py`)", "",
             f"MariaDB, one course of {ASSIGNMENTS} rubric assignments, a pitch review and a timezone poll; every "
             "learner has a latest attempt on each assignment (20% waiting, 10% resubmitted, 70% graded), a pitch "
             "with two peer reviews (half done) and a poll answer (no session chosen). Each view through HTTP in "
             f"one process as course staff (Django test client), rounds interleaved, median of {REPEAT}; queries "
             "per request include the session and the user (2).", ""]
    for size, (figures, plan) in results.items():
        pages = {k: v for k, v in figures.items() if ":" not in k}
        queues = {k: v for k, v in figures.items() if ":" in k}
        rubric = [v for k, v in queues.items() if "staff_queue" in k]
        others = {k: v for k, v in queues.items() if "staff_queue" not in k}
        lines += [f"### {size:,} learners", "", "| view | ms | queries |", "|---|---:|---:|"]
        lines += [f"| {name} | {ms:.1f} | {q} |" for name, (ms, q) in pages.items()]
        lines += [f"| the {len(rubric)} rubric queues, one by one (`staff_queue`, to grade; total) | "
                  f"{sum(ms for ms, _ in rubric):.1f} | {sum(q for _, q in rubric)} |"]
        lines += [f"| {name.split(': ')[1]} of the {name.split(': ')[0].split()[0].replace('wikilearn_', '')} "
                  f"| {ms:.1f} | {q} |" for name, (ms, q) in others.items()]
        inbox_ms, inbox_q = pages["inbox, first page (API)"]
        overview = others[next(k for k in others if "staff_overview" in k)]
        poll = others[next(k for k in others if "staff_results" in k)]
        queue_ms, queue_q = sum(ms for ms, _ in rubric) + overview[0], sum(q for _, q in rubric) + overview[1]
        lines += ["", f"What waits this week: the inbox answers in one request ({inbox_ms:.0f} ms, {inbox_q} queries); "
                  f"the {len(rubric)} rubric queues and the pitch overview opened one by one take {len(rubric) + 1} "
                  f"requests ({queue_ms:.0f} ms, {queue_q} queries: x{queue_ms / inbox_ms:.1f} the time, "
                  f"x{queue_q / inbox_q:.1f} the queries), and the poll's results page ({poll[0]:.0f} ms) is needed "
                  "only to see that no session is chosen, which the inbox says in one row. In the LMS each block "
                  "view is also a unit page to load (not measured here).", ""]
        if plan:
            lines += ["EXPLAIN of the inbox's two statements (first page):", "", "| statement | plan |",
                      "|---|---|", *plan, "",
                      "Each rubric list (one per assignment and state) reads `wl_rubric_queue` in submission order "
                      "and stops at the page's end; the counts read the same index ranges. Inside the UNION, MariaDB "
                      "plans the review list as one scan of the block's reviews (alone, the same statement reads "
                      "`wl_pitch_review_waiting` in order, no sort); pitches ready to grade and the poll's tally scan "
                      "the block's pitches and answers once (the EXISTS subqueries are materialized, not run per "
                      "row). Nothing is read per learner or per block beyond these ranges.", ""]
    sizes = list(results)
    if len(sizes) > 1:
        small, large = results[sizes[0]][0], results[sizes[-1]][0]
        inbox = large["inbox, first page (API)"][0] / small["inbox, first page (API)"][0]
        grid = large["progress grid, first page"][0] / small["progress grid, first page"][0]
        lines += [f"From {sizes[0]:,} to {sizes[-1]:,} learners (x{sizes[-1] // sizes[0]}): the inbox's first page "
                  f"x{inbox:.1f} the time, the progress grid's x{grid:.1f};"
                  " the number of queries does not change with the size of the course or the page number. The "
                  "inbox counts every waiting item (the counts per state) and merges the lists, each cut at the "
                  "page's end, so its time grows with what waits; the machine's 2 cores are shared, so timings "
                  "are noisy.", ""]
    return "\n".join(lines)


def main():
    configure()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.results import write_section
    from tests.blocks import BlockDriver

    client = Client()
    client.force_login(get_user_model().objects.get(username="staff_1"))
    results = {}
    for size in SIZES:
        from openedx_plugins.wikilearn.models import Availability, Pitch, RubricSubmission

        RubricSubmission.objects.all().delete()
        Pitch.objects.all().delete()
        Availability.objects.all().delete()
        get_user_model().objects.filter(username__startswith="learner0").delete()
        make_course(BlockDriver())
        load(size, settings.WIKILEARN_SANDBOX_COURSE)
        pages, queues = views(client, settings.WIKILEARN_SANDBOX_COURSE, size)
        figures, sql = measure(client, pages, queues)
        results[size] = (figures, explain(sql) if size == max(SIZES) else [])
        print(size, figures, flush=True)
    markdown = report(results)
    print(markdown)
    write_section("course_inbox", markdown)


if __name__ == "__main__":
    main()
