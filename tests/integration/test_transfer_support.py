"""Shared helpers for the transfer tests (no tests of its own): a checksum of everything
stored, a busy bakery built through the services, and small documents to corrupt."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from baketracker import db as dbmod
from baketracker.services import (
    amendments,
    assembly,
    inventory,
    plan_state,
    production,
    recipes,
    recipients,
)
from baketracker.services.transfer import export_document, load_demo
from tests.conftest import fresh_database_url
from tests.support.counts import row_counts

EVENT = "Christmas 2026"
SAMPLE_V4 = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "bake-tracker-sample-v4.1.json"
)


def without_stamp(document: dict[str, Any]) -> dict[str, Any]:
    """The document without its timestamp, nor the trail's lines about imports (a copy
    restored elsewhere also says it was imported there)."""
    out = {k: v for k, v in document.items() if k != "exported_at"}
    if "activity" in out:
        out["activity"] = [a for a in out["activity"] if a.get("kind") != "transfer"]
    return out


def checksum() -> str:
    """A fingerprint of everything stored (the export, minus its timestamp)."""
    text = json.dumps(without_stamp(export_document()), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def state() -> tuple[dict[str, int], str]:
    """Row counts of every table and the checksum: what 'nothing changed' compares. The
    trail's own count is left out (it also records the imports themselves); its other lines
    are in the checksum."""
    counts = row_counts()
    counts.pop("activity", None)
    return counts, checksum()


def busy_bakery() -> None:
    """The demo season, then a plan in production with runs, assembly, an amendment, an
    adjustment, a renamed recipe and a delivery: every table gets rows."""
    load_demo()
    plan_state.lock_plan(EVENT)
    plan_state.start_production(EVENT)
    production.record_batch_production(
        "gingerbread-people", 1, event=EVENT, actual_yield=28, loss_category="broken"
    )
    production.record_batch_production("cranberry-pecan-biscotti", 1, event=EVENT)
    assembly.record_assembly("biscotti-bag", 2, event=EVENT)
    amendments.create_amendment(
        EVENT, "MODIFY_BATCH", {"recipe": "fudge-brownies", "new_batches": 2}, "Office party"
    )
    inventory.adjust_stock("eggs", 2, "each", reason="spoilage", note="cracked")
    production.record_batch_production("pecan-shortbread", 1)
    recipes.update_recipe("royal-icing", slug="royal-icing-classic")
    first = recipients.list_assignments(EVENT)[0]
    recipients.advance_fulfillment(first["id"])


def small_document() -> dict[str, Any]:
    """A small but complete own-format document (catalog, recipe, goods, event, stock)."""
    return copy.deepcopy(_SMALL)


_SMALL: dict[str, Any] = {
    "format": "baketracker",
    "version": "1",
    "suppliers": [{"slug": "corner-shop", "name": "Corner shop"}],
    "ingredients": [
        {"slug": "sugars", "name": "Sugars"},
        {"slug": "sugar", "name": "Sugar", "parent": "sugars", "density_g_per_ml": "0.85"},
        {"slug": "flour", "name": "Flour", "density_g_per_ml": "0.5283"},
        {"slug": "butter", "name": "Butter", "density_g_per_ml": "0.96"},
    ],
    "materials": [{"slug": "tin", "name": "Tin"}, {"slug": "ribbon", "name": "Ribbon",
                                                   "base_unit": "cm"}],
    "products": [
        {"slug": "flour-5lb", "name": "Flour 5 lb", "ingredient": "flour",
         "package_quantity": "5", "package_unit": "lb", "preferred": True,
         "preferred_supplier": "corner-shop"},
        {"slug": "sugar-4lb", "name": "Sugar 4 lb", "ingredient": "sugar",
         "package_quantity": 4, "package_unit": "lb"},
        {"slug": "butter-1lb", "name": "Butter 1 lb", "ingredient": "butter",
         "package_quantity": "1", "package_unit": "lb", "gtin": "012345678905"},
        {"slug": "tins-12", "name": "Tins x12", "material": "tin",
         "package_quantity": "12", "package_unit": "each"},
    ],
    "recipes": [
        {"slug": "shortbread-dough", "name": "Shortbread dough", "ingredients": [
            {"ingredient": "flour", "quantity": "2", "unit": "cup"},
            {"ingredient": "butter", "quantity": "1", "unit": "cup"},
            {"ingredient": "sugar", "quantity": "0.5", "unit": "cup"}]},
        {"slug": "shortbread", "name": "Shortbread", "category": "Cookies",
         "components": [{"recipe": "shortbread-dough", "multiplier": "1"}],
         "finished_units": [{"slug": "shortbread-finger", "name": "Shortbread finger",
                             "items_per_batch": "24"}]},
    ],
    "finished_goods": [
        {"slug": "shortbread-finger", "name": "Shortbread finger", "kind": "BARE",
         "components": [{"finished_unit": "shortbread-finger", "quantity": "1"}]},
        {"slug": "shortbread-tin", "name": "Shortbread tin", "components": [
            {"finished_unit": "shortbread-finger", "quantity": "12"},
            {"material": "tin", "quantity": "1"}, {"material": "ribbon", "quantity": "60"}]},
    ],
    "packages": [{"name": "Thank-you box", "items": [
        {"finished_good": "shortbread-tin", "quantity": 1}]}],
    "recipients": [
        {"uuid": "00000000-0000-4000-8000-000000000001", "name": "Ana"},
        {"uuid": "00000000-0000-4000-8000-000000000002", "name": "Ana", "household": "Lee"},
    ],
    "events": [{"name": "Open day", "event_date": "2026-12-05", "assignments": [
        {"recipient": "00000000-0000-4000-8000-000000000001", "package": "Thank-you box"},
        {"recipient": "00000000-0000-4000-8000-000000000002", "package": "Thank-you box",
         "quantity": 2}],
        "production_targets": [{"recipe": "shortbread", "target_batches": 2}],
        "assembly_targets": [{"finished_good": "shortbread-tin", "target_quantity": 3}]}],
    "purchases": [
        {"uuid": "00000000-0000-4000-8000-0000000000a1", "product": "flour-5lb",
         "supplier": "corner-shop", "purchased_on": "2026-11-01", "packages": "2",
         "price_per_package": "6.49"},
        {"uuid": "00000000-0000-4000-8000-0000000000a2", "product": "butter-1lb",
         "purchased_on": "2026-11-02", "packages": "3", "price_per_package": "4.50"},
        {"uuid": "00000000-0000-4000-8000-0000000000a3", "product": "tins-12",
         "purchased_on": "2026-11-03", "packages": "1", "price_per_package": "24"},
    ],
}  # fmt: skip


@pytest.fixture
def other_db(db_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A second fresh database on the same backend as `db` (not yet in use)."""
    backend = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    folder = tmp_path / "other"
    folder.mkdir()
    yield from fresh_database_url(backend, request, folder)


def use(url: str) -> None:
    """Point the services at `url` from now on."""
    dbmod.configure(url)
