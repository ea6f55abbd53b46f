"""Errors as the JSON API writes them: the body of an error response.

Status and code come from the one table in `baketracker.errors` (ARCHITECTURE.md, Errors),
which the pages and the CLI read too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from baketracker.errors import (
    BakeTrackerError,
    InsufficientStock,
    Invalid,
    outcome_of,
    status_for,
)

__all__ = ["decimal_text", "error_body", "shortfalls_of", "status_and_code", "status_for"]


def status_and_code(exc: BakeTrackerError) -> tuple[int, str]:
    row = outcome_of(exc)
    return row.status, row.code


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
