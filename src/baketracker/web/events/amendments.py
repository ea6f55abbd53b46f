"""The Amendments tab: the three kinds of change to a plan in production, each with a reason;
the history; and the original plan beside the current one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.domain.plan_states import Edit
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.services import amendments, events, goods, recipes
from baketracker.web.events.view import event_base, refusal, refuse_tab, show_tab, tab_done
from baketracker.web.forms import attempt

router = APIRouter(prefix="/events")
TAB = "amendments"
KINDS: tuple[tuple[str, str], ...] = (
    ("DROP_FG", "Drop a finished good"),
    ("ADD_FG", "Add a finished good"),
    ("MODIFY_BATCH", "Change a recipe's batches"),
)
BLANK: dict[str, dict[str, str]] = {
    "DROP_FG": {"finished_good": "", "reason": ""},
    "ADD_FG": {"finished_good": "", "quantity": "", "reason": ""},
    "MODIFY_BATCH": {"recipe": "", "new_batches": "", "reason": ""},
}
# Service field names → this tab's form fields.
RENAME = {"fg_id": "finished_good", "new_quantity": "quantity", "recipe_id": "recipe",
          "old_batches": "new_batches"}


def describe(row: dict[str, Any]) -> str:
    """One line for the history: what the amendment changed."""
    data = row["data"]
    if row["amendment_type"] == "DROP_FG":
        return f"Dropped {data['fg_name']} (was {data['original_quantity']})"
    if row["amendment_type"] == "ADD_FG":
        return f"Added {data['new_quantity']} × {data['fg_name']}"
    return f"{data['recipe_name']}: {data['old_batches']} → {data['new_batches']} batches"


def amendments_context(uow: UnitOfWork, event_id: int) -> dict[str, Any]:
    base = event_base(uow, event_id)
    blocked = refusal(base["event"], Edit.AMEND_PLAN)
    history = amendments.get_amendment_history(event_id, session=uow)
    planned_goods = events.get_assembly_targets(event_id, session=uow)
    planned_batches = events.get_production_targets(event_id, session=uow)
    # The forms' choices only matter while amendments are allowed.
    good_rows = [] if blocked else goods.list_finished_goods(session=uow)
    recipe_rows = [] if blocked else recipes.list_recipes(session=uow)
    try:
        comparison = amendments.compare_plan(event_id, session=uow)
    except Invalid:
        comparison = None  # production has not started: there is no original plan yet
    in_plan = {g["finished_good_slug"] for g in planned_goods}
    batches = {t["recipe_slug"]: t["target_batches"] for t in planned_batches}
    return {
        **base,
        "history": [{**row, "what": describe(row)} for row in history],
        "comparison": comparison,
        "changed": sum(1 for line in comparison or () if line["status"] != "unchanged"),
        "kinds": KINDS,
        "drop_options": [(g["finished_good_slug"],
                          f"{g['finished_good_name']} ({g['target_quantity']})")
                         for g in planned_goods],
        "add_options": [(g["slug"], g["name"]) for g in good_rows if g["slug"] not in in_plan],
        "recipe_options": [(r["slug"], r["name"] + (f" (now {batches[r['slug']]})"
                                                    if r["slug"] in batches else ""))
                           for r in sorted(recipe_rows, key=lambda r: r["slug"] not in batches)
                           if r["finished_units"]],
        "blocked": blocked,
        "forms": BLANK,
        "failed": None,
    }


@router.get("/{event_id}/amendments")
def amendments_tab(request: Request, uow: UnitOfWork, event_id: int) -> Response:
    return show_tab(request, TAB, amendments_context(uow, event_id))


def _data(kind: str, form: dict[str, str]) -> dict[str, Any]:
    """The amendment's data from the form; a missing pick is refused on its own field."""
    if kind == "MODIFY_BATCH":
        if not form.get("recipe"):
            raise Invalid("Choose the recipe whose batches change", field="recipe")
        return {"recipe_id": form["recipe"], "new_batches": form.get("new_batches", "")}
    if not form.get("finished_good"):
        raise Invalid("Choose the finished good", field="finished_good")
    if kind == "ADD_FG":
        return {"fg_id": form["finished_good"], "new_quantity": form.get("quantity", "")}
    return {"fg_id": form["finished_good"]}


@router.post("/{event_id}/amendments")
def create_amendment(
    request: Request,
    uow: UnitOfWork,
    event_id: int,
    kind: Annotated[str, Form()] = "",
    finished_good: Annotated[str, Form()] = "",
    quantity: Annotated[str, Form()] = "",
    recipe: Annotated[str, Form()] = "",
    new_batches: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Record one amendment; the reason is required (the service refuses a blank one)."""
    typed = {"finished_good": finished_good, "quantity": quantity, "recipe": recipe,
             "new_batches": new_batches, "reason": reason}
    form = {key: typed[key] for key in BLANK.get(kind, typed)}
    try:
        with attempt(uow):
            row = amendments.create_amendment(
                event_id, kind, _data(kind, form), reason, session=uow
            )
    except BakeTrackerError as exc:
        return refuse_tab(
            request,
            TAB,
            amendments_context(uow, event_id),
            exc,
            rename=RENAME,
            failed=kind,
            forms={**BLANK, kind: form},
        )
    return tab_done(request, event_id, TAB, amendments_context(uow, event_id),
                    message=f"Amended: {describe(row)}.",
                    trigger={"planAmended": {"event": event_id, "id": row["id"]}})
