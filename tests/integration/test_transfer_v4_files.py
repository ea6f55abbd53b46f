"""The older app's real export files import into an empty database, with what was mapped
reported, and a plan of two of their recipes runs (both databases).

The shared data files and the older app's four test_data/ exports always run: the exports
as committed in tests/data/old-app/, their figures without their prose
(scripts/old_app_figures.py). Set BAKETRACKER_OLD_APP_TEST_DATA to a folder holding the
exports as the older app wrote them to run those unchanged too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from baketracker.services import catalog, events, inventory, planning
from baketracker.services.transfer import DocumentInvalid, import_document
from tests.integration.test_transfer_support import SAMPLE_V4
from tests.support.counts import row_counts
from tests.unit.test_transfer_v4_oddities import nuts

pytestmark = pytest.mark.usefixtures("db")

SHARED = SAMPLE_V4.parent
OLD_APP_FIGURES = Path(__file__).resolve().parents[1] / "data" / "old-app"
OLD_APP = os.environ.get("BAKETRACKER_OLD_APP_TEST_DATA")
ON_CATEGORIES = {"leaf_ingredients": 2, "products": 2, "inventory_items": 2}
# File → (mapped count per kind, two of its recipes to plan).
SHARED_FILES = {
    "bake-tracker-sample-v4.1.json": ({}, ("chocolate-chip-cookies", "fudge-brownies")),
    "holiday-workload-x1.json": (ON_CATEGORIES, ("almond-biscotti", "anzac-cookies")),
    "holiday-workload-x10.json": (ON_CATEGORIES, ("almond-biscotti", "anzac-cookies")),
}
OLD_APP_FILES = {
    "sample_data_min.json": ({}, ("chocolate-chip-cookies", "fudge-brownies")),
    "sample_data_min_transformed.json": ({}, ("sugar-cookies", "pumpkin-pie")),
    "sample_data_all.json": (ON_CATEGORIES, ("almond-biscotti", "anzac-cookies")),
    # Its finished unit "toasted_almond_sablés_standard" gets the slug ..._sables_standard.
    "sample_data_all_transformed.json": ({**ON_CATEGORIES, "slugs": 1},
                                         ("anzac-cookies", "candy-bar-fudge")),
}  # fmt: skip


def read(folder: Path, name: str) -> bytes:
    path = folder / name
    if not path.is_file():
        pytest.fail(f"the export file belongs at {path}", pytrace=False)
    return path.read_bytes()


def mapped_counts(report: dict[str, Any]) -> dict[str, int]:
    return {kind: entry["count"] for kind, entry in report["mapped"].items()}


def plan_two(first: str, second: str) -> dict[str, Any]:
    events.create_event("Imported trial", event_date="2026-12-20", output_mode="BULK_COUNT")
    events.set_production_target("Imported trial", first, 2)
    events.set_production_target("Imported trial", second, 1)
    return planning.create_plan("Imported trial")


def imports_and_plans(text: bytes, mapped: dict[str, int], recipes: tuple[str, str]) -> None:
    report = import_document(text)

    assert mapped_counts(report) == mapped
    result = plan_two(*recipes)
    assert (result["success"], result["recipe_snapshots_created"]) == (True, 2)
    targets = events.get_production_targets("Imported trial")
    assert sorted((t["recipe_slug"], t["target_batches"]) for t in targets) == sorted(
        [(recipes[0], 2), (recipes[1], 1)]
    )
    summary = planning.get_plan_summary("Imported trial")
    assert summary["ingredients"], "the plan of two recipes needs ingredients"


@pytest.mark.parametrize("name", SHARED_FILES)
def test_each_shared_export_imports_with_its_mappings_and_plans(name: str) -> None:
    mapped, recipes = SHARED_FILES[name]
    imports_and_plans(read(SHARED, name), mapped, recipes)


@pytest.mark.parametrize("name", OLD_APP_FILES)
def test_each_export_of_the_older_app_imports_with_its_mappings_and_plans(name: str) -> None:
    mapped, recipes = OLD_APP_FILES[name]
    imports_and_plans(read(OLD_APP_FIGURES, name), mapped, recipes)


@pytest.mark.skipif(
    not OLD_APP,
    reason="BAKETRACKER_OLD_APP_TEST_DATA does not name a folder holding the older app's "
    "test_data/ exports as it wrote them (their figures run from tests/data/old-app/)",
)
@pytest.mark.parametrize("name", OLD_APP_FILES)
def test_each_export_as_the_older_app_wrote_it_imports_the_same(name: str) -> None:
    mapped, recipes = OLD_APP_FILES[name]
    imports_and_plans(read(Path(str(OLD_APP)), name), mapped, recipes)


def test_the_workload_products_on_categories_land_on_unspecified_leaves() -> None:
    report = import_document(read(SHARED, "holiday-workload-x1.json"))

    leaf = catalog.get_ingredient("pecans_unspecified")
    assert (leaf["name"], leaf["parent_slug"], leaf["provisional"]) == (
        "Pecans (unspecified)", "pecans", False)  # fmt: skip
    assert catalog.get_ingredient("almonds_unspecified")["name"] == "Almonds (unspecified)"
    # The 2 lb Costco bag of pecans the file put on the category is stock of the leaf.
    assert inventory.on_hand("pecans_unspecified", "lb") == 2
    assert report["mapped"]["products"]["records"] == [
        "products[5] (Signature Supreme Whole Almonds): almonds → almonds_unspecified",
        "products[105] (Costco Pecans 2 lb): pecans → pecans_unspecified",
    ]
    assert report["mapped"]["inventory_items"]["records"] == [
        "inventory_items[16] (Costco): pecans → pecans_unspecified",
        "inventory_items[18] (Costco Signature Supreme Whole Almonds): almonds → "
        "almonds_unspecified",
    ]


def test_importing_the_workload_again_skips_everything_and_maps_onto_the_same_leaves() -> None:
    text = read(SHARED, "holiday-workload-x1.json")
    import_document(text)
    before = row_counts()

    again = import_document(text)

    assert row_counts() == before
    assert all(c["created"] == 0 for c in again["counts"].values())
    # The file's 413 ingredients are skipped; the two leaves are found stored, not remade.
    assert again["counts"]["ingredients"]["skipped"] == 413
    assert mapped_counts(again) == {"products": 2, "inventory_items": 2}


def test_strict_refuses_the_workload_once_per_use_of_a_category_and_writes_nothing() -> None:
    before = row_counts()

    with pytest.raises(DocumentInvalid) as caught:
        import_document(read(SHARED, "holiday-workload-x1.json"), strict=True)

    category = "is a category with sub-ingredients; use one of them"
    assert sorted(caught.value.errors) == [
        f"inventory_items[16].ingredient_slug: ingredient 'pecans' {category}",
        f"inventory_items[18].ingredient_slug: ingredient 'almonds' {category}",
        f"products[105].ingredient_slug: ingredient 'pecans' {category}",
        f"products[5].ingredient_slug: ingredient 'almonds' {category}",
    ]
    assert row_counts() == before


def test_a_merge_maps_uses_of_a_category_already_stored() -> None:
    catalog_only = {**nuts(), "products": [], "inventory_items": [], "recipes": []}
    import_document(catalog_only)  # Pecans, with halves and chopped under it
    later = {**nuts(), "ingredients": []}  # uses "pecans" without defining it

    report = import_document(later)

    assert mapped_counts(report) == {
        "leaf_ingredients": 1, "products": 1, "recipe_lines": 1, "inventory_items": 1,
        "products_from_inventory": 1}  # fmt: skip
    assert catalog.get_ingredient("pecans_unspecified")["parent_slug"] == "pecans"
    assert report["provisional"] == []
    assert inventory.on_hand("pecans_unspecified", "lb") == 2
