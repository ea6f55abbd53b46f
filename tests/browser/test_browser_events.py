"""Events, plans and production in a real Chromium at desktop and phone width: the action
counts of issue 7 ("Seconds, not minutes"), htmx behaviour, and screenshots of each page."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from baketracker.services import amendments, events, plan_state, production
from tests.browser.conftest import DESKTOP, PHONE
from tests.support import event_bakery
from tests.support.event_bakery import XMAS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_db")]
VIEWPORTS = [("desktop", DESKTOP), ("phone", PHONE)]

# Counts what the baker does across page loads (kept in sessionStorage): presses of the mouse
# button or a finger (one per click, however many click events a <label> forwards to its
# radio), Enter presses, and the fields that received typing or a choice from a list
# (a picked radio button is counted as its press, not as a field). Trusted events only, so
# the app's own scripts never count.
COUNTER = """
(() => {
  const load = () => JSON.parse(sessionStorage.getItem('baker') ||
    '{"fields": [], "clicks": 0, "enters": 0}');
  const save = (b) => sessionStorage.setItem('baker', JSON.stringify(b));
  document.addEventListener('input', e => {
    if (!e.isTrusted || !e.target.name || ['radio', 'checkbox'].includes(e.target.type)) return;
    const b = load();
    if (!b.fields.includes(e.target.name)) b.fields.push(e.target.name);
    save(b);
  }, true);
  document.addEventListener('mousedown', e => {
    if (e.isTrusted) { const b = load(); b.clicks += 1; save(b); }
  }, true);
  document.addEventListener('keydown', e => {
    if (e.isTrusted && e.key === 'Enter') { const b = load(); b.enters += 1; save(b); }
  }, true);
})();
"""


def baker_effort(page: Page) -> dict[str, Any]:
    effort: dict[str, Any] = page.evaluate(
        "JSON.parse(sessionStorage.getItem('baker') || "
        "'{\"fields\": [], \"clicks\": 0, \"enters\": 0}')")
    return effort


def new_page(browser: Browser, base_url: str, viewport: dict[str, int]) -> Page:
    context = browser.new_context(base_url=base_url, viewport=viewport)  # type: ignore[arg-type]
    context.add_init_script(COUNTER)
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    return page


def fits_width(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def locked_bakery() -> dict[str, Any]:
    """The bakery with Christmas locked: its batches (3 sugar cookies, 2 brownies) decided."""
    made = event_bakery.build()
    plan_state.lock_plan(XMAS)
    return made


@pytest.mark.parametrize("name,viewport", VIEWPORTS)
def test_production_for_the_nearest_event_takes_three_clicks_from_the_dashboard(
    browser: Browser, base_url: str, screenshots: Path, name: str, viewport: dict[str, int]
) -> None:
    locked_bakery()
    page = new_page(browser, base_url, viewport)
    page.goto("/")
    expect(page.locator("#next-up")).to_contain_text("Next up: Christmas")
    page.screenshot(path=str(screenshots / f"events-dashboard-{name}.png"), full_page=True)

    page.locator("#dashboard-record-production").click()
    expect(page.locator("#event")).to_have_value(str(events.get_event(XMAS)["id"]))
    expect(page.locator("#batches")).to_have_value("1")
    page.get_by_text("Sugar cookies", exact=True).click()
    page.screenshot(path=str(screenshots / f"events-record-production-{name}.png"),
                    full_page=True)
    page.get_by_role("button", name="Record production").click()

    expect(page.locator(".notice.success")).to_contain_text(
        "Recorded 1 batch of Sugar cookies for Christmas: 24 × Sugar cookie")
    effort = baker_effort(page)
    assert effort == {"fields": [], "clicks": 3, "enters": 0}
    runs = production.list_production_runs(event=XMAS)
    assert [(r["recipe_slug"], r["batches"]) for r in runs] == [("sugar-cookies", 1)]
    expect(page.locator("#unit-choices")).to_contain_text("2 of 3 batches to go")
    assert fits_width(page)
    page.screenshot(path=str(screenshots / f"events-production-recorded-{name}.png"),
                    full_page=True)


@pytest.mark.parametrize("name,viewport", VIEWPORTS)
def test_a_package_moves_on_in_one_click(
    browser: Browser, base_url: str, screenshots: Path, name: str, viewport: dict[str, int]
) -> None:
    made = locked_bakery()
    page = new_page(browser, base_url, viewport)
    page.goto(f"/events/{made['xmas']}/assignments")
    row = page.locator(f"#assignment-{made['assignments'][0]}")
    expect(row).to_contain_text("pending")
    row.get_by_role("button", name="Mark ready").click()
    expect(row).to_contain_text("ready")
    expect(row.get_by_role("button", name="Mark delivered")).to_be_visible()
    expect(page.locator("#assignment-counts")).to_contain_text("1 pending")
    expect(page.locator("#assignment-counts")).to_contain_text("1 ready")
    assert baker_effort(page) == {"fields": [], "clicks": 1, "enters": 0}
    assert events.list_assignments(XMAS, status="ready")[0]["recipient_name"] == "Aunt May"
    assert fits_width(page)
    page.screenshot(path=str(screenshots / f"events-assignments-{name}.png"), full_page=True)


@pytest.mark.parametrize("name,viewport", VIEWPORTS)
def test_the_nearest_shopping_list_is_one_click_from_the_dashboard(
    browser: Browser, base_url: str, screenshots: Path, name: str, viewport: dict[str, int]
) -> None:
    made = locked_bakery()
    page = new_page(browser, base_url, viewport)
    page.goto("/")
    page.locator("#dashboard-shopping-list").click()
    expect(page).to_have_url(f"{base_url}/events/{made['xmas']}/plan#shopping")
    shopping = page.locator("#shopping")
    expect(shopping).to_be_in_viewport()
    expect(shopping).to_contain_text("Chocolate")
    expect(page.locator("#shopping-total")).to_have_text("$2.50")
    assert baker_effort(page) == {"fields": [], "clicks": 1, "enters": 0}
    assert fits_width(page)
    page.screenshot(path=str(screenshots / f"events-plan-{name}.png"), full_page=True)


@pytest.mark.parametrize("name,viewport", VIEWPORTS)
def test_tabs_switch_in_place_and_keep_their_address(
    browser: Browser, base_url: str, screenshots: Path, name: str, viewport: dict[str, int]
) -> None:
    made = event_bakery.build()
    events.set_production_target(XMAS, "sugar-cookies", 2)
    production.record_batch_production("sugar-cookies", 3, event=XMAS)
    page = new_page(browser, base_url, viewport)
    page.goto(f"/events/{made['xmas']}")
    expect(page.locator("#targets-panel")).to_contain_text("150%")
    assert fits_width(page)
    page.screenshot(path=str(screenshots / f"events-targets-{name}.png"), full_page=True)
    page.evaluate("window.__same_document = true")
    page.locator(".event-tabs").get_by_role("link", name="Plan").click()
    expect(page.locator("#plan-panel")).to_be_visible()
    expect(page).to_have_url(f"{base_url}/events/{made['xmas']}/plan")
    assert page.evaluate("window.__same_document === true")  # swapped by htmx, not reloaded
    page.go_back()
    expect(page.locator("#targets-panel")).to_be_visible()
    page.goto("/events")
    assert fits_width(page)
    page.screenshot(path=str(screenshots / f"events-list-{name}.png"), full_page=True)


def test_a_short_batch_count_is_confirmed_in_the_browser(
    browser: Browser, base_url: str, screenshots: Path
) -> None:
    made = event_bakery.build()
    page = new_page(browser, base_url, DESKTOP)
    page.goto(f"/events/{made['xmas']}/plan")
    row = page.locator("#batch-sugar-cookies")
    row.locator("input[name=batches]").fill("2")
    row.get_by_role("button", name="Decide").click()
    expect(page.locator(".confirm-short")).to_contain_text("fall short of the 3")
    page.screenshot(path=str(screenshots / "events-plan-short-desktop.png"), full_page=True)
    page.locator("#confirm-short").click()
    expect(page.locator(".notice.success")).to_contain_text("kept as confirmed")
    expect(page.locator("#batch-sugar-cookies")).to_contain_text("short (confirmed)")
    page.locator("#batch-sugar-cookies summary").click()
    expect(page.locator("#batch-sugar-cookies .why p")).to_contain_text("decided 2")


def test_filtering_recipes_as_you_type_keeps_the_event_and_enter_records_nothing(
    browser: Browser, base_url: str
) -> None:
    locked_bakery()
    page = new_page(browser, base_url, PHONE)
    page.goto("/production")
    page.get_by_placeholder("Filter recipes").press_sequentially("brow", delay=30)
    expect(page.locator("#unit-choices label")).to_have_count(1)
    expect(page.locator("#unit-choices")).to_contain_text("Brownies")
    page.get_by_placeholder("Filter recipes").press("Enter")
    expect(page.locator("#unit-choices label")).to_have_count(1)  # Enter keeps the filter
    page.get_by_text("Brownies", exact=True).click()
    page.locator("#actual_yield").fill("10")
    page.locator("#production-form select[name=loss_category]").select_option("burnt")
    page.get_by_role("button", name="Record production").click()
    expect(page.locator(".notice.success")).to_contain_text("10 of 12 × Brownie (2 lost: burnt)")
    assert [r["recipe_slug"] for r in production.list_production_runs()] == ["brownies"]


@pytest.mark.parametrize("name,viewport", VIEWPORTS)
def test_amendments_and_the_comparison(
    browser: Browser, base_url: str, screenshots: Path, name: str, viewport: dict[str, int]
) -> None:
    made = locked_bakery()
    plan_state.start_production(XMAS)
    amendments.create_amendment(XMAS, "MODIFY_BATCH",
                                {"recipe_id": "sugar-cookies", "new_batches": 4}, "More tins")
    page = new_page(browser, base_url, viewport)
    page.goto(f"/events/{made['xmas']}/amendments")
    form = page.locator("#amend-drop_fg")
    form.locator("select[name=finished_good]").select_option("brownie-bag")
    form.get_by_role("button", name="Drop a finished good").click()  # no reason: refused
    assert events.get_assembly_targets(XMAS)[0]["finished_good_slug"] == "brownie-bag"
    form.locator("input[name=reason]").fill("No bags left")
    form.get_by_role("button", name="Drop a finished good").click()
    expect(page.locator(".notice.success")).to_contain_text("Dropped Brownie bag (was 5)")
    expect(page.locator("tr.diff-dropped")).to_contain_text("Brownie bag")
    expect(page.locator("tr.diff-modified")).to_contain_text("Sugar cookies")
    assert fits_width(page)
    page.locator("#compare-heading").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"events-amendments-{name}.png"), full_page=True)


def test_recording_assembly_from_the_event_page(
    browser: Browser, base_url: str, screenshots: Path
) -> None:
    made = locked_bakery()
    production.record_batch_production("sugar-cookies", 1, event=XMAS)
    page = new_page(browser, base_url, PHONE)
    page.goto(f"/events/{made['xmas']}/targets")
    page.locator(".event-actions").get_by_role("button", name="Record assembly").click()
    expect(page.locator("#event")).to_have_value(str(made["xmas"]))
    page.get_by_text("Cookie tin", exact=True).click()
    page.locator("#quantity").fill("3")
    page.get_by_role("button", name="Record assembly").click()
    expect(page.locator(".notice.success")).to_contain_text("Assembled 3 × Cookie tin")
    assert fits_width(page)
    page.screenshot(path=str(screenshots / "events-record-assembly-phone.png"), full_page=True)


def test_an_event_far_in_the_past_is_not_the_next_one(browser: Browser, base_url: str) -> None:
    events.create_event("Long ago", event_date=date.today() - timedelta(days=90))
    page = new_page(browser, base_url, DESKTOP)
    page.goto("/")
    expect(page.locator("#next-up")).to_contain_text("No upcoming event.")
    page.locator("#dashboard-record-production").click()
    expect(page.locator("#event")).to_have_value("")
