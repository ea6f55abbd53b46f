"""Recipient schemas."""

from __future__ import annotations

from pydantic import BaseModel


class RecipientCreate(BaseModel):
    name: str
    household: str | None = None
    address: str | None = None
    notes: str | None = None
    dietary_notes: str | None = None


class RecipientUpdate(BaseModel):
    """Only the fields sent change; an empty string clears an optional one."""

    name: str | None = None
    household: str | None = None
    address: str | None = None
    notes: str | None = None
    dietary_notes: str | None = None


class RecipientRead(BaseModel):
    id: int
    name: str
    household: str | None
    address: str | None
    notes: str | None
    dietary_notes: str | None
