"""Who is asking: a Bearer token, HTTP Basic, or the login cookie, checked against accounts.

Until the first account exists nobody logs in (the server listens on loopback only), unless
BAKETRACKER_PASSWORD is set: then that one password opens everything, as the machine's owner.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from baketracker.domain.accounts import Actor
from baketracker.errors import LoginFailed
from baketracker.services import users

SESSION_COOKIE = "bt_session"


@dataclass(frozen=True)
class Identity:
    """How the request was let in (open, password, session, basic, bearer) and by whom."""

    auth: str
    actor: Actor | None


@dataclass(frozen=True)
class Refusal:
    message: str


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    name, sep, password = decoded.partition(":")
    return (name, password) if sep else None


def _bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def request_session(scope: Any) -> Session:
    """The request's unit of work, opened by db.RequestSessionMiddleware: the same Session
    the route's UnitOfWork gets."""
    session = scope.get("state", {}).get("unit_of_work")
    if not isinstance(session, Session):
        raise RuntimeError("the app was assembled without db.RequestSessionMiddleware")
    return session


async def identify(request: Request, account_stamp: str | None) -> Identity | Refusal:
    """The identity of `request`; `account_stamp` is the verified content of its login
    cookie, if it has one. A Refusal says why credentials that were sent are not good.

    Cookies and tokens are checked in the request's own unit of work (one transaction per
    request). HTTP Basic is the exception: a password check commits its own transaction,
    before the request's begins, so a wrong password is counted even though it is refused."""
    header = request.headers.get("authorization")
    basic = basic_credentials(header)
    if basic is not None:
        if await run_in_threadpool(users.has_accounts):
            try:
                return Identity("basic", await run_in_threadpool(users.log_in, *basic))
            except LoginFailed as exc:
                return Refusal(exc.message)
        return Identity("open", None)
    return await run_in_threadpool(_identify_in, request_session(request.scope), header,
                                   account_stamp)


def _identify_in(session: Session, header: str | None,
                 account_stamp: str | None) -> Identity | Refusal:
    token = _bearer(header)
    if token is not None:
        actor = users.actor_for_token(token, session=session)
        return Identity("bearer", actor) if actor else Refusal(
            "That API token is not known or was revoked")
    if account_stamp:
        actor = users.actor_for_session(account_stamp, session=session)
        if actor is not None:
            return Identity("session", actor)
    if users.has_accounts(session=session):
        return Refusal("Log in with your user name and password")
    return Identity("open", None)
