"""The activity trail: who did what and when, added to and never changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional, utcnow
from baketracker.models import Activity
from baketracker.services.permissions import actor_of

KINDS = ("purchase", "adjustment", "production", "assembly", "fulfillment", "plan",
         "batch", "amendment", "transfer", "user")


@dataclass(frozen=True)
class Entry:
    at: datetime
    user: str | None
    kind: str
    action: str
    summary: str
    subject_uuid: str | None
    event: str | None


def record(session: Session, kind: str, action: str, summary: str, *,
           subject_uuid: str | None = None, event_name: str | None = None) -> None:
    """Add one line to the trail in the caller's transaction, naming the acting account."""
    actor = actor_of(session)
    session.add(Activity(at=utcnow(), user_name=actor.name if actor else None, kind=kind,
                         action=action, summary=summary, subject_uuid=subject_uuid,
                         event_name=event_name))


def _entry(row: Activity) -> Entry:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    return Entry(at, row.user_name, row.kind, row.action, row.summary, row.subject_uuid,
                 row.event_name)


class ActivityLine(TypedDict):
    """One line of the activity trail as list_activity shows it: who did what, when."""

    at: datetime
    user: str | None
    kind: str
    action: str
    summary: str
    event: str | None


def entry_dict(entry: Entry) -> ActivityLine:
    return {"at": entry.at, "user": entry.user, "kind": entry.kind, "action": entry.action,
            "summary": entry.summary, "event": entry.event}


@transactional(read_only=True)
def list_activity(*, user: str | None = None, kind: str | None = None,
                  event: str | None = None, since: datetime | date | None = None,
                  on: date | None = None, limit: int = 100,
                  session: Session = AUTO) -> list[ActivityLine]:
    """The trail, newest first: dicts with `at`, `user` (the name; None for the machine
    itself), `kind`, `action`, `summary` and `event`. Filters: person (any case), kind,
    event name (any case), entries `since` a moment or day, entries `on` one day (UTC)."""
    query = select(Activity)
    if user:
        query = query.where(func.lower(Activity.user_name) == user.strip().lower())
    if kind:
        query = query.where(Activity.kind == kind)
    if event:
        query = query.where(func.lower(Activity.event_name) == event.strip().lower())
    if since is not None:
        query = query.where(Activity.at >= _moment(since))
    if on is not None:
        start = _moment(on)
        query = query.where(Activity.at >= start, Activity.at < start + timedelta(days=1))
    rows = session.scalars(query.order_by(Activity.at.desc(), Activity.id.desc())
                           .limit(max(1, min(int(limit), 10000))))
    return [entry_dict(_entry(r)) for r in rows]


def _moment(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(), tzinfo=UTC)


def _subjects() -> dict[str, Any]:
    from baketracker.models import AssemblyRun, EventRecipientPackage, ProductionRun, Purchase

    return {"production": ProductionRun, "assembly": AssemblyRun, "purchase": Purchase,
            "assignment": EventRecipientPackage}


@transactional(read_only=True)
def recorded_by(subject: str, ids: list[int], *, session: Session = AUTO) -> dict[int, Entry]:
    """For each production run, assembly run, purchase, lot or assignment (by id), the latest
    line of the trail about it: "recorded by Sam at 14:05"."""
    if not ids:
        return {}
    if subject == "lot":  # a lot is recorded by its purchase
        from baketracker.models import InventoryLot, Purchase

        query = (select(InventoryLot.id, Activity)
                 .join(Purchase, Purchase.id == InventoryLot.purchase_id)
                 .join(Activity, Activity.subject_uuid == Purchase.uuid)
                 .where(InventoryLot.id.in_(ids)))
    else:
        model = _subjects()[subject]
        query = (select(model.id, Activity)
                 .join(Activity, Activity.subject_uuid == model.uuid)
                 .where(model.id.in_(ids)))
    rows = session.execute(query.order_by(Activity.at, Activity.id))
    return {row_id: _entry(line) for row_id, line in rows}
