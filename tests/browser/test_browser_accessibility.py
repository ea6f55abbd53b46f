"""Every main page passes axe-core (from npm, run in Chromium) with no serious or critical
violation, at desktop width and on a 390 px phone. The pages checked are listed below and
each one is named in a failure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from baketracker.services import plan_state
from tests.browser.conftest import DESKTOP, PHONE
from tests.support import event_bakery
from tests.support.event_bakery import XMAS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_db")]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def main_pages(xmas: int) -> list[str]:
    """Every page of the navigation, the record forms and the next event's tabs and sheet."""
    return [
        "/", "/catalog", "/inventory", "/inventory/purchase", "/recipes", "/recipes/new",
        "/goods", "/recipients", "/events", f"/events/{xmas}/targets",
        f"/events/{xmas}/assignments", f"/events/{xmas}/plan", f"/events/{xmas}/amendments",
        f"/events/{xmas}/sheets/bake-day", f"/events/{xmas}/sheets/shopping",
        "/production", "/production/assembly", "/data",
    ]


def violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it stands (axe is injected
    through the DevTools protocol: the page's own CSP allows only the app's scripts)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    found: list[dict[str, Any]] = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in found if v["impact"] in SERIOUS]


@pytest.mark.parametrize("name,viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_main_pages_have_no_serious_accessibility_violations(
    browser: Browser, base_url: str, name: str, viewport: dict[str, int]
) -> None:
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `make assets`", pytrace=False)
    made = event_bakery.build()
    plan_state.lock_plan(XMAS)
    context = browser.new_context(base_url=base_url, viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    checked: dict[str, list[dict[str, Any]]] = {}
    try:
        for path in main_pages(made["xmas"]):
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            checked[path] = violations(page)
    finally:
        context.close()
    print(f"axe-core checked {len(checked)} pages at {name} width: {', '.join(checked)}")
    failing = {path: found for path, found in checked.items() if found}
    assert not failing, f"serious or critical violations at {name} width: {failing}"
