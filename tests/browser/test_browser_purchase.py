"""Recording a purchase in a real Chromium: at most 4 fields and 1 action, desktop and phone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from baketracker.services import catalog, inventory
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_db")]

# Counts what the baker does, from inside the page: fields that received typing, and clicks
# and Enter presses (trusted events only, so the app's own scripts never count; the click a
# browser makes when Enter submits a form has detail 0 and counts as the Enter, not a click).
COUNTER = """
window.__baker = {fields: new Set(), clicks: 0, enters: 0};
document.addEventListener('input', e => {
  if (e.isTrusted && e.target.name) window.__baker.fields.add(e.target.name);
}, true);
document.addEventListener('click', e => {
  if (e.isTrusted && e.detail > 0) window.__baker.clicks += 1;
}, true);
document.addEventListener('keydown', e => {
  if (e.isTrusted && e.key === 'Enter') window.__baker.enters += 1;
}, true);
"""


def baker_effort(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        "({fields: [...window.__baker.fields].sort(), clicks: window.__baker.clicks,"
        " enters: window.__baker.enters})"
    )
    return result


def seed() -> None:
    catalog.create_ingredient("Flour", density="1 cup = 120 g")
    catalog.create_ingredient("Bread flour", parent="flour")
    catalog.create_ingredient("All-purpose flour", parent="flour")
    catalog.create_product("bread-flour", brand="King Arthur", package_quantity=5,
                           package_unit="lb", gtin="071012010509", slug="ka-bread-5lb")
    catalog.create_product("all-purpose-flour", brand="Gold Medal", package_quantity=5,
                           package_unit="lb", gtin="016000196100", slug="gm-ap-5lb")
    inventory.record_purchase("ka-bread-5lb", packages=1, price_per_package="6.49",
                              purchased_on=date(2026, 10, 1))


def open_purchase_form(browser: Browser, base_url: str, viewport: dict[str, int]) -> Page:
    context = browser.new_context(base_url=base_url, viewport=viewport)  # type: ignore[arg-type]
    context.add_init_script(COUNTER)
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    page.goto("/inventory/purchase")
    return page


def page_fits_width(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("name,viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_purchase_by_part_of_the_name_takes_two_fields_and_one_click(
    browser: Browser, base_url: str, screenshots: Path, name: str, viewport: dict[str, int]
) -> None:
    seed()
    page = open_purchase_form(browser, base_url, viewport)
    expect(page.locator("#purchased_on")).to_have_value(date.today().isoformat())
    expect(page.locator("#packages")).to_have_value("1")

    page.locator("#product").press_sequentially("king", delay=30)
    expect(page.locator(".picked")).to_contain_text("King Arthur")
    expect(page.locator("#price")).to_have_value("6.49")  # remembered from the last purchase
    page.locator("#packages").fill("2")
    page.screenshot(path=str(screenshots / f"purchase-filled-{name}.png"), full_page=True)
    page.get_by_role("button", name="Record purchase").click()

    expect(page.locator(".notice.success")).to_contain_text("Recorded 2 × King Arthur")
    effort = baker_effort(page)
    assert len(effort["fields"]) <= 4 and effort["fields"] == ["packages", "product"]
    assert effort["clicks"] == 1 and effort["enters"] == 0
    lots = inventory.list_lots("bread-flour")
    assert [(lot["purchased_on"], lot["package_price"]) for lot in lots][-1] == (
        date.today(), Decimal("6.49"))
    assert lots[-1]["quantity_initial"] == Decimal("4535.9237")  # 2 × 5 lb in grams
    expect(page.locator("#product")).to_have_value("")  # ready for the next purchase
    expect(page.locator("#product")).to_be_focused()
    assert page_fits_width(page)
    page.screenshot(path=str(screenshots / f"purchase-recorded-{name}.png"), full_page=True)


def test_a_barcode_and_a_price_then_enter_record_a_first_purchase(
    browser: Browser, base_url: str, screenshots: Path
) -> None:
    seed()
    page = open_purchase_form(browser, base_url, PHONE)
    page.locator("#product").fill("016000196100")
    expect(page.locator(".picked")).to_contain_text("Gold Medal")
    expect(page.locator("#price")).to_have_value("")  # never bought: no price to offer
    page.locator("#price").fill("4.29")
    page.locator("#price").press("Enter")
    expect(page.locator(".notice.success")).to_contain_text("Gold Medal")
    effort = baker_effort(page)
    assert effort == {"fields": ["price", "product"], "clicks": 0, "enters": 1}
    assert inventory.last_purchase_price("gm-ap-5lb") == Decimal("4.29")
    page.screenshot(path=str(screenshots / "purchase-barcode-phone.png"), full_page=True)


def test_a_word_matching_several_products_asks_which_one_and_keeps_the_typing(
    browser: Browser, base_url: str, screenshots: Path
) -> None:
    seed()
    page = open_purchase_form(browser, base_url, DESKTOP)
    page.locator("#product").press_sequentially("flour", delay=20)
    expect(page.locator(".choices")).to_contain_text("2 products match")
    page.locator("#price").fill("5")
    page.get_by_role("button", name="Record purchase").click()
    expect(page.locator("#product-error")).to_contain_text("pick one")
    expect(page.locator("#price")).to_have_value("5")
    page.get_by_label("Gold Medal").click()  # the choice is swapped away at once: no check()
    expect(page.locator(".picked")).to_contain_text("Gold Medal")
    expect(page.locator("#price")).to_have_value("5")  # what the baker typed stays
    page.screenshot(path=str(screenshots / "purchase-choose-desktop.png"), full_page=True)
    page.get_by_role("button", name="Record purchase").click()
    expect(page.locator(".notice.success")).to_contain_text("Gold Medal")
    assert inventory.last_purchase_price("gm-ap-5lb") == Decimal("5")
