"""Never twice: an ASGI middleware that makes every keyed write happen once.

A POST, PUT, PATCH or DELETE may carry an idempotency key: the `Idempotency-Key` header
(the JSON API, htmx requests, the offline queue) or the hidden `idempotency_key` field that
every web form gets once per render (the `csrf` macro). The key is claimed before the work
(services.idempotency), the response is stored after it, and a repeat is answered from the
store with `Idempotent-Replayed: true`. Requests without a key pass straight through.

A keyed write is three transactions, all in the request's Session: the claim (with the
login check), committed before the work so that a concurrent duplicate sees it and waits;
the work itself (the route's UnitOfWork); and storing the response once it is built. A
request without a key is the one transaction of its route.

The body is fingerprinted by content, not framing: JSON and other bodies byte for byte,
forms field by field without the CSRF token and the key (a resubmitted multipart form
has a new boundary, and a new page load a new CSRF token, but it is the same write).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from baketracker.errors import BakeTrackerError, Conflict, error_body, status_for
from baketracker.services import idempotency
from baketracker.web.identity import request_session
from baketracker.web.security import CSRF_FIELD

T = TypeVar("T")
KEY_HEADER = "idempotency-key"
KEY_FIELD = "idempotency_key"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Signing in and out changes no records and must always work (a cached key never blocks it).
EXEMPT_PATHS = frozenset({"/login", "/logout"})
# How long a duplicate waits for the first request's result before it is told to retry.
WAIT_SECONDS = 10.0
POLL_SECONDS = 0.05


def _is_form(content_type: str) -> bool:
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _form_parts(scope: Scope, body: bytes) -> tuple[str | None, list[tuple[str, bytes]]]:
    """The form's key field and its other fields as fingerprint parts."""
    request = Request(scope, _replaying(body, _never))
    form = await request.form()
    key: str | None = None
    parts: list[tuple[str, bytes]] = []
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            content = await value.read()
            parts.append((name, hashlib.sha256(content).hexdigest().encode()))
        elif name == KEY_FIELD:
            key = value if key is None else key
        elif name != CSRF_FIELD:
            parts.append((name, value.encode()))
    await form.close()
    return key, sorted(parts)


async def _never() -> Message:
    return {"type": "http.disconnect"}


def _refusal(scope: Scope, exc: BakeTrackerError) -> Response:
    if str(scope.get("path", "")).startswith("/api/"):
        return JSONResponse(error_body(exc), status_code=status_for(exc))
    from baketracker.web.errors import error_page

    return error_page(Request(scope), status_for(exc), exc.message)


def _stored_to_response(stored: idempotency.StoredResponse) -> Response:
    response = Response(stored.body, status_code=stored.status_code)
    response.raw_headers = [(n.encode("latin-1"), v.encode("latin-1"))
                            for n, v in stored.headers]
    response.headers["idempotent-replayed"] = "true"
    return response


def _keeps(status: int) -> bool:
    """Whether a response is the write's outcome (kept for replays). Refused logins or CSRF
    checks and server errors never reached the work: their key is given back."""
    return status < 500 and status not in (401, 403, 429)


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] not in WRITE_METHODS
                or scope["path"] in EXEMPT_PATHS):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        key = headers.get(KEY_HEADER)
        content_type = headers.get("content-type", "").lower()
        is_api = str(scope["path"]).startswith("/api/")
        if key is None and (is_api or not _is_form(content_type)):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        receive = _replaying(body, receive)
        if _is_form(content_type):
            try:
                field_key, parts = await _form_parts(scope, body)
            except Exception:  # a malformed form: the route answers it as it would anyway
                await self.app(scope, receive, send)
                return
            key = field_key if key is None else key
        else:
            parts = [("body", body)]
        if key is None:
            await self.app(scope, receive, send)
            return
        parts.append(("content-type", content_type.split(";")[0].strip().encode()))
        fingerprint = idempotency.body_fingerprint(parts)
        state: dict[str, Any] = scope.setdefault("state", {})
        user = state.get("user")
        user_name = getattr(user, "name", user if isinstance(user, str) else None)
        query = scope.get("query_string", b"").decode("latin-1")
        target = str(scope["path"]) + (f"?{query}" if query else "")
        claim_args = (key, scope["method"], target, fingerprint, user_name)
        session = request_session(scope)
        try:
            claim = await run_in_threadpool(_committed, idempotency.claim_key, session,
                                            *claim_args)
            if claim.outcome == "pending":
                claim = await self._wait(claim_args)
        except BakeTrackerError as exc:
            await _refusal(scope, exc)(scope, receive, send)
            return
        if claim.outcome == "claimed":
            await self._run_and_store(scope, receive, send, key, session)
            return
        if claim.outcome == "replay" and claim.response is not None:
            await _stored_to_response(claim.response)(scope, receive, send)
            return
        await _refusal(scope, _refused(claim.outcome))(scope, receive, send)

    async def _wait(self, claim_args: tuple[Any, ...]) -> idempotency.Claim:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT_SECONDS
        while loop.time() < deadline:
            await asyncio.sleep(POLL_SECONDS)
            claim = await run_in_threadpool(idempotency.key_state, *claim_args)
            if claim.outcome != "pending":
                return claim
        return idempotency.Claim("pending")

    async def _run_and_store(self, scope: Scope, receive: Receive, send: Send,
                             key: str, session: Session) -> None:
        status = 500
        raw_headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, raw_headers
            if message["type"] == "http.response.start":
                status = int(message["status"])
                raw_headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, capture)
        except BaseException:
            await run_in_threadpool(_committed, idempotency.release_key, session, key)
            raise
        if not _keeps(status):
            await run_in_threadpool(_committed, idempotency.release_key, session, key)
            return
        stored = idempotency.StoredResponse(
            status,
            [(n.decode("latin-1"), v.decode("latin-1")) for n, v in raw_headers],
            b"".join(chunks),
        )
        await run_in_threadpool(_committed, idempotency.finish_key, session, key, stored)


def _committed(step: Callable[..., T], session: Session, *args: Any) -> T:
    """Run a key step in the request's Session and commit it at once."""
    try:
        result = step(*args, session=session)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result


def _refused(outcome: str) -> BakeTrackerError:
    if outcome == "mismatch":
        return Conflict(
            "This idempotency key was already used for a different request; "
            "send a new key for a new record"
        )
    return Conflict(
        "A request with this idempotency key is still being processed; try again in a moment"
    )

