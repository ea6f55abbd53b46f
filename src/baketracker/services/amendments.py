"""Amendments: the only way to change a plan in production, recorded and never edited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from baketracker.db import AUTO, transactional
from baketracker.domain import units
from baketracker.domain.numbers import whole_number
from baketracker.domain.plan_states import Edit, check_edit
from baketracker.errors import Invalid
from baketracker.models import (
    Event,
    EventAssemblyTarget,
    EventProductionTarget,
    FinishedGood,
    PlanAmendment,
    PlanSnapshot,
)
from baketracker.services.finished_units import get_finished_good_row
from baketracker.services.goods import create_finished_good_snapshot
from baketracker.services.lookup import event_row, get_recipe_row
from baketracker.services.permissions import requires
from baketracker.services.recipes import create_recipe_snapshot

AMENDMENT_TYPES = ("DROP_FG", "ADD_FG", "MODIFY_BATCH")


def _good_target(session: Session, ev: Event, good: FinishedGood) -> EventAssemblyTarget | None:
    return session.scalars(
        select(EventAssemblyTarget).where(
            EventAssemblyTarget.event_id == ev.id, EventAssemblyTarget.finished_good_id == good.id
        )
    ).first()


def _drop(session: Session, ev: Event, data: dict[str, Any]) -> dict[str, Any]:
    good = get_finished_good_row(session, data.get("fg_id", data.get("finished_good")))
    target = _good_target(session, ev, good)
    if target is None:
        raise Invalid(
            f"DROP_FG: {good.name!r} is not in the plan of {ev.name!r}",
            record=good.name,
            field="fg_id",
        )
    stored = {
        "fg_id": good.id,
        "fg_slug": good.slug,
        "fg_name": good.name,
        "original_quantity": target.target_quantity,
    }
    session.delete(target)
    return stored


def _add(session: Session, ev: Event, data: dict[str, Any]) -> dict[str, Any]:
    good = get_finished_good_row(session, data.get("fg_id", data.get("finished_good")))
    if _good_target(session, ev, good) is not None:
        raise Invalid(
            f"ADD_FG: {good.name!r} is already in the plan of {ev.name!r}; "
            "amend its quantity by dropping and adding it",
            record=good.name,
            field="fg_id",
        )
    quantity = whole_number(
        data.get("new_quantity"), field="new_quantity", record=f"ADD_FG {good.name!r}"
    )
    snapshot = create_finished_good_snapshot(good.id, is_planning=True, session=session)
    session.add(
        EventAssemblyTarget(
            event_id=ev.id,
            finished_good_id=good.id,
            target_quantity=quantity,
            finished_good_snapshot_id=snapshot["id"],
        )
    )
    return {
        "fg_id": good.id,
        "fg_slug": good.slug,
        "fg_name": good.name,
        "new_quantity": quantity,
        "finished_good_snapshot_id": snapshot["id"],
    }


def _modify(session: Session, ev: Event, data: dict[str, Any]) -> dict[str, Any]:
    recipe = get_recipe_row(session, data.get("recipe_id", data.get("recipe")))
    record = f"MODIFY_BATCH {recipe.name!r}"
    new = whole_number(data.get("new_batches"), field="new_batches", record=record)
    target = session.scalars(
        select(EventProductionTarget).where(
            EventProductionTarget.event_id == ev.id, EventProductionTarget.recipe_id == recipe.id
        )
    ).first()
    old = target.target_batches if target else 0
    given_old = data.get("old_batches")
    if given_old is not None and units.to_decimal(given_old, field="old_batches") != old:
        raise Invalid(
            f"{record}: old_batches is {given_old} but the plan has {old}",
            record=recipe.name,
            field="old_batches",
        )
    if new == old:
        raise Invalid(
            f"{record}: the plan already has {old} batches", record=recipe.name, field="new_batches"
        )
    if target is None:
        snapshot = create_recipe_snapshot(recipe.id, is_planning=True, session=session)
        session.add(
            EventProductionTarget(
                event_id=ev.id,
                recipe_id=recipe.id,
                target_batches=new,
                recipe_snapshot_id=snapshot["id"],
            )
        )
    else:
        target.target_batches = new
    return {
        "recipe_id": recipe.id,
        "recipe_slug": recipe.slug,
        "recipe_name": recipe.name,
        "old_batches": old,
        "new_batches": new,
    }


_APPLY = {"DROP_FG": _drop, "ADD_FG": _add, "MODIFY_BATCH": _modify}


def _amendment_dict(row: PlanAmendment) -> dict[str, Any]:
    return {
        "id": row.id,
        "event_id": row.event_id,
        "amendment_type": row.amendment_type,
        "data": row.data,
        "reason": row.reason,
        "created_at": row.created_at,
    }


@transactional
@requires("plan")
def create_amendment(
    event: object,
    amendment_type: str,
    data: dict[str, Any],
    reason: str,
    *,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Change a plan in production and record why. Append-only.

    DROP_FG {fg_id, …}: the good must be in the plan; its target goes.
    ADD_FG {fg_id, new_quantity}: the good must not be in the plan; it gets a target and
    a planning snapshot. MODIFY_BATCH {recipe_id, old_batches?, new_batches}: the batch
    count changes (new_batches > 0). References accept ids or slugs. Raises
    PlanStateError (not IN_PRODUCTION), Invalid (blank reason, unknown type, rule broken),
    NotFound.
    """
    ev = event_row(session, event)
    check_edit(ev.plan_state, Edit.AMEND_PLAN, event=ev.name)
    kind = (amendment_type or "").strip().upper()
    if kind not in AMENDMENT_TYPES:
        raise Invalid(
            f"Unknown amendment type {amendment_type!r}; use one of {', '.join(AMENDMENT_TYPES)}",
            field="amendment_type",
        )
    why = (reason or "").strip()
    if not why:
        raise Invalid(f"An amendment to {ev.name!r} needs a reason", record=ev.name, field="reason")
    stored = _APPLY[kind](session, ev, dict(data or {}))
    row = PlanAmendment(event_id=ev.id, amendment_type=kind, data=stored, reason=why)
    session.add(row)
    session.flush()
    return _amendment_dict(row)


