"""Inventory use cases: purchases create FIFO lots; consumption and adjustments draw from them.

One stock mechanism serves ingredients and packaging materials alike: a lot belongs to a
product, the product to exactly one ingredient or material. Drawing lives in
services.stock_draws, reading stock in services.stock_reads and one-line purchases in
services.quick_purchase; API.md names them here, so they are re-exported.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import fifo, purchases, units
from baketracker.errors import Invalid
from baketracker.models import InventoryLot, Product, Purchase, Supplier
from baketracker.services import activity
from baketracker.services.lookup import resolve
from baketracker.services.permissions import requires
from baketracker.services.quick_purchase import QuickPurchased, quick_purchase
from baketracker.services.stock_draws import (
    ItemDraw,
    Need,
    StockItem,
    StockKind,
    apply_draws,
    draw_stock,
    merge_needs,
    open_lots,
    plan_draws,
    plan_from_lots,
    plan_need,
    stock_item,
    stock_items,
)
from baketracker.services.stock_reads import (
    list_lots,
    lot_dict,
    on_hand,
    on_hand_of,
    stock_summary,
)

__all__ = [
    "ADJUSTMENT_REASONS",
    "DRAW_REASONS",
    "ItemDraw",
    "LotDraw",
    "Need",
    "PurchaseRecorded",
    "QuickPurchased",
    "StockDrawn",
    "StockItem",
    "StockKind",
    "adjust_stock",
    "apply_draws",
    "consume_fifo",
    "draw_stock",
    "last_purchase_price",
    "list_lots",
    "lot_dict",
    "merge_needs",
    "on_hand",
    "on_hand_of",
    "open_lots",
    "plan_draws",
    "plan_from_lots",
    "plan_need",
    "quick_purchase",
    "record_purchase",
    "stock_item",
    "stock_items",
    "stock_summary",
]

ADJUSTMENT_REASONS = ("spoilage", "gift", "correction", "other")
DRAW_REASONS = ("production", "assembly", *ADJUSTMENT_REASONS)


class PurchaseRecorded(TypedDict):
    """One recorded purchase and the lot it stocked, in the product's base unit."""

    purchase_id: int
    lot_id: int
    product_slug: str
    quantity: Decimal
    unit: str
    unit_cost: Decimal
    total_price: Decimal
    purchased_on: date


class LotDraw(TypedDict):
    """What one FIFO draw took from one lot, and what it cost."""

    lot_id: int
    product_slug: str
    purchased_on: date
    quantity: Decimal
    unit_cost: Decimal
    cost: Decimal


class StockDrawn(TypedDict):
    """A FIFO draw of one ingredient or material (or a dry run of it), lot by lot."""

    item_slug: str
    requested: Decimal
    unit: str
    total_cost: Decimal
    draws: list[LotDraw]
    shortfall: Decimal
    satisfied: bool


# --- purchases -------------------------------------------------------------------------


@transactional
@requires("record")
def record_purchase(
    product: object,
    *,
    packages: object,
    price_per_package: object,
    purchased_on: date | None = None,
    supplier: object = None,
    location: str | None = None,
    expires_on: date | None = None,
    notes: str | None = None,
    confirm: bool = False,
    session: Session = AUTO,
) -> PurchaseRecorded:
    """Buy `packages` of a product: one purchase and one lot in the product's base unit.

    Raises Invalid (packages ≤ 0, negative or unreadable price, absurd amounts),
    Implausible (an Invalid: beyond domain.purchases' plausible bounds and not
    `confirm`ed), NotFound (product, supplier). Nothing is written when it raises.
    """
    prod = resolve(session, Product, product, what="product")
    bought = purchases.figures(packages, price_per_package, package_quantity=prod.package_quantity,
                               package_unit=prod.package_unit, record=f"Purchase of {prod.name!r}",
                               confirm=confirm)
    purchase = Purchase(
        product=prod,
        supplier=resolve(session, Supplier, supplier, what="supplier") if supplier else None,
        purchased_on=purchased_on or date.today(),
        packages=bought.packages,
        price_per_package=bought.price_per_package,
        notes=notes,
    )
    lot = InventoryLot(
        purchase=purchase,
        product=prod,
        ingredient_id=prod.ingredient_id,
        material_id=prod.material_id,
        purchased_on=purchase.purchased_on,
        unit=bought.unit,
        quantity_initial=bought.quantity,
        quantity_remaining=bought.quantity,
        unit_cost=bought.unit_cost,
        location=location,
        expires_on=expires_on,
    )
    session.add_all([purchase, lot])
    session.flush()
    return {
        "purchase_id": purchase.id,
        "lot_id": lot.id,
        "product_slug": prod.slug,
        "quantity": bought.quantity,
        "unit": bought.unit,
        "unit_cost": lot.unit_cost,
        "total_price": bought.total,
        "purchased_on": purchase.purchased_on,
    }


