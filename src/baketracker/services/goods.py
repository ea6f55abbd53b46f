"""Finished goods (bare and bundled), gift-box packages and finished-good snapshots.

Finished units themselves are in services.finished_units; a BARE good is created there
with each unit. Packages are in services.packages; API.md names them here, so they are
re-exported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, subqueryload

from baketracker.db import AUTO, transactional
from baketracker.domain import bom
from baketracker.domain.numbers import positive_quantity
from baketracker.errors import Invalid, NotFound
from baketracker.models import (
    Composition,
    FinishedGood,
    FinishedGoodSnapshot,
    FinishedUnit,
    Material,
)
from baketracker.services.definition_snapshots import FINISHED_GOOD, store_snapshot
from baketracker.services.finished_units import get_finished_good_row, get_finished_unit_row
from baketracker.services.lookup import require_text, resolve, unique_slug
from baketracker.services.packages import (
    add_to_package,
    create_package,
    get_package,
    get_package_row,
    list_packages,
    package_dict,
    remove_from_package,
)
from baketracker.services.permissions import requires
from baketracker.services.plan_inputs.definitions import (
    composition_line_dict,
    explode_goods,
    finished_good_snapshot_data,
)

__all__ = [
    "MAX_DEPTH",
    "PART_KEYS",
    "add_component",
    "add_part",
    "add_to_package",
    "create_finished_good",
    "create_finished_good_snapshot",
    "create_package",
    "explode_finished_good",
    "finished_good_dict",
    "get_finished_good",
    "get_finished_good_snapshot",
    "get_package",
    "get_package_row",
    "list_finished_goods",
    "list_packages",
    "on_hand",
    "package_dict",
    "remove_component",
    "remove_from_package",
]

MAX_DEPTH = 5
PART_KEYS = ("finished_unit", "finished_good", "material")


@transactional
def on_hand(
    finished_unit_or_good: object,
    *,
    kind: Literal["finished_unit", "finished_good"] | None = None,
    session: Session = AUTO,
) -> int:
    """How many of a finished unit or finished good are on hand.

    A bare good shares its unit's slug, so a slug or id is looked up as a finished unit
    first, then as a finished good; pass `kind` to choose.
    """
    ref = finished_unit_or_good
    if isinstance(ref, FinishedUnit | FinishedGood):
        return ref.on_hand
    if kind in (None, "finished_unit"):
        try:
            return get_finished_unit_row(session, ref).on_hand
        except NotFound:
            if kind == "finished_unit":
                raise
    try:
        return get_finished_good_row(session, ref).on_hand
    except NotFound:
        if kind == "finished_good":
            raise
        raise NotFound(f"No finished unit or finished good {ref!r}") from None


# --- finished goods --------------------------------------------------------------------


def _part(session: Session, component: object, record: str) -> tuple[str, Any, Decimal]:
    if not isinstance(component, Mapping):
        raise Invalid(
            f"{record}: a component is a dict with one of {', '.join(PART_KEYS)} and a quantity",
            record=record,
            field="components",
        )
    given = [key for key in PART_KEYS if component.get(key) is not None]
    unknown = set(component) - {*PART_KEYS, "quantity"}
    if unknown or len(given) != 1:
        raise Invalid(
            f"{record}: a component names exactly one of {', '.join(PART_KEYS)}"
            + (f" (unknown: {', '.join(sorted(unknown))})" if unknown else ""),
            record=record,
            field="components",
        )
    key = given[0]
    if key == "finished_unit":
        part: Any = get_finished_unit_row(session, component[key])
    elif key == "finished_good":
        part = get_finished_good_row(session, component[key])
    else:
        part = resolve(session, Material, component[key], what="material")
    quantity = positive_quantity(
        component.get("quantity", 1),
        field="quantity",
        record=f"{record}, line {part.name!r}",
        whole=key != "material",
    )
    return key, part, quantity


def _good_graph(session: Session) -> dict[int, list[int]]:
    graph: dict[int, list[int]] = {}
    rows = session.execute(
        select(Composition.finished_good_id, Composition.component_good_id).where(
            Composition.component_good_id.is_not(None)
        )
    ).all()
    for parent, child in rows:
        if child is not None:
            graph.setdefault(parent, []).append(child)
    return graph


def _good_names(session: Session) -> dict[int, str]:
    return {gid: name for gid, name in session.execute(select(FinishedGood.id, FinishedGood.name))}


def add_part(session: Session, good: FinishedGood, component: object) -> Composition:
    """Add (or add to) one composition line, refusing cycles and excess nesting."""
    record = f"Finished good {good.name!r}"
    if good.kind == "BARE":
        raise Invalid(
            f"{record} is a bare good (exactly one finished unit); make a bundle to combine items",
            record=good.name,
            field="components",
        )
    key, part, quantity = _part(session, component, record)
    if key == "finished_good":
        graph = _good_graph(session)
        graph.setdefault(good.id, []).append(part.id)
        names = _good_names(session)
        bom.check_graph(
            graph,
            good.id,
            max_depth=MAX_DEPTH,
            describe=lambda i: names[i],
            what="finished good",
            field="components",
        )
    column = {
        "finished_unit": "finished_unit_id",
        "finished_good": "component_good_id",
        "material": "material_id",
    }[key]
    for line in good.components:
        if getattr(line, column) == part.id:
            line.quantity = line.quantity + quantity
            session.flush()
            return line
    line = Composition(quantity=quantity, position=len(good.components))
    setattr(
        line,
        {
            "finished_unit": "finished_unit",
            "finished_good": "component_good",
            "material": "material",
        }[key],
        part,
    )
    good.components.append(line)
    session.flush()
    return line


def finished_good_dict(good: FinishedGood) -> dict[str, Any]:
    return {
        "id": good.id,
        "slug": good.slug,
        "name": good.name,
        "kind": good.kind,
        "on_hand": good.on_hand,
        "notes": good.notes,
        "components": [composition_line_dict(line) for line in good.components],
    }


@transactional
@requires("edit")
def create_finished_good(
    name: str,
    *,
    components: Iterable[Mapping[str, Any]] = (),
    slug: str | None = None,
    notes: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Add a BUNDLE finished good: `components` are dicts with exactly one of
    `finished_unit`, `finished_good`, `material` (id or slug) plus `quantity` > 0
    (whole for units and goods). The same part twice is one line with the sum.

    Raises Invalid (blank name, bad line, cycle or nesting deeper than 5, naming the
    path), Conflict (slug taken), NotFound (a part).
    """
    name = require_text(name, field="name", record="Finished good")
    good = FinishedGood(
        name=name,
        kind="BUNDLE",
        notes=notes,
        slug=unique_slug(session, FinishedGood, slug, name, what="Finished good"),
    )
    session.add(good)
    session.flush()
    for component in components:
        add_part(session, good, component)
    return finished_good_dict(good)


