"""Benchmark of the rubric block against ORA2's staff-assessment flow, at 1,000 and 10,000 learners.

For each size: N learners' submissions are loaded (bulk, not timed), then a few learners go
through the loop, each step timed and its SQL queries counted: the learner view (student_view
+ ``learner_state``), ``submit``, one ``staff_queue`` page (first and a deep page) and one
``assess`` (release). ORA2 (PyPI ``ora2``) runs the same steps through its Python APIs
(submissions + workflow + staff assessment) in the same process and database, when it is
importable: run this script with the peers' venv, bench/.work/peers-venv (built by bench/peers_venv.sh).

    bench/peers_venv.sh                                    # once
    bench/.work/peers-venv/bin/python bench/rubric.py      # both, side by side
    .venv/bin/python bench/rubric.py                       # the rubric block only
"""

import os
import re
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
SIZES = [int(n) for n in os.environ.get("RUBRIC_BENCH_SIZES", "1000,10000").split(",")]
SAMPLES = int(os.environ.get("RUBRIC_BENCH_SAMPLES", "10"))
ORA_APPS = ["submissions", "openassessment.workflow", "openassessment.assessment"]


def ora_available():
    try:
        import openassessment  # noqa: F401
        import submissions  # noqa: F401
    except ImportError as error:
        return str(error)
    return None


def configure(with_ora):
    """Sandbox settings on a fresh SQLite file, plus ORA2's apps when available."""
    sys.path.insert(0, str(ROOT))
    import sandbox.settings as base

    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / "rubric-bench.sqlite3"
    if db.exists():
        db.unlink()
    module = types.ModuleType("bench_rubric_settings")
    module.__dict__.update({k: v for k, v in vars(base).items() if k.isupper()})
    module.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db),
                                    "OPTIONS": {"timeout": 30}}}
    module.DEBUG = False
    module.MEDIA_ROOT = str(WORK / "media")
    if with_ora:
        module.INSTALLED_APPS = [*base.INSTALLED_APPS, *ORA_APPS]
    sys.modules["bench_rubric_settings"] = module
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_rubric_settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115


