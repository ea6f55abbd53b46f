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

from baketracker.db import session_scope
from baketracker.services import allergens, inventory
from baketracker.web.events.overview import next_up_context, upcoming_context
from baketracker.web.security import cookie_header
from baketracker.web.stock_view import low_stock, stock_value
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


def _low_stock_context(below: Decimal) -> dict[str, Any]:
    with session_scope() as session:
        return {"low_stock": low_stock(session, below), "below": below}


def _value_context() -> dict[str, Any]:
    summary = inventory.stock_summary()
    return {"stock_value": stock_value(summary), "stock_lines": len(summary)}


def _allergen_context() -> dict[str, Any]:
    with session_scope(write=False) as session:
        found = allergens.open_warnings(today=date.today(), session=session)
    return {"allergen_warnings": found["unchecked"], "allergens_checked": found["checked"],
            "next": "/"}


def _remember(response: Response, below: str | None, threshold: Decimal) -> Response:
    if below is not None:
        response.headers.append(
            "set-cookie", cookie_header(THRESHOLD_COOKIE, str(threshold), max_age=365 * 86400)
        )
    return response


@router.get("/")
def dashboard(request: Request, below: str | None = None) -> Response:
    threshold = _threshold(below if below is not None else request.cookies.get(THRESHOLD_COOKIE))
    response = render(request, "dashboard/index.html",
                      {**_low_stock_context(threshold), **_value_context(),
                       **next_up_context(), **upcoming_context(), **_allergen_context()})
    return _remember(response, below, threshold)


@router.get("/dashboard/low-stock")
def low_stock_panel(request: Request, below: str | None = None) -> Response:
    """The low-stock partial; `below` (packages) is remembered in a cookie."""
    threshold = _threshold(below if below is not None else request.cookies.get(THRESHOLD_COOKIE))
    response = render(request, "dashboard/_low_stock.html", _low_stock_context(threshold))
    return _remember(response, below, threshold)


@router.get("/dashboard/stock-value")
def stock_value_panel(request: Request) -> Response:
    return render(request, "dashboard/_stock_value.html", _value_context())


@router.get("/dashboard/events")
def events_panel(request: Request) -> Response:
    """Upcoming events with their progress (re-fetched after production or assembly)."""
    return render(request, "dashboard/_events.html", upcoming_context())


@router.get("/dashboard/next-up")
def next_up_panel(request: Request) -> Response:
    """The nearest event: what to bake next, its shopping list, record production."""
    return render(request, "dashboard/_events_next.html", next_up_context())
