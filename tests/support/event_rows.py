"""Rows the event tests need, written straight through the ORM (no recipe/goods services).

Recipes, finished units, finished goods and packages belong to other services; these
helpers insert the bare rows so events, targets and progress can be tested on their own.
Production and assembly runs are inserted the same way, each with the snapshot it needs.
"""

from __future__ import annotations

from decimal import Decimal

from slugify import slugify
from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.db import session_scope
from baketracker.models import (
    AssemblyRun,
    Event,
    FinishedGood,
    FinishedGoodSnapshot,
    FinishedUnit,
    Package,
    PackageItem,
    ProductionRun,
    Recipe,
    RecipeSnapshot,
)


def make_recipe(name: str, *, items_per_batch: int = 24) -> str:
    """A recipe with one finished unit (`items_per_batch` a batch); returns the recipe slug."""
    slug = slugify(name)
    with session_scope() as session:
        recipe = Recipe(name=name, slug=slug)
        session.add(recipe)
        session.add(
            FinishedUnit(
                recipe=recipe, name=name, slug=f"{slug}-unit",
                items_per_batch=Decimal(items_per_batch),
            )
        )
    return slug


def make_good(name: str, *, kind: str = "BUNDLE") -> str:
    """A finished good with no composition lines; returns its slug."""
    slug = slugify(name)
    with session_scope() as session:
        session.add(FinishedGood(name=name, slug=slug, kind=kind))
    return slug


def make_package(name: str, contents: dict[str, int]) -> int:
    """A package holding `contents` (finished good slug → quantity); returns its id."""
    with session_scope() as session:
        package = Package(name=name)
        for slug, quantity in contents.items():
            good = session.scalars(select(FinishedGood).where(FinishedGood.slug == slug)).one()
            package.items.append(PackageItem(finished_good=good, quantity=quantity))
        session.add(package)
        session.flush()
        return package.id


def _event_id(session: Session, event: str | None) -> int | None:
    if event is None:
        return None
    return int(session.scalars(select(Event.id).where(Event.name == event)).one())


def add_production_run(recipe: str, batches: int | str, *, event: str | None = None) -> int:
    """A production run of `batches` batches of `recipe` (slug), for `event` (name) or none."""
    with session_scope() as session:
        row = session.scalars(select(Recipe).where(Recipe.slug == recipe)).one()
        unit = row.finished_units[0]
        snapshot = RecipeSnapshot(recipe_id=row.id, data={"recipe": recipe})
        session.add(snapshot)
        session.flush()
        expected = int(Decimal(batches) * (unit.items_per_batch or 1))
        run = ProductionRun(
            recipe_id=row.id,
            finished_unit_id=unit.id,
            event_id=_event_id(session, event),
            recipe_snapshot_id=snapshot.id,
            batches=Decimal(batches),
            expected_yield=expected,
            actual_yield=expected,
            total_cost=Decimal(0),
        )
        session.add(run)
        session.flush()
        return run.id


def add_assembly_run(good: str, quantity: int, *, event: str | None = None) -> int:
    """An assembly run of `quantity` of `good` (slug), for `event` (name) or none."""
    with session_scope() as session:
        row = session.scalars(select(FinishedGood).where(FinishedGood.slug == good)).one()
        snapshot = FinishedGoodSnapshot(finished_good_id=row.id, data={"finished_good": good})
        session.add(snapshot)
        session.flush()
        run = AssemblyRun(
            finished_good_id=row.id,
            event_id=_event_id(session, event),
            finished_good_snapshot_id=snapshot.id,
            quantity=quantity,
            total_cost=Decimal(0),
            per_unit_cost=Decimal(0),
        )
        session.add(run)
        session.flush()
        return run.id


def set_plan_state(event: str, state: str) -> None:
    """Force an event's plan state (the plan-state service belongs to the planning work)."""
    with session_scope() as session:
        row = session.scalars(select(Event).where(Event.name == event)).one()
        row.plan_state = state
