"""JSON API for finished goods and packages: every endpoint's success and error codes, on
both databases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from baketracker.services import catalog, inventory, recipes
from tests.support.apps import web_app

API = "/api/v1"
JSON = {"content-type": "application/json"}


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app(), base_url="http://testserver") as client:
        yield client


def delete(api: TestClient, path: str) -> Response:
    return api.request("DELETE", f"{API}{path}", headers=JSON)


@pytest.fixture
def bakery() -> None:
    """Cookies (24 from a $2.40 batch), brownies (16 from a $1.60 batch), tins and ribbon."""
    catalog.create_ingredient("Butter")
    product = catalog.create_product("butter", brand="Store", package_quantity=1,
                                     package_unit="kg")
    inventory.record_purchase(product["slug"], packages=1, price_per_package="10.00")
    recipes.create_recipe("Sugar cookies", ingredients=[("butter", 240, "g")],
                          finished_units=[{"name": "Cookie", "items_per_batch": 24}])
    recipes.create_recipe("Brownies", ingredients=[("butter", 160, "g")],
                          finished_units=[{"name": "Brownie", "items_per_batch": 16}])
    catalog.create_material("Tin")
    catalog.create_material("Ribbon", base_unit="cm")
    tin = catalog.create_material_product("tin", name="Tin 10-pack", package_quantity=10)
    inventory.record_purchase(tin["slug"], packages=1, price_per_package="5.00")


@pytest.fixture
def gift_tin(api: TestClient, bakery: None) -> dict[str, Any]:
    pair = api.post(f"{API}/finished-goods", json={"name": "Cookie pair", "components": [
        {"finished_unit": "cookie", "quantity": 2}]})
    assert pair.status_code == 201
    response = api.post(f"{API}/finished-goods", json={"name": "Gift tin", "components": [
        {"finished_unit": "cookie", "quantity": 6}, {"finished_good": "cookie-pair", "quantity": 2},
        {"finished_unit": "brownie", "quantity": 4}, {"material": "tin", "quantity": 1}]})
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def test_creating_a_bundle_answers_201_with_its_lines(gift_tin: dict[str, Any]) -> None:
    assert (gift_tin["slug"], gift_tin["kind"], gift_tin["on_hand"]) == ("gift-tin", "BUNDLE", 0)
    assert [(c["type"], c["slug"], c["quantity"], c["unit"]) for c in gift_tin["components"]] == [
        ("finished_unit", "cookie", "6", "each"), ("finished_good", "cookie-pair", "2", "each"),
        ("finished_unit", "brownie", "4", "each"), ("material", "tin", "1", "each")]


def test_listing_and_getting_goods_with_what_they_explode_to(
    api: TestClient, gift_tin: dict[str, Any]
) -> None:
    every = [g["slug"] for g in api.get(f"{API}/finished-goods").json()]
    assert every == ["brownie", "cookie", "cookie-pair", "gift-tin"]
    bundles = api.get(f"{API}/finished-goods?kind=bundle&search=gift").json()
    assert [g["slug"] for g in bundles] == ["gift-tin"]
    bad_kind = api.get(f"{API}/finished-goods?kind=box")
    assert bad_kind.status_code == 422 and bad_kind.json()["field"] == "kind"
    detail = api.get(f"{API}/finished-goods/gift-tin").json()
    assert {u["slug"]: u["quantity"] for u in detail["finished_units"]} == {
        "cookie": "10", "brownie": "4"}
    assert [(m["slug"], m["quantity"]) for m in detail["materials"]] == [("tin", "1")]
    assert api.get(f"{API}/finished-goods/cookie").json()["kind"] == "BARE"
    assert api.get(f"{API}/finished-goods/nope").status_code == 404


@pytest.mark.parametrize("components,status,field", [
    ([{"finished_unit": "cookie", "material": "tin", "quantity": 1}], 422, "components"),
    ([{"quantity": 1}], 422, "components"),
    ([{"finished_unit": "cookie", "quantity": "1.5"}], 422, "quantity"),
    ([{"material": "ribbon", "quantity": 0}], 422, "quantity"),
    ([{"finished_unit": "nope", "quantity": 1}], 404, None),
])
def test_a_refused_bundle_names_the_field(
    api: TestClient, bakery: None, components: list[dict[str, Any]], status: int,
    field: str | None
) -> None:
    response = api.post(f"{API}/finished-goods", json={"name": "Box", "components": components})
    assert response.status_code == status
    if field:
        assert response.json()["field"] == field
    assert api.get(f"{API}/finished-goods?kind=BUNDLE").json() == []


def test_blank_names_and_taken_slugs(api: TestClient, gift_tin: dict[str, Any]) -> None:
    blank = api.post(f"{API}/finished-goods", json={"name": ""})
    assert blank.status_code == 422 and blank.json()["field"] == "name"
    missing = api.post(f"{API}/finished-goods", json={})
    assert missing.status_code == 422 and missing.json()["field"] == "name"
    taken = api.post(f"{API}/finished-goods", json={"name": "Other", "slug": "gift-tin"})
    assert taken.status_code == 409


def test_lines_are_added_summed_and_removed(api: TestClient, gift_tin: dict[str, Any]) -> None:
    more = api.post(f"{API}/finished-goods/gift-tin/components",
                    json={"material": "ribbon", "quantity": "30.5"})
    assert more.status_code == 201 and more.json()["components"][-1]["unit"] == "cm"
    summed = api.post(f"{API}/finished-goods/gift-tin/components",
                      json={"finished_unit": "cookie", "quantity": 2})
    assert summed.json()["components"][0]["quantity"] == "8"
    cycle = api.post(f"{API}/finished-goods/cookie-pair/components",
                     json={"finished_good": "gift-tin", "quantity": 1})
    assert cycle.status_code == 422 and cycle.json()["field"] == "components"
    assert "Cookie pair → Gift tin → Cookie pair" in cycle.json()["message"]
    bare = api.post(f"{API}/finished-goods/cookie/components",
                    json={"material": "tin", "quantity": 1})
    assert bare.status_code == 422
    assert api.post(f"{API}/finished-goods/nope/components",
                    json={"material": "tin"}).status_code == 404
    removed = delete(api, "/finished-goods/gift-tin/components/material/ribbon")
    assert removed.status_code == 200
    assert "ribbon" not in [c["slug"] for c in removed.json()["components"]]
    assert delete(api, "/finished-goods/gift-tin/components/material/ribbon").status_code == 404
    wrong_type = delete(api, "/finished-goods/gift-tin/components/box/ribbon")
    assert wrong_type.status_code == 422 and wrong_type.json()["field"] == "part_type"


def test_exploding_and_costing_several_goods(api: TestClient, gift_tin: dict[str, Any]) -> None:
    exploded = api.get(f"{API}/finished-goods/gift-tin/exploded?quantity=3").json()
    assert {u["slug"]: u["quantity"] for u in exploded["finished_units"]} == {
        "cookie": "30", "brownie": "12"}
    zero = api.get(f"{API}/finished-goods/gift-tin/exploded?quantity=0")
    assert zero.status_code == 422 and zero.json()["field"] == "quantity"
    assert api.get(f"{API}/finished-goods/nope/exploded").status_code == 404
    cost = api.get(f"{API}/finished-goods/gift-tin/cost").json()
    # 10/24 of $2.40 + 4/16 of $1.60 + one $0.50 tin.
    assert cost["per_good_cost"] == "1.9" and cost["complete"] is True
    assert {u["slug"]: u["batches"] for u in cost["finished_units"]}["brownie"] == "0.25"
    assert api.get(f"{API}/finished-goods/gift-tin/cost?quantity=x").status_code == 422
    assert api.get(f"{API}/finished-goods/nope/cost").status_code == 404


def test_packages_are_created_listed_read_and_edited(
    api: TestClient, gift_tin: dict[str, Any]
) -> None:
    created = api.post(f"{API}/packages", json={"name": "Neighbour box", "notes": "Bow",
                                                "contents": [{"finished_good": "gift-tin"},
                                                             {"finished_good": "brownie",
                                                              "quantity": 2}]})
    assert created.status_code == 201
    box = created.json()
    assert [(c["finished_good_slug"], c["quantity"]) for c in box["contents"]] == [
        ("gift-tin", 1), ("brownie", 2)]
    assert {u["slug"]: u["quantity"] for u in box["finished_units"]} == {
        "cookie": "10", "brownie": "6"}
    assert [p["name"] for p in api.get(f"{API}/packages").json()] == ["Neighbour box"]
    assert api.get(f"{API}/packages/{box['id']}").json()["notes"] == "Bow"
    assert api.get(f"{API}/packages/neighbour box").json()["id"] == box["id"]
    added = api.post(f"{API}/packages/{box['id']}/contents",
                     json={"finished_good": "brownie", "quantity": 1})
    assert added.status_code == 201 and added.json()["contents"][1]["quantity"] == 3
    removed = delete(api, f"/packages/{box['id']}/contents/gift-tin")
    assert removed.status_code == 200 and len(removed.json()["contents"]) == 1
    assert delete(api, f"/packages/{box['id']}/contents/gift-tin").status_code == 404


@pytest.mark.parametrize("body,status,field", [
    ({"name": "Box", "contents": [{"finished_good": "gift-tin", "quantity": 0}]}, 422,
     "quantity"),
    ({"name": "Box", "contents": [{"finished_good": "gift-tin", "quantity": "1.5"}]}, 422,
     "quantity"),
    ({"name": " "}, 422, "name"),
    ({"name": "Box", "contents": [{"finished_good": "nope"}]}, 404, None),
    ({"name": "Box", "contents": [{"quantity": 1}]}, 422, "contents.0.finished_good"),
])
def test_a_refused_package_names_the_field(
    api: TestClient, gift_tin: dict[str, Any], body: dict[str, Any], status: int,
    field: str | None
) -> None:
    response = api.post(f"{API}/packages", json=body)
    assert response.status_code == status
    if field:
        assert response.json()["field"] == field
    assert api.get(f"{API}/packages").json() == []


def test_package_conflicts_and_unknown_packages(api: TestClient, gift_tin: dict[str, Any]) -> None:
    api.post(f"{API}/packages", json={"name": "Box"})
    assert api.post(f"{API}/packages", json={"name": "box"}).status_code == 409
    assert api.get(f"{API}/packages/nope").status_code == 404
    assert api.post(f"{API}/packages/nope/contents",
                    json={"finished_good": "cookie"}).status_code == 404
    zero = api.post(f"{API}/packages/box/contents", json={"finished_good": "cookie",
                                                         "quantity": -1})
    assert zero.status_code == 422 and zero.json()["field"] == "quantity"
