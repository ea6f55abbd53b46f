"""Stored definitions as plain data: recipes flattened, goods exploded, snapshot JSON.

Shared by the recipe, goods, costing and planning services, and the one place that
decides what a definition snapshot holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.domain import recipes as flat
from baketracker.domain.numbers import positive_quantity
from baketracker.models import (
    Composition,
    FinishedGood,
    FinishedUnit,
    Ingredient,
    Material,
    Recipe,
    RecipeComponent,
    RecipeIngredient,
    RecipeSlugAlias,
)
from baketracker.services.finished_units import bare_slugs_of, unit_dict
from baketracker.services.lookup import get_recipe_row
from baketracker.services.plan_inputs.rows import DefinitionRows
from baketracker.services.plan_inputs.snapshot_json import good_snapshot, recipe_snapshot

MAX_DEPTH = flat.MAX_DEPTH
Node = tuple[str, int]  # ("fu" | "fg" | "mat", id)


# --- recipes ---------------------------------------------------------------------------


def ingredient_line_dict(line: RecipeIngredient) -> dict[str, Any]:
    return {
        "id": line.id,
        "ingredient_id": line.ingredient_id,
        "ingredient_slug": line.ingredient.slug,
        "ingredient_name": line.ingredient.name,
        "quantity": line.quantity,
        "unit": line.unit,
        "note": line.note,
    }


def recipe_definitions(
    session: Session, roots: Iterable[int]
) -> tuple[dict[int, flat.RecipeDef], dict[int, flat.IngredientInfo]]:
    """Plain definitions of every recipe reachable from `roots`, for domain.recipes."""
    roots = list(roots)
    return DefinitionRows.load_for(session, recipes=roots).flat_definitions(roots)


def flatten_demand(
    session: Session, demand: Mapping[object, object], *, lenient: bool = False
) -> flat.Flattened:
    """Ingredient totals for several recipes at once (recipe ref → batches)."""
    batches: dict[int, Decimal] = {}
    for ref, amount in demand.items():
        row = get_recipe_row(session, ref)
        value = positive_quantity(amount, field="batches", record=f"Recipe {row.name!r}")
        batches[row.id] = batches.get(row.id, Decimal(0)) + value
    return DefinitionRows.load_for(session, recipes=batches).flatten(batches, lenient=lenient)


def recipe_snapshot_data(
    session: Session, row: Recipe, scale: Decimal, *, production_run_id: int | None = None
) -> dict[str, Any]:
    """Everything production and planning need, without reading the live recipe again."""
    rows = DefinitionRows.load_for(session, recipes=[row.id])
    return recipe_snapshot(rows, row.id, scale, production_run_id=production_run_id)


def recipe_summary(row: Recipe) -> dict[str, Any]:
    return {
        "id": row.id,
        "slug": row.slug,
        "name": row.name,
        "category": row.category,
        "base_recipe_slug": row.base_recipe.slug if row.base_recipe else None,
        "variant_name": row.variant_name,
        "archived": row.archived,
    }


def _prefetch_parts(session: Session, row: Recipe) -> list[object]:
    """Load the ingredients and sub-recipes the recipe's lines name in two queries, so
    reading `line.ingredient` / `component.component` sends nothing. The caller keeps the
    returned rows while it reads (the session holds them only weakly)."""
    held: list[object] = []
    ingredient_ids = {line.ingredient_id for line in row.ingredients}
    if ingredient_ids:
        held += session.scalars(select(Ingredient).where(Ingredient.id.in_(ingredient_ids)))
    component_ids = {c.component_recipe_id for c in row.components}
    if component_ids:
        held += session.scalars(select(Recipe).where(Recipe.id.in_(component_ids)))
    return held


def recipe_dict(session: Session, row: Recipe) -> dict[str, Any]:
    _held = _prefetch_parts(session, row)  # kept alive while the lines are read
    bare = bare_slugs_of(session, [u.id for u in row.finished_units])
    parents = session.scalars(
        select(Recipe)
        .join(RecipeComponent, RecipeComponent.recipe_id == Recipe.id)
        .where(RecipeComponent.component_recipe_id == row.id)
        .order_by(Recipe.name)
    ).all()
    variants = session.scalars(
        select(Recipe).where(Recipe.base_recipe_id == row.id).order_by(Recipe.name)
    ).all()
    aliases = session.scalars(
        select(RecipeSlugAlias.slug).where(RecipeSlugAlias.recipe_id == row.id)
    ).all()
    return {
        **recipe_summary(row),
        "instructions": row.instructions,
        "notes": row.notes,
        "ingredients": [ingredient_line_dict(line) for line in row.ingredients],
        "components": [
            {
                "id": c.id,
                "recipe_id": c.component.id,
                "recipe_slug": c.component.slug,
                "recipe_name": c.component.name,
                "multiplier": c.multiplier,
            }
            for c in row.components
        ],
        "finished_units": [unit_dict(u, bare.get(u.id)) for u in row.finished_units],
        "variants": [
            {"id": v.id, "slug": v.slug, "name": v.name, "variant_name": v.variant_name}
            for v in variants
        ],
        "used_in": [{"id": p.id, "slug": p.slug, "name": p.name} for p in parents],
        "former_slugs": sorted(aliases),
    }


# --- finished goods --------------------------------------------------------------------


def composition_line_dict(line: Composition) -> dict[str, Any]:
    part: FinishedUnit | FinishedGood | Material
    if line.finished_unit is not None:
        kind, part = "finished_unit", line.finished_unit
    elif line.component_good is not None:
        kind, part = "finished_good", line.component_good
    else:
        assert line.material is not None
        kind, part = "material", line.material
    return {
        "type": kind,
        "id": part.id,
        "slug": part.slug,
        "name": part.name,
        "quantity": line.quantity,
        "unit": line.material.base_unit if line.material is not None else "each",
    }


def explode_goods(session: Session, demand: Mapping[int, Decimal]) -> dict[str, Any]:
    """Finished units and materials that `demand` (good id → quantity) needs, summed.

    Nested goods multiply; a part used by several goods is counted once per use.
    """
    return DefinitionRows.load_for(session, goods=demand).explode(demand)


def finished_good_snapshot_data(
    session: Session, good: FinishedGood, *, assembly_run_id: int | None = None
) -> dict[str, Any]:
    """The immutable JSON of one good: composition recursively and flattened totals."""
    rows = DefinitionRows.load_for(session, goods=[good.id])
    return good_snapshot(rows, good.id, assembly_run_id=assembly_run_id)
