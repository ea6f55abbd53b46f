"""Moving an event's plan forward: DRAFT → LOCKED → IN_PRODUCTION → COMPLETED."""

from __future__ import annotations

from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain.plan_states import check_transition
from baketracker.errors import PlanStateError
from baketracker.services.lookup import event_row
from baketracker.services.permissions import requires
from baketracker.services.plan_snapshots import create_plan_snapshot
from baketracker.services.plan_summary import compute
from baketracker.services.planning import create_plan


@transactional
@requires("plan")
def lock_plan(event: object, *, session: Session = AUTO) -> str:
    """DRAFT → LOCKED: refuse unconfirmed short batch counts, then finalise the plan
    (create_plan) in the same transaction. Returns the new state."""
    ev = event_row(session, event)
    check_transition(ev.plan_state, "LOCKED", event=ev.name)
    gathered, result = compute(session, ev)
    unconfirmed = [
        gathered.names.recipes[b.recipe_id][1]
        for b in result.batches
        if b.short and not b.short_confirmed
    ]
    if unconfirmed:
        raise PlanStateError(
            f"Event {ev.name!r} cannot be locked: the batch count of "
            f"{', '.join(unconfirmed)} falls short of the need; confirm it or raise it"
        )
    create_plan(ev.id, session=session)
    ev.plan_state = "LOCKED"
    session.flush()
    return ev.plan_state


@transactional
@requires("plan")
def start_production(event: object, *, session: Session = AUTO) -> str:
    """LOCKED → IN_PRODUCTION, writing the plan snapshot first, in one transaction.

    Strict like every transition: an event already in production raises PlanStateError
    (a double submit is stopped by its idempotency key, not here).
    """
    ev = event_row(session, event)
    check_transition(ev.plan_state, "IN_PRODUCTION", event=ev.name)
    create_plan_snapshot(ev.id, session=session)
    ev.plan_state = "IN_PRODUCTION"
    session.flush()
    return ev.plan_state


@transactional
@requires("plan")
def complete_production(event: object, *, session: Session = AUTO) -> str:
    """IN_PRODUCTION → COMPLETED: the event becomes read-only."""
    ev = event_row(session, event)
    check_transition(ev.plan_state, "COMPLETED", event=ev.name)
    ev.plan_state = "COMPLETED"
    session.flush()
    return ev.plan_state


__all__ = ["PlanStateError", "complete_production", "lock_plan", "start_production"]
