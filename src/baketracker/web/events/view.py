"""What every event page shares: event order, the page header, permissions, tab rendering.

Display shaping only (progress bars, "in 12 days", which action the plan state allows);
the figures themselves come from the event services.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.domain.plan_states import Edit, check_edit
from baketracker.errors import BakeTrackerError, NotFound, PlanStateError
from baketracker.services import events
from baketracker.web.templating import done, is_htmx, number, refused, render

PAGE = "events/event.html"
TABS_FRAGMENT = "events/_tabs.html"
TABS: tuple[tuple[str, str], ...] = (
    ("targets", "Targets"),
    ("assignments", "Assignments"),
    ("plan", "Plan"),
    ("amendments", "Amendments"),
)
STATE_LABELS = {
    "DRAFT": "Draft",
    "LOCKED": "Locked",
    "IN_PRODUCTION": "In production",
    "COMPLETED": "Completed",
}
STATUS_LABELS = {"not_started": "not started", "in_progress": "in progress",
                 "complete": "complete"}
HUNDRED = Decimal(100)


# --- event order -----------------------------------------------------------------------


def by_nearness(rows: list[dict[str, Any]], today: date | None = None) -> list[dict[str, Any]]:
    """Upcoming events soonest first, then past events most recent first.

    `rows` come from events.list_events (already by date, then name)."""
    today = today or date.today()
    upcoming = [r for r in rows if r["event_date"] >= today]
    past = [r for r in rows if r["event_date"] < today]
    return upcoming + past[::-1]


def open_events(rows: list[dict[str, Any]], today: date | None = None) -> list[dict[str, Any]]:
    """Events a run can still be recorded for (not completed), nearest first."""
    return [r for r in by_nearness(rows, today) if r["plan_state"] != "COMPLETED"]


def nearest_event(rows: list[dict[str, Any]], today: date | None = None) -> dict[str, Any] | None:
    """The soonest upcoming event that is not completed, if there is one."""
    today = today or date.today()
    return next((r for r in open_events(rows, today) if r["event_date"] >= today), None)


def when(day: date, today: date | None = None) -> str:
    """'today', 'tomorrow', 'in 12 days', '3 days ago'."""
    days = (day - (today or date.today())).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def event_label(row: Mapping[str, Any], today: date | None = None) -> str:
    """'Christmas 2026 · in 29 days' for selectors: short enough for a phone."""
    return f"{row['name']} · {when(row['event_date'], today)}"


# --- display shaping -------------------------------------------------------------------


def bar(percent: Decimal) -> dict[str, Any]:
    """A progress bar: the <progress> value (full at 100) and the true label (may be 125%)."""
    value = Decimal(percent)
    return {"value": number(min(value, HUNDRED)), "label": f"{number(value)}%",
            "over": value > HUNDRED, "met": value >= HUNDRED}


def refusal(event: Mapping[str, Any], action: Edit) -> str | None:
    """None when the event's plan state allows `action`, else the service's own message."""
    try:
        check_edit(event["plan_state"], action, event=event["name"])
    except PlanStateError as exc:
        return exc.message
    return None


def event_base(uow: UnitOfWork, event_id: int) -> dict[str, Any]:
    """The page header: the event (with counts), its overall progress, and how soon it is."""
    event = events.get_event(event_id, session=uow)
    overall = events.get_event_overall_progress(event_id, session=uow)
    return {
        "event": event,
        "state_label": STATE_LABELS[event["plan_state"]],
        "overall": {**overall, "bar": bar(overall["percent"]),
                    "status_label": STATUS_LABELS[overall["status"]]},
        "event_when": when(event["event_date"]),
    }


def require_event_id(event_id: int, value: object, what: str) -> None:
    """Refuse a record of another event reached through this event's address."""
    if value != event_id:
        raise NotFound(f"Event {event_id} has no {what}")


# --- rendering -------------------------------------------------------------------------


def wants_fragment(request: Request) -> bool:
    """An htmx tab switch wants the tab; a history restore after Back wants the whole page."""
    return is_htmx(request) and not request.headers.get("hx-history-restore-request")


def show_tab(request: Request, tab: str, context: Mapping[str, Any], *,
             status: int = 200) -> Response:
    """The event page on `tab`, or only the tab container for htmx."""
    template = TABS_FRAGMENT if wants_fragment(request) else PAGE
    return render(request, template, {**context, "tab": tab, "tabs": TABS}, status=status)


def refuse_tab(request: Request, tab: str, context: Mapping[str, Any],
               exc: BakeTrackerError, **extra: Any) -> Response:
    """The tab again with the service's refusal and what was typed (`extra`)."""
    return refused(request, PAGE, TABS_FRAGMENT, {**context, "tab": tab, "tabs": TABS, **extra},
                   exc)


def tab_url(event_id: int, tab: str) -> str:
    return f"/events/{event_id}/{tab}"


def tab_done(request: Request, event_id: int, tab: str, context: Mapping[str, Any], *,
             message: str, trigger: str | Mapping[str, Any]) -> Response:
    """After a write in a tab: htmx gets the tab again with the message; a form a redirect."""
    return done(request, fragment=TABS_FRAGMENT, context={**context, "tab": tab, "tabs": TABS},
                message=message, trigger=trigger, redirect_to=tab_url(event_id, tab))
