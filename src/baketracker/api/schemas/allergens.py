"""Allergen schemas: the standard list, roll-ups, warnings and the "checked, OK" mark."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class AllergenCodeRead(BaseModel):
    code: str
    name: str
    family: str


class AllergenRollupRead(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: str = Field(description='"contains", "none" or "unknown" (an unchecked ingredient).')
    contains: list[str] = Field(description="Codes, families and named ones.")
    may_contain: list[str]
    unknown: list[str] = Field(description="Slugs of ingredients not yet checked.")
    sources: dict[str, list[list[str]]] = Field(
        description="For each code, the paths of names that bring it."
    )
    label_contains: str
    label_may_contain: str
    explanation: list[str]


class EarlierCheckRead(BaseModel):
    by: str
    at: datetime | None


class AllergenWarningRead(BaseModel):
    model_config = ConfigDict(extra="ignore")

    assignment_id: int
    recipient: str
    recipient_id: int
    package: str
    package_id: int
    conflicts: list[str] = Field(description="Avoided codes the package contains or may contain.")
    unknown: bool
    message: str
    checked_by: str | None = Field(
        description="Who checked the box is OK; null until someone has, or once the box or "
        "the recipient's avoidances changed after the check."
    )
    checked_at: datetime | None
    checked_before: EarlierCheckRead | None = Field(
        None, description="A check that no longer counts: the box or the avoidances changed "
        "since."
    )


class CheckIn(BaseModel):
    checked_by: str = Field(description="Who checked the box is OK for its recipient.")


class CheckRead(BaseModel):
    assignment_id: int
    checked_by: str
    checked_at: datetime


class MayContainIn(BaseModel):
    may_contain: list[str] = Field(description="Allergen codes; [] clears.")


class MayContainRead(BaseModel):
    id: int
    slug: str
    may_contain: list[str]
