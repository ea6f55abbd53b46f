"""Export → import → export gives the same document, and an imported plan still works."""

from __future__ import annotations

import json
from typing import Any

import pytest

from baketracker.db import session_scope
from baketracker.services import amendments, catalog, events, planning, recipes
from baketracker.services.transfer import export_document, import_document, load_demo
from baketracker.services.transfer.schema import build_schema, shipped_schema
from tests.integration.test_transfer_support import (
    EVENT,
    busy_bakery,
    other_db,
    state,
    use,
    without_stamp,
)
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")
__all__ = ["other_db"]  # the fixture, imported for pytest


def _strip_ids(value: Any) -> Any:
    """A service result without database ids (which differ between databases)."""
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def test_every_table_round_trips_into_an_empty_database_unchanged(other_db: str) -> None:
    busy_bakery()
    first = export_document()
    counts = row_counts()
    # Accounts are not data, nor is the replay cache of HTTP writes: neither is exported.
    staying = ("alembic_version", "users", "api_tokens", "idempotency_keys")
    data = {t: n for t, n in counts.items() if t not in staying}
    assert all(n > 0 for n in data.values()), counts

    use(other_db)
    report = import_document(json.loads(json.dumps(first)))
    second = export_document()
    # The new database's trail also says that the import happened.
    assert second["activity"][-1]["summary"].startswith("Imported")

    assert without_stamp(second) == without_stamp(first)
    assert row_counts() == {**counts, "activity": counts["activity"] + 1}
    assert report["counts"]["depletions"] == {"created": counts["depletions"], "skipped": 0}


def test_the_document_header_says_what_it_is() -> None:
    document = export_document()

    assert (document["format"], document["version"]) == ("baketracker", "1")
    assert document["exported_at"] and document["app_version"]


def test_the_shipped_schema_is_the_one_the_specs_describe() -> None:
    assert shipped_schema() == json.loads(json.dumps(build_schema()))


def test_an_imported_plan_reads_its_snapshots_in_the_new_database(other_db: str) -> None:
    busy_bakery()
    document = export_document()
    summary = planning.get_plan_summary(EVENT)
    comparison = amendments.compare_plan(EVENT)
    progress = events.get_production_progress(EVENT)

    use(other_db)
    # Rows already here shift every id, so a snapshot still pointing at old ids would
    # read the wrong recipe, unit or good.
    catalog.create_supplier("Somebody else")
    catalog.create_ingredient("Filler", slug="filler")
    recipes.create_recipe("Filler", finished_units=[{"name": "Filler", "items_per_batch": 3}])
    import_document(document)

    assert _strip_ids(planning.get_plan_summary(EVENT)) == _strip_ids(summary)
    assert _strip_ids(amendments.compare_plan(EVENT)) == _strip_ids(comparison)
    assert _strip_ids(events.get_production_progress(EVENT)) == _strip_ids(progress)


def test_merging_the_same_document_again_skips_everything_and_says_so() -> None:
    load_demo()
    document = export_document()
    before = state()

    report = import_document(document)

    assert state() == before
    assert all(c["created"] == 0 for c in report["counts"].values())
    assert report["skipped"]["recipes"][:2] == ["sugar-cookie-dough", "royal-icing"]
    assert len(report["skipped"]["recipients"]) == 10


def test_a_merge_adds_what_is_new_and_keeps_what_is_there() -> None:
    catalog.create_ingredient("Flour", slug="flour", density="1 cup = 120 g")
    document = {
        "format": "baketracker",
        "version": "1",
        "ingredients": [
            {"slug": "flour", "name": "Flour (from the file)", "density_g_per_ml": "0.6"},
            {"slug": "rye", "name": "Rye flour"},
        ],
        "recipes": [
            {"slug": "rye-bread", "name": "Rye bread",
             "ingredients": [{"ingredient": "flour", "quantity": "3", "unit": "cups"}],
             "finished_units": [{"slug": "rye-loaf", "name": "Rye loaf", "batch_portion": "1"}]},
        ],
    }  # fmt: skip

    report = import_document(document)

    assert report["skipped"] == {"ingredients": ["flour"]}
    assert report["counts"]["ingredients"] == {"created": 1, "skipped": 1}
    assert catalog.get_ingredient("flour")["name"] == "Flour"
    line = recipes.get_recipe("rye-bread")["ingredients"][0]
    assert (line["ingredient_slug"], line["unit"]) == ("flour", "cup")