@transactional
@requires("edit")
def add_component(
    finished_good: object, component: Mapping[str, Any], *, session: Session = AUTO
) -> dict[str, Any]:
    """Add a line to a bundle (see create_finished_good); returns the updated good.

    Adding a part already listed adds to its quantity. Refuses bare goods, cycles
    (direct and transitive) and nesting deeper than 5, naming the path; writes nothing
    when refused.
    """
    good = get_finished_good_row(session, finished_good)
    add_part(session, good, component)
    return finished_good_dict(good)


@transactional
@requires("edit")
def remove_component(
    finished_good: object, component: Mapping[str, Any], *, session: Session = AUTO
) -> dict[str, Any]:
    """Remove a bundle's line for the part named in `component` (quantity ignored)."""
    good = get_finished_good_row(session, finished_good)
    record = f"Finished good {good.name!r}"
    if good.kind == "BARE":
        raise Invalid(
            f"{record} is a bare good; its finished unit cannot be removed",
            record=good.name,
            field="components",
        )
    key, part, _ = _part(session, {**component, "quantity": 1}, record)
    for line in list(good.components):
        described = composition_line_dict(line)
        if described["type"] == key and described["id"] == part.id:
            good.components.remove(line)
            session.flush()
            return finished_good_dict(good)
    raise NotFound(f"{record} has no line for {part.name!r}")


