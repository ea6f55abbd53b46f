"""JSON API for plans: the summary, batch decisions, targets from packages, finalising,
plan states, amendments and the original-vs-current comparison."""

from __future__ import annotations

from fastapi import APIRouter

from baketracker.api.events import ERRORS
from baketracker.api.schemas.planning import (
    AmendmentCreate,
    AmendmentRead,
    BatchDecision,
    BatchDecisionRead,
    ComparisonLineRead,
    PlanCreate,
    PlanCreatedRead,
    PlanStateRead,
    PlanSummaryRead,
    ShoppingComplete,
    ShoppingCompleteRead,
    TargetFromPackagesRead,
)
from baketracker.db import UnitOfWork
from baketracker.services import amendments, plan_state, planning

router = APIRouter(tags=["planning"])


def _moved(event: str, state: str) -> PlanStateRead:
    return PlanStateRead.model_validate({"event": event, "plan_state": state})


@router.get("/events/{event}/plan", responses=ERRORS)
def get_plan(uow: UnitOfWork, event: str) -> PlanSummaryRead:
    """The whole plan, computed now: demand, batches (each explained), ingredients,
    shopping list and total, assembly feasibility, flags."""
    return PlanSummaryRead.model_validate(planning.get_plan_summary(event, session=uow))


@router.post("/events/{event}/plan", status_code=201, responses=ERRORS)
def create_plan(uow: UnitOfWork, event: str, body: PlanCreate | None = None) -> PlanCreatedRead:
    """Finalise: write proposed batch targets and snapshot every target's definition."""
    force = body.force_recreate if body else False
    return PlanCreatedRead.model_validate(
        planning.create_plan(event, force_recreate=force, session=uow)
    )


@router.post("/events/{event}/plan/batches", responses=ERRORS)
def decide_batches(uow: UnitOfWork, event: str, body: BatchDecision) -> BatchDecisionRead:
    """Decide a recipe's batch count; a count short of the need is 422 unless
    `confirm_short`, and then stays flagged."""
    decided = planning.decide_batches(
        event, body.recipe, body.batches, confirm_short=body.confirm_short, session=uow
    )
    return BatchDecisionRead.model_validate(decided)


@router.post("/events/{event}/plan/targets-from-packages", responses=ERRORS)
def targets_from_packages(uow: UnitOfWork, event: str) -> list[TargetFromPackagesRead]:
    """Set each assembly target to what the packages need (DRAFT); returns the changed."""
    return [
        TargetFromPackagesRead.model_validate(r)
        for r in planning.set_targets_from_packages(event, session=uow)
    ]


@router.post("/events/{event}/plan/shopping-complete", responses=ERRORS)
def shopping_complete(uow: UnitOfWork, event: str, body: ShoppingComplete) -> ShoppingCompleteRead:
    return ShoppingCompleteRead.model_validate(
        planning.mark_shopping_complete(event, body.complete, session=uow)
    )


@router.post("/events/{event}/plan/lock", responses=ERRORS)
def lock_plan(uow: UnitOfWork, event: str) -> PlanStateRead:
    """DRAFT → LOCKED (finalises the plan; unconfirmed short batch counts are refused)."""
    return _moved(event, plan_state.lock_plan(event, session=uow))


@router.post("/events/{event}/plan/start", responses=ERRORS)
def start_production(uow: UnitOfWork, event: str) -> PlanStateRead:
    """LOCKED → IN_PRODUCTION, recording the plan snapshot."""
    return _moved(event, plan_state.start_production(event, session=uow))


@router.post("/events/{event}/plan/complete", responses=ERRORS)
def complete_production(uow: UnitOfWork, event: str) -> PlanStateRead:
    """IN_PRODUCTION → COMPLETED: the event becomes read-only."""
    return _moved(event, plan_state.complete_production(event, session=uow))


@router.get("/events/{event}/plan/compare", responses=ERRORS)
def compare_plan(uow: UnitOfWork, event: str) -> list[ComparisonLineRead]:
    """The plan as production started beside the plan now (422 before production)."""
    return [
        ComparisonLineRead.model_validate(r) for r in amendments.compare_plan(event, session=uow)
    ]


@router.get("/events/{event}/amendments", responses=ERRORS)
def amendment_history(uow: UnitOfWork, event: str) -> list[AmendmentRead]:
    return [
        AmendmentRead.model_validate(r)
        for r in amendments.get_amendment_history(event, session=uow)
    ]


@router.post("/events/{event}/amendments", status_code=201, responses=ERRORS)
def create_amendment(uow: UnitOfWork, event: str, body: AmendmentCreate) -> AmendmentRead:
    """Change a plan in production (409 in any other state), with a non-blank reason."""
    row = amendments.create_amendment(
        event, body.amendment_type, body.data, body.reason, session=uow
    )
    return AmendmentRead.model_validate(row)
