"""bake-tracker 4.x files mapped onto our document, without a database: the format's
quirks (FORMAT-bake-tracker-v4.md §5) read as the files have them, the rest reported."""

from __future__ import annotations

from typing import Any

import pytest

from baketracker.services.transfer import v4
from baketracker.services.transfer.records import Problems

Doc = dict[str, Any]


def crafted() -> Doc:
    """A 4.2-style full backup touching every mapped array."""
    return {
        "version": "4.2",
        "application": "bake-tracker",
        "exported_at": "2026-01-07T23:23:19.772500+00:00Z",
        "transformation_notes": ["cleared purchases"],
        "suppliers": [
            {"id": 7, "name": "Wegmans", "supplier_type": "physical", "city": "Burlington",
             "state": "MA", "slug": "wegmans_burlington_ma"},
            {"id": 8, "name": "Amazon", "supplier_type": "online", "website_url": "amazon.com"},
        ],
        # The leaf comes before its parent: parents resolve in a second pass.
        "ingredients": [
            {"slug": "flour_all_purpose", "display_name": "All-purpose flour",
             "category": "Flours & Starches", "hierarchy_level": 2, "parent_slug": "flours",
             "density_volume_value": 1.0, "density_volume_unit": "Cup",
             "density_weight_value": 4.25, "density_weight_unit": "OZ"},
            {"slug": "flours", "display_name": "Flours & Starches", "category": "Flours & Starches",
             "hierarchy_level": 0},
            {"slug": "butter", "display_name": "Butter", "category": "Dairy",
             "density_volume_value": 1, "density_volume_unit": "cup"},
        ],
        "products": [
            {"ingredient_slug": "flour_all_purpose", "brand": "King Arthur", "package_unit": "LB",
             "package_unit_quantity": 5.0, "upc_code": "071012107018", "preferred": True,
             "preferred_supplier_id": 7, "package_type": "bag"},
            {"ingredient_slug": "flour_all_purpose", "brand": "Gold Medal", "package_unit": "lb",
             "package_unit_quantity": 2, "is_preferred": True, "gtin": "123456789"},
            {"ingredient_slug": "eggs_large", "brand": "Generic", "package_unit": "count",
             "package_unit_quantity": 12.0},
            {"ingredient_slug": "butter", "brand": "Kerrygold", "product_name": "Butter 8 oz",
             "package_unit": "oz", "package_unit_quantity": 8.0},
        ],
        "materials": [{"slug": "ribbon_red", "display_name": "Red ribbon",
                       "category": "Finishing: Ribbons & Twine"}],
        "material_products": [{"material": "Red ribbon", "display_name": "Ribbon 50 yd",
                               "slug": "ribbon-50yd", "material_slug": "ribbon_red",
                               "default_unit": "linear_inches", "supplier": "amazon"}],
        "material_units": [{"slug": "bow", "name": "Bow", "material_product_slug": "ribbon-50yd",
                            "quantity_per_unit": 45}],
        "inventory_items": [
            {"ingredient_slug": "butter", "product_brand": "Kerrygold", "quantity": 1.6,
             "purchase_date": "2025-12-21", "location": "Fridge", "purchase_id": 3},
            {"ingredient_slug": "flour_all_purpose", "product_brand": "King Arthur", "quantity": 0},
        ],
        "purchases": [{"id": 3, "unit_price": "4.80", "purchase_date": "2025-12-20"},
                      {"id": 4, "unit_price": "1.00", "purchase_date": "2025-12-20"}],
        "recipes": [
            {"name": "Sugar Cookie Dough", "slug": "sugar-cookie-dough", "category": "Cookies",
             "ingredients": [
                 {"ingredient_slug": "flour_all_purpose", "quantity": 2.5, "unit": "Cup"},
                 {"ingredient_slug": "eggs_large", "quantity": 1, "unit": "count"},
                 {"ingredient_slug": "butter", "quantity": 1, "unit": "cup"}]},
            {"name": "Cut-out Cookies", "slug": "cut-out-cookies", "category": "Cookies",
             "components": [{"recipe_name": "Sugar Cookie Dough", "quantity": 2.0}],
             "finished_units": [
                 {"slug": "cut-out-cookie", "name": "Cut-out cookie",
                  "yield_mode": "discrete_count", "unit_yield_quantity": 24}]},
            {"name": "Layer Cake", "slug": "layer-cake", "category": "Cake",
             "source": "Grandma", "base_ingredients": [
                 {"ingredient_slug": "flour_all_purpose", "quantity": 3, "unit": "cup"}]},
        ],
        "finished_units": [
            {"slug": "half-cake", "display_name": "Half cake", "recipe_slug": "layer_cake",
             "yield_mode": "batch_portion", "batch_percentage": 50},
        ],
        "finished_goods": [
            {"slug": "cookie-box", "display_name": "Cookie box", "assembly_type": "bundle"},
            {"slug": "gift-crate", "display_name": "Gift crate", "assembly_type": "weird"},
        ],
        "compositions": [
            {"finished_good_slug": "cookie-box", "finished_unit_slug": "cut-out-cookie",
             "component_quantity": 6.0, "sort_order": 2},
            {"assembly_slug": "cookie-box", "component_type": "finished_unit",
             "component_slug": "half-cake", "component_quantity": 1, "sort_order": 1},
            {"finished_good_slug": "gift-crate", "finished_good_component_slug": "cookie-box",
             "component_quantity": 2},
            {"finished_good_slug": "gift-crate", "material_slug": "ribbon_red",
             "component_quantity": 30},
            {"finished_good_slug": "gift-crate", "packaging_ingredient_slug": "box_kraft"},
            {"finished_good_slug": "gift-crate", "material_unit_slug": "bow",
             "component_quantity": 2},
            {"package_name": "Holiday Box", "finished_unit_slug": "half-cake"},
            {"package_name": "Holiday Box", "material_slug": "ribbon_red"},
        ],
        "packages": [{"name": "Holiday Box", "is_template": True}],
        "package_finished_goods": [{"package_slug": "holiday_box", "finished_good_slug":
                                    "gift-crate", "quantity": 1}],
        "recipients": [{"name": "Aunt May", "household_name": "Parker", "address": "Queens"}],
        "events": [
            {"name": "Christmas 2025", "slug": "christmas-2025", "event_date": "2025-12-24",
             "output_mode": "packaged", "plan_state": "locked"},
            {"name": "Bake Sale", "event_date": "2025-11-02", "output_mode": "bulk_count",
             "year": 2025},
        ],
        "event_recipient_packages": [
            {"event_slug": "christmas_2025", "recipient_name": "Aunt May",
             "package_slug": "holiday_box", "quantity": 1, "status": "assembled"}],
        "event_production_targets": [
            {"event_name": "Bake Sale", "recipe_name": "Cut-out Cookies", "target_batches": 3}],
        "event_assembly_targets": [
            {"event_slug": "christmas_2025", "finished_good_slug": "gift-crate",
             "target_quantity": 4}],
        "batch_decisions": [
            {"event_name": "Bake Sale", "recipe_name": "Cut-out Cookies", "batches": 5}],
        "assembly_runs": [
            {"finished_good_slug": "cookie-box", "event_name": "Christmas 2025",
             "quantity_assembled": 3, "actual_cost": "12.60",
             "assembled_at": "2025-12-20T15:00:00+00:00"}],
        "production_records": [
            {"recipe_slug": "layer-cake", "event_slug": "bake-sale", "batches": 1,
             "actual_cost": 9, "produced_at": "2025-11-01"}],
        "production_runs": [
            {"recipe_name": "Cut-out Cookies", "event_name": "Bake Sale", "num_batches": 2,
             "actual_yield": 45, "produced_at": "2025-11-01T10:00:00Z"}],
        "material_categories": [{"name": "Finishing"}],
        "plan_amendments": [],
        "widgets": [{"x": 1}],
    }  # fmt: skip


