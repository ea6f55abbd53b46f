"""JSON API for events: events, package assignments and fulfillment, targets, progress."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from baketracker.api.schemas import RowId
from baketracker.api.schemas.events import (
    AssemblyTargetRead,
    AssemblyTargetSet,
    AssignmentCreate,
    AssignmentRead,
    AssignmentUpdate,
    EventCreate,
    EventDetailRead,
    EventProgressRead,
    EventRead,
    EventUpdate,
    Fulfillment,
    FulfillmentUpdate,
    PackageNeedRead,
    ProductionTargetRead,
    ProductionTargetSet,
    TargetsRead,
)
from baketracker.db import UnitOfWork
from baketracker.services import events

router = APIRouter(tags=["events"])
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found"},
    409: {"description": "Conflict, or not allowed in the event's plan state"},
    422: {"description": "Invalid input; `field` names the field"},
}


@router.get("/events")
def list_events(
    uow: UnitOfWork, year: Annotated[int | None, Query(ge=1, le=9999)] = None
) -> list[EventRead]:
    """Events by date, earliest first; optionally one year's."""
    return [EventRead.model_validate(r) for r in events.list_events(year=year, session=uow)]


@router.post("/events", status_code=201, responses=ERRORS)
def create_event(uow: UnitOfWork, body: EventCreate) -> EventRead:
    data = body.model_dump()
    return EventRead.model_validate(events.create_event(data.pop("name"), **data, session=uow))


@router.get("/events/{event}", responses=ERRORS)
def get_event(uow: UnitOfWork, event: str) -> EventDetailRead:
    """An event by id or name, with its target and assignment counts."""
    return EventDetailRead.model_validate(events.get_event(event, session=uow))


@router.patch("/events/{event}", responses=ERRORS)
def update_event(uow: UnitOfWork, event: str, body: EventUpdate) -> EventRead:
    return EventRead.model_validate(
        events.update_event(event, **body.model_dump(exclude_unset=True), session=uow)
    )


@router.delete("/events/{event}", status_code=204, responses=ERRORS)
def delete_event(uow: UnitOfWork, event: str) -> Response:
    """Refused (409) while production or assembly runs are recorded for the event."""
    events.delete_event(event, session=uow)
    return Response(status_code=204)


# --- assignments -----------------------------------------------------------------------


@router.get("/events/{event}/assignments", responses=ERRORS)
def list_assignments(
    uow: UnitOfWork, event: str, status: Fulfillment | None = None
) -> list[AssignmentRead]:
    return [
        AssignmentRead.model_validate(r)
        for r in events.list_assignments(event, status=status, session=uow)
    ]


@router.post("/events/{event}/assignments", status_code=201, responses=ERRORS)
def assign_package(uow: UnitOfWork, event: str, body: AssignmentCreate) -> AssignmentRead:
    made = events.assign_package(
        event, body.recipient, body.package, body.quantity, notes=body.notes, session=uow
    )
    return AssignmentRead.model_validate(made)


@router.patch("/assignments/{assignment_id}", responses=ERRORS)
def update_assignment(
    uow: UnitOfWork, assignment_id: RowId, body: AssignmentUpdate
) -> AssignmentRead:
    saved = events.update_assignment(
        assignment_id, **body.model_dump(exclude_unset=True), session=uow
    )
    return AssignmentRead.model_validate(saved)


@router.delete("/assignments/{assignment_id}", status_code=204, responses=ERRORS)
def remove_assignment(uow: UnitOfWork, assignment_id: RowId) -> Response:
    events.remove_assignment(assignment_id, session=uow)
    return Response(status_code=204)


@router.post("/assignments/{assignment_id}/advance", responses=ERRORS)
def advance_fulfillment(uow: UnitOfWork, assignment_id: RowId) -> AssignmentRead:
    """One step on: pending → ready → delivered (409 once delivered)."""
    return AssignmentRead.model_validate(events.advance_fulfillment(assignment_id, session=uow))


@router.put("/assignments/{assignment_id}/fulfillment", responses=ERRORS)
def update_fulfillment(
    uow: UnitOfWork, assignment_id: RowId, body: FulfillmentUpdate
) -> AssignmentRead:
    """Set the next status; a skip, a step back or a repeat is refused (409)."""
    moved = events.update_fulfillment_status(assignment_id, body.status, session=uow)
    return AssignmentRead.model_validate(moved)


# --- targets and progress --------------------------------------------------------------


@router.get("/events/{event}/targets", responses=ERRORS)
def get_targets(uow: UnitOfWork, event: str) -> TargetsRead:
    return TargetsRead(
        production=[
            ProductionTargetRead.model_validate(r)
            for r in events.get_production_targets(event, session=uow)
        ],
        assembly=[
            AssemblyTargetRead.model_validate(r)
            for r in events.get_assembly_targets(event, session=uow)
        ],
    )


@router.put("/events/{event}/production-targets/{recipe}", responses=ERRORS)
def set_production_target(
    uow: UnitOfWork, event: str, recipe: str, body: ProductionTargetSet
) -> ProductionTargetRead:
    """Commit to batches of a recipe (adding needs DRAFT; changing DRAFT or LOCKED)."""
    saved = events.set_production_target(event, recipe, body.target_batches, session=uow)
    return ProductionTargetRead.model_validate(saved)


@router.delete("/events/{event}/production-targets/{recipe}", status_code=204, responses=ERRORS)
def delete_production_target(uow: UnitOfWork, event: str, recipe: str) -> Response:
    events.delete_production_target(event, recipe, session=uow)
    return Response(status_code=204)


@router.put("/events/{event}/assembly-targets/{finished_good}", responses=ERRORS)
def set_assembly_target(
    uow: UnitOfWork, event: str, finished_good: str, body: AssemblyTargetSet
) -> AssemblyTargetRead:
    saved = events.set_assembly_target(event, finished_good, body.target_quantity, session=uow)
    return AssemblyTargetRead.model_validate(saved)


@router.delete(
    "/events/{event}/assembly-targets/{finished_good}", status_code=204, responses=ERRORS
)
def delete_assembly_target(uow: UnitOfWork, event: str, finished_good: str) -> Response:
    events.delete_assembly_target(event, finished_good, session=uow)
    return Response(status_code=204)


@router.get("/events/{event}/progress", responses=ERRORS)
def get_progress(uow: UnitOfWork, event: str) -> EventProgressRead:
    """Production, assembly and overall progress; percentages may exceed 100."""
    return EventProgressRead.model_validate(events.get_event_progress(event, session=uow))


@router.get("/events/{event}/package-needs", responses=ERRORS)
def package_needs(uow: UnitOfWork, event: str) -> list[PackageNeedRead]:
    """What the recipients' packages imply per finished good, beside its target."""
    return [PackageNeedRead.model_validate(r) for r in events.package_needs(event, session=uow)]
