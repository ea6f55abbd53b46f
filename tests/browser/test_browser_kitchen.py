"""The kitchen phone in Chromium: installable (manifest + active service worker), the baker's
pages readable with the network cut, and writes recorded offline sent once on reconnect."""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from baketracker.services import assembly, events, inventory, plan_state, production
from tests.browser.conftest import PHONE
from tests.browser.test_browser_accessibility import violations
from tests.support import event_bakery
from tests.support.event_bakery import XMAS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_db")]


def expected(text: str, url: str) -> bool:
    """Console errors the tests cause on purpose: what they ask of the network cut (the API;
    the browser's favicon loads, which bypass service workers) and the refusals of replayed
    records (4xx); the purchase form's product lookup while offline (and htmx's log of it)."""
    return url.endswith(("/api/v1/events", "/favicon.ico", "/favicon.svg")) or (
        "/inventory/purchase/pick" in url) or text.startswith(
        ("htmx:sendError", "htmx:afterRequest")) or (
        "server responded with a status of 4" in text)


@pytest.fixture
def kitchen(browser: Browser, base_url: str) -> Iterator[tuple[BrowserContext, Page]]:
    """A phone-sized context whose service worker has saved the baker's pages."""
    context = browser.new_context(base_url=base_url, viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(f"{msg.text} {msg.location['url']}")
            if msg.type == "error" and not expected(msg.text, msg.location["url"]) else None)
    yield context, page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def bakery() -> dict[str, Any]:
    made = event_bakery.build()
    plan_state.lock_plan(XMAS)
    return made


