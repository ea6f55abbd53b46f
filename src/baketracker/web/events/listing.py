"""The events list (nearest upcoming first, with progress), creating, editing, deleting events."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import session_scope
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
from baketracker.web.templating import form_error, page, redirect, refused, render

router = APIRouter(prefix="/events")
LIST_PAGE = "events/index.html"
LIST_PANEL = "events/_list_panel.html"
BLANK = {"name": "", "event_date": "", "output_mode": "BUNDLED"}


def listing_context() -> dict[str, Any]:
    today = date.today()
    with session_scope() as session:
        rows = by_nearness(events.list_events(session=session), today)
        progress = {r["id"]: events.get_event_overall_progress(r["id"], session=session)
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
def events_page(request: Request) -> Response:
    return page(request, LIST_PAGE, LIST_PANEL, listing_context())


@router.post("")
def create_event(
    request: Request,
    name: Annotated[str, Form()] = "",
    event_date: Annotated[str, Form()] = "",
    output_mode: Annotated[str, Form()] = "BUNDLED",
) -> Response:
    form = {"name": name, "event_date": event_date, "output_mode": output_mode}
    try:
        created = events.create_event(name, event_date=event_date, output_mode=output_mode)
    except BakeTrackerError as exc:
        return refused(request, LIST_PAGE, LIST_PANEL, {**listing_context(), "form": form}, exc)
    # The new event's page is where the baker goes next: its targets.
    return redirect(request, f"/events/{created['id']}/targets",
                    flash=f"Added {created['name']}: now give it targets.")


@router.get("/{event_id}")
def event_page(request: Request, event_id: int) -> Response:
    return show_tab(request, "targets", targets_context(event_id))


@router.post("/{event_id}/details")
def update_event(
    request: Request,
    event_id: int,
    name: Annotated[str, Form()] = "",
    event_date: Annotated[str, Form()] = "",
    output_mode: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> Response:
    """Save name, date, output mode and notes (the service refuses what the state forbids)."""
    form = {"name": name, "event_date": event_date, "output_mode": output_mode, "notes": notes}
    try:
        saved = events.update_event(event_id, name=name, event_date=event_date,
                                    output_mode=output_mode or None, notes=notes)
    except BakeTrackerError as exc:
        context = {**targets_context(event_id), "tab": "targets", "tabs": TABS,
                   "details_form": form, "details_error": form_error(exc)}
        return render(request, PAGE, context, status=status_for(exc))
    return redirect(request, f"/events/{event_id}/targets", flash=f"Saved {saved['name']}.")


@router.post("/{event_id}/delete")
def delete_event(request: Request, event_id: int) -> Response:
    with session_scope() as session:
        name = events.get_event(event_id, session=session)["name"]
    try:
        events.delete_event(event_id)
    except BakeTrackerError as exc:
        context = {**targets_context(event_id), "tab": "targets", "tabs": TABS,
                   "details_error": form_error(exc)}
        return render(request, PAGE, context, status=status_for(exc))
    return redirect(request, "/events", flash=f"Deleted {name}.")