@transactional
def last_purchase_price(product: object, *, session: Session = AUTO) -> Decimal | None:
    """The price per package paid most recently for a product (forms remember it)."""
    prod = resolve(session, Product, product, what="product")
    return session.scalar(
        select(Purchase.price_per_package)
        .where(Purchase.product_id == prod.id)
        .order_by(Purchase.purchased_on.desc(), Purchase.id.desc())
        .limit(1)
    )


# --- taking stock out ------------------------------------------------------------------


def _draws_result(item_draw: ItemDraw) -> StockDrawn:
    alloc = item_draw.allocation
    return {
        "item_slug": item_draw.need.item.slug,
        "requested": alloc.requested,
        "unit": units.canonical_unit(item_draw.need.unit),
        "total_cost": fifo.money(alloc.total_cost),
        "draws": [
            {
                "lot_id": d.lot_id,
                "product_slug": item_draw.lots[d.lot_id][0].product.slug,
                "purchased_on": item_draw.lots[d.lot_id][0].purchased_on,
                "quantity": d.quantity,
                "unit_cost": d.unit_cost,
                "cost": fifo.money(d.cost),
            }
            for d in alloc.draws
        ],
        "shortfall": alloc.shortfall,
        "satisfied": alloc.satisfied,
    }


def _need(
    session: Session, item: object, quantity: object, unit: str, kind: StockKind | None
) -> Need:
    stock = stock_item(session, item, kind)
    record = f"Consumption of {stock.name!r}"
    qty = units.to_decimal(quantity, field="quantity", record=record)
    if qty <= 0:
        raise Invalid(f"{record}: quantity must be greater than 0", record=record, field="quantity")
    try:
        canonical = units.canonical_unit(unit)
    except Invalid as exc:
        raise Invalid(f"{record}: {exc.message}", record=record, field="unit") from None
    return Need(stock, qty, canonical)


@transactional
@requires("record")
def consume_fifo(
    ingredient: object,
    quantity: object,
    unit: str,
    *,
    dry_run: bool = False,
    reason: str = "production",
    note: str | None = None,
    kind: StockKind | None = None,
    session: Session = AUTO,
) -> StockDrawn:
    """Draw `quantity` `unit` of an ingredient (or material) oldest lot first.

    Returns `total_cost`, `draws` (per lot), `shortfall`, `satisfied`. A dry run changes
    nothing and reports a shortfall instead of raising. Otherwise a shortfall raises
    InsufficientStock and no lot changes. Raises Invalid for a bad quantity or unit.
    """
    if reason not in DRAW_REASONS:
        raise Invalid(
            f"Unknown reason {reason!r}; use one of {', '.join(DRAW_REASONS)}", field="reason"
        )
    need = _need(session, ingredient, quantity, unit, kind)
    if dry_run:
        return _draws_result(plan_need(session, need, lock=False))
    [item_draw] = draw_stock(session, [need], reason=reason, note=note)
    return _draws_result(item_draw)


@transactional
@requires("record")
def adjust_stock(
    item: object,
    quantity: object,
    unit: str,
    *,
    reason: str,
    note: str | None = None,
    kind: StockKind | None = None,
    session: Session = AUTO,
) -> StockDrawn:
    """Take stock out for spoilage, a gift, a correction, or another reason (with a note)."""
    if reason not in ADJUSTMENT_REASONS:
        raise Invalid(
            f"Adjustment reason {reason!r} is unknown; use one of {', '.join(ADJUSTMENT_REASONS)}",
            field="reason",
        )
    if reason == "other" and not (note or "").strip():
        raise Invalid("An adjustment with reason 'other' needs a note saying why", field="note")
    need = _need(session, item, quantity, unit, kind)
    [item_draw] = draw_stock(session, [need], reason=reason, note=(note or "").strip() or None)
    taken = units.format_quantity(need.quantity, need.unit)
    activity.record(session, "adjustment", reason,
                    f"Took {taken} of {need.item.name} out ({reason})")
    return _draws_result(item_draw)
