"""Event targets: batches per recipe (production) and goods per finished good (assembly).

Both kinds share one set/get/delete; a `TargetKind` says which table, which item, which
plan-state edits and which field name each kind uses. The named functions API.md lists
(`set_production_target`, `get_assembly_targets`, ...) are thin spellings of the three.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager

from baketracker.db import AUTO, transactional, utcnow
from baketracker.domain.numbers import whole_number
from baketracker.domain.plan_states import Edit, check_edit
from baketracker.errors import Conflict, Invalid, NotFound
from baketracker.models import (
    Event,
    EventAssemblyTarget,
    EventProductionTarget,
    FinishedGood,
    Recipe,
)
from baketracker.services.finished_units import get_finished_good_row
from baketracker.services.lookup import event_row, get_recipe_row
from baketracker.services.permissions import requires


def production_target_dict(row: EventProductionTarget) -> dict[str, Any]:
    return {
        "id": row.id,
        "event_id": row.event_id,
        "recipe_id": row.recipe_id,
        "recipe_slug": row.recipe.slug,
        "recipe_name": row.recipe.name,
        "target_batches": row.target_batches,
        "short_confirmed": row.short_confirmed,
        "recipe_snapshot_id": row.recipe_snapshot_id,
    }


def assembly_target_dict(row: EventAssemblyTarget) -> dict[str, Any]:
    return {
        "id": row.id,
        "event_id": row.event_id,
        "finished_good_id": row.finished_good_id,
        "finished_good_slug": row.finished_good.slug,
        "finished_good_name": row.finished_good.name,
        "target_quantity": row.target_quantity,
        "finished_good_snapshot_id": row.finished_good_snapshot_id,
    }


def _refuse_archived(item: Any, record: str) -> None:
    if item.archived:
        raise Invalid(f"{record}: recipe {item.slug!r} is archived", record=record, field="recipe")


def _forget_short_confirmation(row: Any, amount: int) -> None:
    # A confirmation was given for one short count, not for whatever comes next.
    if row.target_batches != amount:
        row.short_confirmed = False


@dataclass(frozen=True)
class TargetKind:
    """What differs between production and assembly targets."""

    title: str  # "Production" / "Assembly"
    model: type[EventProductionTarget] | type[EventAssemblyTarget]
    item_model: type[Recipe] | type[FinishedGood]
    item_attr: str  # relationship on the target row: "recipe" / "finished_good"
    item_key: str  # foreign key column: "recipe_id" / "finished_good_id"
    amount_field: str  # "target_batches" / "target_quantity"
    missing_item: str  # how "no target for ..." names the item
    resolve_item: Callable[[Session, object], Any]
    add: Edit
    change: Edit
    remove: Edit
    as_dict: Callable[[Any], dict[str, Any]]
    check_new: Callable[[Any, str], None] | None = None
    before_change: Callable[[Any, int], None] | None = None


PRODUCTION = TargetKind(
    title="Production",
    model=EventProductionTarget,
    item_model=Recipe,
    item_attr="recipe",
    item_key="recipe_id",
    amount_field="target_batches",
    missing_item="recipe ",
    resolve_item=get_recipe_row,
    add=Edit.ADD_PRODUCTION_TARGET,
    change=Edit.CHANGE_BATCH_COUNT,
    remove=Edit.REMOVE_PRODUCTION_TARGET,
    as_dict=production_target_dict,
    check_new=_refuse_archived,
    before_change=_forget_short_confirmation,
)

ASSEMBLY = TargetKind(
    title="Assembly",
    model=EventAssemblyTarget,
    item_model=FinishedGood,
    item_attr="finished_good",
    item_key="finished_good_id",
    amount_field="target_quantity",
    missing_item="",
    resolve_item=get_finished_good_row,
    add=Edit.ADD_ASSEMBLY_TARGET,
    change=Edit.CHANGE_ASSEMBLY_TARGET,
    remove=Edit.REMOVE_ASSEMBLY_TARGET,
    as_dict=assembly_target_dict,
)


def _find(session: Session, kind: TargetKind, ev: Event, item: Any, *, lock: bool) -> Any:
    query = select(kind.model).where(
        kind.model.event_id == ev.id, getattr(kind.model, kind.item_key) == item.id
    )
    return session.scalars(query.with_for_update() if lock else query).first()


def _flush_target(session: Session, record: str) -> None:
    # Two first-time setters of one target race past the lookup; the unique key decides.
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"{record} was set by someone else at the same moment; try again") from None


@transactional
def set_target(
    kind: TargetKind, event: object, item: object, amount: object, *, session: Session = AUTO
) -> dict[str, Any]:
    """Create the event's target for `item`, or change its amount (a whole number > 0)."""
    ev = event_row(session, event)
    found = kind.resolve_item(session, item)
    record = f"{kind.title} target for {found.slug!r} at {ev.name!r}"
    number = whole_number(amount, field=kind.amount_field, record=record)
    row = _find(session, kind, ev, found, lock=True)
    if row is None:
        check_edit(ev.plan_state, kind.add, event=ev.name)
        if kind.check_new is not None:
            kind.check_new(found, record)
        row = kind.model(event=ev, **{kind.item_attr: found, kind.amount_field: number})
        session.add(row)
    else:
        check_edit(ev.plan_state, kind.change, event=ev.name)
        if kind.before_change is not None:
            kind.before_change(row, number)
        setattr(row, kind.amount_field, number)
    _flush_target(session, record)
    return kind.as_dict(row)


