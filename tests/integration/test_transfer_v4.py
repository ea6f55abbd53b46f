"""bake-tracker 4.x files through the import: the real sample file and a crafted backup."""

from __future__ import annotations

from decimal import Decimal

import pytest

from baketracker.services import catalog, events, inventory, production, recipes
from baketracker.services.transfer import DocumentInvalid, export_document, import_document
from tests.integration.test_transfer_support import SAMPLE_V4, other_db, state, use, without_stamp
from tests.support.counts import row_counts
from tests.unit.test_transfer_v4 import crafted

pytestmark = pytest.mark.usefixtures("db")
__all__ = ["other_db"]


@pytest.fixture
def sample() -> bytes:
    if not SAMPLE_V4.is_file():
        pytest.fail(f"the real bake-tracker file belongs at {SAMPLE_V4} (shared/data)",
                    pytrace=False)
    return SAMPLE_V4.read_bytes()


def test_the_real_sample_file_imports_with_its_counts_reported(sample: bytes) -> None:
    report = import_document(sample)

    assert report["format"] == "bake-tracker 4.1"
    created = {name: c["created"] for name, c in report["counts"].items()}
    assert created == {
        "ingredients": 50, "products": 50, "recipes": 7, "recipe_lines": 58,
        "finished_units": 8, "finished_goods": 8, "composition_lines": 8, "events": 4,
    }  # fmt: skip
    # The file lists products and recipes but never defines an ingredient.
    assert len(report["provisional"]) == 50
    assert {"eggs_large", "cocoa_powder", "flour_cake"} <= set(report["provisional"])
    warnings = "\n".join(report["warnings"])
    assert "'weight' is not a yield mode here" in warnings
    assert "'packaged', not bulk_count or bundled; read as BUNDLED" in warnings


def test_the_real_files_recipes_units_and_events_are_there(sample: bytes) -> None:
    import_document(sample)

    cookies = recipes.get_recipe("chocolate-chip-cookies")
    assert [u["slug"] for u in cookies["finished_units"]] == [
        "chocolate-chip-cookie-dozen", "chocolate-chip-cookie-batch"]  # fmt: skip
    assert [line["unit"] for line in cookies["ingredients"]][:5] == [
        "cup", "cup", "cup", "cup", "each"]  # fmt: skip
    assert recipes.get_recipe("double-chocolate-chip-cookies")["base_recipe_slug"] == (
        "chocolate-chip-cookies"
    )
    pie = recipes.get_finished_unit("pumpkin-pie-whole")
    assert pie["items_per_batch"] == Decimal(1)
    listed = {e["name"]: e for e in events.list_events()}
    assert listed["Thanksgiving Dinner 2025"]["output_mode"] == "BULK_COUNT"
    assert listed["Christmas Gift Boxes 2025"]["year"] == 2025
    eggs = catalog.get_ingredient("eggs_large")
    assert (eggs["name"], eggs["provisional"]) == ("Eggs large", True)


def test_importing_the_real_file_twice_skips_the_second_time(sample: bytes) -> None:
    import_document(sample)
    before = state()

    report = import_document(sample)

    assert state() == before
    assert all(c["created"] == 0 for c in report["counts"].values())
    assert report["provisional"] == []
    assert len(report["skipped"]["recipes"]) == 7


def test_strict_refuses_the_real_file_and_changes_nothing(sample: bytes) -> None:
    before = state()

    with pytest.raises(DocumentInvalid) as caught:
        import_document(sample, strict=True)

    # Every use of each of the 50 undefined ingredients: 50 products and 58 recipe lines.
    assert len(caught.value.errors) == 108
    assert (
        "products[6].ingredient_slug: unknown ingredient 'eggs_large' (the file never "
        "defines it, and --strict refuses provisional ones)" in caught.value.errors
    )
    assert (
        "recipes[0].ingredients[4].ingredient_slug: unknown ingredient 'eggs_large' (the "
        "file never defines it, and --strict refuses provisional ones)" in caught.value.errors
    )
    assert state() == before


def test_strict_accepts_ingredients_the_database_already_has(sample: bytes) -> None:
    import_document(sample)  # the catalog now holds them (provisional or not)

    report = import_document(sample, strict=True)

    assert report["provisional"] == []


def test_a_full_backup_lands_as_working_stock_recipes_events_and_runs(other_db: str) -> None:
    report = import_document(crafted())

    assert report["provisional"] == ["eggs_large"]
    # 1.6 oz left of an 8 oz pack, at its purchase's price.
    assert inventory.on_hand("butter", "oz") == Decimal("1.6")
    flat = {line["ingredient_slug"]: line for line in recipes.flatten_recipe("cut-out-cookies")}
    assert flat["eggs_large"]["quantity"] == Decimal(2)  # 1 egg × dough batch multiplier 2
    targets = events.get_production_targets("Bake Sale")
    assert [(t["recipe_slug"], t["target_batches"]) for t in targets] == [("cut-out-cookies", 3)]
    runs = production.list_production_runs()
    assert sorted(r["actual_yield"] for r in runs) == [2, 45]
    assert all(r["event_id"] is not None for r in runs)

    document = export_document()
    use(other_db)
    import_document(document)
    assert without_stamp(export_document()) == without_stamp(document)


def test_a_reference_nothing_resolves_refuses_the_file_in_its_own_terms() -> None:
    doc = crafted()
    doc["compositions"][0]["finished_unit_slug"] = "ghost-cookie"
    doc["event_assembly_targets"][0]["finished_good_slug"] = "ghost-box"
    before = row_counts()

    with pytest.raises(DocumentInvalid) as caught:
        import_document(doc)

    assert caught.value.errors == [
        "compositions[0].finished_unit_slug: unknown finished unit 'ghost-cookie'",
        "event_assembly_targets[0].finished_good_slug: unknown finished good 'ghost-box'",
    ]
    assert row_counts() == before
