"""Definition snapshots: one way to store a recipe or finished-good snapshot, and one way
for production and assembly to pick the snapshot a run is recorded against.

A recipe snapshot and a finished-good snapshot differ in their table, their run table
and the JSON they hold (services/plan_inputs/snapshot_json.py); a `SnapshotKind` names
those differences and the functions here do the rest the same way for both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from baketracker.errors import Invalid, NotFound
from baketracker.models import (
    AssemblyRun,
    Event,
    EventAssemblyTarget,
    EventProductionTarget,
    FinishedGoodSnapshot,
    ProductionRun,
    RecipeSnapshot,
)

S = TypeVar("S", RecipeSnapshot, FinishedGoodSnapshot)


@dataclass(frozen=True)
class SnapshotKind(Generic[S]):
    """What differs between recipe and finished-good snapshots."""

    model: type[S]
    owner_key: str  # the owner's column on the snapshot, the run and the target
    link: str  # the snapshot's column on the run and on the event target
    run_model: type[ProductionRun] | type[AssemblyRun]
    run_name: str  # "production run" / "assembly run"
    a_run: str  # "a production run" / "an assembly run"
    run_field: str  # the parameter that names a run to link
    made_other: str  # how a run of another owner is described
    target_model: type[EventProductionTarget] | type[EventAssemblyTarget]


RECIPE: SnapshotKind[RecipeSnapshot] = SnapshotKind(
    model=RecipeSnapshot,
    owner_key="recipe_id",
    link="recipe_snapshot_id",
    run_model=ProductionRun,
    run_name="production run",
    a_run="a production run",
    run_field="production_run_id",
    made_other="baked another recipe",
    target_model=EventProductionTarget,
)

FINISHED_GOOD: SnapshotKind[FinishedGoodSnapshot] = SnapshotKind(
    model=FinishedGoodSnapshot,
    owner_key="finished_good_id",
    link="finished_good_snapshot_id",
    run_model=AssemblyRun,
    run_name="assembly run",
    a_run="an assembly run",
    run_field="assembly_run_id",
    made_other="assembled another finished good",
    target_model=EventAssemblyTarget,
)


def _run_to_link(
    session: Session, kind: SnapshotKind[S], owner: Any, run_id: int | None, is_planning: bool
) -> Any:
    if run_id is None:
        return None
    if is_planning:
        raise Invalid(
            f"A snapshot for {kind.a_run} is not a planning snapshot", field="is_planning"
        )
    run = session.get(kind.run_model, run_id)
    if run is None:
        raise NotFound(f"No {kind.run_name} {run_id}")
    if getattr(run, kind.owner_key) != owner.id:
        raise Invalid(
            f"{kind.run_name.capitalize()} {run.id} {kind.made_other}, not {owner.name!r}",
            field=kind.run_field,
        )
    return run


def store_snapshot(
    session: Session,
    kind: SnapshotKind[S],
    owner: Any,
    data: Callable[[], dict[str, Any]],
    *,
    run_id: int | None,
    is_planning: bool,
    **columns: Any,
) -> S:
    """Store `owner`'s snapshot (`data()` is its JSON), linking the run `run_id` to it.

    Raises NotFound (no such run), Invalid (a run of another owner; a run given for a
    planning snapshot). Nothing is written before those checks pass.
    """
    run = _run_to_link(session, kind, owner, run_id, is_planning)
    snapshot = kind.model(
        **{kind.owner_key: owner.id}, is_planning=is_planning, data=data(), **columns
    )
    session.add(snapshot)
    session.flush()
    if run is not None:
        setattr(run, kind.link, snapshot.id)
        session.flush()
    return snapshot


def planned_or_new(
    session: Session,
    kind: SnapshotKind[S],
    owner_id: int,
    event: Event | None,
    take: Callable[[], int],
) -> tuple[S, bool]:
    """The event target's planning snapshot of the owner when there is one (reused: True),
    else a new one from `take()` (which returns its id). Shared by production and assembly."""
    planned = None
    if event is not None:
        target = kind.target_model
        planned = session.scalar(
            select(getattr(target, kind.link)).where(
                target.event_id == event.id, getattr(target, kind.owner_key) == owner_id
            )
        )
    if planned is not None:
        snapshot = session.get(kind.model, planned)
        if snapshot is not None:
            return snapshot, True
    return session.get_one(kind.model, take()), False


def drop_unused_planning(session: Session, kind: SnapshotKind[Any], ids: set[int | None]) -> None:
    """Delete the planning snapshots among `ids` that no run and no event target uses any
    more (a recorded run's snapshot, or one that is not planning, is kept)."""
    if not ids:
        return
    on_target = getattr(kind.target_model, kind.link)
    used = select(getattr(kind.run_model, kind.link)).union(
        select(on_target).where(on_target.is_not(None))
    )
    session.execute(
        delete(kind.model).where(
            kind.model.id.in_(ids),
            kind.model.is_planning.is_(True),
            kind.model.id.not_in(used),
        )
    )
