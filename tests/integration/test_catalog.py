"""Catalog: ingredients with hierarchy and density, products, suppliers, materials."""

from __future__ import annotations

from decimal import Decimal

import pytest

from baketracker.errors import Conflict, Invalid, NotFound
from baketracker.services import catalog
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")


def test_an_ingredient_gets_a_slug_from_its_name_and_keeps_its_density() -> None:
    flour = catalog.create_ingredient("All-Purpose Flour", density_g_per_ml="0.5283")
    assert flour["slug"] == "all-purpose-flour"
    assert catalog.get_ingredient("all-purpose-flour")["density_g_per_ml"] == Decimal("0.5283")


def test_a_density_can_be_written_as_a_kitchen_sentence() -> None:
    sugar = catalog.create_ingredient("Sugar", density="1 cup = 200 g")
    assert sugar["density_g_per_ml"] == pytest.approx(Decimal("0.8454"), abs=Decimal("0.0001"))


def test_two_ingredients_with_the_same_name_get_distinct_slugs() -> None:
    first = catalog.create_ingredient("Butter")
    second = catalog.create_ingredient("Butter")
    assert (first["slug"], second["slug"]) == ("butter", "butter-2")


def test_an_explicit_slug_that_is_taken_is_refused_and_nothing_is_written() -> None:
    catalog.create_ingredient("Butter", slug="butter")
    before = row_counts()
    with pytest.raises(Conflict, match="slug 'butter'"):
        catalog.create_ingredient("Salted butter", slug="butter")
    assert row_counts() == before


def test_a_density_given_half_way_is_refused_naming_the_ingredient_and_field() -> None:
    with pytest.raises(Invalid) as caught:
        catalog.create_ingredient("Cocoa", density="1 cup =")
    assert caught.value.field == "density"
    assert "Cocoa" in str(caught.value)
    assert row_counts()["ingredients"] == 0


def test_a_blank_name_is_refused() -> None:
    with pytest.raises(Invalid) as caught:
        catalog.create_ingredient("   ")
    assert caught.value.field == "name"


def test_products_belong_only_to_leaf_ingredients() -> None:
    chocolate = catalog.create_ingredient("Chocolate")
    catalog.create_ingredient("Dark chocolate", parent="chocolate")
    with pytest.raises(Invalid, match="Chocolate") as caught:
        catalog.create_product("chocolate", brand="Lindt", package_quantity=100,
                               package_unit="g")
    assert caught.value.field == "ingredient"
    assert row_counts()["products"] == 0
    assert catalog.get_ingredient(chocolate["id"])["is_leaf"] is False


def test_an_ingredient_with_products_cannot_become_a_category() -> None:
    catalog.create_ingredient("Flour")
    catalog.create_product("flour", brand="King Arthur", package_quantity=5, package_unit="lb")
    with pytest.raises(Invalid) as caught:
        catalog.create_ingredient("Bread flour", parent="flour")
    assert caught.value.field == "parent"


def test_a_product_records_its_package_size_in_a_canonical_unit() -> None:
    catalog.create_ingredient("Flour")
    product = catalog.create_product("flour", brand="King Arthur", package_quantity="5",
                                     package_unit="pounds", gtin="071012010509")
    assert product["package_unit"] == "lb"
    assert product["package_quantity"] == Decimal(5)
    assert product["preferred"] is True  # the first product of an ingredient
    assert catalog.list_products(search="0710120")[0]["slug"] == product["slug"]


def test_marking_a_product_preferred_unmarks_the_previous_one() -> None:
    catalog.create_ingredient("Flour")
    first = catalog.create_product("flour", brand="A", package_quantity=5, package_unit="lb")
    second = catalog.create_product("flour", brand="B", package_quantity=2, package_unit="kg",
                                    preferred=True)
    preferred = {p["slug"]: p["preferred"] for p in catalog.list_products(ingredient="flour")}
    assert preferred == {first["slug"]: False, second["slug"]: True}


@pytest.mark.parametrize(
    ("quantity", "unit", "field"),
    [(0, "lb", "package_quantity"), (-2, "lb", "package_quantity"),
     ("lots", "lb", "package_quantity"), (5, "bushel", "package_unit")],
)
def test_bad_package_sizes_are_refused_naming_the_field(quantity: object, unit: str,
                                                       field: str) -> None:
    catalog.create_ingredient("Flour")
    with pytest.raises(Invalid) as caught:
        catalog.create_product("flour", brand="A", package_quantity=quantity, package_unit=unit)
    assert caught.value.field == field
    assert row_counts()["products"] == 0


def test_an_unknown_ingredient_is_reported_by_name() -> None:
    with pytest.raises(NotFound, match="nutmeg"):
        catalog.create_product("nutmeg", brand="A", package_quantity=1, package_unit="oz")


