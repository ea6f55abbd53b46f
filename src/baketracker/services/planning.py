"""Planning use cases: the plan summary, finalising a plan, batch decisions, package targets.

The summary is computed in services.plan_summary (re-exported here, as API.md names it);
this module changes the plan: batch decisions, targets from packages, finalising.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypedDict

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import planning as plan
from baketracker.domain.numbers import whole_number
from baketracker.domain.plan_states import Edit, check_edit
from baketracker.errors import Invalid
from baketracker.models import (
    Event,
    EventAssemblyTarget,
    EventProductionTarget,
    FinishedGoodSnapshot,
    ProductionPlanSnapshot,
    RecipeSnapshot,
)
from baketracker.services.lookup import event_row, get_recipe_row, insert_in_bulk
from baketracker.services.permissions import requires
from baketracker.services.plan_inputs.gather import gather
from baketracker.services.plan_inputs.rows import DefinitionRows
from baketracker.services.plan_inputs.snapshot_json import good_snapshot, recipe_snapshot
from baketracker.services.plan_summary import compute, get_plan_summary, summarise

__all__ = [
    "PlanCreated",
    "compute",
    "create_plan",
    "decide_batches",
    "get_plan_summary",
    "mark_shopping_complete",
    "set_targets_from_packages",
    "summarise",
]


# --- changing the plan -----------------------------------------------------------------


class PlanCreated(TypedDict):
    """What finalising a plan wrote: its container and how many snapshots and targets."""

    success: bool
    planning_snapshot_id: int
    recipe_snapshots_created: int
    finished_good_snapshots_created: int
    production_targets_created: int


@transactional
@requires("plan")
def decide_batches(
    event: object,
    recipe: object,
    batches: object,
    *,
    confirm_short: bool = False,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Set the batch count for a recipe (its production target) after checking the need.

    A count that falls short of what the plan needs is refused unless `confirm_short`
    is given; a confirmed short count stays flagged in the plan. Allowed in DRAFT and
    LOCKED. Raises NotFound, Invalid, PlanStateError.
    """
    ev = event_row(session, event)
    recipe_row = get_recipe_row(session, recipe)
    count = whole_number(batches, field="target_batches", record=f"Recipe {recipe_row.name!r}")
    target = session.scalars(
        select(EventProductionTarget).where(
            EventProductionTarget.event_id == ev.id,
            EventProductionTarget.recipe_id == recipe_row.id,
        )
    ).first()
    check_edit(
        ev.plan_state,
        Edit.CHANGE_BATCH_COUNT if target else Edit.ADD_PRODUCTION_TARGET,
        event=ev.name,
    )
    _, result = compute(session, ev)
    line = next((b for b in result.batches if b.recipe_id == recipe_row.id), None)
    needed = line.proposed if line else 0
    short = int(count) < needed
    if short and not confirm_short:
        raise Invalid(
            f"Recipe {recipe_row.name!r}: {int(count)} batches fall short of the {needed} "
            "the plan needs; confirm the short count to keep it",
            record=recipe_row.name,
            field="target_batches",
        )
    if target is None:
        target = EventProductionTarget(
            event_id=ev.id, recipe_id=recipe_row.id, target_batches=int(count)
        )
        session.add(target)
    target.target_batches = int(count)
    target.short_confirmed = short
    session.flush()
    return {
        "recipe_slug": recipe_row.slug,
        "target_batches": int(count),
        "needed_batches": needed,
        "short": short,
        "short_confirmed": short,
    }


@transactional
@requires("plan")
def set_targets_from_packages(event: object, *, session: Session = AUTO) -> list[dict[str, Any]]:
    """Set each assembly target to what the recipients' packages need (DRAFT only).

    Goods the packages do not mention keep their targets. Returns the changed targets.
    """
    ev = event_row(session, event)
    check_edit(ev.plan_state, Edit.CHANGE_ASSEMBLY_TARGET, event=ev.name)
    gathered = gather(session, ev)
    existing = {
        t.finished_good_id: t
        for t in session.scalars(
            select(EventAssemblyTarget).where(EventAssemblyTarget.event_id == ev.id)
        )
    }
    changed = []
    for good_id, packages in gathered.data.package_needs.items():
        quantity = sum(packages.values())
        target = existing.get(good_id)
        if target is None:
            session.add(
                EventAssemblyTarget(
                    event_id=ev.id, finished_good_id=good_id, target_quantity=quantity
                )
            )
        elif target.target_quantity != quantity:
            target.target_quantity = quantity
        else:
            continue
        slug, name = gathered.names.goods[good_id]
        changed.append(
            {"finished_good_slug": slug, "finished_good_name": name, "target_quantity": quantity}
        )
    session.flush()
    return changed


def _planned_and_unchanged(session: Session, ev: Event) -> bool:
    """True when finalising again would write nothing but a container: a plan was
    finalised, every target still has its snapshot, and the event has not changed since
    (adding a target leaves it without a snapshot; removing a production target, the only
    way a needed recipe loses its target, touches the event). One query."""
    latest = (
        select(func.max(ProductionPlanSnapshot.created_at))
        .where(ProductionPlanSnapshot.event_id == ev.id)
        .scalar_subquery()
    )
    unsnapshotted_batches = exists().where(
        EventProductionTarget.event_id == ev.id, EventProductionTarget.recipe_snapshot_id.is_(None)
    )
    unsnapshotted_goods = exists().where(
        EventAssemblyTarget.event_id == ev.id,
        EventAssemblyTarget.finished_good_snapshot_id.is_(None),
    )
    found = session.scalar(
        select(Event.id).where(
            Event.id == ev.id,
            Event.updated_at <= latest,
            ~unsnapshotted_batches,
            ~unsnapshotted_goods,
        )
    )
    return found is not None


