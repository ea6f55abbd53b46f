"""Progress arithmetic (percent, remaining, overage, overall status) and fulfillment steps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from baketracker.domain.numbers import PERCENT_PLACE
from baketracker.errors import Conflict, Invalid

__all__ = [
    "FULFILLMENT_STATUSES",
    "NOT_STARTED",
    "IN_PROGRESS",
    "COMPLETE",
    "Overall",
    "TargetProgress",
    "check_fulfillment",
    "check_status",
    "next_fulfillment",
    "overall",
    "percent",
]

HUNDRED = Decimal(100)

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETE = "complete"

FULFILLMENT_STATUSES: tuple[str, ...] = ("pending", "ready", "delivered")


def percent(done: Decimal | int, target: Decimal | int) -> Decimal:
    """done ÷ target as a percentage to one decimal place; may exceed 100 (5 of 4 → 125.0)."""
    if target <= 0:
        raise Invalid(f"A target must be greater than zero, not {target}", field="target")
    if done < 0:
        raise Invalid(f"Done cannot be negative ({done})", field="done")
    return (Decimal(done) * HUNDRED / Decimal(target)).quantize(PERCENT_PLACE, ROUND_HALF_UP)


@dataclass(frozen=True)
class TargetProgress:
    """How far one target has got: `done` of `target` (batches, or finished goods)."""

    target: Decimal
    done: Decimal

    def __post_init__(self) -> None:
        if self.target <= 0:
            raise Invalid(f"A target must be greater than zero, not {self.target}", field="target")
        if self.done < 0:
            raise Invalid(f"Done cannot be negative ({self.done})", field="done")

    @property
    def percent(self) -> Decimal:
        return percent(self.done, self.target)

    @property
    def remaining(self) -> Decimal:
        """What is still to make: max(0, target − done)."""
        return max(Decimal(0), Decimal(self.target) - Decimal(self.done))

    @property
    def overage(self) -> Decimal:
        """What was made beyond the target: max(0, done − target)."""
        return max(Decimal(0), Decimal(self.done) - Decimal(self.target))

    @property
    def met(self) -> bool:
        return self.done >= self.target

    @property
    def capped_fraction(self) -> Decimal:
        """done ÷ target, but never more than 1: overage on one target cannot hide another."""
        return min(Decimal(1), Decimal(self.done) / Decimal(self.target))


@dataclass(frozen=True)
class Overall:
    percent: Decimal
    status: str


def overall(targets: Sequence[TargetProgress], *, started: bool = False) -> Overall:
    """The mean of per-target percentages, each capped at 100, with a status.

    status: "complete" when there is at least one target and every one is met;
    "not_started" when nothing has been made toward the event (no target has any done
    and `started` — runs exist for it — is false); otherwise "in_progress".
    The percent reads 100.0 only when complete: a mean that rounds up to 100 while a
    target is still open shows 99.9.
    """
    complete = bool(targets) and all(t.met for t in targets)
    begun = started or any(t.done > 0 for t in targets)
    if not targets:
        mean = Decimal(0)
    else:
        mean = sum((t.capped_fraction for t in targets), Decimal(0)) * HUNDRED / len(targets)
    value = mean.quantize(PERCENT_PLACE, ROUND_HALF_UP)
    if complete:
        return Overall(HUNDRED.quantize(PERCENT_PLACE), COMPLETE)
    if value >= HUNDRED:
        value = (HUNDRED - PERCENT_PLACE).quantize(PERCENT_PLACE, ROUND_DOWN)
    return Overall(value, IN_PROGRESS if begun else NOT_STARTED)


# --- fulfillment -------------------------------------------------------------------------


def check_status(status: object, *, record: str) -> str:
    """`status` lower-cased if it is a known fulfillment status, else Invalid."""
    if not isinstance(status, str) or status.strip().lower() not in FULFILLMENT_STATUSES:
        raise Invalid(
            f"{record}: unknown fulfillment status {status!r}; use one of "
            f"{', '.join(FULFILLMENT_STATUSES)}",
            record=record,
            field="fulfillment_status",
        )
    return status.strip().lower()


def next_fulfillment(current: str, *, record: str = "Assignment") -> str:
    """The status after `current`; Conflict when it is already delivered."""
    status = check_status(current, record=record)
    index = FULFILLMENT_STATUSES.index(status)
    if index == len(FULFILLMENT_STATUSES) - 1:
        raise Conflict(f"{record} is already {status}; there is no later status")
    return FULFILLMENT_STATUSES[index + 1]


def check_fulfillment(current: str, requested: object, *, record: str = "Assignment") -> str:
    """The normalised `requested` status if it is the one step after `current`.

    pending → ready → delivered, one step at a time. An unknown status is Invalid; a
    skip, a step back or a repeat is a Conflict naming the current and requested status.
    """
    wanted = check_status(requested, record=record)
    status = check_status(current, record=record)
    if wanted == status:
        raise Conflict(f"{record} is already {status}; requested {wanted}")
    here, there = FULFILLMENT_STATUSES.index(status), FULFILLMENT_STATUSES.index(wanted)
    if there < here:
        raise Conflict(f"{record} is {status}; it cannot go back to {wanted}")
    if there > here + 1:
        raise Conflict(
            f"{record} is {status}; it cannot skip to {wanted} "
            f"(next is {FULFILLMENT_STATUSES[here + 1]})"
        )
    return wanted
