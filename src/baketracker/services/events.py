"""Events (name, date, output mode, plan state); the home of every event use case.

API.md names every event use case under `baketracker.services.events`. Recipients and
package assignments live in `services.recipients`, targets in `services.targets`,
progress in `services.progress`; they are imported here so both spellings work.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain.plan_states import Edit, check_edit
from baketracker.errors import Conflict, Invalid
from baketracker.models import (
    AssemblyRun,
    Event,
    ProductionRun,
)
from baketracker.services.definition_snapshots import FINISHED_GOOD, RECIPE, drop_unused_planning
from baketracker.services.lookup import event_row, require_text
from baketracker.services.permissions import requires
from baketracker.services.progress import (
    get_assembly_progress,
    get_event_overall_progress,
    get_event_progress,
    get_production_progress,
)
from baketracker.services.recipients import (
    advance_fulfillment,
    assign_package,
    create_recipient,
    delete_recipient,
    get_packages_by_status,
    get_recipient,
    list_assignments,
    list_recipients,
    package_needs,
    remove_assignment,
    update_assignment,
    update_fulfillment_status,
    update_recipient,
)
from baketracker.services.targets import (
    delete_assembly_target,
    delete_production_target,
    get_assembly_targets,
    get_production_targets,
    set_assembly_target,
    set_production_target,
)

__all__ = [
    "OUTPUT_MODES",
    "advance_fulfillment",
    "assign_package",
    "create_event",
    "create_recipient",
    "delete_assembly_target",
    "delete_event",
    "delete_production_target",
    "delete_recipient",
    "event_row",
    "get_assembly_progress",
    "get_assembly_targets",
    "get_event",
    "get_event_overall_progress",
    "get_event_progress",
    "get_packages_by_status",
    "get_production_progress",
    "get_production_targets",
    "get_recipient",
    "list_assignments",
    "list_events",
    "list_recipients",
    "package_needs",
    "remove_assignment",
    "set_assembly_target",
    "set_production_target",
    "update_assignment",
    "update_event",
    "update_fulfillment_status",
    "update_recipient",
]

OUTPUT_MODES = ("BUNDLED", "BULK_COUNT")
_MODE_ALIASES = {"BULK": "BULK_COUNT", "BUNDLE": "BUNDLED"}


# --- events ----------------------------------------------------------------------------


def _output_mode(value: object, record: str) -> str:
    text = str(value or "").strip().upper().replace("-", "_").replace(" ", "_")
    mode = _MODE_ALIASES.get(text, text)
    if mode not in OUTPUT_MODES:
        raise Invalid(
            f"Event {record!r}: output_mode {value!r} is not one of {', '.join(OUTPUT_MODES)}",
            record=record,
            field="output_mode",
        )
    return mode


def _event_date(value: object, record: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(
        f"Event {record!r}: event_date {value!r} is not a date like 2026-12-20",
        record=record,
        field="event_date",
    )


def _refuse_taken_name(session: Session, name: str, *, exclude_id: int | None = None) -> None:
    # Names are how bakers type events, and resolve() matches them case-insensitively.
    clash = session.scalars(
        select(Event).where(func.lower(Event.name) == name.lower(), Event.id != (exclude_id or 0))
    ).first()
    if clash is not None:
        raise Conflict(f"Event name {name!r} is already used by event {clash.id} ({clash.name!r})")


def _flush_named(session: Session, name: str) -> None:
    # A concurrent writer may take the name between our check and our insert.
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"Event name {name!r} is already used by another event") from None


def event_dict(row: Event) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "event_date": row.event_date,
        "year": row.year,
        "output_mode": row.output_mode,
        "plan_state": row.plan_state,
        "notes": row.notes,
    }


@transactional
@requires("plan")
def create_event(
    name: str,
    *,
    event_date: object,
    output_mode: str = "BUNDLED",
    notes: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Add an event in plan state DRAFT; its year comes from its date.

    `event_date` is a date or an ISO string; `output_mode` BUNDLED or BULK_COUNT ("bulk"
    also reads as BULK_COUNT). Raises Invalid (blank name, bad date, unknown output_mode)
    and Conflict (name already used, case-insensitively).
    """
    name = require_text(name, field="name", record="Event")
    when = _event_date(event_date, name)
    mode = _output_mode(output_mode, name)
    _refuse_taken_name(session, name)
    row = Event(
        name=name,
        event_date=when,
        year=when.year,
        output_mode=mode,
        plan_state="DRAFT",
        notes=(notes or "").strip() or None,
    )
    session.add(row)
    _flush_named(session, name)
    return event_dict(row)