def test_materials_and_their_products_share_the_catalog() -> None:
    box = catalog.create_material("Gift box")
    product = catalog.create_material_product("gift-box", name="Kraft boxes, 25 pack",
                                              package_quantity=25)
    assert box["base_unit"] == "each"
    assert product["material_slug"] == "gift-box"
    with pytest.raises(Invalid) as caught:
        catalog.create_material_product("gift-box", name="Boxes by weight",
                                        package_quantity=1, package_unit="kg")
    assert caught.value.field == "package_unit"


def test_suppliers_are_physical_or_online() -> None:
    catalog.create_supplier("Costco", location="Main St")
    with pytest.raises(Invalid) as caught:
        catalog.create_supplier("Mystery", kind="telepathic")
    assert caught.value.field == "kind"
    assert [s["name"] for s in catalog.list_suppliers()] == ["Costco"]


def test_an_ingredient_can_be_renamed_and_given_a_density_later() -> None:
    catalog.create_ingredient("Cocoa")
    changed = catalog.update_ingredient("cocoa", name="Dutch cocoa", density="1 cup = 85 g",
                                        allergens=[], notes="Dutch-process")
    assert changed["slug"] == "cocoa"
    assert changed["name"] == "Dutch cocoa"
    assert changed["density_g_per_ml"] == pytest.approx(Decimal("0.3593"), abs=Decimal("1e-4"))
    cleared = catalog.update_ingredient("cocoa", clear_density=True)
    assert cleared["density_g_per_ml"] is None


def test_an_ingredient_cannot_become_its_own_ancestor() -> None:
    catalog.create_ingredient("Sugar")
    catalog.create_ingredient("Brown sugar", parent="sugar")
    with pytest.raises(Invalid) as caught:
        catalog.update_ingredient("sugar", parent="brown-sugar")
    assert caught.value.field == "parent"


def test_a_density_given_twice_is_refused() -> None:
    with pytest.raises(Invalid) as caught:
        catalog.create_ingredient("Milk", density_g_per_ml="1.03", density="1 cup = 245 g")
    assert caught.value.field == "density"


def test_ingredients_are_found_by_id_slug_or_part_of_their_name() -> None:
    flour = catalog.create_ingredient("Bread flour")
    catalog.create_ingredient("Flour types")
    catalog.create_ingredient("Rye", parent="flour-types")
    assert catalog.get_ingredient(flour["id"])["slug"] == "bread-flour"
    assert catalog.get_ingredient(str(flour["id"]))["slug"] == "bread-flour"
    assert [i["slug"] for i in catalog.list_ingredients(search="FLOUR")] == [
        "bread-flour", "flour-types"
    ]
    assert [i["slug"] for i in catalog.list_ingredients(leaves_only=True)] == [
        "bread-flour", "rye"
    ]
    with pytest.raises(NotFound):
        catalog.get_ingredient("")


def test_a_gtin_must_be_digits_and_unique() -> None:
    catalog.create_ingredient("Flour")
    catalog.create_product("flour", brand="A", package_quantity=5, package_unit="lb",
                           gtin="0 71012 01050 9")
    with pytest.raises(Invalid) as caught:
        catalog.create_product("flour", brand="B", package_quantity=5, package_unit="lb",
                               gtin="12AB")
    assert caught.value.field == "gtin"
    with pytest.raises(Conflict, match="071012010509"):
        catalog.create_product("flour", brand="C", package_quantity=5, package_unit="lb",
                               gtin="071012010509")


def test_a_product_can_name_its_preferred_supplier_and_become_preferred() -> None:
    catalog.create_ingredient("Flour")
    catalog.create_supplier("Costco")
    catalog.create_product("flour", brand="A", package_quantity=5, package_unit="lb")
    second = catalog.create_product("flour", brand="B", package_quantity=2, package_unit="kg",
                                    preferred_supplier="costco")
    assert second["preferred_supplier_slug"] == "costco"
    assert catalog.set_preferred_product(second["slug"])["preferred"] is True
    assert [p["brand"] for p in catalog.list_products(search="b") if p["preferred"]] == ["B"]


def test_materials_list_by_name_and_refuse_unknown_units() -> None:
    catalog.create_material("Ribbon", base_unit="each")
    catalog.create_material("Box")
    assert [m["name"] for m in catalog.list_materials()] == ["Box", "Ribbon"]
    with pytest.raises(Invalid) as caught:
        catalog.create_material("Tape", base_unit="furlong")
    assert caught.value.field == "base_unit"
    catalog.create_material_product("box", name="Box single", package_quantity=1)
    assert [p["slug"] for p in catalog.list_products(material="box")] == ["box-single"]
