"""Event targets (batches per recipe, goods per finished good) and progress against them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain.plan_states import Edit, check_edit
from baketracker.domain.progress import TargetProgress, overall
from baketracker.errors import Conflict, Invalid, NotFound
from baketracker.models import (
    AssemblyRun,
    Event,
    EventAssemblyTarget,
    EventProductionTarget,
    FinishedGood,
    ProductionRun,
    Recipe,
    RecipeSlugAlias,
)
from baketracker.services.lookup import resolve
from baketracker.services.permissions import requires
from baketracker.services.recipients import event_row, whole_number

# --- targets ---------------------------------------------------------------------------


def _recipe(session: Session, ref: object) -> Recipe:
    try:
        return resolve(session, Recipe, ref, what="recipe")
    except NotFound:
        # A renamed recipe keeps answering to its former slugs.
        if isinstance(ref, str):
            alias = session.scalars(
                select(RecipeSlugAlias).where(RecipeSlugAlias.slug == ref.strip())
            ).first()
            if alias is not None:
                found = session.get(Recipe, alias.recipe_id)
                if found is not None:
                    return found
        raise


def _good(session: Session, ref: object) -> FinishedGood:
    return resolve(session, FinishedGood, ref, what="finished good")


def _flush_target(session: Session, record: str) -> None:
    # Two first-time setters of one target race past the lookup; the unique key decides.
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"{record} was set by someone else at the same moment; try again") from None


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


@transactional
@requires("plan")
def set_production_target(
    event: object, recipe: object, target_batches: object, *, session: Session = AUTO
) -> dict[str, Any]:
    """Commit the event to `target_batches` batches of `recipe` (create, or change the count).

    Adding a target needs DRAFT; changing a count needs DRAFT or LOCKED. Raises NotFound,
    Invalid (target_batches not a whole number > 0; an archived recipe), PlanStateError.
    """
    ev = event_row(session, event)
    rec = _recipe(session, recipe)
    record = f"Production target for {rec.slug!r} at {ev.name!r}"
    batches = whole_number(target_batches, field="target_batches", record=record)
    row = session.scalars(
        select(EventProductionTarget)
        .where(EventProductionTarget.event_id == ev.id, EventProductionTarget.recipe_id == rec.id)
        .with_for_update()
    ).first()
    if row is None:
        check_edit(ev.plan_state, Edit.ADD_PRODUCTION_TARGET, event=ev.name)
        if rec.archived:
            raise Invalid(
                f"{record}: recipe {rec.slug!r} is archived", record=record, field="recipe"
            )
        row = EventProductionTarget(event=ev, recipe=rec, target_batches=batches)
        session.add(row)
    else:
        check_edit(ev.plan_state, Edit.CHANGE_BATCH_COUNT, event=ev.name)
        if row.target_batches != batches:
            # A confirmation was given for one short count, not for whatever comes next.
            row.short_confirmed = False
        row.target_batches = batches
    _flush_target(session, record)
    return production_target_dict(row)


@transactional
@requires("plan")
def delete_production_target(event: object, recipe: object, *, session: Session = AUTO) -> None:
    """Remove the event's target for `recipe` (DRAFT only). Raises NotFound, PlanStateError."""
    ev = event_row(session, event)
    rec = _recipe(session, recipe)
    row = session.scalars(
        select(EventProductionTarget).where(
            EventProductionTarget.event_id == ev.id, EventProductionTarget.recipe_id == rec.id
        )
    ).first()
    if row is None:
        raise NotFound(f"Event {ev.name!r} has no production target for recipe {rec.slug!r}")
    check_edit(ev.plan_state, Edit.REMOVE_PRODUCTION_TARGET, event=ev.name)
    session.delete(row)
    session.flush()


