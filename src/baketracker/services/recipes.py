"""Recipe use cases: definitions, ingredient lines, sub-recipes, flattening and snapshots.

Line editing lives in services.recipe_lines and finished units in services.finished_units
(each owns a bare finished good); both are re-exported here, because a baker thinks of
them as part of the recipe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, selectinload

from baketracker.db import AUTO, transactional
from baketracker.domain import recipes as flat
from baketracker.domain.numbers import positive_quantity
from baketracker.errors import Conflict, Invalid, NotFound
from baketracker.models import (
    Event,
    EventProductionTarget,
    ProductionRun,
    Recipe,
    RecipeComponent,
    RecipeSlugAlias,
    RecipeSnapshot,
)
from baketracker.services import finished_units as unit_service
from baketracker.services.definition_snapshots import RECIPE, store_snapshot
from baketracker.services.finished_units import (
    create_finished_unit,
    get_finished_unit,
    list_finished_units,
)
from baketracker.services.lookup import get_recipe_row, require_text, unique_slug
from baketracker.services.permissions import requires
from baketracker.services.plan_inputs.definitions import (
    flatten_demand,
    recipe_dict,
    recipe_snapshot_data,
    recipe_summary,
)
from baketracker.services.plan_inputs.rows import flat_line_dict, unreconciled_dict
from baketracker.services.recipe_lines import (
    add_component,
    add_ingredient,
    add_line,
    add_sub_recipe,
    remove_component,
    remove_ingredient,
    remove_ingredient_line,
    unpack_line,
    update_component,
    update_ingredient_line,
)

__all__ = [
    "add_component",
    "add_ingredient",
    "archive_recipe",
    "create_finished_unit",
    "create_recipe",
    "create_recipe_snapshot",
    "delete_recipe",
    "flatten_demand",
    "flatten_recipe",
    "get_finished_unit",
    "get_recipe",
    "get_recipe_row",
    "get_recipe_snapshot",
    "list_finished_units",
    "list_recipes",
    "remove_component",
    "remove_ingredient",
    "remove_ingredient_line",
    "update_component",
    "update_ingredient_line",
    "update_recipe",
]

MAX_DEPTH = flat.MAX_DEPTH


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


# --- slugs -----------------------------------------------------------------------------


def _taken(session: Session, slug: str, recipe_id: int | None) -> bool:
    clash = session.scalars(select(Recipe).where(Recipe.slug == slug)).first()
    alias = session.scalars(select(RecipeSlugAlias).where(RecipeSlugAlias.slug == slug)).first()
    return (clash is not None and clash.id != recipe_id) or (
        alias is not None and alias.recipe_id != recipe_id
    )


def _recipe_slug(session: Session, wanted: str | None, name: str, recipe_id: int | None) -> str:
    """A slug no other recipe holds, now or as a former slug."""
    slug = unique_slug(session, Recipe, wanted, name, what="Recipe", exclude_id=recipe_id)
    if not _taken(session, slug, recipe_id):
        return slug
    if wanted is not None and wanted.strip():
        raise Conflict(f"Recipe {name!r}: slug {slug!r} is a former slug of another recipe")
    base, n = slug, 2
    while _taken(session, slug, recipe_id):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _change_slug(session: Session, row: Recipe, new_slug: str) -> None:
    """Move to `new_slug`, keeping the old one resolvable as an alias."""
    if new_slug == row.slug:
        return
    session.execute(delete(RecipeSlugAlias).where(RecipeSlugAlias.slug == new_slug))
    session.add(RecipeSlugAlias(recipe_id=row.id, slug=row.slug))
    row.slug = new_slug
    session.flush()


# --- recipes ---------------------------------------------------------------------------


def _base(session: Session, row: Recipe | None, ref: object) -> Recipe:
    base = get_recipe_row(session, ref)
    ancestor: Recipe | None = base
    while ancestor is not None:
        if row is not None and ancestor.id == row.id:
            raise Invalid(
                f"Recipe {row.name!r} cannot be a variant of itself",
                record=row.name,
                field="base_recipe",
            )
        ancestor = ancestor.base_recipe
    return base


@transactional
@requires("edit")
def create_recipe(
    name: str,
    *,
    ingredients: Iterable[Any] = (),
    components: Iterable[tuple[object, object]] = (),
    finished_units: Iterable[Mapping[str, Any]] = (),
    slug: str | None = None,
    category: str | None = None,
    instructions: str | None = None,
    notes: str | None = None,
    base_recipe: object = None,
    variant_name: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Add a recipe with its lines, sub-recipes and finished units, all or nothing.

    `ingredients`: (ingredient, quantity, unit[, note]) — leaf ingredients only,
    quantity > 0, a known unit, kept as written. `components`: (recipe, multiplier)
    pairs. `finished_units`: dicts with `name`, `items_per_batch` or `batch_portion`,
    optional `slug`; each also gets a bare finished good. `base_recipe` +
    `variant_name` make it a variant. Returns `id`, `slug`, `finished_units` [{id, slug}]
    and the rest of get_recipe. Raises Invalid (naming record and field; cycles and
    nesting deeper than 5 name the path), Conflict (slug taken), NotFound.
    """
    name = require_text(name, field="name", record="Recipe")
    base = _base(session, None, base_recipe) if base_recipe is not None else None
    if base is None and _text(variant_name):
        raise Invalid(
            f"Recipe {name!r}: a variant name needs a base recipe", record=name, field="base_recipe"
        )
    row = Recipe(
        name=name,
        slug=_recipe_slug(session, slug, name, None),
        category=_text(category),
        instructions=_text(instructions),
        notes=_text(notes),
        base_recipe=base,
        variant_name=_text(variant_name),
    )
    session.add(row)
    session.flush()
    record = f"Recipe {name!r}"
    for spec in ingredients:
        add_line(session, row, *unpack_line(spec, record))
    for component in components:
        if not isinstance(component, tuple | list) or len(component) != 2:
            raise Invalid(
                f"{record}: a component is (recipe, multiplier)", record=record, field="components"
            )
        add_sub_recipe(session, row, component[0], component[1])
    for unit in finished_units:
        if not isinstance(unit, Mapping):
            raise Invalid(
                f"{record}: a finished unit is a dict with name and a yield",
                record=record,
                field="finished_units",
            )
        unit_service.add_finished_unit(session, row, unit)
    return recipe_dict(session, row)


