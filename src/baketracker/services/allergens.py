"""Allergen use cases: roll-ups of recipes, goods and packages, and warnings before packing.

A roll-up never guesses: an ingredient nobody has checked makes everything above it
"unknown", never "free of". Warnings are shown, never enforced: a person who knows can
mark an assignment "checked, OK", recorded with who and when, and with a fingerprint of what
they checked (the box's roll-up and what its recipient avoids): once the box's contents or
the recipient's avoidances change, the mark no longer counts and the warning is open again.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any, Literal, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from baketracker.db import AUTO, transactional, utcnow
from baketracker.domain import allergens as rules
from baketracker.domain.allergens import Rollup
from baketracker.errors import Invalid
from baketracker.models import Event, EventRecipientPackage, Product
from baketracker.services import allergen_graph
from baketracker.services.finished_units import get_finished_good_row, get_finished_unit_row
from baketracker.services.lookup import get_recipe_row, resolve
from baketracker.services.packages import get_package_row
from baketracker.services.permissions import requires
from baketracker.services.recipients import assignment_row, event_row

__all__ = [
    "AllergenCheck",
    "AllergenRollup",
    "AllergenWarning",
    "CheckedBefore",
    "PackageAllergens",
    "codes",
    "for_good",
    "for_package",
    "for_recipe",
    "for_recipes",
    "for_unit",
    "fingerprint",
    "mark_checked",
    "open_warnings",
    "parse_text",
    "rollup_dict",
    "set_may_contain",
    "warnings_for_event",
]


def codes() -> list[dict[str, str]]:
    """The standard list, in label order: code, name, family."""
    return [
        {"code": c, "name": rules.display_name(c), "family": rules.family(c)} for c in rules.CODES
    ]


def parse_text(text: str | None, *, record: str, field: str) -> list[str]:
    """Codes typed as `milk, tree_nuts:almond` (a form or the CLI); Invalid on an unknown one."""
    items = [part.strip() for part in (text or "").split(",") if part.strip()]
    return list(rules.parse_codes(items, record=record, field=field))


class AllergenRollup(TypedDict):
    """What a recipe, unit, good or package contains or may contain, and what is unchecked."""

    contains: list[str]
    may_contain: list[str]
    unknown: list[str]
    unknown_names: list[str]
    sources: dict[str, list[list[str]]]
    status: Literal["unknown", "contains", "none"]
    label_contains: str
    label_may_contain: str
    explanation: list[str]


class PackageAllergens(AllergenRollup):
    """A package's allergen roll-up, with the package it is about."""

    package_id: int
    package: str


class CheckedBefore(TypedDict):
    """Who marked a box "checked, OK" before its contents or the avoidances changed."""

    by: str
    at: datetime | None


class AllergenCheck(TypedDict):
    """Whether a warning's "checked, OK" mark counts: who and when, or who had before."""

    checked_by: str | None
    checked_at: datetime | None
    checked_before: CheckedBefore | None


class AllergenWarning(AllergenCheck):
    """A box that brings what its recipient avoids, or holds unchecked ingredients."""

    assignment_id: int
    event_id: int
    recipient: str
    recipient_id: int
    package: str
    package_id: int
    conflicts: list[str]
    unknown: bool
    unknown_ingredients: list[str]
    message: str


def rollup_dict(rollup: Rollup) -> AllergenRollup:
    """A roll-up as the contract shapes it, with `status`, label text and explanation."""
    maybe = rollup.may_contain - rollup.contains
    sources: dict[str, list[list[str]]] = {}
    for code, found in [*((c, rollup.sources) for c in rules.sort_codes(rollup.contains)),
                        *((c, rollup.maybe_sources) for c in rules.sort_codes(maybe))]:
        for key in dict.fromkeys((code, rules.family(code))):
            paths = sources.setdefault(key, [])
            paths += [list(p) for p in found.get(code, ()) if list(p) not in paths]
    status: Literal["unknown", "contains", "none"] = (
        "unknown" if rollup.is_unknown else ("contains" if rollup.contains else "none")
    )
    return {
        "contains": list(rules.expand(rollup.contains)),
        "may_contain": list(rules.expand(maybe)),
        "unknown": sorted(rollup.unknown),
        "unknown_names": [rollup.unknown[s] for s in sorted(rollup.unknown)],
        "sources": sources,
        "status": status,
        "label_contains": rules.describe(rollup.contains),
        "label_may_contain": rules.describe(maybe),
        "explanation": rollup.explanation(),
    }


