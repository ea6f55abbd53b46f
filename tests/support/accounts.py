"""Acting as an account in tests: a session whose actor is that account, as a login sets it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from baketracker.db import session_scope
from baketracker.domain.accounts import Actor
from baketracker.services import users

PASSWORD = "correct horse"


def make_users(*names_and_roles: tuple[str, str]) -> dict[str, Actor]:
    """Add the accounts (the first an owner) and return each one's actor, by name."""
    for name, role in names_and_roles:
        users.create_user(name, PASSWORD, role=role)
    return {name: users.log_in(name, PASSWORD) for name, _ in names_and_roles}


@contextmanager
def acting_as(actor: Actor | None, *, write: bool = True) -> Iterator[Session]:
    """One transaction in which `actor` is the signed-in account."""
    with session_scope(write=write) as session:
        session.info["actor"] = actor
        yield session
