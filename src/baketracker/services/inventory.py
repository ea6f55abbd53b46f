"""Inventory use cases: purchases create FIFO lots; consumption and adjustments draw from them.

One stock mechanism serves ingredients and packaging materials alike: a lot belongs to a
product, the product to exactly one ingredient or material.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import fifo, purchases, units
from baketracker.errors import InsufficientStock, Invalid, NotFound, Shortfall
from baketracker.models import (
    Depletion,
    Ingredient,
    InventoryLot,
    Material,
    Product,
    Purchase,
    Supplier,
)
from baketracker.services import activity
from baketracker.services.lookup import resolve
from baketracker.services.permissions import requires

StockKind = Literal["ingredient", "material"]
ADJUSTMENT_REASONS = ("spoilage", "gift", "correction", "other")
DRAW_REASONS = ("production", "assembly", *ADJUSTMENT_REASONS)
# Quantities are stored with 6 decimals; costs per base unit with 12.
_QTY_PLACES = purchases.QTY_PLACES
_CONVERTED_PLACES = Decimal("0.000000001")


@dataclass(frozen=True)
class StockItem:
    """An ingredient or a material, as far as stock is concerned."""

    kind: StockKind
    id: int
    slug: str
    name: str
    density_g_per_ml: Decimal | None = None


def stock_item(session: Session, ref: object, kind: StockKind | None = None) -> StockItem:
    """Resolve `ref` as an ingredient, else as a material (or only as `kind`)."""
    if isinstance(ref, StockItem):
        return ref
    if isinstance(ref, Ingredient):
        return StockItem("ingredient", ref.id, ref.slug, ref.name, ref.density_g_per_ml)
    if isinstance(ref, Material):
        return StockItem("material", ref.id, ref.slug, ref.name)
    if kind in (None, "ingredient"):
        try:
            ing = resolve(session, Ingredient, ref, what="ingredient")
            return StockItem("ingredient", ing.id, ing.slug, ing.name, ing.density_g_per_ml)
        except NotFound:
            if kind == "ingredient":
                raise
    try:
        mat = resolve(session, Material, ref, what="material")
    except NotFound:
        raise NotFound(f"No ingredient or material {ref!r}") from None
    return StockItem("material", mat.id, mat.slug, mat.name)


def _lots_query(item: StockItem, *, lock: bool) -> Any:
    column = InventoryLot.ingredient_id if item.kind == "ingredient" else InventoryLot.material_id
    query = (
        select(InventoryLot)
        .where(column == item.id, InventoryLot.quantity_remaining > 0)
        .order_by(InventoryLot.purchased_on, InventoryLot.id)
    )
    # PostgreSQL: two concurrent consumers must never overdraw a lot, so lock what we may
    # draw from. SQLite ignores FOR UPDATE; its BEGIN IMMEDIATE already serialises writers.
    return query.with_for_update() if lock else query


def _lot_factor(lot: InventoryLot, target: str, item: StockItem) -> Decimal | None:
    """How many `target` units one lot unit is; None when no conversion exists."""
    if not units.can_convert(lot.unit, target, item.density_g_per_ml):
        return None
    return units.convert(
        Decimal(1), lot.unit, target, density_g_per_ml=item.density_g_per_ml, ingredient=item.name
    )


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
) -> dict[str, Any]:
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


# --- drawing stock ---------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """`quantity` of `item` in `unit`, to be drawn FIFO."""

    item: StockItem
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class ItemDraw:
    need: Need
    allocation: fifo.Allocation
    # lot id -> (lot row, need units per lot unit)
    lots: dict[int, tuple[InventoryLot, Decimal]]
    # lot id -> what the lot held, in the need's unit
    available: dict[int, Decimal]


def stock_items(session: Session, ids: Iterable[int], kind: StockKind) -> dict[int, StockItem]:
    """Several ingredients (or materials) by id, in one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    if kind == "ingredient":
        rows = session.execute(
            select(
                Ingredient.id, Ingredient.slug, Ingredient.name, Ingredient.density_g_per_ml
            ).where(Ingredient.id.in_(wanted))
        )
        return {
            r.id: StockItem("ingredient", r.id, r.slug, r.name, r.density_g_per_ml) for r in rows
        }
    materials = session.execute(
        select(Material.id, Material.slug, Material.name).where(Material.id.in_(wanted))
    )
    return {r.id: StockItem("material", r.id, r.slug, r.name) for r in materials}


def open_lots(
    session: Session, items: Sequence[StockItem], *, lock: bool
) -> dict[tuple[str, int], list[InventoryLot]]:
    """The lots with stock left of every item, oldest first, in one query."""
    ingredients = [i.id for i in items if i.kind == "ingredient"]
    materials = [i.id for i in items if i.kind == "material"]
    which = []
    if ingredients:
        which.append(InventoryLot.ingredient_id.in_(ingredients))
    if materials:
        which.append(InventoryLot.material_id.in_(materials))
    if not which:
        return {}
    query = (
        select(InventoryLot)
        .where(or_(*which), InventoryLot.quantity_remaining > 0)
        .order_by(InventoryLot.purchased_on, InventoryLot.id)
    )
    # PostgreSQL: two concurrent consumers must never overdraw a lot, so lock what we may
    # draw from. SQLite ignores FOR UPDATE; its BEGIN IMMEDIATE already serialises writers.
    found: dict[tuple[str, int], list[InventoryLot]] = {}
    for lot in session.scalars(query.with_for_update() if lock else query):
        key = (
            ("ingredient", lot.ingredient_id)
            if lot.ingredient_id is not None
            else ("material", int(lot.material_id or 0))
        )
        found.setdefault(key, []).append(lot)
    return found


