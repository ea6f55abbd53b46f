"""Recipient schemas."""

from __future__ import annotations

from pydantic import BaseModel, Field

AVOIDS = (
    "Allergen codes the recipient must not get (\"milk\", \"tree_nuts\"; a family covers "
    "its members)."
)


class RecipientCreate(BaseModel):
    name: str
    household: str | None = None
    address: str | None = None
    notes: str | None = None
    dietary_notes: str | None = None
    avoids: list[str] = Field(default_factory=list, description=AVOIDS)


class RecipientUpdate(BaseModel):
    """Only the fields sent change; an empty string clears an optional one."""

    name: str | None = None
    household: str | None = None
    address: str | None = None
    notes: str | None = None
    dietary_notes: str | None = None
    avoids: list[str] | None = Field(default=None, description=AVOIDS + " Replaces the list.")


class RecipientRead(BaseModel):
    id: int
    name: str
    household: str | None
    address: str | None
    notes: str | None
    dietary_notes: str | None
    avoids: list[str]
