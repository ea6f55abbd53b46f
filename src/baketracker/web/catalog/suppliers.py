"""Supplier pages: list and create."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.errors import BakeTrackerError
from baketracker.services import catalog
from baketracker.web.templating import done, page, refused

router = APIRouter(prefix="/suppliers")
PAGE = "catalog/suppliers.html"
PANEL = "catalog/_suppliers_panel.html"
BLANK = {"name": "", "kind": "physical", "location": ""}


def _listing() -> dict[str, Any]:
    kinds = [(kind, kind.capitalize()) for kind in catalog.SUPPLIER_KINDS]
    return {"suppliers": catalog.list_suppliers(), "kinds": kinds}


@router.get("")
def suppliers_page(request: Request) -> Response:
    return page(request, PAGE, PANEL, {**_listing(), "form": BLANK})


@router.post("")
def create_supplier(
    request: Request,
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "physical",
    location: Annotated[str, Form()] = "",
) -> Response:
    form = {"name": name, "kind": kind, "location": location}
    try:
        created = catalog.create_supplier(name, kind=kind, location=location or None)
    except BakeTrackerError as exc:
        return refused(request, PAGE, PANEL, {**_listing(), "form": form}, exc)
    return done(
        request,
        fragment=PANEL,
        context={**_listing(), "form": BLANK},
        message=f"Added {created['name']}.",
        trigger={"supplierSaved": {"slug": created["slug"]}},
        redirect_to="/catalog/suppliers",
    )
