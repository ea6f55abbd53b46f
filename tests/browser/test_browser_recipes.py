"""Recipes, a bundle and a package built through the UI alone in a real Chromium, at desktop
and phone width, with screenshots of each page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from baketracker.services import catalog, goods, inventory, recipes
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_db")]


def seed() -> None:
    catalog.create_ingredient("All-purpose flour", density="1 cup = 120 g")
    catalog.create_ingredient("Butter", density="1 cup = 227 g")
    catalog.create_ingredient("Granulated sugar", density="1 cup = 200 g")
    catalog.create_ingredient("Strawberries")
    for ingredient, size, unit, price in [("all-purpose-flour", 5, "lb", "4.99"),
                                          ("butter", 1, "lb", "5.49"),
                                          ("granulated-sugar", 4, "lb", "3.99")]:
        product = catalog.create_product(ingredient, brand="Store", package_quantity=size,
                                         package_unit=unit)
        inventory.record_purchase(product["slug"], packages=1, price_per_package=price,
                                  purchased_on=date(2026, 11, 1))
    catalog.create_material("Cookie tin")


def new_page(browser: Browser, base_url: str, viewport: dict[str, int]) -> Page:
    context = browser.new_context(base_url=base_url, viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    return page


def snap(page: Page, screenshots: Path, label: str) -> None:
    page.screenshot(path=str(screenshots / f"{label}.png"), full_page=True)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert fits, f"{page.url} is wider than the screen ({label})"


@pytest.mark.parametrize("name,viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_recipe_with_a_sub_recipe_and_a_unit_a_bundle_and_a_package_through_the_ui(
    browser: Browser, base_url: str, screenshots: Path, name: str, viewport: dict[str, int]
) -> None:
    seed()
    page = new_page(browser, base_url, viewport)

    # A filling, typed line by line.
    page.goto("/recipes")
    page.get_by_role("button", name="New recipe").click()
    page.get_by_label("Name", exact=True).fill("Strawberry jam")
    page.get_by_label("Category").fill("Fillings")
    page.locator("textarea[name=ingredients]").fill("strawberries: 2 cups\nsugar: 1 1/2 cups")
    snap(page, screenshots, f"recipe-new-{name}")
    page.get_by_role("button", name="Add recipe").click()
    expect(page.locator("h1")).to_have_text("Strawberry jam")
    expect(page.locator("#messages")).to_contain_text("Added Strawberry jam.")

    # The cookie: one typed line, then the rest added in place on its page.
    page.goto("/recipes/new")
    page.get_by_label("Name", exact=True).fill("Thumbprint cookies")
    page.locator("textarea[name=ingredients]").fill("flour: 2 1/2 cups")
    page.get_by_role("button", name="Add recipe").click()
    expect(page.locator("h1")).to_have_text("Thumbprint cookies")

    lines = page.locator("#recipe-lines")
    lines.get_by_label("Ingredient").fill("butt")
    lines.get_by_label("Amount", exact=True).fill("1 cup")
    lines.get_by_role("button", name="Add ingredient").click()
    expect(lines.locator(".notice.success")).to_have_text("Added Butter.")
    expect(page.locator("#recipe-cost")).to_contain_text("Butter")  # re-fetched on the event

    components = page.locator("#recipe-components")
    components.get_by_label("Sub-recipe").select_option(label="Strawberry jam")
    components.get_by_label("Batches").fill("1/2")
    components.get_by_role("button", name="Add sub-recipe").click()
    expect(components.locator(".edit-row")).to_contain_text("Strawberry jam")
    expect(page.locator("#recipe-cost")).to_contain_text("Strawberries")  # multiplied in
    expect(page.locator("#recipe-cost")).to_contain_text("unpriced")  # never bought

    units = page.locator("#recipe-units")
    units.get_by_label("Name").fill("Thumbprint cookie")
    units.get_by_label("Yield").fill("24")
    units.get_by_role("button", name="Add", exact=True).click()
    expect(units.locator(".edit-row")).to_contain_text("Thumbprint cookie")
    expect(page.locator("#recipe-cost")).to_contain_text("per Thumbprint cookie")
    snap(page, screenshots, f"recipe-detail-{name}")
    saved = recipes.get_recipe("thumbprint-cookies")
    assert [li["ingredient_slug"] for li in saved["ingredients"]] == ["all-purpose-flour",
                                                                     "butter"]
    assert saved["components"][0]["multiplier"] == Decimal("0.5")
    assert saved["finished_units"][0]["items_per_batch"] == 24

    # A cycle is refused next to the sub-recipe field, with its path.
    page.goto("/recipes/strawberry-jam")
    components = page.locator("#recipe-components")
    components.get_by_label("Sub-recipe").select_option(label="Thumbprint cookies")
    components.get_by_role("button", name="Add sub-recipe").click()
    expect(page.locator("#component-error")).to_contain_text(
        "Strawberry jam → Thumbprint cookies → Strawberry jam")
    snap(page, screenshots, f"recipe-cycle-{name}")

    # A bundle: three rows to start with, one more added and one removed with htmx.
    page.goto("/goods")
    page.get_by_role("button", name="New bundle").click()
    page.get_by_label("Name", exact=True).fill("Cookie tin of 12")
    rows = page.locator(".builder-line")
    rows.nth(0).locator("select").select_option(label="Thumbprint cookie")
    rows.nth(0).get_by_label("How many").fill("12")
    rows.nth(1).locator("select").select_option(label="Cookie tin (each)")
    page.get_by_role("button", name="Add a line").click()
    expect(rows).to_have_count(4)
    rows.nth(2).get_by_role("button", name="Remove").click()
    expect(rows).to_have_count(3)
    snap(page, screenshots, f"bundle-builder-{name}")
    page.get_by_role("button", name="Add bundle").last.click()
    expect(page.locator("h1")).to_have_text("Cookie tin of 12")
    needs = page.locator("#good-needs")
    expect(needs).to_contain_text("Thumbprint cookie")
    expect(needs).to_contain_text("each")
    snap(page, screenshots, f"bundle-detail-{name}")

    # A package of two tins.
    page.goto("/goods/packages")
    page.get_by_role("button", name="New package").click()
    page.get_by_label("Name", exact=True).fill("Neighbour gift box")
    first = page.locator(".builder-line").nth(0)
    first.locator("select").select_option(label="Cookie tin of 12")
    first.get_by_label("How many").fill("2")
    page.get_by_role("button", name="Add package").last.click()
    expect(page.locator("h1")).to_have_text("Neighbour gift box")
    expect(page.locator("#package-contents")).to_contain_text("24")  # cookies in one box
    snap(page, screenshots, f"package-detail-{name}")
    (box,) = goods.list_packages()
    assert [(c["finished_good_slug"], c["quantity"]) for c in box["contents"]] == [
        ("cookie-tin-of-12", 2)]

    # The lists filter as you type.
    page.goto("/recipes")
    page.get_by_placeholder("Search recipes").press_sequentially("straw", delay=30)
    expect(page.locator("#recipe-rows tr")).to_have_count(1)
    expect(page.locator("#recipe-rows")).to_contain_text("Strawberry jam")
    page.get_by_placeholder("Search recipes").fill("")
    page.get_by_label("Category").select_option("Fillings")
    expect(page.locator("#recipe-rows tr")).to_have_count(1)
    page.get_by_label("Category").select_option("")
    expect(page.locator("#recipe-rows tr")).to_have_count(2)
    snap(page, screenshots, f"recipes-list-{name}")
    page.goto("/goods")
    page.get_by_placeholder("Search finished goods").press_sequentially("tin", delay=30)
    expect(page.locator("#good-rows tr")).to_have_count(1)
    page.get_by_placeholder("Search finished goods").fill("")
    page.get_by_label("Kind").select_option("bare")
    expect(page.locator("#good-rows")).not_to_contain_text("Cookie tin of 12")
    snap(page, screenshots, f"goods-list-{name}")
