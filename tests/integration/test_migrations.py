"""The Alembic migrations build the schema the models describe, and undo it cleanly."""

from __future__ import annotations

from sqlalchemy import inspect

from baketracker import db as dbmod
from baketracker.db import Base
from baketracker.migrate import check, downgrade, upgrade


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    engine = dbmod.make_engine(db_url)
    try:
        check(engine)  # raises when autogenerate would find a difference
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        engine.dispose()


def test_downgrade_to_base_removes_every_table_and_upgrade_restores_them(db_url: str) -> None:
    engine = dbmod.make_engine(db_url)
    try:
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        check(engine)
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_init_db_creates_the_schema_at_a_new_sqlite_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'sub' / 'new.sqlite3'}"
    try:
        engine = dbmod.init_db(url)
        assert "recipes" in inspect(engine).get_table_names()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        dbmod.dispose()
