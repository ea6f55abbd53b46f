"""JSON API for recipes and finished units: every endpoint's success and error codes, on
both databases."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from baketracker.services import catalog, inventory
from tests.support.apps import web_app

API = "/api/v1"
JSON = {"content-type": "application/json"}


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app(), base_url="http://testserver") as client:
        yield client


def delete(api: TestClient, path: str) -> Response:
    # API writes are JSON only (CSRF rule), a body-less DELETE included.
    return api.request("DELETE", f"{API}{path}", headers=JSON)


@pytest.fixture
def pantry() -> None:
    """Flour with a density at $3/kg, butter at $10/kg without one, salt never bought."""
    catalog.create_ingredient("Flour", density="1 cup = 120 g")
    catalog.create_ingredient("Butter")
    catalog.create_ingredient("Salt")
    for ingredient in ("flour", "butter"):
        product = catalog.create_product(ingredient, brand="Store", package_quantity=1,
                                         package_unit="kg")
        price = "3.00" if ingredient == "flour" else "10.00"
        inventory.record_purchase(product["slug"], packages=1, price_per_package=price)


@pytest.fixture
def shortbread(api: TestClient, pantry: None) -> dict[str, Any]:
    jam = api.post(f"{API}/recipes", json={"name": "Jam", "ingredients": [
        {"ingredient": "butter", "quantity": 10, "unit": "g"}]})
    assert jam.status_code == 201
    response = api.post(f"{API}/recipes", json={
        "name": "Shortbread", "category": "Cookies",
        "ingredients": [{"ingredient": "flour", "quantity": "2 1/2", "unit": "cups"},
                        {"ingredient": "butter", "quantity": 200, "unit": "g", "note": "cold"}],
        "components": [{"recipe": "jam", "multiplier": 2}],
        "finished_units": [{"name": "Shortbread cookie", "items_per_batch": 24}],
    })
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def test_creating_a_recipe_answers_201_with_lines_components_and_units(
    shortbread: dict[str, Any]
) -> None:
    assert shortbread["slug"] == "shortbread"
    assert [(li["ingredient_slug"], li["quantity"], li["unit"]) for li in
            shortbread["ingredients"]] == [("flour", "2.5", "cup"), ("butter", "200", "g")]
    assert shortbread["components"][0]["recipe_slug"] == "jam"
    assert shortbread["components"][0]["multiplier"] == "2"
    (unit,) = shortbread["finished_units"]
    assert (unit["slug"], unit["items_per_batch"], unit["batch_portion"]) == (
        "shortbread-cookie", "24", None)


def test_listing_and_getting_recipes(api: TestClient, shortbread: dict[str, Any]) -> None:
    listed = api.get(f"{API}/recipes").json()
    assert [r["slug"] for r in listed] == ["jam", "shortbread"]
    assert listed[1]["ingredient_count"] == 2 and listed[1]["component_count"] == 1
    assert [r["slug"] for r in api.get(f"{API}/recipes?search=short").json()] == ["shortbread"]
    assert [r["slug"] for r in api.get(f"{API}/recipes?category=cookies").json()] == [
        "shortbread"]
    by_id = api.get(f"{API}/recipes/{shortbread['id']}").json()
    assert by_id["slug"] == "shortbread" and by_id["used_in"] == []
    assert api.get(f"{API}/recipes/jam").json()["used_in"][0]["slug"] == "shortbread"
    assert api.get(f"{API}/recipes/nope").status_code == 404


@pytest.mark.parametrize("body,status,field", [
    ({"name": " "}, 422, "name"),
    ({}, 422, "name"),
    ({"name": "X", "ingredients": [{"ingredient": "flour", "quantity": 1, "unit": "parsec"}]},
     422, "unit"),
    ({"name": "X", "ingredients": [{"ingredient": "flour", "quantity": "lots", "unit": "g"}]},
     422, "quantity"),
    ({"name": "X", "ingredients": [{"ingredient": "flour", "unit": "g"}]},
     422, "ingredients.0.quantity"),
    ({"name": "X", "finished_units": [{"name": "U", "items_per_batch": 2, "batch_portion": 1}]},
     422, "items_per_batch"),
    ({"name": "X", "variant_name": "Vegan"}, 422, "base_recipe"),
    ({"name": "X", "ingredients": [{"ingredient": "sugar", "quantity": 1, "unit": "g"}]},
     404, None),
    ({"name": "X", "components": [{"recipe": "nope"}]}, 404, None),
])
def test_a_refused_recipe_names_the_field_and_writes_nothing(
    api: TestClient, pantry: None, body: dict[str, Any], status: int, field: str | None
) -> None:
    response = api.post(f"{API}/recipes", json=body)
    assert response.status_code == status, response.json()
    if field is not None:
        assert response.json()["field"] == field
    assert api.get(f"{API}/recipes").json() == []


def test_a_taken_slug_is_409(api: TestClient, shortbread: dict[str, Any]) -> None:
    response = api.post(f"{API}/recipes", json={"name": "Other", "slug": "jam"})
    assert response.status_code == 409 and response.json()["error"] == "conflict"


def test_updating_a_recipe_keeps_its_former_slug_working(
    api: TestClient, shortbread: dict[str, Any]
) -> None:
    response = api.patch(f"{API}/recipes/shortbread", json={"name": "Butter shortbread"})
    assert response.status_code == 200
    assert response.json()["slug"] == "butter-shortbread"
    assert response.json()["category"] == "Cookies"  # unchanged: not sent
    assert api.get(f"{API}/recipes/shortbread").json()["former_slugs"] == ["shortbread"]
    variant = api.patch(f"{API}/recipes/jam", json={"base_recipe": "butter-shortbread",
                                                    "variant_name": "Jammy"})
    assert variant.json()["base_recipe_slug"] == "butter-shortbread"
    itself = api.patch(f"{API}/recipes/butter-shortbread", json={"base_recipe": "jam"})
    assert itself.status_code == 422 and itself.json()["field"] == "base_recipe"
    assert api.patch(f"{API}/recipes/nope", json={"name": "x"}).status_code == 404


def test_archiving_hides_and_restores(api: TestClient, shortbread: dict[str, Any]) -> None:
    archived = api.post(f"{API}/recipes/jam/archive", json={"archived": True})
    assert archived.status_code == 200 and archived.json()["archived"] is True
    assert [r["slug"] for r in api.get(f"{API}/recipes").json()] == ["shortbread"]
    assert len(api.get(f"{API}/recipes?include_archived=true").json()) == 2
    restored = api.post(f"{API}/recipes/jam/archive", json={"archived": False})
    assert restored.json()["archived"] is False
    assert api.post(f"{API}/recipes/nope/archive", json={}).status_code == 404


def test_deleting_a_recipe_in_use_is_409_and_an_unused_one_goes(
    api: TestClient, shortbread: dict[str, Any]
) -> None:
    refused = delete(api, "/recipes/jam")
    assert refused.status_code == 409 and "sub-recipe" in refused.json()["message"]
    deleted = delete(api, "/recipes/shortbread")
    assert deleted.status_code == 200 and deleted.json() == {"deleted": "shortbread"}
    assert api.get(f"{API}/recipes/shortbread").status_code == 404
    assert delete(api, "/recipes/shortbread").status_code == 404
    # A body-less DELETE needs no JSON (it cannot be sent cross-site without a preflight);
    # one that carries a form body is still refused.
    form = api.request("DELETE", f"{API}/recipes/jam", content=b"x=1",
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415
    assert api.request("DELETE", f"{API}/recipes/jam").json() == {"deleted": "jam"}


def test_ingredient_lines_are_added_changed_and_removed(
    api: TestClient, shortbread: dict[str, Any]
) -> None:
    added = api.post(f"{API}/recipes/shortbread/ingredients",
                     json={"ingredient": "salt", "quantity": "1/2", "unit": "tsp"})
    assert added.status_code == 201
    line = added.json()
    assert (line["ingredient_slug"], line["quantity"], line["unit"]) == ("salt", "0.5", "tsp")
    changed = api.patch(f"{API}/recipes/shortbread/ingredients/{line['id']}",
                        json={"quantity": 1, "note": "flaky"})
    assert changed.status_code == 200
    assert (changed.json()["quantity"], changed.json()["note"]) == ("1", "flaky")
    bad = api.patch(f"{API}/recipes/shortbread/ingredients/{line['id']}", json={"quantity": 0})
    assert bad.status_code == 422 and bad.json()["field"] == "quantity"
    elsewhere = api.patch(f"{API}/recipes/jam/ingredients/{line['id']}", json={"quantity": 2})
    assert elsewhere.status_code == 404
    unknown = api.post(f"{API}/recipes/jam/ingredients",
                        json={"ingredient": "nope", "quantity": 1, "unit": "g"})
    assert unknown.status_code == 404
    removed = delete(api, "/recipes/shortbread/ingredients/salt")
    assert removed.status_code == 200
    assert "salt" not in [li["ingredient_slug"] for li in removed.json()["ingredients"]]
    assert delete(api, "/recipes/shortbread/ingredients/salt").status_code == 404


def test_components_are_added_changed_removed_and_cycles_refused_with_the_path(
    api: TestClient, shortbread: dict[str, Any]
) -> None:
    api.post(f"{API}/recipes", json={"name": "Glaze"})
    added = api.post(f"{API}/recipes/shortbread/components",
                     json={"recipe": "glaze", "multiplier": "0.5"})
    assert added.status_code == 201
    assert [c["recipe_slug"] for c in added.json()["components"]] == ["jam", "glaze"]
    again = api.post(f"{API}/recipes/shortbread/components", json={"recipe": "glaze"})
    assert again.status_code == 409
    cycle = api.post(f"{API}/recipes/jam/components", json={"recipe": "shortbread"})
    assert cycle.status_code == 422 and cycle.json()["field"] == "components"
    assert "Jam → Shortbread → Jam" in cycle.json()["message"]
    changed = api.patch(f"{API}/recipes/shortbread/components/glaze", json={"multiplier": 3})
    assert changed.status_code == 200 and changed.json()["components"][1]["multiplier"] == "3"
    zero = api.patch(f"{API}/recipes/shortbread/components/glaze", json={"multiplier": 0})
    assert zero.status_code == 422 and zero.json()["field"] == "multiplier"
    removed = delete(api, "/recipes/shortbread/components/glaze")
    assert removed.status_code == 200 and len(removed.json()["components"]) == 1
    assert delete(api, "/recipes/shortbread/components/glaze").status_code == 404


def test_the_flattened_view_multiplies_sub_recipes_in_base_units(
    api: TestClient, shortbread: dict[str, Any]
) -> None:
    lines = api.get(f"{API}/recipes/shortbread/flattened?batches=2").json()
    by_slug = {line["ingredient_slug"]: line for line in lines}
    flour = by_slug["flour"]
    assert (round(Decimal(flour["quantity"]), 2), flour["unit"]) == (600, "g")  # 5 cups
    assert by_slug["butter"]["quantity"] == "440"  # 2 × (200 g + 2 × 10 g of jam)
    api.post(f"{API}/recipes/shortbread/ingredients",
             json={"ingredient": "butter", "quantity": 1, "unit": "cup"})
    strict = api.get(f"{API}/recipes/shortbread/flattened")
    assert strict.status_code == 422 and "Butter" in strict.json()["message"]
    lenient = api.get(f"{API}/recipes/shortbread/flattened?lenient=true").json()
    assert [line["reconciled"] for line in lenient].count(False) == 1
    zero = api.get(f"{API}/recipes/shortbread/flattened?batches=0")
    assert zero.status_code == 422 and zero.json()["field"] == "batches"
    assert api.get(f"{API}/recipes/nope/flattened").status_code == 404


def test_the_cost_of_a_batch_is_estimated_and_explained(
    api: TestClient, shortbread: dict[str, Any]
) -> None:
    api.post(f"{API}/recipes/shortbread/ingredients",
             json={"ingredient": "salt", "quantity": 1, "unit": "g"})
    cost = api.get(f"{API}/recipes/shortbread/cost").json()
    # 300 g flour × $0.003 + 220 g butter × $0.01; salt was never bought.
    assert cost["per_batch_cost"] == "3.1" and cost["total_cost"] == "3.1"
    assert cost["complete"] is False and cost["unpriced"] == ["salt"]
    assert all(line["explanation"] for line in cost["lines"])
    doubled = api.get(f"{API}/recipes/shortbread/cost?batches=2").json()
    assert doubled["total_cost"] == "6.2" and doubled["per_batch_cost"] == "3.1"
    assert api.get(f"{API}/recipes/shortbread/cost?batches=-1").status_code == 422
    assert api.get(f"{API}/recipes/nope/cost").status_code == 404


def test_finished_units_are_added_listed_read_and_costed(
    api: TestClient, shortbread: dict[str, Any]
) -> None:
    created = api.post(f"{API}/recipes/shortbread/finished-units",
                       json={"name": "Shortbread slab", "batch_portion": "0.5"})
    assert created.status_code == 201 and created.json()["batch_portion"] == "0.5"
    assert created.json()["finished_good_slug"] == "shortbread-slab"
    both = api.post(f"{API}/recipes/shortbread/finished-units",
                    json={"name": "Odd", "items_per_batch": 2, "batch_portion": 1})
    assert both.status_code == 422 and both.json()["field"] == "items_per_batch"
    blank = api.post(f"{API}/recipes/shortbread/finished-units",
                     json={"name": "", "items_per_batch": 2})
    assert blank.status_code == 422 and blank.json()["field"] == "name"
    assert api.post(f"{API}/recipes/nope/finished-units",
                    json={"name": "X", "items_per_batch": 1}).status_code == 404
    mine = api.get(f"{API}/recipes/shortbread/finished-units").json()
    assert [u["slug"] for u in mine] == ["shortbread-cookie", "shortbread-slab"]
    assert len(api.get(f"{API}/finished-units").json()) == 2
    assert len(api.get(f"{API}/finished-units?recipe=jam").json()) == 0
    assert api.get(f"{API}/finished-units?recipe=nope").status_code == 404
    assert api.get(f"{API}/finished-units/shortbread-slab").json()["recipe_slug"] == "shortbread"
    assert api.get(f"{API}/finished-units/nope").status_code == 404
    cost = api.get(f"{API}/finished-units/shortbread-cookie/cost?quantity=12").json()
    assert cost["batches"] == "0.5" and cost["total_cost"] == "1.55"
    assert cost["per_unit_cost"] == "0.13"
    assert api.get(f"{API}/finished-units/shortbread-cookie/cost?quantity=0").status_code == 422
    assert api.get(f"{API}/finished-units/nope/cost").status_code == 404
