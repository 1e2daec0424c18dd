"""The availability grid by keyboard alone, beyond tests/browser/test_timezone_poll.py: Tab reaches
it with visible focus, one roving tab stop, arrow keys move it, Space cycles a slot, the text summary
the grid is described by follows, and saving is announced in the aria-live region. The heat map
gives counts as text, not by colour alone."""

import re

import pytest

from tests.browser.site_support import assert_focus_visible, tab_until, wait_live
from tests.conftest import login_as

pytestmark = pytest.mark.browser
SCENARIO = "/scenario/wikilearn_timezone_poll.0/"
LEARNER = "learner_8"  # Australia/Sydney, English; no other test answers the poll as learner_8


def focused(page):
    return page.evaluate("({label: document.activeElement.getAttribute('aria-label'),"
                         " row: document.activeElement.dataset.row, day: document.activeElement.dataset.day})")


def summary_of_grid(page):
    """The text the grid is described by (what a screen reader reads for the selection)."""
    return page.evaluate("document.getElementById(document.querySelector('table.tzp-grid')"
                         ".getAttribute('aria-describedby')).textContent")


def test_grid_by_keyboard_with_focus_summary_and_announcement(page):
    login_as(page, LEARNER)
    page.goto(SCENARIO)
    page.wait_for_selector("[data-tzp-learner][aria-busy=false]")
    assert page.locator("table.tzp-grid td[tabindex='0']").count() == 1  # one tab stop for the whole grid
    tab_until(page, "el.getAttribute('role') === 'gridcell'")
    start = focused(page)
    assert_focus_visible(page)

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    moved = focused(page)
    assert (int(moved["row"]), int(moved["day"])) == (int(start["row"]) + 1, int(start["day"]) + 1)
    assert page.locator("table.tzp-grid td[tabindex='0']").count() == 1
    assert_focus_visible(page)

    for _ in range(30):  # Sydney evenings: walk down the day to its first offered slot
        if "not offered" not in focused(page)["label"]:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert focused(page)["label"].endswith("available")
    first = summary_of_grid(page)
    assert first.startswith("Available: ") and not first.startswith("Available: none")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    page.keyboard.press("Space")
    assert focused(page)["label"].endswith("if need be")
    summary = summary_of_grid(page)
    assert "If need be: " in summary and summary != first
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    page.keyboard.press("Space")  # available -> if need be -> empty
    assert focused(page)["label"].endswith(("empty", "not available"))
    summary = summary_of_grid(page)
    assert summary.startswith("Available: none.") and "If need be: " in summary

    tab_until(page, "el.hasAttribute('data-tzp-save')")
    page.keyboard.press("Enter")
    wait_live(page, "Your availability is saved.", ".wikilearn-timezone-poll")
    page.reload()
    page.wait_for_selector("[data-tzp-learner][aria-busy=false]")
    assert summary_of_grid(page) == summary


def test_heat_map_counts_are_text(page):
    login_as(page, "staff_1")
    page.goto(SCENARIO)
    page.wait_for_selector("[data-tzp-staff-body] .tzp-heat-table td")
    cells = page.locator("[data-tzp-staff-body] .tzp-heat-table td")
    for index in (0, cells.count() - 1):
        cell = cells.nth(index)
        assert re.match(r"^\d+ ✓", cell.locator("span[aria-hidden=true]").text_content())
        assert re.match(r"^\d+ available, \d+ if need be$", cell.locator(".wl-sr-only").text_content())


def test_staff_open_the_names_one_candidate_leaves_out_by_keyboard(page):
    login_as(page, "learner_6", language="en")
    page.goto(SCENARIO)
    page.wait_for_selector("[data-tzp-learner][aria-busy=false]")
    row = page.locator("table.tzp-grid tbody tr", has=page.locator("th", has_text=re.compile("^14:00$")))
    row.locator("td[data-day='1']").click()  # one hour: too short for any two-hour session
    page.click("[data-tzp-save]")
    page.wait_for_function("document.querySelector('[data-wl-status]').textContent.includes('saved')")
    login_as(page, "staff_1", language="en")
    page.goto(SCENARIO)
    toggle = page.locator("table.tzp-ranked tbody tr").first.locator("[data-tzp-names-toggle=left_out]")
    toggle.wait_for()
    assert toggle.get_attribute("aria-expanded") == "false" and "Left out (" in toggle.text_content()
    tab_until(page, "el.getAttribute('data-tzp-names-toggle') === 'left_out'", limit=150)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    region = page.locator("#" + toggle.get_attribute("aria-controls"))
    region.locator("li", has_text="learner_6").wait_for()
    assert toggle.get_attribute("aria-expanded") == "true" and region.is_visible()
    page.keyboard.press("Enter")  # the same key closes it again
    assert toggle.get_attribute("aria-expanded") == "false" and region.is_hidden()
