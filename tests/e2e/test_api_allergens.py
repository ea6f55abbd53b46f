"""JSON API for allergens, over the demo season: Aunt June's nut conflict and its check."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from baketracker.services import allergens
from baketracker.services.transfer import load_demo
from tests.support.apps import web_app

API = "/api/v1"
EVENT = "Christmas 2026"


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    load_demo()
    with TestClient(web_app(), base_url="http://testserver") as client:
        yield client


def test_the_list_of_codes_names_every_major_allergen(api: TestClient) -> None:
    codes = {c["code"]: c["name"] for c in api.get(f"{API}/allergens").json()}
    assert codes["tree_nuts:pecan"] == "tree nuts (pecan)" and "sesame" in codes


def test_a_package_says_what_it_contains_and_why(api: TestClient) -> None:
    box = api.get(f"{API}/packages/Family gift/allergens").json()
    assert "tree_nuts:pecan" in box["contains"] and box["status"] == "contains"
    assert ["Holiday sampler", "Biscotti bag", "Biscotti", "Pecan halves"] in box["sources"][
        "tree_nuts:pecan"]
    recipe = api.get(f"{API}/recipes/pecan-shortbread/allergens").json()
    assert recipe["label_contains"] == "gluten (wheat), milk, tree nuts (pecan)"
    assert api.get(f"{API}/packages/Nope/allergens").status_code == 404


def test_aunt_junes_warning_is_listed_until_someone_checks_it(api: TestClient) -> None:
    warnings = api.get(f"{API}/events/{EVENT}/allergen-warnings").json()
    june = next(w for w in warnings if w["recipient"] == "Aunt June")
    assert (june["conflicts"], june["checked_by"]) == (["tree_nuts"], None)

    done = api.post(f"{API}/assignments/{june['assignment_id']}/allergens-checked",
                    json={"checked_by": "Grandma Rose"})
    assert done.status_code == 200 and done.json()["checked_by"] == "Grandma Rose"
    again = api.get(f"{API}/events/{EVENT}/allergen-warnings").json()
    assert next(w for w in again if w["recipient"] == "Aunt June")["checked_by"] == "Grandma Rose"
    blank = api.post(f"{API}/assignments/{june['assignment_id']}/allergens-checked",
                     json={"checked_by": "  "})
    assert blank.status_code == 422


def test_an_unknown_code_is_refused_with_the_field_named(api: TestClient) -> None:
    made = api.post(f"{API}/ingredients", json={"name": "Cashews", "allergens": ["cashew"]})
    assert made.status_code == 422 and "allergens" in made.text
    person = api.post(f"{API}/recipients", json={"name": "Ann", "avoids": ["nuts"]})
    assert person.status_code == 422 and "avoids" in person.text
    assert api.get(f"{API}/ingredients", params={"search": "cashew"}).json() == []


def test_codes_are_written_and_read_through_the_api(api: TestClient) -> None:
    made = api.post(f"{API}/ingredients", json={"name": "Cashews",
                                                "allergens": ["tree_nuts:cashew"]})
    assert made.status_code == 201 and made.json()["allergens"] == ["tree_nuts:cashew"]
    changed = api.patch(f"{API}/ingredients/cashews", json={"clear_allergens": True})
    assert changed.json()["allergens"] is None
    person = api.post(f"{API}/recipients", json={"name": "Ann", "avoids": ["sesame"]})
    assert person.json()["avoids"] == ["sesame"]
    product = api.put(f"{API}/products/ghirardelli-white-chocolate-11-oz/may-contain",
                      json={"may_contain": ["peanuts"]})
    assert product.status_code == 200, product.text
    assert "peanuts" in allergens.for_package("Chocolate lovers")["may_contain"]


def test_a_check_made_before_the_recipient_avoided_more_is_listed_as_no_longer_counting(
    api: TestClient,
) -> None:
    june = next(w for w in allergens.warnings_for_event(EVENT) if w["recipient"] == "Aunt June")
    api.post(f"{API}/assignments/{june['assignment_id']}/allergens-checked",
             json={"checked_by": "Grandma Rose"})
    api.patch(f"{API}/recipients/{june['recipient_id']}", json={"avoids": ["tree_nuts", "milk"]})
    listed = api.get(f"{API}/events/{EVENT}/allergen-warnings").json()
    again = next(w for w in listed if w["recipient"] == "Aunt June")
    assert again["checked_by"] is None and again["checked_before"]["by"] == "Grandma Rose"
