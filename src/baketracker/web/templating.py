"""Rendering pages: one autoescaping Jinja2 environment, display filters, and response helpers.

Every page route ends in `page()` (a full page, or only its fragment for htmx), `done()`
(after a successful write) or `refused()` (a form the services turned down).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from starlette.responses import RedirectResponse, Response

from baketracker.domain import units
from baketracker.errors import BakeTrackerError, Invalid, shortfall_texts, status_for
from baketracker.services import activity
from baketracker.services.permissions import may
from baketracker.web.identity import request_session
from baketracker.web.security import FLASH_COOKIE_NAME, Guard, cookie_header

WEB_DIR = Path(__file__).parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str


def money(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    return f"${Decimal(value).quantize(Decimal('0.01')):,}"


def quantity(value: Decimal | None, unit: str) -> str:
    """A stock quantity for people: 1500 g reads 1.5 kg."""
    if value is None:
        return ""
    return units.format_quantity(*units.best_display_unit(Decimal(value), unit))


def number(value: Decimal | int | None, places: int | None = None) -> str:
    """A plain number: no exponent, no trailing zeros, rounded to `places` when given."""
    if value is None:
        return ""
    exact = Decimal(value)
    if places is not None:
        exact = exact.quantize(Decimal(1).scaleb(-places))
    text = format(exact, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def options(
    rows: list[dict[str, Any]], value: str = "slug", text: str = "name"
) -> list[tuple[str, str]]:
    """(value, text) pairs for a <select>, from service dicts."""
    return [(str(row[value]), str(row[text])) for row in rows]


@pass_context
def recorded(
    context: Context, rows: list[dict[str, Any]], subject: str, key: str = "id"
) -> dict[int, Any]:
    """Who recorded each row ("recorded by Sam at 14:05"), in one query: id → trail entry.
    Read in the request's unit of work (templates render before it commits)."""
    session = request_session(context["request"].scope)
    return activity.recorded_by(subject, [int(r[key]) for r in rows], session=session)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=money, qty=quantity, number=number, iso=iso, options=options,
                       recorded=recorded)
    env.globals["nav"] = []
    env.globals["new_idempotency_key"] = lambda: str(uuid.uuid4())
    return env


templates = Jinja2Templates(env=_environment())


def set_nav(items: list[NavItem]) -> None:
    templates.env.globals["nav"] = items


def is_htmx(request: Request) -> bool:
    """An htmx request that wants a fragment (boosted links want whole pages)."""
    return bool(request.headers.get("hx-request")) and not request.headers.get("hx-boosted")


def _guard(request: Request) -> Guard:
    guard: Guard = request.app.state.guard
    return guard


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    trigger: str | Mapping[str, Any] | None = None,
) -> Response:
    """Render `template` with what every template may use: request, csrf_token, flash."""
    guard = _guard(request)
    flash = guard.flash_message(request.cookies.get(FLASH_COOKIE_NAME))
    user = getattr(request.state, "user", None)
    full: dict[str, Any] = {
        "request": request,
        "csrf_token": request.state.csrf_token,
        "flash": flash,
        "login_required": guard.login_required or user is not None,
        # The signed-in account (None: nobody needs to log in) and what its role may do;
        # pages hide what `can` refuses, the services refuse it anyway.
        "user": user,
        "can": lambda action: may(user, action),
        "today": date.today(),
        "error": None,
        "message": None,
    }
    full.update(context or {})
    response = templates.TemplateResponse(request, template, full, status_code=status)
    if flash is not None:
        response.headers.append("set-cookie", cookie_header(FLASH_COOKIE_NAME, "", max_age=0))
    if trigger is not None:
        response.headers["HX-Trigger"] = trigger if isinstance(trigger, str) else json.dumps(
            trigger, default=str
        )
    return response


def page(
    request: Request,
    template: str,
    fragment: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    trigger: str | Mapping[str, Any] | None = None,
) -> Response:
    """The whole page, or just `fragment` when htmx asks."""
    chosen = fragment if is_htmx(request) else template
    return render(request, chosen, context, status=status, trigger=trigger)


def redirect(request: Request, url: str, *, flash: str | None = None) -> Response:
    """POST → 303 → GET, with a message shown once on the next page."""
    response = RedirectResponse(url, status_code=303)
    if flash:
        response.headers.append(
            "set-cookie", cookie_header(FLASH_COOKIE_NAME, _guard(request).flash_value(flash))
        )
    return response


def done(
    request: Request,
    *,
    fragment: str,
    context: Mapping[str, Any],
    message: str,
    trigger: str | Mapping[str, Any],
    redirect_to: str,
) -> Response:
    """After a write: htmx gets the updated fragment and an event; a plain form a redirect."""
    if is_htmx(request):
        return render(request, fragment, {**context, "message": message}, trigger=trigger)
    return redirect(request, redirect_to, flash=message)


def form_error(
    exc: BakeTrackerError, rename: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """What a form shows for a refusal: the message, the form field it belongs to (service
    field names translated through `rename`), and any shortfalls."""
    field = exc.field if isinstance(exc, Invalid) else None
    if field is not None and rename:
        field = rename.get(field, field)
    return {
        "message": exc.message,
        "field": field,
        "shortfalls": shortfall_texts(exc),
    }


def refused(
    request: Request,
    template: str,
    fragment: str,
    context: Mapping[str, Any],
    exc: BakeTrackerError,
    *,
    rename: Mapping[str, str] | None = None,
) -> Response:
    """Re-render the form with what was typed and the message next to its field."""
    error = form_error(exc, rename)
    return page(request, template, fragment, {**context, "error": error}, status=status_for(exc))
