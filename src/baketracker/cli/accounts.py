"""CLI: manage accounts (`user add/list/passwd/role/remove`) and read the activity trail.

On the machine itself the CLI acts as the owner: whoever can run it can read the database.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from baketracker.cli.common import JsonOption, new_app, ok, print_json, table
from baketracker.errors import Invalid
from baketracker.services import activity, users

user_app = new_app("Accounts: who may log in to the web app and the API, and with which role.")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.command("activity")(show_activity)


PasswordStdin = typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input."
)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise Invalid("No password on standard input", record="user", field="password")
        return line.rstrip("\r\n")
    text: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return text


@user_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="User name (case does not matter when logging in).")],
    role: Annotated[str, typer.Option(help="owner, baker or viewer.")] = "baker",
    password_stdin: bool = PasswordStdin,
) -> None:
    """Add an account. The first account must be the owner."""
    info = users.create_user(name, _password(password_stdin), role=role)
    ok(f"Added {info.role} {info.name}")


@user_app.command("list")
def list_(as_json: bool = JsonOption) -> None:
    """The accounts, their roles and who is locked out."""
    accounts = users.list_users()
    if as_json:
        print_json([{"name": u.name, "role": u.role, "locked": u.locked,
                     "last_login_at": u.last_login_at} for u in accounts])
        return
    table("Accounts", ["Name", "Role", "Last login", "Locked"],
          [[u.name, u.role, u.last_login_at, u.locked] for u in accounts])


@user_app.command("passwd")
def passwd(
    name: Annotated[str, typer.Argument()], password_stdin: bool = PasswordStdin
) -> None:
    """Set a new password (this also lifts a lock-out)."""
    users.set_password(name, _password(password_stdin))
    ok(f"New password set for {name}")


@user_app.command("role")
def role(name: Annotated[str, typer.Argument()], role: Annotated[str, typer.Argument()]) -> None:
    """Give an account another role."""
    info = users.set_role(name, role)
    ok(f"{info.name} is now a {info.role}")


@user_app.command("remove")
def remove(name: Annotated[str, typer.Argument()]) -> None:
    """Remove an account; its open sessions and tokens stop working at once."""
    users.remove_user(name)
    ok(f"Removed {name}")


def show_activity(
    user: Annotated[str | None, typer.Option(help="Only this person.")] = None,
    kind: Annotated[str | None, typer.Option(help=", ".join(activity.KINDS))] = None,
    event: Annotated[str | None, typer.Option(help="Only this event (name).")] = None,
    on: Annotated[str | None, typer.Option(help="Only this day, YYYY-MM-DD (UTC).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    as_json: bool = JsonOption,
) -> None:
    """Who did what and when, newest first."""
    day = None
    if on:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise Invalid(f"--on {on!r}: give a date as YYYY-MM-DD", field="on") from None
    entries = activity.list_activity(user=user, kind=kind, event=event, on=day, limit=limit)
    if as_json:
        print_json(entries)
        return
    table("Activity", ["When (UTC)", "Who", "Kind", "What", "Event"],
          [[f"{e['at']:%Y-%m-%d %H:%M}", e["user"] or "(this machine)", e["kind"],
            e["summary"], e["event"] or ""] for e in entries])