@transactional(read_only=True)
def for_recipe(recipe: object, *, session: Session = AUTO) -> AllergenRollup:
    """The union over a recipe's lines and sub-recipes (any depth). NotFound."""
    row = get_recipe_row(session, recipe)
    return rollup_dict(allergen_graph.load(session, recipes=[row.id]).recipe(row.id))


@transactional(read_only=True)
def for_recipes(
    recipe_ids: list[int], *, session: Session = AUTO
) -> dict[int, AllergenRollup]:
    """Roll-ups of many recipes at once (the bake-day sheet), by recipe id."""
    graph = allergen_graph.load(session, recipes=recipe_ids)
    return {rid: rollup_dict(graph.recipe(rid)) for rid in recipe_ids if rid in graph.recipe_names}


@transactional(read_only=True)
def for_unit(finished_unit: object, *, session: Session = AUTO) -> AllergenRollup:
    """A finished unit's allergens: its recipe's. NotFound."""
    row = get_finished_unit_row(session, finished_unit)
    return rollup_dict(allergen_graph.load(session, units=[row.id]).unit(row.id))


@transactional(read_only=True)
def for_good(finished_good: object, *, session: Session = AUTO) -> AllergenRollup:
    """The union over a finished good's units and nested goods (packaging adds none)."""
    row = get_finished_good_row(session, finished_good)
    return rollup_dict(allergen_graph.load(session, goods=[row.id]).good(row.id))


@transactional(read_only=True)
def for_package(package: object, *, session: Session = AUTO) -> PackageAllergens:
    """The union over a package's goods. NotFound."""
    row = get_package_row(session, package)
    result = rollup_dict(allergen_graph.load(session, packages=[row.id]).package(row.id))
    return {"package_id": row.id, "package": row.name, **result}


@transactional(read_only=True)
def open_warnings(*, today: date, session: Session = AUTO) -> dict[str, Any]:
    """Warnings of every event still ahead (not completed): those not yet checked, each
    with its event, and how many were checked. For the dashboard."""
    upcoming = session.execute(
        select(Event.id, Event.name)
        .where(Event.event_date >= today, Event.plan_state != "COMPLETED")
        .order_by(Event.event_date, Event.id)
    ).all()
    unchecked: list[dict[str, Any]] = []
    checked = 0
    for event_id, name in upcoming:
        for warning in warnings_for_event(event_id, session=session):
            if warning["checked_by"]:
                checked += 1
            else:
                unchecked.append({**warning, "event": name})
    return {"unchecked": unchecked, "checked": checked}


@transactional(read_only=True)
def warnings_for_event(
    event: object, *, session: Session = AUTO
) -> list[AllergenWarning]:
    """Assignments whose package brings what the recipient avoids, or holds an unknown.

    Each: `assignment_id`, `recipient`, `package`, `conflicts` (avoided codes the package
    contains or may contain), `unknown`, `checked_by`, `checked_at`; in assignment order.
    Marked ones stay in the list (with who checked), so nothing is hidden. A mark made before
    the box or the recipient's avoidances changed does not count: `checked_by` is None and
    `checked_before` says who had checked what was there then.
    """
    ev = event_row(session, event)
    assignments = list(
        session.scalars(
            select(EventRecipientPackage)
            .where(EventRecipientPackage.event_id == ev.id)
            .options(
                joinedload(EventRecipientPackage.recipient),
                joinedload(EventRecipientPackage.package),
            )
            .order_by(EventRecipientPackage.id)
        )
    )
    graph = allergen_graph.load(session, packages={a.package_id for a in assignments})
    rollups = {pid: graph.package(pid) for pid in {a.package_id for a in assignments}}
    out: list[AllergenWarning] = []
    for a in assignments:
        rollup = rollups[a.package_id]
        found = rules.conflicts(a.recipient.avoids or (), rollup.contains | rollup.may_contain)
        if not found and not rollup.is_unknown:
            continue
        out.append(_warning(a, found, rollup))
    return out


