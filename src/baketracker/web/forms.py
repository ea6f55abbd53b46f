"""Reading form text into service arguments, with errors pinned to the form's own fields."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from baketracker.db import UnitOfWork
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


@contextmanager
def attempt(uow: UnitOfWork) -> Iterator[None]:
    """A write the services may refuse. A refusal undoes what it wrote (a savepoint) and
    leaves the request's unit of work usable, so the form is re-rendered from what is stored;
    what succeeds is committed with the request."""
    with uow.begin_nested():
        yield
