"""Allergen pages over HTTP, on the demo season: Aunt June's nut warning shows on her
assignment, the plan and the dashboard until someone marks her box checked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from baketracker.services import allergens, events, goods
from baketracker.services.transfer import load_demo
from tests.support.apps import web_app
from tests.support.pages import post, text

WARNING = "Aunt June avoids tree nuts; Family gift contains it"


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    load_demo()
    with TestClient(web_app()) as test_client:
        yield test_client


def _event_id() -> int:
    return int(events.get_event("Christmas 2026")["id"])


def _june() -> dict[str, object]:
    return next(w for w in allergens.warnings_for_event("Christmas 2026")
                if w["recipient"] == "Aunt June")


def test_june_is_warned_everywhere_until_someone_marks_her_box_checked(
    client: TestClient,
) -> None:
    event_id = _event_id()
    pages = ["/", f"/events/{event_id}/assignments", f"/events/{event_id}/plan"]
    for path in pages:
        page = text(client.get(path).text)
        assert WARNING in page, path
        assert "Checked, OK" in page, path

    june = _june()
    done = post(client, f"/allergens/assignments/{june['assignment_id']}/checked",
                {"checked_by": "Grandma Rose", "next": f"/events/{event_id}/assignments"})
    assert done.status_code == 303
    assert done.headers["location"] == f"/events/{event_id}/assignments"
    assert _june()["checked_by"] == "Grandma Rose"

    assignments = text(client.get(f"/events/{event_id}/assignments").text)
    assert WARNING in assignments and "Checked, OK: Grandma Rose" in assignments
    assert "Aunt June" not in text(client.get("/").text).split("Allergen warnings")[1].split(
        "already checked")[0]


def test_checking_without_a_name_is_refused_and_nothing_is_recorded(
    client: TestClient,
) -> None:
    june = _june()
    refused = post(client, f"/allergens/assignments/{june['assignment_id']}/checked",
                   {"checked_by": " ", "next": "/"}, follow=True)
    assert "must name who checked it" in text(refused.text)
    assert _june()["checked_by"] is None


def test_recipe_good_and_package_pages_explain_their_allergens(client: TestClient) -> None:
    recipe = text(client.get("/recipes/pecan-shortbread").text)
    assert "Contains: gluten (wheat), milk, tree nuts (pecan)" in recipe
    assert "tree nuts (pecan): Pecan halves" in recipe
    good = text(client.get("/goods/holiday-sampler").text)
    assert "tree nuts (pecan): Cookie tin assortment → Pecan shortbread → Pecan halves" in good
    package_id = next(p["id"] for p in goods.list_packages() if p["name"] == "Chocolate lovers")
    package = text(client.get(f"/goods/packages/{package_id}").text)
    assert "May contain: tree nuts" in package
    panel = client.get(f"/allergens/packages/{package_id}")
    assert panel.status_code == 200 and 'hx-trigger="packageChanged from:body"' in panel.text
