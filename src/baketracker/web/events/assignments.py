"""The Assignments tab: who gets which package, and fulfillment advanced one step per click."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.domain.plan_states import Edit
from baketracker.domain.progress import FULFILLMENT_STATUSES
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.services import allergens, events, goods
from baketracker.web.events.view import (
    event_base,
    refusal,
    refuse_tab,
    require_event_id,
    show_tab,
    tab_done,
    tab_url,
)
from baketracker.web.forms import attempt
from baketracker.web.templating import is_htmx, redirect, render

router = APIRouter(prefix="/events")
TAB = "assignments"
ROW = "events/_assignment_row.html"
COUNTS = "events/_assignment_counts.html"
BLANK = {"recipient": "", "package": "", "quantity": "1"}
# The one step each status can take, and the button that takes it.
NEXT_STEP = {"pending": "Mark ready", "ready": "Mark delivered"}


def _status(text: str) -> str | None:
    return text if text in FULFILLMENT_STATUSES else None


def _ref(text: str) -> int | str:
    """A picked id (the form's <option> value), or a name typed by an API-minded baker."""
    return int(text) if text.strip().isdigit() else text


def shape(
    row: dict[str, Any], warnings: Mapping[int, allergens.AllergenWarning] | None = None
) -> dict[str, Any]:
    return {**row, "next_step": NEXT_STEP.get(row["fulfillment_status"]),
            "allergen": (warnings or {}).get(row["id"])}


def _warnings(event_id: int, session: Any = None) -> dict[int, allergens.AllergenWarning]:
    found = allergens.warnings_for_event(event_id, session=session)
    return {w["assignment_id"]: w for w in found}


def counts(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(s, sum(1 for r in rows if r["fulfillment_status"] == s))
            for s in FULFILLMENT_STATUSES]


def assignments_context(uow: UnitOfWork, event_id: int, status: str = "") -> dict[str, Any]:
    wanted = _status(status)
    base = event_base(uow, event_id)
    every = events.list_assignments(event_id, session=uow)
    recipients = events.list_recipients(session=uow)
    packages = goods.list_packages(session=uow)
    warnings = _warnings(event_id, uow)
    event = base["event"]
    return {
        **base,
        "assignments": [shape(r, warnings) for r in every
                        if wanted is None or r["fulfillment_status"] == wanted],
        "status_counts": counts(every),
        "total": len(every),
        "status": wanted or "",
        "statuses": FULFILLMENT_STATUSES,
        "recipient_options": [(str(r["id"]), r["name"] + (f" ({r['household']})"
                                                          if r["household"] else ""))
                              for r in recipients],
        "package_options": [(str(p["id"]), p["name"]) for p in packages],
        "blocked": {"assign": refusal(event, Edit.ASSIGN_PACKAGE),
                    "remove": refusal(event, Edit.REMOVE_ASSIGNMENT)},
        "form": BLANK,
    }


@router.get("/{event_id}/assignments")
def assignments_tab(request: Request, uow: UnitOfWork, event_id: int, status: str = "") -> Response:
    """The tab; `status` (pending, ready, delivered) filters the list."""
    return show_tab(request, TAB, assignments_context(uow, event_id, status))


@router.get("/{event_id}/assignments/counts")
def assignment_counts(request: Request, uow: UnitOfWork, event_id: int) -> Response:
    """The status counts, re-fetched whenever a package moves on."""
    every = events.list_assignments(event_id, session=uow)
    return render(request, COUNTS, {"event": {"id": event_id}, "status_counts": counts(every),
                                    "total": len(every), "status": ""})


@router.post("/{event_id}/assignments")
def assign_package(
    request: Request,
    uow: UnitOfWork,
    event_id: int,
    recipient: Annotated[str, Form()] = "",
    package: Annotated[str, Form()] = "",
    quantity: Annotated[str, Form()] = "1",
) -> Response:
    form = {"recipient": recipient, "package": package, "quantity": quantity}
    try:
        with attempt(uow):
            if not recipient:
                raise Invalid("Choose who receives the package", field="recipient")
            if not package:
                raise Invalid("Choose the package", field="package")
            made = events.assign_package(
                event_id, _ref(recipient), _ref(package), quantity or "1", session=uow
            )
    except BakeTrackerError as exc:
        return refuse_tab(request, TAB, assignments_context(uow, event_id), exc, form=form)
    return tab_done(
        request, event_id, TAB, assignments_context(uow, event_id),
        message=f"{made['recipient_name']} gets {made['quantity']} × {made['package_name']}.",
        trigger={"assignmentsChanged": {"id": made["id"]}},
    )


def _check_assignment(uow: UnitOfWork, event_id: int, assignment_id: int) -> None:
    ids = {r["id"]: r["event_id"] for r in events.list_assignments(event_id, session=uow)}
    require_event_id(event_id, ids.get(assignment_id), f"package assignment {assignment_id}")


@router.post("/{event_id}/assignments/{assignment_id}/advance")
def advance_fulfillment(
    request: Request, uow: UnitOfWork, event_id: int, assignment_id: int
) -> Response:
    """One step on: pending → ready → delivered. htmx gets the row back, in one action."""
    _check_assignment(uow, event_id, assignment_id)
    moved = events.advance_fulfillment(assignment_id, session=uow)
    event = events.get_event(event_id, session=uow)
    message = (f"{moved['package_name']} for {moved['recipient_name']} is "
               f"{moved['fulfillment_status']}.")
    trigger = {"fulfillmentAdvanced": {"id": moved["id"], "status": moved["fulfillment_status"]}}
    if is_htmx(request):
        blocked = {"remove": refusal(event, Edit.REMOVE_ASSIGNMENT)}
        row = shape(moved, _warnings(event_id))
        return render(request, ROW, {"row": row, "event": event, "blocked": blocked},
                      trigger=trigger)
    return redirect(request, tab_url(event_id, TAB), flash=message)


@router.post("/{event_id}/assignments/{assignment_id}/remove")
def remove_assignment(
    request: Request, uow: UnitOfWork, event_id: int, assignment_id: int
) -> Response:
    _check_assignment(uow, event_id, assignment_id)
    try:
        with attempt(uow):
            events.remove_assignment(assignment_id, session=uow)
    except BakeTrackerError as exc:
        return refuse_tab(request, TAB, assignments_context(uow, event_id), exc)
    return tab_done(request, event_id, TAB, assignments_context(uow, event_id),
                    message="Removed the assignment.",
                    trigger={"assignmentsChanged": {"id": assignment_id}})
