"""Flattening recipes: sub-recipes multiplied in, one base-unit total per ingredient.

Pure data in, pure data out: the services (costing, snapshots) and the planning engine
hand in plain definitions and get totals back, so the arithmetic lives in one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from baketracker.domain import bom, units
from baketracker.domain.numbers import decimal_text, positive_quantity
from baketracker.errors import Invalid

__all__ = [
    "FlatLine",
    "Flattened",
    "IngredientInfo",
    "Line",
    "RecipeDef",
    "UnreconciledLine",
    "decimal_text",
    "positive_quantity",
    "flatten",
    "flattened_from_snapshot",
    "recipe_batches",
]

MAX_DEPTH = 5


@dataclass(frozen=True)
class IngredientInfo:
    """What flattening needs to know about an ingredient."""

    id: int
    slug: str
    name: str
    density_g_per_ml: Decimal | None = None


@dataclass(frozen=True)
class Line:
    """One ingredient line as the baker wrote it: `quantity` of `unit` per batch."""

    ingredient_id: int
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class RecipeDef:
    """A recipe's lines and its sub-recipes as (recipe id, batches per batch) pairs."""

    id: int
    name: str
    slug: str = ""
    lines: tuple[Line, ...] = ()
    components: tuple[tuple[int, Decimal], ...] = ()


@dataclass(frozen=True)
class FlatLine:
    """The total of one ingredient, in its base unit (g, ml or item)."""

    ingredient: IngredientInfo
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class UnreconciledLine:
    """Lines that cannot join their ingredient's total, kept in the recipe's own unit.

    Only the lenient mode returns these: "1 tsp salt" where salt is also weighed and has
    no density. A plan lists them flagged rather than failing or dropping them.
    """

    ingredient: IngredientInfo
    quantity: Decimal
    unit: str
    recipe: str
    reason: str
    needs_density: bool = True


@dataclass(frozen=True)
class Flattened:
    lines: tuple[FlatLine, ...]
    unreconciled: tuple[UnreconciledLine, ...] = field(default=())

    def by_slug(self) -> dict[str, FlatLine]:
        return {line.ingredient.slug: line for line in self.lines}


def recipe_batches(
    demand: Mapping[int, Decimal], recipes: Mapping[int, RecipeDef]
) -> dict[int, Decimal]:
    """Batches of every recipe reachable from `demand`, sub-recipes multiplied in.

    A sub-recipe shared by two parents is counted once per use and expanded once.
    Raises Invalid on a cycle or an unknown sub-recipe.
    """
    for recipe in recipes.values():
        for child, _ in recipe.components:
            if child not in recipes:
                raise Invalid(
                    f"Recipe '{recipe.name}' uses sub-recipe {child}, which was not given",
                    record=recipe.name,
                    field="components",
                )
    for root in demand:
        if root not in recipes:
            raise Invalid(f"Recipe {root} was not given", field="recipe")
    children = {rid: tuple(recipe.components) for rid, recipe in recipes.items()}
    return bom.explode_all(
        dict(demand), children, describe=lambda rid: recipes[rid].name, what="recipe"
    )


def flatten(
    demand: Mapping[int, Decimal],
    recipes: Mapping[int, RecipeDef],
    ingredients: Mapping[int, IngredientInfo],
    *,
    lenient: bool = False,
) -> Flattened:
    """Ingredient totals for `demand` (recipe id → batches), one line per ingredient.

    Every line is normalised to a base unit before summing, one unit per ingredient:
    grams for anything weighed or with a density (cups become grams through it), ml
    for volumes without a density, item for counts. A line that cannot join its ingredient's total
    (volume with no density, a count next to a weight) raises Invalid naming the recipe
    and the ingredient; with `lenient=True` it is returned in `unreconciled` instead,
    in the unit the recipe uses, and everything else is computed as usual.
    """
    totals = recipe_batches(demand, recipes)
    contributions: dict[int, list[tuple[str, Decimal, str]]] = {}
    for rid, batches in totals.items():
        recipe = recipes[rid]
        for line in recipe.lines:
            if line.ingredient_id not in ingredients:
                raise Invalid(
                    f"Recipe '{recipe.name}' uses ingredient {line.ingredient_id}, "
                    "which was not given",
                    record=recipe.name,
                    field="ingredient",
                )
            unit = units.canonical_unit(line.unit)
            contributions.setdefault(line.ingredient_id, []).append(
                (recipe.name, line.quantity * batches, unit)
            )

    lines: list[FlatLine] = []
    unreconciled: dict[tuple[int, str, str], UnreconciledLine] = {}
    for ingredient_id, parts in contributions.items():
        info = ingredients[ingredient_id]
        flat, left_out = _reconcile(info, parts, lenient=lenient)
        if flat is not None:
            lines.append(flat)
        for item in left_out:
            key = (ingredient_id, item.unit, item.recipe)
            if key in unreconciled:
                item = UnreconciledLine(
                    info,
                    unreconciled[key].quantity + item.quantity,
                    item.unit,
                    item.recipe,
                    item.reason,
                )
            unreconciled[key] = item
    return Flattened(tuple(lines), tuple(unreconciled.values()))


