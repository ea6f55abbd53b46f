"""The benchmark's data generator (bench/): valid data, a plan that computes on it, and a
plan summary whose number of SQL statements does not grow with the data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from bench import checks, generate
from bench.measure import count_statements
from sqlalchemy import func, select, update

from baketracker.db import get_engine, session_scope
from baketracker.models import (
    EventProductionTarget,
    FinishedGood,
    FinishedUnit,
    Ingredient,
    InventoryLot,
    Product,
    Recipe,
    RecipeComponent,
)
from baketracker.services import planning

pytestmark = pytest.mark.usefixtures("db")

SMALL = generate.SMALL


def count(model: type) -> int:
    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_generated_data_has_the_asked_sizes_and_keeps_every_invariant() -> None:
    made = generate.generate(get_engine(), SMALL)

    with session_scope() as session:
        assert checks.violations(session) == []
        lots = session.scalars(select(InventoryLot)).all()
        assert all(0 <= lot.quantity_remaining <= lot.quantity_initial for lot in lots)
        assert any(lot.quantity_remaining < lot.quantity_initial for lot in lots)
        assert {lot.unit for lot in lots} <= {"g", "ml", "item", "cm"}
        categories = set(
            session.scalars(select(Ingredient.parent_id).where(Ingredient.parent_id.is_not(None)))
        )
        assert categories
        assert not session.scalars(
            select(Product).where(Product.ingredient_id.in_(categories))
        ).all()
        uncertain = session.scalars(
            select(Ingredient).where(
                Ingredient.density_g_per_ml.is_(None), Ingredient.id.not_in(categories)
            )
        ).all()
        assert "Ground cinnamon" in {i.name for i in uncertain}
    assert count(Recipe) == SMALL.recipes
    assert count(RecipeComponent) > 0
    assert count(InventoryLot) == SMALL.lots
    assert count(FinishedGood) == SMALL.bundles + count(FinishedUnit)
    assert made.counts["event_assembly_targets"] == SMALL.bundles
    assert 0 < count(EventProductionTarget) < SMALL.recipes


def test_the_checks_notice_a_product_on_a_category_ingredient() -> None:
    generate.generate(get_engine(), SMALL)
    with session_scope() as session:
        category = session.scalars(
            select(Ingredient.parent_id).where(Ingredient.parent_id.is_not(None))
        ).first()
        session.execute(
            update(Product)
            .where(Product.id == select(func.min(Product.id)).scalar_subquery())
            .values(ingredient_id=category, material_id=None)
        )
    with session_scope() as session:
        assert any("not a leaf ingredient" in p for p in checks.violations(session))


def test_the_same_spec_generates_the_same_data() -> None:
    def fingerprint() -> list[tuple[str, Decimal, Decimal]]:
        with session_scope() as session:
            rows = session.execute(
                select(Product.slug, InventoryLot.quantity_initial, InventoryLot.quantity_remaining)
                .join(Product, Product.id == InventoryLot.product_id)
                .order_by(InventoryLot.id)
            ).all()
            return [tuple(row) for row in rows]  # type: ignore[misc]

    first = generate.generate(get_engine(), SMALL)
    before = fingerprint()
    generate.clear(get_engine())
    second = generate.generate(get_engine(), SMALL)

    assert fingerprint() == before
    assert first.counts == second.counts


def test_the_generated_plan_computes_and_finalises_without_changing_its_figures() -> None:
    made = generate.generate(get_engine(), SMALL)

    summary = planning.get_plan_summary(made.event_id)
    assert summary["batch_requirements"] and summary["ingredients"] and summary["shopping_list"]
    assert any("below the" in flag for flag in summary["flags"])  # one target under packages
    assert any(line["flag"] for line in summary["ingredients"])  # cinnamon: tsp, no density
    planning.create_plan(made.event_id)
    planned = planning.get_plan_summary(made.event_id)

    def batches(plan: dict[str, Any]) -> dict[str, int]:
        return {b["recipe_slug"]: b["batches"] for b in plan["batch_requirements"]}

    assert batches(planned) == batches(summary)
    assert all(b["from_snapshot"] for b in planned["batch_requirements"])


def test_the_plan_summary_sends_as_many_statements_for_three_times_the_data() -> None:
    engine = get_engine()
    small = generate.generate(engine, SMALL)
    with count_statements(engine) as seen_small:
        summary_small = planning.get_plan_summary(small.event_id)
    generate.clear(engine)
    large = generate.generate(engine, SMALL.scaled(3))
    with count_statements(engine) as seen_large:
        summary_large = planning.get_plan_summary(large.event_id)

    assert len(summary_large["batch_requirements"]) > 2 * len(summary_small["batch_requirements"])
    assert seen_small.count > 0
    assert seen_large.count == seen_small.count
