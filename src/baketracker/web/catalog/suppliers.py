"""Supplier pages: list and create."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.services import catalog
from baketracker.web.list_page import ListPage

router = APIRouter(prefix="/suppliers")
PAGE = "catalog/suppliers.html"
PANEL = "catalog/_suppliers_panel.html"
BLANK = {"name": "", "kind": "physical", "location": ""}


def _listing(uow: UnitOfWork) -> dict[str, Any]:
    kinds = [(kind, kind.capitalize()) for kind in catalog.SUPPLIER_KINDS]
    return {"suppliers": catalog.list_suppliers(session=uow), "kinds": kinds}


LIST = ListPage(PAGE, PANEL, _listing, BLANK, "supplierSaved", "/catalog/suppliers")


@router.get("")
def suppliers_page(request: Request, uow: UnitOfWork) -> Response:
    return LIST.show(request, uow)


@router.post("")
def create_supplier(
    request: Request,
    uow: UnitOfWork,
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "physical",
    location: Annotated[str, Form()] = "",
) -> Response:
    form = {"name": name, "kind": kind, "location": location}
    return LIST.add(
        request, uow, form,
        lambda: catalog.create_supplier(name, kind=kind, location=location or None, session=uow),
    )
