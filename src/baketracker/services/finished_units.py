"""Finished units: what a recipe batch yields, each with a BARE finished good of its own.

The bare good (that unit × 1, with the unit's slug when free) lets a single cookie be an
assembly target or go into a package like any box.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from baketracker.db import AUTO, transactional
from baketracker.domain.numbers import positive_quantity
from baketracker.errors import Conflict, Invalid
from baketracker.models import (
    AssemblyConsumption,
    AssemblyRun,
    Composition,
    Event,
    EventAssemblyTarget,
    FinishedGood,
    FinishedUnit,
    Package,
    PackageItem,
    Recipe,
)
from baketracker.services.lookup import get_recipe_row, require_text, resolve, unique_slug
from baketracker.services.permissions import requires


def get_finished_unit_row(session: Session, ref: object) -> FinishedUnit:
    return resolve(session, FinishedUnit, ref, what="finished unit")


def get_finished_good_row(session: Session, ref: object) -> FinishedGood:
    return resolve(session, FinishedGood, ref, what="finished good")


def _yield(items: object, portion: object, record: str) -> tuple[Decimal | None, Decimal | None]:
    if (items is None) == (portion is None):
        raise Invalid(
            f"{record}: give exactly one of items_per_batch (24 cookies a batch) or "
            "batch_portion (1 = a whole batch per unit, 0.5 = half a batch)",
            record=record,
            field="items_per_batch",
        )
    if items is not None:
        return positive_quantity(items, field="items_per_batch", record=record, whole=True), None
    return None, positive_quantity(portion, field="batch_portion", record=record)


def add_finished_unit(session: Session, recipe: Recipe, spec: Mapping[str, Any]) -> FinishedUnit:
    """Add a finished unit and its BARE finished good to `recipe` (within the caller's work)."""
    unknown = set(spec) - {"name", "slug", "items_per_batch", "batch_portion"}
    record = f"Finished unit of recipe {recipe.name!r}"
    if unknown:
        raise Invalid(
            f"{record}: unknown field(s) {', '.join(sorted(unknown))}",
            record=record,
            field=sorted(unknown)[0],
        )
    name = require_text(spec.get("name"), field="name", record=record)
    record = f"Finished unit {name!r}"
    items, portion = _yield(spec.get("items_per_batch"), spec.get("batch_portion"), record)
    unit = FinishedUnit(
        recipe=recipe,
        name=name,
        slug=unique_slug(session, FinishedUnit, spec.get("slug"), name, what="Finished unit"),
        items_per_batch=items,
        batch_portion=portion,
    )
    session.add(unit)
    session.flush()
    bare = FinishedGood(
        name=name,
        slug=unique_slug(session, FinishedGood, None, unit.slug, what="Finished good"),
        kind="BARE",
    )
    bare.components.append(Composition(finished_unit=unit, quantity=Decimal(1), position=0))
    session.add(bare)
    session.flush()
    return unit


def bare_good_of(session: Session, unit: FinishedUnit) -> FinishedGood | None:
    return session.scalars(
        select(FinishedGood)
        .join(Composition, Composition.finished_good_id == FinishedGood.id)
        .where(FinishedGood.kind == "BARE", Composition.finished_unit_id == unit.id)
    ).first()


def bare_slugs_of(session: Session, unit_ids: Iterable[int] | None = None) -> dict[int, str]:
    """Unit id → slug of its BARE finished good, in one query (of every unit when None)."""
    query = (
        select(Composition.finished_unit_id, FinishedGood.slug)
        .join(FinishedGood, Composition.finished_good_id == FinishedGood.id)
        .where(FinishedGood.kind == "BARE", Composition.finished_unit_id.is_not(None))
        .order_by(FinishedGood.id.desc())  # the oldest bare good wins, as .first() did
    )
    if unit_ids is not None:
        query = query.where(Composition.finished_unit_id.in_(list(unit_ids)))
    return {int(unit_id or 0): slug for unit_id, slug in session.execute(query)}


def unit_dict(unit: FinishedUnit, bare_slug: str | None) -> dict[str, Any]:
    """A finished unit as services return it, its bare good's slug already known."""
    return {
        "id": unit.id,
        "slug": unit.slug,
        "name": unit.name,
        "recipe_id": unit.recipe_id,
        "recipe_slug": unit.recipe.slug,
        "items_per_batch": unit.items_per_batch,
        "batch_portion": unit.batch_portion,
        "on_hand": unit.on_hand,
        "finished_good_slug": bare_slug,
    }


def finished_unit_dict(session: Session, unit: FinishedUnit) -> dict[str, Any]:
    bare = bare_good_of(session, unit)
    return unit_dict(unit, bare.slug if bare else None)


@transactional
@requires("edit")
def create_finished_unit(
    recipe: object,
    name: str,
    *,
    items_per_batch: object = None,
    batch_portion: object = None,
    slug: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Add what a batch of `recipe` yields: `items_per_batch` (24 cookies) or
    `batch_portion` (1 = one cake per batch, 0.5 = half a batch per unit).

    Also creates the unit's BARE finished good. Raises Invalid (blank name, both or
    neither yield, a yield ≤ 0, a fractional count), Conflict (slug taken), NotFound.
    """
    row = get_recipe_row(session, recipe)
    spec = {
        "name": name,
        "slug": slug,
        "items_per_batch": items_per_batch,
        "batch_portion": batch_portion,
    }
    return finished_unit_dict(session, add_finished_unit(session, row, spec))


@transactional
def list_finished_units(*, recipe: object = None, session: Session = AUTO) -> list[dict[str, Any]]:
    """Finished units by name, of one recipe or all."""
    query = (
        select(FinishedUnit)
        .options(joinedload(FinishedUnit.recipe))
        .order_by(func.lower(FinishedUnit.name), FinishedUnit.id)
    )
    if recipe is not None:
        query = query.where(FinishedUnit.recipe_id == get_recipe_row(session, recipe).id)
    rows = session.scalars(query).all()
    bare = bare_slugs_of(session, None if recipe is None else [u.id for u in rows])
    return [unit_dict(u, bare.get(u.id)) for u in rows]


@transactional
def get_finished_unit(finished_unit: object, *, session: Session = AUTO) -> dict[str, Any]:
    return finished_unit_dict(session, get_finished_unit_row(session, finished_unit))


def delete_units_of(session: Session, recipe: Recipe) -> None:
    """Delete a recipe's finished units and their bare goods, or raise Conflict naming
    the bundles, packages, events and runs that still use them (nothing is deleted)."""
    uses: list[str] = []
    doomed: list[tuple[FinishedUnit, FinishedGood | None]] = []
    for unit in recipe.finished_units:
        bare = bare_good_of(session, unit)
        doomed.append((unit, bare))
        bare_id = bare.id if bare is not None else -1
        bundles = session.scalars(
            select(FinishedGood.name)
            .join(Composition, Composition.finished_good_id == FinishedGood.id)
            .where(
                FinishedGood.id != bare_id,
                or_(
                    Composition.finished_unit_id == unit.id,
                    Composition.component_good_id == bare_id,
                ),
            )
        ).all()
        uses += [f"finished good {name!r}" for name in dict.fromkeys(bundles)]
        packages = session.scalars(
            select(Package.name).join(PackageItem).where(PackageItem.finished_good_id == bare_id)
        ).all()
        uses += [f"package {name!r}" for name in packages]
        events = session.scalars(
            select(Event.name)
            .join(EventAssemblyTarget)
            .where(EventAssemblyTarget.finished_good_id == bare_id)
        ).all()
        uses += [f"event {name!r}" for name in events]
        assembled = (
            session.scalar(
                select(func.count())
                .select_from(AssemblyConsumption)
                .where(
                    or_(
                        AssemblyConsumption.finished_unit_id == unit.id,
                        AssemblyConsumption.finished_good_id == bare_id,
                    )
                )
            )
            or 0
        )
        assembled += (
            session.scalar(
                select(func.count())
                .select_from(AssemblyRun)
                .where(AssemblyRun.finished_good_id == bare_id)
            )
            or 0
        )
        if assembled:
            uses.append(f"assembly history of {unit.name!r}")
    if uses:
        raise Conflict(
            f"Recipe {recipe.name!r} cannot be deleted: its finished units are used by "
            f"{', '.join(uses)}; archive the recipe instead, or remove those uses first"
        )
    for unit, bare in doomed:
        if bare is not None:
            session.delete(bare)
        session.flush()
        session.delete(unit)
    session.flush()
