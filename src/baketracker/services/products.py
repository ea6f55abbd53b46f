"""Product use cases: what can be bought of an ingredient or a material, one preferred each."""

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
from baketracker.models import Product, Supplier
from baketracker.services.ingredients import get_ingredient_row, require_leaf
from baketracker.services.lookup import require_text, resolve, unique_slug
from baketracker.services.materials import get_material_row
from baketracker.services.permissions import requires

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
        **_package_fields(session, label, slug, brand, qty, unit, gtin),
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


def _package_fields(
    session: Session, label: str, slug: str | None, brand: str | None, qty: Decimal, unit: str,
    gtin: str | None,
) -> dict[str, Any]:
    """What every product holds, of an ingredient or a material: a blank brand is none, the
    slug is made unique, the GTIN checked and not taken (in that order)."""
    return {
        "brand": (brand or "").strip() or None,
        "name": label,
        "slug": unique_slug(session, Product, slug, label, what="Product"),
        "package_quantity": qty,
        "package_unit": unit,
        "gtin": _gtin(gtin, label, session),
    }


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
    row = Product(material=mat, **_package_fields(session, label, slug, brand, qty, unit, gtin))
    return _add_product(session, row, preferred)
