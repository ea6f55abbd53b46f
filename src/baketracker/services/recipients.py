"""Who receives what at an event: recipients, package assignments and their fulfillment."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager

from baketracker.db import AUTO, transactional
from baketracker.domain import allergens as allergen_rules
from baketracker.domain import progress as rules
from baketracker.domain.numbers import whole_number
from baketracker.domain.plan_states import Edit, check_edit
from baketracker.errors import Conflict, NotFound
from baketracker.models import (
    EventAssemblyTarget,
    EventRecipientPackage,
    FinishedGood,
    Package,
    PackageItem,
    Recipient,
)
from baketracker.services.lookup import event_row, require_text, resolve
from baketracker.services.permissions import requires

# --- shared by the event services ------------------------------------------------------


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


# --- recipients ------------------------------------------------------------------------


def recipient_row(session: Session, ref: object) -> Recipient:
    """A recipient by id, or by name when exactly one recipient has that name."""
    if isinstance(ref, Recipient):
        return ref
    if isinstance(ref, int) and not isinstance(ref, bool):
        row = session.get(Recipient, ref)
        if row is None:
            raise NotFound(f"No recipient {ref!r}")
        return row
    if not isinstance(ref, str) or not ref.strip():
        raise NotFound(f"No recipient {ref!r}")
    text = ref.strip()
    rows = list(
        session.scalars(select(Recipient).where(func.lower(Recipient.name) == text.lower()))
    )
    if len(rows) > 1:
        raise Conflict(f"More than one recipient is named {text!r}: use its id")
    if rows:
        return rows[0]
    if text.isdigit():
        return recipient_row(session, int(text))
    raise NotFound(f"No recipient {text!r}")


def recipient_dict(row: Recipient) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "household": row.household,
        "address": row.address,
        "notes": row.notes,
        "dietary_notes": row.dietary_notes,
        "avoids": list(row.avoids or ()),
    }


def _avoids(value: object, record: str) -> list[str]:
    return list(allergen_rules.parse_codes(value, record=record, field="avoids"))


@transactional
@requires("plan")
def create_recipient(
    name: str,
    *,
    household: str | None = None,
    address: str | None = None,
    notes: str | None = None,
    dietary_notes: str | None = None,
    avoids: object = (),
    session: Session = AUTO,
) -> dict[str, Any]:
    """Add a recipient. Names need not be unique (use the id when two share one).

    `avoids`: allergen codes the recipient must not get (a family covers its members);
    `dietary_notes` is the free note beside them, never printed on a label.
    Raises Invalid (blank name, unknown allergen code).
    """
    name = require_text(name, field="name", record="Recipient")
    row = Recipient(
        name=name,
        avoids=_avoids(avoids, f"Recipient {name!r}"),
        household=_clean(household),
        address=_clean(address),
        notes=_clean(notes),
        dietary_notes=_clean(dietary_notes),
    )
    session.add(row)
    session.flush()
    return recipient_dict(row)


@transactional
@requires("plan")
def update_recipient(
    recipient: object,
    *,
    name: str | None = None,
    household: str | None = None,
    address: str | None = None,
    notes: str | None = None,
    dietary_notes: str | None = None,
    avoids: object = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Change the fields given; an empty string clears an optional field.

    `avoids` (codes; `[]` clears) replaces the list.
    Raises NotFound, Conflict (ambiguous name), Invalid (blank name, unknown allergen code).
    """
    row = recipient_row(session, recipient)
    if avoids is not None:
        row.avoids = _avoids(avoids, f"Recipient {row.name!r}")
    if name is not None:
        row.name = require_text(name, field="name", record=f"Recipient {row.id}")
    for field, value in (
        ("household", household),
        ("address", address),
        ("notes", notes),
        ("dietary_notes", dietary_notes),
    ):
        if value is not None:
            setattr(row, field, _clean(value))
    session.flush()
    return recipient_dict(row)


@transactional
def get_recipient(recipient: object, *, session: Session = AUTO) -> dict[str, Any]:
    return recipient_dict(recipient_row(session, recipient))


