"""Reading form text into service arguments, with errors pinned to the form's own fields."""

from __future__ import annotations

from decimal import Decimal

from baketracker.domain import units
from baketracker.errors import Invalid

# Service field names → the product forms' single "size" field.
SIZE_FIELDS = {"package_quantity": "size", "package_unit": "size"}


def amount(text: str, *, field: str, label: str) -> tuple[Decimal, str]:
    """'5 lb' → (5, 'lb'); an unreadable amount is Invalid on `field`."""
    try:
        return units.parse_amount(text)
    except Invalid as exc:
        raise Invalid(f"{label}: {exc.message}", field=field) from None


def package_size(text: str) -> tuple[Decimal, str]:
    return amount(text, field="size", label="Package size")