@transactional
def get_amendment_history(event: object, *, session: Session = AUTO) -> list[dict[str, Any]]:
    """The event's amendments, oldest first."""
    ev = event_row(session, event)
    rows = session.scalars(
        select(PlanAmendment)
        .where(PlanAmendment.event_id == ev.id)
        .order_by(PlanAmendment.created_at, PlanAmendment.id)
    )
    return [_amendment_dict(row) for row in rows]


def _status(original: Decimal | int | None, current: Decimal | int | None) -> str:
    if original is None:
        return "added"
    if current is None:
        return "dropped"
    return "unchanged" if original == current else "modified"


def _side_by_side(
    session: Session, ev: Event, originals: Any, original_key: str,
    target_model: Any, item: Any, item_key: str,
) -> list[tuple[int, Any, Any]]:
    """(id, the snapshot's line, the event's current target) for every item in either, by
    id; None on the side that lacks it. `item` is loaded with each target."""
    original = {int(o[original_key]): o for o in originals}
    current = {
        getattr(t, item_key): t
        for t in session.scalars(
            select(target_model).options(joinedload(item)).where(target_model.event_id == ev.id)
        )
    }
    return [(i, original.get(i), current.get(i)) for i in sorted(set(original) | set(current))]


@transactional
def compare_plan(event: object, *, session: Session = AUTO) -> list[dict[str, Any]]:
    """The original plan (its snapshot) beside the current one, line by line.

    Each line: `kind` (finished_good | batches), `slug`, `name`, `original`, `current`
    and `status` (unchanged | modified | added | dropped). Raises Invalid before
    production has started (there is no original yet).
    """
    ev = event_row(session, event)
    snapshot = session.scalars(select(PlanSnapshot).where(PlanSnapshot.event_id == ev.id)).first()
    if snapshot is None:
        raise Invalid(
            f"Event {ev.name!r} has no plan snapshot yet: production has not started",
            record=ev.name,
            field="plan_state",
        )
    data = snapshot.snapshot_data
    lines: list[dict[str, Any]] = []

    for gid, before, after in _side_by_side(
        session, ev, data.get("finished_goods", ()), "fg_id",
        EventAssemblyTarget, EventAssemblyTarget.finished_good, "finished_good_id",
    ):
        good = after.finished_good if after else None
        lines.append(
            {
                "kind": "finished_good",
                "id": gid,
                "slug": good.slug if good else before["fg_slug"],
                "name": good.name if good else before["fg_name"],
                "original": int(before["quantity"]) if before else None,
                "current": after.target_quantity if after else None,
            }
        )

    for rid, before, after in _side_by_side(
        session, ev, data.get("batch_decisions", ()), "recipe_id",
        EventProductionTarget, EventProductionTarget.recipe, "recipe_id",
    ):
        lines.append(
            {
                "kind": "batches",
                "id": rid,
                "slug": after.recipe.slug if after else None,
                "name": after.recipe.name if after else before["recipe_name"],
                "original": int(before["batches"]) if before else None,
                "current": after.target_batches if after else None,
            }
        )
    for line in lines:
        line["status"] = _status(line["original"], line["current"])
    return sorted(lines, key=lambda row: (row["kind"] != "finished_good", row["name"].lower()))
