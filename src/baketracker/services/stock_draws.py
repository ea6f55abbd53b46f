"""Drawing stock FIFO: the stock items, what is needed of them, and the lots that cover it.

A lot belongs to a product, the product to exactly one ingredient or material; one
mechanism serves both. Production, assembly, costing and the inventory use cases plan and
apply their draws here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import ColumnElement, insert, or_, select
from sqlalchemy.orm import Session

from baketracker.domain import fifo, purchases, units
from baketracker.errors import InsufficientStock, NotFound, Shortfall
from baketracker.models import Depletion, Ingredient, InventoryLot, Material, Product
from baketracker.services.lookup import resolve

StockKind = Literal["ingredient", "material"]
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


def lots_query(item: StockItem, *, lock: bool) -> Any:
    """The open lots of one item, oldest first (locked for update when `lock`)."""
    column = InventoryLot.ingredient_id if item.kind == "ingredient" else InventoryLot.material_id
    query = (
        select(InventoryLot)
        .where(column == item.id, InventoryLot.quantity_remaining > 0)
        .order_by(InventoryLot.purchased_on, InventoryLot.id)
    )
    # PostgreSQL: two concurrent consumers must never overdraw a lot, so lock what we may
    # draw from. SQLite ignores FOR UPDATE; its BEGIN IMMEDIATE already serialises writers.
    return query.with_for_update() if lock else query


def lot_factor(lot: InventoryLot, target: str, item: StockItem) -> Decimal | None:
    """How many `target` units one lot unit is; None when no conversion exists."""
    if not units.can_convert(lot.unit, target, item.density_g_per_ml):
        return None
    return units.convert(
        Decimal(1), lot.unit, target, density_g_per_ml=item.density_g_per_ml, ingredient=item.name
    )


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


def of_items(
    model: type[InventoryLot] | type[Product], items: Sequence[StockItem]
) -> ColumnElement[bool] | None:
    """Where a lot or a product is of one of the items (ingredients and materials); None
    when there is no item to ask for."""
    ingredients = [i.id for i in items if i.kind == "ingredient"]
    materials = [i.id for i in items if i.kind == "material"]
    which = []
    if ingredients:
        which.append(model.ingredient_id.in_(ingredients))
    if materials:
        which.append(model.material_id.in_(materials))
    return or_(*which) if which else None


def item_key(row: InventoryLot | Product) -> tuple[str, int]:
    """The ("ingredient" | "material", id) of the item a lot or a product is of."""
    return (
        ("ingredient", row.ingredient_id)
        if row.ingredient_id is not None
        else ("material", int(row.material_id or 0))
    )


def open_lots(
    session: Session, items: Sequence[StockItem], *, lock: bool
) -> dict[tuple[str, int], list[InventoryLot]]:
    """The lots with stock left of every item, oldest first, in one query."""
    which = of_items(InventoryLot, items)
    if which is None:
        return {}
    query = (
        select(InventoryLot)
        .where(which, InventoryLot.quantity_remaining > 0)
        .order_by(InventoryLot.purchased_on, InventoryLot.id)
    )
    # PostgreSQL: two concurrent consumers must never overdraw a lot, so lock what we may
    # draw from. SQLite ignores FOR UPDATE; its BEGIN IMMEDIATE already serialises writers.
    found: dict[tuple[str, int], list[InventoryLot]] = {}
    for lot in session.scalars(query.with_for_update() if lock else query):
        found.setdefault(item_key(lot), []).append(lot)
    return found


def plan_from_lots(need: Need, open_lots: Iterable[InventoryLot]) -> ItemDraw:
    """The FIFO draws that would cover one need, with lots converted to the need's unit."""
    target = units.canonical_unit(need.unit)
    candidates: list[fifo.Lot] = []
    lots: dict[int, tuple[InventoryLot, Decimal]] = {}
    for lot in open_lots:
        factor = lot_factor(lot, target, need.item)
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
    return plan_from_lots(need, session.scalars(lots_query(need.item, lock=lock)))


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