def plan_from_lots(need: Need, open_lots: Iterable[InventoryLot]) -> ItemDraw:
    """The FIFO draws that would cover one need, with lots converted to the need's unit."""
    target = units.canonical_unit(need.unit)
    candidates: list[fifo.Lot] = []
    lots: dict[int, tuple[InventoryLot, Decimal]] = {}
    for lot in open_lots:
        factor = _lot_factor(lot, target, need.item)
        if factor is None:
            continue  # e.g. a lot in ml for an ingredient without density: not usable here
        # Round away the 28th-digit noise of unit factors (1 g is 0.00220462… lb) so that
        # a 10 lb lot reads as 10 lb; far finer than the 6 decimals stored in base units.
        quantity = (lot.quantity_remaining * factor).quantize(_CONVERTED_PLACES)
        candidates.append(fifo.Lot(lot.id, lot.purchased_on, quantity, lot.unit_cost / factor))
        lots[lot.id] = (lot, factor)
    return ItemDraw(
        need,
        fifo.plan_draws(candidates, need.quantity),
        lots,
        {c.lot_id: c.quantity for c in candidates},
    )


def plan_need(session: Session, need: Need, *, lock: bool) -> ItemDraw:
    """The FIFO draws that would cover one need, with lots converted to the need's unit."""
    return plan_from_lots(need, session.scalars(_lots_query(need.item, lock=lock)))


def plan_draws(session: Session, needs: Sequence[Need]) -> list[ItemDraw]:
    """The FIFO draws covering every need (summed per item), lots locked; one lot query.

    Raises InsufficientStock naming every shortfall; nothing is written either way.
    """
    merged = merge_needs(needs)
    stock = open_lots(session, [need.item for need in merged], lock=True)
    planned = [
        plan_from_lots(need, stock.get((need.item.kind, need.item.id), ())) for need in merged
    ]
    short = [_shortfall(d) for d in planned if not d.allocation.satisfied]
    if short:
        raise InsufficientStock(short)
    return planned


def _shortfall(draw: ItemDraw) -> Shortfall:
    return Shortfall(
        draw.need.item.name,
        draw.need.quantity,
        draw.allocation.allocated,
        units.canonical_unit(draw.need.unit),
    )


def draw_stock(
    session: Session,
    needs: Sequence[Need],
    *,
    reason: str,
    note: str | None = None,
    production_run_id: int | None = None,
    assembly_run_id: int | None = None,
) -> list[ItemDraw]:
    """Draw every need FIFO, all or nothing: any shortfall raises before a lot changes.

    Needs of the same item are summed first so a lot is never counted twice.
    """
    planned = plan_draws(session, needs)
    apply_draws(
        session,
        planned,
        reason=reason,
        note=note,
        production_run_id=production_run_id,
        assembly_run_id=assembly_run_id,
    )
    return planned


def apply_draws(
    session: Session,
    planned: Sequence[ItemDraw],
    *,
    reason: str,
    note: str | None = None,
    production_run_id: int | None = None,
    assembly_run_id: int | None = None,
) -> None:
    """Take planned draws off their lots and record each as a depletion (one insert)."""
    depletions: list[dict[str, Any]] = []
    for item_draw in planned:
        for draw in item_draw.allocation.draws:
            lot, factor = item_draw.lots[draw.lot_id]
            if draw.quantity >= item_draw.available[draw.lot_id]:
                quantity = lot.quantity_remaining  # drained: leave no rounding dust behind
            else:
                quantity = min(
                    (draw.quantity / factor).quantize(_QTY_PLACES), lot.quantity_remaining
                )
            if quantity <= 0:
                continue
            lot.quantity_remaining = lot.quantity_remaining - quantity
            depletions.append(
                {
                    "lot_id": lot.id,
                    "quantity": quantity,
                    "unit_cost": lot.unit_cost,
                    "cost": (quantity * lot.unit_cost).quantize(_QTY_PLACES),
                    "reason": reason,
                    "note": note,
                    "production_run_id": production_run_id,
                    "assembly_run_id": assembly_run_id,
                }
            )
    session.flush()
    if depletions:
        # Core's executemany: one round trip however many lots were drawn from.
        session.execute(insert(Depletion), depletions)


def merge_needs(needs: Iterable[Need]) -> list[Need]:
    """One need per stock item, in the unit of its first mention."""
    merged: dict[tuple[str, int], Need] = {}
    for need in needs:
        key = (need.item.kind, need.item.id)
        if key not in merged:
            merged[key] = need
            continue
        first = merged[key]
        extra = units.convert(
            need.quantity,
            need.unit,
            first.unit,
            density_g_per_ml=need.item.density_g_per_ml,
            ingredient=need.item.name,
        )
        merged[key] = Need(first.item, first.quantity + extra, first.unit)
    return list(merged.values())


def _draws_result(item_draw: ItemDraw) -> dict[str, Any]:
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
) -> dict[str, Any]:
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
) -> dict[str, Any]:
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


# --- looking at stock ------------------------------------------------------------------


def on_hand_of(session: Session, item: StockItem, unit: str) -> Decimal:
    """Everything in stock that can be expressed in `unit` (lots needing a missing density
    are left out)."""
    target = units.canonical_unit(unit)
    total = Decimal(0)
    for lot in session.scalars(_lots_query(item, lock=False)):
        factor = _lot_factor(lot, target, item)
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


# One-line purchases live in their own module; API.md names them here.
from baketracker.services.quick_purchase import quick_purchase  # noqa: E402

__all__ = ["quick_purchase"]
