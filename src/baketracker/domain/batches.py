"""Batch sizing for one recipe: the fewest whole batches that cover its finished units."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from baketracker.errors import Invalid

__all__ = [
    "BatchPlan",
    "UnitNeed",
    "batch_fraction",
    "covers",
    "fewest_batches",
    "leftover_units",
    "shortfall_units",
]


@dataclass(frozen=True)
class UnitNeed:
    """How many of one finished unit are needed, and how much of a batch one unit takes.

    Exactly one of `items_per_batch` (a discrete count: 24 cookies per batch) and
    `batch_portion` (the share of a batch one unit takes: 0.5 means one unit is half a
    batch, so a batch yields two) is given; both must be greater than zero.
    """

    key: Hashable
    units_needed: Decimal
    items_per_batch: Decimal | None = None
    batch_portion: Decimal | None = None

    def __post_init__(self) -> None:
        record = str(self.key)
        _require_number(self.units_needed, "units_needed", record)
        if self.units_needed < 0:
            raise Invalid(
                f"Units needed of {record} cannot be negative ({self.units_needed})",
                record=record,
                field="units_needed",
            )
        if (self.items_per_batch is None) == (self.batch_portion is None):
            raise Invalid(
                f"{record} needs exactly one of items per batch or batch portion",
                record=record,
                field="items_per_batch",
            )
        for field, value in (
            ("items_per_batch", self.items_per_batch),
            ("batch_portion", self.batch_portion),
        ):
            if value is None:
                continue
            _require_number(value, field, record)
            if value <= 0:
                raise Invalid(
                    f"{field.replace('_', ' ').capitalize()} of {record} must be greater "
                    f"than zero, not {value}",
                    record=record,
                    field=field,
                )

    @property
    def per_batch(self) -> Fraction:
        """Units one whole batch yields, exactly (1 / portion for a portion unit)."""
        if self.items_per_batch is not None:
            return Fraction(self.items_per_batch)
        assert self.batch_portion is not None  # guaranteed by __post_init__
        return 1 / Fraction(self.batch_portion)

    @property
    def exact_fraction(self) -> Fraction:
        """Batches this unit's need takes, as an exact fraction (200 at 24 → 25/3)."""
        return Fraction(self.units_needed) / self.per_batch


@dataclass(frozen=True)
class BatchPlan:
    """A batch count for one recipe with what it leaves over.

    `exact_batches` is the sum of every unit's fraction of a batch (to Decimal
    precision); `batches` is that rounded up once. `leftovers` is defined in
    `leftover_units`.
    """

    batches: int
    exact_batches: Decimal
    leftovers: dict[Hashable, Decimal]

    @property
    def spare_batches(self) -> Decimal:
        """Batch capacity beyond the need, 0 ≤ spare < 1 for a plan from fewest_batches."""
        return self.batches - self.exact_batches


def batch_fraction(need: UnitNeed) -> Decimal:
    """units ÷ items_per_batch, or units × batch_portion: the batches this need takes.

    Rounded to Decimal precision (200 ÷ 24 = 8.333…); sizing uses the exact fraction.
    """
    return _decimal(need.exact_fraction)


def fewest_batches(needs: Sequence[UnitNeed]) -> BatchPlan:
    """Fewest whole batches of ONE recipe covering every unit in `needs`.

    The units' fractions of a batch are added up and rounded up once, never sized from
    one unit alone: 200 cookies at 24 a batch → 9; 72 → 3; 4 half-cakes at 0.5 → 2;
    no need → 0. Fractions are summed exactly (not as rounded Decimals), so three units
    each needing 2/3 of a batch make 2 batches, not 3.
    """
    _refuse_duplicate_keys(needs)
    exact = _exact_total(needs)
    batches = math.ceil(exact)
    return BatchPlan(
        batches=batches,
        exact_batches=_decimal(exact),
        leftovers=leftover_units(batches, needs),
    )


def covers(batches: int, needs: Sequence[UnitNeed]) -> bool:
    """Whether `batches` whole batches make every unit in `needs`."""
    _require_batches(batches)
    return batches >= _exact_total(needs)


def leftover_units(batches: int, needs: Sequence[UnitNeed]) -> dict[Hashable, Decimal]:
    """Units made beyond the need, for every unit in `needs` (0 when none; never negative).

    One unit: batches × per-batch yield − need (9 batches of 24 for 200 → 16).
    Several units of one recipe share the batches, so a batch is not counted for each
    of them: the batches are split between units in proportion to their need, and each
    unit's leftover is its share × its per-batch yield − its need, i.e. need × (batches
    ÷ exact batches − 1). Every unit gets the same relative surplus and the leftovers,
    converted back to batches, add up to the spare capacity. With no need at all the
    batches are split evenly. Values may be fractional where yields do not divide evenly.
    """
    _require_batches(batches)
    _refuse_duplicate_keys(needs)
    exact = _exact_total(needs)
    if exact == 0:
        if not needs:
            return {}
        share = Fraction(batches, len(needs))
        return {need.key: _decimal(share * need.per_batch) for need in needs}
    ratio = Fraction(batches) / exact
    return {
        need.key: _decimal(max(Fraction(need.units_needed) * (ratio - 1), Fraction(0)))
        for need in needs
    }


def shortfall_units(batches: int, needs: Sequence[UnitNeed]) -> dict[Hashable, Decimal]:
    """Units a chosen batch count falls short by, only for units that fall short.

    Empty when `batches` covers the need (8 batches of 24 for 200 cookies → 8 short).
    Like `leftover_units`, several units share the batches in proportion to their need,
    so each unit falls short by the same proportion: need × (1 − batches ÷ exact).
    """
    _require_batches(batches)
    _refuse_duplicate_keys(needs)
    exact = _exact_total(needs)
    if batches >= exact:
        return {}
    ratio = Fraction(batches) / exact
    return {
        need.key: _decimal(Fraction(need.units_needed) * (1 - ratio))
        for need in needs
        if need.units_needed > 0
    }


def _exact_total(needs: Sequence[UnitNeed]) -> Fraction:
    # Exact rationals: Decimal division rounds 2/3 up, and three of them would ceil to 3.
    return sum((need.exact_fraction for need in needs), Fraction(0))


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _require_batches(batches: int) -> None:
    if isinstance(batches, bool) or not isinstance(batches, int) or batches < 0:
        raise Invalid(
            f"Batches must be a whole number of zero or more, not {batches!r}", field="batches"
        )


def _require_number(value: object, field: str, record: str) -> None:
    # Floats carry binary noise into the batch count; NaN and Infinity have no batches.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise Invalid(
            f"{field} of {record} must be a Decimal, not {type(value).__name__}",
            record=record,
            field=field,
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise Invalid(
            f"{field} of {record} must be a finite number, not {value}",
            record=record,
            field=field,
        )


def _refuse_duplicate_keys(needs: Sequence[UnitNeed]) -> None:
    seen: set[Hashable] = set()
    for need in needs:
        if need.key in seen:
            raise Invalid(
                f"{need.key} is listed twice; add its needs together first",
                record=str(need.key),
                field="key",
            )
        seen.add(need.key)