@transactional
def list_recipients(*, search: str | None = None, session: Session = AUTO) -> list[dict[str, Any]]:
    """Recipients by name; `search` matches name or household, case-insensitively."""
    query = select(Recipient).order_by(func.lower(Recipient.name), Recipient.id)
    if search and search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            func.lower(Recipient.name).like(pattern)
            | func.lower(func.coalesce(Recipient.household, "")).like(pattern)
        )
    return [recipient_dict(r) for r in session.scalars(query)]


@transactional
@requires("plan")
def delete_recipient(recipient: object, *, session: Session = AUTO) -> None:
    """Remove a recipient who has no package assignments (Conflict otherwise)."""
    row = recipient_row(session, recipient)
    held = session.scalar(select(func.count()).where(EventRecipientPackage.recipient_id == row.id))
    if held:
        raise Conflict(
            f"Recipient {row.name!r} has {held} package assignment{'s' if held != 1 else ''}; "
            "remove them first"
        )
    session.delete(row)
    session.flush()


# --- assignments -----------------------------------------------------------------------


def assignment_row(session: Session, ref: object, *, lock: bool = False) -> EventRecipientPackage:
    number: int | None = None
    if isinstance(ref, int) and not isinstance(ref, bool):
        number = ref
    elif isinstance(ref, str) and ref.strip().isdigit():
        number = int(ref.strip())
    row = (
        session.get(EventRecipientPackage, number, with_for_update=lock)
        if number is not None
        else None
    )
    if row is None:
        raise NotFound(f"No package assignment {ref!r}")
    return row


def assignment_dict(row: EventRecipientPackage) -> dict[str, Any]:
    return {
        "id": row.id,
        "event_id": row.event_id,
        "event_name": row.event.name,
        "recipient_id": row.recipient_id,
        "recipient_name": row.recipient.name,
        "household": row.recipient.household,
        "package_id": row.package_id,
        "package_name": row.package.name,
        "quantity": row.quantity,
        "fulfillment_status": row.fulfillment_status,
        "notes": row.notes,
    }


def _describe(row: EventRecipientPackage) -> str:
    return f"Assignment {row.id} ({row.package.name} for {row.recipient.name})"


