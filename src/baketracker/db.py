"""Database plumbing: declarative base, engine factory, session_scope and @transactional,
and the units of work entry points take: UnitOfWork (a request) and command_unit_of_work
(a CLI command)."""

from __future__ import annotations

import functools
import threading
import uuid as uuid_mod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar, cast, overload

from fastapi import Depends, Request
from sqlalchemy import DateTime, Engine, MetaData, String, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool
from starlette.concurrency import run_in_threadpool

from baketracker.config import get_settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Every table: integer id, uuid, created_at, updated_at."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(
        String(36), default=lambda: str(uuid_mod.uuid4()), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


# Execution option that marks a read-only unit of work (SQLite then begins deferred).
READ_ONLY_OPTION = "baketracker_read_only"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys, a busy timeout and BEGIN IMMEDIATE."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:")
    if not in_memory:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {"connect_args": {"timeout": 30, "check_same_thread": False}}
    if in_memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writes take the write lock up front: two writers never deadlock half-way through
        # a FIFO draw, the second simply waits for the first (busy_timeout). Reads begin
        # deferred, so under WAL they never queue behind a writer.
        if conn.get_execution_options().get(READ_ONLY_OPTION):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@dataclass(frozen=True)
class _Bound:
    """One database the process is pointed at: its engine and its two session factories."""

    url: str
    engine: Engine
    factory: sessionmaker[Session]
    reader: sessionmaker[Session]


def _bind(url: str) -> _Bound:
    engine = make_engine(url)
    return _Bound(
        url=url,
        engine=engine,
        factory=sessionmaker(engine, expire_on_commit=False),
        # Same pool, same events; only the begin mode differs.
        reader=sessionmaker(
            engine.execution_options(**{READ_ONLY_OPTION: True}), expire_on_commit=False
        ),
    )


class _Database:
    """The process-wide database, configured by init_db/configure or lazily from settings.

    Switching is one assignment under a lock, so a request that starts while another
    thread switches databases sees the old one or the new one, never a mix, and the lazy
    fall-back to the settings' URL never overwrites a database configured meanwhile."""

    def __init__(self) -> None:
        self._bound: _Bound | None = None
        self._lock = threading.Lock()

    def configure(self, url: str) -> Engine:
        bound = _bind(url)
        with self._lock:
            previous, self._bound = self._bound, bound
        if previous is not None:
            previous.engine.dispose()
        return bound.engine

    def bound(self) -> _Bound:
        bound = self._bound
        if bound is not None:
            return bound
        with self._lock:
            if self._bound is None:
                self._bound = _bind(get_settings().resolved_database_url())
            return self._bound

    def session_factory(self, *, write: bool = True) -> sessionmaker[Session]:
        bound = self.bound()
        return bound.factory if write else bound.reader

    def dispose(self) -> None:
        with self._lock:
            previous, self._bound = self._bound, None
        if previous is not None:
            previous.engine.dispose()


_db = _Database()


def configure(url: str | None = None) -> Engine:
    """Point this process at `url` (default from settings) without touching the schema."""
    return _db.configure(url or get_settings().resolved_database_url())


def get_engine() -> Engine:
    return _db.bound().engine


def current_url() -> str:
    return _db.bound().url


def init_db(url: str | None = None) -> Engine:
    """Create or upgrade the schema at `url` (Alembic) and use that database from now on.

    `url` defaults to BAKETRACKER_DATABASE_URL, else the embedded SQLite file in the
    per-user data folder.
    """
    from baketracker.migrate import upgrade

    engine = configure(url)
    upgrade(engine)
    return engine


def dispose() -> None:
    """Close every pooled connection (tests, shutdown)."""
    _db.dispose()


# Who is acting in this request (the login gate sets it; None: the machine's own user).
# Every session starts with it as `session.info["actor"]`, read by services/permissions.py.
current_actor: ContextVar[object | None] = ContextVar("baketracker_actor", default=None)


@contextmanager
def session_scope(*, write: bool = True) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error.

    `write=False` marks a read-only unit of work: on SQLite it begins deferred and so
    takes no write lock (writing in it anyway is possible but may meet SQLITE_BUSY).
    """
    session = _db.session_factory(write=write)()
    session.info["actor"] = current_actor.get()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Where RequestSessionMiddleware leaves the request's Session: `request.state.unit_of_work`.
REQUEST_SESSION = "unit_of_work"


class RequestSessionMiddleware:
    """Gives every HTTP request one Session, closed once the response has been sent.

    The login gate identifies the caller in it, the idempotency gate claims its key in it,
    and the route's UnitOfWork is that same Session, so a page view or form post reads and
    writes in one transaction. The Session begins only at its first statement (a request
    that reads nothing begins nothing); GET/HEAD/OPTIONS begin read-only (on SQLite:
    deferred, never waiting for a writer)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = _db.session_factory(write=scope["method"] not in READ_METHODS)()
        scope.setdefault("state", {})[REQUEST_SESSION] = session
        try:
            await self.app(scope, receive, send)
        finally:
            # Ends whatever the route left open (a read, or an error's rolled-back write).
            await run_in_threadpool(session.close)


def _request_unit_of_work(request: Request) -> Iterator[Session]:
    """One transaction per HTTP request: committed when the route has built its response
    (before it is sent), rolled back on any error."""
    session: Session = request.scope["state"][REQUEST_SESSION]  # RequestSessionMiddleware's
    # Who acts in this request (set by the login gate; None when nobody is signed in).
    session.info["actor"] = getattr(request.state, "user", None)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


# The one thing web and API routes take from this module: `uow: UnitOfWork`, then
# `service(..., session=uow)`. scope="function" ends the dependency (commit) before the
# response is sent, so a failing commit still reaches the error handlers.
UnitOfWork = Annotated[Session, Depends(_request_unit_of_work, scope="function")]


@contextmanager
def command_unit_of_work(*, read_only: bool = False) -> Iterator[Session]:
    """One CLI command, one transaction: `with command_unit_of_work() as uow:` then
    `service(..., session=uow)` for every service the command calls; committed when the
    block ends, rolled back on any error. `read_only=True` for a command that only reads
    (on SQLite it begins deferred and never waits for a writer).

    With UnitOfWork (web and API routes) this is the only thing entry points take from
    this module (tests/unit/test_layering.py checks it)."""
    with session_scope(write=not read_only) as session:
        yield session


# Services declare `session: Session = AUTO`; @transactional replaces AUTO (None at run
# time) with a session of its own, so the body always sees a real Session.
AUTO: Session = cast(Session, None)

P = ParamSpec("P")
R = TypeVar("R")


@overload
def transactional(fn: Callable[P, R], /) -> Callable[P, R]: ...
@overload
def transactional(
    *, read_only: bool = False
) -> Callable[[Callable[P, R]], Callable[P, R]]: ...


def transactional(
    fn: Callable[P, R] | None = None, /, *, read_only: bool = False
) -> Callable[P, R] | Callable[[Callable[P, R]], Callable[P, R]]:
    """Join the caller's transaction when given `session=`, else run in one of its own.

    `@transactional(read_only=True)` marks a use case that only reads: its own
    transaction begins deferred on SQLite and never takes the write lock.
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if kwargs.get("session") is not None:
                return func(*args, **kwargs)
            with session_scope(write=not read_only) as session:
                kwargs["session"] = session
                return func(*args, **kwargs)

        wrapper.__dict__["read_only"] = read_only  # for the test that checks permissions
        return wrapper

    return decorate(fn) if fn is not None else decorate
