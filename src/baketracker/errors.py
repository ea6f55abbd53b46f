"""The project's exception hierarchy: every error a user can see is one of these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


class BakeTrackerError(Exception):
    """Base class: its message is written for the person who will read it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(BakeTrackerError):
    """A record named by id, slug or name does not exist."""


class Invalid(BakeTrackerError):
    """Input breaks a rule: a bad unit, a cycle, a blank reason, a negative quantity.

    `field` names the offending field and `record` the record, when known.
    """

    def __init__(self, message: str, *, record: str | None = None, field: str | None = None):
        super().__init__(message)
        self.record = record
        self.field = field


class Conflict(BakeTrackerError):
    """The request clashes with what is stored: a duplicate slug, a record still in use."""


@dataclass(frozen=True)
class Shortfall:
    """One thing that is short: need `needed`, have `available`, in `unit`."""

    item: str
    needed: Decimal
    available: Decimal
    unit: str

    @property
    def missing(self) -> Decimal:
        return self.needed - self.available

    def describe(self) -> str:
        need, have = _fmt(self.needed), _fmt(self.available)
        return f"need {need} {self.unit} {self.item}, have {have} {self.unit}"


class InsufficientStock(Conflict):
    """Stock cannot cover an operation; nothing was written. Carries every shortfall."""

    def __init__(self, shortfalls: Sequence[Shortfall], message: str | None = None) -> None:
        self.shortfalls = tuple(shortfalls)
        text = message or "Not enough stock: " + "; ".join(s.describe() for s in self.shortfalls)
        super().__init__(text)


class PlanStateError(Conflict):
    """An action is not allowed in the event's current plan state."""


class Forbidden(BakeTrackerError):
    """The signed-in account's role does not allow this action; nothing was written."""


class LoginFailed(BakeTrackerError):
    """A wrong user name, password or token, or a name locked after too many tries."""


@dataclass(frozen=True)
class Outcome:
    """How one error class reaches a person: HTTP status, short API code, CLI exit code."""

    error: type[BakeTrackerError]
    status: int
    code: str
    exit_code: int


# The one table (ARCHITECTURE.md, Errors) the API, the pages and the CLI all read; most
# specific first: InsufficientStock and PlanStateError are Conflicts.
ERROR_TABLE: tuple[Outcome, ...] = (
    Outcome(NotFound, 404, "not_found", 1),
    Outcome(Forbidden, 403, "forbidden", 3),
    Outcome(LoginFailed, 401, "login_failed", 1),
    Outcome(Invalid, 422, "invalid", 2),
    Outcome(InsufficientStock, 409, "insufficient_stock", 1),
    Outcome(PlanStateError, 409, "plan_state", 1),
    Outcome(Conflict, 409, "conflict", 1),
    Outcome(BakeTrackerError, 400, "error", 1),
)


def outcome_of(exc: BakeTrackerError) -> Outcome:
    """The table's row for `exc`: the first class it is an instance of."""
    return next(row for row in ERROR_TABLE if isinstance(exc, row.error))


def status_for(exc: BakeTrackerError) -> int:
    """The HTTP status of `exc`, for the API and the pages."""
    return outcome_of(exc).status


def exit_code_for(exc: BakeTrackerError) -> int:
    """The CLI's exit code for `exc`: 2 for bad input, 3 for a refused role, 1 for the rest."""
    return outcome_of(exc).exit_code


def shortfall_texts(exc: BakeTrackerError) -> list[str]:
    """What is short, one sentence each, for an InsufficientStock (else empty)."""
    return [s.describe() for s in exc.shortfalls] if isinstance(exc, InsufficientStock) else []


def _fmt(value: Decimal) -> str:
    """A quantity for a message: no exponent, no trailing zeros, at most 2 decimals."""
    q = value.quantize(Decimal("0.01")).normalize()
    return format(q, "f")


# --- errors as the API (and any JSON answer) writes them --------------------------------


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
