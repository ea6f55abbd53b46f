"""The events list (nearest upcoming first, with progress), creating, editing, deleting events."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, status_for
from baketracker.services import events
from baketracker.web.events.targets import targets_context
from baketracker.web.events.view import (
    PAGE,
    STATE_LABELS,
    STATUS_LABELS,
    TABS,
    bar,
    by_nearness,
    show_tab,
    when,
)
from baketracker.web.forms import attempt
from baketracker.web.templating import form_error, page, redirect, refused, render

router = APIRouter(prefix="/events")
LIST_PAGE = "events/index.html"
LIST_PANEL = "events/_list_panel.html"
BLANK = {"name": "", "event_date": "", "output_mode": "BUNDLED"}


def listing_context(uow: UnitOfWork) -> dict[str, Any]:
    today = date.today()
    rows = by_nearness(events.list_events(session=uow), today)
    progress = {r["id"]: events.get_event_overall_progress(r["id"], session=uow)
                for r in rows}
    shaped = [
        {
            **r,
            "when": when(r["event_date"], today),
            "state_label": STATE_LABELS[r["plan_state"]],
            "bar": bar(progress[r["id"]]["percent"]),
            "status_label": STATUS_LABELS[progress[r["id"]]["status"]],
        }
        for r in rows
    ]
    return {
        "upcoming": [r for r in shaped if r["event_date"] >= today],
        "past": [r for r in shaped if r["event_date"] < today],
        "form": BLANK,
    }


@router.get("")
def events_page(request: Request, uow: UnitOfWork) -> Response:
    return page(request, LIST_PAGE, LIST_PANEL, listing_context(uow))


@router.post("")
def create_event(
    request: Request,
    uow: UnitOfWork,
    name: Annotated[str, Form()] = "",
    event_date: Annotated[str, Form()] = "",
    output_mode: Annotated[str, Form()] = "BUNDLED",
) -> Response:
    form = {"name": name, "event_date": event_date, "output_mode": output_mode}
    try:
        with attempt(uow):
            created = events.create_event(
                name, event_date=event_date, output_mode=output_mode, session=uow
            )
    except BakeTrackerError as exc:
        return refused(request, LIST_PAGE, LIST_PANEL, {**listing_context(uow), "form": form}, exc)
    # The new event's page is where the baker goes next: its targets.
    return redirect(request, f"/events/{created['id']}/targets",
                    flash=f"Added {created['name']}: now give it targets.")


@router.get("/{event_id}")
def event_page(request: Request, uow: UnitOfWork, event_id: int) -> Response:
    return show_tab(request, "targets", targets_context(uow, event_id))


@router.post("/{event_id}/details")
def update_event(
    request: Request,
    uow: UnitOfWork,
    event_id: int,
    name: Annotated[str, Form()] = "",
    event_date: Annotated[str, Form()] = "",
    output_mode: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> Response:
    """Save name, date, output mode and notes (the service refuses what the state forbids)."""
    form = {"name": name, "event_date": event_date, "output_mode": output_mode, "notes": notes}
    try:
        with attempt(uow):
            saved = events.update_event(event_id, name=name, event_date=event_date,
                                        output_mode=output_mode or None, notes=notes, session=uow)
    except BakeTrackerError as exc:
        context = {**targets_context(uow, event_id), "tab": "targets", "tabs": TABS,
                   "details_form": form, "details_error": form_error(exc)}
        return render(request, PAGE, context, status=status_for(exc))
    return redirect(request, f"/events/{event_id}/targets", flash=f"Saved {saved['name']}.")


@router.post("/{event_id}/delete")
def delete_event(request: Request, uow: UnitOfWork, event_id: int) -> Response:
    name = events.get_event(event_id, session=uow)["name"]
    try:
        with attempt(uow):
            events.delete_event(event_id, session=uow)
    except BakeTrackerError as exc:
        context = {**targets_context(uow, event_id), "tab": "targets", "tabs": TABS,
                   "details_error": form_error(exc)}
        return render(request, PAGE, context, status=status_for(exc))
    return redirect(request, "/events", flash=f"Deleted {name}.")
