"""JSON API for allergens: the standard list, roll-ups of recipes, goods and packages, an
event's warnings, the "checked, OK" mark, and a product's "may contain"."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from baketracker.api.schemas import RowId
from baketracker.api.schemas.allergens import (
    AllergenCodeRead,
    AllergenRollupRead,
    AllergenWarningRead,
    CheckIn,
    CheckRead,
    MayContainIn,
    MayContainRead,
)
from baketracker.db import UnitOfWork
from baketracker.services import allergens

router = APIRouter()
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found"},
    409: {"description": "Conflict"},
    422: {"description": "Invalid input; `field` names the field"},
}
TAGS: list[str | Any] = ["allergens"]


@router.get("/allergens", tags=TAGS)
def list_codes() -> list[AllergenCodeRead]:
    """The major allergens (EU 14 and US 9, merged), with named cereals and nuts."""
    return [AllergenCodeRead.model_validate(c) for c in allergens.codes()]


@router.get("/recipes/{ref}/allergens", tags=TAGS, responses=ERRORS)
def recipe_allergens(uow: UnitOfWork, ref: str) -> AllergenRollupRead:
    """The union over the recipe's lines and sub-recipes, with where each comes from."""
    return AllergenRollupRead.model_validate(allergens.for_recipe(ref, session=uow))


@router.get("/finished-goods/{ref}/allergens", tags=TAGS, responses=ERRORS)
def good_allergens(uow: UnitOfWork, ref: str) -> AllergenRollupRead:
    return AllergenRollupRead.model_validate(allergens.for_good(ref, session=uow))


@router.get("/packages/{ref}/allergens", tags=TAGS, responses=ERRORS)
def package_allergens(uow: UnitOfWork, ref: str) -> AllergenRollupRead:
    return AllergenRollupRead.model_validate(allergens.for_package(ref, session=uow))


@router.get("/events/{event}/allergen-warnings", tags=TAGS, responses=ERRORS)
def event_warnings(uow: UnitOfWork, event: str) -> list[AllergenWarningRead]:
    """Boxes that bring what their recipient avoids, or hold an unchecked ingredient."""
    return [
        AllergenWarningRead.model_validate(w)
        for w in allergens.warnings_for_event(event, session=uow)
    ]


@router.post("/assignments/{assignment_id}/allergens-checked", tags=TAGS, responses=ERRORS)
def mark_checked(uow: UnitOfWork, assignment_id: RowId, body: CheckIn) -> CheckRead:
    """Record that `checked_by` looked at this box's allergen warning and it is OK."""
    return CheckRead.model_validate(
        allergens.mark_checked(assignment_id, by=body.checked_by, session=uow)
    )


@router.put("/products/{ref}/may-contain", tags=TAGS, responses=ERRORS)
def set_may_contain(uow: UnitOfWork, ref: str, body: MayContainIn) -> MayContainRead:
    return MayContainRead.model_validate(
        allergens.set_may_contain(ref, body.may_contain, session=uow)
    )
