"""Finished goods and packages: bundles with their lines, what goods explode to, costs."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from baketracker.api.schemas import Num
from baketracker.api.schemas.recipes import Amount, CostRead

Ref = int | str


class PartIn(BaseModel):
    """Exactly one of finished_unit, finished_good, material (id or slug)."""

    finished_unit: Ref | None = None
    finished_good: Ref | None = None
    material: Ref | None = None
    quantity: Amount = Field(default=Decimal(1), description="Whole for units and goods.")


class FinishedGoodCreate(BaseModel):
    name: str
    slug: str | None = None
    notes: str | None = None
    components: list[PartIn] = []


class CompositionLineRead(BaseModel):
    type: str = Field(description="finished_unit, finished_good or material")
    id: int
    slug: str
    name: str
    quantity: Num
    unit: str


class FinishedGoodRead(BaseModel):
    id: int
    slug: str
    name: str
    kind: str
    on_hand: int
    notes: str | None
    components: list[CompositionLineRead]


class ExplodedUnitRead(BaseModel):
    id: int
    slug: str
    name: str
    recipe_id: int
    recipe_slug: str
    quantity: Num


class ExplodedMaterialRead(BaseModel):
    id: int
    slug: str
    name: str
    quantity: Num
    unit: str


class FinishedGoodDetailRead(FinishedGoodRead):
    finished_units: list[ExplodedUnitRead]
    materials: list[ExplodedMaterialRead]


class ExplodedRead(BaseModel):
    finished_good_slug: str
    quantity: Num
    finished_units: list[ExplodedUnitRead]
    materials: list[ExplodedMaterialRead]


class CostUnitRead(ExplodedUnitRead):
    batches: Num


class FinishedGoodCostRead(CostRead):
    finished_good_slug: str
    quantity: Num
    finished_units: list[CostUnitRead]
    per_good_cost: Num


class PackageLineIn(BaseModel):
    finished_good: Ref
    quantity: Amount = Decimal(1)


class PackageCreate(BaseModel):
    name: str
    notes: str | None = None
    contents: list[PackageLineIn] = []


class PackageContentRead(BaseModel):
    finished_good_id: int
    finished_good_slug: str
    finished_good_name: str
    quantity: int


class PackageRead(BaseModel):
    id: int
    name: str
    notes: str | None
    contents: list[PackageContentRead]
    finished_units: list[ExplodedUnitRead]
    materials: list[ExplodedMaterialRead]
