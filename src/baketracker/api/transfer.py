"""JSON API for moving data: export the whole document, import one (ours or bake-tracker 4.x)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from baketracker.api.errors import error_body
from baketracker.db import UnitOfWork
from baketracker.services import transfer
from baketracker.services.transfer import DocumentInvalid

router = APIRouter()
TAGS: list[str | Any] = ["import / export"]
ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"description": "The database changed under the import; nothing was written"},
    422: {
        "description": "The document cannot be imported; `errors` lists every problem "
        "(`path.field: reason`) and nothing was written"
    },
}


@router.get("/export", tags=TAGS)
def export(uow: UnitOfWork) -> dict[str, Any]:
    """Everything as one versioned document (format "baketracker", references by slug)."""
    return transfer.export_document(session=uow)


@router.post("/import", tags=TAGS, responses=ERRORS)
def import_(
    uow: UnitOfWork,
    document: Annotated[Any, Body(description="A Bake Tracker document or a bake-tracker "
                                  "4.x backup (detected from its header)")],
    mode: Literal["merge", "replace"] = "merge",
    dry_run: bool = False,
    strict: bool = False,
) -> Any:
    """Check the whole document, then write it in one transaction and return the report:
    `format`, `mode`, `dry_run`, `counts` (entity → created / skipped), `skipped` (entity →
    keys), `provisional` (ingredients a bake-tracker file uses without defining them),
    `mapped` (kind → `label`, `count`, `records`: what a bake-tracker file had that was
    carried over differently, e.g. a product on a category ingredient moved to its
    "(unspecified)" leaf) and `warnings`. `merge` skips records already stored; `replace`
    swaps ALL data; `dry_run` writes nothing; `strict` refuses undefined ingredients and
    records on a category ingredient instead of creating or mapping them."""
    try:
        return transfer.import_document(
            document, mode=mode, dry_run=dry_run, strict=strict, session=uow
        )
    except DocumentInvalid as exc:
        return JSONResponse({**error_body(exc), "errors": exc.errors}, status_code=422)
