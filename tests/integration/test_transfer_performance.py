"""A season's worth of stock and more imports in bulk: the statements sent do not grow with
the number of lots (the time of 20,000 lots is `make bench`'s, on the same document).

`big_document` lives in bench/documents.py: the benchmark times the same one.
"""

from __future__ import annotations

from typing import Any

import pytest
from bench.documents import big_document
from bench.measure import count_statements

from baketracker.db import get_engine
from baketracker.services import inventory
from baketracker.services.transfer import export_document, import_document
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")


def imported(lots: int) -> tuple[dict[str, Any], int]:
    """Replace everything with a document of `lots` purchases: the report, and the number
    of statements the import sent."""
    document = big_document(lots=lots, ingredients=20)
    with count_statements(get_engine()) as seen:
        report = import_document(document, mode="replace")
    return report, seen.count


def test_ten_times_the_lots_import_with_the_same_statements_and_all_arrive() -> None:
    _, few = imported(200)
    assert row_counts()["inventory_lots"] == 200
    report, many = imported(2_000)

    assert report["counts"]["lots"] == {"created": 2_000, "skipped": 0}
    assert row_counts()["inventory_lots"] == 2_000
    assert many == few  # bulk inserts: one executemany per table, whatever the size
    # FIFO sees them: 100 lots of 2 × 5 lb each for ingredient 0.
    assert inventory.on_hand("ingredient-0", "lb") == 1000
    assert len(export_document()["purchases"]) == 2_000
