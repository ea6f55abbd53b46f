"""Documents in the project's own format for the import benchmark (and its test).

`big_document` is the 20,000-lot document `make bench` times and
tests/integration/test_transfer_performance.py imports.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any


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
