"""The bake-tracker 4.x mapper maps a real file's oddities, record by record, and says so."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from baketracker.services.transfer import v4
from baketracker.services.transfer.records import Problems

Doc = dict[str, Any]


def nuts() -> Doc:
    """A small 4.2 file: "Pecans" is a category (halves, chopped) that the file also uses."""
    return {
        "version": "4.2",
        "application": "bake-tracker",
        "exported_at": "2026-01-07T23:23:19+00:00",
        "ingredients": [
            {"slug": "pecans", "display_name": "Pecans", "density_volume_value": 1,
             "density_volume_unit": "cup", "density_weight_value": 110,
             "density_weight_unit": "g"},
            {"slug": "pecans_halves", "display_name": "Pecans, halves", "parent_slug": "pecans"},
            {"slug": "pecans_chopped", "display_name": "Pecans, chopped", "parent_slug": "pecans"},
            {"slug": "butter", "display_name": "Butter"},
        ],
        "products": [
            {"ingredient_slug": "pecans", "brand": "Costco", "package_unit": "lb",
             "package_unit_quantity": 2.0},
            {"ingredient_slug": "pecans_halves", "brand": "Diamond", "package_unit": "oz",
             "package_unit_quantity": 8},
        ],
        "inventory_items": [
            {"ingredient_slug": "pecans", "product_brand": "Costco", "quantity": 2.0,
             "package_unit": "lb", "package_unit_quantity": 2.0},
            {"ingredient_slug": "butter", "product_brand": "Kerrygold", "quantity": 16,
             "product_name": "Unsalted butter", "package_unit": "oz",
             "package_unit_quantity": 8},
            {"ingredient_slug": "butter", "product_brand": "Kerrygold", "quantity": 4,
             "product_name": "Unsalted butter", "package_unit": "oz",
             "package_unit_quantity": 8},
        ],
        "recipes": [
            {"name": "Pecan Pie", "slug": "pecan-pie", "ingredients": [
                {"ingredient_slug": "pecans", "quantity": 1.5, "unit": "cup"},
                {"ingredient_slug": "butter", "quantity": 4, "unit": "tbsp"}]},
        ],
    }  # fmt: skip


def mapped(doc: Doc, *, strict: bool = False, stored: dict[str, str] | None = None) -> Any:
    problems = Problems()
    out, _ = v4.to_document(
        doc, known=set(stored or {}), strict=strict, problems=problems, categories=stored
    )
    return out, problems


def test_uses_of_a_category_go_to_one_unspecified_leaf_under_it() -> None:
    out, problems = mapped(nuts())

    leaves = [i for i in out["ingredients"] if i["slug"] == "pecans_unspecified"]
    assert len(leaves) == 1
    leaf = leaves[0]
    assert (leaf["name"], leaf["parent"], leaf["provisional"]) == (
        "Pecans (unspecified)", "pecans", False)  # fmt: skip
    assert leaf["density_g_per_ml"] == next(
        i["density_g_per_ml"] for i in out["ingredients"] if i["slug"] == "pecans"
    )
    assert out["products"][0]["ingredient"] == "pecans_unspecified"
    assert out["products"][1]["ingredient"] == "pecans_halves"  # a leaf stays where it is
    assert out["recipes"][0]["ingredients"][0]["ingredient"] == "pecans_unspecified"
    assert problems.errors == {}
    assert problems.mapped["leaf_ingredients"] == [
        "Pecans (unspecified) (pecans_unspecified) under Pecans (pecans)"]  # fmt: skip
    assert problems.mapped["products"] == [
        "products[0] (Costco Pecans 2 lb): pecans → pecans_unspecified"]  # fmt: skip
    assert problems.mapped["recipe_lines"] == [
        "recipes[0].ingredients[0] (Pecan Pie): pecans → pecans_unspecified"]  # fmt: skip
    assert problems.mapped["inventory_items"] == [
        "inventory_items[0] (Costco): pecans → pecans_unspecified"]  # fmt: skip


def test_stock_on_the_category_is_stock_of_the_product_moved_to_the_leaf() -> None:
    out, _ = mapped(nuts())

    costco = out["products"][0]["slug"]
    assert [p["product"] for p in out["purchases"]][:1] == [costco]


def test_an_item_whose_product_is_missing_gets_it_from_its_own_package_once() -> None:
    out, problems = mapped(nuts())

    made = [p for p in out["products"] if p["brand"] == "Kerrygold"]
    assert len(made) == 1
    assert (made[0]["name"], made[0]["package_quantity"], made[0]["package_unit"],
            made[0]["ingredient"]) == ("Unsalted butter", "8", "oz", "butter")  # fmt: skip
    # Both items are stock of that one product: 16 oz = 2 packages, 4 oz = half a package.
    bought = [p for p in out["purchases"] if p["product"] == made[0]["slug"]]
    assert [p["packages"] for p in bought] == ["2", "0.5"]
    assert problems.mapped["products_from_inventory"] == [
        "inventory_items[1]: Unsalted butter (unsalted-butter) on butter"]  # fmt: skip


def test_a_missing_product_on_a_category_is_made_on_the_leaf() -> None:
    doc = nuts()
    doc["inventory_items"][0]["product_brand"] = "Trader Joe's"

    out, problems = mapped(doc)

    made = next(p for p in out["products"] if p["brand"] == "Trader Joe's")
    assert (made["name"], made["ingredient"]) == (
        "Trader Joe's Pecans 2 lb", "pecans_unspecified")  # fmt: skip
    assert problems.errors == {}


def test_an_item_without_a_package_still_refuses_naming_the_field() -> None:
    doc = nuts()
    del doc["inventory_items"][1]["package_unit"]

    _, problems = mapped(doc)

    assert problems.errors == {
        "inventory_items[1].product_brand": "no product of 'butter' by 'Kerrygold' in the "
        "file, and the item gives no package (package_unit_quantity and package_unit) to "
        "create it from"
    }


def test_strict_maps_nothing_and_refuses_each_use() -> None:
    out, problems = mapped(nuts(), strict=True)

    assert not any(i["slug"] == "pecans_unspecified" for i in out["ingredients"])
    assert problems.mapped == {}
    assert problems.errors == {
        "inventory_items[0].ingredient_slug": "ingredient 'pecans' is a category with "
        "sub-ingredients; use one of them",
        "inventory_items[1].product_brand": "no product of 'butter' by 'Kerrygold' in the file",
        "inventory_items[2].product_brand": "no product of 'butter' by 'Kerrygold' in the file",
    }  # (the products and recipe lines on the category are refused by the import's rules)


def test_a_stored_category_on_a_merge_gets_its_leaf_too() -> None:
    doc = nuts()
    doc["ingredients"] = [i for i in doc["ingredients"] if i["slug"] == "butter"]

    out, problems = mapped(doc, stored={"pecans": "Pecans", "pecans_halves": "Pecans, halves"})

    leaf = next(i for i in out["ingredients"] if i["slug"] == "pecans_unspecified")
    assert (leaf["name"], leaf["parent"]) == ("Pecans (unspecified)", "pecans")
    assert out["products"][0]["ingredient"] == "pecans_unspecified"


def test_a_leaf_the_file_already_has_under_the_category_is_used_not_remade() -> None:
    doc = nuts()
    doc["ingredients"].append(
        {"slug": "pecans_unspecified", "display_name": "Pecans, any", "parent_slug": "pecans"}
    )

    out, problems = mapped(doc)

    assert [i["name"] for i in out["ingredients"] if i["slug"] == "pecans_unspecified"] == [
        "Pecans, any"]  # fmt: skip
    assert "leaf_ingredients" not in problems.mapped
    assert out["products"][0]["ingredient"] == "pecans_unspecified"


def test_the_transformed_shape_top_level_finished_units_by_recipe_name() -> None:
    """The older app's "_transformed" exports move finished units to a top-level array that
    names its recipe and carries category, inventory_count, is_archived, previous_slug."""
    doc = nuts()
    doc["finished_units"] = [
        {"slug": "pecan_pie_standard", "display_name": "Standard Pecan Pie",
         "recipe_name": "Pecan Pie", "category": "Pies", "yield_mode": "discrete_count",
         "items_per_batch": 1, "item_unit": "pie", "batch_percentage": None,
         "portion_description": None, "inventory_count": 0, "is_archived": False,
         "previous_slug": None},
    ]  # fmt: skip

    out, problems = mapped(doc)

    [unit] = out["recipes"][0]["finished_units"]
    assert (unit["slug"], unit["name"], unit["items_per_batch"]) == (
        "pecan_pie_standard", "Standard Pecan Pie", "1")  # fmt: skip
    assert not any("has no finished units" in w for w in problems.warnings)
    assert "finished_units: field 'inventory_count' is not stored (1 record(s))" in (
        problems.warnings
    )
    assert problems.errors == {}


@given(
    uses=st.lists(
        st.tuples(st.sampled_from(["products", "recipe_lines"]),
                  st.sampled_from(["pecans", "pecans_halves", "butter"])),
        min_size=1, max_size=8,
    )
)  # fmt: skip
def test_no_record_is_left_on_a_category_and_every_move_is_noted(
    uses: list[tuple[str, str]],
) -> None:
    doc = nuts()
    doc["inventory_items"] = []
    doc["products"] = [
        {"ingredient_slug": slug, "brand": f"B{i}", "package_unit": "lb",
         "package_unit_quantity": 1}
        for i, (kind, slug) in enumerate(uses) if kind == "products"
    ]  # fmt: skip
    doc["recipes"][0]["ingredients"] = [
        {"ingredient_slug": slug, "quantity": 1, "unit": "cup"}
        for kind, slug in uses
        if kind == "recipe_lines"
    ]

    out, problems = mapped(doc)

    used = [p["ingredient"] for p in out["products"]]
    used += [line["ingredient"] for line in out["recipes"][0]["ingredients"]]
    assert "pecans" not in used
    moved = sum(1 for _, slug in uses if slug == "pecans")
    noted = len(problems.mapped.get("products", [])) + len(problems.mapped.get("recipe_lines", []))
    assert noted == moved
    assert len(problems.mapped.get("leaf_ingredients", [])) == (1 if moved else 0)


def test_a_slug_ours_cannot_hold_is_rewritten_with_its_references_and_noted() -> None:
    doc = nuts()
    doc["recipes"][0]["slug"] = "tarte_aux_noix_grillées"
    doc["finished_units"] = [
        {"slug": "Tarte Entière", "display_name": "Whole tart",
         "recipe_slug": "tarte_aux_noix_grillées", "yield_mode": "discrete_count",
         "items_per_batch": 1},
    ]  # fmt: skip
    doc["event_production_targets"] = [
        {"event_name": "Fête", "recipe_slug": "tarte_aux_noix_grillées", "target_batches": 2}
    ]
    doc["events"] = [{"name": "Fête", "event_date": "2026-07-14"}]

    out, problems = mapped(doc)

    recipe = out["recipes"][0]
    assert recipe["slug"] == "tarte_aux_noix_grillees"
    assert recipe["finished_units"][0]["slug"] == "tarte-entiere"
    assert out["events"][0]["production_targets"][0]["recipe"] == "tarte_aux_noix_grillees"
    assert problems.mapped["slugs"] == [
        "recipes[0]: 'tarte_aux_noix_grillées' → 'tarte_aux_noix_grillees'",
        "finished_units[0]: 'Tarte Entière' → 'tarte-entiere'",
    ]

    _, strict = mapped(doc, strict=True)
    assert "slugs" not in strict.mapped  # left as they are: the import refuses each
