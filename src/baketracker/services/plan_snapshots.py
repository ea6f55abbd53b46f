"""The plan snapshot: the plan as it stood when production started, written once per event."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain.numbers import decimal_text
from baketracker.models import PlanSnapshot
from baketracker.services.lookup import event_row
from baketracker.services.plan_summary import compute

SNAPSHOT_VERSION = "1.0"


def _dict(row: PlanSnapshot) -> dict[str, Any]:
    return {
        "id": row.id,
        "event_id": row.event_id,
        "created_at": row.created_at,
        "snapshot_data": row.snapshot_data,
    }


@transactional
def create_plan_snapshot(event: object, *, session: Session = AUTO) -> dict[str, Any]:
    """Write the event's plan snapshot, or return the one already written (idempotent).

    JSON: snapshot_version "1.0", created_at, recipes (with their planning snapshot ids),
    finished_goods (fg_id, fg_name, fg_slug, quantity) and batch_decisions (recipe_id,
    recipe_name, batches, yield_per_batch).
    """
    ev = event_row(session, event)
    existing = session.scalars(select(PlanSnapshot).where(PlanSnapshot.event_id == ev.id)).first()
    if existing is not None:
        return _dict(existing)
    gathered, result = compute(session, ev)
    names = gathered.names
    targets = {t.recipe_id: t for t in ev.production_targets}
    data = {
        "snapshot_version": SNAPSHOT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "recipes": [
            {
                "recipe_id": rid,
                "recipe_slug": names.recipes[rid][0],
                "recipe_name": names.recipes[rid][1],
                "recipe_snapshot_id": targets[rid].recipe_snapshot_id,
            }
            for rid in sorted(targets, key=lambda r: names.recipes[r][1])
        ],
        "finished_goods": [
            {
                "fg_id": t.finished_good_id,
                "fg_slug": names.goods[t.finished_good_id][0],
                "fg_name": names.goods[t.finished_good_id][1],
                "quantity": t.target_quantity,
            }
            for t in sorted(ev.assembly_targets, key=lambda t: names.goods[t.finished_good_id][1])
        ],
        "batch_decisions": [
            {
                "recipe_id": line.recipe_id,
                "recipe_name": names.recipes[line.recipe_id][1],
                "batches": line.batches,
                "yield_per_batch": _yield(gathered, line),
            }
            for line in result.batches
            if line.recipe_id in targets
        ],
    }
    row = PlanSnapshot(event_id=ev.id, snapshot_data=data)
    session.add(row)
    session.flush()
    return _dict(row)


def _yield(gathered: Any, line: Any) -> str | None:
    units = [u for u in gathered.data.units.values() if u.recipe_id == line.recipe_id]
    return decimal_text(units[0].yield_per_batch) if len(units) == 1 else None


@transactional
def get_plan_snapshot(event: object, *, session: Session = AUTO) -> dict[str, Any] | None:
    """The event's plan snapshot (`id`, `event_id`, `snapshot_data`), or None before
    production started."""
    ev = event_row(session, event)
    row = session.scalars(select(PlanSnapshot).where(PlanSnapshot.event_id == ev.id)).first()
    return None if row is None else _dict(row)
