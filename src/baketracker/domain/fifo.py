"""FIFO draws from inventory lots: oldest purchase first, each draw costed at its lot's price."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from baketracker.domain.numbers import money
from baketracker.errors import InsufficientStock, Invalid, Shortfall

__all__ = ["Allocation", "Draw", "Lot", "allocate", "money", "plan_draws"]

_ZERO = Decimal(0)


@dataclass(frozen=True)
class Lot:
    """What is left of one purchase.

    `quantity` is the amount remaining, in one unit shared by every lot passed to
    `plan_draws` together (callers convert to the ingredient's base unit first);
    `unit_cost` is the price per that unit.
    """

    lot_id: int
    purchased_on: datetime.date
    quantity: Decimal
    unit_cost: Decimal

    def __post_init__(self) -> None:
        _require_decimal(self.quantity, "quantity", record=f"lot {self.lot_id}")
        _require_decimal(self.unit_cost, "unit_cost", record=f"lot {self.lot_id}")
        # Stock never goes negative, so a negative lot can only be corrupt input.
        if self.quantity < 0:
            raise Invalid(
                f"Lot {self.lot_id} has a negative quantity ({self.quantity})",
                record=f"lot {self.lot_id}",
                field="quantity",
            )
        if self.unit_cost < 0:
            raise Invalid(
                f"Lot {self.lot_id} has a negative unit cost ({self.unit_cost})",
                record=f"lot {self.lot_id}",
                field="unit_cost",
            )


@dataclass(frozen=True)
class Draw:
    """One take from one lot, priced at that lot's unit cost."""

    lot_id: int
    quantity: Decimal
    unit_cost: Decimal

    @property
    def cost(self) -> Decimal:
        """Exact, unrounded: round only totals shown to people (see `money`)."""
        return self.quantity * self.unit_cost


@dataclass(frozen=True)
class Allocation:
    """The draws that cover (or try to cover) `requested`, oldest lot first."""

    requested: Decimal
    draws: tuple[Draw, ...]

    @property
    def allocated(self) -> Decimal:
        return sum((d.quantity for d in self.draws), _ZERO)

    @property
    def shortfall(self) -> Decimal:
        """How much of the request the lots could not cover; never negative."""
        return max(self.requested - self.allocated, _ZERO)

    @property
    def satisfied(self) -> bool:
        return self.shortfall == 0

    @property
    def total_cost(self) -> Decimal:
        """Exact sum of the draws' costs, unrounded."""
        return sum((d.cost for d in self.draws), _ZERO)

    def remaining_after(self, lots: Iterable[Lot]) -> dict[int, Decimal]:
        """Quantity left in every lot in `lots` once these draws are taken, by lot id.

        Raises Invalid when a draw names a lot not passed in or takes more than it holds,
        which means the lots changed since the draws were planned.
        """
        remaining = {lot.lot_id: lot.quantity for lot in lots}
        for draw in self.draws:
            if draw.lot_id not in remaining:
                raise Invalid(
                    f"Draw from lot {draw.lot_id}, which is not among the lots given",
                    record=f"lot {draw.lot_id}",
                    field="lot_id",
                )
            left = remaining[draw.lot_id] - draw.quantity
            if left < 0:
                raise Invalid(
                    f"Lot {draw.lot_id} holds {remaining[draw.lot_id]}, "
                    f"less than the {draw.quantity} drawn from it",
                    record=f"lot {draw.lot_id}",
                    field="quantity",
                )
            remaining[draw.lot_id] = left
        return remaining


def plan_draws(lots: Iterable[Lot], need: Decimal) -> Allocation:
    """Draw `need` from `lots`, oldest purchase first (ties by lot id); a dry run.

    Never raises for a shortage: the Allocation reports `shortfall`, so costing and
    feasibility can still see the partial draws. Empty lots are skipped. `need` must be
    greater than zero.
    """
    _require_decimal(need, "quantity")
    if need <= 0:
        raise Invalid(f"Quantity to draw must be greater than zero, not {need}", field="quantity")
    ordered = sorted(lots, key=lambda lot: (lot.purchased_on, lot.lot_id))
    _refuse_duplicate_ids(ordered)

    draws: list[Draw] = []
    still_needed = need
    for lot in ordered:
        if still_needed <= 0:
            break
        if lot.quantity <= 0:
            continue
        take = min(lot.quantity, still_needed)
        draws.append(Draw(lot_id=lot.lot_id, quantity=take, unit_cost=lot.unit_cost))
        still_needed -= take
    return Allocation(requested=need, draws=tuple(draws))


def allocate(lots: Iterable[Lot], need: Decimal, *, item: str, unit: str) -> Allocation:
    """Like `plan_draws`, but a shortage raises InsufficientStock naming need and stock.

    `item` and `unit` only word the message ("need 250 g butter, have 100 g"); `unit` is
    the unit the lots' quantities are in.
    """
    allocation = plan_draws(lots, need)
    if not allocation.satisfied:
        # When short, every non-empty lot was drained, so `allocated` is all the stock.
        raise InsufficientStock(
            [Shortfall(item=item, needed=need, available=allocation.allocated, unit=unit)]
        )
    return allocation


def _require_decimal(value: object, field: str, *, record: str | None = None) -> None:
    # Floats would make money wrong in the last digit, and NaN/Infinity break every
    # comparison below; refuse them at the door rather than deep inside a sum.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise Invalid(
            f"{field} must be a Decimal, not {type(value).__name__}", record=record, field=field
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise Invalid(f"{field} must be a finite number, not {value}", record=record, field=field)


def _refuse_duplicate_ids(lots: list[Lot]) -> None:
    seen: set[int] = set()
    for lot in lots:
        if lot.lot_id in seen:
            raise Invalid(
                f"Lot {lot.lot_id} was given twice", record=f"lot {lot.lot_id}", field="lot_id"
            )
        seen.add(lot.lot_id)
