"""Plan states: forward-only transitions and which edits each state allows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baketracker.domain.plan_states import (
    ALLOWED,
    PLAN_STATES,
    Edit,
    allowed_states,
    check_edit,
    check_transition,
    is_allowed,
    next_state,
)
from baketracker.errors import Invalid, PlanStateError


def test_draft_allows_every_edit_except_amendments() -> None:
    assert {a for a in Edit if is_allowed("DRAFT", a)} == set(Edit) - {Edit.AMEND_PLAN}


def test_locked_allows_batch_counts_but_freezes_the_other_targets() -> None:
    assert is_allowed("LOCKED", Edit.CHANGE_BATCH_COUNT)
    for action in (Edit.ADD_PRODUCTION_TARGET, Edit.REMOVE_PRODUCTION_TARGET,
                   Edit.ADD_ASSEMBLY_TARGET, Edit.CHANGE_ASSEMBLY_TARGET,
                   Edit.REMOVE_ASSEMBLY_TARGET, Edit.CHANGE_OUTPUT_MODE):
        assert not is_allowed("LOCKED", action)


def test_in_production_changes_targets_only_through_amendments() -> None:
    assert is_allowed("IN_PRODUCTION", Edit.AMEND_PLAN)
    target_edits = [a for a in Edit if "target" in a.value or a is Edit.CHANGE_BATCH_COUNT]
    assert target_edits and not any(is_allowed("IN_PRODUCTION", a) for a in target_edits)


def test_completed_is_read_only_except_handing_packages_over() -> None:
    assert {a for a in Edit if is_allowed("COMPLETED", a)} == {
        Edit.UPDATE_FULFILLMENT, Edit.DELETE_EVENT
    }


def test_a_refused_edit_names_the_event_its_state_the_action_and_the_state_it_needs() -> None:
    with pytest.raises(PlanStateError) as caught:
        check_edit("LOCKED", Edit.ADD_PRODUCTION_TARGET, event="Christmas 2026")
    assert str(caught.value) == (
        "Event 'Christmas 2026' is LOCKED; adding a production target needs DRAFT"
    )
    with pytest.raises(PlanStateError, match="changing a batch count needs DRAFT or LOCKED"):
        check_edit("IN_PRODUCTION", Edit.CHANGE_BATCH_COUNT, event="Bake sale")


def test_an_unknown_state_is_invalid() -> None:
    with pytest.raises(Invalid) as caught:
        is_allowed("PAUSED", Edit.CHANGE_DETAILS)
    assert caught.value.field == "plan_state"


def test_states_move_forward_one_step_at_a_time() -> None:
    assert [next_state(s) for s in PLAN_STATES[:-1]] == list(PLAN_STATES[1:])
    assert check_transition("DRAFT", "LOCKED", event="Xmas") == "LOCKED"
    with pytest.raises(PlanStateError, match="'Xmas' is COMPLETED; it has no later state"):
        next_state("COMPLETED", event="Xmas")


@pytest.mark.parametrize(
    ("current", "requested", "why"),
    [
        ("DRAFT", "IN_PRODUCTION", "next is LOCKED"),
        ("IN_PRODUCTION", "LOCKED", "plan states only move forward"),
        ("LOCKED", "LOCKED", "it is already there"),
    ],
)
def test_a_skip_a_step_back_or_a_repeat_is_refused_saying_why(
    current: str, requested: str, why: str
) -> None:
    with pytest.raises(PlanStateError) as caught:
        check_transition(current, requested, event="Xmas")
    assert str(caught.value) == (
        f"Event 'Xmas' is {current}; it cannot move to {requested} ({why})"
    )


def test_every_edit_has_a_rule() -> None:
    assert set(ALLOWED) == set(Edit)
    assert allowed_states(Edit.CHANGE_BATCH_COUNT) == ("DRAFT", "LOCKED")


@given(st.sampled_from(PLAN_STATES), st.sampled_from(PLAN_STATES))
def test_only_the_next_state_is_ever_reachable(current: str, requested: str) -> None:
    forward_one = PLAN_STATES.index(requested) == PLAN_STATES.index(current) + 1
    try:
        check_transition(current, requested, event="e")
    except PlanStateError:
        assert not forward_one
    else:
        assert forward_one


@given(st.sampled_from(PLAN_STATES), st.sampled_from(list(Edit)))
def test_nothing_is_editable_later_that_was_frozen_earlier_except_amendments(
    state: str, action: Edit
) -> None:
    # Once frozen, an edit stays frozen: a later state never re-opens it.
    later = PLAN_STATES[PLAN_STATES.index(state):]
    if action is not Edit.AMEND_PLAN and not is_allowed(state, action):
        assert not any(is_allowed(s, action) for s in later)
