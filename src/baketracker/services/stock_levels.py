"""Stock levels for the dashboard: what is running low, and what the stock is worth.

The rule (domain/low_stock.py) counts in packages of each item's preferred product; this
module gathers the products, item names and stock it needs in one read-only use case.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import low_stock as rule
from baketracker.domain import units
from baketracker.services import catalog, inventory


def _buy_product(products: list[dict[str, Any]]) -> dict[str, Any]:
    return next((p for p in products if p["preferred"]), products[0])


@transactional(read_only=True)
def list_low_stock(
    packages: Decimal,
    *,
    summary: Iterable[dict[str, Any]] | None = None,
    session: Session = AUTO,
) -> list[dict[str, Any]]:
    """Items with a product whose stock is zero or below `packages` packages of it.

    Each line: kind, slug, name, on_hand, unit, threshold, product (the one to buy),
    share (of the threshold on hand). Zero stock comes first, then the items closest to
    running out. `summary`: `inventory.stock_summary()` as the caller read it already in
    this transaction (the dashboard also shows its value), else it is read here.
    """
    by_item: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for product in catalog.list_products(session=session):
        kind = "ingredient" if product["ingredient_slug"] else "material"
        key = (kind, product["ingredient_slug"] or product["material_slug"])
        by_item.setdefault(key, []).append(product)
    names: dict[tuple[str, str], str] = {
        ("ingredient", item["slug"]): item["name"]
        for item in catalog.list_ingredients(leaves_only=True, session=session)
    } | {
        ("material", item["slug"]): item["name"] for item in catalog.list_materials(session=session)
    }
    stock = {
        (line["kind"], line["slug"], line["unit"]): line["quantity"]
        for line in (inventory.stock_summary(session=session) if summary is None else summary)
    }
    out: list[dict[str, Any]] = []
    for key, products in by_item.items():
        product = _buy_product(products)
        per_package, base = units.to_base(product["package_quantity"], product["package_unit"])
        on_hand = stock.get((*key, base), Decimal(0))
        limit = rule.threshold(packages, per_package)
        if rule.is_low(on_hand, limit):
            out.append({
                "kind": key[0],
                "slug": key[1],
                "name": names.get(key, key[1]),
                "on_hand": on_hand,
                "unit": base,
                "threshold": limit,
                "product": product,
                "share": rule.share(on_hand, limit),
            })
    out.sort(key=lambda line: rule.urgency(line["on_hand"], line["threshold"], line["name"]))
    return out


def stock_value(summary: Iterable[dict[str, Any]]) -> Decimal:
    """What the lines of `inventory.stock_summary` are worth together."""
    return sum((line["value"] for line in summary), start=Decimal(0))
