"""Dashboard: a composition of small partials (low stock, stock value, quick actions).

Later areas add their own partial (events, progress, what to bake next) to
`dashboard/index.html` and, if it refreshes on its own, a fragment route here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.services import allergens, events, inventory, stock_levels
from baketracker.web.events.overview import next_up_context, upcoming_context
from baketracker.web.security import cookie_header
from baketracker.web.templating import NavItem, render

router = APIRouter(include_in_schema=False)
NAV = NavItem("Dashboard", "/")
THRESHOLD_COOKIE = "bt_low_stock"
DEFAULT_THRESHOLD = Decimal(1)


def _threshold(text: str | None) -> Decimal:
    try:
        value = Decimal(text) if text else DEFAULT_THRESHOLD
    except InvalidOperation:
        return DEFAULT_THRESHOLD
    return value if value.is_finite() and 0 <= value <= 1000 else DEFAULT_THRESHOLD


def _low_stock_context(
    uow: UnitOfWork, below: Decimal, summary: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    low = stock_levels.list_low_stock(below, summary=summary, session=uow)
    return {"low_stock": low, "below": below}


def _value_context(
    uow: UnitOfWork, summary: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    if summary is None:
        summary = inventory.stock_summary(session=uow)
    return {"stock_value": stock_levels.stock_value(summary), "stock_lines": len(summary)}


def _allergen_context(uow: UnitOfWork) -> dict[str, Any]:
    found = allergens.open_warnings(today=date.today(), session=uow)
    return {"allergen_warnings": found["unchecked"], "allergens_checked": found["checked"],
            "next": "/"}


def _remember(response: Response, below: str | None, threshold: Decimal) -> Response:
    if below is not None:
        response.headers.append(
            "set-cookie", cookie_header(THRESHOLD_COOKIE, str(threshold), max_age=365 * 86400)
        )
    return response


@router.get("/")
def dashboard(request: Request, uow: UnitOfWork, below: str | None = None) -> Response:
    threshold = _threshold(below if below is not None else request.cookies.get(THRESHOLD_COOKIE))
    # The stock and the events are read once for the panels that show them.
    summary = inventory.stock_summary(session=uow)
    rows = events.list_events(session=uow)
    response = render(request, "dashboard/index.html",
                      {**_low_stock_context(uow, threshold, summary),
                       **_value_context(uow, summary), **next_up_context(uow, rows),
                       **upcoming_context(uow, rows), **_allergen_context(uow)})
    return _remember(response, below, threshold)


@router.get("/dashboard/low-stock")
def low_stock_panel(request: Request, uow: UnitOfWork, below: str | None = None) -> Response:
    """The low-stock partial; `below` (packages) is remembered in a cookie."""
    threshold = _threshold(below if below is not None else request.cookies.get(THRESHOLD_COOKIE))
    response = render(request, "dashboard/_low_stock.html", _low_stock_context(uow, threshold))
    return _remember(response, below, threshold)


@router.get("/dashboard/stock-value")
def stock_value_panel(request: Request, uow: UnitOfWork) -> Response:
    return render(request, "dashboard/_stock_value.html", _value_context(uow))


@router.get("/dashboard/events")
def events_panel(request: Request, uow: UnitOfWork) -> Response:
    """Upcoming events with their progress (re-fetched after production or assembly)."""
    return render(request, "dashboard/_events.html", upcoming_context(uow))


@router.get("/dashboard/next-up")
def next_up_panel(request: Request, uow: UnitOfWork) -> Response:
    """The nearest event: what to bake next, its shopping list, record production."""
    return render(request, "dashboard/_events_next.html", next_up_context(uow))
