"""The recordings page in Chromium: a learner opens it and downloads the lightest file."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser_support import ROOT, SandboxServer
from tests.conftest import login_as
from tests.peers.bbb_server import default_media_dir

pytestmark = pytest.mark.browser
COURSE = "course-v1:Wikimedia+PB101+2026"


@pytest.fixture(scope="module")
def recordings_site(tmp_path_factory):
    """A sandbox whose course got its demo recordings the way `make run` gets them."""
    server = SandboxServer(tmp_path_factory.mktemp("recordings-sandbox")).start()
    synced = subprocess.run([sys.executable, "-m", "django", "sandbox_recordings", "--no-progress", "--media-dir",
                             str(default_media_dir())], cwd=ROOT, env=server.env, capture_output=True, text=True)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "4 lessons" in synced.stdout and "0 failed" in synced.stdout
    yield server
    server.stop()


@pytest.fixture
def site_page(browser, recordings_site):
    context = browser.new_context(base_url=recordings_site.url, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def stored_hashes(site):
    return {hashlib.sha256(path.read_bytes()).hexdigest()
            for path in (Path(site.workdir) / "recordings").rglob("*") if path.is_file()}


def test_learner_downloads_the_lightest_file(site_page, recordings_site, tmp_path):
    login_as(site_page, "learner_1")
    response = site_page.goto(f"/wikilearn/recordings/{COURSE}/")
    assert response.status == 200
    assert site_page.locator("h1").inner_text() == "Lesson recordings"
    assert site_page.locator("section.wl-lesson").count() == 4
    assert site_page.locator(".wl-light").count() == 4
    lightest = site_page.locator("li:has(.wl-light) a").first
    assert lightest.text_content() == "Audio only (Lesson 1)"  # the lesson is in the link's name, visually hidden
    assert lightest.bounding_box()["width"] < 120
    lightest.focus()
    with site_page.expect_download() as info:
        site_page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename.endswith(" - Audio only.opus")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() in stored_hashes(recordings_site)
    assert site_page.get_by_role("link", name="English (Lesson 1)").count() == 1  # the caption track


def test_learner_downloads_the_slides_pdf_of_a_presentation_lesson(site_page, recordings_site, tmp_path):
    login_as(site_page, "learner_1", "en")
    site_page.goto(f"/wikilearn/recordings/{COURSE}/")
    lesson = site_page.locator("section.wl-lesson", has_text="Lesson 4")
    assert lesson.locator("li[data-kind=slidesvideo] .wl-time").inner_text().endswith("at 1 Mbit/s")
    assert lesson.get_by_role("link", name="Transcript (English) (Lesson 4: slides and screen share)").count() == 1
    with site_page.expect_download() as info:
        lesson.get_by_role("link", name="Slides (PDF) (Lesson 4: slides and screen share)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name.endswith(" - Slides (PDF).pdf") and saved.read_bytes().startswith(b"%PDF")
    assert hashlib.sha256(saved.read_bytes()).hexdigest() in stored_hashes(recordings_site)


def test_arabic_learner_gets_right_to_left(site_page):
    login_as(site_page, "learner_7")
    site_page.goto(f"/wikilearn/recordings/{COURSE}/")
    assert site_page.eval_on_selector("html", "el => el.dir") == "rtl"


def test_anonymous_visitor_is_sent_to_login(site_page):
    site_page.goto(f"/wikilearn/recordings/{COURSE}/")
    assert "next=" in site_page.url


def test_the_recordings_page_has_the_sandbox_header_and_a_way_back(site_page):
    login_as(site_page, "learner_1", "en")
    site_page.goto(f"/wikilearn/recordings/{COURSE}/")
    assert site_page.get_by_role("navigation", name="Course").get_by_role("link", name="Recordings") \
        .get_attribute("aria-current") == "page"
    assert "Logged in as learner_1" in site_page.locator(".logged-in").inner_text()
    site_page.select_option("#switch-user", "staff_1")  # acting as someone else, on this very page
    site_page.click(".user-switch button[type=submit]")
    site_page.wait_for_load_state()
    assert site_page.url.endswith(f"/wikilearn/recordings/{COURSE}/")
    assert "Logged in as staff_1" in site_page.locator(".logged-in").inner_text()
    assert site_page.locator("section.wl-lesson").count() == 4
    site_page.get_by_role("link", name="Blocks").click()  # back to the sandbox's blocks
    site_page.wait_for_url("**/")
    assert site_page.get_by_role("heading", name="Block scenarios").is_visible()
