"""Accounts as rules: roles, what each role may do, user names, and the lock-out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from baketracker.errors import Invalid

ROLES = ("owner", "baker", "viewer")

# What a role may do. Every write service names one of these actions.
#   users     add, change and remove accounts
#   transfer  import a document, restore a backup
#   plan      events, recipients, assignments and plan decisions (batch decisions, lock,
#             start, amendments, complete)
#   record    purchases, adjustments, production and assembly runs, fulfillment steps
#   edit      recipes, finished goods and the catalog
#   account   one's own password and API tokens
ACTIONS = ("users", "transfer", "plan", "record", "edit", "account")
PERMISSIONS: dict[str, frozenset[str]] = {
    "owner": frozenset(ACTIONS),
    "baker": frozenset({"record", "edit", "account"}),
    "viewer": frozenset({"account"}),
}

LOCK_AFTER = 5  # wrong passwords in a row
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 8
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$")


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in account. No actor at all means the machine's own user."""

    name: str
    role: str
    user_id: int | None = None


def allowed(role: str | None, action: str) -> bool:
    """May `role` do `action`? No role (the CLI on the machine, no accounts) may do all."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return role is None or action in PERMISSIONS.get(role, frozenset())


def clean_name(name: str) -> str:
    text = " ".join(str(name).split())
    if not _NAME.match(text):
        raise Invalid(
            f"User name {text!r}: use 1 to 40 letters, digits, spaces, dots, dashes or "
            "underscores, starting with a letter or digit",
            record="user", field="name",
        )
    return text


def name_key(name: str) -> str:
    """The form two names are compared in: 'Sam' and 'SAM' are one account."""
    return " ".join(str(name).split()).casefold()


def check_role(role: str) -> str:
    value = str(role).strip().lower()
    if value not in ROLES:
        raise Invalid(f"Role {role!r}: choose owner, baker or viewer", record="user", field="role")
    return value


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"The password needs at least {MIN_PASSWORD} characters",
                      record="user", field="password")
    if password != password.strip():
        raise Invalid("The password must not start or end with a space",
                      record="user", field="password")
    return password


def locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def after_failure(failed_logins: int, now: datetime) -> datetime | None:
    """When a name is locked until after its `failed_logins`-th wrong password in a row."""
    return now + LOCK_FOR if failed_logins >= LOCK_AFTER else None
