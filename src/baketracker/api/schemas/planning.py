"""Planning schemas: the plan summary, batch decisions, plan states, amendments, comparison."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from baketracker.api.schemas import Num
from baketracker.api.schemas.events import PlanState

Ref = int | str
Kind = Literal["ingredient", "material"]


class PlanEventRead(BaseModel):
    id: int
    name: str
    event_date: date
    plan_state: PlanState


class DemandRead(BaseModel):
    finished_good_id: int
    finished_good_slug: str
    finished_good_name: str
    target_quantity: int
    package_quantity: int = Field(description="What the recipients' packages need.")
    packages: dict[str, int]
    assembled: int
    remaining: int
    below_packages: bool


class DriverRead(BaseModel):
    finished_good_slug: str
    finished_good_name: str
    target_quantity: int
    units: Num


class BatchUnitRead(BaseModel):
    finished_unit_slug: str
    finished_unit_name: str
    needed: Num
    yield_per_batch: Num
    leftover: Num
    shortfall: Num
    drivers: list[DriverRead]


class BatchRead(BaseModel):
    recipe_id: int
    recipe_slug: str
    recipe_name: str
    units_needed: Num
    yield_per_batch: Num | None = Field(description="None when the recipe makes several units.")
    batches: int
    proposed_batches: int
    exact_batches: Num
    decided: bool
    leftover_units: Num
    short: bool
    short_confirmed: bool
    produced_batches: Num
    remaining_batches: Num
    from_snapshot: bool
    units: list[BatchUnitRead]
    explanation: str


class NeedDisplayRead(BaseModel):
    needed: str
    on_hand: str | None
    to_buy: str | None


class NeedDriverRead(BaseModel):
    recipe_slug: str | None = None
    recipe_name: str | None = None
    finished_good_slug: str | None = None
    finished_good_name: str | None = None
    quantity: Num


class NeedRead(BaseModel):
    kind: Kind
    slug: str
    name: str
    display: NeedDisplayRead
    needed: Num
    on_hand: Num | None
    to_buy: Num | None
    unit: str
    flag: str | None
    drivers: list[NeedDriverRead]
    explanation: str


class ShoppingLineRead(BaseModel):
    kind: Kind
    ingredient_slug: str | None
    material_slug: str | None
    name: str
    to_buy: Num
    to_buy_display: str
    unit: str
    product_slug: str | None
    product_name: str | None
    package_size: str | None
    packages: int | None
    price_per_package: Num | None
    estimated_cost: Num | None
    flag: str | None


class FeasibilityRead(BaseModel):
    finished_good_slug: str
    finished_good_name: str
    needed: int
    can_assemble: int
    limiting: list[str]


class PlanSummaryRead(BaseModel):
    event: PlanEventRead
    demand: list[DemandRead]
    batch_requirements: list[BatchRead]
    ingredients: list[NeedRead]
    materials: list[NeedRead]
    shopping_list: list[ShoppingLineRead]
    shopping_total: Num
    feasibility: list[FeasibilityRead]
    flags: list[str]


class PlanCreate(BaseModel):
    force_recreate: bool = Field(default=False, description="Snapshot every target again.")


class PlanCreatedRead(BaseModel):
    success: bool
    planning_snapshot_id: int
    recipe_snapshots_created: int
    finished_good_snapshots_created: int
    production_targets_created: int


class BatchDecision(BaseModel):
    recipe: Ref = Field(description="Recipe id or slug.")
    batches: int = Field(description="Whole batches > 0.")
    confirm_short: bool = Field(default=False,
                                description="Keep a count below the need (stays flagged).")


class BatchDecisionRead(BaseModel):
    recipe_slug: str
    target_batches: int
    needed_batches: int
    short: bool
    short_confirmed: bool


class TargetFromPackagesRead(BaseModel):
    finished_good_slug: str
    finished_good_name: str
    target_quantity: int


class PlanStateRead(BaseModel):
    event: str
    plan_state: PlanState


class ShoppingComplete(BaseModel):
    complete: bool = True


class ShoppingCompleteRead(BaseModel):
    planning_snapshot_id: int
    shopping_complete: bool


class AmendmentCreate(BaseModel):
    amendment_type: Literal["DROP_FG", "ADD_FG", "MODIFY_BATCH"]
    data: dict[str, Any] = Field(description=(
        "DROP_FG {fg_id}; ADD_FG {fg_id, new_quantity}; MODIFY_BATCH {recipe_id, new_batches, "
        "old_batches?}. Ids or slugs."))
    reason: str = Field(description="Why the plan changes (required, not blank).")


class AmendmentRead(BaseModel):
    id: int
    event_id: int
    amendment_type: str
    data: dict[str, Any]
    reason: str
    created_at: datetime


class ComparisonLineRead(BaseModel):
    kind: Literal["finished_good", "batches"]
    id: int
    slug: str | None
    name: str
    original: int | None
    current: int | None
    status: Literal["unchanged", "modified", "added", "dropped"]
