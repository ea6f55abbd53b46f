"""The one table from the project's errors to HTTP: status code and a short error code.

The JSON API and the pages both read it (ARCHITECTURE.md, Errors), so a new error class is
mapped once, here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from baketracker.errors import (
    BakeTrackerError,
    Conflict,
    Forbidden,
    InsufficientStock,
    Invalid,
    LoginFailed,
    NotFound,
    PlanStateError,
)

# Most specific first: InsufficientStock and PlanStateError are Conflicts.
ERROR_TABLE: tuple[tuple[type[BakeTrackerError], int, str], ...] = (
    (NotFound, 404, "not_found"),
    (Forbidden, 403, "forbidden"),
    (LoginFailed, 401, "login_failed"),
    (Invalid, 422, "invalid"),
    (InsufficientStock, 409, "insufficient_stock"),
    (PlanStateError, 409, "plan_state"),
    (Conflict, 409, "conflict"),
    (BakeTrackerError, 400, "error"),
)


def status_and_code(exc: BakeTrackerError) -> tuple[int, str]:
    return next((status, code) for cls, status, code in ERROR_TABLE if isinstance(exc, cls))


def status_for(exc: BakeTrackerError) -> int:
    return status_and_code(exc)[0]


def decimal_text(value: Decimal) -> str:
    """A Decimal for JSON: exact, as a string, without an exponent ("1.5", "250")."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def shortfalls_of(exc: BakeTrackerError) -> list[dict[str, Any]]:
    """What is short, for an InsufficientStock (empty for every other error)."""
    if not isinstance(exc, InsufficientStock):
        return []
    return [
        {
            "item": s.item,
            "needed": decimal_text(s.needed),
            "available": decimal_text(s.available),
            "missing": decimal_text(s.missing),
            "unit": s.unit,
            "text": s.describe(),
        }
        for s in exc.shortfalls
    ]


def error_body(exc: BakeTrackerError) -> dict[str, Any]:
    """The JSON body of an error: `error` code, `message`, and what the error carries."""
    _, code = status_and_code(exc)
    body: dict[str, Any] = {"error": code, "message": exc.message}
    if isinstance(exc, Invalid):
        body["field"] = exc.field
        body["record"] = exc.record
    if isinstance(exc, InsufficientStock):
        body["shortfalls"] = shortfalls_of(exc)
    return body
