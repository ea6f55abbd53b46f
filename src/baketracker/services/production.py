"""Recording production: bake batches of a recipe, draw its ingredients FIFO, count the yield."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import fifo, units
from baketracker.domain.numbers import QUANTITY_PLACES, whole_number
from baketracker.domain.recipes import flattened_from_snapshot
from baketracker.errors import Invalid, PlanStateError
from baketracker.models import (
    Event,
    FinishedUnit,
    ProductionRun,
    Recipe,
    RecipeSnapshot,
)
from baketracker.services import inventory
from baketracker.services.definition_snapshots import RECIPE, planned_or_new
from baketracker.services.finished_units import get_finished_unit_row
from baketracker.services.lookup import event_row, get_recipe_row
from baketracker.services.permissions import requires
from baketracker.services.recipes import create_recipe_snapshot

LOSS_CATEGORIES = ("burnt", "broken", "contaminated", "dropped", "wrong_ingredients", "other")


class ProductionRecorded(TypedDict):
    """One baked run as record_batch_production reports it: yield, loss, cost, new stock."""

    production_run_id: int
    recipe_snapshot_id: int
    snapshot_reused: bool
    recipe_slug: str
    finished_unit_slug: str
    event_id: int | None
    batches: Decimal
    expected_yield: int
    actual_yield: int
    loss_quantity: int
    loss_category: str | None
    total_cost: Decimal
    per_unit_cost: Decimal | None
    on_hand: int


def _batches(value: object, record: str) -> Decimal:
    batches = units.to_decimal(value, field="num_batches", record=record)
    if batches <= 0:
        raise Invalid(
            f"{record}: num_batches must be greater than 0", record=record, field="num_batches"
        )
    return batches


def _finished_unit(session: Session, recipe: Recipe, ref: object) -> FinishedUnit:
    if ref is not None:
        unit = get_finished_unit_row(session, ref)
        if unit.recipe_id != recipe.id:
            raise Invalid(
                f"Finished unit {unit.name!r} comes from another recipe, not {recipe.name!r}",
                record=recipe.name,
                field="finished_unit",
            )
        return unit
    choices = list(recipe.finished_units)
    if len(choices) == 1:
        return choices[0]
    if not choices:
        raise Invalid(
            f"Recipe {recipe.name!r} has no finished unit to count the yield in; add one first",
            record=recipe.name,
            field="finished_unit",
        )
    names = ", ".join(u.slug for u in choices)
    raise Invalid(
        f"Recipe {recipe.name!r} makes several finished units ({names}): "
        "say which one this run made",
        record=recipe.name,
        field="finished_unit",
    )


def expected_yield(unit: FinishedUnit, batches: Decimal) -> int:
    """Whole units a run of `batches` should give: 24 × 2 = 48 cookies; 1 ÷ 0.5 = 2 halves."""
    if unit.items_per_batch is not None:
        exact = unit.items_per_batch * batches
    else:
        assert unit.batch_portion is not None
        exact = batches / unit.batch_portion
    return int(exact.quantize(QUANTITY_PLACES).to_integral_value(rounding=ROUND_FLOOR))


def _actual_yield(value: object, expected: int, record: str) -> int:
    if value is None:
        return expected
    actual = whole_number(value, field="actual_yield", record=record, minimum=0)
    if actual > expected:
        raise Invalid(
            f"{record}: actual_yield {actual} is more than the {expected} expected; "
            "record the extra as another run or correct the batches",
            record=record,
            field="actual_yield",
        )
    return actual


def _loss_category(value: str | None, loss: int, record: str) -> str | None:
    if value is None:
        return "other" if loss > 0 else None
    category = value.strip().lower().replace(" ", "_")
    if category not in LOSS_CATEGORIES:
        raise Invalid(
            f"{record}: loss_category {value!r} is unknown; use one of "
            f"{', '.join(LOSS_CATEGORIES)}",
            record=record,
            field="loss_category",
        )
    return category


def event_open_for(session: Session, ref: object, action: str) -> Event | None:
    """The event a run is attributed to (None for standalone); a completed one refuses."""
    if ref is None:
        return None
    event = event_row(session, ref)
    if event.plan_state == "COMPLETED":
        raise PlanStateError(
            f"Event {event.name!r} is COMPLETED; {action} needs an event that is not completed"
        )
    return event


def production_needs(
    session: Session, snapshot: RecipeSnapshot, batches: Decimal, record: str
) -> list[inventory.Need]:
    """What `batches` of the snapshot's recipe draw from stock; refuses unreconciled lines."""
    flat = flattened_from_snapshot(snapshot.data, batches)
    if flat.unreconciled:
        first = flat.unreconciled[0]
        raise Invalid(
            f"{record}: {first.ingredient.name} is measured in {first.unit} in "
            f"{first.recipe} and needs a density before it can be drawn from stock",
            record=record,
            field="density",
        )
    items = inventory.stock_items(
        session, [line.ingredient.id for line in flat.lines], "ingredient"
    )
    return [
        inventory.Need(items[line.ingredient.id], line.quantity, line.unit) for line in flat.lines
    ]