@transactional
def get_production_targets(event: object, *, session: Session = AUTO) -> list[dict[str, Any]]:
    """The event's production targets by recipe name."""
    ev = event_row(session, event)
    rows = session.scalars(
        select(EventProductionTarget)
        .join(Recipe, Recipe.id == EventProductionTarget.recipe_id)
        .where(EventProductionTarget.event_id == ev.id)
        .order_by(func.lower(Recipe.name), Recipe.id)
    )
    return [production_target_dict(r) for r in rows]


@transactional
@requires("plan")
def set_assembly_target(
    event: object, finished_good: object, target_quantity: object, *, session: Session = AUTO
) -> dict[str, Any]:
    """Say the event needs `target_quantity` of `finished_good` (create or change; DRAFT).

    Raises NotFound, Invalid (target_quantity not a whole number > 0), PlanStateError.
    """
    ev = event_row(session, event)
    good = _good(session, finished_good)
    record = f"Assembly target for {good.slug!r} at {ev.name!r}"
    quantity = whole_number(target_quantity, field="target_quantity", record=record)
    row = session.scalars(
        select(EventAssemblyTarget)
        .where(
            EventAssemblyTarget.event_id == ev.id,
            EventAssemblyTarget.finished_good_id == good.id,
        )
        .with_for_update()
    ).first()
    if row is None:
        check_edit(ev.plan_state, Edit.ADD_ASSEMBLY_TARGET, event=ev.name)
        row = EventAssemblyTarget(event=ev, finished_good=good, target_quantity=quantity)
        session.add(row)
    else:
        check_edit(ev.plan_state, Edit.CHANGE_ASSEMBLY_TARGET, event=ev.name)
        row.target_quantity = quantity
    _flush_target(session, record)
    return assembly_target_dict(row)


@transactional
@requires("plan")
def delete_assembly_target(
    event: object, finished_good: object, *, session: Session = AUTO
) -> None:
    """Remove the event's target for `finished_good` (DRAFT only)."""
    ev = event_row(session, event)
    good = _good(session, finished_good)
    row = session.scalars(
        select(EventAssemblyTarget).where(
            EventAssemblyTarget.event_id == ev.id,
            EventAssemblyTarget.finished_good_id == good.id,
        )
    ).first()
    if row is None:
        raise NotFound(f"Event {ev.name!r} has no assembly target for {good.slug!r}")
    check_edit(ev.plan_state, Edit.REMOVE_ASSEMBLY_TARGET, event=ev.name)
    session.delete(row)
    session.flush()


@transactional
def get_assembly_targets(event: object, *, session: Session = AUTO) -> list[dict[str, Any]]:
    """The event's assembly targets by finished good name."""
    ev = event_row(session, event)
    rows = session.scalars(
        select(EventAssemblyTarget)
        .join(FinishedGood, FinishedGood.id == EventAssemblyTarget.finished_good_id)
        .where(EventAssemblyTarget.event_id == ev.id)
        .order_by(func.lower(FinishedGood.name), FinishedGood.id)
    )
    return [assembly_target_dict(r) for r in rows]


# --- progress ------------------------------------------------------------------------


