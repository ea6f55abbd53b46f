"""Printable sheets of an event: shopping list (HTML, PDF, CSV), bake-day sheet and box
labels (HTML, PDF). Standalone print pages outside the app's chrome; no navigation entry
(the event's Plan tab links here). An unknown event is a NotFound → the error page.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from baketracker.db import UnitOfWork
from baketracker.reports import render
from baketracker.services import sheets

router = APIRouter(include_in_schema=False)

Paper = Literal["letter", "a4"]
_EVENT_PAGE = re.compile(r"^/events/\{[^}/]+\}$")


def _urls(event_id: int) -> dict[str, str]:
    base = f"/events/{event_id}/sheets"
    return {
        "shopping": f"{base}/shopping",
        "bake-day": f"{base}/bake-day",
        "labels": f"{base}/labels",
    }


def _has_event_page(request: Request) -> bool:
    """Whether the app serves /events/{id} (the events area), so "Back" never 404s."""
    return any(_EVENT_PAGE.match(getattr(route, "path", "")) for route in request.app.routes)


def _links(request: Request, event_id: int, kind: str) -> dict[str, str]:
    urls = _urls(event_id)
    here = urls[kind]
    links = {"PDF (letter)": f"{here}.pdf", "PDF (A4)": f"{here}.pdf?paper=a4"}
    if kind == "shopping":
        links["CSV"] = f"{here}.csv"
    names = {"shopping": "Shopping list", "bake-day": "Bake-day sheet", "labels": "Labels"}
    links.update({names[other]: url for other, url in urls.items() if other != kind})
    if _has_event_page(request):
        links["Back to the event"] = f"/events/{event_id}"
    return links


def _page(request: Request, sheet: dict[str, Any], event_id: int) -> Response:
    body = render.html(sheet, links=_links(request, event_id, sheet["kind"]))
    return HTMLResponse(body)


def _pdf(sheet: dict[str, Any], paper: Paper) -> Response:
    return Response(
        render.pdf(sheet, paper=paper),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{sheet["file_stem"]}.pdf"'},
    )


# --- the sheets' own stylesheet and script (the CSP allows no inline ones) -------------


@router.get("/sheets/sheet.css")
def stylesheet() -> Response:
    return Response(render.stylesheet(), media_type="text/css",
                    headers={"Cache-Control": "no-cache"})


@router.get("/sheets/phone.css")
def phone_stylesheet() -> Response:
    return Response(render.phone_stylesheet(), media_type="text/css",
                    headers={"Cache-Control": "no-cache"})


@router.get("/sheets/print.js")
def script() -> Response:
    return Response(render.script(), media_type="text/javascript",
                    headers={"Cache-Control": "no-cache"})


# --- shopping list ---------------------------------------------------------------------


@router.get("/events/{event_id}/sheets/shopping")
def shopping(request: Request, uow: UnitOfWork, event_id: int) -> Response:
    return _page(request, sheets.shopping_sheet(event_id, session=uow), event_id)


@router.get("/events/{event_id}/sheets/shopping.pdf")
def shopping_pdf(uow: UnitOfWork, event_id: int, paper: Paper = "letter") -> Response:
    return _pdf(sheets.shopping_sheet(event_id, session=uow), paper)


@router.get("/events/{event_id}/sheets/shopping.csv")
def shopping_csv(uow: UnitOfWork, event_id: int) -> Response:
    sheet = sheets.shopping_sheet(event_id, session=uow)
    # The byte-order mark lets spreadsheet programs read "crème fraîche" as UTF-8.
    body = "\ufeff" + render.shopping_csv(sheet)
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{sheet["file_stem"]}.csv"'},
    )


# --- bake-day sheet --------------------------------------------------------------------


@router.get("/events/{event_id}/sheets/bake-day")
def bake_day(request: Request, uow: UnitOfWork, event_id: int) -> Response:
    return _page(request, sheets.bake_day_sheet(event_id, session=uow), event_id)


@router.get("/events/{event_id}/sheets/bake-day.pdf")
def bake_day_pdf(uow: UnitOfWork, event_id: int, paper: Paper = "letter") -> Response:
    return _pdf(sheets.bake_day_sheet(event_id, session=uow), paper)


# --- box labels ------------------------------------------------------------------------


@router.get("/events/{event_id}/sheets/labels")
def labels(request: Request, uow: UnitOfWork, event_id: int) -> Response:
    return _page(request, sheets.label_sheet(event_id, session=uow), event_id)


@router.get("/events/{event_id}/sheets/labels.pdf")
def labels_pdf(uow: UnitOfWork, event_id: int, paper: Paper = "letter") -> Response:
    return _pdf(sheets.label_sheet(event_id, session=uow), paper)
