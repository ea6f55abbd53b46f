"""The plan summary: every figure of an event's plan, as plain dicts with explanations.

One pipeline (domain.planning) serves every figure; this module feeds it
(services/plan_inputs/gather.py) and turns its result into plain dicts with an
explanation on every line.
Nothing is cached: a summary is computed on demand from the event's snapshots.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import fifo, units
from baketracker.domain import planning as plan
from baketracker.domain.numbers import hundredths
from baketracker.models import Event
from baketracker.services.lookup import event_row
from baketracker.services.plan_inputs.gather import Gathered, Names, gather
from baketracker.services.plan_summary_types import (
    BatchDriver,
    BatchRequirement,
    BatchUnitRow,
    DemandRow,
    FeasibilityRow,
    GoodDriver,
    IngredientNeed,
    MaterialNeed,
    NeedDisplay,
    PlanSummary,
    RecipeDriver,
    ShoppingRow,
)


def _amount(value: Decimal, unit: str) -> str:
    """A quantity as a baker reads it: kg over 1000 g, spoons and cups for bare ml."""
    if unit == "ml":
        value, unit = units.kitchen_volume(value)
    elif unit in ("g", "cm"):
        value, unit = units.best_display_unit(value, unit)
    return units.format_quantity(value, "each" if unit == "item" else unit)


def compute(session: Session, event: Event) -> tuple[Gathered, plan.PlanResult]:
    gathered = gather(session, event)
    return gathered, plan.compute_plan(gathered.data)


@transactional
def get_plan_summary(event: object, *, session: Session = AUTO) -> PlanSummary:
    """The whole plan of an event, computed now from its snapshots (live where none yet).

    Keys: `event`, `demand` (targets beside what the packages need), `batch_requirements`
    (recipe_slug, units_needed, yield_per_batch, batches, leftover_units, …, explanation),
    `ingredients` (ingredient_slug, needed, on_hand, to_buy, unit, flag, explanation),
    `materials`, `shopping_list` (ingredient_slug or material_slug, product_slug,
    packages, estimated_cost, flag), `shopping_total`, `feasibility` (finished_good_slug,
    needed, can_assemble, limiting) and `flags`. Raises NotFound.
    """
    row = event_row(session, event)
    gathered, result = compute(session, row)
    return summarise(row, gathered, result)


def summarise(event: Event, gathered: Gathered, result: plan.PlanResult) -> PlanSummary:
    names = gathered.names
    data = gathered.data
    batch_lines = [_batch_dict(line, data, names, gathered) for line in result.batches]
    # domain.planning makes result.ingredients of ingredients only, result.materials of materials
    ingredient_lines = [_ingredient_dict(line, names) for line in result.ingredients]
    material_lines = [_material_dict(line, names) for line in result.materials]
    shopping = [_shopping_dict(line, names) for line in result.shopping]
    demand: list[DemandRow] = [
        {
            "finished_good_id": d.good_id,
            "finished_good_slug": names.goods[d.good_id][0],
            "finished_good_name": names.goods[d.good_id][1],
            "target_quantity": d.target,
            "package_quantity": d.package_need,
            "packages": dict(d.packages),
            "assembled": d.assembled,
            "remaining": d.remaining,
            "below_packages": d.below_packages,
        }
        for d in result.demand
    ]
    feasibility: list[FeasibilityRow] = [
        {
            "finished_good_slug": names.goods[f.good_id][0],
            "finished_good_name": names.goods[f.good_id][1],
            "needed": f.needed,
            "can_assemble": f.can_assemble,
            "limiting": list(f.limiting),
        }
        for f in result.feasibility
    ]
    flags = [
        f"{d['finished_good_name']}: target {d['target_quantity']} is below the "
        f"{d['package_quantity']} the packages need"
        for d in demand
        if d["below_packages"]
    ]
    flags += [b["explanation"] for b in batch_lines if b["short"]]
    flags += [
        f"{b['recipe_name']}: no batch decision yet; proposing {b['batches']}"
        for b in batch_lines
        if not b["decided"]
    ]
    flags += [f"{line['name']}: {line['flag']}" for line in shopping if line["flag"]]
    return {
        "event": {
            "id": event.id,
            "name": event.name,
            "event_date": event.event_date,
            "plan_state": event.plan_state,
        },
        "demand": demand,
        "batch_requirements": batch_lines,
        "ingredients": ingredient_lines,
        "materials": material_lines,
        "shopping_list": shopping,
        "shopping_total": fifo.money(result.shopping_cost),
        "feasibility": feasibility,
        "flags": flags,
    }


def _batch_dict(
    line: plan.BatchLine, data: plan.PlanInput, names: Names, gathered: Gathered
) -> BatchRequirement:
    slug, name = names.recipes[line.recipe_id]
    unit_rows: list[BatchUnitRow] = []
    for unit_need in line.units:
        unit = data.units[unit_need.unit_id]
        drivers: list[BatchDriver] = [
            {
                "finished_good_slug": names.goods[gid][0],
                "finished_good_name": names.goods[gid][1],
                "target_quantity": data.assembly_targets.get(gid, 0),
                "units": hundredths(qty),
            }
            for gid, qty in sorted(unit_need.drivers.items(), key=lambda kv: names.goods[kv[0]][1])
        ]
        unit_rows.append(
            {
                "finished_unit_slug": unit.slug,
                "finished_unit_name": unit.name,
                "needed": hundredths(unit_need.needed),
                "yield_per_batch": hundredths(unit.yield_per_batch),
                "leftover": hundredths(line.leftovers.get(unit.id, Decimal(0))),
                "shortfall": hundredths(line.shortfalls.get(unit.id, Decimal(0))),
                "drivers": drivers,
            }
        )
    single = unit_rows[0] if len(unit_rows) == 1 else None
    return {
        "recipe_id": line.recipe_id,
        "recipe_slug": slug,
        "recipe_name": name,
        "units_needed": hundredths(line.units_needed),
        "yield_per_batch": single["yield_per_batch"] if single else None,
        "batches": line.batches,
        "proposed_batches": line.proposed,
        "exact_batches": hundredths(line.exact),
        "decided": line.decided is not None,
        "leftover_units": single["leftover"]
        if single
        else hundredths(sum(line.leftovers.values(), Decimal(0))),
        "short": line.short,
        "short_confirmed": line.short_confirmed,
        "produced_batches": hundredths(line.produced),
        "remaining_batches": hundredths(line.remaining),
        "from_snapshot": line.recipe_id in gathered.snapshotted_recipes,
        "units": unit_rows,
        "explanation": _explain_batches(name, line, unit_rows),
    }


def _explain_batches(name: str, line: plan.BatchLine, unit_rows: list[BatchUnitRow]) -> str:
    parts = []
    for unit in unit_rows:
        drivers = (
            " + ".join(
                f"{d['units']} for {d['target_quantity']} × {d['finished_good_name']}"
                for d in unit["drivers"]
            )
            or "no finished good needs it"
        )
        parts.append(
            f"{unit['finished_unit_name']}: {drivers} = {unit['needed']} needed at "
            f"{unit['yield_per_batch']} a batch"
        )
    text = f"{name}: " + "; ".join(parts) if parts else f"{name}: no units needed"
    text += f" → {hundredths(line.exact)} batches, fewest whole batches {line.proposed}"
    if line.decided is not None and line.decided != line.proposed:
        text += f"; decided {line.decided}"
    if line.short:
        missing = ", ".join(
            f"{u['shortfall']} {u['finished_unit_name']}" for u in unit_rows if u["shortfall"]
        )
        text += f"; falls short by {missing}"
        text += " (confirmed)" if line.short_confirmed else " (needs confirmation)"
    else:
        left = ", ".join(
            f"{u['leftover']} {u['finished_unit_name']}" for u in unit_rows if u["leftover"]
        )
        if left:
            text += f"; {left} left over"
    return text


def _need_figures(
    line: plan.NeedLine, name: str, drivers: list[tuple[str, Decimal]]
) -> tuple[NeedDisplay, str]:
    """A need line's amounts for people and its explanation; `drivers`: (whose, how much)."""
    why = " + ".join(f"{_amount(quantity, line.unit)} for {whose}" for whose, quantity in drivers)
    explanation = f"{name}: {why}"
    if line.on_hand is not None and line.to_buy is not None:
        explanation += (
            f"; {_amount(line.on_hand, line.unit)} on hand → buy {_amount(line.to_buy, line.unit)}"
        )
    display: NeedDisplay = {
        "needed": _amount(line.needed, line.unit),
        "on_hand": None if line.on_hand is None else _amount(line.on_hand, line.unit),
        "to_buy": None if line.to_buy is None else _amount(line.to_buy, line.unit),
    }
    return display, explanation