def plain(value: Decimal) -> Decimal:
    """A Decimal without storage padding: 3.000000 → 3, 2.500000 → 2.5."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _production(session: Session, ev: Event) -> list[dict[str, Any]]:
    produced: dict[int, Decimal] = {
        k: v
        for k, v in session.execute(
            select(ProductionRun.recipe_id, func.sum(ProductionRun.batches))
            .where(ProductionRun.event_id == ev.id)
            .group_by(ProductionRun.recipe_id)
        )
    }
    rows = session.execute(
        select(EventProductionTarget, Recipe)
        .join(Recipe, Recipe.id == EventProductionTarget.recipe_id)
        .where(EventProductionTarget.event_id == ev.id)
        .order_by(func.lower(Recipe.name), Recipe.id)
    )
    out = []
    for target, recipe in rows:
        done = Decimal(produced.get(recipe.id) or 0)
        p = TargetProgress(target=Decimal(target.target_batches), done=done)
        out.append(
            {
                "recipe_id": recipe.id,
                "recipe_slug": recipe.slug,
                "recipe_name": recipe.name,
                "target_batches": target.target_batches,
                "produced_batches": plain(done),
                "remaining_batches": plain(p.remaining),
                "overage_batches": plain(p.overage),
                "percent": p.percent,
                "met": p.met,
            }
        )
    return out


def _assembly(session: Session, ev: Event) -> list[dict[str, Any]]:
    assembled: dict[int, int] = {
        k: v
        for k, v in session.execute(
            select(AssemblyRun.finished_good_id, func.sum(AssemblyRun.quantity))
            .where(AssemblyRun.event_id == ev.id)
            .group_by(AssemblyRun.finished_good_id)
        )
    }
    rows = session.execute(
        select(EventAssemblyTarget, FinishedGood)
        .join(FinishedGood, FinishedGood.id == EventAssemblyTarget.finished_good_id)
        .where(EventAssemblyTarget.event_id == ev.id)
        .order_by(func.lower(FinishedGood.name), FinishedGood.id)
    )
    out = []
    for target, good in rows:
        done = int(assembled.get(good.id) or 0)
        p = TargetProgress(target=Decimal(target.target_quantity), done=Decimal(done))
        out.append(
            {
                "finished_good_id": good.id,
                "finished_good_slug": good.slug,
                "finished_good_name": good.name,
                "target_quantity": target.target_quantity,
                "assembled_quantity": done,
                "remaining": int(p.remaining),
                "overage": int(p.overage),
                "percent": p.percent,
                "met": p.met,
            }
        )
    return out


@transactional
def get_production_progress(event: object, *, session: Session = AUTO) -> list[dict[str, Any]]:
    """One dict per production target of the event, by recipe name.

    `produced_batches` sums the batches of production runs attributed to this event for
    that recipe (standalone runs and other events' runs do not count);
    `remaining_batches` = max(0, target − produced), `overage_batches` = max(0, produced −
    target), `percent` to one place and may exceed 100 (5 of 4 → 125.0). Raises NotFound.
    """
    return _production(session, event_row(session, event))


@transactional
def get_assembly_progress(event: object, *, session: Session = AUTO) -> list[dict[str, Any]]:
    """One dict per assembly target of the event, by finished good name.

    `assembled_quantity` sums the event's assembly runs of that good; `remaining`,
    `overage` and `percent` as for production. Raises NotFound.
    """
    return _assembly(session, event_row(session, event))


@transactional
def get_event_overall_progress(event: object, *, session: Session = AUTO) -> dict[str, Any]:
    """The event's overall progress: `percent` and `status`, plus target counts.

    percent = mean over every production and assembly target of its percentage capped
    at 100 (overage on one target never hides another); status "not_started" while no
    run is attributed to the event, "complete" when every target is met, else
    "in_progress". Raises NotFound.
    """
    ev = event_row(session, event)
    production, assembly = _production(session, ev), _assembly(session, ev)
    targets = [
        TargetProgress(Decimal(r["target_batches"]), Decimal(r["produced_batches"]))
        for r in production
    ] + [
        TargetProgress(Decimal(r["target_quantity"]), Decimal(r["assembled_quantity"]))
        for r in assembly
    ]
    started = bool(
        session.scalar(select(exists().where(ProductionRun.event_id == ev.id)))
        or session.scalar(select(exists().where(AssemblyRun.event_id == ev.id)))
    )
    result = overall(targets, started=started)
    return {
        "event_id": ev.id,
        "event_name": ev.name,
        "percent": result.percent,
        "status": result.status,
        "targets": len(targets),
        "targets_met": sum(1 for t in targets if t.met),
    }


@transactional
def get_event_progress(event: object, *, session: Session = AUTO) -> dict[str, Any]:
    """Production, assembly and overall progress of the event in one read."""
    return {
        "production": get_production_progress(event, session=session),
        "assembly": get_assembly_progress(event, session=session),
        "overall": get_event_overall_progress(event, session=session),
    }
