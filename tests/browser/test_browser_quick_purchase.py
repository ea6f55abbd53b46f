"""The quick purchase line in a real Chromium: one field and one Enter; Scan on a phone."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from baketracker.services import inventory
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_browser_purchase import baker_effort, open_purchase_form, seed

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_db")]


def test_a_purchase_by_quick_line_takes_one_field_and_one_enter(
    browser: Browser, base_url: str, screenshots: Path
) -> None:
    seed()
    page = open_purchase_form(browser, base_url, DESKTOP)
    page.locator("#quick-line").fill("2 x king arthur bread flour @ 6.25")
    page.locator("#quick-line").press("Enter")
    expect(page.locator(".notice.success")).to_contain_text("Recorded 2 × King Arthur")
    assert baker_effort(page) == {"fields": ["line"], "clicks": 0, "enters": 1}
    assert inventory.last_purchase_price("ka-bread-5lb") == Decimal("6.25")
    expect(page.locator("#scan-button")).to_be_hidden()  # a desktop has no camera to aim
    page.screenshot(path=str(screenshots / "quick-purchase-desktop.png"), full_page=True)


def test_on_a_phone_the_quick_line_has_a_scan_button_and_typing_still_works(
    browser: Browser, base_url: str, screenshots: Path
) -> None:
    seed()
    page = open_purchase_form(browser, base_url, PHONE)
    expect(page.locator("#scan-button")).to_be_visible()
    page.locator("#quick-line").fill("flour $5")
    page.locator("#quick-line").press("Enter")
    expect(page.locator("#quick-error")).to_contain_text("2 products match 'flour'")
    expect(page.locator("#quick-line")).to_have_value("flour $5")
    assert bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
    page.screenshot(path=str(screenshots / "quick-purchase-phone.png"), full_page=True)


def test_scan_loads_the_detector_and_its_reader_from_this_server_only(
    browser: Browser, base_url: str
) -> None:
    seed()
    page = open_purchase_form(browser, base_url, PHONE)
    requested: list[str] = []
    refusals: list[str] = []
    page.on("console", lambda m: refusals.append(m.text) if m.type == "error" else None)
    page.on("request", lambda request: requested.append(request.url))
    page.locator("#scan-button").click()
    # No camera in the test machine: the baker is told to type the number instead.
    expect(page.locator("#quick-help")).to_contain_text("type the barcode number")
    found = page.evaluate("""async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 64; canvas.height = 64;
        const Detector = window.BarcodeDetectionAPI.BarcodeDetector;
        return (await new Detector({formats: ['ean_13']}).detect(canvas)).length;
    }""")
    assert found == 0, refusals
    assert not [text for text in refusals if "WebAssembly" in text], refusals
    assert any(url.endswith("/static/vendor/barcode-detector/zxing_reader.wasm")
               for url in requested)
    assert all(url.startswith(base_url) for url in requested), requested
