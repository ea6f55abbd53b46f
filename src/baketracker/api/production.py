"""JSON API for what was made: production runs and assembly runs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from baketracker.api.events import ERRORS
from baketracker.api.schemas.production import (
    AssemblyRunCreate,
    AssemblyRunRead,
    AssemblyRunResult,
    ProductionRunCreate,
    ProductionRunRead,
    ProductionRunResult,
)
from baketracker.db import UnitOfWork
from baketracker.services import assembly, production

router = APIRouter(tags=["production"])
RUN_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    409: {"description": "Not enough stock (`shortfalls` lists each), or a completed event"},
}


@router.post("/production-runs", status_code=201, responses=RUN_ERRORS)
def record_production(uow: UnitOfWork, body: ProductionRunCreate) -> ProductionRunResult:
    """Bake batches of a recipe: ingredients drawn FIFO, the yield added to stock."""
    data = body.model_dump()
    result = production.record_batch_production(
        data.pop("recipe"), data.pop("num_batches"), **data, session=uow
    )
    return ProductionRunResult.model_validate(result)


@router.get("/production-runs", responses=RUN_ERRORS)
def list_production_runs(
    uow: UnitOfWork, event: str | None = None, recipe: str | None = None
) -> list[ProductionRunRead]:
    """Newest first; optionally one event's or one recipe's."""
    return [
        ProductionRunRead.model_validate(r)
        for r in production.list_production_runs(event=event, recipe=recipe, session=uow)
    ]


@router.post("/assembly-runs", status_code=201, responses=RUN_ERRORS)
def record_assembly(uow: UnitOfWork, body: AssemblyRunCreate) -> AssemblyRunResult:
    """Assemble finished goods from on-hand units, goods and materials."""
    data = body.model_dump()
    result = assembly.record_assembly(
        data.pop("finished_good"), data.pop("quantity"), **data, session=uow
    )
    return AssemblyRunResult.model_validate(result)


@router.get("/assembly-runs", responses=RUN_ERRORS)
def list_assembly_runs(uow: UnitOfWork, event: str | None = None) -> list[AssemblyRunRead]:
    return [
        AssemblyRunRead.model_validate(r)
        for r in assembly.list_assembly_runs(event=event, session=uow)
    ]
