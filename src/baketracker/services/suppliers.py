"""Supplier use cases: the shops and sites products are bought from."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.errors import Invalid
from baketracker.models import Supplier
from baketracker.services.lookup import require_text, unique_slug
from baketracker.services.permissions import requires

SUPPLIER_KINDS = ("physical", "online")


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
