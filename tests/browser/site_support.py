"""Private sandboxes for browser tests that leave data behind, and keyboard/focus helpers.

Tests that submit pitches or fill queues use their own sandbox (a fresh SQLite database) so
the shared ``sandbox_server`` keeps the state the per-block tests expect.
"""

import contextlib
import subprocess
import sys

from tests.browser_support import ROOT, SandboxServer

COURSE = "course-v1:Wikimedia+PB101+2026"
RECORDINGS = f"/wikilearn/recordings/{COURSE}/"
ARABIC_STAFF = "staff_ar"
ADD_ARABIC_STAFF = (
    "from django.contrib.auth import get_user_model\n"
    "from sandbox.models import LearnerProfile\n"
    f"user, _ = get_user_model().objects.get_or_create(username='{ARABIC_STAFF}', defaults={{'is_staff': True}})\n"
    "LearnerProfile.objects.update_or_create(user=user, defaults={'role': 'staff', 'language': 'ar', "
    "'time_zone': 'Africa/Cairo', 'enrolled': True})\n"
)


# Setup steps shared with tests/browser/test_pitch_review.py wait for English status messages.
ENGLISH_PITCHERS = ("learner_2", "learner_3")


def set_languages(server, languages):
    """Change demo users' interface language on ``server``: ``{username: code}``."""
    server.manage("shell", "-c", "from sandbox.models import LearnerProfile\n" + "".join(
        f"LearnerProfile.objects.filter(user__username={name!r}).update(language={code!r})\n"
        for name, code in languages.items()))


@contextlib.contextmanager
def private_site(workdir, recordings=False, arabic_staff=False, english=()):
    """A sandbox of its own; optionally with the demo recordings, an Arabic-reading staff user, and
    the demo users named in ``english`` reading English."""
    server = SandboxServer(workdir).start()
    try:
        if arabic_staff:
            server.manage("shell", "-c", ADD_ARABIC_STAFF)
        if english:
            set_languages(server, {name: "en" for name in english})
        if recordings:
            from tests.peers.bbb_server import default_media_dir  # noqa: PLC0415 - generates media on demand

            synced = subprocess.run(
                [sys.executable, "-m", "django", "sandbox_recordings", "--no-progress", "--media-dir",
                 str(default_media_dir())], cwd=ROOT, env=server.env, capture_output=True, text=True)
            assert synced.returncode == 0, synced.stdout + synced.stderr
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def site_page(browser, server, **context_options):
    """A page on ``server`` that records JavaScript errors in ``page.js_errors``."""
    context = browser.new_context(base_url=server.url, **context_options)
    page = context.new_page()
    page.js_errors = []
    page.on("console", lambda message: page.js_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {tag: el.tagName, outline, shadow, text: (el.getAttribute('aria-label') || el.textContent || '').slice(0, 60)};
}"""


def focus_ring(page):
    """What shows the focused element: ``{"outline": bool, "shadow": bool, ...}`` (None if nothing)."""
    return page.evaluate(FOCUS_STYLE)


def assert_focus_visible(page):
    """The focused element draws an outline or a box shadow."""
    ring = focus_ring(page)
    assert ring is not None, "nothing has the focus"
    assert ring["outline"] or ring["shadow"], f"focus is invisible on {ring}"


def tab_until(page, test_js, limit=60, backwards=False):
    """Press Tab (or Shift+Tab) until ``test_js`` (a function of the focused element) is true.

    Returns at once when the focused element already matches. Every element passed on the way must
    show its focus.
    """
    if page.evaluate(f"(el => {test_js})(document.activeElement)"):
        assert_focus_visible(page)
        return
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        assert_focus_visible(page)
        if page.evaluate(f"(el => {test_js})(document.activeElement)"):
            return
    raise AssertionError(f"no focusable element matching {test_js} within {limit} Tab presses")


def live_text(page, root=""):
    """Text of the aria-live status region (inside ``root`` when given)."""
    region = page.locator(f"{root} [data-wl-status]".strip()).first
    assert region.get_attribute("aria-live") in ("polite", "assertive")
    return region.text_content()


def wait_live(page, text, root=""):
    """Wait until the aria-live status region says ``text``."""
    page.wait_for_function(
        "([root, t]) => { const r = document.querySelector((root + ' [data-wl-status]').trim());"
        " return r && ['polite', 'assertive'].includes(r.getAttribute('aria-live')) && r.textContent.includes(t); }",
        arg=[root, text])
