"""Supplier pages: list and create."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError
from baketracker.services import catalog
from baketracker.web.forms import attempt
from baketracker.web.templating import done, page, refused

router = APIRouter(prefix="/suppliers")
PAGE = "catalog/suppliers.html"
PANEL = "catalog/_suppliers_panel.html"
BLANK = {"name": "", "kind": "physical", "location": ""}


def _listing(uow: UnitOfWork) -> dict[str, Any]:
    kinds = [(kind, kind.capitalize()) for kind in catalog.SUPPLIER_KINDS]
    return {"suppliers": catalog.list_suppliers(session=uow), "kinds": kinds}


@router.get("")
def suppliers_page(request: Request, uow: UnitOfWork) -> Response:
    return page(request, PAGE, PANEL, {**_listing(uow), "form": BLANK})


@router.post("")
def create_supplier(
    request: Request,
    uow: UnitOfWork,
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "physical",
    location: Annotated[str, Form()] = "",
) -> Response:
    form = {"name": name, "kind": kind, "location": location}
    try:
        with attempt(uow):
            created = catalog.create_supplier(
                name, kind=kind, location=location or None, session=uow
            )
    except BakeTrackerError as exc:
        return refused(request, PAGE, PANEL, {**_listing(uow), "form": form}, exc)
    return done(
        request,
        fragment=PANEL,
        context={**_listing(uow), "form": BLANK},
        message=f"Added {created['name']}.",
        trigger={"supplierSaved": {"slug": created["slug"]}},
        redirect_to="/catalog/suppliers",
    )