def wait_until(page: Page, expression: str, seconds: float = 15) -> Any:
    """Poll `expression` (page.evaluate runs outside the page's CSP, wait_for_function not)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {expression}")


def ready_offline(page: Page) -> None:
    """Open the dashboard and wait until the worker controls it and has saved the pages."""
    page.goto("/")  # the dashboard asks the worker to save the pages ahead
    wait_until(page, "document.documentElement.dataset.offlineSaved")
    wait_until(page, "navigator.serviceWorker.controller !== null")


def test_the_app_is_installable_and_the_bakers_pages_open_offline(
    kitchen: tuple[BrowserContext, Page], bakery: dict[str, Any]
) -> None:
    context, page = kitchen
    ready_offline(page)
    manifest = page.evaluate("""async () => {
        const link = document.querySelector('link[rel=manifest]');
        const response = await fetch(link.href);
        return {type: response.headers.get('content-type'), body: await response.json()};
    }""")
    body = manifest["body"]
    assert (body["name"], body["start_url"], body["display"]) == (
        "Bake Tracker", "/", "standalone")
    assert body["theme_color"].startswith("#")
    assert {i["sizes"] for i in body["icons"]} >= {"192x192", "512x512"}
    for icon in body["icons"]:
        size = page.evaluate("""async (src) => {
            const image = new Image(); image.src = src; await image.decode();
            return [image.naturalWidth, image.naturalHeight];
        }""", icon["src"])
        assert f"{size[0]}x{size[1]}" == icon["sizes"]
    state = page.evaluate("""async () => {
        const registration = await navigator.serviceWorker.getRegistration('/');
        return [registration.active.state, registration.scope];
    }""")
    assert state == ["activated", page.url.split("/", 3)[0] + "//" + page.url.split("/")[2] + "/"]

    xmas = bakery["xmas"]
    context.set_offline(True)
    try:
        page.goto(f"/events/{xmas}/plan")
        expect(page.get_by_role("heading", name="Christmas").first).to_be_visible()
        expect(page.locator(".offline-note")).to_contain_text(
            "Offline, showing what was saved at ")
        assert violations(page) == [], "the offline note passes axe-core"
        page.goto(f"/events/{xmas}/sheets/bake-day")
        expect(page.locator("h1")).to_contain_text("Bake-day")
        expect(page.locator(".offline-note")).to_be_visible()
        page.goto(f"/events/{xmas}/targets")
        expect(page.locator(".offline-note")).to_be_visible()
        # The API is never served from the cache.
        api = page.evaluate("""() => fetch('/api/v1/events').then(
            () => 'answered', () => 'unreachable')""")
        assert api == "unreachable"
    finally:
        context.set_offline(False)
    cached = page.evaluate("""async () => {
        const keys = await (await caches.open('bt-pages')).keys();
        return keys.map(r => new URL(r.url).pathname);
    }""")
    assert not [path for path in cached if path.startswith("/api/")]
    assert f"/events/{xmas}/plan" in cached
    # The login page (where the next person starts) drops every saved page.
    page.goto("/login")
    wait_until(page, """async () => (await (await caches.open('bt-pages')).keys()).length === 0""")
    assert events.get_event(XMAS)["plan_state"] == "LOCKED"


def queue_text(page: Page) -> str:
    return page.locator("#offline-queue").inner_text()


def test_production_recorded_offline_is_sent_once_and_a_refusal_stays_with_its_message(
    kitchen: tuple[BrowserContext, Page], bakery: dict[str, Any]
) -> None:
    context, page = kitchen
    ready_offline(page)
    page.goto(f"/production?event={bakery['xmas']}")
    context.set_offline(True)
    page.get_by_text("Sugar cookies", exact=True).click()
    page.get_by_role("button", name="Record production").click()
    expect(page.locator("#offline-queue")).to_contain_text("1 record waiting to be sent")
    # The stock covers 2 batches of brownies, not 3: the server will refuse this one.
    page.get_by_text("Brownies", exact=True).click()
    page.locator("#batches").fill("3")
    page.get_by_role("button", name="Record production").click()
    expect(page.locator("#offline-queue")).to_contain_text("2 records waiting to be sent")
    assert production.list_production_runs() == []

    context.set_offline(False)
    expect(page.locator("#offline-queue")).to_contain_text("1 record refused: edit or discard")
    expect(page.locator(".queue-message")).to_contain_text("Not enough stock")
    assert violations(page) == [], "the queue with its Edit / Discard buttons passes axe-core"
    runs = production.list_production_runs()
    assert [(r["recipe_slug"], r["batches"]) for r in runs] == [("sugar-cookies", 1)]

    # Sent again (a reload, a second reconnect): still one run.
    page.reload()
    expect(page.locator(".queue-message")).to_contain_text("Not enough stock")
    page.evaluate("window.bakeTracker.flushQueue()")
    assert len(production.list_production_runs()) == 1

    # Edited into nonsense: refused with the server's words, nothing written.
    page.get_by_role("button", name="Edit Production run").click()
    page.locator(".queue-edit input[name=batches]").fill("-2")
    page.get_by_role("button", name="Save and send").click()
    expect(page.locator(".queue-message")).to_contain_text("batches")
    assert len(production.list_production_runs()) == 1
    # Edited into sense: sent, and the queue is empty.
    page.get_by_role("button", name="Edit Production run").click()
    page.locator(".queue-edit input[name=batches]").fill("1")
    page.get_by_role("button", name="Save and send").click()
    expect(page.locator("#offline-queue")).to_have_count(0)
    runs = production.list_production_runs()
    assert sorted(r["recipe_slug"] for r in runs) == ["brownies", "sugar-cookies"]


def test_a_refused_record_can_be_discarded(
    kitchen: tuple[BrowserContext, Page], bakery: dict[str, Any]
) -> None:
    context, page = kitchen
    page.goto("/production/assembly")
    context.set_offline(True)
    page.get_by_role("button", name="Record assembly").click()  # nothing chosen
    expect(page.locator("#offline-queue")).to_contain_text("1 record waiting to be sent")
    context.set_offline(False)
    expect(page.locator(".queue-message")).to_contain_text("Choose what you assembled")
    page.get_by_role("button", name="Discard Assembly run").click()
    expect(page.locator("#offline-queue")).to_have_count(0)
    assert assembly.list_assembly_runs() == []


def test_a_fulfillment_step_taken_offline_is_sent_on_reconnect(
    kitchen: tuple[BrowserContext, Page], bakery: dict[str, Any]
) -> None:
    context, page = kitchen
    page.goto(f"/events/{bakery['xmas']}/assignments")
    context.set_offline(True)
    page.locator("tr", has_text="Aunt May").get_by_role("button", name="Mark ready").click()
    expect(page.locator("#offline-queue")).to_contain_text("1 record waiting to be sent")
    expect(page.locator("#offline-queue")).to_contain_text("Mark ready")
    assert events.get_packages_by_status(XMAS, "ready") == []
    context.set_offline(False)
    expect(page.locator("#offline-queue")).to_have_count(0)
    ready = events.get_packages_by_status(XMAS, "ready")
    assert [r["recipient_name"] for r in ready] == ["Aunt May"]


def test_a_purchase_recorded_offline_is_sent_once(
    kitchen: tuple[BrowserContext, Page], bakery: dict[str, Any]
) -> None:
    context, page = kitchen
    page.goto("/inventory/purchase")
    before = len(inventory.list_lots("chocolate"))
    context.set_offline(True)
    page.locator("#product").fill("choc-100g")  # the lookup cannot answer offline
    page.locator("#packages").fill("3")
    page.locator("#price").fill("2.75")
    page.get_by_role("button", name="Record purchase").click()
    expect(page.locator("#offline-queue")).to_contain_text("1 record waiting to be sent")
    context.set_offline(False)
    expect(page.locator("#offline-queue")).to_have_count(0)
    lots = inventory.list_lots("chocolate")
    assert len(lots) == before + 1 and lots[-1]["package_price"] == Decimal("2.75")
