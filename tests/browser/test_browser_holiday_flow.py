"""Issue 7, "Done when": a new user's holiday flow through the UI alone, in a real Chromium.

From an empty database, by clicking and typing only (no service call sets anything up): an
ingredient with a density and its product, a purchase, a recipe with a finished unit, a
bundle, a package, a recipient, an event with targets and a package assigned; the plan and its
shopping list; lock and start production; production for the event with a loss and an
assembly, the progress bar moving; fulfillment to delivered; an amendment seen in the
comparison. A screenshot of each main page at desktop width, then the same pages at phone
width (test-artifacts/screenshots/holiday-*.png)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_db")]

EVENT = "Holiday bake"
SUCCESS = ".notice.success"


def new_page(browser: Browser, base_url: str, viewport: dict[str, int]) -> Page:
    context = browser.new_context(base_url=base_url, viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(10_000)  # fail in seconds, not the default 30 s
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    return page


def snap(page: Page, screenshots: Path, label: str, size: str) -> None:
    """A full-page screenshot, and the page must not be wider than the screen."""
    page.screenshot(path=str(screenshots / f"holiday-{label}-{size}.png"), full_page=True)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert fits, f"{page.url} is wider than the {size} screen ({label})"


def overall_progress(page: Page) -> str:
    label = page.locator(".event-overall .progress-label")
    expect(label).to_have_text(re.compile(r"\d+%"))
    return label.inner_text().strip()


def event_tab(page: Page, label: str, panel: str) -> None:
    """Switch event tab in place (htmx) and wait for its panel."""
    page.locator(".event-tabs").get_by_role("link", name=label).click()
    expect(page.locator(panel)).to_be_visible()


def test_a_new_bakers_holiday_flow_through_the_ui_alone(
    browser: Browser, base_url: str, screenshots: Path
) -> None:
    page = new_page(browser, base_url, DESKTOP)
    size = "desktop"
    main_pages: dict[str, str] = {}

    # --- Dashboard of an empty bakery.
    page.goto("/")
    expect(page.locator("h1")).to_be_visible()
    snap(page, screenshots, "dashboard-empty", size)

    # --- Catalog: an ingredient with a density, then its product.
    page.goto("/catalog/ingredients")
    page.get_by_text("Add an ingredient").click()
    page.get_by_label("Name", exact=True).fill("Rolled oats")
    page.get_by_label("Density").fill("1 cup = 90 g")
    page.get_by_role("button", name="Add ingredient").click()
    expect(page.locator(SUCCESS)).to_have_text("Added Rolled oats.")
    expect(page.locator("#ingredient-rows")).to_contain_text("Rolled oats")
    snap(page, screenshots, "catalog-ingredients", size)
    main_pages["catalog-ingredients"] = "/catalog/ingredients"

    page.goto("/catalog/products")
    page.get_by_text("Add a product").click()
    page.get_by_role("combobox", name="Ingredient").select_option(label="Rolled oats")
    page.get_by_label("Brand", exact=True).fill("Millstone")
    page.get_by_label("Package size").fill("1 lb")
    page.get_by_role("button", name="Add product").click()
    expect(page.locator(SUCCESS)).to_contain_text("Added Millstone")
    expect(page.locator("#product-rows")).to_contain_text("Millstone")
    snap(page, screenshots, "catalog-products", size)
    main_pages["catalog-products"] = "/catalog/products"

    # --- A purchase: the product found by part of its name, date today, a first price.
    page.goto("/inventory/purchase")
    page.locator("#product").press_sequentially("millst", delay=20)
    expect(page.locator(".picked")).to_contain_text("Millstone")
    page.locator("#price").fill("4.50")
    snap(page, screenshots, "purchase", size)
    main_pages["purchase"] = "/inventory/purchase"
    page.get_by_role("button", name="Record purchase").click()
    expect(page.locator(SUCCESS)).to_contain_text("Recorded 1 × Millstone")
    page.goto("/inventory")
    expect(page.locator("main")).to_contain_text("Rolled oats")
    snap(page, screenshots, "inventory", size)
    main_pages["inventory"] = "/inventory"

    # --- A recipe with a finished unit (3 cups of oats = 270 g a batch, 24 cookies).
    page.goto("/recipes/new")
    page.get_by_label("Name", exact=True).fill("Oat cookies")
    page.get_by_label("Category").fill("Cookies")
    page.locator("textarea[name=ingredients]").fill("rolled oats: 3 cups")
    page.locator("textarea[name=units]").fill("Oat cookie: 24")
    page.get_by_role("button", name="Add recipe").click()
    expect(page.locator("h1")).to_have_text("Oat cookies")
    expect(page.locator("#recipe-units")).to_contain_text("Oat cookie")
    expect(page.locator("#recipe-cost")).to_contain_text("Rolled oats")
    expect(page.locator("#recipe-cost")).to_contain_text("per Oat cookie")
    snap(page, screenshots, "recipe", size)
    main_pages["recipe"] = page.url.removeprefix(base_url)

    # --- A bundle (finished good) of 12 cookies.
    page.goto("/goods")
    page.get_by_role("button", name="New bundle").click()
    page.get_by_label("Name", exact=True).fill("Oat cookie tin")
    first = page.locator(".builder-line").nth(0)
    first.locator("select").select_option(label="Oat cookie")
    first.get_by_label("How many").fill("12")
    page.get_by_role("button", name="Add bundle").last.click()
    expect(page.locator("h1")).to_have_text("Oat cookie tin")
    expect(page.locator("#good-needs")).to_contain_text("Oat cookie")
    snap(page, screenshots, "goods-bundle", size)
    main_pages["goods-bundle"] = page.url.removeprefix(base_url)
    page.goto("/goods")
    expect(page.locator("#good-rows")).to_contain_text("Oat cookie tin")
    snap(page, screenshots, "goods", size)
    main_pages["goods"] = "/goods"

    # --- A package: one tin.
    page.goto("/goods/packages")
    page.get_by_role("button", name="New package").click()
    page.get_by_label("Name", exact=True).fill("Holiday box")
    first = page.locator(".builder-line").nth(0)
    first.locator("select").select_option(label="Oat cookie tin")
    first.get_by_label("How many").fill("1")
    page.get_by_role("button", name="Add package").last.click()
    expect(page.locator("h1")).to_have_text("Holiday box")
    expect(page.locator("#package-contents")).to_contain_text("Oat cookie tin")
    snap(page, screenshots, "package", size)
    main_pages["package"] = page.url.removeprefix(base_url)

    # --- A recipient.
    page.goto("/recipients")
    page.get_by_text("Add a recipient").click()
    page.get_by_label("Name", exact=True).fill("Aunt May")
    page.get_by_label("Household").fill("The Parkers")
    page.get_by_role("button", name="Add recipient").click()
    expect(page.locator(SUCCESS)).to_contain_text("Aunt May")
    expect(page.locator("#recipient-rows")).to_contain_text("Aunt May")
    snap(page, screenshots, "recipients", size)
    main_pages["recipients"] = "/recipients"

    # --- An event, three weeks away: the new event opens on its Targets tab.
    page.goto("/events")
    page.get_by_text("Add an event").click()
    page.get_by_label("Name", exact=True).fill(EVENT)
    page.get_by_label("Date").fill((date.today() + timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Add event").click()
    expect(page.locator("h1")).to_have_text(EVENT)
    expect(page).to_have_url(re.compile(r"/events/\d+/targets$"))
    event_url = page.url.removeprefix(base_url).removesuffix("/targets")

    # Targets: three tins (36 cookies: two batches).
    targets = page.locator("#targets-panel")
    targets.get_by_text("Add a finished-good target").click()
    targets.get_by_role("combobox", name="Finished good").select_option(label="Oat cookie tin")
    targets.get_by_role("spinbutton", name="How many").fill("3")
    targets.get_by_role("button", name="Add target").click()
    expect(page.locator("#targets-panel table.targets")).to_contain_text("Oat cookie tin")
    snap(page, screenshots, "event-targets", size)
    main_pages["event-targets"] = f"{event_url}/targets"

    # Assignments: Aunt May gets a box.
    event_tab(page, "Assignments", "#assignments-panel")
    panel = page.locator("#assignments-panel")
    panel.get_by_text("Assign a package").click()
    panel.get_by_role("combobox", name="Recipient").select_option(label="Aunt May (The Parkers)")
    panel.get_by_role("combobox", name="Package").select_option(label="Holiday box")
    panel.get_by_role("spinbutton", name="How many").fill("1")
    panel.get_by_role("button", name="Assign", exact=True).click()
    row = page.locator("tr[id^=assignment-]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Aunt May")
    expect(row.locator(".status-badge")).to_have_text("pending")
    snap(page, screenshots, "event-assignments", size)
    main_pages["event-assignments"] = f"{event_url}/assignments"

    # --- The plan and its shopping list: 540 g of oats needed, 1 lb (454 g) on hand.
    event_tab(page, "Plan", "#plan-panel")
    # The "event added" message was for the page it came with, not for every tab after it.
    expect(page.locator("#messages .notice.success")).to_have_count(0)
    expect(page.locator("#batch-oat-cookies")).to_contain_text("Oat cookies")
    expect(page.locator("#batch-oat-cookies .proposed")).to_have_text("2")
    shopping = page.locator("#shopping")
    expect(shopping).to_contain_text("Rolled oats")
    expect(shopping).to_contain_text("Millstone")
    expect(page.locator("#shopping-total")).to_have_text("$4.50")  # the price remembered
    snap(page, screenshots, "plan", size)
    main_pages["plan"] = f"{event_url}/plan"
    page.goto(f"{event_url}/sheets/shopping")
    expect(page.locator("body")).to_contain_text("Rolled oats")
    snap(page, screenshots, "shopping-sheet", size)
    main_pages["shopping-sheet"] = f"{event_url}/sheets/shopping"

    # --- Lock, then start production.
    page.goto(f"{event_url}/plan")
    page.locator("#plan-lock").click()
    expect(page.locator(SUCCESS)).to_contain_text(f"{EVENT} is now")
    expect(page.locator("#plan-start")).to_be_visible()
    page.locator("#plan-start").click()
    expect(page.locator(SUCCESS)).to_contain_text(f"{EVENT} is now")
    expect(page.locator("#plan-complete")).to_be_visible()

    # --- Production for the event, with a loss, moves the progress bar.
    page.goto(f"{event_url}/targets")
    batch_row = page.locator("#targets-panel tr", has_text="Oat cookies")
    expect(batch_row.locator(".progress-label")).to_have_text("0%")
    before = overall_progress(page)
    page.locator("#event-record-production").click()
    expect(page.locator("#event")).to_have_value(event_url.rsplit("/", 1)[1])
    page.get_by_text("Oat cookies", exact=True).click()
    expect(page.locator("#batches")).to_have_value("1")
    page.locator("#actual_yield").fill("22")
    page.locator("#production-form select[name=loss_category]").select_option("burnt")
    snap(page, screenshots, "production", size)
    main_pages["production"] = "/production"
    page.get_by_role("button", name="Record production").click()
    expect(page.locator(SUCCESS)).to_contain_text("22 of 24 × Oat cookie (2 lost: burnt)")
    expect(page.locator("#production-panel")).to_contain_text("2 lost (burnt)")

    page.goto(f"{event_url}/targets")
    expect(batch_row.locator(".progress-label")).to_have_text("50%")
    after_production = overall_progress(page)
    assert after_production != before, f"overall progress stayed at {before}"

    # --- An assembly: one tin, from the event page.
    page.locator(".event-actions").get_by_role("button", name="Record assembly").click()
    expect(page.locator("#event")).to_have_value(event_url.rsplit("/", 1)[1])
    page.get_by_text("Oat cookie tin", exact=True).click()
    page.locator("#quantity").fill("1")
    snap(page, screenshots, "assembly", size)
    main_pages["assembly"] = "/production/assembly"
    page.get_by_role("button", name="Record assembly").click()
    expect(page.locator(SUCCESS)).to_contain_text("Assembled 1 × Oat cookie tin")

    page.goto(f"{event_url}/targets")
    tin_row = page.locator("#targets-panel tr", has_text="Oat cookie tin")
    expect(tin_row.locator(".progress-label")).to_have_text("33.3%")
    after_assembly = overall_progress(page)
    assert after_assembly != after_production, f"overall stayed at {after_production}"
    snap(page, screenshots, "event-progress", size)

    # --- Fulfillment: pending → ready → delivered, one click each.
    event_tab(page, "Assignments", "#assignments-panel")
    expect(row.locator(".status-badge")).to_have_text("pending")
    row.get_by_role("button", name="Mark ready").click()
    expect(row.locator(".status-badge")).to_have_text("ready")
    row.get_by_role("button", name="Mark delivered").click()
    expect(row.locator(".status-badge")).to_have_text("delivered")
    expect(row.locator("button.advance")).to_have_count(0)
    snap(page, screenshots, "event-delivered", size)

    # --- An amendment (a reason is required) and the comparison showing it.
    event_tab(page, "Amendments", "#amendments-panel")
    form = page.locator("#amend-modify_batch")
    form.get_by_role("combobox", name="Recipe").select_option(label="Oat cookies (now 2)")
    form.get_by_role("spinbutton", name="New batch count").fill("3")
    form.get_by_role("textbox", name="Reason").fill("Extra tins for the office")
    form.get_by_role("button", name="Change a recipe's batches").click()
    expect(page.locator(SUCCESS)).to_be_visible()
    changed = page.locator("tr.diff-modified")
    expect(changed).to_contain_text("Oat cookies")
    expect(changed.locator(".diff-badge")).to_have_text("modified")
    expect(changed.locator("td.num").nth(0)).to_have_text("2")
    expect(changed.locator("td.num").nth(1)).to_have_text("3")
    expect(page.locator(".amend-history")).to_contain_text("Extra tins for the office")
    snap(page, screenshots, "amendments", size)
    main_pages["amendments"] = f"{event_url}/amendments"

    # --- The dashboard now shows the event under way.
    page.goto("/")
    expect(page.locator("#next-up")).to_contain_text(EVENT)
    snap(page, screenshots, "dashboard", size)
    main_pages["dashboard"] = "/"
    page.context.close()

    # --- Every main page again at phone width, on the same data.
    phone = new_page(browser, base_url, PHONE)
    for label, path in main_pages.items():
        response = phone.goto(path)
        assert response is not None and response.status == 200, path
        expect(phone.locator("body")).to_be_visible()
        snap(phone, screenshots, label, "phone")
    phone.context.close()
