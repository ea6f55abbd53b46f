"""The kitchen phone in Chromium: installable (manifest + active service worker), the baker's
pages readable with the network cut, and writes recorded offline sent once on reconnect."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from baketracker.services import events, plan_state
from tests.browser.conftest import PHONE
from tests.support import event_bakery
from tests.support.event_bakery import XMAS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_db")]


@pytest.fixture
def kitchen(browser: Browser, base_url: str) -> Iterator[tuple[BrowserContext, Page]]:
    """A phone-sized context whose service worker has saved the baker's pages."""
    context = browser.new_context(base_url=base_url, viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Anything a page needs and could not load: only what the test itself asks of the
    # network cut (the API, the browser's own /favicon.ico probe) may fail.
    page.on("console", lambda msg: errors.append(f"{msg.text} {msg.location['url']}")
            if msg.type == "error" and not msg.location["url"].endswith(
                ("/api/v1/events", "/favicon.ico")) else None)
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
    page.goto("/")
    wait_until(page, "navigator.serviceWorker.controller !== null")
    page.reload()  # the dashboard asks the active worker to save the pages ahead
    wait_until(page, "document.documentElement.dataset.offlineSaved")


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
    assert events.get_event(XMAS)["plan_state"] == "LOCKED"
