"""The Plan tab: demand, batch decisions (short counts confirmed), ingredients, shopping,
feasibility, and the one legal next step of the plan state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.domain.plan_states import Edit
from baketracker.errors import BakeTrackerError, Invalid, NotFound
from baketracker.services import allergens, plan_state, planning
from baketracker.web.events.view import event_base, refusal, refuse_tab, show_tab, tab_done
from baketracker.web.forms import attempt

router = APIRouter(prefix="/events")
TAB = "plan"
# The one step forward from each state: (action in the URL, button, what it does).
NEXT_STEP: dict[str, tuple[str, str, str]] = {
    "DRAFT": ("lock", "Lock the plan",
              "Writes the proposed batches as targets and freezes the targets; batch counts "
              "stay editable."),
    "LOCKED": ("start", "Start production",
               "Records the plan as it stands; from then on it changes only through "
               "amendments."),
    "IN_PRODUCTION": ("complete", "Complete the event",
                      "Everything is baked and assembled: the event becomes read-only."),
}
TRANSITIONS: dict[str, Callable[..., str]] = {
    "lock": plan_state.lock_plan,
    "start": plan_state.start_production,
    "complete": plan_state.complete_production,
}


def sheets(event_id: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """The printable sheets: (title, [(format, url)])."""
    root = f"/events/{event_id}/sheets"
    return [
        ("Shopping list", [("print", f"{root}/shopping"), ("PDF", f"{root}/shopping.pdf"),
                           ("CSV", f"{root}/shopping.csv")]),
        ("Bake-day sheet", [("print", f"{root}/bake-day"), ("PDF", f"{root}/bake-day.pdf")]),
        ("Box labels", [("print", f"{root}/labels"), ("PDF", f"{root}/labels.pdf")]),
    ]


def plan_context(uow: UnitOfWork, event_id: int) -> dict[str, Any]:
    base = event_base(uow, event_id)
    summary = planning.get_plan_summary(event_id, session=uow)
    warnings = allergens.warnings_for_event(event_id, session=uow)
    event = base["event"]
    demand = summary["demand"]
    return {
        **base,
        "plan": summary,
        "packages_differ": any(
            d["package_quantity"] and d["package_quantity"] != d["target_quantity"]
            for d in demand
        ),
        "next_step": NEXT_STEP.get(event["plan_state"]),
        "blocked": {
            "batches": refusal(event, Edit.CHANGE_BATCH_COUNT),
            "from_packages": refusal(event, Edit.CHANGE_ASSEMBLY_TARGET),
        },
        "sheets": sheets(event_id),
        "batch_edit": None,
        "allergen_warnings": warnings,
        "next": f"/events/{event_id}/plan",
    }


@router.get("/{event_id}/plan")
def plan_tab(request: Request, uow: UnitOfWork, event_id: int) -> Response:
    return show_tab(request, TAB, plan_context(uow, event_id))


def _short_count(context: dict[str, Any], recipe: str, batches: str) -> bool:
    """Whether the refused count was whole but below what the plan needs (so confirmable)."""
    line = next((b for b in context["plan"]["batch_requirements"]
                 if b["recipe_slug"] == recipe), None)
    text = batches.strip()
    return bool(line and text.isdigit() and 0 < int(text) < line["proposed_batches"])


@router.post("/{event_id}/plan/batches")
def decide_batches(
    request: Request,
    uow: UnitOfWork,
    event_id: int,
    recipe: Annotated[str, Form()] = "",
    batches: Annotated[str, Form()] = "",
    confirm_short: Annotated[str, Form()] = "",
) -> Response:
    """Decide a recipe's batch count; a short count is refused until confirmed."""
    try:
        with attempt(uow):
            if not recipe:
                raise Invalid("Choose the recipe", field="recipe")
            decided = planning.decide_batches(event_id, recipe, batches,
                                              confirm_short=bool(confirm_short), session=uow)
    except BakeTrackerError as exc:
        context = plan_context(uow, event_id)
        edit = {"recipe": recipe, "batches": batches,
                "short": _short_count(context, recipe, batches)}
        return refuse_tab(request, TAB, context, exc, batch_edit=edit)
    context = plan_context(uow, event_id)
    name = next((b["recipe_name"] for b in context["plan"]["batch_requirements"]
                 if b["recipe_slug"] == decided["recipe_slug"]), decided["recipe_slug"])
    count = decided["target_batches"]
    note = (f" (short: the plan needs {decided['needed_batches']}; kept as confirmed)"
            if decided["short"] else "")
    return tab_done(
        request, event_id, TAB, context,
        message=f"{name}: {count} batch{'es' if count != 1 else ''}{note}.",
        trigger={"targetsChanged": {"recipe": decided["recipe_slug"]}},
    )


def _by_name(row: dict[str, Any]) -> str:
    return str(row["finished_good_name"]).lower()


@router.post("/{event_id}/plan/from-packages")
def targets_from_packages(request: Request, uow: UnitOfWork, event_id: int) -> Response:
    """Set each assembly target to what the recipients' packages need."""
    try:
        with attempt(uow):
            changed = planning.set_targets_from_packages(event_id, session=uow)
    except BakeTrackerError as exc:
        return refuse_tab(request, TAB, plan_context(uow, event_id), exc)
    message = ("Targets already match the packages." if not changed else "Targets set from "
               "the packages: " + ", ".join(f"{c['finished_good_name']} {c['target_quantity']}"
                                            for c in sorted(changed, key=_by_name)) + ".")
    return tab_done(request, event_id, TAB, plan_context(uow, event_id), message=message,
                    trigger={"targetsChanged": {"from_packages": len(changed)}})


@router.post("/{event_id}/plan/{action}")
def move_plan(request: Request, uow: UnitOfWork, event_id: int, action: str) -> Response:
    """Lock, start production or complete: the service refuses any step but the next one."""
    move = TRANSITIONS.get(action)
    if move is None:
        raise NotFound(f"There is no plan action {action!r}; use lock, start or complete")
    try:
        with attempt(uow):
            state = move(event_id, session=uow)
    except BakeTrackerError as exc:
        return refuse_tab(request, TAB, plan_context(uow, event_id), exc)
    context = plan_context(uow, event_id)
    return tab_done(request, event_id, TAB, context,
                    message=f"{context['event']['name']} is now {context['state_label']}.",
                    trigger={"planStateChanged": {"event": event_id, "state": state}})
