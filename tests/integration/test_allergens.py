"""Allergens traced from ingredient to gift box, and the warnings before a box is packed."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from bench.measure import count_statements

from baketracker.db import get_engine
from baketracker.errors import Invalid, NotFound
from baketracker.services import allergens, catalog, events, goods, recipes
from baketracker.services.transfer import export_document, import_document
from tests.integration.test_transfer_support import other_db, state, use
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")
__all__ = ["other_db"]  # the fixture, imported for pytest


@pytest.fixture
def bakery() -> None:
    """Biscotti with a praline sub-recipe (almonds), butter cookies, a nested sampler box."""
    catalog.create_ingredient("Flour", allergens=["gluten:wheat"])
    catalog.create_ingredient("Sugar", allergens=[])
    catalog.create_ingredient("Butter", allergens=["milk"])
    catalog.create_ingredient("Sliced almonds", allergens=["tree_nuts:almond"])
    catalog.create_ingredient("Chocolate chips", allergens=["milk", "soy"])
    catalog.create_product("chocolate-chips", brand="Acme", package_quantity=340,
                           package_unit="g", may_contain=["peanuts"])
    recipes.create_recipe("Praline", ingredients=[("sugar", 100, "g"), ("sliced-almonds", 50, "g")])
    recipes.create_recipe(
        "Almond Biscotti", ingredients=[("flour", 200, "g"), ("sugar", 100, "g")],
        components=[("praline", 1)],
        finished_units=[{"name": "Biscotto", "items_per_batch": 20}],
    )
    recipes.create_recipe(
        "Butter cookies", ingredients=[("flour", 200, "g"), ("butter", 100, "g")],
        finished_units=[{"name": "Butter cookie", "items_per_batch": 24}],
    )
    recipes.create_recipe(
        "Chip cookies", ingredients=[("flour", 200, "g"), ("chocolate-chips", 100, "g")],
        finished_units=[{"name": "Chip cookie", "items_per_batch": 24}],
    )
    goods.create_finished_good("Biscotti bag", components=[
        {"finished_unit": "biscotto", "quantity": 4}])
    goods.create_finished_good("Sampler", components=[
        {"finished_good": "biscotti-bag", "quantity": 1},
        {"finished_unit": "butter-cookie", "quantity": 6}])
    goods.create_package("Holiday box", contents=[("sampler", 1)])
    goods.create_package("Cookie box", contents=[("butter-cookie", 6)])
    goods.create_package("Chip box", contents=[("chip-cookie", 6)])
    events.create_event("Christmas", event_date="2026-12-24")


def test_a_nut_in_a_sub_recipe_of_a_unit_inside_a_nested_bundle_reaches_the_package(
    bakery: None,
) -> None:
    box = allergens.for_package("Holiday box")
    assert box["status"] == "contains"
    assert box["contains"] == ["gluten", "gluten:wheat", "milk", "tree_nuts", "tree_nuts:almond"]
    assert box["sources"]["tree_nuts:almond"] == [
        ["Sampler", "Biscotti bag", "Biscotto", "Praline", "Sliced almonds"]
    ]
    assert box["sources"]["tree_nuts"] == box["sources"]["tree_nuts:almond"]
    assert box["label_contains"] == "gluten (wheat), milk, tree nuts (almond)"
    assert (
        "tree nuts (almond): Sampler → Biscotti bag → Biscotto → Praline → Sliced almonds"
        in box["explanation"]
    )


def test_a_recipe_is_the_union_of_its_lines_and_sub_recipes(bakery: None) -> None:
    assert allergens.for_recipe("praline")["contains"] == ["tree_nuts", "tree_nuts:almond"]
    assert allergens.for_recipe("almond-biscotti")["sources"]["tree_nuts:almond"] == [
        ["Praline", "Sliced almonds"]
    ]
    assert allergens.for_unit("biscotto")["contains"] == allergens.for_recipe(
        "almond-biscotti")["contains"]
    assert allergens.for_good("biscotti-bag")["contains"] == allergens.for_recipe(
        "almond-biscotti")["contains"]


def test_a_product_may_contain_reaches_the_box_apart_from_contains(bakery: None) -> None:
    box = allergens.for_package("Chip box")
    assert box["may_contain"] == ["peanuts"] and "peanuts" not in box["contains"]
    assert box["label_may_contain"] == "peanuts"


def test_sugar_that_contains_none_makes_nothing_unknown(bakery: None) -> None:
    praline = allergens.for_recipe("praline")
    assert praline["unknown"] == [] and praline["status"] == "contains"


def test_an_unknown_ingredient_makes_the_package_unknown_never_free_of(bakery: None) -> None:
    catalog.create_ingredient("Vanilla")
    recipes.create_recipe("Plain cookies", ingredients=[("sugar", 100, "g"), ("vanilla", 5, "g")],
                          finished_units=[{"name": "Plain cookie", "items_per_batch": 12}])
    goods.create_package("Plain box", contents=[("plain-cookie", 3)])
    box = allergens.for_package("Plain box")
    assert box["status"] == "unknown" and box["unknown"] == ["vanilla"]
    assert box["contains"] == []
    assert "unknown: Ingredient Vanilla not yet checked (Plain cookie → Vanilla)" in box[
        "explanation"]
    catalog.update_ingredient("vanilla", allergens=[])
    assert allergens.for_package("Plain box")["status"] == "none"


def test_a_recipient_avoiding_milk_is_warned_about_butter_cookies_and_the_check_records_who(
    bakery: None,
) -> None:
    sam = events.create_recipient("Sam", avoids=["milk"], dietary_notes="lactose intolerant")
    kim = events.create_recipient("Kim", avoids=["milk"])
    events.create_recipient("Lee", avoids=["tree_nuts"])
    cookie = events.assign_package("Christmas", sam["id"], "Cookie box")
    events.assign_package("Christmas", "Lee", "Cookie box")
    events.assign_package("Christmas", kim["id"], "Chip box")

    warned = allergens.warnings_for_event("Christmas")
    assert [(w["recipient"], w["package"], w["conflicts"], w["unknown"], w["checked_by"])
            for w in warned] == [("Sam", "Cookie box", ["milk"], False, None),
                                 ("Kim", "Chip box", ["milk"], False, None)]

    mark = allergens.mark_checked(cookie["id"], by="Grandma Rose")
    again = allergens.warnings_for_event("Christmas")[0]
    assert (again["assignment_id"], again["checked_by"]) == (cookie["id"], "Grandma Rose")
    assert again["checked_at"] == mark["checked_at"] is not None


def test_a_check_stops_counting_once_the_box_holds_something_else(bakery: None) -> None:
    events.create_recipient("Sam", avoids=["milk"])
    cookie = events.assign_package("Christmas", "Sam", "Cookie box")
    allergens.mark_checked(cookie["id"], by="Grandma Rose")
    goods.add_to_package("Cookie box", "butter-cookie", 2)  # more of the same: still checked
    assert allergens.warnings_for_event("Christmas")[0]["checked_by"] == "Grandma Rose"

    goods.add_to_package("Cookie box", "biscotti-bag", 1)  # almonds, and milk from elsewhere
    [warning] = allergens.warnings_for_event("Christmas")
    assert (warning["checked_by"], warning["checked_at"]) == (None, None)
    assert warning["checked_before"]["by"] == "Grandma Rose"
    assert allergens.open_warnings(today=date(2026, 12, 1))["checked"] == 0

    allergens.mark_checked(cookie["id"], by="Kim")
    assert allergens.warnings_for_event("Christmas")[0]["checked_by"] == "Kim"


def test_a_check_stops_counting_once_the_recipient_avoids_more(bakery: None) -> None:
    events.create_recipient("Sam", avoids=["milk"])
    cookie = events.assign_package("Christmas", "Sam", "Cookie box")
    allergens.mark_checked(cookie["id"], by="Grandma Rose")
    events.update_recipient("Sam", avoids=["milk", "gluten"])
    [warning] = allergens.warnings_for_event("Christmas")
    assert warning["checked_by"] is None and warning["conflicts"] == ["gluten", "milk"]


def test_a_nut_avoider_is_warned_about_a_may_contain(bakery: None) -> None:
    events.create_recipient("Pat", avoids=["peanuts"])
    events.assign_package("Christmas", "Pat", "Chip box")
    [warning] = allergens.warnings_for_event("Christmas")
    assert warning["conflicts"] == ["peanuts"]
    assert "may contain" in warning["message"]


def test_avoiding_a_named_nut_conflicts_with_that_nut(bakery: None) -> None:
    events.create_recipient("June", avoids=["tree_nuts:almond"])
    events.create_recipient("Max", avoids=["tree_nuts:pecan"])
    events.assign_package("Christmas", "June", "Holiday box")
    events.assign_package("Christmas", "Max", "Holiday box")
    assert [w["recipient"] for w in allergens.warnings_for_event("Christmas")] == ["June"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: catalog.create_ingredient("Cashews", allergens=["tree_nuts:cashews"]),
         "allergens"),
        (lambda: catalog.create_ingredient("Cashews", allergens="tree_nuts"), "allergens"),
        (lambda: events.create_recipient("Ann", avoids=["nuts"]), "avoids"),
        (lambda: catalog.update_ingredient("butter", allergens=["dairy"]), "allergens"),
        (lambda: events.update_recipient("Lee", avoids=["milk", 3]), "avoids"),
        (lambda: allergens.set_may_contain("acme-chocolate-chips-340-g", ["nuts"]),
         "may_contain"),
    ],
)
def test_a_bad_allergen_list_is_refused_naming_record_and_field_and_nothing_is_written(
    bakery: None, call: Callable[[], object], field: str
) -> None:
    events.create_recipient("Lee", avoids=["tree_nuts"])
    before = (row_counts(), catalog.get_ingredient("butter"), events.get_recipient("Lee"),
              catalog.list_products(ingredient="chocolate-chips"))
    with pytest.raises(Invalid) as err:
        call()
    assert err.value.field == field and err.value.record
    after = (row_counts(), catalog.get_ingredient("butter"), events.get_recipient("Lee"),
             catalog.list_products(ingredient="chocolate-chips"))
    assert after == before


def test_an_avoidance_on_a_recipient_that_does_not_exist_is_refused(bakery: None) -> None:
    before = row_counts()
    with pytest.raises(NotFound):
        events.update_recipient("Nobody", avoids=["milk"])
    assert row_counts() == before


def test_an_ingredient_can_go_back_to_unknown(bakery: None) -> None:
    catalog.update_ingredient("butter", clear_allergens=True)
    assert catalog.get_ingredient("butter")["allergens"] is None
    assert allergens.for_package("Cookie box")["unknown"] == ["butter"]


def _statements(call: Callable[[], object]) -> int:
    with count_statements(get_engine()) as seen:
        call()
    return seen.count


def test_a_package_roll_up_takes_the_same_statements_however_many_lines(bakery: None) -> None:
    small = _statements(lambda: allergens.for_package("Holiday box"))
    for n in range(6):
        catalog.create_ingredient(f"Spice {n}", allergens=[])
        recipes.add_ingredient("praline", f"spice-{n}", 1, "g")
        recipes.create_recipe(f"Extra {n}", ingredients=[(f"spice-{n}", 1, "g")],
                              finished_units=[{"name": f"Extra {n} bite", "items_per_batch": 4}])
        goods.add_component("sampler", {"finished_unit": f"extra-{n}-bite", "quantity": 1})
    assert _statements(lambda: allergens.for_package("Holiday box")) == small
    events.create_recipient("Lee", avoids=["tree_nuts"])
    events.assign_package("Christmas", "Lee", "Holiday box")
    one = _statements(lambda: allergens.warnings_for_event("Christmas"))
    for n in range(4):
        events.create_recipient(f"Guest {n}", avoids=["milk"])
        events.assign_package("Christmas", f"Guest {n}", "Cookie box")
    assert _statements(lambda: allergens.warnings_for_event("Christmas")) == one


def test_codes_and_the_checked_mark_round_trip_through_export_and_import(
    bakery: None, other_db: str
) -> None:
    events.create_recipient("Sam", avoids=["milk"])
    assigned = events.assign_package("Christmas", "Sam", "Cookie box")
    allergens.mark_checked(assigned["id"], by="Grandma Rose")
    catalog.create_ingredient("Vanilla")
    document = export_document()
    by_slug = {i["slug"]: i for i in document["ingredients"]}
    assert by_slug["sliced-almonds"]["allergens"] == ["tree_nuts:almond"]
    assert by_slug["sugar"]["allergens"] == [] and by_slug["vanilla"]["allergens"] is None
    before = (allergens.for_package("Chip box"), allergens.warnings_for_event("Christmas"))

    use(other_db)
    import_document(json.loads(json.dumps(document)))
    after = (allergens.for_package("Chip box"), allergens.warnings_for_event("Christmas"))
    assert _without_ids(after) == _without_ids(before)
    assert after[1][0]["checked_by"] == "Grandma Rose"


def test_an_older_document_with_allergen_words_imports_them_as_codes(bakery: None) -> None:
    document = export_document()
    document["ingredients"].append({"slug": "rye-flour", "name": "Rye flour",
                                    "allergens": "rye, egg"})
    import_document(document, mode="merge")
    assert catalog.get_ingredient("rye-flour")["allergens"] == ["gluten:rye", "eggs"]


@pytest.mark.parametrize("bad", [["nutz"], "shells of the sea", [1]])
def test_a_document_with_an_unknown_allergen_is_refused_and_nothing_changes(
    bakery: None, bad: object
) -> None:
    document = export_document()
    document["recipients"] = [{"uuid": "7d0c1f3e-58a4-4b8e-9f43-0e5d6c1a2b3c", "name": "Ann",
                               "avoids": bad}]
    before = state()
    with pytest.raises(Invalid) as err:
        import_document(document, mode="merge")
    assert "avoids" in str(err.value)
    assert state() == before


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if not k.endswith("id")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value
