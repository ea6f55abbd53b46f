"""Catalog use cases: ingredients (with hierarchy and density), suppliers, products, materials."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, joinedload

from baketracker.db import AUTO, transactional
from baketracker.domain import allergens as allergen_rules
from baketracker.domain import units
from baketracker.errors import Conflict, Invalid
from baketracker.models import Ingredient, Material, Product, RecipeIngredient, Supplier
from baketracker.services.lookup import require_text, resolve, unique_slug
from baketracker.services.permissions import requires

SUPPLIER_KINDS = ("physical", "online")


# --- ingredients -----------------------------------------------------------------------


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
    if clear_allergens and allergens is not None:
        raise Invalid(
            f"Ingredient {row.name!r}: give allergens or clear them, not both",
            record=row.name, field="allergens",
        )
    if clear_allergens:
        row.allergen_codes = None
    elif allergens is not None:
        row.allergen_codes = _allergens(allergens, row.name)
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


# --- suppliers -------------------------------------------------------------------------


@transactional
@requires("edit")
def create_supplier(
    name: str,
    *,
    kind: str = "physical",
    location: str | None = None,
    slug: str | None = None,
    notes: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    name = require_text(name, field="name", record="Supplier")
    if kind not in SUPPLIER_KINDS:
        raise Invalid(
            f"Supplier {name!r}: kind must be one of {', '.join(SUPPLIER_KINDS)}",
            record=name,
            field="kind",
        )
    row = Supplier(
        name=name,
        slug=unique_slug(session, Supplier, slug, name, what="Supplier"),
        kind=kind,
        location=location,
        notes=notes,
    )
    session.add(row)
    session.flush()
    return supplier_dict(row)


def supplier_dict(row: Supplier) -> dict[str, Any]:
    return {
        "id": row.id,
        "slug": row.slug,
        "name": row.name,
        "kind": row.kind,
        "location": row.location,
    }


@transactional
def list_suppliers(*, session: Session = AUTO) -> list[dict[str, Any]]:
    rows = session.scalars(select(Supplier).order_by(func.lower(Supplier.name))).all()
    return [supplier_dict(r) for r in rows]


# --- products --------------------------------------------------------------------------


_GTIN = re.compile(r"^\d{8}$|^\d{12,14}$")


def _gtin(value: str | None, record: str, session: Session) -> str | None:
    if value is None or not value.strip():
        return None
    digits = value.strip().replace(" ", "").replace("-", "")
    if not _GTIN.match(digits):
        raise Invalid(
            f"Product {record!r}: GTIN {value!r} must be 8, 12, 13 or 14 digits",
            record=record,
            field="gtin",
        )
    clash = session.scalars(select(Product).where(Product.gtin == digits)).first()
    if clash is not None:
        raise Conflict(f"Product {record!r}: GTIN {digits} already belongs to {clash.name!r}")
    return digits


def _package(quantity: object, unit: str, record: str) -> tuple[Decimal, str]:
    qty = units.to_decimal(quantity, field="package_quantity", record=record)
    if qty <= 0:
        raise Invalid(
            f"Product {record!r}: package_quantity must be greater than 0",
            record=record,
            field="package_quantity",
        )
    try:
        return qty, units.canonical_unit(unit)
    except Invalid as exc:
        raise Invalid(
            f"Product {record!r}: {exc.message}", record=record, field="package_unit"
        ) from None


def product_dict(row: Product) -> dict[str, Any]:
    return {
        "id": row.id,
        "slug": row.slug,
        "name": row.name,
        "brand": row.brand,
        "ingredient_slug": row.ingredient.slug if row.ingredient else None,
        "material_slug": row.material.slug if row.material else None,
        "package_quantity": row.package_quantity,
        "package_unit": row.package_unit,
        "gtin": row.gtin,
        "may_contain": list(row.may_contain or ()),
        "preferred": row.preferred,
        "preferred_supplier_slug": row.preferred_supplier.slug if row.preferred_supplier else None,
    }


@transactional(read_only=True)
def get_product(product: object, *, session: Session = AUTO) -> dict[str, Any]:
    """A product (of an ingredient or a material) by id or slug; NotFound otherwise."""
    return product_dict(resolve(session, Product, product, what="product"))


def _add_product(session: Session, row: Product, preferred: bool) -> dict[str, Any]:
    """Store a new product; the first product of its item becomes the preferred one."""
    session.add(row)
    session.flush()
    same_item = (
        Product.ingredient_id == row.ingredient_id
        if row.ingredient_id is not None
        else Product.material_id == row.material_id
    )
    first = not session.scalar(select(exists().where(same_item, Product.id != row.id)))
    if preferred or first:
        _make_preferred(session, row)
    session.flush()
    return product_dict(row)


def _make_preferred(session: Session, row: Product) -> None:
    """At most one preferred product per ingredient or material."""
    others = select(Product).where(Product.id != row.id, Product.preferred.is_(True))
    if row.ingredient_id is not None:
        others = others.where(Product.ingredient_id == row.ingredient_id)
    else:
        others = others.where(Product.material_id == row.material_id)
    for other in session.scalars(others):
        other.preferred = False
    row.preferred = True


@transactional
@requires("edit")
def create_product(
    ingredient: object,
    *,
    brand: str | None,
    package_quantity: object,
    package_unit: str,
    name: str | None = None,
    gtin: str | None = None,
    preferred: bool = False,
    preferred_supplier: object = None,
    slug: str | None = None,
    may_contain: object = (),
    session: Session = AUTO,
) -> dict[str, Any]:
    """Add a purchasable product of a leaf ingredient (a 5 lb bag of flour).

    The first product of an ingredient becomes its preferred one. `may_contain`: allergen
    codes the pack warns of (shared facility).
    Raises Invalid (non-leaf ingredient, quantity ≤ 0, unknown unit, bad GTIN, unknown code),
    Conflict (slug or GTIN taken), NotFound.
    """
    ing = get_ingredient_row(session, ingredient)
    require_leaf(session, ing, use="a product")
    qty, unit = _package(package_quantity, package_unit, name or ing.name)
    label = (
        name.strip() if name and name.strip() else _default_product_name(brand, ing.name, qty, unit)
    )
    row = Product(
        ingredient=ing,
        brand=(brand or "").strip() or None,
        name=label,
        slug=unique_slug(session, Product, slug, label, what="Product"),
        package_quantity=qty,
        package_unit=unit,
        gtin=_gtin(gtin, label, session),
        may_contain=list(
            allergen_rules.parse_codes(may_contain, record=f"Product {label!r}",
                                       field="may_contain")
        ),
        preferred_supplier=(
            resolve(session, Supplier, preferred_supplier, what="supplier")
            if preferred_supplier is not None
            else None
        ),
    )
    return _add_product(session, row, preferred)


def _default_product_name(brand: str | None, item: str, qty: Decimal, unit: str) -> str:
    size = units.format_quantity(qty, unit)
    return " ".join(part for part in ((brand or "").strip(), item, size) if part)


@transactional
@requires("edit")
def set_preferred_product(product: object, *, session: Session = AUTO) -> dict[str, Any]:
    row = resolve(session, Product, product, what="product")
    _make_preferred(session, row)
    session.flush()
    return product_dict(row)


@transactional
def list_products(
    *,
    ingredient: object = None,
    material: object = None,
    search: str | None = None,
    session: Session = AUTO,
) -> list[dict[str, Any]]:
    """Products by name; `search` matches name, brand, slug or a barcode number."""
    # product_dict reads each product's ingredient, material and supplier: one join, not a
    # query per product.
    query = (
        select(Product)
        .options(
            joinedload(Product.ingredient),
            joinedload(Product.material),
            joinedload(Product.preferred_supplier),
        )
        .order_by(func.lower(Product.name))
    )
    if ingredient is not None:
        query = query.where(Product.ingredient_id == get_ingredient_row(session, ingredient).id)
    if material is not None:
        query = query.where(Product.material_id == get_material_row(session, material).id)
    if search and search.strip():
        text = search.strip().lower()
        pattern = f"%{text}%"
        query = query.where(
            or_(
                func.lower(Product.name).like(pattern),
                func.lower(func.coalesce(Product.brand, "")).like(pattern),
                Product.slug.like(pattern),
                Product.gtin.like(pattern),
            )
        )
    return [product_dict(r) for r in session.scalars(query).all()]


# --- materials -------------------------------------------------------------------------


def get_material_row(session: Session, ref: object) -> Material:
    return resolve(session, Material, ref, what="material")


@transactional(read_only=True)
def get_material(material: object, *, session: Session = AUTO) -> dict[str, Any]:
    """A packaging material by id or slug; NotFound otherwise."""
    return material_dict(get_material_row(session, material))


def material_dict(row: Material) -> dict[str, Any]:
    return {
        "id": row.id,
        "slug": row.slug,
        "name": row.name,
        "base_unit": row.base_unit,
        "notes": row.notes,
    }


@transactional
@requires("edit")
def create_material(
    name: str,
    *,
    base_unit: str = "each",
    slug: str | None = None,
    notes: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Add a packaging material (box, ribbon, tin) counted in `base_unit`."""
    name = require_text(name, field="name", record="Material")
    try:
        unit = units.canonical_unit(base_unit)
    except Invalid as exc:
        raise Invalid(f"Material {name!r}: {exc.message}", record=name, field="base_unit") from None
    row = Material(
        name=name,
        slug=unique_slug(session, Material, slug, name, what="Material"),
        base_unit=unit,
        notes=notes,
    )
    session.add(row)
    session.flush()
    return material_dict(row)


