"""The dashboard's event partials: upcoming events with progress, and the nearest event's
next steps (what to bake next, its shopping list, recording production)."""

from __future__ import annotations

from datetime import date
from typing import Any

from baketracker.db import UnitOfWork
from baketracker.services import events
from baketracker.web.events.view import STATE_LABELS, STATUS_LABELS, bar, nearest_event, when

MAX_UPCOMING = 5


def upcoming_context(
    uow: UnitOfWork, every: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Events still ahead and not completed, soonest first, with overall progress.
    `every`: `events.list_events()` as the caller read it already, else it is read here."""
    today = date.today()
    if every is None:
        every = events.list_events(session=uow)
    rows = [r for r in every if r["event_date"] >= today and r["plan_state"] != "COMPLETED"]
    shown = rows[:MAX_UPCOMING]
    progress = {r["id"]: events.get_event_overall_progress(r["id"], session=uow)
                for r in shown}
    return {
        "upcoming_events": [
            {**r, "when": when(r["event_date"], today),
             "state_label": STATE_LABELS[r["plan_state"]],
             "bar": bar(progress[r["id"]]["percent"]),
             "status_label": STATUS_LABELS[progress[r["id"]]["status"]]}
            for r in shown
        ],
        "more_events": len(rows) - len(shown),
    }


def next_up_context(
    uow: UnitOfWork, every: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The nearest upcoming event and the batches it still needs, most to go first.
    `every`: `events.list_events()` as the caller read it already, else it is read here."""
    if every is None:
        every = events.list_events(session=uow)
    event = nearest_event(every)
    to_bake = (
        [r for r in events.get_production_progress(event["id"], session=uow)
         if r["remaining_batches"] > 0]
        if event else []
    )
    return {
        "next_event": {**event, "when": when(event["event_date"])} if event else None,
        "to_bake": sorted(to_bake, key=lambda r: (-r["remaining_batches"],
                                                  r["recipe_name"].lower())),
    }
