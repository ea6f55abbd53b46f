"""Production and assembly run schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from baketracker.api.schemas import Num

Ref = int | str


class ProductionRunCreate(BaseModel):
    recipe: Ref = Field(description="Recipe id or slug.")
    num_batches: Num = Field(description="Batches baked (> 0; halves allowed).")
    finished_unit: Ref | None = Field(default=None,
                                      description="Needed when the recipe makes several.")
    actual_yield: int | None = Field(default=None, description="Default: as expected.")
    loss_category: str | None = Field(
        default=None, description="burnt, broken, contaminated, dropped, wrong_ingredients, other.")
    loss_notes: str | None = None
    event: Ref | None = Field(default=None, description="Event id or name; none: standalone.")
    notes: str | None = None


class ProductionRunResult(BaseModel):
    production_run_id: int
    recipe_snapshot_id: int
    snapshot_reused: bool
    recipe_slug: str
    finished_unit_slug: str
    event_id: int | None
    batches: Num
    expected_yield: int
    actual_yield: int
    loss_quantity: int
    loss_category: str | None
    total_cost: Num
    per_unit_cost: Num | None
    on_hand: int


class ProductionRunRead(BaseModel):
    id: int
    recipe_slug: str
    recipe_name: str
    finished_unit_slug: str
    event_id: int | None
    batches: Num
    expected_yield: int
    actual_yield: int
    loss_quantity: int
    loss_category: str | None
    total_cost: Num
    per_unit_cost: Num | None
    produced_at: datetime
    recipe_snapshot_id: int


class AssemblyRunCreate(BaseModel):
    finished_good: Ref = Field(description="Finished good id or slug.")
    quantity: int = Field(default=1, description="Whole number > 0.")
    event: Ref | None = Field(default=None, description="Event id or name; none: standalone.")
    notes: str | None = None


class AssemblyRunResult(BaseModel):
    assembly_run_id: int
    finished_good_snapshot_id: int
    snapshot_reused: bool
    finished_good_slug: str
    event_id: int | None
    quantity: int
    total_cost: Num
    per_unit_cost: Num
    on_hand: int


class AssemblyRunRead(BaseModel):
    id: int
    finished_good_slug: str
    finished_good_name: str
    event_id: int | None
    quantity: int
    total_cost: Num
    per_unit_cost: Num
    assembled_at: datetime
    finished_good_snapshot_id: int
