"""Accounts: add, list, change and remove users; log in with a lock-out; personal API tokens.

Passwords are stored as Argon2 hashes and tokens as SHA-256 digests; neither ever leaves
this module, nor appears in a message.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional, utcnow
from baketracker.domain import accounts as rules
from baketracker.domain.accounts import Actor
from baketracker.errors import Conflict, Invalid, LoginFailed, NotFound
from baketracker.models import ApiToken, User
from baketracker.services import activity
from baketracker.services.permissions import actor_of, check, requires

_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Checked when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
WRONG = "That user name or password is not right."
TOKEN_PREFIX = "bt_"


@dataclass(frozen=True)
class UserInfo:
    name: str
    role: str
    uuid: str
    created_at: datetime
    last_login_at: datetime | None
    locked: bool


@dataclass(frozen=True)
class TokenInfo:
    uuid: str
    label: str
    prefix: str
    created_at: datetime
    revoked: bool


def _info(user: User, now: datetime) -> UserInfo:
    return UserInfo(user.name, user.role, user.uuid, user.created_at, user.last_login_at,
                    rules.locked(_aware(user.locked_until), now))


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands timezone-aware columns back naive (they were stored as UTC).
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _find(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.name_key == rules.name_key(name)))


def _get(session: Session, name: str) -> User:
    user = _find(session, name)
    if user is None:
        raise NotFound(f"No user named {name!r}")
    return user


def _owners(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(User.role == "owner")) or 0


@transactional(read_only=True)
def has_accounts(*, session: Session = AUTO) -> bool:
    """Has any account been made? Until then the app asks for no login (loopback only)."""
    return session.scalar(select(User.id).limit(1)) is not None


@transactional(read_only=True)
def list_users(*, session: Session = AUTO) -> list[UserInfo]:
    now = utcnow()
    rows = session.scalars(select(User).order_by(User.name_key))
    return [_info(u, now) for u in rows]


@transactional
def create_user(name: str, password: str, *, role: str, session: Session = AUTO) -> UserInfo:
    """A new account. The very first one must be an owner (it may then add the rest)."""
    first = session.scalar(select(User.id).limit(1)) is None
    if not first:
        check(session, "users")
    clean, role = rules.clean_name(name), rules.check_role(role)
    if first and role != "owner":
        raise Invalid("The first account must be the owner's", record="user", field="role")
    rules.check_password(password)
    if _find(session, clean) is not None:
        raise Conflict(f"There is already a user named {clean!r} (names ignore case)")
    user = User(name=clean, name_key=rules.name_key(clean), role=role,
                password_hash=_hasher.hash(password), failed_logins=0)
    session.add(user)
    session.flush()
    activity.record(session, "user", "add", f"Added {role} {clean}", subject_uuid=user.uuid)
    return _info(user, utcnow())


@transactional
def set_password(name: str, password: str, *, session: Session = AUTO) -> None:
    """A new password (which also lifts a lock-out). One's own, or anyone's for an owner."""
    user = _get(session, name)
    actor = actor_of(session)
    check(session, "account" if actor and actor.user_id == user.id else "users")
    rules.check_password(password)
    user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    session.flush()
    activity.record(session, "user", "password", f"Changed the password of {user.name}",
                    subject_uuid=user.uuid)


@transactional
def change_own_password(current: str, password: str, *, session: Session = AUTO) -> None:
    """The signed-in account's new password, given its current one (a session left open on
    a shared phone cannot be used to take the account over). Invalid on `current` when it
    is wrong or nobody is signed in."""
    actor = actor_of(session)
    user = session.get(User, actor.user_id) if actor is not None else None
    if user is None:
        raise Invalid("Log in first to change your password", record="user", field="current")
    if not _verify(user.password_hash, current):
        raise Invalid("Your current password is not right", record="user", field="current")
    set_password(user.name, password, session=session)


@transactional
@requires("users")
def set_role(name: str, role: str, *, session: Session = AUTO) -> UserInfo:
    user = _get(session, name)
    role = rules.check_role(role)
    if user.role == "owner" and role != "owner" and _owners(session) == 1:
        raise Conflict(f"{user.name} is the only owner; make someone else owner first")
    user.role = role
    session.flush()
    activity.record(session, "user", "role", f"Made {user.name} a {role}", subject_uuid=user.uuid)
    return _info(user, utcnow())


@transactional
@requires("users")
def remove_user(name: str, *, session: Session = AUTO) -> None:
    """Remove an account: its sessions and tokens stop working at once; the trail keeps its
    name. The last owner cannot be removed while other accounts remain."""
    user = _get(session, name)
    others = session.scalar(select(func.count()).select_from(User).where(User.id != user.id))
    if user.role == "owner" and _owners(session) == 1 and others:
        raise Conflict(f"{user.name} is the only owner; make someone else owner first")
    session.delete(user)
    session.flush()
    activity.record(session, "user", "remove", f"Removed {user.role} {user.name}",
                    subject_uuid=user.uuid)


# --- logging in --------------------------------------------------------------------------


@transactional
def _attempt(name: str, password: str, *, session: Session = AUTO) -> Actor | str:
    """The actor, or the message to show; a wrong password is counted (and committed)."""
    now = utcnow()
    user = _find(session, name) if name.strip() else None
    if user is None:
        _verify(_DUMMY_HASH, password)
        return WRONG
    until = _aware(user.locked_until)
    if rules.locked(until, now):
        assert until is not None
        return (f"{user.name} is locked after {rules.LOCK_AFTER} wrong passwords; "
                f"try again after {until:%H:%M} UTC or ask the owner to set a new password")
    if not _verify(user.password_hash, password):
        count = session.scalar(
            update(User).where(User.id == user.id)
            .values(failed_logins=User.failed_logins + 1).returning(User.failed_logins)
        ) or 0
        lock = rules.after_failure(count, now)
        if lock is not None:
            session.execute(update(User).where(User.id == user.id)
                            .values(locked_until=lock, failed_logins=0))
            return (f"{user.name} is now locked for {int(rules.LOCK_FOR.total_seconds() // 60)}"
                    f" minutes after {rules.LOCK_AFTER} wrong passwords")
        return WRONG
    session.execute(update(User).where(User.id == user.id)
                    .values(failed_logins=0, locked_until=None, last_login_at=now))
    return Actor(user.name, user.role, user.id)


def log_in(name: str, password: str) -> Actor:
    """Check a name and password in a transaction of its own (so a failure is counted even
    though the caller is refused). Raises LoginFailed with the message to show."""
    result = _attempt(name, password)
    if isinstance(result, str):
        raise LoginFailed(result)
    return result


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def session_stamp(password_hash: str) -> str:
    """Part of a login cookie: a new password ends every session opened with the old one."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


