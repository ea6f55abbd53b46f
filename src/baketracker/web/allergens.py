"""Allergen panels (recipe, good and package pages re-fetch them after an edit) and the
"checked, OK" button shown beside a warning on the assignments, the plan and the dashboard."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import Invalid
from baketracker.services import allergens
from baketracker.web.security import safe_next
from baketracker.web.templating import redirect, render

router = APIRouter(prefix="/allergens", include_in_schema=False)
PANEL = "allergens/_panel.html"


def panel(kind: str, ref: str, result: dict[str, object]) -> dict[str, object]:
    """The context of a roll-up panel that re-fetches itself when its page changes."""
    triggers = {"recipes": "recipeChanged", "goods": "goodChanged", "packages": "packageChanged"}
    return {"allergens": result, "panel_id": "allergens",
            "refresh_url": f"/allergens/{kind}/{ref}", "trigger": triggers[kind]}


@router.get("/recipes/{slug}")
def recipe_panel(request: Request, uow: UnitOfWork, slug: str) -> Response:
    return render(request, PANEL, panel("recipes", slug, allergens.for_recipe(slug, session=uow)))


@router.get("/goods/{slug}")
def good_panel(request: Request, uow: UnitOfWork, slug: str) -> Response:
    return render(request, PANEL, panel("goods", slug, allergens.for_good(slug, session=uow)))


@router.get("/packages/{package_id}")
def package_panel(request: Request, uow: UnitOfWork, package_id: int) -> Response:
    result = allergens.for_package(package_id, session=uow)
    return render(request, PANEL, panel("packages", str(package_id), result))


@router.post("/assignments/{assignment_id}/checked")
def mark_checked(
    request: Request,
    uow: UnitOfWork,
    assignment_id: int,
    checked_by: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Record who checked the box; back to the page the button was on, with a message."""
    back = safe_next(next)
    try:
        saved = allergens.mark_checked(assignment_id, by=checked_by, session=uow)
    except Invalid as exc:
        return redirect(request, back, flash=exc.message)
    return redirect(request, back, flash=f"Allergens checked, OK: {saved['checked_by']}")
