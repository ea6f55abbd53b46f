"""Idempotency keys: a write sent twice with one key is done once.

A request that carries a key first *claims* it: an INSERT guarded by the table's unique
constraint, committed before the work starts, so of two concurrent requests with one key
exactly one goes ahead. When the work is done its response is stored on the row
(`finish`); a later request with the same key and the same body gets that response back,
one with another body is refused. A request that never reached the work (refused by the
login or CSRF check, or a server error) gives its key back (`release`) so it can be retried.

Keys expire `KEY_LIFETIME` (24 hours) after their first use; every claim purges the
expired ones first.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional, utcnow
from baketracker.errors import Invalid
from baketracker.models import IdempotencyKey

KEY_LIFETIME = timedelta(hours=24)
# A claim still unfinished after this long belongs to a request that died (a crash, a
# restart): the next request with the same key and body takes it over.
STALE_CLAIM = timedelta(minutes=2)
MAX_KEY_LENGTH = 200

Outcome = Literal["claimed", "replay", "mismatch", "pending"]


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Claim:
    """What a claim found: `claimed` (go ahead), `replay` (send `response` back),
    `mismatch` (the key was used for another request) or `pending` (still running)."""

    outcome: Outcome
    response: StoredResponse | None = None


def check_key(key: str) -> str:
    """The key as given, or Invalid: 1 to 200 visible ASCII characters."""
    if not key or len(key) > MAX_KEY_LENGTH or not all(33 <= ord(c) <= 126 for c in key):
        raise Invalid(
            f"Idempotency key {key[:40]!r} is not usable: send 1 to {MAX_KEY_LENGTH} visible "
            "ASCII characters (a UUID is best)",
            record="idempotency key",
            field="idempotency_key",
        )
    return key


def body_fingerprint(parts: list[tuple[str, bytes]]) -> str:
    """A SHA-256 over named parts, independent of how they were framed on the wire."""
    digest = hashlib.sha256()
    for name, value in parts:
        for chunk in (name.encode(), value):
            digest.update(len(chunk).to_bytes(8, "big"))
            digest.update(chunk)
    return digest.hexdigest()


def _stored(row: IdempotencyKey) -> StoredResponse | None:
    if row.status_code is None:
        return None
    headers = [(str(n), str(v)) for n, v in json.loads(row.response_headers or "[]")]
    return StoredResponse(row.status_code, headers, row.response_body or b"")


def _judge(
    row: IdempotencyKey, method: str, path: str, body_hash: str, user_name: str | None
) -> Claim:
    if (row.method, row.path, row.body_hash, row.user_name) != (
        method, path[:500], body_hash, user_name
    ):
        return Claim("mismatch")
    stored = _stored(row)
    return Claim("pending") if stored is None else Claim("replay", stored)


def purge_expired(*, session: Session, now: datetime | None = None) -> int:
    """Delete keys older than KEY_LIFETIME; returns how many went."""
    cutoff = (now or utcnow()) - KEY_LIFETIME
    result = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def _take_over_stale(
    key: str, method: str, path: str, body_hash: str, user_name: str | None, *,
    session: Session, now: datetime,
) -> bool:
    """Claim an unfinished key left by a dead request (one UPDATE: of two takers, one wins)."""
    result = session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.key == key, IdempotencyKey.status_code.is_(None),
               IdempotencyKey.method == method, IdempotencyKey.path == path[:500],
               IdempotencyKey.body_hash == body_hash,
               IdempotencyKey.user_name.is_(None) if user_name is None
               else IdempotencyKey.user_name == user_name,
               IdempotencyKey.created_at < now - STALE_CLAIM)
        .values(created_at=now, updated_at=now)
    )
    return bool(getattr(result, "rowcount", 0))


@transactional
def claim_key(
    key: str,
    method: str,
    path: str,
    body_hash: str,
    user_name: str | None = None,
    *,
    session: Session = AUTO,
) -> Claim:
    """Claim `key` for this request, or say what an earlier request with it left."""
    check_key(key)
    now = utcnow()
    purge_expired(session=session, now=now)
    if _take_over_stale(key, method, path, body_hash, user_name, session=session, now=now):
        return Claim("claimed")
    existing = session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == key))
    if existing is not None:
        return _judge(existing, method, path, body_hash, user_name)
    row = IdempotencyKey(key=key, method=method, path=path[:500], body_hash=body_hash,
                         user_name=user_name)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Another request claimed it between our look and our insert.
        winner = session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == key))
        return Claim("pending") if winner is None else _judge(winner, method, path, body_hash,
                                                                     user_name)
    return Claim("claimed")


@transactional(read_only=True)
def key_state(
    key: str,
    method: str,
    path: str,
    body_hash: str,
    user_name: str | None = None,
    *,
    session: Session = AUTO,
) -> Claim:
    """What a claimed key holds now (a waiting duplicate polls this)."""
    row = session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == key))
    if row is None:
        return Claim("pending")
    return _judge(row, method, path, body_hash, user_name)


@transactional
def finish_key(key: str, response: StoredResponse, *, session: Session = AUTO) -> None:
    """Store the first request's response on its claimed key."""
    row = session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == key))
    if row is None:
        return
    row.status_code = response.status_code
    row.response_headers = json.dumps([list(h) for h in response.headers])
    row.response_body = response.body
    session.flush()


@transactional
def release_key(key: str, *, session: Session = AUTO) -> None:
    """Give an unfinished claim back: the request never did its work."""
    session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.key == key, IdempotencyKey.status_code.is_(None)
        )
    )


__all__ = [
    "KEY_LIFETIME",
    "STALE_CLAIM",
    "Claim",
    "StoredResponse",
    "body_fingerprint",
    "check_key",
    "claim_key",
    "finish_key",
    "key_state",
    "purge_expired",
    "release_key",
]
