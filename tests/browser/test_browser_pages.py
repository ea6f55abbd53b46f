"""The main pages in a real Chromium at desktop and phone width, with screenshots."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from baketracker.services import catalog, inventory
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_db")]

PAGES = [
    ("dashboard", "/"),
    ("ingredients", "/catalog/ingredients"),
    ("ingredient", "/catalog/ingredients/butter"),
    ("products", "/catalog/products"),
    ("suppliers", "/catalog/suppliers"),
    ("materials", "/catalog/materials"),
    ("inventory", "/inventory"),
    ("lots", "/inventory/items/bread-flour"),
    ("purchase", "/inventory/purchase"),
]


def seed() -> None:
    catalog.create_ingredient("Flour", density="1 cup = 120 g")
    catalog.create_ingredient("Bread flour", parent="flour")
    catalog.create_ingredient("Butter", density="1 cup = 227 g")
    catalog.create_ingredient("Vanilla extract")
    catalog.create_product("bread-flour", brand="King Arthur", package_quantity=5,
                           package_unit="lb", gtin="071012010509")
    catalog.create_product("butter", brand="Kerrygold", package_quantity=8, package_unit="oz",
                           gtin="767707001005")
    catalog.create_product("vanilla-extract", brand="Nielsen-Massey", package_quantity=4,
                           package_unit="fl oz")
    catalog.create_supplier("Costco", location="Main St")
    catalog.create_material("Gift box")
    catalog.create_material_product("gift-box", name="Kraft box 10-pack", package_quantity=10)
    for product, packages, price, day in [
        ("king-arthur-bread-flour-5-lb", 3, "6.49", date(2026, 10, 1)),
        ("king-arthur-bread-flour-5-lb", 2, "6.99", date(2026, 11, 1)),
        ("kerrygold-butter-8-oz", 1, "3.79", date(2026, 11, 2)),
        ("kraft-box-10-pack", 1, "12.00", date(2026, 11, 3)),
    ]:
        inventory.record_purchase(product, packages=packages, price_per_package=price,
                                  purchased_on=day)


def new_page(browser: Browser, base_url: str, viewport: dict[str, int]) -> Page:
    context = browser.new_context(base_url=base_url, viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    return page


@pytest.mark.parametrize("name,viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_main_pages_fit_the_screen_and_are_saved_as_screenshots(
    browser: Browser, base_url: str, screenshots: Path, name: str, viewport: dict[str, int]
) -> None:
    seed()
    page = new_page(browser, base_url, viewport)
    for label, path in PAGES:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        expect(page.locator("h1")).to_be_visible()
        page.screenshot(path=str(screenshots / f"{label}-{name}.png"), full_page=True)
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert fits, f"{path} is wider than the {name} screen"
    if name == "phone":
        links = page.locator(".nav-links")
        expect(links).to_be_hidden()
        page.get_by_text("Menu").click()
        expect(links.get_by_role("link", name="Catalog")).to_be_visible()
        page.screenshot(path=str(screenshots / "menu-open-phone.png"))
    page.goto("/inventory")
    expect(page.locator("#stock-chart")).to_have_attribute("data-drawn", "1")


def test_ingredients_are_added_searched_and_edited_in_place(
    browser: Browser, base_url: str, screenshots: Path
) -> None:
    seed()
    page = new_page(browser, base_url, DESKTOP)
    page.goto("/catalog/ingredients")
    page.get_by_text("Add an ingredient").click()
    page.get_by_label("Name").fill("Rye flour")
    page.get_by_label("Part of").select_option("flour")
    page.get_by_role("button", name="Add ingredient").click()
    expect(page.locator(".notice.success")).to_have_text("Added Rye flour.")
    assert page.url.endswith("/catalog/ingredients")  # htmx: no page load
    page.get_by_placeholder("Search ingredients").press_sequentially("rye", delay=20)
    expect(page.locator("#ingredient-rows tr")).to_have_count(1)
    expect(page.locator("#ingredient-rows")).to_contain_text("Flour › Rye flour")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Density").fill("1 cup = 2 parsecs")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#density-error")).to_be_visible()
    expect(page.get_by_label("Density")).to_have_value("1 cup = 2 parsecs")
    page.screenshot(path=str(screenshots / "ingredient-refused-desktop.png"), full_page=True)
    page.get_by_label("Density").fill("1 cup = 102 g")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".notice.success")).to_have_text("Saved Rye flour.")
    assert catalog.get_ingredient("rye-flour")["density_g_per_ml"] is not None


def test_a_script_in_a_product_name_is_shown_as_text(browser: Browser, base_url: str) -> None:
    seed()
    catalog.create_product("butter", brand=None, package_quantity=1, package_unit="lb",
                           name="<script>alert(1)</script>")
    page = new_page(browser, base_url, DESKTOP)
    page.goto("/catalog/products")
    expect(page.get_by_text("<script>alert(1)</script>")).to_be_visible()
    page.get_by_placeholder("Search by name or barcode number").press_sequentially(
        "7677", delay=20)
    expect(page.locator("#product-rows tr")).to_have_count(1)
    expect(page.locator("#product-rows")).to_contain_text("Kerrygold")
