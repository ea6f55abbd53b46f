"""Recording assembly: event (nearest preselected), the finished good (filter as you type),
how many; a shortage lists every part that is short and records nothing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.services import assembly, events, goods, recipes
from baketracker.web.forms import attempt
from baketracker.web.production.common import event_choices, matches, record_context
from baketracker.web.templating import done, money, refused, render

router = APIRouter(prefix="/production/assembly")
PAGE = "production/assembly.html"
PANEL = "production/_assembly_panel.html"
CHOICES = "production/_good_choices.html"
RENAME = {"components": "finished_good"}


def good_choices(
    uow: UnitOfWork, event_id: int | None, q: str = ""
) -> list[dict[str, Any]]:
    """Finished goods with how many are assembled (and, for a bare good, how many of its
    unit are baked and ready); the event's goods still to make first."""
    progress = ({p["finished_good_slug"]: p for p in
                 events.get_assembly_progress(event_id, session=uow)} if event_id else {})
    baked = {u["id"]: u["on_hand"] for u in recipes.list_finished_units(session=uow)}
    out = []
    for good in goods.list_finished_goods(session=uow):
        if not good["components"] or not matches(q, good["name"]):
            continue
        target = progress.get(good["slug"])
        out.append({
            "value": good["slug"],
            "label": good["name"],
            "on_hand": good["on_hand"],
            "units_ready": (baked.get(good["components"][0]["id"])
                            if good["kind"] == "BARE" else None),
            "target": target,
            "to_go": target["remaining"] if target else None,
            "order": (0 if target and target["remaining"] > 0 else 1 if target else 2,
                      good["name"].lower()),
        })
    return sorted(out, key=lambda c: c["order"])


def _blank() -> dict[str, str]:
    return {"event": "", "finished_good": "", "quantity": "1"}


def assembly_context(
    uow: UnitOfWork, form: dict[str, str], event: str | None, q: str = ""
) -> dict[str, Any]:
    """The form's context; `event` None picks the nearest upcoming event."""
    return record_context(uow, form, event, q, good_choices, assembly.list_assembly_runs)


@router.get("")
def assembly_page(request: Request, uow: UnitOfWork, event: str | None = None,
                  finished_good: str = "") -> Response:
    """The form; `event` defaults to the nearest upcoming event, `finished_good` preselects."""
    context = assembly_context(uow, _blank(), event)
    context["form"]["finished_good"] = finished_good
    return render(request, PAGE, context)


@router.get("/choices")
def choices(
    request: Request, uow: UnitOfWork, event: str = "", q: str = "", finished_good: str = ""
) -> Response:
    picker = event_choices(uow, event)
    found = good_choices(uow, picker["event_id"], q)
    return render(request, CHOICES, {"choices": found, "form": {"finished_good": finished_good},
                                     "q": q})


@router.post("")
def record_assembly(
    request: Request,
    uow: UnitOfWork,
    event: Annotated[str, Form()] = "",
    finished_good: Annotated[str, Form()] = "",
    quantity: Annotated[str, Form()] = "1",
) -> Response:
    form = {"event": event, "finished_good": finished_good, "quantity": quantity}
    try:
        with attempt(uow):
            if not finished_good:
                raise Invalid("Choose what you assembled", field="finished_good")
            result = assembly.record_assembly(finished_good, quantity.strip() or "1",
                                              event=event or None, session=uow)
    except BakeTrackerError as exc:
        return refused(request, PAGE, PANEL, assembly_context(uow, form, event), exc, rename=RENAME)
    context = assembly_context(uow, _blank(), event)
    name = goods.get_finished_good(result["finished_good_slug"], session=uow)["name"]
    where = context["event_names"].get(result["event_id"]) if result["event_id"] else None
    return done(
        request,
        fragment=PANEL,
        context=context,
        message=(f"Assembled {result['quantity']} × {name} for "
                 f"{where or 'no event (standalone)'}. Cost {money(result['total_cost'])} "
                 f"({money(result['per_unit_cost'])} each). On hand now: {result['on_hand']}."),
        trigger={"assemblyRecorded": {"run": result["assembly_run_id"],
                                      "event": result["event_id"]}},
        redirect_to=f"/production/assembly?event={event}",
    )
