"""Plan states of an event: the forward-only lifecycle and which edits each state allows."""

from __future__ import annotations

from enum import StrEnum

from baketracker.errors import Invalid, PlanStateError

__all__ = [
    "ALLOWED",
    "PLAN_STATES",
    "Edit",
    "allowed_states",
    "check_edit",
    "check_transition",
    "is_allowed",
    "next_state",
]

# Forward only, one step at a time.
PLAN_STATES: tuple[str, ...] = ("DRAFT", "LOCKED", "IN_PRODUCTION", "COMPLETED")


class Edit(StrEnum):
    """Something a baker can change about an event; the value reads well in a message."""

    CHANGE_DETAILS = "changing the event's name, date or notes"
    CHANGE_OUTPUT_MODE = "changing the output mode"
    ADD_PRODUCTION_TARGET = "adding a production target"
    CHANGE_BATCH_COUNT = "changing a batch count"
    REMOVE_PRODUCTION_TARGET = "removing a production target"
    ADD_ASSEMBLY_TARGET = "adding an assembly target"
    CHANGE_ASSEMBLY_TARGET = "changing an assembly target"
    REMOVE_ASSEMBLY_TARGET = "removing an assembly target"
    ASSIGN_PACKAGE = "assigning a package"
    CHANGE_ASSIGNMENT = "changing a package assignment"
    REMOVE_ASSIGNMENT = "removing a package assignment"
    UPDATE_FULFILLMENT = "updating fulfillment"
    AMEND_PLAN = "amending the plan"
    DELETE_EVENT = "deleting the event"


_ALL = frozenset(PLAN_STATES)
_DRAFT = frozenset({"DRAFT"})
_NOT_COMPLETED = frozenset({"DRAFT", "LOCKED", "IN_PRODUCTION"})

# DOMAIN.md: DRAFT everything editable; LOCKED targets frozen except batch counts;
# IN_PRODUCTION changes only through amendments; COMPLETED read-only.
# Who receives what is not part of the production plan (targets are the one committed
# figure), so assignments stay editable until the event is completed, and packages are
# handed over after baking is done, so fulfillment moves in every state. Deleting is
# guarded by the runs that hold an event, not by its state.
ALLOWED: dict[Edit, frozenset[str]] = {
    Edit.CHANGE_DETAILS: _NOT_COMPLETED,
    Edit.CHANGE_OUTPUT_MODE: _DRAFT,
    Edit.ADD_PRODUCTION_TARGET: _DRAFT,
    Edit.CHANGE_BATCH_COUNT: frozenset({"DRAFT", "LOCKED"}),
    Edit.REMOVE_PRODUCTION_TARGET: _DRAFT,
    Edit.ADD_ASSEMBLY_TARGET: _DRAFT,
    Edit.CHANGE_ASSEMBLY_TARGET: _DRAFT,
    Edit.REMOVE_ASSEMBLY_TARGET: _DRAFT,
    Edit.ASSIGN_PACKAGE: _NOT_COMPLETED,
    Edit.CHANGE_ASSIGNMENT: _NOT_COMPLETED,
    Edit.REMOVE_ASSIGNMENT: _NOT_COMPLETED,
    Edit.UPDATE_FULFILLMENT: _ALL,
    Edit.AMEND_PLAN: frozenset({"IN_PRODUCTION"}),
    Edit.DELETE_EVENT: _ALL,
}


def _require_state(state: str) -> str:
    if state not in PLAN_STATES:
        raise Invalid(
            f"Unknown plan state {state!r}; known states are {', '.join(PLAN_STATES)}",
            field="plan_state",
        )
    return state


def allowed_states(action: Edit) -> tuple[str, ...]:
    """The states in which `action` is allowed, in lifecycle order."""
    allowed = ALLOWED[Edit(action)]
    return tuple(s for s in PLAN_STATES if s in allowed)


def is_allowed(state: str, action: Edit) -> bool:
    return _require_state(state) in ALLOWED[Edit(action)]


def check_edit(state: str, action: Edit, *, event: str) -> None:
    """Raise PlanStateError unless `action` is allowed on event `event` in `state`.

    "Event 'Christmas 2026' is LOCKED; adding a production target needs DRAFT".
    """
    if is_allowed(state, action):
        return
    needs = " or ".join(allowed_states(action))
    raise PlanStateError(f"Event {event!r} is {state}; {Edit(action).value} needs {needs}")


def next_state(state: str, *, event: str = "") -> str:
    """The one state after `state`; PlanStateError for COMPLETED (the end of the line)."""
    index = PLAN_STATES.index(_require_state(state))
    if index == len(PLAN_STATES) - 1:
        who = f"Event {event!r}" if event else "An event"
        raise PlanStateError(f"{who} is {state}; it has no later state")
    return PLAN_STATES[index + 1]


def check_transition(current: str, requested: str, *, event: str) -> str:
    """Allow only the one step forward from `current` to `requested`; returns `requested`.

    Refusals name the event, both states and the state that would be next:
    "Event 'Christmas 2026' is DRAFT; it cannot move to IN_PRODUCTION (next is LOCKED)".
    """
    _require_state(current)
    _require_state(requested)
    expected = next_state(current, event=event)
    if requested != expected:
        if requested == current:
            why = "it is already there"
        elif PLAN_STATES.index(requested) < PLAN_STATES.index(current):
            why = "plan states only move forward"
        else:
            why = f"next is {expected}"
        raise PlanStateError(
            f"Event {event!r} is {current}; it cannot move to {requested} ({why})"
        )
    return requested