@transactional
@requires("record")
def record_batch_production(
    recipe: object,
    num_batches: object,
    *,
    finished_unit: object = None,
    actual_yield: object = None,
    loss_category: str | None = None,
    loss_notes: str | None = None,
    event: object = None,
    notes: str | None = None,
    session: Session = AUTO,
) -> ProductionRecorded:
    """Bake `num_batches` of a recipe: draw its flattened ingredients FIFO, add the yield.

    For an event whose production target has a planning snapshot, the run follows that
    snapshot (`snapshot_reused`: true), so later recipe edits do not change it; otherwise
    a new snapshot is taken. Expected yield = per-batch yield × batches; `actual_yield`
    (default: as expected) may be lower, the difference is the loss (category default
    "other"). The finished unit's on-hand count grows by the actual yield; a total loss
    still carries its real ingredient cost.

    Raises NotFound (recipe, unit, event), Invalid (batches ≤ 0, yield above expected,
    unit of another recipe, unknown loss category, an ingredient needing a density),
    PlanStateError (completed event), InsufficientStock (naming every shortfall; nothing
    is written).
    """
    row = get_recipe_row(session, recipe)
    record = f"Production of {row.name!r}"
    batches = _batches(num_batches, record)
    unit = _finished_unit(session, row, finished_unit)
    event_obj = event_open_for(session, event, "recording production")
    expected = expected_yield(unit, batches)
    actual = _actual_yield(actual_yield, expected, record)
    loss = expected - actual
    category = _loss_category(loss_category, loss, record)
    snapshot, reused = planned_or_new(
        session,
        RECIPE,
        row.id,
        event_obj,
        lambda: int(create_recipe_snapshot(row.id, session=session)["id"]),
    )
    needs = production_needs(session, snapshot, batches, record)
    planned = inventory.plan_draws(session, needs) if needs else []
    total = sum((d.allocation.total_cost for d in planned), Decimal(0))

    run = ProductionRun(
        recipe_id=row.id,
        finished_unit_id=unit.id,
        event_id=event_obj.id if event_obj else None,
        recipe_snapshot_id=snapshot.id,
        batches=batches,
        expected_yield=expected,
        actual_yield=actual,
        loss_quantity=loss,
        loss_category=category,
        loss_notes=loss_notes,
        total_cost=total.quantize(QUANTITY_PLACES),
        per_unit_cost=(total / actual).quantize(QUANTITY_PLACES) if actual else None,
        notes=notes,
    )
    session.add(run)
    session.flush()
    inventory.apply_draws(session, planned, reason="production", production_run_id=run.id)
    unit.on_hand = unit.on_hand + actual
    session.flush()
    return _recorded(run, row, unit, reused=reused, total=total)


def _recorded(
    run: ProductionRun, recipe: Recipe, unit: FinishedUnit, *, reused: bool, total: Decimal
) -> ProductionRecorded:
    """What record_batch_production returns for the run it just wrote."""
    actual = run.actual_yield
    return {
        "production_run_id": run.id,
        "recipe_snapshot_id": run.recipe_snapshot_id,
        "snapshot_reused": reused,
        "recipe_slug": recipe.slug,
        "finished_unit_slug": unit.slug,
        "event_id": run.event_id,
        "batches": run.batches,
        "expected_yield": run.expected_yield,
        "actual_yield": actual,
        "loss_quantity": run.loss_quantity,
        "loss_category": run.loss_category,
        "total_cost": fifo.money(total),
        "per_unit_cost": fifo.money(total / actual) if actual else None,
        "on_hand": unit.on_hand,
    }


@transactional
def list_production_runs(
    *, event: object = None, recipe: object = None, session: Session = AUTO
) -> list[dict[str, Any]]:
    """Production runs, newest first, optionally for one event or recipe."""
    query = select(ProductionRun).order_by(
        ProductionRun.produced_at.desc(), ProductionRun.id.desc()
    )
    if event is not None:
        query = query.where(ProductionRun.event_id == event_row(session, event).id)
    if recipe is not None:
        query = query.where(ProductionRun.recipe_id == get_recipe_row(session, recipe).id)
    return [
        {
            "id": run.id,
            "recipe_slug": run.recipe.slug,
            "recipe_name": run.recipe.name,
            "finished_unit_slug": run.finished_unit.slug,
            "event_id": run.event_id,
            "batches": run.batches,
            "expected_yield": run.expected_yield,
            "actual_yield": run.actual_yield,
            "loss_quantity": run.loss_quantity,
            "loss_category": run.loss_category,
            "total_cost": fifo.money(run.total_cost),
            "per_unit_cost": fifo.money(run.per_unit_cost) if run.per_unit_cost else None,
            "produced_at": run.produced_at,
            "recipe_snapshot_id": run.recipe_snapshot_id,
        }
        for run in session.scalars(query)
    ]