def _reconcile(
    info: IngredientInfo, parts: Sequence[tuple[str, Decimal, str]], *, lenient: bool
) -> tuple[FlatLine | None, list[UnreconciledLine]]:
    dims = {units.dimension(unit) for _, _, unit in parts}
    if "volume" in dims and info.density_g_per_ml is not None:
        dims.add("mass")  # one unit per ingredient: weigh what has a density
    primary = next(d for d in ("mass", "volume", *sorted(dims)) if d in dims)
    target = (
        "g"
        if primary == "mass"
        else next(units.base_unit(unit) for _, _, unit in parts if units.dimension(unit) == primary)
    )
    total = Decimal(0)
    joined = False
    left_out: list[UnreconciledLine] = []
    for recipe, quantity, unit in parts:
        dim = units.dimension(unit)
        if dim == primary:
            total += units.to_base(quantity, unit)[0]
            joined = True
            continue
        if dim == "volume" and primary == "mass" and info.density_g_per_ml is not None:
            total += units.convert(
                quantity, unit, "g", density_g_per_ml=info.density_g_per_ml, ingredient=info.name
            )
            joined = True
            continue
        reason = _why_not(info, unit, target)
        if not lenient:
            raise Invalid(
                f"Recipe '{recipe}': ingredient '{info.name}' is measured in {unit} here and "
                f"in {target} elsewhere; {reason}",
                record=recipe,
                field="density" if dim != "count" and primary != "count" else "unit",
            )
        left_out.append(
            UnreconciledLine(info, quantity, unit, recipe, reason, needs_density=dim != "count")
        )
    line = FlatLine(info, total, target) if joined else None
    return line, left_out


def _why_not(info: IngredientInfo, unit: str, target: str) -> str:
    if "count" in (units.dimension(unit), units.dimension(target)):
        return "counted units (each, dozen) never convert to a weight or volume"
    return (
        f"it needs a density to add {unit} to {target} "
        "(set one on the ingredient, for example '1 cup = 120 g')"
    )


def flattened_from_snapshot(data: Mapping[str, Any], batches: Decimal = Decimal(1)) -> Flattened:
    """The ingredient totals stored in a recipe snapshot's `data`, times `batches`.

    Snapshot quantities are per one batch already multiplied by the snapshot's scale
    factor; this reads them back as Decimals without touching the live recipe.
    """
    lines = []
    for item in data.get("ingredients", ()):
        info = _info_from(item)
        lines.append(FlatLine(info, Decimal(item["quantity"]) * batches, item["unit"]))
    left_out = []
    for item in data.get("unreconciled", ()):
        left_out.append(
            UnreconciledLine(
                _info_from(item),
                Decimal(item["quantity"]) * batches,
                item["unit"],
                item["recipe_name"],
                item["reason"],
                bool(item.get("needs_density", True)),
            )
        )
    return Flattened(tuple(lines), tuple(left_out))


def _info_from(item: Mapping[str, Any]) -> IngredientInfo:
    density = item.get("density_g_per_ml")
    return IngredientInfo(
        id=int(item["ingredient_id"]),
        slug=str(item["ingredient_slug"]),
        name=str(item["ingredient_name"]),
        density_g_per_ml=Decimal(density) if density is not None else None,
    )