@transactional
@requires("plan")
def assign_package(
    event: object,
    recipient: object,
    package: object,
    quantity: object = 1,
    *,
    notes: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Give `recipient` `quantity` of `package` at `event`; starts "pending".

    Raises NotFound, Invalid (quantity not a whole number > 0), Conflict (that recipient
    already has that package at the event: change its quantity instead), PlanStateError
    (event COMPLETED).
    """
    ev = event_row(session, event)
    who = recipient_row(session, recipient)
    box = resolve(session, Package, package, what="package", key="name")
    record = f"Assignment of {box.name!r} to {who.name!r}"
    count = whole_number(quantity, field="quantity", record=record)
    check_edit(ev.plan_state, Edit.ASSIGN_PACKAGE, event=ev.name)
    existing = session.scalars(
        select(EventRecipientPackage).where(
            EventRecipientPackage.event_id == ev.id,
            EventRecipientPackage.recipient_id == who.id,
            EventRecipientPackage.package_id == box.id,
        )
    ).first()
    if existing is not None:
        raise Conflict(
            f"{record} at {ev.name!r} already exists (assignment {existing.id}); "
            "change its quantity instead"
        )
    row = EventRecipientPackage(
        event=ev,
        recipient=who,
        package=box,
        quantity=count,
        fulfillment_status="pending",
        notes=_clean(notes),
    )
    session.add(row)
    session.flush()
    return assignment_dict(row)


@transactional
@requires("plan")
def update_assignment(
    assignment_id: object,
    *,
    quantity: object = None,
    notes: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Change an assignment's quantity (not once delivered) or notes."""
    row = assignment_row(session, assignment_id, lock=True)
    check_edit(row.event.plan_state, Edit.CHANGE_ASSIGNMENT, event=row.event.name)
    if quantity is not None:
        count = whole_number(quantity, field="quantity", record=_describe(row))
        if count != row.quantity and row.fulfillment_status == "delivered":
            raise Conflict(f"{_describe(row)} is delivered; its quantity can no longer change")
        row.quantity = count
    if notes is not None:
        row.notes = _clean(notes)
    session.flush()
    return assignment_dict(row)


@transactional
@requires("plan")
def remove_assignment(assignment_id: object, *, session: Session = AUTO) -> None:
    """Remove an assignment that has not been delivered (Conflict once delivered)."""
    row = assignment_row(session, assignment_id, lock=True)
    check_edit(row.event.plan_state, Edit.REMOVE_ASSIGNMENT, event=row.event.name)
    if row.fulfillment_status == "delivered":
        raise Conflict(f"{_describe(row)} is delivered; it stays on record")
    session.delete(row)
    session.flush()


@transactional
def list_assignments(
    event: object, *, status: str | None = None, session: Session = AUTO
) -> list[dict[str, Any]]:
    """The event's assignments by recipient name, optionally only those in `status`."""
    ev = event_row(session, event)
    query = (
        select(EventRecipientPackage)
        .options(
            contains_eager(EventRecipientPackage.recipient),
            contains_eager(EventRecipientPackage.package),
        )
        .join(Recipient, Recipient.id == EventRecipientPackage.recipient_id)
        .join(Package, Package.id == EventRecipientPackage.package_id)
        .where(EventRecipientPackage.event_id == ev.id)
        .order_by(func.lower(Recipient.name), func.lower(Package.name), EventRecipientPackage.id)
    )
    if status is not None:
        wanted = rules.check_status(status, record=f"Event {ev.name!r}")
        query = query.where(EventRecipientPackage.fulfillment_status == wanted)
    return [assignment_dict(r) for r in session.scalars(query)]


@transactional
def get_packages_by_status(
    event: object, status: str, *, session: Session = AUTO
) -> list[dict[str, Any]]:
    """The event's assignments in `status` (pending, ready or delivered), with names."""
    return list_assignments(event, status=status, session=session)


@transactional
@requires("record")
def update_fulfillment_status(
    assignment_id: object, new_status: str, *, session: Session = AUTO
) -> dict[str, Any]:
    """Move an assignment one step: pending → ready → delivered.

    Raises Invalid (unknown status) and Conflict (a skip, a step back or a repeat), each
    naming the current and requested status; nothing is written on refusal.
    """
    row = assignment_row(session, assignment_id, lock=True)
    check_edit(row.event.plan_state, Edit.UPDATE_FULFILLMENT, event=row.event.name)
    row.fulfillment_status = rules.check_fulfillment(
        row.fulfillment_status, new_status, record=_describe(row)
    )
    session.flush()
    return assignment_dict(row)


@transactional
@requires("record")
def advance_fulfillment(assignment_id: object, *, session: Session = AUTO) -> dict[str, Any]:
    """Move an assignment to its next status; Conflict when it is already delivered."""
    row = assignment_row(session, assignment_id, lock=True)
    check_edit(row.event.plan_state, Edit.UPDATE_FULFILLMENT, event=row.event.name)
    row.fulfillment_status = rules.next_fulfillment(row.fulfillment_status, record=_describe(row))
    session.flush()
    return assignment_dict(row)


@transactional
def package_needs(event: object, *, session: Session = AUTO) -> list[dict[str, Any]]:
    """Finished goods the event's assignments imply: package contents × assignment quantity.

    Summed per finished good across all assignments (whatever their status), by name,
    each with the event's assembly target for it (None when it has none) so a target
    below what the packages need can be shown. Packages never change targets.
    """
    ev = event_row(session, event)
    implied = func.sum(PackageItem.quantity * EventRecipientPackage.quantity)
    rows = session.execute(
        select(PackageItem.finished_good_id, implied)
        .join(EventRecipientPackage, EventRecipientPackage.package_id == PackageItem.package_id)
        .where(EventRecipientPackage.event_id == ev.id)
        .group_by(PackageItem.finished_good_id)
    ).all()
    targets: dict[int, int] = {
        k: v
        for k, v in session.execute(
            select(EventAssemblyTarget.finished_good_id, EventAssemblyTarget.target_quantity).where(
                EventAssemblyTarget.event_id == ev.id
            )
        )
    }
    out = []
    for fg_id, quantity in rows:
        good = session.get(FinishedGood, fg_id)
        assert good is not None  # RESTRICT keeps package contents pointing at real goods
        out.append(
            {
                "finished_good_id": good.id,
                "finished_good_slug": good.slug,
                "finished_good_name": good.name,
                "quantity": int(quantity),
                "target_quantity": targets.get(good.id),
            }
        )
    return sorted(out, key=lambda r: (r["finished_good_name"].lower(), r["finished_good_id"]))
