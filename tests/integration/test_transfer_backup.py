"""Backups while the app runs, and restores that replace everything or change nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from baketracker.db import session_scope
from baketracker.errors import Invalid
from baketracker.models import Ingredient
from baketracker.services.transfer import (
    DocumentInvalid,
    backup,
    export_document,
    load_demo,
    restore,
)
from tests.integration.test_transfer_support import other_db, state, use, without_stamp

pytestmark = pytest.mark.usefixtures("db")
__all__ = ["other_db"]


def test_a_json_backup_restores_the_same_data_elsewhere(tmp_path: Path, other_db: str) -> None:
    load_demo()
    original = export_document()

    result = backup(tmp_path / "season.json")

    assert result["kind"] == "json" and result["bytes"] > 10_000
    use(other_db)
    report = restore(tmp_path / "season.json")
    assert report["mode"] == "replace"
    assert without_stamp(export_document()) == without_stamp(original)


def test_a_sqlite_copy_is_consistent_while_a_write_is_under_way(
    tmp_path: Path, backend: str, other_db: str
) -> None:
    if backend != "sqlite":
        pytest.skip("the online copy is for the embedded SQLite database")
    load_demo()
    original = export_document()

    with session_scope() as session:
        session.add(Ingredient(name="Half-written", slug="half-written"))
        session.flush()
        result = backup(tmp_path / "copy.sqlite3")  # another connection, mid-transaction

    assert result["kind"] == "sqlite"
    use(other_db)
    restore(tmp_path / "copy.sqlite3")
    assert without_stamp(export_document()) == without_stamp(original)


def test_a_sqlite_copy_of_postgresql_is_refused(tmp_path: Path, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite databases can be copied")
    with pytest.raises(Invalid, match="write a .json backup instead"):
        backup(tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"format": "baketracker", "version": "1", "recipes": [{"slug": 1}]}',
            r"recipes\[0\]\.slug",
        ),
        (b'{"format": "baketracker", "version": "1", "recipes": [', "not valid JSON"),
        (b"\x00\x01 not a backup", "not UTF-8|not valid JSON"),
    ],
)
def test_a_bad_backup_changes_nothing(tmp_path: Path, content: bytes, message: str) -> None:
    load_demo()
    before = state()
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)

    with pytest.raises(DocumentInvalid, match=message):
        restore(bad)

    assert state() == before


def test_a_sqlite_file_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    load_demo()
    before = state()
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")

    with pytest.raises(Invalid, match="is not a Bake Tracker database"):
        restore(other)

    assert state() == before


def test_restoring_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(Invalid, match="no such file"):
        restore(tmp_path / "nowhere.json")