def mapped(
    doc: Doc, *, known: set[str] | None = None, strict: bool = False
) -> tuple[Doc, Problems]:
    problems = Problems()
    out, _ = v4.to_document(doc, known=known or set(), strict=strict, problems=problems)
    return out, problems


def by(records: list[Doc], key: str = "slug") -> dict[str, Doc]:
    return {r[key]: r for r in records}


def test_the_crafted_backup_maps_without_errors() -> None:
    _, problems = mapped(crafted())
    assert problems.errors == {}


def test_units_are_read_in_any_case_and_count_means_each() -> None:
    out, _ = mapped(crafted())
    products = by(out["products"], "name")

    assert products["King Arthur All-purpose flour 5 lb"]["package_unit"] == "lb"
    assert products["Generic Eggs large 12 each"]["package_unit"] == "each"
    assert products["Ribbon 50 yd"]["package_unit"] == "in"
    assert out["recipes"][0]["ingredients"][0]["unit"] == "cup"


def test_a_density_of_four_fields_becomes_grams_per_millilitre() -> None:
    out, problems = mapped(crafted())
    ingredients = by(out["ingredients"])

    assert ingredients["flour_all_purpose"]["density_g_per_ml"].startswith("0.50926")
    assert ingredients["butter"]["density_g_per_ml"] is None
    assert any("butter" not in w and "all four density fields" in w for w in problems.warnings)


