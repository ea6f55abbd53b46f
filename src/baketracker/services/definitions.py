"""Stored definitions as plain data: recipes flattened, goods exploded, snapshot JSON.

Shared by the recipe, goods, costing and planning services, and the one place that
decides what a definition snapshot holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.domain import bom
from baketracker.domain import recipes as flat
from baketracker.domain.recipes import decimal_text, positive_quantity
from baketracker.models import (
    Composition,
    FinishedGood,
    FinishedUnit,
    Material,
    Recipe,
    RecipeComponent,
    RecipeIngredient,
    RecipeSlugAlias,
)
from baketracker.services.finished_units import finished_unit_dict
from baketracker.services.lookup import get_recipe_row

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
    recipes: dict[int, flat.RecipeDef] = {}
    ingredients: dict[int, flat.IngredientInfo] = {}
    pending = list(roots)
    while pending:
        rid = pending.pop()
        if rid in recipes:
            continue
        row = session.get_one(Recipe, rid)
        for line in row.ingredients:
            ing = line.ingredient
            ingredients[ing.id] = flat.IngredientInfo(
                ing.id, ing.slug, ing.name, ing.density_g_per_ml
            )
        recipes[rid] = flat.RecipeDef(
            id=row.id,
            name=row.name,
            slug=row.slug,
            lines=tuple(
                flat.Line(li.ingredient_id, li.quantity, li.unit) for li in row.ingredients
            ),
            components=tuple((c.component_recipe_id, c.multiplier) for c in row.components),
        )
        pending.extend(c.component_recipe_id for c in row.components)
    return recipes, ingredients


def flatten_demand(
    session: Session, demand: Mapping[object, object], *, lenient: bool = False
) -> flat.Flattened:
    """Ingredient totals for several recipes at once (recipe ref → batches)."""
    batches: dict[int, Decimal] = {}
    for ref, amount in demand.items():
        row = get_recipe_row(session, ref)
        value = positive_quantity(amount, field="batches", record=f"Recipe {row.name!r}")
        batches[row.id] = batches.get(row.id, Decimal(0)) + value
    recipes, ingredients = recipe_definitions(session, batches)
    return flat.flatten(batches, recipes, ingredients, lenient=lenient)


def flat_line_dict(line: flat.FlatLine) -> dict[str, Any]:
    info = line.ingredient
    return {
        "ingredient_id": info.id,
        "ingredient_slug": info.slug,
        "ingredient_name": info.name,
        "quantity": line.quantity,
        "unit": line.unit,
        "density_g_per_ml": info.density_g_per_ml,
        "reconciled": True,
        "needs_density": False,
    }


def unreconciled_dict(line: flat.UnreconciledLine) -> dict[str, Any]:
    info = line.ingredient
    return {
        "ingredient_id": info.id,
        "ingredient_slug": info.slug,
        "ingredient_name": info.name,
        "quantity": line.quantity,
        "unit": line.unit,
        "density_g_per_ml": info.density_g_per_ml,
        "reconciled": False,
        "needs_density": line.needs_density,
        "recipe_name": line.recipe,
        "reason": line.reason,
    }


def _jsonable(line: dict[str, Any]) -> dict[str, Any]:
    return {
        key: decimal_text(value) if isinstance(value, Decimal) else value
        for key, value in line.items()
        if key not in ("reconciled",)
    }


def recipe_snapshot_data(
    session: Session, row: Recipe, scale: Decimal, *, production_run_id: int | None = None
) -> dict[str, Any]:
    """Everything production and planning need, without reading the live recipe again."""
    result = flatten_demand(session, {row.id: scale}, lenient=True)
    return {
        "schema": 1,
        "recipe": {
            "id": row.id,
            "slug": row.slug,
            "name": row.name,
            "category": row.category,
            "variant_name": row.variant_name,
        },
        "scale_factor": decimal_text(scale),
        "ingredients": [_jsonable(flat_line_dict(line)) for line in result.lines],
        "unreconciled": [_jsonable(unreconciled_dict(line)) for line in result.unreconciled],
        "lines": [_jsonable(ingredient_line_dict(line)) for line in row.ingredients],
        "components": [
            {
                "recipe_id": c.component.id,
                "recipe_slug": c.component.slug,
                "recipe_name": c.component.name,
                "multiplier": decimal_text(c.multiplier),
            }
            for c in row.components
        ],
        "finished_units": [
            {
                "id": u.id,
                "slug": u.slug,
                "name": u.name,
                "items_per_batch": decimal_text(u.items_per_batch),
                "batch_portion": decimal_text(u.batch_portion),
            }
            for u in row.finished_units
        ],
        "production_run_id": production_run_id,
        "taken_at": datetime.now(UTC).isoformat(),
    }


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


def recipe_dict(session: Session, row: Recipe) -> dict[str, Any]:
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
        "finished_units": [finished_unit_dict(session, u) for u in row.finished_units],
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
    children: dict[Node, list[tuple[Node, Decimal]]] = {}
    names: dict[Node, str] = {}
    rows: dict[Node, Any] = {}
    part: FinishedUnit | FinishedGood | Material
    pending = [gid for gid in demand]
    while pending:
        good = session.get_one(FinishedGood, pending.pop())
        node = ("fg", good.id)
        if node in children:
            continue
        names[node] = good.name
        edges = children.setdefault(node, [])
        for line in good.components:
            if line.finished_unit is not None:
                child, part = ("fu", line.finished_unit.id), line.finished_unit
            elif line.component_good is not None:
                child, part = ("fg", line.component_good.id), line.component_good
                pending.append(part.id)
            else:
                assert line.material is not None
                child, part = ("mat", line.material.id), line.material
            names[child], rows[child] = part.name, part
            edges.append((child, line.quantity))
    totals = bom.explode(
        {("fg", gid): qty for gid, qty in demand.items()},
        children,
        describe=lambda n: names[n],
        what="finished good",
    )
    units_out, materials = [], []
    for node, quantity in totals.items():
        if node[0] == "fg":
            continue  # an empty bundle: nothing to make
        row = rows[node]
        if node[0] == "fu":
            units_out.append(
                {
                    "id": row.id,
                    "slug": row.slug,
                    "name": row.name,
                    "recipe_id": row.recipe_id,
                    "recipe_slug": row.recipe.slug,
                    "quantity": quantity,
                }
            )
        elif node[0] == "mat":
            materials.append(
                {
                    "id": row.id,
                    "slug": row.slug,
                    "name": row.name,
                    "quantity": quantity,
                    "unit": row.base_unit,
                }
            )
    return {"finished_units": units_out, "materials": materials}


def _tree(good: FinishedGood) -> list[dict[str, Any]]:
    lines = []
    for line in good.components:
        item = {k: v for k, v in composition_line_dict(line).items() if k != "unit"}
        item["quantity"] = decimal_text(line.quantity)
        if line.finished_unit is not None:
            unit = line.finished_unit
            item |= {
                "recipe_id": unit.recipe_id,
                "recipe_slug": unit.recipe.slug,
                "items_per_batch": decimal_text(unit.items_per_batch),
                "batch_portion": decimal_text(unit.batch_portion),
            }
        elif line.component_good is not None:
            item |= {"kind": line.component_good.kind, "components": _tree(line.component_good)}
        else:
            assert line.material is not None
            item["unit"] = line.material.base_unit
        lines.append(item)
    return lines


def finished_good_snapshot_data(
    session: Session, good: FinishedGood, *, assembly_run_id: int | None = None
) -> dict[str, Any]:
    """The immutable JSON of one good: composition recursively and flattened totals."""
    flat = explode_goods(session, {good.id: Decimal(1)})
    for line in (*flat["finished_units"], *flat["materials"]):
        line["quantity"] = decimal_text(line["quantity"])
    return {
        "schema": 1,
        "finished_good": {"id": good.id, "slug": good.slug, "name": good.name, "kind": good.kind},
        "components": _tree(good),
        "flattened": flat,
        "assembly_run_id": assembly_run_id,
        "taken_at": datetime.now(UTC).isoformat(),
    }
