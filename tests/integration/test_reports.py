"""Printable sheets' data from the services: shopping groups and totals, bake-day scaling
with sub-recipes, one label per box; and the CSV and escaping of what they render."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from baketracker.errors import NotFound
from baketracker.reports import render
from baketracker.services import (
    catalog,
    events,
    goods,
    inventory,
    planning,
    production,
    recipes,
    sheets,
)

pytestmark = pytest.mark.usefixtures("db")

D = Decimal
Row = dict[str, Any]
XMAS = "Christmas 2026"


def build_season() -> dict[str, Any]:
    """A small season: sugar cookies (with royal icing as a sub-recipe) and gingerbread in
    a cookie tin with a gift box; Alice gets a family box (2 tins), Bob 2 small boxes.

    4 tins → 24 sugar cookies (1 batch, ½ batch of icing), 16 gingerbread men (2 batches
    of 12) and 12 gift boxes. Flour, butter, eggs and boxes were bought before (so they
    have a price); sugar never was, and vanilla has no product at all.
    """
    catalog.create_ingredient("Flour")
    catalog.create_ingredient("All-purpose flour", parent="flour", density_g_per_ml="0.5283")
    catalog.create_ingredient("Sugar")
    catalog.create_ingredient("Granulated sugar", parent="sugar", density_g_per_ml="0.845")
    catalog.create_ingredient("Butter", density_g_per_ml="0.911")
    catalog.create_ingredient("Egg")
    catalog.create_ingredient("Vanilla extract")
    catalog.create_product("all-purpose-flour", brand="KA", package_quantity=5,
                           package_unit="lb", slug="flour-5lb")
    catalog.create_product("butter", brand="Kerrygold", package_quantity=1, package_unit="lb",
                           slug="butter-1lb")
    catalog.create_product("granulated-sugar", brand="Domino", package_quantity=4,
                           package_unit="lb", slug="sugar-4lb")
    catalog.create_product("egg", brand="Farm", package_quantity=12, package_unit="each",
                           slug="eggs-dozen")
    catalog.create_material("Gift box")
    catalog.create_material_product("gift-box", name="Gift boxes, 10 pack",
                                    package_quantity=10, slug="gift-boxes-10")
    inventory.record_purchase("flour-5lb", packages=1, price_per_package="6.49",
                              purchased_on=date(2026, 11, 1))
    inventory.record_purchase("butter-1lb", packages=1, price_per_package="4.50",
                              purchased_on=date(2026, 11, 1))
    inventory.record_purchase("eggs-dozen", packages=1, price_per_package="3.20",
                              purchased_on=date(2026, 11, 1))
    inventory.record_purchase("gift-boxes-10", packages=1, price_per_package="8.00",
                              purchased_on=date(2026, 11, 1))
    recipes.create_recipe(
        "Royal icing",
        ingredients=[("granulated-sugar", 2, "cup"), ("egg", 1, "each")],
    )
    recipes.create_recipe(
        "Sugar cookies",
        ingredients=[("all-purpose-flour", 2, "cup"), ("butter", 250, "g"),
                     ("granulated-sugar", 150, "g"), ("egg", 2, "each"),
                     ("vanilla-extract", 1, "tsp")],
        components=[("royal-icing", "0.5")],
        finished_units=[{"name": "Sugar cookie", "items_per_batch": 24}],
    )
    recipes.create_recipe(
        "Gingerbread",
        ingredients=[("all-purpose-flour", "1.2", "kg"), ("butter", 200, "g")],
        finished_units=[{"name": "Gingerbread man", "items_per_batch": 12}],
    )
    goods.create_finished_good("Cookie tin", components=[
        {"finished_unit": "sugar-cookie", "quantity": 6},
        {"finished_unit": "gingerbread-man", "quantity": 4},
        {"material": "gift-box", "quantity": 3},
    ])
    goods.create_package("Family box", contents=[("cookie-tin", 2)])
    goods.create_package("Small box", contents=[("cookie-tin", 1)])
    event = events.create_event(XMAS, event_date=date(2026, 12, 20))
    alice = events.create_recipient("Alice Smith", household="The Smiths",
                                    address="12 Holly Lane\nSpringfield",
                                    dietary_notes="No nuts")
    bob = events.create_recipient("Bob Jones")
    events.assign_package(XMAS, alice["id"], "Family box", 1, notes="Leave at the door")
    events.assign_package(XMAS, bob["id"], "Small box", 2)
    planning.set_targets_from_packages(XMAS)
    return event


@pytest.fixture
def season() -> dict[str, Any]:
    return build_season()


def by_name(rows: list[dict[str, Any]], name: str, key: str = "name") -> dict[str, Any]:
    return next(row for row in rows if row[key] == name)


# --- shopping list ---------------------------------------------------------------------


def test_the_shopping_list_groups_ingredients_by_hierarchy_then_packaging(season: Row) -> None:
    sheet = sheets.shopping_sheet(season["id"])
    assert [(g["title"], [line["name"] for line in g["lines"]]) for g in sheet["groups"]] == [
        ("Flour", ["All-purpose flour"]),
        ("Sugar", ["Granulated sugar"]),
        ("Other ingredients", ["Butter", "Vanilla extract"]),
        ("Packaging", ["Gift box"]),
    ]
    assert [line["name"] for line in sheet["lines"]] == [
        "All-purpose flour", "Granulated sugar", "Butter", "Vanilla extract", "Gift box"]
    assert sheet["file_stem"] == "shopping-christmas-2026"


def test_group_subtotals_add_up_to_the_total_and_unpriced_lines_are_counted(season: Row) -> None:
    sheet = sheets.shopping_sheet(season["id"])
    subtotals = {g["title"]: g["subtotal"] for g in sheet["groups"]}
    # flour: 2 × 1.2 kg + 2 cups − 5 lb on hand → one more bag; butter 650 g − 1 lb → one
    # more pound; 12 boxes − 10 on hand → one more pack; sugar was never bought.
    assert subtotals == {"Flour": D("6.49"), "Sugar": 0, "Other ingredients": D("4.50"),
                         "Packaging": D("8.00")}
    assert sheet["total"] == D("18.99") == sum(subtotals.values())
    assert sheet["unpriced"] == 2
    sugar = by_name(sheet["lines"], "Granulated sugar")
    assert (sugar["packages"], sugar["estimated_cost"], sugar["flag"]) == (
        1, None, "no price known yet")
    box = by_name(sheet["lines"], "Gift box")
    assert (box["kind"], box["to_buy"], box["packages"], box["group"]) == (
        "material", 2, 1, "Packaging")


def test_ingredients_without_any_hierarchy_are_one_group() -> None:
    catalog.create_ingredient("Oats", density_g_per_ml="0.4")
    recipes.create_recipe("Flapjack", ingredients=[("oats", 300, "g")],
                          finished_units=[{"name": "Flapjack", "items_per_batch": 12}])
    event = events.create_event("Bake sale", event_date=date(2026, 6, 1))
    events.set_production_target("Bake sale", "flapjack", 2)
    sheet = sheets.shopping_sheet(event["id"])
    assert [g["title"] for g in sheet["groups"]] == ["Ingredients"]
    [oats] = sheet["lines"]
    assert (oats["to_buy"], oats["flag"], sheet["total"]) == (600, "no product in the catalog", 0)


def test_an_event_with_nothing_to_buy_has_an_empty_list() -> None:
    event = events.create_event("Quiet week", event_date=date(2026, 3, 1))
    sheet = sheets.shopping_sheet(event["id"])
    assert (sheet["groups"], sheet["lines"], sheet["total"]) == ([], [], 0)
    assert "Nothing to buy" in render.html(sheet)


# --- bake-day sheet --------------------------------------------------------------------


def test_the_bake_day_sheet_scales_every_ingredient_to_the_batches_left(season: Row) -> None:
    sheet = sheets.bake_day_sheet(season["id"])
    assert [(r["recipe_name"], r["remaining_batches"]) for r in sheet["recipes"]] == [
        ("Gingerbread", 2), ("Sugar cookies", 1)]
    assert sheet["remaining_batches"] == 3
    ginger = sheet["recipes"][0]
    assert [(i["name"], i["amount"], i["per_batch"]) for i in ginger["ingredients"]] == [
        ("All-purpose flour", "2.4 kg", "1.2 kg"), ("Butter", "400 g", "200 g")]
    [unit] = ginger["units"]
    assert (unit["name"], unit["makes"], unit["for"]) == ("Gingerbread man", 24, ["4 × Cookie tin"])


def test_sub_recipes_are_in_the_totals_and_listed_with_their_own_batches(season: Row) -> None:
    cookies = sheets.bake_day_sheet(season["id"])["recipes"][1]
    lines = {i["name"]: i for i in cookies["ingredients"]}
    # 150 g in the dough + ½ batch of icing: 1 of its 2 cups of sugar, at 0.845 g/ml 199.92 g
    assert lines["Granulated sugar"]["quantity"] == pytest.approx(D("349.92"), abs=D("0.01"))
    assert (lines["Egg"]["amount"], lines["Vanilla extract"]["amount"]) == ("2.5", "1 tsp")
    [icing] = cookies["sub_recipes"]
    assert (icing["name"], icing["batches"], icing["depth"], icing["parent"]) == (
        "Royal icing", D("0.5"), 1, "Sugar cookies")
    assert [(i["name"], i["amount"]) for i in icing["ingredients"]] == [
        ("Egg", "0.5"), ("Granulated sugar", "199.92 g")]


def test_the_bake_day_sheet_follows_the_recipe_as_planned_not_later_edits(season: Row) -> None:
    planning.create_plan(XMAS)
    butter = next(li for li in recipes.get_recipe("gingerbread")["ingredients"]
                  if li["ingredient_slug"] == "butter")
    recipes.update_ingredient_line(butter["id"], quantity=999)
    ginger = by_name(sheets.bake_day_sheet(season["id"])["recipes"], "Gingerbread", "recipe_name")
    assert by_name(ginger["ingredients"], "Butter")["amount"] == "400 g"


def test_produced_batches_leave_only_the_rest_on_the_sheet(season: Row) -> None:
    production.record_batch_production("gingerbread", 1, event=XMAS)
    ginger = by_name(sheets.bake_day_sheet(season["id"])["recipes"], "Gingerbread", "recipe_name")
    assert (ginger["batches"], ginger["produced_batches"], ginger["remaining_batches"]) == (2, 1, 1)
    assert by_name(ginger["ingredients"], "All-purpose flour")["amount"] == "1.2 kg"


def test_a_recipe_with_nothing_left_to_bake_is_done_and_listed_last(season: Row) -> None:
    inventory.record_purchase("sugar-4lb", packages=1, price_per_package="3.99")
    catalog.create_product("vanilla-extract", brand="Nielsen", package_quantity=2,
                           package_unit="fl oz", slug="vanilla-2oz")
    inventory.record_purchase("vanilla-2oz", packages=1, price_per_package="9.99")
    production.record_batch_production("sugar-cookies", 1, event=XMAS)
    sheet = sheets.bake_day_sheet(season["id"])
    assert [(r["recipe_name"], r["done"]) for r in sheet["recipes"]] == [
        ("Gingerbread", False), ("Sugar cookies", True)]
    assert sheet["recipes"][1]["ingredients"] == [] == sheet["recipes"][1]["sub_recipes"]


# --- labels ----------------------------------------------------------------------------


def test_each_box_gets_a_label_with_its_recipient_and_contents(season: Row) -> None:
    sheet = sheets.label_sheet(season["id"])
    assert (sheet["boxes"], sheet["recipients"]) == (3, 2)
    assert [(x["recipient_name"], x["package_name"], x["box_number"], x["box_count"])
            for x in sheet["labels"]] == [
        ("Alice Smith", "Family box", 1, 1),
        ("Bob Jones", "Small box", 1, 2),
        ("Bob Jones", "Small box", 2, 2),
    ]
    alice = sheet["labels"][0]
    assert (alice["household"], alice["address"], alice["notes"]) == (
        "The Smiths", "12 Holly Lane\nSpringfield", "Leave at the door")
    assert alice["contents"] == [{"name": "Cookie tin", "quantity": 2}]
    # The label says what is in the box, never the recipient's private note.
    assert "No nuts" not in str(alice)


def test_sheets_of_an_unknown_event_raise_not_found() -> None:
    for build in (sheets.shopping_sheet, sheets.bake_day_sheet, sheets.label_sheet):
        with pytest.raises(NotFound):
            build(404)


# --- rendering -------------------------------------------------------------------------


def test_the_csv_has_a_header_and_one_row_per_shopping_line(season: Row) -> None:
    sheet = sheets.shopping_sheet(season["id"])
    rows = list(csv.DictReader(io.StringIO(render.shopping_csv(sheet))))
    assert [row["item"] for row in rows] == [line["name"] for line in sheet["lines"]]
    flour = rows[0]
    assert {k: flour[k] for k in ("group", "kind", "unit", "packages", "price_per_package",
                                  "estimated_cost", "flag")} == {
        "group": "Flour", "kind": "ingredient", "unit": "g", "packages": "1",
        "price_per_package": "6.49", "estimated_cost": "6.49", "flag": ""}
    assert D(flour["to_buy"]) == by_name(sheet["lines"], "All-purpose flour")["to_buy"]
    assert sum(D(r["estimated_cost"] or 0) for r in rows) == sheet["total"]


def test_names_are_escaped_in_html_and_never_run_as_formulas_in_csv() -> None:
    line = {"group": "Packaging", "name": "=HYPERLINK(\"x\")", "kind": "material",
            "to_buy": D(1), "unit": "item", "to_buy_display": "1 each",
            "product_name": "<script>alert(1)</script>", "package_size": "1 each",
            "packages": 1, "price_per_package": D("2.5"), "estimated_cost": D("2.5"),
            "flag": None}
    sheet = {"kind": "shopping", "title": "Shopping list",
             "event": {"id": 1, "name": "<b>Party</b>", "date_text": ""},
             "groups": [{"title": "Packaging", "kind": "material", "lines": [line],
                         "subtotal": D("2.5"), "unpriced": 0}],
             "lines": [line], "total": D("2.5"), "unpriced": 0, "file_stem": "x"}
    page = render.html(sheet)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "&lt;b&gt;Party&lt;/b&gt;" in page
    [row] = csv.DictReader(io.StringIO(render.shopping_csv(sheet)))
    assert row["item"] == "'=HYPERLINK(\"x\")"
    assert (row["price_per_package"], row["product"]) == ("2.50", "<script>alert(1)</script>")


def test_kitchen_amounts_use_the_unit_a_baker_measures_with() -> None:
    assert sheets.kitchen_amount(D(1500), "g") == "1.5 kg"
    assert sheets.kitchen_amount(D("4.92892159375"), "ml") == "1 tsp"
    assert sheets.kitchen_amount(D(2), "cup") == "2 cups"
    assert sheets.kitchen_amount(D(3), "each") == "3"
    assert sheets.kitchen_amount(D(1), "dozen") == "12"
    assert sheets.kitchen_amount(D(2), "handful") == "2 handful"
