"""Recording production: event (nearest preselected), what was baked (filter as you type),
batches (1 unless changed), and the actual yield and loss when something went wrong."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.services import events, finished_units, production, recipes
from baketracker.web.forms import attempt
from baketracker.web.production.common import event_choices, matches, plural, record_context
from baketracker.web.templating import done, money, number, refused, render

router = APIRouter(prefix="/production")
PAGE = "production/index.html"
PANEL = "production/_production_panel.html"
CHOICES = "production/_unit_choices.html"
# Service field names → this form's fields.
RENAME = {"finished_unit": "unit", "num_batches": "batches"}


def _per_batch(unit: dict[str, Any]) -> Decimal:
    if unit["items_per_batch"] is not None:
        return Decimal(unit["items_per_batch"])
    return Decimal(1) / Decimal(unit["batch_portion"])


def unit_choices(
    uow: UnitOfWork, event_id: int | None, q: str = ""
) -> list[dict[str, Any]]:
    """What can be baked: one choice per finished unit of an active recipe; the event's
    recipes still to bake first, then its other targets, then the rest by name."""
    active = {r["slug"]: r for r in recipes.list_recipes(session=uow)}
    progress = ({p["recipe_slug"]: p for p in
                 events.get_production_progress(event_id, session=uow)}
                if event_id else {})
    units = [u for u in finished_units.list_finished_units(session=uow)
             if u["recipe_slug"] in active]
    per_recipe: dict[str, int] = {}
    for unit in units:
        per_recipe[unit["recipe_slug"]] = per_recipe.get(unit["recipe_slug"], 0) + 1
    out = []
    for unit in units:
        recipe = active[unit["recipe_slug"]]
        target = progress.get(unit["recipe_slug"])
        label = recipe["name"] + (f" — {unit['name']}" if per_recipe[recipe["slug"]] > 1 else "")
        if not matches(q, recipe["name"], unit["name"]):
            continue
        out.append({
            "value": unit["slug"],
            "recipe_slug": recipe["slug"],
            "label": label,
            "yield": f"{number(_per_batch(unit), 2)} a batch",
            "target": target,
            "to_go": target["remaining_batches"] if target else None,
            "order": (0 if target and target["remaining_batches"] > 0 else 1 if target else 2,
                      label.lower()),
        })
    return sorted(out, key=lambda c: c["order"])


def _blank(event: str = "") -> dict[str, str]:
    return {"event": event, "unit": "", "batches": "1", "actual_yield": "",
            "loss_category": ""}


def production_context(
    uow: UnitOfWork, form: dict[str, str], event: str | None, q: str = ""
) -> dict[str, Any]:
    """The form's context; `event` None picks the nearest upcoming event."""
    context = record_context(uow, form, event, q, unit_choices, production.list_production_runs)
    context["loss_options"] = [(c, c.replace("_", " ")) for c in production.LOSS_CATEGORIES]
    return context


@router.get("")
def production_page(request: Request, uow: UnitOfWork, event: str | None = None, recipe: str = "",
                    unit: str = "") -> Response:
    """The form. `event` (an id, or empty for standalone) defaults to the nearest upcoming
    event; `recipe` or `unit` preselects what was baked."""
    context = production_context(uow, _blank(), event)
    if recipe and not unit:
        fitting = [c["value"] for c in context["choices"] if c["recipe_slug"] == recipe]
        unit = fitting[0] if len(fitting) == 1 else ""
    context["form"]["unit"] = unit
    return render(request, PAGE, context)


@router.get("/choices")
def choices(
    request: Request, uow: UnitOfWork, event: str = "", q: str = "", unit: str = ""
) -> Response:
    """The choices as the baker types a filter or changes the event; the pick is kept."""
    picker = event_choices(uow, event)
    found = unit_choices(uow, picker["event_id"], q)
    return render(request, CHOICES, {"choices": found, "form": {"unit": unit}, "q": q})


def _record(uow: UnitOfWork, form: dict[str, str]) -> dict[str, Any]:
    if not form["unit"]:
        raise Invalid("Choose what you baked", field="unit")
    unit = finished_units.get_finished_unit(form["unit"], session=uow)
    result = production.record_batch_production(
        unit["recipe_slug"],
        form["batches"].strip() or "1",
        finished_unit=unit["slug"],
        actual_yield=form["actual_yield"].strip() or None,
        loss_category=form["loss_category"] or None,
        event=form["event"] or None,
        session=uow,
    )
    return {**result, "unit_name": unit["name"]}


def describe(result: dict[str, Any], recipe_name: str, event_name: str | None) -> str:
    """The result for the baker: what came out, what it cost, what is on hand now."""
    lost = result["loss_quantity"]
    yield_text = (f"{result['actual_yield']} of {result['expected_yield']} × "
                  f"{result['unit_name']} ({lost} lost: "
                  f"{str(result['loss_category']).replace('_', ' ')})"
                  if lost else f"{result['actual_yield']} × {result['unit_name']}")
    each = f", {money(result['per_unit_cost'])} each" if result["per_unit_cost"] else ""
    return (f"Recorded {plural(result['batches'], 'batch', 'batches')} of {recipe_name} for "
            f"{event_name or 'no event (standalone)'}: {yield_text}. "
            f"Cost {money(result['total_cost'])}{each}. On hand now: {result['on_hand']}.")


@router.post("")
def record_production(
    request: Request,
    uow: UnitOfWork,
    event: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    batches: Annotated[str, Form()] = "1",
    actual_yield: Annotated[str, Form()] = "",
    loss_category: Annotated[str, Form()] = "",
) -> Response:
    form = {"event": event, "unit": unit, "batches": batches, "actual_yield": actual_yield,
            "loss_category": loss_category}
    try:
        with attempt(uow):
            result = _record(uow, form)
    except BakeTrackerError as exc:
        return refused(request, PAGE, PANEL, production_context(uow, form, event), exc,
                       rename=RENAME)
    context = production_context(uow, _blank(), event)
    recipe_name = next((r["recipe_name"] for r in context["recent"]
                        if r["id"] == result["production_run_id"]), result["recipe_slug"])
    event_name = context["event_names"].get(result["event_id"]) if result["event_id"] else None
    return done(
        request,
        fragment=PANEL,
        context=context,
        message=describe(result, recipe_name, event_name),
        trigger={"productionRecorded": {"run": result["production_run_id"],
                                        "event": result["event_id"]}},
        redirect_to=f"/production?event={event}",
    )
