"""The planning pipeline: targets → finished-unit needs → batches → ingredients → shopping.

Pure functions over plain frozen data, so the whole plan can be computed (and tested) with
no database. The service layer (services/planning.py) gathers a `PlanInput` from snapshots
and live rows, calls `compute_plan`, and turns the result into dicts.

Every figure carries its explanation: which finished goods (and through them which
packages) drive a unit need, which recipes drive an ingredient need.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from baketracker.domain import batches as batch_rules
from baketracker.domain import units
from baketracker.domain.numbers import RATIO_PLACES
from baketracker.domain.plan_types import (
    BatchDecision,
    BatchLine,
    DemandLine,
    FeasibilityLine,
    GoodDef,
    IngredientUse,
    NeedLine,
    Offer,
    Part,
    PartKind,
    PlanInput,
    PlanResult,
    RecipeDef,
    ShoppingLine,
    StockInfo,
    UnitDef,
    UnitNeedLine,
)
from baketracker.errors import Invalid

_ZERO = Decimal(0)

__all__ = [
    "BatchDecision",
    "BatchLine",
    "DemandLine",
    "FeasibilityLine",
    "GoodDef",
    "IngredientUse",
    "Leaves",
    "NeedLine",
    "Offer",
    "Part",
    "PartKind",
    "PlanInput",
    "PlanResult",
    "RecipeDef",
    "ShoppingLine",
    "StockInfo",
    "UnitDef",
    "UnitNeedLine",
    "choose_offer",
    "compute_plan",
    "packages_for",
    "propose_batches",
]


# --- the pipeline ----------------------------------------------------------------------


def compute_plan(data: PlanInput) -> PlanResult:
    """Run every planning step over `data`; see the module docstring."""
    demand = _demand(data)
    leaves = data.leaves or Leaves(data.goods)
    unit_needs, material_needs = _explode_targets(data, leaves)
    batch_lines = _batches(data, unit_needs)
    ingredient_lines = _ingredient_needs(data, batch_lines)
    material_lines = _material_needs(data, demand, material_needs)
    shopping = tuple(
        _shopping_line(line, _stock(data, line))
        for line in (*ingredient_lines, *material_lines)
        if line.to_buy is None or line.to_buy > 0
    )
    return PlanResult(
        demand=demand,
        batches=batch_lines,
        ingredients=ingredient_lines,
        materials=material_lines,
        shopping=shopping,
        feasibility=_feasibility(data, demand, leaves),
    )


def propose_batches(data: PlanInput) -> tuple[BatchLine, ...]:
    """Only the batch step (what finalising a plan needs): no stock, no shopping."""
    unit_needs, _ = _explode_targets(data, data.leaves or Leaves(data.goods))
    return _batches(data, unit_needs)


def _demand(data: PlanInput) -> tuple[DemandLine, ...]:
    goods = set(data.assembly_targets) | set(data.package_needs)
    lines = []
    for good_id in sorted(goods, key=lambda g: data.goods[g].name.lower()):
        target = data.assembly_targets.get(good_id, 0)
        packages = data.package_needs.get(good_id, {})
        assembled = data.assembled.get(good_id, 0)
        lines.append(
            DemandLine(
                good_id=good_id,
                target=target,
                package_need=sum(packages.values()),
                packages=dict(packages),
                assembled=assembled,
                remaining=max(0, target - assembled),
            )
        )
    return tuple(lines)


class Leaves:
    """The finished units and materials in ONE of each good, nested goods multiplied in.

    Memoised: every good is expanded once however many goods contain it, so a plan with
    thousands of targets stays linear. Raises Invalid on a cycle (stored compositions
    are acyclic, so this guards imported or hand-made data).
    """

    def __init__(self, goods: Mapping[int, GoodDef]) -> None:
        self._goods = goods
        self._memo: dict[int, dict[tuple[str, int], Decimal]] = {}
        self._path: list[int] = []

    def of(self, good_id: int) -> Mapping[tuple[str, int], Decimal]:
        known = self._memo.get(good_id)
        if known is not None:
            return known
        if good_id in self._path:
            loop = [*self._path[self._path.index(good_id) :], good_id]
            raise Invalid(
                "Finished good nesting forms a cycle: "
                + " → ".join(self._goods[g].name for g in loop),
                record=self._goods[good_id].name,
            )
        self._path.append(good_id)
        totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        for part in self._goods[good_id].parts:
            if part.kind == "fg":
                for key, quantity in self.of(part.id).items():
                    totals[key] += quantity * part.quantity
            else:
                totals[(part.kind, part.id)] += part.quantity
        self._path.pop()
        self._memo[good_id] = dict(totals)
        return self._memo[good_id]


def _explode_targets(
    data: PlanInput, leaves: Leaves
) -> tuple[dict[int, dict[int, Decimal]], dict[int, dict[int, Decimal]]]:
    """Unit needs and material needs per top-level finished good, summed across goods.

    Returns unit id → {good id → units}, material id → {good id → quantity}. Each good
    keeps its own share so every need can say which goods drive it; a cookie in two
    boxes is needed for both.
    """
    unit_needs: dict[int, dict[int, Decimal]] = defaultdict(dict)
    material_needs: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for good_id, target in data.assembly_targets.items():
        if target <= 0:
            continue
        for (kind, part_id), quantity in leaves.of(good_id).items():
            if kind == "fu":
                unit_needs[part_id][good_id] = quantity * target
            elif kind == "material":
                material_needs[part_id][good_id] = quantity * target
    return unit_needs, material_needs


def _batches(
    data: PlanInput, unit_needs: Mapping[int, Mapping[int, Decimal]]
) -> tuple[BatchLine, ...]:
    by_recipe: dict[int, list[UnitNeedLine]] = defaultdict(list)
    for unit_id, drivers in unit_needs.items():
        unit = data.units[unit_id]
        by_recipe[unit.recipe_id].append(
            UnitNeedLine(unit_id, sum(drivers.values(), _ZERO), dict(drivers))
        )
    for recipe_id in data.decisions:
        by_recipe.setdefault(recipe_id, [])
    lines = []
    for recipe_id, unit_lines in by_recipe.items():
        needs = [
            batch_rules.UnitNeed(
                key=u.unit_id,
                units_needed=u.needed,
                items_per_batch=data.units[u.unit_id].items_per_batch,
                batch_portion=data.units[u.unit_id].batch_portion,
            )
            for u in unit_lines
        ]
        proposal = batch_rules.fewest_batches(needs)
        decision = data.decisions.get(recipe_id)
        batches = decision.batches if decision else proposal.batches
        lines.append(
            BatchLine(
                recipe_id=recipe_id,
                units=tuple(sorted(unit_lines, key=lambda u: data.units[u.unit_id].name)),
                proposed=proposal.batches,
                exact=proposal.exact_batches,
                decided=decision.batches if decision else None,
                produced=data.produced_batches.get(recipe_id, _ZERO),
                short_confirmed=bool(decision and decision.short_confirmed),
                leftovers=_int_keys(batch_rules.leftover_units(batches, needs)),
                shortfalls=_int_keys(batch_rules.shortfall_units(batches, needs)),
            )
        )
    return tuple(sorted(lines, key=lambda b: data.recipes[b.recipe_id].name.lower()))


def _int_keys(values: Mapping[Hashable, Decimal]) -> dict[int, Decimal]:
    return {int(str(k)): v for k, v in values.items()}


def _ingredient_needs(data: PlanInput, batch_lines: tuple[BatchLine, ...]) -> tuple[NeedLine, ...]:
    """Remaining batches × flattened recipes, one line per ingredient and unit."""
    totals: dict[tuple[int, str], dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in batch_lines:
        if line.remaining <= 0:
            continue
        for use in data.recipes[line.recipe_id].ingredients:
            info = data.ingredients[use.ingredient_id]
            quantity, unit = _normalise(use.quantity * line.remaining, use.unit, info)
            totals[(use.ingredient_id, unit)][line.recipe_id] += quantity
    out = []
    for (ingredient_id, unit), drivers in totals.items():
        info = data.ingredients[ingredient_id]
        needed = sum(drivers.values(), _ZERO)
        on_hand = _on_hand_in(info, unit)
        flag = None
        if on_hand is None:
            flag = f"needs a density to compare {unit} with the stock of {info.name}"
        out.append(
            NeedLine("ingredient", ingredient_id, unit, needed, on_hand, dict(drivers), flag)
        )
    return tuple(sorted(out, key=lambda n: (data.ingredients[n.item_id].name.lower(), n.unit)))


def _normalise(quantity: Decimal, unit: str, info: StockInfo) -> tuple[Decimal, str]:
    """One unit per ingredient: grams whenever a density allows, else the base unit."""
    base_qty, base = units.to_base(quantity, unit)
    if base == "ml" and info.density_g_per_ml is not None:
        return base_qty * info.density_g_per_ml, "g"
    return base_qty, base


def _on_hand_in(info: StockInfo, unit: str) -> Decimal | None:
    """Stock expressed in `unit`; None when some stock exists but cannot be compared."""
    total = _ZERO
    comparable = not info.on_hand
    for stock_unit, quantity in info.on_hand.items():
        if units.can_convert(stock_unit, unit, info.density_g_per_ml):
            total += units.convert(
                quantity,
                stock_unit,
                unit,
                density_g_per_ml=info.density_g_per_ml,
                ingredient=info.name,
            )
            comparable = True
    return total if comparable else None


def _material_needs(
    data: PlanInput,
    demand: tuple[DemandLine, ...],
    material_needs: Mapping[int, Mapping[int, Decimal]],
) -> tuple[NeedLine, ...]:
    """Materials for the goods still to assemble (remaining ÷ target of each driver)."""
    remaining_share = {
        d.good_id: (Decimal(d.remaining) / Decimal(d.target)) if d.target else _ZERO for d in demand
    }
    out = []
    for material_id, drivers in material_needs.items():
        info = data.materials[material_id]
        scaled = {g: q * remaining_share.get(g, _ZERO) for g, q in drivers.items()}
        needed = sum(scaled.values(), _ZERO)
        if needed <= 0:
            continue
        unit = info.base_unit
        out.append(NeedLine("material", material_id, unit, needed, _on_hand_in(info, unit), scaled))
    return tuple(sorted(out, key=lambda n: data.materials[n.item_id].name.lower()))


def _stock(data: PlanInput, line: NeedLine) -> StockInfo:
    return (data.ingredients if line.kind == "ingredient" else data.materials)[line.item_id]


def choose_offer(info: StockInfo, unit: str) -> Offer | None:
    """The preferred product, else the cheapest per unit, among those sold in a unit
    comparable with `unit`."""
    usable = [o for o in info.offers if units.can_convert(o.unit, unit, info.density_g_per_ml)]
    if not usable:
        return None
    preferred = [o for o in usable if o.preferred]
    if preferred:
        return preferred[0]
    priced = [o for o in usable if o.price is not None]
    if priced:
        return min(priced, key=lambda o: (_price_per(o, unit, info), o.name))
    return sorted(usable, key=lambda o: o.name)[0]


def _price_per(offer: Offer, unit: str, info: StockInfo) -> Decimal:
    assert offer.price is not None
    size = units.convert(
        offer.package_quantity,
        offer.unit,
        unit,
        density_g_per_ml=info.density_g_per_ml,
        ingredient=info.name,
    )
    return offer.price / size


def packages_for(quantity: Decimal, offer: Offer, unit: str, info: StockInfo) -> int:
    """Whole packages of `offer` covering `quantity` `unit` (never fewer)."""
    size = units.convert(
        offer.package_quantity,
        offer.unit,
        unit,
        density_g_per_ml=info.density_g_per_ml,
        ingredient=info.name,
    )
    ratio = (quantity / size).quantize(RATIO_PLACES)
    return int(ratio.to_integral_value(rounding=ROUND_CEILING))


def _shopping_line(line: NeedLine, info: StockInfo) -> ShoppingLine:
    if line.to_buy is None:
        # Cannot compare with stock: list the whole need, flagged, in the recipe's unit.
        return ShoppingLine(
            line.kind, line.item_id, line.unit, line.needed, None, None, None, line.flag
        )
    offer = choose_offer(info, line.unit)
    if offer is None:
        flag = (
            "no product in the catalog"
            if not info.offers
            else f"no product sold in a unit comparable with {line.unit}"
        )
        return ShoppingLine(line.kind, line.item_id, line.unit, line.to_buy, None, None, None, flag)
    packages = packages_for(line.to_buy, offer, line.unit, info)
    cost = None if offer.price is None else offer.price * packages
    price_flag = None if offer.price is not None else "no price known yet"
    return ShoppingLine(
        line.kind, line.item_id, line.unit, line.to_buy, offer, packages, cost, price_flag
    )


def _feasibility(
    data: PlanInput, demand: tuple[DemandLine, ...], leaves: Leaves
) -> tuple[FeasibilityLine, ...]:
    """How many of each good can be assembled now from on-hand units and materials.

    Supply is shared: goods take their parts in demand order (by name), so a cookie
    promised to the first good is not offered to the next one as well.
    """
    supply: dict[tuple[str, int], Decimal] = {
        ("fu", unit_id): Decimal(count) for unit_id, count in data.unit_on_hand.items()
    }
    for material_id, info in data.materials.items():
        supply[("material", material_id)] = _on_hand_in(info, info.base_unit) or _ZERO
    out = []
    for line in demand:
        if line.remaining <= 0:
            out.append(FeasibilityLine(line.good_id, 0, 0, ()))
            continue
        per_good = leaves.of(line.good_id)
        can = line.remaining
        limiting: list[str] = []
        for key, quantity in per_good.items():
            possible = int(
                (supply.get(key, _ZERO) / quantity).to_integral_value(rounding=ROUND_FLOOR)
            )
            if possible < can:
                can, limiting = possible, [_part_label(data, key)]
            elif possible == can and can < line.remaining:
                limiting.append(_part_label(data, key))
        for key, quantity in per_good.items():
            supply[key] = supply.get(key, _ZERO) - quantity * can
        out.append(FeasibilityLine(line.good_id, line.remaining, can, tuple(limiting)))
    return tuple(out)


def _part_label(data: PlanInput, key: tuple[str, int]) -> str:
    kind, part_id = key
    if kind == "fu":
        return data.units[part_id].name
    if kind == "material":
        return data.materials[part_id].name
    return data.goods[part_id].name