@transactional
def delete_target(
    kind: TargetKind, event: object, item: object, *, session: Session = AUTO
) -> None:
    """Remove the event's target for `item`. Raises NotFound, PlanStateError."""
    ev = event_row(session, event)
    found = kind.resolve_item(session, item)
    row = _find(session, kind, ev, found, lock=False)
    if row is None:
        raise NotFound(
            f"Event {ev.name!r} has no {kind.title.lower()} target for "
            f"{kind.missing_item}{found.slug!r}"
        )
    check_edit(ev.plan_state, kind.remove, event=ev.name)
    session.delete(row)
    # The plan changed: finalising it again has work to do (planning.create_plan looks).
    ev.updated_at = utcnow()
    session.flush()


@transactional
def get_targets(
    kind: TargetKind, event: object, *, session: Session = AUTO
) -> list[dict[str, Any]]:
    """The event's targets of this kind, by the item's name."""
    ev = event_row(session, event)
    item = kind.item_model
    rows = session.scalars(
        select(kind.model)
        .join(item, item.id == getattr(kind.model, kind.item_key))
        .options(contains_eager(getattr(kind.model, kind.item_attr)))
        .where(kind.model.event_id == ev.id)
        .order_by(func.lower(item.name), item.id)
    )
    return [kind.as_dict(r) for r in rows]


# --- the names API.md lists ------------------------------------------------------------


@transactional
@requires("plan")
def set_production_target(
    event: object, recipe: object, target_batches: object, *, session: Session = AUTO
) -> dict[str, Any]:
    """Commit the event to `target_batches` batches of `recipe` (create, or change the count).

    Adding a target needs DRAFT; changing a count needs DRAFT or LOCKED. Raises NotFound,
    Invalid (target_batches not a whole number > 0; an archived recipe), PlanStateError.
    """
    return set_target(PRODUCTION, event, recipe, target_batches, session=session)


@transactional
@requires("plan")
def delete_production_target(event: object, recipe: object, *, session: Session = AUTO) -> None:
    """Remove the event's target for `recipe` (DRAFT only). Raises NotFound, PlanStateError."""
    delete_target(PRODUCTION, event, recipe, session=session)


@transactional
def get_production_targets(event: object, *, session: Session = AUTO) -> list[dict[str, Any]]:
    """The event's production targets by recipe name."""
    return get_targets(PRODUCTION, event, session=session)


@transactional
@requires("plan")
def set_assembly_target(
    event: object, finished_good: object, target_quantity: object, *, session: Session = AUTO
) -> dict[str, Any]:
    """Say the event needs `target_quantity` of `finished_good` (create or change; DRAFT).

    Raises NotFound, Invalid (target_quantity not a whole number > 0), PlanStateError.
    """
    return set_target(ASSEMBLY, event, finished_good, target_quantity, session=session)


@transactional
@requires("plan")
def delete_assembly_target(
    event: object, finished_good: object, *, session: Session = AUTO
) -> None:
    """Remove the event's target for `finished_good` (DRAFT only)."""
    delete_target(ASSEMBLY, event, finished_good, session=session)


@transactional
def get_assembly_targets(event: object, *, session: Session = AUTO) -> list[dict[str, Any]]:
    """The event's assembly targets by finished good name."""
    return get_targets(ASSEMBLY, event, session=session)
