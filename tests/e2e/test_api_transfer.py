"""JSON API for import and export: success and error codes, on both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from baketracker.services import catalog
from tests.support.apps import web_app
from tests.support.counts import row_counts
from tests.unit.test_transfer_v4_oddities import nuts

API = "/api/v1"
SMALL = {"format": "baketracker", "version": "1",
         "ingredients": [{"slug": "salt", "name": "Salt"}]}


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app(), base_url="http://testserver") as client:
        yield client


def test_export_returns_the_document(api: TestClient) -> None:
    catalog.create_ingredient("Flour")
    response = api.get(f"{API}/export")
    assert response.status_code == 200
    document = response.json()
    assert (document["format"], document["version"]) == ("baketracker", "1")
    assert [i["slug"] for i in document["ingredients"]] == ["flour"]


def test_import_dry_run_merge_and_replace(api: TestClient) -> None:
    catalog.create_ingredient("Flour")
    before = row_counts()
    dry = api.post(f"{API}/import?dry_run=true", json=SMALL)
    assert dry.status_code == 200
    assert dry.json()["dry_run"] is True
    assert dry.json()["counts"] == {"ingredients": {"created": 1, "skipped": 0}}
    assert row_counts() == before

    merged = api.post(f"{API}/import", json=SMALL)
    assert merged.status_code == 200 and merged.json()["mode"] == "merge"
    assert {i["slug"] for i in catalog.list_ingredients()} == {"flour", "salt"}

    again = api.post(f"{API}/import", json=SMALL).json()
    assert again["counts"]["ingredients"] == {"created": 0, "skipped": 1}
    assert again["skipped"] == {"ingredients": ["salt"]}

    replaced = api.post(f"{API}/import?mode=replace", json=SMALL)
    assert replaced.status_code == 200
    assert [i["slug"] for i in catalog.list_ingredients()] == ["salt"]


def test_a_bad_document_is_422_with_every_error_and_writes_nothing(api: TestClient) -> None:
    before = row_counts()
    bad = {"format": "baketracker", "version": "1",
           "recipes": [{"slug": "x", "name": "X",
                        "ingredients": [{"ingredient": "nope", "quantity": "-1",
                                         "unit": "smidge"}]}]}
    response = api.post(f"{API}/import", json=bad)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid" and body["field"] == "document"
    assert sorted(body["errors"]) == [
        "recipes[0].ingredients[0].ingredient: unknown ingredient 'nope'",
        "recipes[0].ingredients[0].quantity: must be greater than 0, not -1",
        "recipes[0].ingredients[0].unit: unknown unit 'smidge'",
    ]
    headless = api.post(f"{API}/import", json={"recipes": []})
    assert headless.status_code == 422 and "header" in headless.json()["errors"][0]
    assert row_counts() == before


def test_bad_parameters_and_bodies_are_refused(api: TestClient) -> None:
    before = row_counts()
    assert api.post(f"{API}/import?mode=wipe", json=SMALL).status_code == 422
    not_json = api.post(f"{API}/import", content=b'{"format": ',
                        headers={"content-type": "application/json"})
    assert not_json.status_code == 422
    form = api.post(f"{API}/import", data={"format": "baketracker"})
    assert form.status_code == 415
    assert row_counts() == before


def test_an_old_app_file_reports_its_mappings_and_strict_refuses_them(api: TestClient) -> None:
    before = row_counts()
    strict = api.post(f"{API}/import?strict=true", json=nuts())
    assert strict.status_code == 422
    assert (
        "inventory_items[0].ingredient_slug: ingredient 'pecans' is a category with "
        "sub-ingredients; use one of them" in strict.json()["errors"]
    )
    assert row_counts() == before

    report = api.post(f"{API}/import", json=nuts()).json()

    assert {kind: e["count"] for kind, e in report["mapped"].items()} == {
        "leaf_ingredients": 1, "products": 1, "recipe_lines": 1, "inventory_items": 1,
        "products_from_inventory": 1}  # fmt: skip
    assert report["mapped"]["inventory_items"]["records"] == [
        "inventory_items[0] (Costco): pecans → pecans_unspecified"]  # fmt: skip
