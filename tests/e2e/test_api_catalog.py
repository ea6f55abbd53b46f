"""JSON API for the catalog: every endpoint's success and error codes, on both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.apps import web_app

API = "/api/v1"


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app(), base_url="http://testserver") as client:
        yield client


@pytest.fixture
def flour(api: TestClient) -> dict[str, object]:
    api.post(f"{API}/ingredients", json={"name": "Flour"})
    response = api.post(f"{API}/ingredients", json={"name": "Bread flour", "parent": "flour",
                                                    "density": "1 cup = 120 g"})
    assert response.status_code == 201
    product = api.post(f"{API}/products", json={
        "ingredient": "bread-flour", "brand": "King Arthur", "package_quantity": 5,
        "package_unit": "lb", "gtin": "071012010509", "slug": "ka-5lb"})
    assert product.status_code == 201
    body: dict[str, object] = product.json()
    return body


def test_creating_an_ingredient_answers_201_with_exact_decimals(api: TestClient) -> None:
    response = api.post(f"{API}/ingredients", json={"name": "Butter", "density_g_per_ml": 0.911})
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "butter" and body["density_g_per_ml"] == "0.911"
    assert body["is_leaf"] is True


def test_listing_getting_and_searching_ingredients(api: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    assert [i["slug"] for i in api.get(f"{API}/ingredients").json()] == ["bread-flour", "flour"]
    assert [i["slug"] for i in api.get(f"{API}/ingredients?leaves_only=true").json()] == [
        "bread-flour"]
    assert api.get(f"{API}/ingredients?search=bread").json()[0]["parent_slug"] == "flour"
    assert api.get(f"{API}/ingredients/flour").json()["is_leaf"] is False
    assert api.get(f"{API}/ingredients/nope").status_code == 404


def test_updating_an_ingredient_changes_only_what_is_sent(api: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    response = api.patch(f"{API}/ingredients/bread-flour", json={"name": "Strong flour"})
    assert response.status_code == 200
    assert response.json()["name"] == "Strong flour"
    assert response.json()["density_g_per_ml"] is not None
    cleared = api.patch(f"{API}/ingredients/bread-flour", json={"clear_density": True})
    assert cleared.json()["density_g_per_ml"] is None
    assert api.patch(f"{API}/ingredients/nope", json={"name": "x"}).status_code == 404


def test_an_ingredient_cannot_become_its_own_ancestor(api: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    response = api.patch(f"{API}/ingredients/flour", json={"parent": "bread-flour"})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid"
    assert response.json()["field"] == "parent"


def test_a_blank_name_is_422_naming_the_field(api: TestClient) -> None:
    response = api.post(f"{API}/ingredients", json={"name": "  "})
    assert response.status_code == 422
    assert response.json()["field"] == "name"


def test_a_missing_field_is_422_naming_it(api: TestClient) -> None:
    response = api.post(f"{API}/products", json={"ingredient": "x", "package_unit": "lb"})
    assert response.status_code == 422
    assert response.json()["field"] == "package_quantity"


def test_a_duplicate_slug_is_409(api: TestClient) -> None:
    assert api.post(f"{API}/ingredients", json={"name": "Salt", "slug": "salt"}).status_code == 201
    response = api.post(f"{API}/ingredients", json={"name": "Sea salt", "slug": "salt"})
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"


def test_products_list_search_get_and_errors(api: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    assert flour["package_quantity"] == "5" and flour["preferred"] is True
    assert api.get(f"{API}/products?search=1201").json()[0]["slug"] == "ka-5lb"
    assert api.get(f"{API}/products?ingredient=bread-flour").json()[0]["gtin"] == "071012010509"
    assert api.get(f"{API}/products/ka-5lb").json()["brand"] == "King Arthur"
    assert api.get(f"{API}/products/{flour['id']}").status_code == 200
    assert api.get(f"{API}/products/nope").status_code == 404
    assert api.get(f"{API}/products?ingredient=nope").status_code == 404
    duplicate = api.post(f"{API}/products", json={"ingredient": "bread-flour", "brand": "B",
                                                   "package_quantity": 1, "package_unit": "kg",
                                                   "gtin": "071012010509"})
    assert duplicate.status_code == 409
    on_category = api.post(f"{API}/products", json={"ingredient": "flour", "brand": "B",
                                                     "package_quantity": 1, "package_unit": "kg"})
    assert on_category.status_code == 422 and on_category.json()["field"] == "ingredient"
    bad_unit = api.post(f"{API}/products", json={"ingredient": "bread-flour", "brand": "B",
                                                  "package_quantity": 1, "package_unit": "parsec"})
    assert bad_unit.status_code == 422 and bad_unit.json()["field"] == "package_unit"
    missing = api.post(f"{API}/products", json={"ingredient": "nope", "brand": "B",
                                                "package_quantity": 1, "package_unit": "kg"})
    assert missing.status_code == 404


def test_last_price_is_null_before_the_first_purchase(api: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    assert api.get(f"{API}/products/ka-5lb/last-price").json()["price_per_package"] is None
    api.post(f"{API}/purchases", json={"product": "ka-5lb", "price_per_package": "6.49"})
    assert api.get(f"{API}/products/ka-5lb/last-price").json()["price_per_package"] == "6.49"
    assert api.get(f"{API}/products/nope/last-price").status_code == 404


def test_suppliers(api: TestClient) -> None:
    created = api.post(f"{API}/suppliers", json={"name": "Costco", "location": "Main St"})
    assert created.status_code == 201 and created.json()["kind"] == "physical"
    assert [s["slug"] for s in api.get(f"{API}/suppliers").json()] == ["costco"]
    bad = api.post(f"{API}/suppliers", json={"name": "X", "kind": "imaginary"})
    assert bad.status_code == 422 and bad.json()["field"] == "kind"


def test_materials_and_material_products(api: TestClient) -> None:
    assert api.post(f"{API}/materials", json={"name": "Gift box"}).status_code == 201
    assert api.get(f"{API}/materials").json()[0]["base_unit"] == "each"
    made = api.post(f"{API}/materials/gift-box/products",
                    json={"name": "Box 50-pack", "package_quantity": 50})
    assert made.status_code == 201 and made.json()["material_slug"] == "gift-box"
    assert api.get(f"{API}/materials/gift-box/products").json()[0]["name"] == "Box 50-pack"
    assert api.get(f"{API}/materials/nope/products").status_code == 404
    assert api.post(f"{API}/materials/nope/products",
                    json={"name": "X", "package_quantity": 1}).status_code == 404
    wrong = api.post(f"{API}/materials/gift-box/products",
                     json={"name": "Heavy", "package_quantity": 1, "package_unit": "kg"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "package_unit"
    bad = api.post(f"{API}/materials", json={"name": "Tape", "base_unit": "parsec"})
    assert bad.status_code == 422 and bad.json()["field"] == "base_unit"


def test_api_writes_must_be_json(api: TestClient) -> None:
    # A cross-site form can send text/plain without a preflight; the API refuses it.
    response = api.post(f"{API}/ingredients", content=b'{"name": "Salt"}',
                        headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert api.get(f"{API}/ingredients").json() == []


def test_the_openapi_document_lists_the_api_only(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    assert f"{API}/purchases" in paths and f"{API}/ingredients/{{ref}}" in paths
    assert all(p.startswith(API) for p in paths)