def test_a_dry_run_reports_what_would_happen_and_writes_nothing() -> None:
    load_demo()
    document = export_document()
    before = state()

    report = import_document(document, mode="replace", dry_run=True)

    assert report["dry_run"] is True
    assert report["counts"]["recipes"] == {"created": 14, "skipped": 0}
    assert state() == before


def test_replace_swaps_the_whole_data_set() -> None:
    load_demo()
    small = {
        "format": "baketracker",
        "version": "1",
        "ingredients": [{"slug": "salt", "name": "Salt"}],
    }

    report = import_document(small, mode="replace")

    assert report["counts"] == {"ingredients": {"created": 1, "skipped": 0}}
    counts = row_counts()
    assert counts["ingredients"] == 1
    assert counts["recipes"] == counts["events"] == counts["inventory_lots"] == 0


def test_a_replace_that_fails_while_writing_keeps_the_old_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    busy_bakery()
    document = export_document()
    before = state()
    from baketracker.services.transfer import importer

    def broken_write(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "write", broken_write)

    with pytest.raises(RuntimeError, match="disk full"):
        import_document(document, mode="replace")

    assert state() == before


def test_an_import_inside_a_callers_transaction_commits_with_it() -> None:
    document = {
        "format": "baketracker",
        "version": "1",
        "ingredients": [{"slug": "salt", "name": "Salt"}],
    }
    with pytest.raises(RuntimeError):
        with session_scope() as session:
            import_document(document, session=session)
            raise RuntimeError("the caller changes its mind")
    assert row_counts()["ingredients"] == 0

    with session_scope() as session:
        import_document(document, session=session)
    assert row_counts()["ingredients"] == 1


def test_progress_is_reported_for_both_stages() -> None:
    seen: dict[str, tuple[int, int]] = {}

    def progress(stage: str, done: int, total: int) -> None:
        seen[stage] = (done, total)

    document = {
        "format": "baketracker",
        "version": "1",
        "ingredients": [{"slug": f"i{n}", "name": f"I {n}"} for n in range(2500)],
    }
    import_document(document, progress=progress)
    export_document(progress=progress)

    assert seen["Checking"] == (2500, 2500)
    assert seen["Writing"] == (2500, 2500)
    assert seen["Exporting"] == (2501, 2501)  # and the trail's line about the import


def test_the_documents_enum_values_are_the_services_own() -> None:
    from baketracker.services import amendments as amend
    from baketracker.services import catalog as cat
    from baketracker.services import events as ev
    from baketracker.services import inventory as inv
    from baketracker.services import production as prod
    from baketracker.services.transfer import spec

    assert spec.SUPPLIER_KINDS == cat.SUPPLIER_KINDS
    assert spec.OUTPUT_MODES == ev.OUTPUT_MODES
    assert spec.AMENDMENT_TYPES == amend.AMENDMENT_TYPES
    assert spec.DRAW_REASONS == inv.DRAW_REASONS
    assert spec.LOSS_CATEGORIES == prod.LOSS_CATEGORIES


def test_a_merge_skips_what_needs_a_unit_of_a_recipe_it_skips() -> None:
    load_demo()
    document = {
        "format": "baketracker",
        "version": "1",
        "recipes": [
            {"slug": "fudge-brownies", "name": "Brownies from elsewhere", "finished_units": [
                {"slug": "brownie-square", "name": "Brownie square", "items_per_batch": 16}]},
        ],
        "finished_goods": [
            {"slug": "brownie-bag", "name": "Brownie bag", "components": [
                {"finished_unit": "brownie-square", "quantity": "4"}]},
            {"slug": "tin-of-truffles", "name": "Tin of truffles", "components": [
                {"finished_unit": "chocolate-truffle", "quantity": "12"}]},
        ],
        "packages": [{"name": "Brownie gift", "items": [
            {"finished_good": "brownie-bag", "quantity": 1}]}],
    }  # fmt: skip
    before = row_counts()

    report = import_document(document)

    assert report["skipped"] == {
        "recipes": ["fudge-brownies"],
        "finished_goods": ["brownie-bag"],
        "packages": ["Brownie gift"],
    }
    assert report["counts"]["finished_goods"] == {"created": 1, "skipped": 1}
    assert any(
        w.startswith("finished good 'brownie-bag' is skipped: it needs finished unit "
                     "'brownie-square', which belongs to recipe 'fudge-brownies'")
        for w in report["warnings"]
    )  # fmt: skip
    assert row_counts()["finished_goods"] == before["finished_goods"] + 1
