"""Shared fixtures: a fresh database per test on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from baketracker import db as dbmod
from baketracker.migrate import upgrade
from tests.support.postgres import PostgresServer, PostgresUnavailable, start_server

BACKENDS = ["sqlite", "postgresql"]


def pytest_configure(config: pytest.Config) -> None:
    # Never let a test touch the developer's real data folder or database.
    os.environ.pop("BAKETRACKER_DATABASE_URL", None)
    scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"baketracker-test-home-{os.getpid()}"
    os.environ["BAKETRACKER_DATA_DIR"] = str(scratch)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer | str]:
    """A PostgreSQL server for this test process: BAKETRACKER_TEST_PG_URL, or one we start.

    A server that cannot be started fails the tests that need it; it never skips them.
    """
    external = os.environ.get("BAKETRACKER_TEST_PG_URL")
    if external:
        yield external
        return
    try:
        server = start_server()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


def _admin_url(server: PostgresServer | str) -> str:
    if isinstance(server, str):
        return server.rsplit("/", 1)[0] + "/postgres"
    return server.admin_url


def _db_url(server: PostgresServer | str, name: str) -> str:
    if isinstance(server, str):
        return server.rsplit("/", 1)[0] + "/" + name
    return server.url_for(name)


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer | str) -> str:
    """A migrated database that each test clones (CREATE DATABASE … TEMPLATE is fast)."""
    name = f"bt_template_{uuid.uuid4().hex[:8]}"
    admin = create_engine(_admin_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = dbmod.make_engine(_db_url(pg_server, name))
    upgrade(engine)
    engine.dispose()
    admin.dispose()
    return name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    engine = dbmod.make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # the last connection to close checkpoints the WAL into the file
    return path


def fresh_database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "baketracker.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("pg_server")
    template_name = request.getfixturevalue("pg_template")
    name = f"bt_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_admin_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    try:
        yield _db_url(server, name)
    finally:
        dbmod.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database(pg_server: PostgresServer | str, pg_template: str) -> str:
    """This test process's own PostgreSQL database, cloned once from the template; every
    test that takes `db_url` finds it emptied (see `_emptied`)."""
    name = f"bt_worker_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_admin_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    admin.dispose()
    return _db_url(pg_server, name)


def _emptied(url: str) -> str:
    """Empty every table of the migrated database at `url` and restart its id sequences:
    as good as a new clone of the template for a test, in a tenth of the time (a
    CREATE DATABASE costs about half a second here). Connections a previous test left
    open are closed first, so nothing can hold a lock on a table being emptied."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            tables = conn.scalars(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'")).all()
            sequences = conn.scalars(text(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).all()
            # Replica mode skips the foreign-key triggers, so the order of the deletes
            # does not matter; the database is empty again when the transaction ends.
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text("; ".join(
                [f'DELETE FROM "{table}"' for table in tables]
                + [f'ALTER SEQUENCE "{sequence}" RESTART' for sequence in sequences])))
    finally:
        engine.dispose()
    return url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a migrated, empty database: once on SQLite (a fresh copy of the
    template file), once on PostgreSQL (this process's database, emptied)."""
    if request.param == "sqlite":
        yield from fresh_database_url("sqlite", request, tmp_path)
        return
    yield _emptied(request.getfixturevalue("pg_database"))
    dbmod.dispose()


@pytest.fixture(params=BACKENDS)
def own_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new migrated database of its own, for a test that changes the schema itself."""
    yield from fresh_database_url(request.param, request, tmp_path)


@pytest.fixture
def db(db_url: str) -> Iterator[str]:
    """Point baketracker.db (and so every service) at a fresh database for this test."""
    dbmod.configure(db_url)
    try:
        yield db_url
    finally:
        dbmod.dispose()


@pytest.fixture
def backend(db_url: str) -> str:
    return "sqlite" if db_url.startswith("sqlite") else "postgresql"
