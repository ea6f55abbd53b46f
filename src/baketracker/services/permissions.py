"""Role checks in one place: every write service says which action it is, and this refuses it
when the acting account's role does not allow it.

The acting account travels with the session (`session.info["actor"]`, set by the request's
unit of work from the login). A session without one is the machine's own user (the CLI, or
the web app while no account exists) and may do everything.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.orm import Session

from baketracker.db import current_actor
from baketracker.domain.accounts import ACTIONS, Actor, allowed
from baketracker.errors import Forbidden

P = ParamSpec("P")
R = TypeVar("R")

ACTION_WORDS = {
    "users": "manage accounts",
    "transfer": "import or restore data",
    "plan": "change events and plan decisions",
    "record": "record purchases, stock changes, runs or deliveries",
    "edit": "edit recipes, goods or the catalog",
    "account": "change this account",
}


def actor_of(session: Session | None) -> Actor | None:
    """The session's actor; without a session, the one acting in this request (if any)."""
    actor = session.info.get("actor") if session is not None else current_actor.get()
    return actor if isinstance(actor, Actor) else None


def check(session: Session | None, action: str) -> None:
    """Raise Forbidden unless the session's actor (or, with None, the request's) may do
    `action`."""
    actor = actor_of(session)
    if not allowed(actor.role if actor else None, action):
        assert actor is not None
        raise Forbidden(
            f"{actor.name} is a {actor.role} and may not {ACTION_WORDS[action]}; "
            "ask the owner"
        )


def may(actor: Actor | None, action: str) -> bool:
    """For pages: show a control only when its action would be allowed."""
    return allowed(actor.role if actor else None, action)


def requires(action: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Put under @transactional: the service runs only when the actor may do `action`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            session = kwargs.get("session")
            assert isinstance(session, Session), f"{func.__name__} needs @transactional above"
            check(session, action)
            return func(*args, **kwargs)

        wrapper.__dict__["required_action"] = action
        return wrapper

    return decorate
