"""The Alembic migrations build the schema the models describe, and undo it cleanly."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy import inspect

from baketracker import db as dbmod
from baketracker.db import Base
from baketracker.migrate import check, downgrade, upgrade


def test_migrated_schema_matches_the_models(own_db_url: str) -> None:
    engine = dbmod.make_engine(own_db_url)
    try:
        check(engine)  # raises when autogenerate would find a difference
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        engine.dispose()


def test_downgrade_to_base_removes_every_table_and_upgrade_restores_them(own_db_url: str) -> None:
    engine = dbmod.make_engine(own_db_url)
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


def test_old_allergen_text_becomes_codes_and_the_rest_stays_a_note(own_db_url: str) -> None:
    engine = dbmod.make_engine(own_db_url)
    try:
        downgrade(engine, "0001")
        stamp = "'2026-01-01 00:00:00'"
        with engine.begin() as conn:
            for i, (name, text) in enumerate(
                [("Pecans", "tree nuts"), ("Eggs", "egg"), ("Sugar", "none"),
                 ("Chips", "soy, may contain nuts"), ("Vanilla", None)], start=1
            ):
                conn.execute(sa.text(
                    "INSERT INTO ingredients (id, uuid, name, slug, allergens, provisional,"
                    f" created_at, updated_at) VALUES (:id, :uuid, :name, :slug, :text, false,"
                    f" {stamp}, {stamp})"
                ), {"id": i, "uuid": f"00000000-0000-0000-0000-00000000000{i}", "name": name,
                    "slug": name.lower(), "text": text})
            conn.execute(sa.text(
                "INSERT INTO recipients (id, uuid, name, dietary_notes, created_at, updated_at)"
                f" VALUES (1, '00000000-0000-0000-0000-0000000000a1', 'Aunt June',"
                f" 'No nuts, prefers dark chocolate', {stamp}, {stamp})"
            ))
        upgrade(engine)
        with engine.connect() as conn:
            ingredients = {
                slug: (codes, note) for slug, codes, note in conn.execute(sa.text(
                    "SELECT slug, allergen_codes, allergen_note FROM ingredients"))
            }
            june = conn.execute(sa.text("SELECT avoids, dietary_notes FROM recipients")).one()
        decoded = {slug: (_json(codes), note) for slug, (codes, note) in ingredients.items()}
        assert decoded == {
            "pecans": (["tree_nuts"], None),
            "eggs": (["eggs"], None),
            "sugar": ([], None),
            "chips": (["soy"], "may contain nuts"),
            "vanilla": (None, None),
        }
        assert (_json(june[0]), june[1]) == (["tree_nuts"], "prefers dark chocolate")
        downgrade(engine, "0001")
        with engine.connect() as conn:
            back = dict(conn.execute(sa.text("SELECT slug, allergens FROM ingredients")).all())
            notes = conn.execute(sa.text("SELECT dietary_notes FROM recipients")).scalar_one()
        assert back["chips"] == "soy; may contain nuts" and back["vanilla"] is None
        assert notes == "no tree nuts; prefers dark chocolate"
        upgrade(engine)
        check(engine)
    finally:
        engine.dispose()


def _json(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value