@transactional(read_only=True)
def session_of(name: str, *, session: Session = AUTO) -> str:
    """What a login cookie of the account `name` carries (its id and a password stamp)."""
    user = _get(session, name)
    return f"{user.uuid}:{session_stamp(user.password_hash)}"


@transactional(read_only=True)
def actor_for_session(value: str, *, session: Session = AUTO) -> Actor | None:
    """The account a login cookie names, if it still exists with the same password."""
    uuid, _, stamp = value.partition(":")
    user = session.scalar(select(User).where(User.uuid == uuid))
    if user is None or not hmac.compare_digest(stamp, session_stamp(user.password_hash)):
        return None
    return Actor(user.name, user.role, user.id)


# --- personal API tokens -----------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _me(session: Session) -> User:
    actor = actor_of(session)
    user = session.get(User, actor.user_id) if actor and actor.user_id else None
    if user is None:
        raise Invalid("Log in with an account to manage API tokens", record="token", field="user")
    return user


@transactional
@requires("account")
def create_token(label: str, *, session: Session = AUTO) -> tuple[str, TokenInfo]:
    """A new token for the signed-in account: the text is returned once, only its digest kept."""
    user = _me(session)
    text = " ".join(str(label).split())
    if not text or len(text) > 80:
        raise Invalid("Give the token a label of 1 to 80 characters", record="token",
                      field="label")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, label=text, token_hash=_digest(token), prefix=token[:10])
    session.add(row)
    session.flush()
    activity.record(session, "user", "token", f"{user.name} created the API token {text!r}",
                    subject_uuid=user.uuid)
    return token, TokenInfo(row.uuid, row.label, row.prefix, row.created_at, False)


@transactional(read_only=True)
def list_tokens(*, session: Session = AUTO) -> list[TokenInfo]:
    user = _me(session)
    rows = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                           .order_by(ApiToken.id))
    return [TokenInfo(t.uuid, t.label, t.prefix, t.created_at, t.revoked_at is not None)
            for t in rows]


@transactional
@requires("account")
def revoke_token(token_uuid: str, *, session: Session = AUTO) -> None:
    user = _me(session)
    row = session.scalar(select(ApiToken).where(ApiToken.uuid == token_uuid,
                                                ApiToken.user_id == user.id))
    if row is None:
        raise NotFound("No such token on this account")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
        activity.record(session, "user", "token",
                        f"{user.name} revoked the API token {row.label!r}",
                        subject_uuid=user.uuid)


@transactional(read_only=True)
def actor_for_token(token: str, *, session: Session = AUTO) -> Actor | None:
    """The account a Bearer token belongs to, unless it is unknown or revoked."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None:
        return None
    user = row.user
    return Actor(user.name, user.role, user.id)