def test_the_hierarchy_resolves_parents_listed_after_their_children() -> None:
    out, _ = mapped(crafted())
    assert by(out["ingredients"])["flour_all_purpose"]["parent"] == "flours"


def test_products_keep_one_preferred_and_a_usable_gtin() -> None:
    out, problems = mapped(crafted())
    ka, gm = out["products"][0], out["products"][1]

    assert (ka["preferred"], ka["gtin"], ka["preferred_supplier"]) == (
        True, "071012107018", "wegmans_burlington_ma")  # fmt: skip
    assert (gm["preferred"], gm["gtin"]) == (False, None)
    assert any("products[1]: another product" in w for w in problems.warnings)
    assert any("products[1].gtin: '123456789' is not kept" in w for w in problems.warnings)


def test_inventory_quantity_is_in_the_package_unit_and_takes_its_purchase_price() -> None:
    out, problems = mapped(crafted())
    (purchase,) = out["purchases"]

    assert purchase["packages"] == "0.2"  # 1.6 oz of an 8 oz package
    assert purchase["price_per_package"] == "4.8"
    assert purchase["lot"]["unit"] == "g"
    assert purchase["lot"]["quantity_remaining"] == "45.359237"  # 1.6 oz
    assert purchase["lot"]["location"] == "Fridge"
    assert "inventory_items[1]: nothing on hand; not imported" in problems.warnings
    assert any(w.startswith("purchases[1]: not imported") for w in problems.warnings)


def test_recipes_keep_components_by_name_and_units_of_every_yield_mode() -> None:
    out, problems = mapped(crafted())
    recipes = by(out["recipes"])

    assert recipes["cut-out-cookies"]["components"] == [
        {"recipe": "sugar-cookie-dough", "multiplier": "2"}
    ]
    assert recipes["cut-out-cookies"]["finished_units"][0]["items_per_batch"] == "24"
    cake = recipes["layer-cake"]
    assert cake["finished_units"] == [
        {"slug": "half-cake", "name": "Half cake", "items_per_batch": None, "batch_portion": "0.5"}
    ]
    assert cake["ingredients"][0]["ingredient"] == "flour_all_purpose"  # base_ingredients
    assert cake["notes"] == "Source: Grandma"
    # A recipe without units gets one, as bake-tracker does, and says so.
    assert recipes["sugar-cookie-dough"]["finished_units"][0]["items_per_batch"] == "1"
    assert any("'sugar-cookie-dough' has no finished units" in w for w in problems.warnings)


def test_a_weight_yield_is_read_as_a_count_with_a_warning() -> None:
    doc = crafted()
    doc["recipes"][1]["finished_units"][0]["yield_mode"] = "weight"

    out, problems = mapped(doc)

    assert by(out["recipes"])["cut-out-cookies"]["finished_units"][0]["items_per_batch"] == "24"
    assert any("'weight' is not a yield mode here" in w for w in problems.warnings)


def test_goods_get_their_compositions_in_order_and_every_unit_a_bare_good() -> None:
    out, problems = mapped(crafted())
    goods = by(out["finished_goods"])

    assert goods["cookie-box"]["components"] == [
        {"finished_unit": "half-cake", "quantity": "1"},
        {"finished_unit": "cut-out-cookie", "quantity": "6"},
    ]
    assert goods["gift-crate"]["kind"] == "BUNDLE"
    assert {"material": "ribbon_red", "quantity": "30"} in goods["gift-crate"]["components"]
    assert goods["half-cake"]["kind"] == "BARE"
    assert any("compositions[4]: not imported" in w for w in problems.warnings)


def test_material_units_and_package_compositions_find_their_place() -> None:
    out, problems = mapped(crafted())
    crate = by(out["finished_goods"])["gift-crate"]

    assert {"material": "ribbon_red", "quantity": "90"} in crate["components"]  # 2 bows × 45
    assert out["packages"][0]["items"] == [
        {"finished_good": "half-cake", "quantity": 1},
        {"finished_good": "gift-crate", "quantity": 1},
    ]
    assert any("compositions[7]: packaging of a package is not kept" in w
               for w in problems.warnings)  # fmt: skip


