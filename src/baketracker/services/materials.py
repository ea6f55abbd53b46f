"""Packaging material use cases: boxes, ribbons and tins, counted in a base unit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import units
from baketracker.errors import Invalid
from baketracker.models import Material
from baketracker.services.lookup import require_text, resolve, unique_slug
from baketracker.services.permissions import requires


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
