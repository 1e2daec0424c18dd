"""The timezone poll in Chromium: paint in one zone, reload in another, same instants; keyboard alone."""

import re

import pytest

from tests.conftest import login_as

pytestmark = pytest.mark.browser
SCENARIO = "/scenario/wikilearn_timezone_poll.0/"


def open_poll(page):
    page.goto(SCENARIO)
    page.wait_for_selector("[data-tzp-learner][aria-busy=false]")


def cell(page, time, day):
    """The grid cell of local ``time`` (row header) on ``day`` (0 = Monday)."""
    row = page.locator("table.tzp-grid tbody tr", has=page.locator("th", has_text=re.compile(f"^{time}$")))
    return row.locator(f"td[data-day='{day}']")


def available_cells(page):
    return page.eval_on_selector_all(
        "table.tzp-grid td.tzp-available",
        "cells => cells.map(td => td.closest('tr').querySelector('th').textContent + '/' + td.dataset.day)")


def switch_zone(page, name):
    page.fill("[data-tzp-zone]", name)
    page.press("[data-tzp-zone]", "Enter")
    page.wait_for_function("name => document.querySelector('[data-tzp-zone-help]').textContent.includes(name)",
                           arg=name)


def test_painted_in_berlin_reloaded_in_new_york_shows_the_same_instants(page):
    login_as(page, "learner_1")
    open_poll(page)
    assert page.input_value("[data-tzp-zone]") == "Europe/Berlin"
    cell(page, "14:00", 1).click()
    cell(page, "15:00", 1).click()
    cell(page, "15:00", 3).click()
    cell(page, "15:00", 3).click()  # second click: "if need be"
    assert "Tuesday 14:00–16:00" in page.text_content("[data-tzp-summary]")
    page.click("[data-tzp-save]")
    page.wait_for_function("document.querySelector('[data-wl-status]').textContent.includes('saved')")
    # The "saved" message sits right under the Save button (not below the heat map, a screen away).
    save, status = page.locator("[data-tzp-save]").bounding_box(), page.locator("[data-wl-status]").bounding_box()
    assert 0 <= status["y"] - (save["y"] + save["height"]) < 40
    hours = page.eval_on_selector_all(".tzp-hours label", "labels => labels.map(l => l.firstChild.textContent.trim())")
    assert hours == ["Earliest start", "Latest end"]  # whole labels for translators, no "From … to"

    page.reload()
    page.wait_for_selector("[data-tzp-learner][aria-busy=false]")
    switch_zone(page, "America/New_York")
    # 14:00-16:00 in Berlin (UTC+1) on the first course week is 08:00-10:00 in New York (UTC-5).
    assert sorted(available_cells(page)) == ["08:00/1", "09:00/1"]
    assert "if need be" in cell(page, "09:00", 3).get_attribute("aria-label")
    assert "Tuesday 08:00–10:00" in page.text_content("[data-tzp-summary]")
    # Kolkata (UTC+5:30) has it at 18:30-20:30: on an hourly grid only the 19:00 hour lies wholly inside.
    switch_zone(page, "Asia/Kolkata")
    assert available_cells(page) == ["19:00/1"]


def test_keyboard_alone_paints_saves_and_reads_the_summary(page):
    login_as(page, "learner_3", language="en")  # the assertions read English labels
    open_poll(page)
    page.focus("[data-tzp-zone]")
    for _ in range(4):  # apply button, hours start, hours end, grid
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Monday 08:00")
    for _ in range(10):
        page.keyboard.press("ArrowDown")  # 18:00
    page.keyboard.press("ArrowRight")  # Tuesday
    page.keyboard.press("Space")
    assert "available" in page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    page.keyboard.press("Space")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label.startswith("Tuesday 19:00") and label.endswith("if need be")
    page.keyboard.press("Tab")  # the save button
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('[data-wl-status]').textContent.includes('saved')")
    page.reload()
    page.wait_for_selector("[data-tzp-learner][aria-busy=false]")
    summary = page.text_content("[data-tzp-summary]")
    assert "Available: Tuesday 18:00–19:00" in summary and "If need be: Tuesday 19:00–20:00" in summary


def test_staff_sees_ranking_and_publishes_a_slot_learners_see_in_local_time(page):
    login_as(page, "staff_1")
    open_poll(page)
    page.wait_for_selector("table.tzp-ranked tbody tr")
    page.click("[data-tzp-view=utc]")
    page.wait_for_selector("caption:has-text('UTC')")
    first = page.locator("table.tzp-ranked tbody tr").first
    slot = first.get_attribute("data-tzp-slot")
    button = first.locator("[data-tzp-choose]")
    line = page.evaluate("b => parseFloat(getComputedStyle(b).lineHeight) || 20", button.element_handle())
    assert button.bounding_box()["height"] < 2 * line + 16  # "Choose this session" on one line, not three
    button.click()
    page.wait_for_selector(f"tr[data-tzp-slot='{slot}'] [data-tzp-choose][aria-pressed=true]")
    # The confirmation is read out and shown above the ranking, not in the learner part of the page.
    page.wait_for_function("document.querySelector('[data-tzp-staff-status]').textContent.includes('published')")
    login_as(page, "learner_2")
    open_poll(page)
    chosen = page.locator("[data-tzp-chosen]")
    assert chosen.is_visible()
    assert "America/New_York" in chosen.text_content()
    assert page.get_attribute("[data-tzp-chosen] a", "href").endswith("/calendar/")


def test_arrow_keys_follow_reading_direction_in_arabic(page):
    login_as(page, "learner_7")  # Arabic, right to left
    open_poll(page)
    assert page.get_attribute(".wikilearn-timezone-poll", "dir") == "rtl"
    page.focus("table.tzp-grid td[tabindex='0']")
    assert page.evaluate("document.activeElement.dataset.day") == "0"
    page.keyboard.press("ArrowLeft")  # visually left is the next day in a right-to-left table
    assert page.evaluate("[document.activeElement.dataset.day, document.activeElement.dataset.row]") == ["1", "0"]
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.day") == "0"
