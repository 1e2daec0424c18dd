"""Each block's learner view on 256 kbit/s up and down with 400 ms latency (Chromium, CDP): it loads,
shows its content and submits. Load time is measured and printed, never asserted (the machine is
shared); what is asserted is what went over the wire: bytes, requests, and no other host.

Runs on its own sandbox: the pitch sent here must not join the shared sandbox's pitch group."""

import pytest

from tests.browser.site_support import private_site, site_page, wait_live
from tests.browser.throttle import NetworkLog
from tests.conftest import login_as

pytestmark = pytest.mark.browser
LEARNER = "learner_1"
# One page of a block, first visit, nothing cached: the HTML, the block's own JS/CSS, its data calls.
MAX_PAGE_BYTES = 120 * 1024
MAX_PAGE_REQUESTS = 12


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with private_site(tmp_path_factory.mktemp("low-bandwidth")) as server:
        yield server


@pytest.fixture
def sandbox_host():
    return lambda server: server.url.split("//", 1)[1]


def submit_rubric(page):
    page.locator("[data-answer]").fill("Shared goals, mutual benefit and commitment: a partnership.")
    page.locator("[data-submit]").click()
    wait_live(page, "Your answer was submitted", ".wikilearn-rubric")


def save_poll(page):
    offered = page.locator("table.tzp-grid td.tzp-cell:not(.tzp-off)").first
    offered.click()
    page.click("[data-tzp-save]")
    wait_live(page, "Your availability is saved.", ".wikilearn-timezone-poll")


def send_pitch(page):
    page.fill("[data-partner]", "National Library")
    page.fill("[data-ask]", "Release 500 scanned maps under CC BY-SA.")
    page.fill("[data-links]", "https://commons.wikimedia.org/wiki/File:Pitch.pdf")  # materials as a link, no upload
    page.click("[data-send-pitch]")
    wait_live(page, "was sent", ".wikilearn-pitch-review")


VIEWS = {
    "rubric": ("/scenario/wikilearn_rubric.0/", "[data-form]:not([hidden]) [data-answer]", submit_rubric),
    "timezone_poll": ("/scenario/wikilearn_timezone_poll.0/", "[data-tzp-learner][aria-busy=false] td.tzp-cell",
                      save_poll),
    "pitch_review": ("/scenario/wikilearn_pitch_review.0/", "[data-pitch-form]:not([hidden]) [data-partner]",
                     send_pitch),
}


@pytest.mark.parametrize("block", sorted(VIEWS))
def test_learner_view_loads_and_submits_on_a_slow_connection(browser, site, sandbox_host, block):
    path, content, submit = VIEWS[block]
    with site_page(browser, site) as page:
        login_as(page, LEARNER)
        log = NetworkLog(page)
        page.goto(path, timeout=60_000)
        page.wait_for_selector(content, timeout=60_000)
        page.wait_for_load_state("networkidle", timeout=60_000)
        loaded = {"bytes": log.total_bytes(), "requests": log.count(), "seconds": round(log.seconds(), 2)}
        assert log.hosts() == {sandbox_host(site)}, f"requests to other hosts: {log.hosts()}"
        assert not log.failed()
        assert 0 < loaded["bytes"] < MAX_PAGE_BYTES and loaded["requests"] <= MAX_PAGE_REQUESTS, loaded
        log.reset()
        submit(page)
        sent = {"bytes": log.total_bytes(), "requests": log.count(), "seconds": round(log.seconds(), 2)}
        assert log.hosts() == {sandbox_host(site)} and 0 < sent["requests"] <= 4, sent
        print(f"\n{block} at 256 kbit/s, 400 ms: load {loaded}, submit {sent}")
        assert not page.js_errors, page.js_errors


def test_throttling_really_slows_the_connection(browser, site):
    """Guard: the emulated link is slow (a 100 KB download takes well over a second at 32 KB/s)."""
    with site_page(browser, site) as page:
        login_as(page, LEARNER)
        log = NetworkLog(page)
        page.goto("/scenario/wikilearn_rubric.0/")
        page.wait_for_load_state("networkidle")
        per_request = log.seconds() / max(1, log.count())
        assert log.seconds() >= 0.8 and per_request > 0.2, (log.seconds(), log.count())
