"""JSON API for finished goods (bare and bundles), what they explode to, their estimated
cost, and packages (gift-box templates)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter

from baketracker.api.schemas.goods import (
    ExplodedRead,
    FinishedGoodCostRead,
    FinishedGoodCreate,
    FinishedGoodDetailRead,
    FinishedGoodRead,
    PackageCreate,
    PackageLineIn,
    PackageRead,
    PartIn,
)
from baketracker.db import UnitOfWork
from baketracker.services import costing, goods

router = APIRouter()
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found"},
    409: {"description": "Conflict"},
    422: {"description": "Invalid input; `field` names the field"},
}
GOODS: list[str | Any] = ["finished goods"]
PACKAGES: list[str | Any] = ["packages"]
PartType = Literal["finished_unit", "finished_good", "material"]


def _part(body: PartIn) -> dict[str, Any]:
    return body.model_dump()


@router.get("/finished-goods", tags=GOODS, responses=ERRORS)
def list_finished_goods(
    uow: UnitOfWork, search: str | None = None, kind: str | None = None
) -> list[FinishedGoodRead]:
    """Bare goods (one finished unit each) and bundles; `kind` BARE or BUNDLE."""
    return [
        FinishedGoodRead.model_validate(g)
        for g in goods.list_finished_goods(search=search, kind=kind, session=uow)
    ]


@router.post("/finished-goods", status_code=201, tags=GOODS, responses=ERRORS)
def create_finished_good(uow: UnitOfWork, body: FinishedGoodCreate) -> FinishedGoodRead:
    """A bundle; each component names exactly one part and a quantity (the same part twice
    is one line with the sum). Cycles and nesting deeper than 5 are 422 naming the path."""
    created = goods.create_finished_good(
        body.name,
        components=[_part(c) for c in body.components],
        slug=body.slug,
        notes=body.notes,
        session=uow,
    )
    return FinishedGoodRead.model_validate(created)


@router.get("/finished-goods/{ref}", tags=GOODS, responses=ERRORS)
def get_finished_good(uow: UnitOfWork, ref: str) -> FinishedGoodDetailRead:
    """The good with its lines and what one of it explodes to."""
    return FinishedGoodDetailRead.model_validate(goods.get_finished_good(ref, session=uow))


@router.post("/finished-goods/{ref}/components", status_code=201, tags=GOODS, responses=ERRORS)
def add_component(uow: UnitOfWork, ref: str, body: PartIn) -> FinishedGoodRead:
    """Add a line to a bundle (or add to the quantity of a part already listed)."""
    return FinishedGoodRead.model_validate(goods.add_component(ref, _part(body), session=uow))


@router.delete("/finished-goods/{ref}/components/{part_type}/{part}", tags=GOODS, responses=ERRORS)
def remove_component(uow: UnitOfWork, ref: str, part_type: PartType, part: str) -> FinishedGoodRead:
    return FinishedGoodRead.model_validate(
        goods.remove_component(ref, {part_type: part}, session=uow)
    )


@router.get("/finished-goods/{ref}/exploded", tags=GOODS, responses=ERRORS)
def explode_finished_good(uow: UnitOfWork, ref: str, quantity: str = "1") -> ExplodedRead:
    """Finished units and materials that `quantity` goods need, nested goods multiplied."""
    return ExplodedRead.model_validate(goods.explode_finished_good(ref, quantity, session=uow))


@router.get("/finished-goods/{ref}/cost", tags=GOODS, responses=ERRORS)
def finished_good_cost(uow: UnitOfWork, ref: str, quantity: str = "1") -> FinishedGoodCostRead:
    """Estimated cost of `quantity` goods: their units' share of batches plus packaging."""
    return FinishedGoodCostRead.model_validate(
        costing.estimate_finished_good_cost(ref, quantity, session=uow)
    )


@router.get("/packages", tags=PACKAGES)
def list_packages(uow: UnitOfWork) -> list[PackageRead]:
    return [PackageRead.model_validate(p) for p in goods.list_packages(session=uow)]


@router.post("/packages", status_code=201, tags=PACKAGES, responses=ERRORS)
def create_package(uow: UnitOfWork, body: PackageCreate) -> PackageRead:
    """A gift-box template: finished goods × whole quantities. 409 if the name is taken."""
    created = goods.create_package(
        body.name,
        contents=[(c.finished_good, c.quantity) for c in body.contents],
        notes=body.notes,
        session=uow,
    )
    return PackageRead.model_validate(created)


@router.get("/packages/{ref}", tags=PACKAGES, responses=ERRORS)
def get_package(uow: UnitOfWork, ref: str) -> PackageRead:
    """By id or name, with what one box explodes to."""
    return PackageRead.model_validate(goods.get_package(ref, session=uow))


@router.post("/packages/{ref}/contents", status_code=201, tags=PACKAGES, responses=ERRORS)
def add_to_package(uow: UnitOfWork, ref: str, body: PackageLineIn) -> PackageRead:
    """Put more of a finished good in the box."""
    return PackageRead.model_validate(
        goods.add_to_package(ref, body.finished_good, body.quantity, session=uow)
    )


@router.delete("/packages/{ref}/contents/{finished_good}", tags=PACKAGES, responses=ERRORS)
def remove_from_package(uow: UnitOfWork, ref: str, finished_good: str) -> PackageRead:
    return PackageRead.model_validate(goods.remove_from_package(ref, finished_good, session=uow))
