"""Read-only views of stock composed from the catalog and inventory services (no writes).

`low_stock` compares each item's stock with a number of packages of its preferred product:
a threshold that needs no unit, so flour (g), vanilla (ml) and boxes (each) share it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from baketracker.domain import units
from baketracker.services import catalog, inventory


def _buy_product(products: list[dict[str, Any]]) -> dict[str, Any]:
    return next((p for p in products if p["preferred"]), products[0])


def low_stock(session: Session, packages: Decimal) -> list[dict[str, Any]]:
    """Items with a product whose stock is zero or below `packages` packages of it.

    Each line: kind, slug, name, on_hand, unit, threshold, product (the one to buy).
    Zero stock comes first, then the items closest to running out.
    """
    by_item: dict[tuple[str, str], list[dict[str, Any]]] = {}
    names: dict[tuple[str, str], str] = {}
    for product in catalog.list_products(session=session):
        kind = "ingredient" if product["ingredient_slug"] else "material"
        key = (kind, product["ingredient_slug"] or product["material_slug"])
        by_item.setdefault(key, []).append(product)
    for item in catalog.list_ingredients(leaves_only=True, session=session):
        names[("ingredient", item["slug"])] = item["name"]
    for item in catalog.list_materials(session=session):
        names[("material", item["slug"])] = item["name"]
    stock: dict[tuple[str, str, str], Decimal] = {}
    for line in inventory.stock_summary(session=session):
        stock[(line["kind"], line["slug"], line["unit"])] = line["quantity"]
    out: list[dict[str, Any]] = []
    for key, products in by_item.items():
        product = _buy_product(products)
        per_package, base = units.to_base(product["package_quantity"], product["package_unit"])
        on_hand = stock.get((*key, base), Decimal(0))
        threshold = packages * per_package
        if on_hand <= 0 or on_hand < threshold:
            out.append(
                {
                    "kind": key[0],
                    "slug": key[1],
                    "name": names.get(key, key[1]),
                    "on_hand": on_hand,
                    "unit": base,
                    "threshold": threshold,
                    "product": product,
                    "share": on_hand / threshold if threshold else Decimal(0),
                }
            )
    out.sort(key=_urgency)
    return out


def _urgency(line: dict[str, Any]) -> tuple[bool, Decimal, str]:
    return (line["on_hand"] > 0, line["share"], str(line["name"]).lower())


def stock_value(summary: list[dict[str, Any]]) -> Decimal:
    return sum((line["value"] for line in summary), start=Decimal(0))
