"""Concurrent consumers never overdraw a lot, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest

from baketracker.errors import InsufficientStock
from baketracker.services import catalog, inventory

pytestmark = pytest.mark.usefixtures("db")


def test_eight_bakers_drawing_at_once_take_exactly_what_two_lots_hold() -> None:
    catalog.create_ingredient("Eggs")
    catalog.create_product("eggs", brand="Farm", package_quantity=6, package_unit="each",
                           slug="eggs-6")
    inventory.record_purchase("eggs-6", packages=1, price_per_package="3.00",
                              purchased_on=date(2026, 11, 1))
    inventory.record_purchase("eggs-6", packages=1, price_per_package="3.60",
                              purchased_on=date(2026, 11, 2))
    start = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def bake() -> None:
        start.wait()
        try:
            inventory.consume_fifo("eggs", 3, "each")
            result = "drawn"
        except InsufficientStock:
            result = "short"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=bake) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(outcomes) == ["drawn"] * 4 + ["short"] * 4
    assert inventory.on_hand("eggs", "each") == Decimal(0)
    assert all(lot["quantity_remaining"] == 0
               for lot in inventory.list_lots("eggs", include_empty=True))
