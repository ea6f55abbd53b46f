"""Editing a recipe's ingredient lines and sub-recipe components.

Lines keep what the baker wrote (leaf ingredient, quantity > 0, known unit); components
are checked for cycles and nesting depth before they are added.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import bom, units
from baketracker.domain import recipes as flat
from baketracker.domain.numbers import positive_quantity
from baketracker.errors import Conflict, Invalid, NotFound
from baketracker.models import (
    Recipe,
    RecipeComponent,
    RecipeIngredient,
)
from baketracker.services.ingredients import get_ingredient_row, require_leaf
from baketracker.services.lookup import get_recipe_row
from baketracker.services.permissions import requires
from baketracker.services.plan_inputs.definitions import (
    ingredient_line_dict,
    recipe_dict,
)

MAX_DEPTH = flat.MAX_DEPTH


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def unpack_line(spec: object, record: str) -> tuple[object, object, str, str | None]:
    if isinstance(spec, Mapping):
        return spec.get("ingredient"), spec.get("quantity"), spec.get("unit", ""), spec.get("note")
    if isinstance(spec, tuple | list) and len(spec) in (3, 4):
        note = spec[3] if len(spec) == 4 else None
        return spec[0], spec[1], spec[2], note
    raise Invalid(
        f"{record}: an ingredient line is (ingredient, quantity, unit)",
        record=record,
        field="ingredients",
    )


def recipe_unit(unit: str, record: str) -> str:
    """The canonical unit of a recipe line; Invalid(field="unit") naming the record."""
    try:
        canonical = units.canonical_unit(unit)
    except Invalid as exc:
        raise Invalid(f"{record}: {exc.message}", record=record, field="unit") from None
    if units.dimension(canonical) == "length":
        raise Invalid(
            f"{record}: recipes measure by weight, volume or count, not {canonical}",
            record=record,
            field="unit",
        )
    return canonical


def add_line(
    session: Session,
    row: Recipe,
    ingredient: object,
    quantity: object,
    unit: str,
    note: str | None = None,
) -> RecipeIngredient:
    ing = get_ingredient_row(session, ingredient)
    record = f"Recipe {row.name!r}, ingredient {ing.name!r}"
    require_leaf(session, ing, use=f"recipe {row.name!r}")
    amount = positive_quantity(quantity, field="quantity", record=record)
    canonical = recipe_unit(unit, record)
    line = RecipeIngredient(
        ingredient=ing,
        quantity=amount,
        unit=canonical,
        note=_text(note),
        position=len(row.ingredients),
    )
    row.ingredients.append(line)
    session.flush()
    return line


def _check_components(session: Session, row: Recipe, extra: tuple[int, int] | None) -> None:
    graph: dict[int, list[int]] = {}
    for parent, child in session.execute(
        select(RecipeComponent.recipe_id, RecipeComponent.component_recipe_id)
    ):
        graph.setdefault(parent, []).append(child)
    if extra is not None:
        graph.setdefault(extra[0], []).append(extra[1])
    names = {rid: name for rid, name in session.execute(select(Recipe.id, Recipe.name))}
    bom.check_graph(
        graph,
        row.id,
        max_depth=MAX_DEPTH,
        describe=lambda rid: names[rid],
        what="recipe",
        field="components",
    )


def add_sub_recipe(session: Session, row: Recipe, ref: object, multiplier: object) -> None:
    child = get_recipe_row(session, ref)
    record = f"Recipe {row.name!r}, sub-recipe {child.name!r}"
    amount = positive_quantity(multiplier, field="multiplier", record=record)
    if any(c.component_recipe_id == child.id for c in row.components):
        raise Conflict(f"{record} is already a component; change its multiplier instead")
    _check_components(session, row, (row.id, child.id))
    row.components.append(
        RecipeComponent(component=child, multiplier=amount, position=len(row.components))
    )
    session.flush()


def _component(session: Session, row: Recipe, ref: object) -> RecipeComponent:
    child = get_recipe_row(session, ref)
    for component in row.components:
        if component.component_recipe_id == child.id:
            return component
    raise NotFound(f"Recipe {row.name!r} does not use {child.name!r} as a sub-recipe")


def _line(session: Session, line_id: int) -> RecipeIngredient:
    line = session.get(RecipeIngredient, line_id)
    if line is None:
        raise NotFound(f"No recipe ingredient line {line_id}")
    return line


# --- editing lines and components ------------------------------------------------------


@transactional
@requires("edit")
def add_ingredient(
    recipe: object,
    ingredient: object,
    quantity: object,
    unit: str,
    *,
    note: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Add an ingredient line as written (leaf ingredient, quantity > 0, known unit).

    Returns the line (`id`, `ingredient_slug`, `quantity`, `unit`, `note`).
    """
    row = get_recipe_row(session, recipe)
    return ingredient_line_dict(add_line(session, row, ingredient, quantity, unit, note))


