"""JSON API for the activity trail (who did what, when) and the signed-in account."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from baketracker.api.schemas.activity import ActivityRead, MeRead
from baketracker.db import UnitOfWork
from baketracker.domain.accounts import ACTIONS, allowed
from baketracker.services import activity

router = APIRouter()
TAGS: list[str | Any] = ["activity"]


@router.get("/activity", tags=TAGS)
def list_activity(
    uow: UnitOfWork,
    user: Annotated[str | None, Query(max_length=40, description="Person (any case).")] = None,
    kind: Annotated[str | None, Query(max_length=30, description=", ".join(activity.KINDS))] = None,
    event: Annotated[str | None, Query(max_length=200, description="Event name.")] = None,
    since: Annotated[datetime | None, Query(description="Entries at or after this.")] = None,
    on: Annotated[date | None, Query(description="Entries of this day (UTC).")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[ActivityRead]:
    """The trail, newest first."""
    entries = activity.list_activity(user=user, kind=kind, event=event, since=since, on=on,
                                     limit=limit, session=uow)
    return [ActivityRead.model_validate(e) for e in entries]


@router.get("/me", tags=TAGS)
def me(request: Request) -> MeRead:
    """Who this request acts as, and what its role may do."""
    actor = getattr(request.state, "user", None)
    role = actor.role if actor else None
    return MeRead(name=actor.name if actor else None, role=role,
                  may=[a for a in ACTIONS if allowed(role, a)])
