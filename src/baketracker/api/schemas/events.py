"""Event schemas: events, package assignments and fulfillment, targets, progress."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from baketracker.api.schemas import Num

Ref = int | str
OutputMode = Literal["BUNDLED", "BULK_COUNT"]
PlanState = Literal["DRAFT", "LOCKED", "IN_PRODUCTION", "COMPLETED"]
Fulfillment = Literal["pending", "ready", "delivered"]


class EventCreate(BaseModel):
    name: str
    event_date: date
    output_mode: OutputMode = "BUNDLED"
    notes: str | None = None


class EventUpdate(BaseModel):
    """Only the fields sent change; an empty `notes` clears them."""

    name: str | None = None
    event_date: date | None = None
    output_mode: OutputMode | None = None
    notes: str | None = None


class EventRead(BaseModel):
    id: int
    name: str
    event_date: date
    year: int
    output_mode: OutputMode
    plan_state: PlanState
    notes: str | None


class EventDetailRead(EventRead):
    production_targets: int
    assembly_targets: int
    assignments: int


class AssignmentCreate(BaseModel):
    recipient: Ref = Field(description="Recipient id (or name, when unique).")
    package: Ref = Field(description="Package id or name.")
    quantity: int = Field(default=1, description="Whole number > 0.")
    notes: str | None = None


class AssignmentUpdate(BaseModel):
    quantity: int | None = None
    notes: str | None = None


class FulfillmentUpdate(BaseModel):
    status: Fulfillment = Field(description="The next status: pending → ready → delivered.")


class AssignmentRead(BaseModel):
    id: int
    event_id: int
    event_name: str
    recipient_id: int
    recipient_name: str
    household: str | None
    package_id: int
    package_name: str
    quantity: int
    fulfillment_status: Fulfillment
    notes: str | None


class ProductionTargetSet(BaseModel):
    target_batches: int = Field(description="Whole batches > 0.")


class AssemblyTargetSet(BaseModel):
    target_quantity: int = Field(description="Whole number > 0.")


class ProductionTargetRead(BaseModel):
    id: int
    event_id: int
    recipe_id: int
    recipe_slug: str
    recipe_name: str
    target_batches: int
    short_confirmed: bool
    recipe_snapshot_id: int | None


class AssemblyTargetRead(BaseModel):
    id: int
    event_id: int
    finished_good_id: int
    finished_good_slug: str
    finished_good_name: str
    target_quantity: int
    finished_good_snapshot_id: int | None


class TargetsRead(BaseModel):
    production: list[ProductionTargetRead]
    assembly: list[AssemblyTargetRead]


class ProductionProgressRead(BaseModel):
    recipe_id: int
    recipe_slug: str
    recipe_name: str
    target_batches: int
    produced_batches: Num
    remaining_batches: Num
    overage_batches: Num
    percent: Num = Field(description="May exceed 100 (5 of 4 batches → 125).")
    met: bool


class AssemblyProgressRead(BaseModel):
    finished_good_id: int
    finished_good_slug: str
    finished_good_name: str
    target_quantity: int
    assembled_quantity: int
    remaining: int
    overage: int
    percent: Num
    met: bool


class OverallProgressRead(BaseModel):
    event_id: int
    event_name: str
    percent: Num = Field(description="Mean of the targets' percentages, each capped at 100.")
    status: Literal["not_started", "in_progress", "complete"]
    targets: int
    targets_met: int


class EventProgressRead(BaseModel):
    production: list[ProductionProgressRead]
    assembly: list[AssemblyProgressRead]
    overall: OverallProgressRead


class PackageNeedRead(BaseModel):
    finished_good_id: int
    finished_good_slug: str
    finished_good_name: str
    quantity: int
    target_quantity: int | None