@transactional
@requires("edit")
def update_ingredient_line(
    line_id: int,
    *,
    quantity: object = None,
    unit: str | None = None,
    note: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Change one line's quantity, unit or note (None leaves it alone)."""
    line = _line(session, line_id)
    record = f"Recipe {line.recipe.name!r}, ingredient {line.ingredient.name!r}"
    if quantity is not None:
        line.quantity = positive_quantity(quantity, field="quantity", record=record)
    if unit is not None:
        line.unit = recipe_unit(unit, record)
    if note is not None:
        line.note = _text(note)
    session.flush()
    return ingredient_line_dict(line)


@transactional
@requires("edit")
def remove_ingredient(
    recipe: object, ingredient: object, *, session: Session = AUTO
) -> dict[str, Any]:
    """Remove every line of `ingredient` from the recipe; returns the updated recipe."""
    row = get_recipe_row(session, recipe)
    ing = get_ingredient_row(session, ingredient)
    doomed = [line for line in row.ingredients if line.ingredient_id == ing.id]
    if not doomed:
        raise NotFound(f"Recipe {row.name!r} has no line of {ing.name!r}")
    for line in doomed:
        row.ingredients.remove(line)
    session.flush()
    return recipe_dict(session, row)


@transactional
@requires("edit")
def remove_ingredient_line(line_id: int, *, session: Session = AUTO) -> dict[str, Any]:
    """Remove one ingredient line (others of the same ingredient stay); returns the recipe."""
    line = _line(session, line_id)
    row = line.recipe
    row.ingredients.remove(line)
    session.flush()
    return recipe_dict(session, row)


@transactional
@requires("edit")
def add_component(
    recipe: object, component_recipe: object, multiplier: object, *, session: Session = AUTO
) -> dict[str, Any]:
    """Use `component_recipe` inside `recipe`, `multiplier` batches per batch.

    Refuses cycles (direct and transitive) and nesting deeper than 5 levels with
    Invalid naming the path; Conflict if it is already a component. Returns the recipe.
    """
    row = get_recipe_row(session, recipe)
    add_sub_recipe(session, row, component_recipe, multiplier)
    return recipe_dict(session, row)


@transactional
@requires("edit")
def update_component(
    recipe: object, component_recipe: object, multiplier: object, *, session: Session = AUTO
) -> dict[str, Any]:
    """Change how many batches of a sub-recipe one batch uses."""
    row = get_recipe_row(session, recipe)
    component = _component(session, row, component_recipe)
    component.multiplier = positive_quantity(
        multiplier,
        field="multiplier",
        record=f"Recipe {row.name!r}, sub-recipe {component.component.name!r}",
    )
    session.flush()
    return recipe_dict(session, row)


@transactional
@requires("edit")
def remove_component(
    recipe: object, component_recipe: object, *, session: Session = AUTO
) -> dict[str, Any]:
    row = get_recipe_row(session, recipe)
    row.components.remove(_component(session, row, component_recipe))
    session.flush()
    return recipe_dict(session, row)
