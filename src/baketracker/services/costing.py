"""Estimated costs of recipes, finished units and finished goods from a FIFO dry run.

Each ingredient (and packaging material) is drawn from the current lots oldest first,
without writing anything. What stock cannot cover is priced at the latest known price of
the item's preferred product and the result is flagged `estimated`; an item that was
never bought is listed as `unpriced`. Every line explains its number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import fifo, units
from baketracker.domain import recipes as flat
from baketracker.domain.numbers import RATE_PLACES, positive_quantity
from baketracker.models import FinishedUnit, InventoryLot, Product, Recipe
from baketracker.services.finished_units import get_finished_good_row, get_finished_unit_row
from baketracker.services.lookup import get_recipe_row
from baketracker.services.plan_inputs.definitions import explode_goods, flatten_demand
from baketracker.services.plan_inputs.rows import (
    DefinitionRows,
    flat_line_dict,
    unreconciled_dict,
)
from baketracker.services.stock_draws import (
    ItemDraw,
    Need,
    StockItem,
    item_key,
    of_items,
    open_lots,
    plan_from_lots,
)

__all__ = [
    "CostNeed",
    "cost_needs",
    "estimate_finished_good_cost",
    "estimate_finished_unit_cost",
    "estimate_recipe_cost",
    "latest_unit_price",
    "recipe_costs",
]


@dataclass(frozen=True)
class CostNeed:
    """`quantity` of a stock item in `unit`, to be priced; `note` is added to the story."""

    item: StockItem
    quantity: Decimal
    unit: str
    note: str | None = None


def _money_text(value: Decimal) -> str:
    return f"${fifo.money(value)}"


def _rate_text(value: Decimal, unit: str) -> str:
    # Per-gram prices are tiny: show enough digits to be useful.
    shown = value.quantize(RATE_PLACES) if value < 1 else fifo.money(value)
    return f"${shown.normalize():f} per {unit}"


def _latest_lots(
    session: Session, items: Sequence[StockItem]
) -> dict[tuple[str, int], tuple[list[InventoryLot], list[InventoryLot]]]:
    """For each item: the latest lot of each of its preferred products, and of each of
    all its products (newest first). Two queries whatever the number of items."""
    which = of_items(Product, items)
    if which is None:
        return {}
    products = {p.id: p for p in session.scalars(select(Product).where(which))}
    if not products:
        return {}
    rank = (
        func.row_number()
        .over(
            partition_by=InventoryLot.product_id,
            order_by=(InventoryLot.purchased_on.desc(), InventoryLot.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(InventoryLot.id, rank)
        .where(InventoryLot.product_id.in_(list(products)))
        .subquery()
    )
    latest = session.scalars(
        select(InventoryLot)
        .join(ranked, ranked.c.id == InventoryLot.id)
        .where(ranked.c.rank == 1)
        .order_by(InventoryLot.purchased_on.desc(), InventoryLot.id.desc())
    ).all()
    found: dict[tuple[str, int], tuple[list[InventoryLot], list[InventoryLot]]] = {}
    for lot in latest:
        product = products[int(lot.product_id or 0)]
        preferred, every = found.setdefault(item_key(product), ([], []))
        every.append(lot)
        if product.preferred:
            preferred.append(lot)
    return found


def _price_from(
    item: StockItem, unit: str, lots: tuple[list[InventoryLot], list[InventoryLot]]
) -> tuple[Decimal | None, str]:
    preferred, every = lots
    for group in (preferred, every):
        if not group:
            continue
        lot = group[0]
        if not units.can_convert(unit, lot.unit, item.density_g_per_ml):
            return None, (
                f"{item.name} is bought in {lot.unit} and used in {unit}: "
                "it needs a density to compare with stock"
            )
        per_unit = lot.unit_cost * units.convert(
            Decimal(1),
            unit,
            lot.unit,
            density_g_per_ml=item.density_g_per_ml,
            ingredient=item.name,
        )
        which = "preferred product" if group is preferred else "product"
        return per_unit, (
            f"the latest price of {which} {lot.product.name} "
            f"({lot.purchased_on.isoformat()}, {_rate_text(per_unit, unit)})"
        )
    return None, f"{item.name} was never bought, so it has no price"


def latest_unit_price(session: Session, item: StockItem, unit: str) -> tuple[Decimal | None, str]:
    """Price per `unit` from the latest lot of the item's preferred product (else of any
    of its products), with the reason; (None, reason) when there is no usable price."""
    lots = _latest_lots(session, [item]).get((item.kind, item.id), ([], []))
    return _price_from(item, unit, lots)


def _cost_line(
    need: CostNeed, draw: ItemDraw, price_of: Callable[[], tuple[Decimal | None, str]]
) -> dict[str, Any]:
    item = need.item
    alloc = draw.allocation
    amount = units.format_quantity
    parts: list[str] = []
    if alloc.draws:
        lots = ", ".join(str(d.lot_id) for d in alloc.draws)
        label = "lot" if len(alloc.draws) == 1 else "lots"
        parts.append(
            f"{amount(alloc.allocated, need.unit)} from stock ({label} {lots}): "
            f"{_money_text(alloc.total_cost)}"
        )
    short = alloc.shortfall
    short_cost: Decimal | None = Decimal(0)
    price: Decimal | None = None
    if short > 0:
        price, why = price_of()
        missing = f"{amount(short, need.unit)} not in stock"
        if price is None:
            short_cost = None
            parts.append(f"{missing}, unpriced: {why}")
        else:
            short_cost = short * price
            parts.append(f"{missing}, priced at {why}: {_money_text(short_cost)}")
    if need.note:
        parts.append(need.note)
    cost = alloc.total_cost + (short_cost or Decimal(0))
    return {
        "kind": item.kind,
        "slug": item.slug,
        "name": item.name,
        "quantity": need.quantity,
        "unit": need.unit,
        "from_stock": alloc.allocated,
        "stock_cost": fifo.money(alloc.total_cost),
        "shortfall": short,
        "shortfall_unit_price": price,
        "shortfall_cost": None if short_cost is None else fifo.money(short_cost),
        "cost": fifo.money(cost),
        "cost_exact": cost,
        "estimated": short > 0,
        "priced": short_cost is not None,
        "draws": [
            {
                "lot_id": d.lot_id,
                "quantity": d.quantity,
                "unit_cost": d.unit_cost,
                "cost": fifo.money(d.cost),
            }
            for d in alloc.draws
        ],
        "explanation": "; ".join(parts) or "nothing to draw",
    }


def cost_needs(session: Session, needs: Iterable[CostNeed]) -> dict[str, Any]:
    """Price every need by a FIFO dry run (no writes): `total_cost` (rounded to cents),
    `total_cost_exact`, `estimated`, `complete`, `unpriced` (slugs) and `lines`."""
    needs = list(needs)
    items = list({(n.item.kind, n.item.id): n.item for n in needs}.values())
    stock = open_lots(session, items, lock=False)
    # Each line is priced on its own (as if it were the only draw), all from one read.
    draws = [
        plan_from_lots(
            Need(n.item, n.quantity, n.unit), stock.get((n.item.kind, n.item.id), ())
        )
        for n in needs
    ]
    short = [n.item for n, d in zip(needs, draws, strict=True) if d.allocation.shortfall > 0]
    latest = _latest_lots(session, short) if short else {}

    def price_of(need: CostNeed) -> Callable[[], tuple[Decimal | None, str]]:
        key = (need.item.kind, need.item.id)
        return lambda: _price_from(need.item, need.unit, latest.get(key, ([], [])))

    lines = [_cost_line(n, d, price_of(n)) for n, d in zip(needs, draws, strict=True)]
    total = sum((line["cost_exact"] for line in lines), Decimal(0))
    unpriced = list(dict.fromkeys(line["slug"] for line in lines if not line["priced"]))
    return {
        "total_cost": fifo.money(total),
        "total_cost_exact": total,
        "estimated": any(line["estimated"] for line in lines),
        "complete": not unpriced,
        "unpriced": unpriced,
        "lines": lines,
    }


def _ingredient_needs(result: flat.Flattened) -> list[CostNeed]:
    needs = []
    for line in result.lines:
        info = line.ingredient
        item = StockItem("ingredient", info.id, info.slug, info.name, info.density_g_per_ml)
        needs.append(CostNeed(item, line.quantity, line.unit))
    for left in result.unreconciled:
        info = left.ingredient
        item = StockItem("ingredient", info.id, info.slug, info.name, info.density_g_per_ml)
        note = f"kept in {left.unit} from recipe {left.recipe!r}: {left.reason}"
        needs.append(CostNeed(item, left.quantity, left.unit, note))
    return needs


@transactional
def estimate_recipe_cost(
    recipe: object, batches: object = 1, *, session: Session = AUTO
) -> dict[str, Any]:
    """Estimated cost of `batches` batches of a recipe (sub-recipes included).

    Returns `recipe_slug`, `batches`, `total_cost`, `per_batch_cost`, `estimated`,
    `complete`, `unpriced` and `lines` (one per ingredient, with `explanation`). Lines
    that need a missing density are priced in the recipe's unit where possible and
    otherwise listed as unpriced; nothing is written.
    """
    row = get_recipe_row(session, recipe)
    count = positive_quantity(batches, field="batches", record=f"Recipe {row.name!r}")
    return _recipe_cost(session, row, count, flatten_demand(session, {row.id: count}, lenient=True))


def _recipe_cost(
    session: Session, row: Recipe, count: Decimal, flattened: flat.Flattened
) -> dict[str, Any]:
    result = cost_needs(session, _ingredient_needs(flattened))
    return {
        "recipe_slug": row.slug,
        "recipe_name": row.name,
        "batches": count,
        **result,
        "per_batch_cost": fifo.money(result["total_cost_exact"] / count),
    }


def _batches_for(unit: FinishedUnit, quantity: Decimal) -> Decimal:
    if unit.items_per_batch is not None:
        return quantity / unit.items_per_batch
    assert unit.batch_portion is not None
    return quantity * unit.batch_portion


@transactional
def estimate_finished_unit_cost(
    finished_unit: object, quantity: object = 1, *, session: Session = AUTO
) -> dict[str, Any]:
    """Estimated cost of `quantity` finished units: the share of batches they take.

    Returns `finished_unit_slug`, `quantity`, `batches`, `total_cost`,
    `per_unit_cost` and the recipe-style `lines`, `estimated`, `unpriced`.
    """
    unit = get_finished_unit_row(session, finished_unit)
    amount = positive_quantity(quantity, field="quantity", record=f"Finished unit {unit.name!r}")
    batches = _batches_for(unit, amount)
    flattened = flatten_demand(session, {unit.recipe_id: batches}, lenient=True)
    return _unit_cost(session, unit, unit.recipe.slug, amount, flattened)


def _unit_cost(
    session: Session, unit: FinishedUnit, recipe_slug: str, amount: Decimal,
    flattened: flat.Flattened,
) -> dict[str, Any]:
    result = cost_needs(session, _ingredient_needs(flattened))
    return {
        "finished_unit_slug": unit.slug,
        "recipe_slug": recipe_slug,
        "quantity": amount,
        "batches": _batches_for(unit, amount),
        **result,
        "per_unit_cost": fifo.money(result["total_cost_exact"] / amount),
    }


@transactional(read_only=True)
def recipe_costs(recipe: object, *, session: Session = AUTO) -> dict[str, Any]:
    """What a recipe page shows about money, from one read of the recipe's definitions:
    `cost` (one batch, as estimate_recipe_cost), `flat` (one batch's flattened lines, as
    recipes.flatten_recipe with lenient=True) and `unit_costs` (finished unit slug → one
    unit's cost, as estimate_finished_unit_cost). Raises NotFound."""
    row = get_recipe_row(session, recipe)
    definitions = DefinitionRows.load_for(session, recipes=[row.id])
    one = definitions.flatten({row.id: Decimal(1)}, lenient=True)
    units = session.scalars(
        select(FinishedUnit).where(FinishedUnit.recipe_id == row.id).order_by(FinishedUnit.id)
    ).all()
    return {
        "cost": _recipe_cost(session, row, Decimal(1), one),
        "flat": [flat_line_dict(line) for line in one.lines]
        + [unreconciled_dict(line) for line in one.unreconciled],
        "unit_costs": {
            unit.slug: _unit_cost(
                session, unit, row.slug, Decimal(1),
                definitions.flatten({row.id: _batches_for(unit, Decimal(1))}, lenient=True),
            )
            for unit in units
        },
    }


@transactional
def estimate_finished_good_cost(
    finished_good: object, quantity: object = 1, *, session: Session = AUTO
) -> dict[str, Any]:
    """Estimated cost of `quantity` finished goods: their finished units' share of
    recipe batches (ingredients summed across recipes) plus packaging materials.

    Returns `finished_good_slug`, `quantity`, `finished_units` (with `batches`),
    `total_cost`, `per_good_cost`, `lines`, `estimated`, `unpriced`.
    """
    good = get_finished_good_row(session, finished_good)
    amount = positive_quantity(quantity, field="quantity", record=f"Finished good {good.name!r}")
    exploded = explode_goods(session, {good.id: amount})
    demand: dict[object, Decimal] = {}
    unit_lines = []
    for line in exploded["finished_units"]:
        unit = session.get_one(FinishedUnit, line["id"])
        batches = _batches_for(unit, line["quantity"])
        demand[unit.recipe_id] = demand.get(unit.recipe_id, Decimal(0)) + batches
        unit_lines.append({**line, "batches": batches})
    needs: list[CostNeed] = []
    if demand:
        needs += _ingredient_needs(flatten_demand(session, demand, lenient=True))
    needs += _material_needs(exploded["materials"])
    result = cost_needs(session, needs)
    return {
        "finished_good_slug": good.slug,
        "quantity": amount,
        "finished_units": unit_lines,
        **result,
        "per_good_cost": fifo.money(result["total_cost_exact"] / amount),
    }


def _material_needs(materials: Sequence[dict[str, Any]]) -> list[CostNeed]:
    return [
        CostNeed(StockItem("material", m["id"], m["slug"], m["name"]), m["quantity"], m["unit"])
        for m in materials
    ]