def measure(fn, repeat, own=None):
    """Median milliseconds, median query count (and of queries naming ``own``) of ``fn(i)``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, counts, owned = [], [], []
    for i in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            fn(i)
            times.append((time.perf_counter() - start) * 1000)
        counts.append(len(queries))
        owned.append(sum(1 for q in queries.captured_queries if own and own.search(q["sql"])))
    return statistics.median(times), int(statistics.median(counts)), int(statistics.median(owned))


CRITERIA = ('[{"key": "judgement", "name": "Judgement", "feedback": "optional"},'
            ' {"key": "reasoning", "name": "Reasoning", "feedback": "required"}]')
LEVELS = {"judgement": "good", "reasoning": "needs_improvement"}


def timing_users(prefix, count):
    from django.contrib.auth import get_user_model

    model = get_user_model()
    return [model.objects.get_or_create(username=f"{prefix}{i}")[0] for i in range(count)]


def bench_rubric(n):
    """Steps of the rubric block with ``n`` learners' submissions in its table."""
    from openedx_plugins.wikilearn.models.rubric import RubricAssessment, RubricSubmission
    from tests.blocks import BlockDriver

    driver = BlockDriver()
    usage = driver.create(f"<wikilearn_rubric criteria='{CRITERIA}' prompt='Partnership or not?'/>")
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="staff_1")
    probe = driver.block(usage, staff)
    course, item = probe.course_key, probe.item_id
    rows = [RubricSubmission(course_key=course, item_id=item, anonymous_user_id=f"bulk{i:08d}", username=f"bulk_{i}",
                             attempt=1, answer="A partnership is... " * 20, queue_state=i % 3 and 2 or 0)
            for i in range(n - SAMPLES)]
    RubricSubmission.objects.bulk_create(rows, batch_size=2000)
    graded = RubricSubmission.objects.filter(item_id=item, queue_state=2).values_list("id", flat=True)
    snapshot = probe.rubric()
    RubricAssessment.objects.bulk_create([
        RubricAssessment(submission_id=pk, rubric=snapshot, levels=LEVELS, points=3, max_points=6, status="released")
        for pk in graded], batch_size=2000)
    learners = timing_users(f"rb{n}_", SAMPLES)
    ids = [driver.block(usage, user).user().anonymous_id for user in learners]  # warm the anonymous ids

    def submit(i):
        assert driver.call(usage, "submit", {"answer": f"My answer {i}"}, user=learners[i]).status == 200

    def queue(i):
        assert driver.call(usage, "staff_queue", {"filter": "to_grade"}, user=staff).status == 200

    from bench.rubric_queue import cursor_at

    middle = cursor_at(probe, (n // 25) // 2 * 25)  # the cursor the queue hands out for its middle page

    def deep_queue(i):
        assert driver.call(usage, "staff_queue", {"cursor": middle}, user=staff).status == 200

    def assess(i):
        data = {"learner": ids[i], "attempt": 1, "version": 0, "levels": LEVELS, "release": True,
                "feedback": {"reasoning": "Say more about shared goals."}, "overall_feedback": "Close."}
        assert driver.call(usage, "assess", data, user=staff).status == 200

    def learner_view(i):
        driver.render(usage, learners[i])
        assert driver.call(usage, "learner_state", {}, user=learners[i]).json["phase"] == "feedback_released"

    own = re.compile(r'["`]wikilearn_rubric(submission|draft|assessment)["`]')
    return {"submit": measure(submit, SAMPLES, own), "queue page": measure(queue, SAMPLES, own),
            "deep queue page": measure(deep_queue, SAMPLES, own), "assess (release)": measure(assess, SAMPLES, own),
            "learner view": measure(learner_view, SAMPLES, own)}


ORA_RUBRIC = {
    "prompts": [{"description": "Partnership or not?"}],
    "feedbackprompt": "Overall feedback",
    "criteria": [{"order_num": c, "name": name, "label": name, "prompt": name, "options": [
        {"order_num": p, "name": level, "label": level, "explanation": "", "points": p}
        for p, level in enumerate(("poor", "needs_improvement", "good", "excellent"))]}
        for c, name in enumerate(("judgement", "reasoning"))],
}
ORA_REQUIREMENTS = {"staff": {"required": True}}


def bench_ora(n):
    """ORA2's staff-assessment flow through its APIs, with ``n`` learners' submissions."""
    from openassessment.assessment.api import staff as staff_api
    from openassessment.workflow import api as workflow_api
    from submissions import api as sub_api

    course, item = "course-v1:Wikimedia+PB101+2026", f"ora-bench-{n}"

    def student_item(student):
        return {"student_id": student, "course_id": course, "item_id": item, "item_type": "openassessment"}

    def ora_submit(student, text):
        submission = sub_api.create_submission(student_item(student), {"parts": [{"text": text}]})
        workflow_api.create_workflow(submission["uuid"], ["staff"])
        return submission["uuid"]

    for i in range(n - SAMPLES):
        ora_submit(f"bulk{i:08d}", "A partnership is... " * 20)
    uuids = {}

    def submit(i):
        uuids[i] = ora_submit(f"ora_timed_{i}", f"My answer {i}")

    def queue(i):
        assert staff_api.get_submission_to_assess(course, item, "staff_1") is not None
        staff_api.get_staff_grading_statistics(course, item)

    def assess(i):
        staff_api.create_assessment(uuids[i], "staff_1", LEVELS, {"reasoning": "Say more about shared goals."},
                                    "Close.", ORA_RUBRIC)
        workflow_api.update_from_assessments(uuids[i], ORA_REQUIREMENTS, {})

    def learner_view(i):
        latest = sub_api.get_submissions(student_item(f"ora_timed_{i}"))[0]
        workflow_api.get_workflow_for_submission(latest["uuid"], ORA_REQUIREMENTS, {})
        assert staff_api.get_latest_staff_assessment(latest["uuid"]) is not None

    return {"submit": measure(submit, SAMPLES), "queue page": measure(queue, SAMPLES),
            "assess (release)": measure(assess, SAMPLES), "learner view": measure(learner_view, SAMPLES)}


def table(results, ora_results):
    lines = ["| learners | step | rubric block ms | rubric queries (all / own tables) | ORA2 ms | ORA2 queries |",
             "|---:|---|---:|---:|---:|---:|"]
    for n, steps in results.items():
        for step, (ms, queries, owned) in steps.items():
            ora = (ora_results.get(n) or {}).get(step)
            ora_cells = f"{ora[0]:.1f} | {ora[1]}" if ora else "– | –"
            lines.append(f"| {n:,} | {step} | {ms:.1f} | {queries} / {owned} | {ora_cells} |")
    return "\n".join(lines)


def main():
    missing = ora_available()
    configure(with_ora=missing is None)
    from bench.results import write_section

    results, ora_results = {}, {}
    for n in SIZES:
        results[n] = bench_rubric(n)
        if missing is None:
            ora_results[n] = bench_ora(n)
        print(n, results[n], ora_results.get(n), flush=True)
    queue_counts = {n: results[n]["queue page"][1] for n in SIZES}
    note = ("ORA2 " + __import__("openassessment").__version__ + " ran in the same process and SQLite database "
            "through its Python APIs (submissions, workflow, staff assessment); its XBlock views need edx-platform "
            "and are not rendered, so its figures leave out rendering and handler overhead that the rubric "
            "block's include. ORA2 has no paged staff queue: its 'queue page' is the next-submission lease "
            "(`get_submission_to_assess`) plus `get_staff_grading_statistics`." if missing is None else
            f"ORA2 was not importable here ({missing}); build bench/.work/peers-venv with "
            "bench/peers_venv.sh and run with its Python.")
    caveats = ("The machine (2 cores) was shared with other jobs during the run, so single timings can vary by a "
               "factor of two between runs; query counts are exact. Beyond speed: ORA2's staff flow ends the "
               "learner's workflow at the staff grade (no resubmission), and its rubric cannot change once "
               "released; the rubric block keeps every attempt and snapshots the rubric per assessment.")
    markdown = "\n\n".join([
        "## Rubric block vs ORA2 staff assessment (`bench/rubric.py`)",
        f"Median of {SAMPLES} runs per step, SQLite. Rubric steps go through the XBlock runtime and the JSON "
        "handlers (learner view = student_view render + `learner_state`). Queue page = 25 rows, "
        "'deep queue page' = the page in the middle of the queue, opened with the cursor the previous page "
        "hands out. 'Own tables' counts the queries on the "
        "rubric's tables; the rest are the sandbox runtime's (user service lookups, the workbench's per-field "
        "state reads and its event log), which the LMS replaces with its own preloaded field data.",
        table(results, ora_results),
        "Queue page query count by number of submissions: " + ", ".join(f"{n:,}: {c}" for n, c in
                                                                          queue_counts.items())
        + (" (constant)." if len(set(queue_counts.values())) == 1 else " (NOT constant)."),
        note,
        caveats,
    ])
    write_section("rubric", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