@transactional
def list_finished_goods(
    *, search: str | None = None, kind: str | None = None, session: Session = AUTO
) -> list[dict[str, Any]]:
    """Finished goods by name; `kind` BARE or BUNDLE; `search` matches name or slug."""
    # subqueryload: one query for every good's lines whatever their number (selectinload
    # sends one per 500 goods, so the page's statement count would grow with the catalog).
    query = (
        select(FinishedGood)
        .options(
            subqueryload(FinishedGood.components).options(
                joinedload(Composition.finished_unit),
                joinedload(Composition.component_good),
                joinedload(Composition.material),
            )
        )
        .order_by(func.lower(FinishedGood.name), FinishedGood.id)
    )
    if kind is not None:
        if kind.upper() not in ("BARE", "BUNDLE"):
            raise Invalid(f"Kind {kind!r} is unknown; use BARE or BUNDLE", field="kind")
        query = query.where(FinishedGood.kind == kind.upper())
    if search and search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(func.lower(FinishedGood.name).like(pattern), FinishedGood.slug.like(pattern))
        )
    return [finished_good_dict(g) for g in session.scalars(query).all()]


@transactional
def get_finished_good(finished_good: object, *, session: Session = AUTO) -> dict[str, Any]:
    """A good with its lines and what one of it explodes to (units and materials)."""
    good = get_finished_good_row(session, finished_good)
    return {**finished_good_dict(good), **explode_goods(session, {good.id: Decimal(1)})}


@transactional
def explode_finished_good(
    finished_good: object, quantity: object = 1, *, session: Session = AUTO
) -> dict[str, Any]:
    """`finished_units` and `materials` (each with `quantity`) that `quantity` goods need.

    A bundle of 2 units × 10 needs 20 units; a bundle nested in a bundle multiplies.
    """
    good = get_finished_good_row(session, finished_good)
    amount = positive_quantity(quantity, field="quantity", record=f"Finished good {good.name!r}")
    return {
        "finished_good_slug": good.slug,
        "quantity": amount,
        **explode_goods(session, {good.id: amount}),
    }


# --- definition snapshots --------------------------------------------------------------


@transactional
def create_finished_good_snapshot(
    finished_good: object,
    *,
    assembly_run_id: int | None = None,
    is_planning: bool = False,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Store the good's definition as it is now; later edits never change it.

    `is_planning` marks a snapshot taken for a plan (no run yet). `assembly_run_id`
    links an existing assembly run of this good to the new snapshot (the run row holds
    the link, AssemblyRun.finished_good_snapshot_id): for backfilling a run recorded
    without one. Raises NotFound, Invalid (run of another good, or both options).
    """
    good = get_finished_good_row(session, finished_good)
    snapshot = store_snapshot(
        session,
        FINISHED_GOOD,
        good,
        lambda: finished_good_snapshot_data(session, good, assembly_run_id=assembly_run_id),
        run_id=assembly_run_id,
        is_planning=is_planning,
    )
    return {"id": snapshot.id, "finished_good_id": good.id, "is_planning": is_planning}


@transactional
def get_finished_good_snapshot(snapshot_id: int, *, session: Session = AUTO) -> dict[str, Any]:
    """`id`, `finished_good_id`, `is_planning`, `created_at` and the stored `data`."""
    snapshot = session.get(FinishedGoodSnapshot, snapshot_id)
    if snapshot is None:
        raise NotFound(f"No finished good snapshot {snapshot_id}")
    return {
        "id": snapshot.id,
        "finished_good_id": snapshot.finished_good_id,
        "is_planning": snapshot.is_planning,
        "created_at": snapshot.created_at,
        "data": snapshot.data,
    }
