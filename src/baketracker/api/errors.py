"""Errors as the JSON API writes them: the body of an error response.

Status, code and body come from `baketracker.errors` (ARCHITECTURE.md, Errors), which the
pages, the middleware and the CLI read too; the names stay importable from here.
"""

from __future__ import annotations

from baketracker.errors import (
    decimal_text,
    error_body,
    shortfalls_of,
    status_and_code,
    status_for,
)

__all__ = ["decimal_text", "error_body", "shortfalls_of", "status_and_code", "status_for"]
