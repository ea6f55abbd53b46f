"""JSON API for recipients: who receives packages at events."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from baketracker.api.schemas import RowId
from baketracker.api.schemas.recipients import RecipientCreate, RecipientRead, RecipientUpdate
from baketracker.db import UnitOfWork
from baketracker.services import events

router = APIRouter()
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found"},
    409: {"description": "Conflict"},
    422: {"description": "Invalid input; `field` names the field"},
}
TAGS: list[str | Any] = ["recipients"]


@router.get("/recipients", tags=TAGS)
def list_recipients(uow: UnitOfWork, search: str | None = None) -> list[RecipientRead]:
    """By name; `search` matches name or household."""
    return [
        RecipientRead.model_validate(r) for r in events.list_recipients(search=search, session=uow)
    ]


@router.post("/recipients", status_code=201, tags=TAGS, responses=ERRORS)
def create_recipient(uow: UnitOfWork, body: RecipientCreate) -> RecipientRead:
    data = body.model_dump()
    return RecipientRead.model_validate(
        events.create_recipient(data.pop("name"), **data, session=uow)
    )


@router.get("/recipients/{recipient_id}", tags=TAGS, responses=ERRORS)
def get_recipient(uow: UnitOfWork, recipient_id: RowId) -> RecipientRead:
    return RecipientRead.model_validate(events.get_recipient(recipient_id, session=uow))


@router.patch("/recipients/{recipient_id}", tags=TAGS, responses=ERRORS)
def update_recipient(uow: UnitOfWork, recipient_id: RowId, body: RecipientUpdate) -> RecipientRead:
    """Only the fields sent change; an empty string clears an optional field."""
    saved = events.update_recipient(
        recipient_id, **body.model_dump(exclude_unset=True), session=uow
    )
    return RecipientRead.model_validate(saved)


@router.delete("/recipients/{recipient_id}", status_code=204, tags=TAGS, responses=ERRORS)
def delete_recipient(uow: UnitOfWork, recipient_id: RowId) -> Response:
    """409 while the recipient has package assignments."""
    events.delete_recipient(recipient_id, session=uow)
    return Response(status_code=204)