@transactional
def list_materials(*, session: Session = AUTO) -> list[dict[str, Any]]:
    rows = session.scalars(select(Material).order_by(func.lower(Material.name))).all()
    return [material_dict(r) for r in rows]


@transactional
@requires("edit")
def create_material_product(
    material: object,
    *,
    name: str,
    package_quantity: object,
    package_unit: str = "each",
    brand: str | None = None,
    gtin: str | None = None,
    preferred: bool = False,
    slug: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Add a purchasable product of a material (a pack of 50 boxes); stocked in FIFO lots."""
    mat = get_material_row(session, material)
    label = require_text(name, field="name", record=f"Product of {mat.name!r}")
    qty, unit = _package(package_quantity, package_unit, label)
    if units.dimension(unit) != units.dimension(mat.base_unit):
        raise Invalid(
            f"Product {label!r}: package_unit {unit!r} cannot be counted in the material's "
            f"unit {mat.base_unit!r}",
            record=label,
            field="package_unit",
        )
    row = Product(
        material=mat,
        brand=(brand or "").strip() or None,
        name=label,
        slug=unique_slug(session, Product, slug, label, what="Product"),
        package_quantity=qty,
        package_unit=unit,
        gtin=_gtin(gtin, label, session),
    )
    return _add_product(session, row, preferred)
