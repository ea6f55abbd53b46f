"""Account pages: creating the owner on first start, one's own password and API tokens, the
owner's list of accounts, and the activity trail."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.domain.accounts import ROLES
from baketracker.errors import BakeTrackerError, Invalid, status_for
from baketracker.services import activity, users
from baketracker.services.permissions import may
from baketracker.web.security import SESSION_COOKIE, SESSION_MAX_AGE, Guard, cookie_header
from baketracker.web.templating import NavItem, form_error, redirect, refused, render

router = APIRouter(include_in_schema=False)
NAV = NavItem("Activity", "/activity")
Text = Annotated[str, Form()]


def _signed_in(request: Request, response: Response, name: str, uow: UnitOfWork) -> Response:
    guard: Guard = request.app.state.guard
    value = guard.account_cookie(users.session_of(name, session=uow))
    response.headers.append("set-cookie", cookie_header(
        SESSION_COOKIE, value, max_age=SESSION_MAX_AGE, secure=request.url.scheme == "https"))
    return response


@router.get("/setup")
def setup_form(request: Request, uow: UnitOfWork) -> Response:
    if users.has_accounts(session=uow):
        return redirect(request, "/account")
    return render(request, "accounts/setup.html", {"name": ""})


@router.post("/setup")
def setup(request: Request, uow: UnitOfWork, name: Text = "", password: Text = "",
          confirm: Text = "") -> Response:
    """The first account: the owner. From then on every page asks for a login."""
    context = {"name": name}
    try:
        if users.has_accounts(session=uow):
            raise Invalid("The owner account exists already; log in", field="name")
        if password != confirm:
            raise Invalid("The two passwords differ", record="user", field="confirm")
        made = users.create_user(name, password, role="owner", session=uow)
    except BakeTrackerError as exc:
        return refused(request, "accounts/setup.html", "accounts/setup.html", context, exc)
    done = redirect(request, "/", flash=f"Welcome, {made.name}: you are the owner.")
    return _signed_in(request, done, made.name, uow)


def _account(request: Request, uow: UnitOfWork, **extra: Any) -> Response:
    user = request.state.user
    context: dict[str, Any] = {
        "tokens": users.list_tokens(session=uow),
        "accounts": users.list_users(session=uow) if may(user, "users") else [],
        "role_options": [(r, r) for r in ROLES], "new_token": None,
        "form": {"name": "", "role": "baker"},
        **extra,
    }
    status = 200
    if context.get("error"):
        status = context.pop("status", 422)
    return render(request, "accounts/account.html", context, status=status)


@router.get("/account")
def account(request: Request, uow: UnitOfWork) -> Response:
    if request.state.user is None:  # nobody logs in yet: offer to create the owner
        return redirect(request, "/setup")
    return _account(request, uow)


def _refused(request: Request, uow: UnitOfWork, exc: BakeTrackerError, **extra: Any) -> Response:
    return _account(request, uow, error=form_error(exc), status=status_for(exc), **extra)


@router.post("/account/password")
def change_password(request: Request, uow: UnitOfWork, current: Text = "",
                    password: Text = "", confirm: Text = "") -> Response:
    try:
        if password != confirm:
            raise Invalid("The two passwords differ", record="user", field="confirm")
        users.change_own_password(current, password, session=uow)
    except BakeTrackerError as exc:
        return _refused(request, uow, exc)
    # The new password ends the old sessions; this one carries on with a new cookie.
    done = redirect(request, "/account", flash="Your password is changed.")
    return _signed_in(request, done, request.state.user.name, uow)


@router.post("/account/tokens")
def create_token(request: Request, uow: UnitOfWork, label: Text = "") -> Response:
    try:
        token, info = users.create_token(label, session=uow)
    except BakeTrackerError as exc:
        return _refused(request, uow, exc)
    # Shown once, now; only its digest is kept.
    return _account(request, uow, new_token={"text": token, "label": info.label})


@router.post("/account/tokens/{token_uuid}/revoke")
def revoke_token(request: Request, uow: UnitOfWork, token_uuid: str) -> Response:
    try:
        users.revoke_token(token_uuid, session=uow)
    except BakeTrackerError as exc:
        return _refused(request, uow, exc)
    return redirect(request, "/account", flash="The token is revoked.")


@router.post("/account/users")
def add_account(request: Request, uow: UnitOfWork, name: Text = "", role: Text = "baker",
                password: Text = "") -> Response:
    try:
        made = users.create_user(name, password, role=role, session=uow)
    except BakeTrackerError as exc:
        return _refused(request, uow, exc, form={"name": name, "role": role})
    return redirect(request, "/account", flash=f"Added {made.role} {made.name}.")


@router.post("/account/users/{name}/remove")
def remove_account(request: Request, uow: UnitOfWork, name: str) -> Response:
    try:
        users.remove_user(name, session=uow)
    except BakeTrackerError as exc:
        return _refused(request, uow, exc)
    return redirect(request, "/account", flash=f"Removed {name}.")


@router.get("/activity")
def activity_page(request: Request, uow: UnitOfWork, user: str = "", kind: str = "",
                  event: str = "", on: str = "") -> Response:
    """Who did what and when, filtered by person, kind, event and day."""
    day: date | None = None
    error = None
    if on:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            error = {"message": f"Day {on!r}: give a date as YYYY-MM-DD", "field": "on",
                     "shortfalls": []}
    entries = activity.list_activity(user=user or None, kind=kind or None, event=event or None,
                                     on=day, limit=500, session=uow)
    context = {"entries": entries, "kinds": activity.KINDS,
               "filters": {"user": user, "kind": kind, "event": event, "on": on},
               "error": error}
    return render(request, "activity/list.html", context, status=422 if error else 200)
