"""The Targets tab: batches per recipe and goods per finished good, with progress against them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.domain.plan_states import Edit
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.services import events, goods, recipes
from baketracker.web.events.view import (
    bar,
    event_base,
    refusal,
    refuse_tab,
    show_tab,
    tab_done,
)
from baketracker.web.forms import attempt

router = APIRouter(prefix="/events")
TAB = "targets"
BLANK = {"production": {"recipe": "", "target_batches": ""},
         "assembly": {"finished_good": "", "target_quantity": ""}}


def targets_context(uow: UnitOfWork, event_id: int) -> dict[str, Any]:
    base = event_base(uow, event_id)
    production = events.get_production_progress(event_id, session=uow)
    assembly = events.get_assembly_progress(event_id, session=uow)
    recipe_rows = recipes.list_recipes(session=uow)
    good_rows = goods.list_finished_goods(session=uow)
    event = base["event"]
    planned_recipes = {r["recipe_slug"] for r in production}
    planned_goods = {r["finished_good_slug"] for r in assembly}
    return {
        **base,
        "production": [{**r, "bar": bar(r["percent"])} for r in production],
        "assembly": [{**r, "bar": bar(r["percent"])} for r in assembly],
        "recipe_options": [(r["slug"], r["name"]) for r in recipe_rows
                           if r["slug"] not in planned_recipes and r["finished_units"]],
        "good_options": [(g["slug"], g["name"]) for g in good_rows
                         if g["slug"] not in planned_goods],
        "blocked": {
            "add_production": refusal(event, Edit.ADD_PRODUCTION_TARGET),
            "change_batches": refusal(event, Edit.CHANGE_BATCH_COUNT),
            "remove_production": refusal(event, Edit.REMOVE_PRODUCTION_TARGET),
            "add_assembly": refusal(event, Edit.ADD_ASSEMBLY_TARGET),
            "change_assembly": refusal(event, Edit.CHANGE_ASSEMBLY_TARGET),
            "remove_assembly": refusal(event, Edit.REMOVE_ASSEMBLY_TARGET),
        },
        "forms": BLANK,
        "failed": None,
        "edit": None,
    }


@router.get("/{event_id}/targets")
def targets_tab(request: Request, uow: UnitOfWork, event_id: int) -> Response:
    return show_tab(request, TAB, targets_context(uow, event_id))


def _refused(
    uow: UnitOfWork,
    request: Request,
    event_id: int,
    kind: str,
    form: dict[str, str],
    row: bool,
    exc: BakeTrackerError,
) -> Response:
    """The tab with the refusal: an add form keeps what was typed, an edited row its value."""
    extra: dict[str, Any]
    if row:
        value = next(v for k, v in form.items() if k.startswith("target_"))
        key = form.get("recipe") or form.get("finished_good")
        extra = {"failed": "row", "edit": {"kind": kind, "slug": key, "value": value}}
    else:
        extra = {"failed": kind, "forms": {**BLANK, kind: form}}
    return refuse_tab(request, TAB, targets_context(uow, event_id), exc, **extra)


def _changed(
    request: Request, uow: UnitOfWork, event_id: int, message: str, changed: dict[str, str]
) -> Response:
    """The tab again after a target changed; `changed` names it for the `targetsChanged` event."""
    return tab_done(request, event_id, TAB, targets_context(uow, event_id), message=message,
                    trigger={"targetsChanged": changed})


def _removed(
    request: Request, uow: UnitOfWork, event_id: int, kind: str, changed: dict[str, str],
    remove: Callable[[], object],
) -> Response:
    """Remove a production or assembly target; a refusal is shown on the tab."""
    try:
        with attempt(uow):
            remove()
    except BakeTrackerError as exc:
        return refuse_tab(request, TAB, targets_context(uow, event_id), exc)
    return _changed(request, uow, event_id, f"Removed the {kind} target.", changed)


@router.post("/{event_id}/targets/production")
def set_production_target(
    request: Request,
    uow: UnitOfWork,
    event_id: int,
    recipe: Annotated[str, Form()] = "",
    target_batches: Annotated[str, Form()] = "",
    row: Annotated[str, Form()] = "",
) -> Response:
    """Add a recipe's batch target, or change its count (`row` set: the inline edit)."""
    form = {"recipe": recipe, "target_batches": target_batches}
    try:
        with attempt(uow):
            if not recipe:
                raise Invalid("Choose the recipe to bake", field="recipe")
            saved = events.set_production_target(event_id, recipe, target_batches, session=uow)
    except BakeTrackerError as exc:
        return _refused(uow, request, event_id, "production", form, bool(row), exc)
    batches = saved["target_batches"]
    return _changed(
        request, uow, event_id,
        f"{saved['recipe_name']}: {batches} batch{'es' if batches != 1 else ''}.",
        {"recipe": saved["recipe_slug"]},
    )


@router.post("/{event_id}/targets/production/{recipe}/delete")
def delete_production_target(
    request: Request, uow: UnitOfWork, event_id: int, recipe: str
) -> Response:
    return _removed(
        request, uow, event_id, "production", {"recipe": recipe},
        lambda: events.delete_production_target(event_id, recipe, session=uow),
    )


@router.post("/{event_id}/targets/assembly")
def set_assembly_target(
    request: Request,
    uow: UnitOfWork,
    event_id: int,
    finished_good: Annotated[str, Form()] = "",
    target_quantity: Annotated[str, Form()] = "",
    row: Annotated[str, Form()] = "",
) -> Response:
    """Add a finished good's target, or change how many (`row` set: the inline edit)."""
    form = {"finished_good": finished_good, "target_quantity": target_quantity}
    try:
        with attempt(uow):
            if not finished_good:
                raise Invalid("Choose the finished good", field="finished_good")
            saved = events.set_assembly_target(
                event_id, finished_good, target_quantity, session=uow
            )
    except BakeTrackerError as exc:
        return _refused(uow, request, event_id, "assembly", form, bool(row), exc)
    return _changed(
        request, uow, event_id,
        f"{saved['finished_good_name']}: {saved['target_quantity']}.",
        {"finished_good": saved["finished_good_slug"]},
    )


@router.post("/{event_id}/targets/assembly/{finished_good}/delete")
def delete_assembly_target(
    request: Request, uow: UnitOfWork, event_id: int, finished_good: str
) -> Response:
    return _removed(
        request, uow, event_id, "assembly", {"finished_good": finished_good},
        lambda: events.delete_assembly_target(event_id, finished_good, session=uow),
    )
