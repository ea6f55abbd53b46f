"""A season's worth of stock and more: 20,000 lots import in seconds, not minutes.

`big_document` lives in bench/documents.py: the benchmark (make bench) times the same one.
"""

from __future__ import annotations

import time

import pytest
from bench.documents import big_document

from baketracker.services import inventory
from baketracker.services.transfer import export_document, import_document
from tests.support.counts import row_counts

pytestmark = [pytest.mark.usefixtures("db"), pytest.mark.slow]


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