def fingerprint(rollup: Rollup, avoids: list[str] | None) -> str:
    """What a "checked, OK" mark is about, as 64 hex digits: everything the box's roll-up
    says (codes, unchecked ingredients, where each comes from) and what its recipient avoids."""

    def paths(found: Any) -> dict[str, list[list[str]]]:
        return {key: sorted(list(p) for p in found[key]) for key in sorted(found)}

    facts = {
        "contains": sorted(rollup.contains),
        "may_contain": sorted(rollup.may_contain),
        "unknown": sorted(rollup.unknown),
        "sources": paths(rollup.sources),
        "maybe_sources": paths(rollup.maybe_sources),
        "unknown_sources": paths(rollup.unknown_sources),
        "avoids": sorted(avoids or ()),
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def _check_counts(a: EventRecipientPackage, rollup: Rollup) -> bool:
    """A mark counts while the box and the avoidances are what was checked (a mark without
    a fingerprint, from before they were kept, counts as it always did)."""
    if not a.allergens_checked_by:
        return False
    return a.allergens_checked_for in (None, fingerprint(rollup, a.recipient.avoids))


def _warning(
    a: EventRecipientPackage, found: tuple[str, ...], rollup: Rollup
) -> AllergenWarning:
    contained = rules.conflicts(found, rollup.contains)
    parts = []
    if found:
        kind = "contains" if contained else "may contain"
        parts.append(f"{a.recipient.name} avoids {rules.describe(found)}; "
                     f"{a.package.name} {kind} it")
    if rollup.is_unknown:
        names = ", ".join(rollup.unknown[s] for s in sorted(rollup.unknown))
        parts.append(f"unknown: {names} not yet checked")
    return {
        "assignment_id": a.id,
        "event_id": a.event_id,
        "recipient": a.recipient.name,
        "recipient_id": a.recipient_id,
        "package": a.package.name,
        "package_id": a.package_id,
        "conflicts": list(found),
        "unknown": rollup.is_unknown,
        "unknown_ingredients": sorted(rollup.unknown),
        "message": "; ".join(parts),
        **_check(a, rollup),
    }


def _check(a: EventRecipientPackage, rollup: Rollup) -> AllergenCheck:
    if _check_counts(a, rollup):
        return {"checked_by": a.allergens_checked_by,
                "checked_at": _aware(a.allergens_checked_at), "checked_before": None}
    before: CheckedBefore | None = None
    if a.allergens_checked_by:
        before = {"by": a.allergens_checked_by, "at": _aware(a.allergens_checked_at)}
    return {"checked_by": None, "checked_at": None, "checked_before": before}


def _aware(value: datetime | None) -> datetime | None:
    """Stored in UTC; SQLite hands it back without its zone."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@transactional
@requires("record")
def mark_checked(
    assignment_id: object, *, by: str | None = None, session: Session = AUTO
) -> dict[str, Any]:
    """Record that `by` checked the box is OK for its recipient (default: the signed-in
    user of the request, else the person running this program), and what the box and the
    recipient's avoidances were, so the mark stops counting when they change.

    Returns `assignment_id`, `checked_by`, `checked_at`. NotFound; Invalid (blank name).
    """
    row = assignment_row(session, assignment_id, lock=True)
    who = (by if by is not None else _actor(session) or getpass.getuser()).strip()
    if not who or len(who) > 200:
        raise Invalid(
            f"Package assignment {row.id}: checked_by must name who checked it "
            "(1 to 200 characters)",
            record=f"Package assignment {row.id}", field="checked_by",
        )
    rollup = allergen_graph.load(session, packages=[row.package_id]).package(row.package_id)
    row.allergens_checked_by = who
    row.allergens_checked_at = utcnow()
    row.allergens_checked_for = fingerprint(rollup, row.recipient.avoids)
    session.flush()
    return {"assignment_id": row.id, "checked_by": row.allergens_checked_by,
            "checked_at": _aware(row.allergens_checked_at)}


def _actor(session: Session) -> str | None:
    """Who acts in this request, when the entry point said (a name, or a user record)."""
    actor = session.info.get("actor")
    if actor is None or isinstance(actor, str):
        return actor
    if isinstance(actor, dict):
        name = actor.get("name")
    else:
        name = getattr(actor, "name", None)
    return name if isinstance(name, str) else None


@transactional
@requires("edit")
def set_may_contain(
    product: object, may_contain: object, *, session: Session = AUTO
) -> dict[str, Any]:
    """Replace a product's "may contain" codes (`[]` clears). Invalid on an unknown code."""
    row = resolve(session, Product, product, what="product")
    row.may_contain = list(
        rules.parse_codes(may_contain, record=f"Product {row.name!r}", field="may_contain")
    )
    session.flush()
    return {"id": row.id, "slug": row.slug, "may_contain": list(row.may_contain)}