def test_packages_recipients_and_events_link_up_by_name_or_title_cased_slug() -> None:
    out, problems = mapped(crafted())
    events = by(out["events"], "name")
    christmas = events["Christmas 2025"]

    assert out["recipients"][0]["household"] == "Parker"
    assert (christmas["year"], christmas["output_mode"], christmas["plan_state"]) == (
        2025, "BUNDLED", "LOCKED")  # fmt: skip
    assert christmas["assignments"][0]["fulfillment_status"] == "ready"  # ERP "assembled"
    assert christmas["assembly_targets"] == [{"finished_good": "gift-crate", "target_quantity": 4}]
    assert events["Bake Sale"]["output_mode"] == "BULK_COUNT"
    assert events["Bake Sale"]["production_targets"] == [
        {"recipe": "cut-out-cookies", "target_batches": 3}
    ]
    assert any("already has a target for 'cut-out-cookies'" in w for w in problems.warnings)
    assert any("'packaged'" in w for w in problems.warnings)


def test_runs_become_production_and_assembly_runs_with_snapshots() -> None:
    out, _ = mapped(crafted())
    run, record = out["production_runs"]

    assert (run["batches"], run["expected_yield"], run["actual_yield"]) == ("2", 48, 45)
    assert (run["loss_quantity"], run["event"]) == (3, "Bake Sale")
    assert run["recipe_snapshot"] == out["recipe_snapshots"][0]["uuid"]
    # A legacy production record of a batch-portion unit: 1 batch of half cakes = 2.
    assert (record["finished_unit"], record["expected_yield"], record["event"]) == (
        "half-cake", 2, "Bake Sale")  # fmt: skip
    assert record["produced_at"].startswith("2025-11-01T00:00:00")
    (assembled,) = out["assembly_runs"]
    assert (assembled["quantity"], assembled["per_unit_cost"], assembled["event"]) == (
        3, "4.2", "Christmas 2025")  # fmt: skip
    assert assembled["finished_good_snapshot"] == out["finished_good_snapshots"][0]["uuid"]


def test_what_cannot_be_mapped_is_reported_not_dropped() -> None:
    _, problems = mapped(crafted())

    assert "material_categories: 1 record(s) not imported (material categories are not " \
           "stored)" in problems.warnings  # fmt: skip
    assert "widgets: not a bake-tracker 4.x array; ignored" in problems.warnings
    assert "products: field 'package_type' is not stored (1 record(s))" in problems.warnings


def test_undefined_ingredients_become_provisional_or_refused_when_strict() -> None:
    out, problems = mapped(crafted())
    assert by(out["ingredients"])["eggs_large"] == {
        "slug": "eggs_large", "name": "Eggs large", "provisional": True}  # fmt: skip
    assert any("provisional: eggs_large" in w for w in problems.warnings)

    _, strict = mapped(crafted(), strict=True)
    refused = "unknown ingredient 'eggs_large' (the file never defines it, and --strict " \
              "refuses provisional ones)"  # fmt: skip
    assert strict.errors == {
        "products[2].ingredient_slug": refused,
        "recipes[0].ingredients[1].ingredient_slug": refused,
    }


def test_an_ingredient_already_stored_is_not_provisional() -> None:
    out, _ = mapped(crafted(), known={"eggs_large"})
    assert "eggs_large" not in by(out["ingredients"])


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        (lambda d: d["recipes"][0]["ingredients"][1].update(unit="smidge"),
         "recipes[0].ingredients[1].unit", "unknown unit 'smidge'"),
        (lambda d: d["recipes"][0]["ingredients"][0].update(quantity="lots"),
         "recipes[0].ingredients[0].quantity", "must be a number, not 'lots'"),
        (lambda d: d["ingredients"][0].update(parent_slug="grains"),
         "ingredients[0].parent_slug", "unknown ingredient 'grains'"),
        (lambda d: d["event_production_targets"][0].update(event_name="Easter"),
         "event_production_targets[0].event_slug", "unknown event 'Easter'"),
        (lambda d: d["finished_units"][0].update(recipe_slug="pie"),
         "finished_units[0].recipe_slug", "unknown recipe 'pie'"),
        (lambda d: d["inventory_items"][0].update(product_brand="Nobody"),
         "inventory_items[0].product_brand", "no product of 'butter' by 'Nobody' in the file, "
         "and the item gives no package (package_unit_quantity and package_unit) to create it "
         "from"),
        (lambda d: d["events"][1].update(event_date="soon"),
         "events[1].event_date", "'soon' is not a date like 2026-12-20"),
    ],
)  # fmt: skip
def test_what_the_mapper_refuses_it_names_in_the_files_own_terms(
    change: Any, path: str, reason: str
) -> None:
    doc = crafted()
    change(doc)

    _, problems = mapped(doc)

    assert problems.errors.get(path) == reason, problems.errors
