"""Allergen panels (recipe, good and package pages re-fetch them after an edit), the
"checked, OK" button shown beside a warning on the assignments, the plan and the dashboard,
and the reading of the allergen checkboxes the ingredient, product and recipient forms share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.domain import allergens as rules
from baketracker.errors import Invalid
from baketracker.services import allergens
from baketracker.web.security import safe_next
from baketracker.web.templating import redirect, render, templates

router = APIRouter(prefix="/allergens", include_in_schema=False)
PANEL = "allergens/_panel.html"

# The ingredient form's three answers: nobody has checked it, it contains none of the
# major allergens, or it contains the ticked ones.
STATUSES = ("unknown", "none", "contains")


def picker_groups() -> list[dict[str, Any]]:
    """The standard list as the checkboxes show it: each family in label order, with its
    named members (the cereals, the tree nuts) beside it."""
    return [
        {"code": fam, "name": name,
         "members": [{"code": f"{fam}:{member}", "name": member_name}
                     for member, member_name in rules.NAMED.get(fam, {}).items()]}
        for fam, name in rules.FAMILIES.items()
    ]


# The allergen picker macro (allergens/_macros.html) reads the list from here.
templates.env.globals["allergen_groups"] = picker_groups()
# `codes | allergen_names`: "gluten (wheat), tree nuts (almond, pecan)".
templates.env.filters["allergen_names"] = rules.describe


def status_of(codes: list[str] | None) -> str:
    """The three-way answer of a stored list: None unknown, [] none, else contains."""
    if codes is None:
        return "unknown"
    return "contains" if codes else "none"


def ingredient_choice(
    status: str | None, codes: list[str], *, record: str
) -> tuple[list[str] | None, bool]:
    """The form's answer as `update_ingredient` takes it: (allergens, clear_allergens).

    No status posted (a form without the allergen editor): (None, False), nothing changes.
    A status that contradicts the ticked boxes is Invalid, never guessed at.
    """
    if status is None:
        return None, False
    ticked = [c for c in codes if c.strip()]
    if status == "contains":
        if not ticked:
            raise Invalid(
                f"{record}: allergens: tick what it contains, or choose "
                "“contains none of these”", record=record, field="allergens")
        return ticked, False
    if status in ("none", "unknown"):
        if ticked:
            answer = "contains none of these" if status == "none" else "not checked yet"
            raise Invalid(
                f"{record}: allergens: “{answer}” is chosen but "
                f"{', '.join(_shown(c) for c in ticked)} {'is' if len(ticked) == 1 else 'are'} "
                "ticked; untick them or choose “contains”", record=record, field="allergens")
        return ([], False) if status == "none" else (None, True)
    raise Invalid(
        f"{record}: allergen status must be one of {', '.join(STATUSES)}, not {status!r}",
        record=record, field="allergens")


def _shown(code: str) -> str:
    try:
        return rules.display_name(code)
    except KeyError:
        return repr(code)


def panel(kind: str, ref: str, result: Mapping[str, object]) -> dict[str, object]:
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
