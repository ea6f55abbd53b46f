"""Log in and out: with a user name once accounts exist, else with BAKETRACKER_PASSWORD."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from baketracker.errors import LoginFailed
from baketracker.services import users
from baketracker.web.security import (
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    Guard,
    cookie_header,
    safe_next,
)
from baketracker.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "auth/login.html",
                  {"next": safe_next(next), "name": "", "with_name": users.has_accounts()})


@router.post("/login")
def login(
    request: Request,
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    name: Annotated[str, Form()] = "",
) -> Response:
    # No unit of work: a wrong password is counted in a transaction of its own, committed
    # even though the login is refused.
    guard: Guard = request.app.state.guard
    with_name = users.has_accounts()
    if with_name:
        try:
            value = guard.account_cookie(users.session_of(users.log_in(name, password).name))
        except LoginFailed as exc:
            return _refused(request, next, name, exc.message)
    elif guard.password_ok(password):
        value = guard.session_cookie()
    elif not guard.login_required:
        return RedirectResponse(safe_next(next), status_code=303)  # nothing to log in to
    else:
        return _refused(request, next, name, "That password is not right.")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.headers.append("set-cookie", cookie_header(
        SESSION_COOKIE, value, max_age=SESSION_MAX_AGE, secure=request.url.scheme == "https"))
    return response


def _refused(request: Request, next: str, name: str, message: str) -> Response:
    error = {"message": message, "field": "password", "shortfalls": []}
    return render(request, "auth/login.html", {"next": safe_next(next), "error": error,
                                               "name": name,
                                               "with_name": users.has_accounts()},
                  status=401)


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.headers.append("set-cookie", cookie_header(SESSION_COOKIE, "", max_age=0))
    return response