@transactional
@requires("plan")
def update_event(
    event: object,
    *,
    name: str | None = None,
    event_date: object = None,
    output_mode: str | None = None,
    notes: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Change the fields given (an empty `notes` clears them); the year follows the date.

    Name, date and notes change until the event is COMPLETED; the output mode only in
    DRAFT. Raises NotFound, Invalid, Conflict (name taken), PlanStateError.
    """
    row = event_row(session, event)
    new_name = (
        require_text(name, field="name", record=f"Event {row.name!r}") if name is not None else None
    )
    when = _event_date(event_date, row.name) if event_date is not None else None
    mode = _output_mode(output_mode, row.name) if output_mode is not None else None
    details = (
        (new_name is not None and new_name != row.name)
        or (when is not None and when != row.event_date)
        or notes is not None
    )
    if details:
        check_edit(row.plan_state, Edit.CHANGE_DETAILS, event=row.name)
    if mode is not None and mode != row.output_mode:
        check_edit(row.plan_state, Edit.CHANGE_OUTPUT_MODE, event=row.name)
        row.output_mode = mode
    if new_name is not None and new_name != row.name:
        _refuse_taken_name(session, new_name, exclude_id=row.id)
        row.name = new_name
    if when is not None:
        row.event_date, row.year = when, when.year
    if notes is not None:
        row.notes = notes.strip() or None
    _flush_named(session, row.name)
    return event_dict(row)


@transactional
def get_event(event: object, *, session: Session = AUTO) -> dict[str, Any]:
    """The event by id or name, with its target and assignment counts. Raises NotFound."""
    row = event_row(session, event)
    out = event_dict(row)
    out["production_targets"] = len(row.production_targets)
    out["assembly_targets"] = len(row.assembly_targets)
    out["assignments"] = len(row.assignments)
    return out


@transactional
def list_events(*, year: int | None = None, session: Session = AUTO) -> list[dict[str, Any]]:
    """Events by date, earliest first (then by name); optionally only one year's."""
    query = select(Event).order_by(Event.event_date, func.lower(Event.name))
    if year is not None:
        query = query.where(Event.year == year)
    return [event_dict(r) for r in session.scalars(query)]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@transactional
@requires("plan")
def delete_event(event: object, *, session: Session = AUTO) -> None:
    """Delete an event and its planning rows: targets, assignments, plan containers,
    plan snapshot, amendments, and planning definition snapshots no run or other target
    uses.

    Refused (Conflict, nothing deleted) while production or assembly runs are attributed
    to it, saying how many hold it; the database's RESTRICT foreign keys back this up.
    """
    row = event_row(session, event)
    produced = session.scalar(select(func.count()).where(ProductionRun.event_id == row.id)) or 0
    assembled = session.scalar(select(func.count()).where(AssemblyRun.event_id == row.id)) or 0
    if produced or assembled:
        runs = " and ".join(
            part
            for part in (
                _plural(produced, "production run") if produced else "",
                _plural(assembled, "assembly run") if assembled else "",
            )
            if part
        )
        raise Conflict(
            f"Event {row.name!r} cannot be deleted: {runs} "
            f"({_plural(produced + assembled, 'run')} in all) are recorded for it"
        )
    check_edit(row.plan_state, Edit.DELETE_EVENT, event=row.name)
    recipe_snaps = {t.recipe_snapshot_id for t in row.production_targets} - {None}
    good_snaps = {t.finished_good_snapshot_id for t in row.assembly_targets} - {None}
    session.delete(row)
    session.flush()
    _drop_unused_planning_snapshots(session, recipe_snaps, good_snaps)


def _drop_unused_planning_snapshots(
    session: Session, recipe_snaps: set[int | None], good_snaps: set[int | None]
) -> None:
    drop_unused_planning(session, RECIPE, recipe_snaps)
    drop_unused_planning(session, FINISHED_GOOD, good_snaps)
