"""Invariants the services rely on, checked over a whole database (generated or not).

`violations(session)` reads every table once and returns one sentence per broken rule;
an empty list means the data is safe to plan with.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

import baketracker.models as m
from baketracker.domain import units
from baketracker.domain.recipes import MAX_DEPTH

_QTY = Decimal("0.000001")
_COST = Decimal("0.000000000001")
# SQLite keeps Numeric as floating point: allow for the last stored digit.
_SLACK = Decimal("0.000002")


def _depth(graph: Mapping[int, Iterable[int]], node: int, memo: dict[int, int]) -> int:
    """Nodes on the longest chain below `node`; a cycle counts as unbounded."""
    stack: list[tuple[int, bool]] = [(node, False)]
    on_path: set[int] = set()
    while stack:
        current, done = stack.pop()
        if done:
            on_path.discard(current)
            memo[current] = 1 + max((memo[c] for c in graph.get(current, ())), default=0)
            continue
        if current in memo:
            continue
        if current in on_path:
            return 10**9
        on_path.add(current)
        stack.append((current, True))
        for child in graph.get(current, ()):
            if child in on_path:
                return 10**9
            if child not in memo:
                stack.append((child, False))
    return memo[node]


def violations(session: Session) -> list[str]:
    """Every broken invariant, as a sentence naming the rows."""
    problems: list[str] = []
    ingredients = {i.id: i for i in session.scalars(select(m.Ingredient))}
    parents = {i.parent_id for i in ingredients.values() if i.parent_id is not None}
    products = {p.id: p for p in session.scalars(select(m.Product))}
    purchases = {p.id: p for p in session.scalars(select(m.Purchase))}

    preferred: dict[tuple[str, int], int] = defaultdict(int)
    for p in products.values():
        if (p.ingredient_id is None) == (p.material_id is None):
            problems.append(f"product {p.slug} is not for exactly one ingredient or material")
        if p.ingredient_id is not None and p.ingredient_id in parents:
            problems.append(f"product {p.slug} belongs to a category, not a leaf ingredient")
        if p.preferred:
            preferred[("i", p.ingredient_id) if p.ingredient_id else ("m", p.material_id or 0)] += 1
    problems += [f"{key} has {n} preferred products" for key, n in preferred.items() if n > 1]

    used: dict[int, Decimal] = defaultdict(Decimal)
    for d in session.scalars(select(m.Depletion)):
        used[d.lot_id] += d.quantity
    for lot in session.scalars(select(m.InventoryLot)):
        product = products[lot.product_id]
        purchase = purchases[lot.purchase_id]
        per_package, base = units.to_base(product.package_quantity, product.package_unit)
        where = f"lot {lot.id} ({product.slug})"
        if not Decimal(0) <= lot.quantity_remaining <= lot.quantity_initial:
            problems.append(f"{where}: remaining {lot.quantity_remaining} outside 0..initial")
        if lot.unit != base:
            problems.append(f"{where}: unit {lot.unit}, the product's base unit is {base}")
        if (lot.ingredient_id, lot.material_id) != (product.ingredient_id, product.material_id):
            problems.append(f"{where}: ingredient/material differs from its product's")
        if lot.product_id != purchase.product_id or lot.purchased_on != purchase.purchased_on:
            problems.append(f"{where}: product or date differs from its purchase's")
        expected = (purchase.packages * per_package).quantize(_QTY)
        if abs(lot.quantity_initial - expected) > _SLACK:
            problems.append(f"{where}: initial {lot.quantity_initial}, packages give {expected}")
        cost = (purchase.price_per_package / per_package).quantize(_COST)
        if abs(lot.unit_cost - cost) > _SLACK:
            problems.append(f"{where}: unit cost {lot.unit_cost}, price ÷ size is {cost}")
        drawn = lot.quantity_initial - lot.quantity_remaining
        if abs(drawn - used.get(lot.id, Decimal(0))) > _SLACK:
            problems.append(f"{where}: {drawn} drawn but depletions record {used.get(lot.id)}")

    for line in session.scalars(select(m.RecipeIngredient)):
        if line.ingredient_id in parents:
            problems.append(
                f"recipe {line.recipe_id} uses category ingredient {line.ingredient_id}"
            )
        if line.quantity <= 0:
            problems.append(f"recipe line {line.id} has quantity {line.quantity}")
        units.canonical_unit(line.unit)
    recipe_graph: dict[int, list[int]] = defaultdict(list)
    for component in session.scalars(select(m.RecipeComponent)):
        recipe_graph[component.recipe_id].append(component.component_recipe_id)
    memo: dict[int, int] = {}
    for rid in list(recipe_graph):
        if _depth(recipe_graph, rid, memo) > MAX_DEPTH:
            problems.append(f"recipe {rid} is nested deeper than {MAX_DEPTH} or in a cycle")

    goods = {g.id: g for g in session.scalars(select(m.FinishedGood))}
    lines: dict[int, list[m.Composition]] = defaultdict(list)
    for c in session.scalars(select(m.Composition)):
        lines[c.finished_good_id].append(c)
        parts = [c.finished_unit_id, c.component_good_id, c.material_id]
        if sum(p is not None for p in parts) != 1 or c.quantity <= 0:
            problems.append(f"composition {c.id} is not exactly one part with quantity > 0")
    bare_of: dict[int, int] = defaultdict(int)
    for good in goods.values():
        if good.kind == "BARE":
            own = lines[good.id]
            if len(own) != 1 or own[0].finished_unit_id is None or own[0].quantity != 1:
                problems.append(f"BARE good {good.slug} is not one finished unit × 1")
            else:
                bare_of[own[0].finished_unit_id] += 1
    for unit in session.scalars(select(m.FinishedUnit)):
        if bare_of.get(unit.id, 0) != 1:
            problems.append(f"finished unit {unit.slug} has {bare_of.get(unit.id, 0)} BARE goods")
    good_graph = {
        gid: [c.component_good_id for c in own if c.component_good_id is not None]
        for gid, own in lines.items()
    }
    memo = {}
    for gid in good_graph:
        if _depth(good_graph, gid, memo) > MAX_DEPTH:
            problems.append(f"finished good {gid} is nested deeper than {MAX_DEPTH} or in a cycle")

    for event in session.scalars(select(m.Event)):
        if event.year != event.event_date.year:
            problems.append(f"event {event.name!r}: year {event.year} is not its date's")
    return problems
