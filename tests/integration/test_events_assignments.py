"""Recipients, package assignments, fulfillment one step at a time, and package needs."""

from __future__ import annotations

import pytest

from baketracker.errors import Conflict, Invalid, NotFound, PlanStateError
from baketracker.services import events, recipients
from tests.support.counts import row_counts
from tests.support.event_rows import make_good, make_package, set_plan_state

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def christmas() -> dict[str, int]:
    """An event, two recipients, and two boxes of cookie tins and brownies."""
    events.create_event("Christmas 2026", event_date="2026-12-20")
    tin, brownies = make_good("Cookie tin"), make_good("Brownie stack")
    return {
        "grandma": events.create_recipient("Grandma", household="Smiths")["id"],
        "neighbour": events.create_recipient("Neighbour", dietary_notes="no nuts")["id"],
        "box_a": make_package("Box A", {tin: 6, brownies: 1}),
        "box_b": make_package("Box B", {tin: 4}),
    }


# --- recipients ------------------------------------------------------------------------


def test_a_recipient_keeps_household_address_and_dietary_notes() -> None:
    made = events.create_recipient(
        " Grandma ", household="Smiths", address="1 Mill Lane", notes="", dietary_notes="nuts"
    )
    assert made == {
        "id": made["id"], "name": "Grandma", "household": "Smiths",
        "address": "1 Mill Lane", "notes": None, "dietary_notes": "nuts", "avoids": [],
    }
    assert events.get_recipient("grandma") == made


def test_a_recipient_is_updated_field_by_field_and_an_empty_string_clears() -> None:
    made = events.create_recipient("Grandma", household="Smiths")
    changed = events.update_recipient(made["id"], name="Nana", household="", notes="loves jam")
    assert (changed["name"], changed["household"], changed["notes"]) == ("Nana", None,
                                                                        "loves jam")
    with pytest.raises(Invalid) as caught:
        events.update_recipient("Nana", name=" ")
    assert caught.value.field == "name"


def test_two_recipients_may_share_a_name_but_then_only_their_ids_find_them() -> None:
    first = events.create_recipient("Sam")
    events.create_recipient("Sam", household="Jones")
    with pytest.raises(Conflict, match="More than one recipient is named 'sam': use its id"):
        events.get_recipient("sam")
    assert events.get_recipient(first["id"])["household"] is None
    assert events.get_recipient(str(first["id"]))["id"] == first["id"]
    assert [r["household"] for r in events.list_recipients(search="jon")] == ["Jones"]


def test_unknown_recipients_are_not_found() -> None:
    for ref in ("Nobody", 999, "", None):
        with pytest.raises(NotFound):
            events.get_recipient(ref)


def test_a_blank_recipient_name_is_refused() -> None:
    with pytest.raises(Invalid) as caught:
        events.create_recipient("")
    assert caught.value.field == "name"


def test_a_recipient_with_assignments_cannot_be_deleted(christmas: dict[str, int]) -> None:
    events.assign_package("Christmas 2026", "Grandma", "Box A")
    with pytest.raises(Conflict, match="'Grandma' has 1 package assignment; remove them first"):
        events.delete_recipient("Grandma")
    events.delete_recipient("Neighbour")
    assert [r["name"] for r in events.list_recipients()] == ["Grandma"]


# --- assignments -----------------------------------------------------------------------


def test_an_assignment_starts_pending_and_carries_names(christmas: dict[str, int]) -> None:
    made = events.assign_package("Christmas 2026", christmas["grandma"], "box a", 2,
                                 notes="wrap")
    assert made["fulfillment_status"] == "pending"
    assert (made["recipient_name"], made["package_name"], made["quantity"]) == (
        "Grandma", "Box A", 2)
    assert [a["id"] for a in events.list_assignments("Christmas 2026")] == [made["id"]]


@pytest.mark.parametrize("quantity", [0, -2, "1.5", "two"])
def test_an_assignment_quantity_must_be_a_whole_number_above_zero(
    christmas: dict[str, int], quantity: object
) -> None:
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        events.assign_package("Christmas 2026", "Grandma", "Box A", quantity)
    assert caught.value.field == "quantity"
    assert row_counts() == before


def test_the_same_box_twice_for_one_recipient_is_refused_in_favour_of_a_quantity(
    christmas: dict[str, int]
) -> None:
    first = events.assign_package("Christmas 2026", "Grandma", "Box A")
    with pytest.raises(Conflict, match=f"assignment {first['id']}"):
        events.assign_package("Christmas 2026", "Grandma", "Box A")
    assert events.update_assignment(first["id"], quantity=3)["quantity"] == 3


def test_an_assignment_can_be_removed_until_it_is_delivered(christmas: dict[str, int]) -> None:
    a = events.assign_package("Christmas 2026", "Grandma", "Box A")
    b = events.assign_package("Christmas 2026", "Neighbour", "Box B")
    events.remove_assignment(a["id"])
    events.advance_fulfillment(b["id"])
    events.advance_fulfillment(b["id"])
    before = row_counts()
    with pytest.raises(Conflict, match="is delivered; it stays on record"):
        events.remove_assignment(b["id"])
    with pytest.raises(Conflict, match="is delivered; its quantity can no longer change"):
        events.update_assignment(b["id"], quantity=2)
    assert row_counts() == before
    with pytest.raises(NotFound, match="No package assignment 'x'"):
        events.remove_assignment("x")


