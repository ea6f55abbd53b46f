"""Activity trail and account schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ActivityRead(BaseModel):
    at: datetime
    user: str | None = Field(description="Who did it; null for the machine's own user (CLI).")
    kind: str
    action: str
    summary: str
    event: str | None


class MeRead(BaseModel):
    """The account the request acts as; null name and role when no account exists yet."""

    name: str | None
    role: str | None
    may: list[str] = Field(description="The actions this role may take.")
