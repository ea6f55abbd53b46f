"""Ingredient use cases: the hierarchy (only leaves are used), density and allergens."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import allergens as allergen_rules
from baketracker.domain import units
from baketracker.errors import Invalid
from baketracker.models import Ingredient, Product, RecipeIngredient
from baketracker.services.lookup import require_text, resolve, unique_slug
from baketracker.services.permissions import requires


def get_ingredient_row(session: Session, ref: object) -> Ingredient:
    return resolve(session, Ingredient, ref, what="ingredient")


def _is_leaf(session: Session, ingredient_id: int) -> bool:
    return not session.scalar(select(exists().where(Ingredient.parent_id == ingredient_id)))


def require_leaf(session: Session, ingredient: Ingredient, *, use: str) -> None:
    """Only leaf ingredients appear in recipes and have products."""
    if not _is_leaf(session, ingredient.id):
        raise Invalid(
            f"Ingredient {ingredient.name!r} is a category with sub-ingredients; "
            f"{use} must use one of them",
            record=ingredient.name,
            field="ingredient",
        )


def _density(value: object, density_text: str | None, name: str) -> Decimal | None:
    if value is not None and density_text is not None:
        raise Invalid(
            f"Ingredient {name!r}: give the density once, as a number or a sentence",
            record=name,
            field="density",
        )
    given = value if value is not None else density_text
    if given is None or (isinstance(given, str) and not given.strip()):
        return None
    try:
        return units.parse_density(given)
    except Invalid as exc:
        raise Invalid(f"Ingredient {name!r}: {exc.message}", record=name, field="density") from None


def ingredient_dict(session: Session, row: Ingredient) -> dict[str, Any]:
    return {
        "id": row.id,
        "slug": row.slug,
        "name": row.name,
        "parent_slug": row.parent.slug if row.parent else None,
        "density_g_per_ml": row.density_g_per_ml,
        "allergens": row.allergen_codes,
        "allergen_note": row.allergen_note,
        "notes": row.notes,
        "provisional": row.provisional,
        "is_leaf": _is_leaf(session, row.id),
    }


@transactional
@requires("edit")
def create_ingredient(
    name: str,
    *,
    slug: str | None = None,
    parent: object = None,
    density_g_per_ml: object = None,
    density: str | None = None,
    allergens: object = None,
    allergen_note: str | None = None,
    notes: str | None = None,
    provisional: bool = False,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Add an ingredient. `density_g_per_ml` (a number) or `density` ("1 cup = 4.25 oz").

    `allergens`: a list of allergen codes, `[]` for "contains none", None for not yet
    checked. Raises Invalid (blank name, bad density, unknown allergen code, parent
    already used by recipes or products),
    Conflict (slug taken), NotFound (parent).
    """
    name = require_text(name, field="name", record="Ingredient")
    parent_row = None
    if parent is not None:
        parent_row = get_ingredient_row(session, parent)
        _refuse_parent_in_use(session, parent_row, name)
    row = Ingredient(
        name=name,
        slug=unique_slug(session, Ingredient, slug, name, what="Ingredient"),
        parent=parent_row,
        density_g_per_ml=_density(density_g_per_ml, density, name),
        allergen_codes=_allergens(allergens, name),
        allergen_note=(allergen_note or "").strip() or None,
        notes=notes,
        provisional=provisional,
    )
    session.add(row)
    session.flush()
    return ingredient_dict(session, row)


def _allergens(value: object, name: str) -> list[str] | None:
    if value is None:
        return None
    return list(allergen_rules.parse_codes(value, record=f"Ingredient {name!r}", field="allergens"))


def _refuse_parent_in_use(session: Session, parent: Ingredient, child_name: str) -> None:
    used_by_products = session.scalar(select(exists().where(Product.ingredient_id == parent.id)))
    used_by_recipes = session.scalar(
        select(exists().where(RecipeIngredient.ingredient_id == parent.id))
    )
    if used_by_products or used_by_recipes:
        where = "products" if used_by_products else "recipes"
        raise Invalid(
            f"Ingredient {child_name!r}: parent {parent.name!r} is used directly by {where}, "
            "so it cannot become a category",
            record=child_name,
            field="parent",
        )


@transactional
@requires("edit")
def update_ingredient(
    ingredient: object,
    *,
    name: str | None = None,
    density_g_per_ml: object = None,
    density: str | None = None,
    clear_density: bool = False,
    parent: object = None,
    allergens: object = None,
    clear_allergens: bool = False,
    allergen_note: str | None = None,
    notes: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Change an ingredient's name, density, parent, allergens or notes (slug stays).

    `allergens` (codes, `[]` for none) replaces the list; `clear_allergens=True` makes it
    unknown again. Invalid on an unknown code, and nothing is changed.
    """
    row = get_ingredient_row(session, ingredient)
    # Checked before the name changes, so a refusal names the ingredient as it is stored.
    if clear_allergens and allergens is not None:
        raise Invalid(
            f"Ingredient {row.name!r}: give allergens or clear them, not both",
            record=row.name, field="allergens",
        )
    codes = _allergens(allergens, row.name) if allergens is not None else None
    if name is not None:
        row.name = require_text(name, field="name", record=f"Ingredient {row.slug!r}")
    if clear_density:
        row.density_g_per_ml = None
    elif density_g_per_ml is not None or density is not None:
        row.density_g_per_ml = _density(density_g_per_ml, density, row.name)
    if parent is not None:
        parent_row = get_ingredient_row(session, parent)
        ancestor: Ingredient | None = parent_row
        while ancestor is not None:
            if ancestor.id == row.id:
                raise Invalid(
                    f"Ingredient {row.name!r} cannot be its own ancestor",
                    record=row.name,
                    field="parent",
                )
            ancestor = ancestor.parent
        _refuse_parent_in_use(session, parent_row, row.name)
        row.parent = parent_row
    if clear_allergens:
        row.allergen_codes = None
    elif allergens is not None:
        row.allergen_codes = codes
    if allergen_note is not None:
        row.allergen_note = allergen_note.strip() or None
    if notes is not None:
        row.notes = notes or None
    session.flush()
    return ingredient_dict(session, row)


@transactional
def get_ingredient(ingredient: object, *, session: Session = AUTO) -> dict[str, Any]:
    return ingredient_dict(session, get_ingredient_row(session, ingredient))


@transactional
def list_ingredients(
    *, search: str | None = None, leaves_only: bool = False, session: Session = AUTO
) -> list[dict[str, Any]]:
    """Ingredients by name; `search` matches name or slug, case-insensitively."""
    query = select(Ingredient).order_by(func.lower(Ingredient.name))
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(func.lower(Ingredient.name).like(pattern), Ingredient.slug.like(pattern))
        )
    rows = list(session.scalars(query).all())
    parents = set(session.scalars(select(Ingredient.parent_id).distinct()).all())
    out = []
    for row in rows:
        is_leaf = row.id not in parents
        if leaves_only and not is_leaf:
            continue
        out.append(
            {
                "id": row.id,
                "slug": row.slug,
                "name": row.name,
                "parent_slug": row.parent.slug if row.parent else None,
                "density_g_per_ml": row.density_g_per_ml,
                "allergens": row.allergen_codes,
                "provisional": row.provisional,
                "is_leaf": is_leaf,
            }
        )
    return out
