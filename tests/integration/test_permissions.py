"""Each role's allowed and refused actions through the services: refused ones raise Forbidden
and write nothing; every write service declares the action it is."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest

from baketracker import services
from baketracker.domain.accounts import ACTIONS, PERMISSIONS, Actor, allowed
from baketracker.errors import Forbidden
from baketracker.services import (
    catalog,
    events,
    inventory,
    plan_state,
    production,
    recipients,
    users,
)
from baketracker.services.transfer import export_document, import_document
from tests.support import event_bakery
from tests.support.accounts import acting_as, make_users
from tests.support.counts import row_counts

# One representative service call per action (the session is the actor's).
CALLS: dict[str, Callable[..., Any]] = {
    "edit": lambda s: catalog.create_ingredient("Salt", session=s),
    "record": lambda s: inventory.adjust_stock("flour", "1", "cup", reason="spoilage", session=s),
    "plan": lambda s: plan_state.lock_plan(event_bakery.XMAS, session=s),
    "transfer": lambda s: import_document(export_document(session=s), mode="merge", session=s),
    "users": lambda s: users.create_user("Eve", "long enough", role="viewer", session=s),
}


@pytest.fixture
def people(db: str) -> dict[str, Actor]:
    event_bakery.build()
    return make_users(("Sam", "owner"), ("Ann", "baker"), ("Vic", "viewer"))


@pytest.mark.parametrize("action", sorted(CALLS))
@pytest.mark.parametrize("who", ["Sam", "Ann", "Vic"])
def test_each_role_may_do_what_its_table_allows_and_nothing_else(
    people: dict[str, Actor], who: str, action: str
) -> None:
    actor = people[who]
    before = row_counts()
    if allowed(actor.role, action):
        with acting_as(actor) as session:
            CALLS[action](session)
        return
    with pytest.raises(Forbidden) as refused:
        with acting_as(actor) as session:
            CALLS[action](session)
    assert who in refused.value.message and actor.role in refused.value.message
    assert row_counts() == before


def test_the_table_gives_the_owner_all_the_baker_the_kitchen_and_the_viewer_reading() -> None:
    assert PERMISSIONS["owner"] == frozenset(ACTIONS)
    assert {a for a in ACTIONS if allowed("baker", a)} == {"record", "edit", "account"}
    assert {a for a in ACTIONS if allowed("viewer", a)} == {"account"}
    assert all(allowed(None, a) for a in ACTIONS)  # the CLI on the machine acts as owner


def test_a_viewer_reads_everything_a_baker_records_and_the_owner_decides(
    people: dict[str, Actor],
) -> None:
    with acting_as(people["Vic"], write=False) as session:
        assert events.list_events(session=session)
        assert inventory.stock_summary(session=session) is not None
    with acting_as(people["Ann"]) as session:
        run = production.record_batch_production("sugar-cookies", 1, event=event_bakery.XMAS,
                                                 session=session)
        assert run["actual_yield"] == 24
    with pytest.raises(Forbidden):
        with acting_as(people["Ann"]) as session:
            plan_state.start_production(event_bakery.XMAS, session=session)
    with acting_as(people["Sam"]) as session:
        plan_state.lock_plan(event_bakery.XMAS, session=session)


# Writes that are steps of other services (each caller declares its own action).
INTERNAL = {
    "create_plan_snapshot", "create_recipe_snapshot", "create_finished_good_snapshot",
    "_attempt", "create_user", "set_password", "change_own_password",  # these check inside
    "set_target", "delete_target",  # the production/assembly names around them check
    # the replay store of HTTP writes: part of every request, not an action of its own
    "claim_key", "finish_key", "release_key",
}
READS = ("get_", "list_", "on_hand", "last_purchase_price", "stock_summary", "estimate_",
         "explode_", "flatten_", "compare_", "package_needs")


def _write_services() -> list[tuple[str, Any]]:
    found = []
    for info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"baketracker.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or not hasattr(fn, "__wrapped__"):
                continue
            if getattr(fn, "read_only", False) or name.startswith(READS) or name in INTERNAL:
                continue
            found.append((f"{info.name}.{name}", fn))
    return found


def test_every_write_service_names_the_action_it_is() -> None:
    writes = _write_services()
    assert len(writes) > 40
    missing = [name for name, fn in writes
               if getattr(fn, "required_action", None) not in ACTIONS]
    assert missing == []


def test_fulfillment_is_kitchen_work_but_assigning_packages_is_the_owners(
    people: dict[str, Actor],
) -> None:
    assignment = recipients.list_assignments(event_bakery.XMAS)[0]
    with pytest.raises(Forbidden):
        with acting_as(people["Ann"]) as session:
            recipients.remove_assignment(assignment["id"], session=session)
    assert recipients.advance_fulfillment.required_action == "record"
