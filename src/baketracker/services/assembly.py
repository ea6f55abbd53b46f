"""Recording assembly: put finished goods together from units, nested goods and materials."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypedDict

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import fifo
from baketracker.domain.numbers import QUANTITY_PLACES, whole_number
from baketracker.errors import InsufficientStock, Invalid, Shortfall
from baketracker.models import (
    AssemblyConsumption,
    AssemblyRun,
    FinishedGood,
    FinishedUnit,
    Material,
    ProductionRun,
)
from baketracker.services import inventory
from baketracker.services.definition_snapshots import FINISHED_GOOD, planned_or_new
from baketracker.services.finished_units import get_finished_good_row
from baketracker.services.goods import create_finished_good_snapshot
from baketracker.services.lookup import event_row
from baketracker.services.permissions import requires
from baketracker.services.production import event_open_for


class AssemblyRecorded(TypedDict):
    """One assembly run as record_assembly reports it: snapshot used, cost, new stock."""

    assembly_run_id: int
    finished_good_snapshot_id: int
    snapshot_reused: bool
    finished_good_slug: str
    event_id: int | None
    quantity: int
    total_cost: Decimal
    per_unit_cost: Decimal
    on_hand: int


def _latest_costs(session: Session, kind: str, ids: list[int]) -> dict[int, Decimal]:
    """What one of each finished unit (or good) cost to make: its latest run, one query.

    A unit's latest run with a yield; a good's latest assembly.
    """
    if not ids:
        return {}
    if kind == "finished_unit":
        part, when, run_id = (
            ProductionRun.finished_unit_id,
            ProductionRun.produced_at,
            ProductionRun.id,
        )
        cost, extra = ProductionRun.per_unit_cost, [ProductionRun.actual_yield > 0]
    else:
        part, when, run_id = AssemblyRun.finished_good_id, AssemblyRun.assembled_at, AssemblyRun.id
        cost, extra = AssemblyRun.per_unit_cost, []
    ranked = (
        select(
            part.label("part"),
            cost.label("cost"),
            func.row_number()
            .over(partition_by=part, order_by=(when.desc(), run_id.desc()))
            .label("n"),
        )
        .where(part.in_(ids), *extra)
        .subquery()
    )
    rows = session.execute(select(ranked.c.part, ranked.c.cost).where(ranked.c.n == 1))
    return {int(r.part): r.cost or Decimal(0) for r in rows}


def _rows(session: Session, model: Any, ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))}


def _parts(data: Mapping[str, Any], quantity: int) -> list[tuple[str, int, Decimal]]:
    """(type, id, total quantity) for each direct part of the snapshot, summed."""
    totals: dict[tuple[str, int], Decimal] = {}
    for line in data.get("components", ()):
        key = (str(line["type"]), int(line["id"]))
        totals[key] = totals.get(key, Decimal(0)) + Decimal(str(line["quantity"])) * quantity
    return [(kind, part_id, total) for (kind, part_id), total in totals.items()]


# A finished unit or nested good taken off its on-hand count: (row, how many, unit cost).
Counted = tuple[FinishedUnit | FinishedGood, int, Decimal]


def _check_parts(
    session: Session, parts: list[tuple[str, int, Decimal]]
) -> tuple[list[Counted], list[inventory.ItemDraw]]:
    """What each part takes: units and goods counted, materials planned FIFO (lots locked).

    Raises InsufficientStock naming every part that is short; nothing is written.
    """
    ids: dict[str, list[int]] = {"finished_unit": [], "finished_good": [], "material": []}
    for kind, part_id, _total in parts:
        ids[kind].append(part_id)
    found = {
        "finished_unit": _rows(session, FinishedUnit, ids["finished_unit"]),
        "finished_good": _rows(session, FinishedGood, ids["finished_good"]),
        "material": _rows(session, Material, ids["material"]),
    }
    costs = {
        kind: _latest_costs(session, kind, ids[kind]) for kind in ("finished_unit", "finished_good")
    }

    shortfalls: list[Shortfall] = []
    counted: list[Counted] = []
    needs: list[inventory.Need] = []
    for kind, part_id, total in parts:
        row = found[kind][part_id]
        if kind == "material":
            item = inventory.stock_item(session, row)
            needs.append(inventory.Need(item, total, row.base_unit))
            continue
        whole = int(total)
        if row.on_hand < whole:
            shortfalls.append(Shortfall(row.name, Decimal(whole), Decimal(row.on_hand), "each"))
        counted.append((row, whole, costs[kind].get(part_id, Decimal(0))))
    planned: list[inventory.ItemDraw] = []
    try:
        planned = inventory.plan_draws(session, needs) if needs else []
    except InsufficientStock as short:
        shortfalls.extend(short.shortfalls)
    if shortfalls:
        raise InsufficientStock(shortfalls)
    return counted, planned


def _take_counted(session: Session, run_id: int, counted: list[Counted]) -> None:
    """Take the units and goods off their on-hand counts and record each (one insert)."""
    for row, whole, _unit_cost in counted:
        row.on_hand = row.on_hand - whole
    if not counted:
        return
    session.flush()
    # Core's executemany: one round trip however many parts the good has.
    session.execute(
        insert(AssemblyConsumption),
        [
            {
                "assembly_run_id": run_id,
                "finished_unit_id": row.id if isinstance(row, FinishedUnit) else None,
                "finished_good_id": row.id if isinstance(row, FinishedGood) else None,
                "quantity": whole,
                "unit_cost": unit_cost.quantize(QUANTITY_PLACES),
                "cost": (unit_cost * whole).quantize(QUANTITY_PLACES),
            }
            for row, whole, unit_cost in counted
        ],
    )


@transactional
@requires("record")
def record_assembly(
    finished_good: object,
    quantity: object,
    *,
    event: object = None,
    notes: str | None = None,
    session: Session = AUTO,
) -> AssemblyRecorded:
    """Assemble `quantity` of a finished good from on-hand units, goods and materials.

    Finished units and nested goods come off their on-hand counts; materials are drawn
    FIFO. The good's on-hand count grows by `quantity`. For an event whose assembly
    target has a planning snapshot, that composition is followed (`snapshot_reused`);
    otherwise a new snapshot is taken. Any shortage refuses the whole assembly, naming
    every part that is short, and nothing is written.

    Raises NotFound, Invalid (quantity not a whole number > 0, an empty good),
    PlanStateError (completed event), InsufficientStock.
    """
    good = get_finished_good_row(session, finished_good)
    record = f"Assembly of {good.name!r}"
    count = whole_number(quantity, field="quantity", record=record)
    event_obj = event_open_for(session, event, "recording assembly")
    snapshot, reused = planned_or_new(
        session,
        FINISHED_GOOD,
        good.id,
        event_obj,
        lambda: int(create_finished_good_snapshot(good.id, session=session)["id"]),
    )
    parts = _parts(snapshot.data, count)
    if not parts:
        raise Invalid(
            f"{record}: {good.name!r} has no parts to assemble from",
            record=good.name,
            field="components",
        )
    counted, planned = _check_parts(session, parts)

    total_cost = sum((unit_cost * whole for _row, whole, unit_cost in counted), Decimal(0))
    total_cost += sum((d.allocation.total_cost for d in planned), Decimal(0))
    run = AssemblyRun(
        finished_good_id=good.id,
        event_id=event_obj.id if event_obj else None,
        finished_good_snapshot_id=snapshot.id,
        quantity=count,
        total_cost=total_cost.quantize(QUANTITY_PLACES),
        per_unit_cost=(total_cost / count).quantize(QUANTITY_PLACES),
        notes=notes,
    )
    session.add(run)
    session.flush()
    _take_counted(session, run.id, counted)
    inventory.apply_draws(session, planned, reason="assembly", assembly_run_id=run.id)
    good.on_hand = good.on_hand + count
    session.flush()
    return {
        "assembly_run_id": run.id,
        "finished_good_snapshot_id": snapshot.id,
        "snapshot_reused": reused,
        "finished_good_slug": good.slug,
        "event_id": run.event_id,
        "quantity": count,
        "total_cost": fifo.money(total_cost),
        "per_unit_cost": fifo.money(total_cost / count),
        "on_hand": good.on_hand,
    }


@transactional
def list_assembly_runs(*, event: object = None, session: Session = AUTO) -> list[dict[str, Any]]:
    """Assembly runs, newest first, optionally for one event."""
    query = select(AssemblyRun).order_by(AssemblyRun.assembled_at.desc(), AssemblyRun.id.desc())
    if event is not None:
        query = query.where(AssemblyRun.event_id == event_row(session, event).id)
    return [
        {
            "id": run.id,
            "finished_good_slug": run.finished_good.slug,
            "finished_good_name": run.finished_good.name,
            "event_id": run.event_id,
            "quantity": run.quantity,
            "total_cost": fifo.money(run.total_cost),
            "per_unit_cost": fifo.money(run.per_unit_cost),
            "assembled_at": run.assembled_at,
            "finished_good_snapshot_id": run.finished_good_snapshot_id,
        }
        for run in session.scalars(query)
    ]
