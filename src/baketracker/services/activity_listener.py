"""One mechanism for most of the trail: before each flush, the new and changed rows of the
kinds people care about (purchases, runs, fulfillment steps, plan transitions, batch
decisions, amendments, assignments) become activity lines naming the acting account.

Adjustments, imports and account changes call activity.record themselves (their rows are
written with Core inserts or carry no readable change). Activity rows are never changed.
"""

from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from baketracker.db import Base
from baketracker.errors import BakeTrackerError
from baketracker.models import (
    Activity,
    AssemblyRun,
    Event,
    EventProductionTarget,
    EventRecipientPackage,
    FinishedGood,
    FinishedUnit,
    Package,
    PlanAmendment,
    Product,
    ProductionRun,
    Purchase,
    Recipe,
    Recipient,
)
from baketracker.services.activity import record

TRANSITIONS = {"LOCKED": ("lock", "Locked the plan of"),
               "IN_PRODUCTION": ("start", "Started production of"),
               "COMPLETED": ("complete", "Completed"),
               "DRAFT": ("reopen", "Reopened the plan of")}


class AppendOnly(BakeTrackerError):
    """An attempt to change or delete a line of the activity trail."""


def _n(value: Decimal | int) -> str:
    text = format(Decimal(value).normalize(), "f")
    return text


def _linked(session: Session, obj: Base, attr: str, model: type[Any], fk: str) -> Any:
    """A related row without a query when it is already loaded (as it is in the services)."""
    loaded = obj.__dict__.get(attr)
    if loaded is not None:
        return loaded
    key = getattr(obj, fk)
    return session.get(model, key) if key is not None else None


def _event_name(session: Session, obj: Base) -> str | None:
    ev = _linked(session, obj, "event", Event, "event_id")
    return ev.name if ev is not None else None


def _changed(obj: Base, attr: str) -> bool:
    return bool(inspect(obj).attrs[attr].history.has_changes())


def _purchase(session: Session, obj: Purchase, new: bool) -> None:
    if new:
        product = _linked(session, obj, "product", Product, "product_id")
        name = product.name if product is not None else "a product"
        record(session, "purchase", "buy", f"Bought {_n(obj.packages)} × {name}",
               subject_uuid=obj.uuid)


def _production(session: Session, obj: ProductionRun, new: bool) -> None:
    if new:
        recipe = _linked(session, obj, "recipe", Recipe, "recipe_id")
        unit = _linked(session, obj, "finished_unit", FinishedUnit, "finished_unit_id")
        record(session, "production", "bake",
               f"Baked {_n(obj.batches)} × {recipe.name if recipe else 'a recipe'}: "
               f"{obj.actual_yield} {unit.name if unit else 'units'}",
               subject_uuid=obj.uuid, event_name=_event_name(session, obj))


def _assembly(session: Session, obj: AssemblyRun, new: bool) -> None:
    if new:
        good = _linked(session, obj, "finished_good", FinishedGood, "finished_good_id")
        record(session, "assembly", "assemble",
               f"Assembled {obj.quantity} × {good.name if good else 'a finished good'}",
               subject_uuid=obj.uuid, event_name=_event_name(session, obj))


def _assignment(session: Session, obj: EventRecipientPackage, new: bool) -> None:
    recipient = _linked(session, obj, "recipient", Recipient, "recipient_id")
    package = _linked(session, obj, "package", Package, "package_id")
    what = (f"{obj.quantity} × {package.name if package else 'a package'} for "
            f"{recipient.name if recipient else 'a recipient'}")
    if new:
        record(session, "plan", "assign", f"Assigned {what}", subject_uuid=obj.uuid,
               event_name=_event_name(session, obj))
    elif _changed(obj, "fulfillment_status"):
        record(session, "fulfillment", obj.fulfillment_status,
               f"Marked {what} {obj.fulfillment_status}", subject_uuid=obj.uuid,
               event_name=_event_name(session, obj))


def _plan_state(session: Session, obj: Event, new: bool) -> None:
    if not new and _changed(obj, "plan_state"):
        action, words = TRANSITIONS.get(obj.plan_state, ("state", "Moved"))
        record(session, "plan", action, f"{words} {obj.name}", subject_uuid=obj.uuid,
               event_name=obj.name)


def _batches(session: Session, obj: EventProductionTarget, new: bool) -> None:
    if new or _changed(obj, "target_batches") or _changed(obj, "short_confirmed"):
        recipe = _linked(session, obj, "recipe", Recipe, "recipe_id")
        short = " (short, confirmed)" if obj.short_confirmed else ""
        record(session, "batch", "decide",
               f"{recipe.name if recipe else 'A recipe'}: {obj.target_batches} batches{short}",
               subject_uuid=obj.uuid, event_name=_event_name(session, obj))


def _amendment(session: Session, obj: PlanAmendment, new: bool) -> None:
    if new:
        record(session, "amendment", obj.amendment_type.lower(),
               f"Amended the plan ({obj.amendment_type.replace('_', ' ').lower()}): "
               f"{obj.reason}", subject_uuid=obj.uuid, event_name=_event_name(session, obj))


WATCHED: dict[type[Any], Callable[[Session, Any, bool], None]] = {
    Purchase: _purchase,
    ProductionRun: _production,
    AssemblyRun: _assembly,
    EventRecipientPackage: _assignment,
    Event: _plan_state,
    EventProductionTarget: _batches,
    PlanAmendment: _amendment,
}


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Activity):
            raise AppendOnly("The activity trail is only ever added to")
    for obj in list(session.new):
        handler = WATCHED.get(type(obj))
        if handler is not None:
            if obj.uuid is None:  # the column default comes only with the INSERT
                obj.uuid = str(uuid_mod.uuid4())
            handler(session, obj, True)
    for obj in list(session.dirty):
        handler = WATCHED.get(type(obj))
        if handler is not None and session.is_modified(obj, include_collections=False):
            handler(session, obj, False)


def install() -> None:
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)


install()
