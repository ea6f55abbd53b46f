"""Reading stock: how much is on hand, the lots, and one summary line per item."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import fifo, units
from baketracker.models import Ingredient, InventoryLot, Material
from baketracker.services.stock_draws import (
    StockItem,
    StockKind,
    lot_factor,
    lots_query,
    stock_item,
)


def on_hand_of(session: Session, item: StockItem, unit: str) -> Decimal:
    """Everything in stock that can be expressed in `unit` (lots needing a missing density
    are left out)."""
    target = units.canonical_unit(unit)
    total = Decimal(0)
    for lot in session.scalars(lots_query(item, lock=False)):
        factor = lot_factor(lot, target, item)
        if factor is not None:
            total += lot.quantity_remaining * factor
    return total


@transactional
def on_hand(
    ingredient: object, unit: str, *, kind: StockKind | None = None, session: Session = AUTO
) -> Decimal:
    """How much of an ingredient or material is in stock, in `unit`."""
    return on_hand_of(session, stock_item(session, ingredient, kind), unit)


def lot_dict(lot: InventoryLot) -> dict[str, Any]:
    return {
        "lot_id": lot.id,
        "product_slug": lot.product.slug,
        "product_name": lot.product.name,
        "purchased_on": lot.purchased_on,
        "quantity_initial": lot.quantity_initial,
        "quantity_remaining": lot.quantity_remaining,
        "unit": lot.unit,
        "unit_cost": lot.unit_cost,
        "package_price": lot.purchase.price_per_package,
        "package_size": units.format_quantity(
            lot.product.package_quantity, lot.product.package_unit
        ),
        "value": fifo.money(lot.quantity_remaining * lot.unit_cost),
        "location": lot.location,
        "expires_on": lot.expires_on,
    }


@transactional
def list_lots(
    item: object = None,
    *,
    include_empty: bool = False,
    kind: StockKind | None = None,
    session: Session = AUTO,
) -> list[dict[str, Any]]:
    """Lots oldest first, for one item or all; empty lots only when asked."""
    query = select(InventoryLot).order_by(InventoryLot.purchased_on, InventoryLot.id)
    if item is not None:
        stock = stock_item(session, item, kind)
        column = (
            InventoryLot.ingredient_id if stock.kind == "ingredient" else InventoryLot.material_id
        )
        query = query.where(column == stock.id)
    if not include_empty:
        query = query.where(InventoryLot.quantity_remaining > 0)
    return [lot_dict(lot) for lot in session.scalars(query).all()]


@transactional
def stock_summary(*, session: Session = AUTO) -> list[dict[str, Any]]:
    """One line per ingredient or material with stock: quantity per unit, value, lots."""
    lots = session.scalars(
        select(InventoryLot)
        .where(InventoryLot.quantity_remaining > 0)
        .order_by(InventoryLot.purchased_on, InventoryLot.id)
    ).all()
    names = {
        ("ingredient", i.id): (i.slug, i.name) for i in session.scalars(select(Ingredient))
    } | {("material", m.id): (m.slug, m.name) for m in session.scalars(select(Material))}
    lines: dict[tuple[str, int, str], dict[str, Any]] = {}
    for lot in lots:
        kind = "ingredient" if lot.ingredient_id is not None else "material"
        item_id = lot.ingredient_id if lot.ingredient_id is not None else lot.material_id
        assert item_id is not None
        slug, name = names[(kind, item_id)]
        line = lines.setdefault(
            (kind, item_id, lot.unit),
            {
                "kind": kind,
                "slug": slug,
                "name": name,
                "unit": lot.unit,
                "quantity": Decimal(0),
                "value": Decimal(0),
                "lots": 0,
            },
        )
        line["quantity"] += lot.quantity_remaining
        line["value"] += lot.quantity_remaining * lot.unit_cost
        line["lots"] += 1
    out = sorted(lines.values(), key=lambda line: (line["kind"], line["name"].lower()))
    for line in out:
        line["value"] = fifo.money(line["value"])
    return out
