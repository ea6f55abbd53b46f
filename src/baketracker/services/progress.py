"""Progress of an event's production and assembly against its targets.

The targets themselves live in `services.targets`; their names are re-exported here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypedDict

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain.numbers import plain
from baketracker.domain.progress import TargetProgress, overall
from baketracker.models import (
    AssemblyRun,
    Event,
    EventAssemblyTarget,
    EventProductionTarget,
    FinishedGood,
    ProductionRun,
    Recipe,
)
from baketracker.services.lookup import event_row
from baketracker.services.targets import (
    delete_assembly_target,
    delete_production_target,
    get_assembly_targets,
    get_production_targets,
    set_assembly_target,
    set_production_target,
)

__all__ = [
    "AssemblyProgress",
    "EventProgress",
    "OverallProgress",
    "ProductionProgress",
    "delete_assembly_target",
    "delete_production_target",
    "get_assembly_progress",
    "get_assembly_targets",
    "get_event_overall_progress",
    "get_event_progress",
    "get_production_progress",
    "get_production_targets",
    "plain",
    "set_assembly_target",
    "set_production_target",
]

# --- progress ------------------------------------------------------------------------


class ProductionProgress(TypedDict):
    """How far one recipe's production target for an event has got, in batches."""

    recipe_id: int
    recipe_slug: str
    recipe_name: str
    target_batches: int
    produced_batches: Decimal
    remaining_batches: Decimal
    overage_batches: Decimal
    percent: Decimal
    met: bool


class AssemblyProgress(TypedDict):
    """How far one finished good's assembly target for an event has got, in goods."""

    finished_good_id: int
    finished_good_slug: str
    finished_good_name: str
    target_quantity: int
    assembled_quantity: int
    remaining: int
    overage: int
    percent: Decimal
    met: bool


class OverallProgress(TypedDict):
    """An event's progress over all its targets: capped mean percent and status."""

    event_id: int
    event_name: str
    percent: Decimal
    status: str
    targets: int
    targets_met: int


class EventProgress(TypedDict):
    """An event's production, assembly and overall progress read together."""

    production: list[ProductionProgress]
    assembly: list[AssemblyProgress]
    overall: OverallProgress


def _against_targets(
    session: Session, ev: Event, target_model: Any, item_model: Any, item_key: str,
    done_by: Any, done_sum: Any,
) -> list[tuple[Any, Any, Any]]:
    """(target, item, done) per target of the event, by item name then id: `done` sums
    the event's runs of that item (`done_sum` grouped by `done_by`), None with no run."""
    done: dict[int, Any] = {
        k: v
        for k, v in session.execute(
            select(done_by, func.sum(done_sum))
            .where(done_by.class_.event_id == ev.id)
            .group_by(done_by)
        )
    }
    rows = session.execute(
        select(target_model, item_model)
        .join(item_model, item_model.id == getattr(target_model, item_key))
        .where(target_model.event_id == ev.id)
        .order_by(func.lower(item_model.name), item_model.id)
    )
    return [(target, item, done.get(item.id)) for target, item in rows]


def _production(session: Session, ev: Event) -> list[ProductionProgress]:
    out: list[ProductionProgress] = []
    for target, recipe, produced in _against_targets(
        session, ev, EventProductionTarget, Recipe, "recipe_id",
        ProductionRun.recipe_id, ProductionRun.batches,
    ):
        done = Decimal(produced or 0)
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


def _assembly(session: Session, ev: Event) -> list[AssemblyProgress]:
    out: list[AssemblyProgress] = []
    for target, good, assembled in _against_targets(
        session, ev, EventAssemblyTarget, FinishedGood, "finished_good_id",
        AssemblyRun.finished_good_id, AssemblyRun.quantity,
    ):
        done = int(assembled or 0)
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
def get_production_progress(
    event: object, *, session: Session = AUTO
) -> list[ProductionProgress]:
    """One dict per production target of the event, by recipe name.

    `produced_batches` sums the batches of production runs attributed to this event for
    that recipe (standalone runs and other events' runs do not count);
    `remaining_batches` = max(0, target − produced), `overage_batches` = max(0, produced −
    target), `percent` to one place and may exceed 100 (5 of 4 → 125.0). Raises NotFound.
    """
    return _production(session, event_row(session, event))


@transactional
def get_assembly_progress(event: object, *, session: Session = AUTO) -> list[AssemblyProgress]:
    """One dict per assembly target of the event, by finished good name.

    `assembled_quantity` sums the event's assembly runs of that good; `remaining`,
    `overage` and `percent` as for production. Raises NotFound.
    """
    return _assembly(session, event_row(session, event))


@transactional
def get_event_overall_progress(event: object, *, session: Session = AUTO) -> OverallProgress:
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
def get_event_progress(event: object, *, session: Session = AUTO) -> EventProgress:
    """Production, assembly and overall progress of the event in one read."""
    return {
        "production": get_production_progress(event, session=session),
        "assembly": get_assembly_progress(event, session=session),
        "overall": get_event_overall_progress(event, session=session),
    }
