"""Low stock: which items are running out, measured in packages of the product one buys.

A threshold in packages needs no unit, so flour (g), vanilla (ml) and boxes (each) share
one. Pure rules; the service gathers products and stock and calls these.
"""

from __future__ import annotations

from decimal import Decimal


def threshold(packages: Decimal, per_package: Decimal) -> Decimal:
    """How much stock `packages` packages of `per_package` (base unit) make."""
    return packages * per_package


def is_low(on_hand: Decimal, limit: Decimal) -> bool:
    """No stock at all is always low; otherwise low below `limit`."""
    return on_hand <= 0 or on_hand < limit


def share(on_hand: Decimal, limit: Decimal) -> Decimal:
    """How much of `limit` is still on hand (0 when the limit is 0)."""
    return on_hand / limit if limit else Decimal(0)


def urgency(on_hand: Decimal, limit: Decimal, name: str) -> tuple[bool, Decimal, str]:
    """Sort key: items with no stock first, then the smallest share left, then by name."""
    return (on_hand > 0, share(on_hand, limit), name.lower())
