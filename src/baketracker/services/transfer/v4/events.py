"""bake-tracker 4.x: recipients, events, package assignments and targets."""

from __future__ import annotations

from typing import Any

from baketracker.services.transfer.v4.goods import package_item
from baketracker.services.transfer.v4.mapper import Mapper, Named, stable_uuid
from baketracker.services.transfer.values import Bad, parse_date

MODES = {"bulk_count": "BULK_COUNT", "bundled": "BUNDLED"}
STATES = {
    "draft": "DRAFT",
    "locked": "LOCKED",
    "in_production": "IN_PRODUCTION",
    "completed": "COMPLETED",
}
ERP_STATUS = {
    "pending": "pending",
    "assembled": "ready",
    "ready": "ready",
    "delivered": "delivered",
}


def recipients_and_events(m: Mapper, packages: Named) -> None:
    """Recipients, events, and what links them: assignments and targets."""
    for path, raw in m.rows("package_finished_goods"):
        ref = m.text(raw, "package_slug", "package_name") or ""
        package = packages.get(ref)
        if package is None:
            m.p.error(f"{path}.package_slug", f"unknown package {ref!r}")
            continue
        quantity = m.number(raw, path, "quantity", default=1)
        package_item(m, package, m.need(raw, path, "finished_good_slug"), quantity, path)
    people: dict[str, str] = {}
    for path, raw in m.rows("recipients"):
        name = m.need(raw, path, "name")
        if name is None:
            continue
        if name.lower() in people:
            m.p.warn(f"{path}: a second recipient named {name!r}; references go to the first")
        key = stable_uuid("recipient", name, m.text(raw, "household", "household_name"))
        people.setdefault(name.lower(), key)
        m.add(
            "recipients",
            {
                "uuid": key,
                "name": name,
                "household": m.text(raw, "household", "household_name"),
                "address": m.text(raw, "address"),
                "notes": m.text(raw, "notes"),
            },
            path,
        )
        m.seen("recipients", path, raw, {"name", "household", "household_name", "address", "notes"})
    events = m.named_events
    for path, raw in m.rows("events"):
        _event(m, path, raw, events)
    _links(m, events, packages, people)


def _event(m: Mapper, path: str, raw: dict[str, Any], events: Named) -> None:
    name = m.need(raw, path, "name")
    when = None
    try:
        when = parse_date(raw.get("event_date"))
    except Bad as exc:
        m.p.error(f"{path}.event_date", str(exc))
    mode = raw.get("output_mode")
    if mode not in MODES:
        shown = "missing" if mode is None else f"{mode!r}, not bulk_count or bundled"
        m.p.warn(
            f"{path}.output_mode: {shown}; read as BUNDLED"
            + (
                " (recipient packages are planned through assembly targets)"
                if mode == "packaged"
                else ""
            )
        )
    state = STATES.get(str(raw.get("plan_state") or "draft").lower())
    if state is None:
        m.p.warn(f"{path}.plan_state: {raw.get('plan_state')!r} read as DRAFT")
    year = raw.get("year")
    notes = m.text(raw, "notes")
    if raw.get("expected_attendees") is not None:
        notes = f"{notes or ''}\nExpected attendees: {raw['expected_attendees']}".strip()
    record = m.add(
        "events",
        {
            "name": name,
            "event_date": when.isoformat() if when else raw.get("event_date"),
            "year": year
            if isinstance(year, int) and not isinstance(year, bool)
            else (when.year if when else None),
            "output_mode": MODES.get(str(mode), "BUNDLED"),
            "plan_state": state or "DRAFT",
            "notes": notes,
            "assignments": [],
            "production_targets": [],
            "assembly_targets": [],
        },
        path,
    )
    events.add(name, record, m.text(raw, "slug"))
    m.seen(
        "events",
        path,
        raw,
        {
            "name",
            "event_date",
            "output_mode",
            "plan_state",
            "year",
            "notes",
            "expected_attendees",
            "slug",
        },
    )


def _child(m: Mapper, event: dict[str, Any], key: str, record: dict[str, Any], path: str) -> None:
    index = m.out["events"].index(event)
    m.origin[f"events[{index}].{key}[{len(event[key])}]"] = path
    event[key].append(record)


def _event_of(m: Mapper, events: Named, raw: dict[str, Any], path: str) -> dict[str, Any] | None:
    ref = m.text(raw, "event_slug", "event_name")
    event = events.get(ref) if ref else None
    if event is None:
        m.p.error(f"{path}.event_slug", f"unknown event {ref!r}")
    return event


def _links(m: Mapper, events: Named, packages: Named, people: dict[str, str]) -> None:
    for path, raw in m.rows("event_recipient_packages"):
        event = _event_of(m, events, raw, path)
        who = m.need(raw, path, "recipient_name")
        recipient = people.get((who or "").lower())
        if who and recipient is None:
            m.p.error(f"{path}.recipient_name", f"unknown recipient {who!r}")
        ref = m.text(raw, "package_slug", "package_name") or ""
        package = packages.get(ref)
        if package is None:
            m.p.error(f"{path}.package_slug", f"unknown package {ref!r}")
        status = raw.get("fulfillment_status") or ERP_STATUS.get(str(raw.get("status")), "pending")
        notes = "\n".join(x for x in (m.text(raw, "notes"), m.text(raw, "delivered_to")) if x)
        if event is not None and recipient and package is not None:
            _child(
                m,
                event,
                "assignments",
                {
                    "recipient": recipient,
                    "package": package["name"],
                    "quantity": raw.get("quantity", 1),
                    "fulfillment_status": status,
                    "notes": notes or None,
                },
                path,
            )
    targets = (
        ("event_production_targets", "production_targets", "recipe", "target_batches"),
        ("batch_decisions", "production_targets", "recipe", "batches"),
        ("event_assembly_targets", "assembly_targets", "finished_good", "target_quantity"),
        ("event_finished_goods", "assembly_targets", "finished_good", "quantity"),
    )
    for array, key, what, amount in targets:
        for path, raw in m.rows(array):
            event = _event_of(m, events, raw, path)
            target: str | None
            if what == "recipe":
                given = m.text(raw, "recipe_slug", "recipe_name")
                target = m.recipe_key(given) if given else None
            else:
                target = m.text(raw, "finished_good_slug", "finished_good_name")
            if target is None:
                m.p.error(f"{path}.{what}_slug", "is required")
            if event is None or target is None:
                continue
            if any(t[what] == target for t in event[key]):
                m.p.warn(
                    f"{path}: {event['name']!r} already has a target for {target!r}; "
                    "this one is not imported"
                )
                continue
            field = "target_batches" if key == "production_targets" else "target_quantity"
            _child(m, event, key, {what: target, field: raw.get(amount, 1)}, path)