def test_a_completed_event_takes_no_new_assignments_but_still_delivers(
    christmas: dict[str, int]
) -> None:
    a = events.assign_package("Christmas 2026", "Grandma", "Box A")
    set_plan_state("Christmas 2026", "COMPLETED")
    with pytest.raises(PlanStateError, match="assigning a package needs DRAFT or LOCKED or"):
        events.assign_package("Christmas 2026", "Neighbour", "Box B")
    assert events.update_fulfillment_status(a["id"], "ready")["fulfillment_status"] == "ready"


# --- fulfillment -----------------------------------------------------------------------


def test_fulfillment_moves_pending_to_ready_to_delivered(christmas: dict[str, int]) -> None:
    a = events.assign_package("Christmas 2026", "Grandma", "Box A")
    assert events.update_fulfillment_status(a["id"], "ready")["fulfillment_status"] == "ready"
    assert events.update_fulfillment_status(str(a["id"]), "DELIVERED")[
        "fulfillment_status"] == "delivered"


@pytest.mark.parametrize(
    ("steps", "requested", "error", "words"),
    [
        ([], "delivered", Conflict, "is pending; it cannot skip to delivered (next is ready)"),
        (["ready"], "pending", Conflict, "is ready; it cannot go back to pending"),
        (["ready", "delivered"], "ready", Conflict, "is delivered; it cannot go back to ready"),
        (["ready"], "ready", Conflict, "is already ready; requested ready"),
        ([], "shipped", Invalid, "unknown fulfillment status 'shipped'"),
    ],
)
def test_a_skip_a_step_back_or_an_unknown_status_is_refused_and_nothing_is_written(
    christmas: dict[str, int], steps: list[str], requested: str, error: type[Exception],
    words: str,
) -> None:
    a = events.assign_package("Christmas 2026", "Grandma", "Box A")
    for step in steps:
        events.update_fulfillment_status(a["id"], step)
    before = row_counts()
    status_before = events.list_assignments("Christmas 2026")[0]["fulfillment_status"]
    with pytest.raises(error) as caught:
        events.update_fulfillment_status(a["id"], requested)
    message = str(caught.value)
    assert message.startswith(f"Assignment {a['id']} (Box A for Grandma)")
    assert words in message
    assert row_counts() == before
    assert events.list_assignments("Christmas 2026")[0]["fulfillment_status"] == status_before


def test_advancing_past_delivered_is_refused(christmas: dict[str, int]) -> None:
    a = events.assign_package("Christmas 2026", "Grandma", "Box A")
    assert events.advance_fulfillment(a["id"])["fulfillment_status"] == "ready"
    assert events.advance_fulfillment(a["id"])["fulfillment_status"] == "delivered"
    with pytest.raises(Conflict, match="is already delivered; there is no later status"):
        events.advance_fulfillment(a["id"])


def test_packages_are_listed_by_status_with_recipient_and_package_names(
    christmas: dict[str, int]
) -> None:
    a = events.assign_package("Christmas 2026", "Grandma", "Box A")
    events.assign_package("Christmas 2026", "Neighbour", "Box B")
    events.update_fulfillment_status(a["id"], "ready")
    ready = events.get_packages_by_status("Christmas 2026", "ready")
    pending = events.get_packages_by_status("Christmas 2026", "pending")
    assert [(r["recipient_name"], r["package_name"]) for r in ready] == [("Grandma", "Box A")]
    assert [(r["recipient_name"], r["package_name"]) for r in pending] == [
        ("Neighbour", "Box B")]
    assert events.get_packages_by_status("Christmas 2026", "delivered") == []
    with pytest.raises(Invalid) as caught:
        events.get_packages_by_status("Christmas 2026", "lost")
    assert caught.value.field == "fulfillment_status"


# --- package needs ---------------------------------------------------------------------


def test_package_needs_sum_box_contents_times_quantity_per_finished_good(
    christmas: dict[str, int]
) -> None:
    # DOMAIN.md: box A holds 6, box B 4 of the same good; 10 of A and 5 of B → 80.
    events.assign_package("Christmas 2026", "Grandma", "Box A", 10)
    events.assign_package("Christmas 2026", "Neighbour", "Box B", 5)
    events.set_assembly_target("Christmas 2026", "cookie-tin", 70)
    needs = {n["finished_good_slug"]: (n["quantity"], n["target_quantity"])
             for n in events.package_needs("Christmas 2026")}
    assert needs == {"cookie-tin": (80, 70), "brownie-stack": (10, None)}
    # Packages never change the committed targets.
    assert events.get_assembly_targets("Christmas 2026")[0]["target_quantity"] == 70


def test_an_event_without_assignments_needs_no_packages(christmas: dict[str, int]) -> None:
    assert recipients.package_needs("Christmas 2026") == []
