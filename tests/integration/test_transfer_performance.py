"""A season's worth of stock and more: 20,000 lots import in seconds, not minutes.

`big_document` is the generator the benchmark (make bench) can time side by side.
"""

from __future__ import annotations

import time
import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from baketracker.services import inventory
from baketracker.services.transfer import export_document, import_document
from tests.support.counts import row_counts

pytestmark = [pytest.mark.usefixtures("db"), pytest.mark.slow]


def big_document(lots: int = 20_000, ingredients: int = 200) -> dict[str, Any]:
    """A valid document with `lots` purchases (each with its lot) over `ingredients`."""
    start = date(2026, 1, 1)
    return {
        "format": "baketracker",
        "version": "1",
        "ingredients": [
            {"slug": f"ingredient-{i}", "name": f"Ingredient {i}", "density_g_per_ml": "0.5"}
            for i in range(ingredients)
        ],
        "products": [
            {
                "slug": f"product-{i}",
                "name": f"Product {i}",
                "ingredient": f"ingredient-{i}",
                "package_quantity": "5",
                "package_unit": "lb",
            }
            for i in range(ingredients)
        ],  # fmt: skip
        "purchases": [
            {
                "uuid": str(uuid.UUID(int=n + 1)),
                "product": f"product-{n % ingredients}",
                "purchased_on": (start + timedelta(days=n % 300)).isoformat(),
                "packages": "2",
                "price_per_package": "6.49",
            }
            for n in range(lots)
        ],  # fmt: skip
    }


def test_twenty_thousand_lots_import_well_under_a_minute() -> None:
    document = big_document()

    started = time.perf_counter()
    report = import_document(document)
    elapsed = time.perf_counter() - started

    assert report["counts"]["lots"] == {"created": 20_000, "skipped": 0}
    assert row_counts()["inventory_lots"] == 20_000
    # A generous ceiling for a shared, noisy machine; it takes a few seconds.
    print(f"import of 20,000 lots: {elapsed:.1f} s")
    assert elapsed < 60, f"{elapsed:.1f} s"
    # FIFO sees them: 100 lots of 2 × 5 lb each for ingredient 0.
    assert inventory.on_hand("ingredient-0", "lb") == 1000
    assert len(export_document()["purchases"]) == 20_000
