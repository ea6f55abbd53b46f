"""Round trips are pinned: the planning calls, the two record calls, overall progress and
the main pages (bench/pages.py's list, fetched through the app in-process) send a fixed
number of SQL statements, the same for a bakery three times larger unless noted.

Timings live in `make bench`; a statement count is exact, so a regression in round trips
(a query per line, per lot, per part) fails here. SQLite counts its BEGIN statement too.
One bakery is generated per size and database; the calls and the pages share it.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from bench import generate, pages
from bench.measure import count_statements
from sqlalchemy import select
from starlette.testclient import TestClient

from baketracker.app import create_app
from baketracker.config import Settings
from baketracker.db import get_engine, session_scope
from baketracker.models import (
    Composition,
    EventAssemblyTarget,
    FinishedGood,
    FinishedUnit,
    Ingredient,
    Product,
)
from baketracker.services import (
    assembly,
    catalog,
    inventory,
    plan_state,
    planning,
    production,
    progress,
)

pytestmark = pytest.mark.usefixtures("db")

# Operation → statements sent, per database (SQLite's BEGIN is a statement of its own).
PINNED = {
    "get_plan_summary": {"sqlite": 20, "postgresql": 19},
    "create_plan, first": {"sqlite": 27, "postgresql": 26},
    "create_plan, again": {"sqlite": 4, "postgresql": 3},
    # each record call also writes its line of the activity trail (one insert)
    "record_batch_production": {"sqlite": 13, "postgresql": 12},
    # units and their latest costs, plus the box's materials: their lots, drawn and recorded
    "record_assembly": {"sqlite": 16, "postgresql": 15},
    "get_event_overall_progress": {"sqlite": 7, "postgresql": 6},
}

# Page → statements one GET sends, per database: one number when it is the same at both
# sizes, (reference, three times larger) when it grows, with why. Fetched in bench/pages.py's
# order on the planned, stocked event after the record calls; the amendments tab once the
# event is locked and in production.
PINNED_PAGES: dict[str, dict[str, int | tuple[int, int]]] = {
    "dashboard": {"sqlite": 31, "postgresql": 30},
    "events": {"sqlite": 9, "postgresql": 8},
    "event targets": {"sqlite": 24, "postgresql": 23},
    "event assignments": {"sqlite": 40, "postgresql": 39},
    "event plan": {"sqlite": 42, "postgresql": 41},
    "recipes": {"sqlite": 12, "postgresql": 11},
    "recipe": {"sqlite": 34, "postgresql": 33},
    "goods": {"sqlite": 4, "postgresql": 3},
    "production": {"sqlite": 22, "postgresql": 21},
    "inventory": {"sqlite": 5, "postgresql": 4},
    "shopping sheet": {"sqlite": 23, "postgresql": 22},
    "bake-day sheet": {"sqlite": 36, "postgresql": 35},
    "event amendments": {"sqlite": 28, "postgresql": 27},
}


@dataclass
class Bakery:
    event_id: int
    bundle: str  # a bundle of finished units only, with enough of them on hand
    recipe: str  # a recipe with a production target
    unit: str  # its finished unit


def statements(call: Callable[[], object]) -> int:
    engine = get_engine()
    with count_statements(engine) as seen:
        call()
    return seen.count


def bakery(spec: generate.Spec) -> Bakery:
    """Generate `spec`, plan it, and bake enough units for two boxes of one bundle."""
    made = generate.generate(get_engine(), spec)
    with session_scope() as session:
        nested = select(Composition.finished_good_id).where(
            Composition.component_good_id.is_not(None)
        )
        good = session.scalars(
            select(FinishedGood)
            .join(EventAssemblyTarget, EventAssemblyTarget.finished_good_id == FinishedGood.id)
            .where(EventAssemblyTarget.event_id == made.event_id, FinishedGood.id.not_in(nested))
            .order_by(FinishedGood.id)
        ).first()
        assert good is not None
        parts = session.execute(
            select(FinishedUnit, Composition.quantity)
            .join(Composition, Composition.finished_unit_id == FinishedUnit.id)
            .where(Composition.finished_good_id == good.id)
        ).all()
        bundle = good.slug
        bake = [
            (
                unit.recipe.slug,
                unit.slug,
                math.ceil(2 * quantity / production.expected_yield(unit, Decimal(1))),
            )
            for unit, quantity in parts
        ]
    planning.create_plan(made.event_id)
    with session_scope() as session:
        products = session.scalars(select(Product.slug).order_by(Product.id)).all()
        spices = session.scalars(
            select(Ingredient.slug).where(
                Ingredient.density_g_per_ml.is_(None),
                Ingredient.id.in_(select(Product.ingredient_id)),
            )
        ).all()
    # A well-stocked pantry, and a density for the spices measured by the teaspoon: the
    # generated bakery runs short and leaves them without one on purpose.
    for spice in spices:
        catalog.update_ingredient(spice, density_g_per_ml="0.56")
    for product in products:
        inventory.record_purchase(product, packages=50, price_per_package="4.99")
    for recipe, unit, batches in bake:
        production.record_batch_production(recipe, batches, finished_unit=unit, event=made.event_id)
    recipe, unit, _ = bake[0]
    return Bakery(made.event_id, bundle, recipe, unit)


def page_counts(event_id: int) -> dict[str, int]:
    """Statements sent by one GET of each main page (the no-database baseline left out)."""
    engine = get_engine()
    app = create_app(Settings(password=None, secret_key="bench"), init_database=False)
    found: dict[str, int] = {}

    def fetch(name: str, path: str) -> None:
        # The cyclic collector is held off while counting: whether a lazy load is answered
        # by the identity map (weakly held) depends on which objects are still alive.
        gc.disable()
        try:
            with count_statements(engine) as seen:
                response = client.get(path)
        finally:
            gc.enable()
        assert response.status_code == 200, (name, path, response.status_code)
        found[name] = seen.count

    with TestClient(app) as client:
        for name, path in pages.pages(event_id, pages.recipe_slug()):
            if path != pages.BASELINE:
                fetch(name, path)
        plan_state.lock_plan(event_id)
        plan_state.start_production(event_id)
        for name, path in pages.production_pages(event_id):
            fetch(name, path)
    return found


def counts_of(spec: generate.Spec) -> tuple[dict[str, int], dict[str, int]]:
    """(statements of each call, statements of each page) on one bakery of `spec`."""
    made = bakery(spec)
    event = made.event_id

    def create_plan_rolled_back() -> None:
        with session_scope() as session:
            planning.create_plan(event, session=session)
            session.rollback()

    found = {
        "get_plan_summary": statements(lambda: planning.get_plan_summary(event)),
        "create_plan, again": statements(create_plan_rolled_back),
        "record_batch_production": statements(
            lambda: production.record_batch_production(
                made.recipe, 1, finished_unit=made.unit, event=event
            )
        ),
        "record_assembly": statements(
            lambda: assembly.record_assembly(made.bundle, 1, event=event)
        ),
        "get_event_overall_progress": statements(
            lambda: progress.get_event_overall_progress(event)
        ),
    }
    on_pages = page_counts(event)
    generate.clear(get_engine())
    fresh = generate.generate(get_engine(), spec)
    found["create_plan, first"] = statements(lambda: planning.create_plan(fresh.event_id))
    generate.clear(get_engine())
    return found, on_pages


def pinned_pages(backend: str, size: int) -> dict[str, int]:
    """The pinned count of each page on `backend` at the reference size (0) or the larger (1)."""
    out: dict[str, int] = {}
    for page, by_db in PINNED_PAGES.items():
        pinned = by_db[backend]
        out[page] = pinned[size] if isinstance(pinned, tuple) else pinned
    return out


def test_planning_recording_and_pages_send_a_pinned_number_of_statements_at_both_sizes(
    backend: str,
) -> None:
    small, small_pages = counts_of(generate.SMALL)
    large, large_pages = counts_of(generate.SMALL.scaled(3))

    pinned = {operation: by_db[backend] for operation, by_db in PINNED.items()}
    assert small == pinned
    assert large == pinned
    assert small_pages == pinned_pages(backend, 0)
    assert large_pages == pinned_pages(backend, 1)
