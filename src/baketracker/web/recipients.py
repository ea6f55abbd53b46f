"""Recipient pages: the list with search as you type, add, edit (with the allergens they
avoid, as checkboxes, beside the free dietary note) and delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, status_for
from baketracker.services import events
from baketracker.web.forms import attempt
from baketracker.web.list_page import ListPage
from baketracker.web.templating import NavItem, done, page, redirect, refused, render

router = APIRouter(prefix="/recipients", include_in_schema=False)
NAV = NavItem("Recipients", "/recipients")
PAGE = "recipients/list.html"
PANEL = "recipients/_panel.html"
ROWS = "recipients/_rows.html"
EDIT = "recipients/edit.html"
EDIT_FORM = "recipients/_form.html"
FIELDS = ("name", "household", "address", "notes", "dietary_notes")
BLANK: dict[str, Any] = {**dict.fromkeys(FIELDS, ""), "avoids": []}

Text = Annotated[str, Form()]
Codes = Annotated[list[str] | None, Form()]
Shown = Annotated[str | None, Form()]


def _form(name: str, household: str, address: str, notes: str, dietary_notes: str,
          avoids: list[str] | None) -> dict[str, Any]:
    return {"name": name, "household": household, "address": address, "notes": notes,
            "dietary_notes": dietary_notes, "avoids": avoids or []}


def _listing(uow: UnitOfWork, q: str = "") -> dict[str, Any]:
    return {"recipients": events.list_recipients(search=q or None, session=uow), "q": q}


LIST = ListPage(PAGE, PANEL, _listing, BLANK, "recipientSaved", "/recipients", key="id")


@router.get("")
def recipients_page(request: Request, uow: UnitOfWork, q: str = "") -> Response:
    """The list; htmx search asks for the table rows only."""
    return page(request, PAGE, ROWS, {**_listing(uow, q), "form": BLANK})


@router.post("")
def create_recipient(
    request: Request, uow: UnitOfWork, name: Text = "", household: Text = "", address: Text = "",
    notes: Text = "", dietary_notes: Text = "", avoids: Codes = None,
) -> Response:
    form = _form(name, household, address, notes, dietary_notes, avoids)
    return LIST.add(request, uow, form, lambda: events.create_recipient(
        name, household=household, address=address, notes=notes,
        dietary_notes=dietary_notes, avoids=avoids or [], session=uow,
    ))


def _edit_context(
    uow: UnitOfWork, recipient_id: int, form: dict[str, Any] | None = None
) -> dict[str, Any]:
    item = events.get_recipient(recipient_id, session=uow)
    current: dict[str, Any] = {**{key: item[key] or "" for key in FIELDS},
                               "avoids": item["avoids"]}
    return {"item": item, "form": form or current, "delete_error": None}


@router.get("/{recipient_id}")
def recipient_page(request: Request, uow: UnitOfWork, recipient_id: int) -> Response:
    return render(request, EDIT, _edit_context(uow, recipient_id))


@router.post("/{recipient_id}")
def update_recipient(
    request: Request, uow: UnitOfWork, recipient_id: int, name: Text = "", household: Text = "",
    address: Text = "", notes: Text = "", dietary_notes: Text = "", avoids: Codes = None,
    avoids_shown: Shown = None,
) -> Response:
    """Save every field; a blank optional field is cleared. The avoided allergens are
    replaced when the form carried their boxes (`avoids_shown`): none ticked clears them."""
    form = _form(name, household, address, notes, dietary_notes, avoids)
    context = _edit_context(uow, recipient_id, form)
    try:
        with attempt(uow):
            saved = events.update_recipient(
                recipient_id, name=name, household=household, address=address, notes=notes,
                dietary_notes=dietary_notes,
                avoids=(avoids or []) if avoids_shown else None,
                session=uow,
            )
    except BakeTrackerError as exc:
        return refused(request, EDIT, EDIT_FORM, context, exc)
    return done(
        request,
        fragment=EDIT_FORM,
        context=_edit_context(uow, recipient_id),
        message=f"Saved {saved['name']}.",
        trigger={"recipientSaved": {"id": saved["id"]}},
        redirect_to=f"/recipients/{recipient_id}",
    )


@router.post("/{recipient_id}/delete")
def delete_recipient(request: Request, uow: UnitOfWork, recipient_id: int) -> Response:
    """Delete, or say why not (the recipient still has packages assigned at events)."""
    context = _edit_context(uow, recipient_id)
    try:
        with attempt(uow):
            events.delete_recipient(recipient_id, session=uow)
    except BakeTrackerError as exc:
        return render(request, EDIT, {**context, "delete_error": exc.message},
                      status=status_for(exc))
    return redirect(request, "/recipients", flash=f"Deleted {context['item']['name']}.")