def _add_container(
    session: Session, ev: Event, *, recipes: int = 0, goods: int = 0, targets: int = 0
) -> PlanCreated:
    """Record when the plan was finalised; what create_plan returns."""
    container = ProductionPlanSnapshot(event_id=ev.id)
    session.add(container)
    session.flush()
    return {
        "success": True,
        "planning_snapshot_id": container.id,
        "recipe_snapshots_created": recipes,
        "finished_good_snapshots_created": goods,
        "production_targets_created": targets,
    }


def _write_proposed_targets(session: Session, ev: Event, data: plan.PlanInput) -> int:
    """A production target for every needed recipe without a batch decision; how many."""
    proposals = [
        line for line in plan.propose_batches(data) if line.decided is None and line.proposed > 0
    ]
    insert_in_bulk(
        session,
        EventProductionTarget,
        [
            {"event_id": ev.id, "recipe_id": line.recipe_id, "target_batches": line.proposed}
            for line in proposals
        ],
    )
    return len(proposals)


def _targets_to_snapshot(
    session: Session, ev: Event, force_recreate: bool
) -> tuple[list[EventProductionTarget], list[EventAssemblyTarget]]:
    """The event's production and assembly targets that need a planning snapshot."""
    targets = session.scalars(
        select(EventProductionTarget)
        .where(EventProductionTarget.event_id == ev.id)
        .order_by(EventProductionTarget.id)
    ).all()
    goals = session.scalars(
        select(EventAssemblyTarget)
        .where(EventAssemblyTarget.event_id == ev.id)
        .order_by(EventAssemblyTarget.id)
    ).all()
    return (
        [t for t in targets if t.recipe_snapshot_id is None or force_recreate],
        [g for g in goals if g.finished_good_snapshot_id is None or force_recreate],
    )


def _snapshot_targets(
    session: Session,
    definitions: DefinitionRows,
    targets: list[EventProductionTarget],
    goals: list[EventAssemblyTarget],
) -> tuple[int, int]:
    """Write a planning snapshot for each target, in bulk, and link it; how many of each."""
    recipe_ids = insert_in_bulk(
        session,
        RecipeSnapshot,
        [
            {
                "recipe_id": t.recipe_id,
                "scale_factor": Decimal(1),
                "is_planning": True,
                "data": recipe_snapshot(definitions, t.recipe_id, Decimal(1)),
            }
            for t in targets
        ],
    )
    good_ids = insert_in_bulk(
        session,
        FinishedGoodSnapshot,
        [
            {
                "finished_good_id": g.finished_good_id,
                "is_planning": True,
                "data": good_snapshot(definitions, g.finished_good_id),
            }
            for g in goals
        ],
    )
    for target, snapshot_id in zip(targets, recipe_ids, strict=True):
        target.recipe_snapshot_id = snapshot_id
    for goal, snapshot_id in zip(goals, good_ids, strict=True):
        goal.finished_good_snapshot_id = snapshot_id
    return len(recipe_ids), len(good_ids)


@transactional
@requires("plan")
def create_plan(
    event: object, force_recreate: bool = False, *, session: Session = AUTO
) -> PlanCreated:
    """Finalise the plan: targets for proposed batches, then a snapshot for every target.

    Where a recipe the plan needs has no production target, the proposal (the fewest
    whole batches) is written as its target first. Each production target gets a
    planning RecipeSnapshot and each assembly target a planning FinishedGoodSnapshot,
    linked to the target; targets that have one keep it unless `force_recreate`. A
    ProductionPlanSnapshot container records when. One transaction: any failure leaves
    no target, snapshot, link or container behind. Definitions are read in bulk and the
    snapshots written in bulk, so the statement count does not grow with the targets.
    Raises NotFound, PlanStateError (an IN_PRODUCTION or COMPLETED event).
    """
    ev = event_row(session, event)
    if ev.plan_state not in ("DRAFT", "LOCKED"):
        check_edit(ev.plan_state, Edit.ADD_PRODUCTION_TARGET, event=ev.name)
    if not force_recreate and _planned_and_unchanged(session, ev):
        return _add_container(session, ev)
    gathered = gather(session, ev, batches_only=True)
    proposed = _write_proposed_targets(session, ev, gathered.data)
    targets, goals = _targets_to_snapshot(session, ev, force_recreate)
    # gathered.rows were read once, before any target was written
    recipes, goods = _snapshot_targets(session, gathered.rows, targets, goals)
    session.expire(ev, ["production_targets", "assembly_targets"])  # rows added in bulk
    return _add_container(session, ev, recipes=recipes, goods=goods, targets=proposed)


@transactional
@requires("record")
def mark_shopping_complete(
    event: object, complete: bool = True, *, session: Session = AUTO
) -> dict[str, Any]:
    """Tick the shopping as done (or not) on the event's latest plan container."""
    ev = event_row(session, event)
    container = session.scalars(
        select(ProductionPlanSnapshot)
        .where(ProductionPlanSnapshot.event_id == ev.id)
        .order_by(ProductionPlanSnapshot.id.desc())
    ).first()
    if container is None:
        raise Invalid(
            f"Event {ev.name!r} has no finalised plan yet; lock it first",
            record=ev.name,
            field="plan_state",
        )
    container.shopping_complete = complete
    session.flush()
    return {"planning_snapshot_id": container.id, "shopping_complete": complete}
