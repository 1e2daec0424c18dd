"""Page weight on a slow connection: every view of every block, and the recordings page.

Starts a private sandbox (its own SQLite database), fills it as the accessibility tests do
(learners submitted, staff graded, pitches allocated, demo recordings synced), then opens each view
in Chromium throttled through CDP to 256 kbit/s down and up with 400 ms latency, nothing cached,
and records the bytes received (headers included), the number of requests and the time from the
first request to the last response. Writes the "page_weight" section of bench/RESULTS.md.

Run: ``.venv/bin/python -m bench.page_weight`` or ``.venv/bin/python bench/page_weight.py`` (needs
Debian's chromium and ffmpeg).
"""

import os
import statistics
import sys
import tempfile
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `make bench` runs bench/*.py as scripts
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sandbox.settings")
django.setup()

from bench.results import write_section  # noqa: E402
from tests.browser.site_support import ENGLISH_PITCHERS, RECORDINGS, private_site, site_page  # noqa: E402
from tests.browser.test_accessibility import fill_with_data  # noqa: E402
from tests.browser.throttle import NetworkLog  # noqa: E402
from tests.browser_support import CHROMIUM_ARGS, chromium_path  # noqa: E402
from tests.conftest import login_as  # noqa: E402

RUNS = 3
BLOCKS = [("Rubric", "wikilearn_rubric.0"), ("Timezone poll", "wikilearn_timezone_poll.0"),
          ("Pitch review", "wikilearn_pitch_review.0")]
# (label, user, path, selector showing the view's content)
VIEWS = [
    *[(f"{name}: learner", "learner_1", f"/scenario/{sid}/", ".wikilearn") for name, sid in BLOCKS],
    *[(f"{name}: staff", "staff_1", f"/scenario/{sid}/", ".wikilearn") for name, sid in BLOCKS],
    *[(f"{name}: Studio editor", "staff_1", f"/scenario/{sid}/studio_view/", "form, .wikilearn, .editor-with-buttons")
      for name, sid in BLOCKS],
    ("Recordings page: learner", "learner_1", RECORDINGS, "section.wl-lesson"),
    ("Recordings page: staff", "staff_1", RECORDINGS, "section.wl-lesson"),
]


def measure(browser, server, user, path, selector):
    """One first visit of ``path`` as ``user`` on the slow link: (bytes, requests, seconds)."""
    with site_page(browser, server) as page:
        login_as(page, user)
        log = NetworkLog(page)
        page.goto(path, timeout=120_000)
        page.wait_for_selector(selector, timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        host = server.url.split("//", 1)[1]
        assert log.hosts() == {host}, log.hosts()
        return log.total_bytes(), log.count(), log.seconds()


def table(rows):
    """The markdown section."""
    lines = [
        "## Page weight at 256 kbit/s (`bench/page_weight.py`)",
        "",
        "Each view opened in Chromium throttled through CDP (`Network.emulateNetworkConditions`: 256 kbit/s down "
        "and up, 400 ms latency), cache disabled, after logging in (the login is not counted). Bytes are what "
        "Chromium received, headers included; time runs from the first request to the last response (the "
        "block's data calls included), median of "
        f"{RUNS} runs. Staff views show real data (submissions, a graded attempt, poll answers, allocated "
        "pitches, three synced recordings). Every request went to the sandbox host: no third-party resources.",
        "",
        "| View | KB received | Requests | Load time (s) |",
        "|---|---:|---:|---:|",
    ]
    for label, size, requests, seconds in rows:
        lines.append(f"| {label} | {size / 1024:.1f} | {requests} | {seconds:.2f} |")
    lines += ["", "Sandbox pages include the sandbox header (user switcher); in the LMS the course page "
              "around the block replaces it. Studio editor figures include the workbench's jQuery (84 KB), "
              "which Studio itself already loads, and the editor form the page carries inline. The recordings "
              "page has no JavaScript."]
    return "\n".join(lines)


def main():
    """Fill a private sandbox, measure every view, write the section."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    rows = []
    with tempfile.TemporaryDirectory() as workdir, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        with private_site(Path(workdir), recordings=True, arabic_staff=True,
                          english=ENGLISH_PITCHERS) as server:
            with site_page(browser, server) as page:
                fill_with_data(page, Path(workdir))
            for label, user, path, selector in VIEWS:
                runs = [measure(browser, server, user, path, selector) for _ in range(RUNS)]
                rows.append((label, statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
                             statistics.median(r[2] for r in runs)))
                sys.stdout.write(f"{label}: {rows[-1][1] / 1024:.1f} KB, {rows[-1][2]} requests, "
                                 f"{rows[-1][3]:.2f} s\n")
        browser.close()
    write_section("page_weight", table(rows))


if __name__ == "__main__":
    main()