@transactional
@requires("edit")
def update_recipe(
    recipe: object,
    *,
    name: str | None = None,
    slug: str | None = None,
    category: str | None = None,
    instructions: str | None = None,
    notes: str | None = None,
    base_recipe: object = None,
    variant_name: str | None = None,
    clear_base_recipe: bool = False,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Change a recipe; None leaves a field alone, "" clears an optional text.

    A new name brings a new slug (unless `slug` is given); the old slug stays
    resolvable. Raises Invalid, Conflict (slug taken), NotFound.
    """
    row = get_recipe_row(session, recipe)
    if name is not None:
        row.name = require_text(name, field="name", record=f"Recipe {row.slug!r}")
    if slug is not None or name is not None:
        _change_slug(session, row, _recipe_slug(session, slug, row.name, row.id))
    for field, value in (
        ("category", category),
        ("instructions", instructions),
        ("notes", notes),
        ("variant_name", variant_name),
    ):
        if value is not None:
            setattr(row, field, _text(value))
    if clear_base_recipe:
        row.base_recipe = None
    elif base_recipe is not None:
        row.base_recipe = _base(session, row, base_recipe)
    session.flush()
    return recipe_dict(session, row)


@transactional
def get_recipe(recipe: object, *, session: Session = AUTO) -> dict[str, Any]:
    """A recipe with its lines, components, finished units, variants and parents."""
    return recipe_dict(session, get_recipe_row(session, recipe))


@transactional
def list_recipes(
    *,
    search: str | None = None,
    category: str | None = None,
    include_archived: bool = False,
    session: Session = AUTO,
) -> list[dict[str, Any]]:
    """Recipes by name; `search` matches name or slug; archived ones only when asked."""
    query = (
        select(Recipe)
        .options(
            selectinload(Recipe.ingredients),
            selectinload(Recipe.components),
            selectinload(Recipe.finished_units),
            selectinload(Recipe.base_recipe),
        )
        .order_by(func.lower(Recipe.name), Recipe.id)
    )
    if not include_archived:
        query = query.where(Recipe.archived.is_(False))
    if category is not None:
        query = query.where(func.lower(Recipe.category) == category.strip().lower())
    if search and search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Recipe.name).like(pattern), Recipe.slug.like(pattern)))
    out = []
    for row in session.scalars(query).all():
        out.append(
            {
                **recipe_summary(row),
                "ingredient_count": len(row.ingredients),
                "component_count": len(row.components),
                "finished_units": [u.slug for u in row.finished_units],
            }
        )
    return out


@transactional
@requires("edit")
def archive_recipe(
    recipe: object, *, archived: bool = True, session: Session = AUTO
) -> dict[str, Any]:
    """Hide a recipe from lists (history stays); `archived=False` brings it back."""
    row = get_recipe_row(session, recipe)
    row.archived = archived
    session.flush()
    return recipe_summary(row)


@transactional
@requires("edit")
def delete_recipe(recipe: object, *, session: Session = AUTO) -> dict[str, Any]:
    """Delete a recipe with its lines and finished units (and their bare goods).

    Refused with Conflict, writing nothing, while another recipe uses it as a
    sub-recipe (naming them), while it is the base of variants, an event's production
    target, or has production history (archive it instead), or while its finished
    units are used by bundles, packages, events or assembly runs.
    """
    row = get_recipe_row(session, recipe)
    record = f"Recipe {row.name!r}"
    parents = session.scalars(
        select(Recipe.name)
        .join(RecipeComponent, RecipeComponent.recipe_id == Recipe.id)
        .where(RecipeComponent.component_recipe_id == row.id)
        .order_by(Recipe.name)
    ).all()
    if parents:
        names = ", ".join(repr(p) for p in parents)
        raise Conflict(f"{record} is used as a sub-recipe by {names}; remove it there first")
    runs = session.scalar(
        select(func.count()).select_from(ProductionRun).where(ProductionRun.recipe_id == row.id)
    )
    if runs:
        raise Conflict(
            f"{record} has production history ({runs} run(s)); archive it instead of deleting it"
        )
    variants = session.scalars(select(Recipe.name).where(Recipe.base_recipe_id == row.id)).all()
    if variants:
        raise Conflict(
            f"{record} is the base of variant(s) {', '.join(map(repr, variants))}; "
            "delete or detach them first"
        )
    events = session.scalars(
        select(Event.name)
        .join(EventProductionTarget)
        .where(EventProductionTarget.recipe_id == row.id)
    ).all()
    if events:
        raise Conflict(
            f"{record} is a production target of event(s) "
            f"{', '.join(map(repr, events))}; remove those targets first"
        )
    unit_service.delete_units_of(session, row)
    slug = row.slug
    session.delete(row)
    session.flush()
    return {"deleted": slug}


# --- flattening ------------------------------------------------------------------------


@transactional
def flatten_recipe(
    recipe: object, batches: object = 1, *, lenient: bool = False, session: Session = AUTO
) -> list[dict[str, Any]]:
    """Ingredients of `batches` batches, sub-recipes multiplied in, one line each.

    Lines: `ingredient_slug`, `ingredient_name`, `quantity`, `unit` (g, ml or item),
    `density_g_per_ml`. Mass and volume of one ingredient are summed in grams through
    its density; a missing density raises Invalid naming the recipe and ingredient.
    With `lenient=True` such lines come back in the recipe's own unit, with
    `reconciled: False` and `needs_density`, after the summed lines.
    """
    result = flatten_demand(session, {get_recipe_row(session, recipe).id: batches}, lenient=lenient)
    return [flat_line_dict(line) for line in result.lines] + [
        unreconciled_dict(line) for line in result.unreconciled
    ]


# --- definition snapshots --------------------------------------------------------------


@transactional
def create_recipe_snapshot(
    recipe: object,
    *,
    scale_factor: object = 1,
    production_run_id: int | None = None,
    is_planning: bool = False,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Store the recipe's full flattened definition as it is now; edits never change it.

    Ingredient quantities are per batch × `scale_factor`, in base units; lines that
    need a missing density are kept in `unreconciled` rather than failing (production
    refuses them later, a plan lists them). `is_planning` marks a snapshot taken for a
    plan. The run → snapshot link lives on the run (ProductionRun.recipe_snapshot_id):
    production normally creates the snapshot first and then the run pointing at it;
    `production_run_id` instead re-links an existing run of this recipe to the new
    snapshot (backfill). Raises NotFound, Invalid (scale ≤ 0, run of another recipe).
    """
    row = get_recipe_row(session, recipe)
    scale = positive_quantity(
        scale_factor, field="scale_factor", record=f"Snapshot of {row.name!r}"
    )
    snapshot = store_snapshot(
        session,
        RECIPE,
        row,
        lambda: recipe_snapshot_data(session, row, scale, production_run_id=production_run_id),
        run_id=production_run_id,
        is_planning=is_planning,
        scale_factor=scale,
    )
    return {
        "id": snapshot.id,
        "recipe_id": row.id,
        "scale_factor": scale,
        "is_planning": is_planning,
    }


@transactional
def get_recipe_snapshot(snapshot_id: int, *, session: Session = AUTO) -> dict[str, Any]:
    """`id`, `recipe_id`, `scale_factor`, `is_planning`, `created_at` and the stored `data`."""
    snapshot = session.get(RecipeSnapshot, snapshot_id)
    if snapshot is None:
        raise NotFound(f"No recipe snapshot {snapshot_id}")
    return {
        "id": snapshot.id,
        "recipe_id": snapshot.recipe_id,
        "scale_factor": snapshot.scale_factor,
        "is_planning": snapshot.is_planning,
        "created_at": snapshot.created_at,
        "data": snapshot.data,
    }
