"""The rubric's learner page and staff page shell (``student_view``), rendering as it was and as it is.

One process, one SQLite database, the sandbox runtime; rounds interleave the two ways of rendering:
"per render" is the way before issue 18 (``xblock.utils.resources.ResourceLoader.render_django_template``:
an ``Engine`` and a compiled template per call, a ``DjangoTranslation`` per ``{% trans %}``; the i18n
service looked up per string; shared assets read per fragment), "compiled once" is
:mod:`xblocks.common.rendering` now. Medians in ms and the queries of one render (the sandbox's own
field and user reads; the LMS preloads field data).

    .venv/bin/python bench/rubric_views.py
"""

import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("VIEWS_BENCH_ROUNDS", "15"))
PER_ROUND = 8


@contextlib.contextmanager
def per_render():
    """Render as before: compile per call through the XBlock loader, no i18n or asset caches."""
    from xblock.utils.resources import ResourceLoader

    from xblocks.common import rendering
    from xblocks.common.runtime import i18n

    def compile_each_time(block, module_name, template_path, context):
        return ResourceLoader(module_name).render_django_template(
            template_path, context=dict(context), i18n_service=block.runtime.service(block, "i18n"))

    def service_each_time(block):
        try:
            return block.runtime.service(block, "i18n") if block is not None else None
        except Exception:  # noqa: BLE001 - as before
            return None

    saved = (rendering.render_package_template, i18n._service, rendering.common_asset, rendering._js_catalogue)
    rendering.render_package_template, i18n._service = compile_each_time, service_each_time
    rendering.common_asset, rendering._js_catalogue = rendering.COMMON.load_unicode, saved[3].__wrapped__
    try:
        yield
    finally:
        rendering.render_package_template, i18n._service, rendering.common_asset, rendering._js_catalogue = saved


def main():
    sys.path.insert(0, str(ROOT))
    from bench.rubric import CRITERIA, configure

    configure(with_ora=False)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.results import write_section
    from tests.blocks import BlockDriver, request_language

    driver = BlockDriver()
    usage = driver.create(f"<wikilearn_rubric criteria='{CRITERIA}' prompt='Partnership or not?'/>")
    users = {name: get_user_model().objects.get(username=name) for name in ("learner_1", "staff_1")}

    def view(user):
        with request_language(user):
            return driver.block(usage, user).render("student_view", {}).body_html()

    modes = {"per render": per_render, "compiled once": contextlib.nullcontext}
    samples = {(mode, name): [] for mode in modes for name in users}
    queries = {}
    for _round in range(ROUNDS):
        for mode, patch in modes.items():
            with patch():
                for name, user in users.items():
                    view(user)  # warm this mode's caches
                    for _ in range(PER_ROUND):
                        start = time.perf_counter()
                        view(user)
                        samples[(mode, name)].append((time.perf_counter() - start) * 1000)
                    with CaptureQueriesContext(connection) as captured:
                        view(user)
                    queries[(mode, name)] = len(captured)
    lines = ["## Rubric `student_view`: templates compiled once (`bench/rubric_views.py`)", "",
             f"Sandbox runtime, SQLite, one process; {ROUNDS} interleaved rounds of {PER_ROUND} renders per page "
             "and way, medians. 'Per render' is rendering as before issue 18 (the XBlock loader compiles the "
             "template and builds a Django translation per `{% trans %}` on every call; the i18n service looked "
             "up per string); 'compiled once' is `xblocks/common/rendering.py` now. Queries are the sandbox "
             "runtime's field and user reads (the LMS preloads field data).", "",
             "| page | per render ms (queries) | compiled once ms (queries) | ratio |", "|---|---:|---:|---:|"]
    for name, label in (("learner_1", "learner page (`student_view`, before submitting)"),
                        ("staff_1", "staff page shell (`student_view` for staff)")):
        before, after = (statistics.median(samples[(mode, name)]) for mode in modes)
        lines.append(f"| {label} | {before:.1f} ({queries[('per render', name)]}) | {after:.1f} "
                     f"({queries[('compiled once', name)]}) | x{after / before:.2f} |")
    lines += ["", "The machine's 2 cores are shared with other jobs; the ratio of interleaved medians is the figure "
              "to read."]
    markdown = "\n".join(lines)
    write_section("rubric_views", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