def _ingredient_dict(line: plan.NeedLine, names: Names) -> IngredientNeed:
    """An ingredient the plan needs, driven by the recipes that use it."""
    slug, name = names.ingredients[line.item_id]
    drivers: list[RecipeDriver] = [
        {
            "recipe_slug": names.recipes[oid][0],
            "recipe_name": names.recipes[oid][1],
            "quantity": hundredths(qty),
        }
        for oid, qty in line.drivers.items()
    ]
    display, explanation = _need_figures(
        line, name, [(d["recipe_name"], d["quantity"]) for d in drivers]
    )
    return {
        "kind": "ingredient",
        "slug": slug,
        "name": name,
        "display": display,
        "needed": hundredths(line.needed),
        "on_hand": None if line.on_hand is None else hundredths(line.on_hand),
        "to_buy": None if line.to_buy is None else hundredths(line.to_buy),
        "unit": line.unit,
        "flag": line.flag,
        "drivers": drivers,
        "explanation": explanation,
        "ingredient_slug": slug,
    }


def _material_dict(line: plan.NeedLine, names: Names) -> MaterialNeed:
    """A packaging material the plan needs, driven by the finished goods it packs."""
    slug, name = names.materials[line.item_id]
    drivers: list[GoodDriver] = [
        {
            "finished_good_slug": names.goods[oid][0],
            "finished_good_name": names.goods[oid][1],
            "quantity": hundredths(qty),
        }
        for oid, qty in line.drivers.items()
    ]
    display, explanation = _need_figures(
        line, name, [(d["finished_good_name"], d["quantity"]) for d in drivers]
    )
    return {
        "kind": "material",
        "slug": slug,
        "name": name,
        "display": display,
        "needed": hundredths(line.needed),
        "on_hand": None if line.on_hand is None else hundredths(line.on_hand),
        "to_buy": None if line.to_buy is None else hundredths(line.to_buy),
        "unit": line.unit,
        "flag": line.flag,
        "drivers": drivers,
        "explanation": explanation,
        "material_slug": slug,
    }


def _shopping_dict(line: plan.ShoppingLine, names: Names) -> ShoppingRow:
    slug, name = (names.ingredients if line.kind == "ingredient" else names.materials)[line.item_id]
    offer = line.offer
    return {
        "kind": line.kind,
        "ingredient_slug": slug if line.kind == "ingredient" else None,
        "material_slug": slug if line.kind == "material" else None,
        "name": name,
        "to_buy": hundredths(line.to_buy),
        "to_buy_display": _amount(line.to_buy, line.unit),
        "unit": line.unit,
        "product_slug": offer.slug if offer else None,
        "product_name": offer.name if offer else None,
        "package_size": _amount(offer.package_quantity, offer.unit) if offer else None,
        "packages": line.packages,
        "price_per_package": offer.price if offer else None,
        "estimated_cost": None if line.estimated_cost is None else fifo.money(line.estimated_cost),
        "flag": line.flag,
    }
