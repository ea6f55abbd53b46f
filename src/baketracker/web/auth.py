"""Log in and out (only asked for when BAKETRACKER_PASSWORD is set)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

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
    return render(request, "auth/login.html", {"next": safe_next(next)})


@router.post("/login")
def login(
    request: Request,
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    guard: Guard = request.app.state.guard
    if not guard.password_ok(password):
        error = {"message": "That password is not right.", "field": "password", "shortfalls": []}
        return render(request, "auth/login.html", {"next": safe_next(next), "error": error},
                      status=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.headers.append(
        "set-cookie", cookie_header(SESSION_COOKIE, guard.session_cookie(), max_age=SESSION_MAX_AGE)
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.headers.append("set-cookie", cookie_header(SESSION_COOKIE, "", max_age=0))
    return response
