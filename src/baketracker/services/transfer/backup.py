"""Backups while the app runs, and restoring them.

- `backup(path)`: a `.sqlite3`/`.db`/`.sqlite` path gets a page-by-page copy through
  SQLite's online backup API (consistent even while the app writes; embedded database
  only); any other path gets the JSON document (any database).
- `restore(path)`: a JSON document is imported with mode "replace". A SQLite backup is
  not swapped in for the live file (another process may hold it open, and the target
  may be PostgreSQL): a copy of it is brought up to the current schema, exported, and
  that document is imported with mode "replace". Either way it is one transaction, so
  a bad backup changes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from baketracker import db
from baketracker.errors import Invalid
from baketracker.services.transfer.export import Progress, export_document
from baketracker.services.transfer.importer import import_document, parse_text

SQLITE_SUFFIXES = (".sqlite3", ".sqlite", ".db")
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _sqlite_file() -> Path | None:
    url = make_url(db.current_url())
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


def sqlite_copy_available() -> bool:
    """True on the embedded SQLite file: the one database a .sqlite3 backup can copy."""
    return _sqlite_file() is not None


def _atomic_write(path: Path, write: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temp))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def backup(
    path: str | Path, *, progress: Progress | None = None, session: Session | None = None
) -> dict[str, Any]:
    """Write a backup of the current database to `path`; returns `kind` ("sqlite" or
    "json"), `path` and `bytes` (and `records` for JSON). Raises Invalid when a SQLite
    copy is asked of a database that is not the embedded SQLite file. A JSON backup
    joins `session` when given (a SQLite copy reads the file, not a session)."""
    target = Path(path)
    if target.suffix.lower() in SQLITE_SUFFIXES:
        source = _sqlite_file()
        if source is None:
            raise Invalid(
                f"{target.name}: a SQLite copy needs the embedded SQLite database; "
                "for this database write a .json backup instead",
                field="file",
            )

        def copy(temp: Path) -> None:
            src = sqlite3.connect(source)
            dst = sqlite3.connect(temp)
            try:
                src.backup(dst)
                # A backup carries the data, never the accounts' password hashes or tokens.
                dst.execute("DELETE FROM api_tokens")
                dst.execute("DELETE FROM users")
                dst.commit()
            finally:
                dst.close()
                src.close()

        _atomic_write(target, copy)
        return {"kind": "sqlite", "path": str(target), "bytes": target.stat().st_size}
    document = export_document(progress=progress, session=session)
    records = sum(len(v) for v in document.values() if isinstance(v, list))

    def dump(temp: Path) -> None:
        with temp.open("w", encoding="utf-8") as out:
            json.dump(document, out, indent=1, ensure_ascii=False)
            out.write("\n")

    _atomic_write(target, dump)
    return {"kind": "json", "path": str(target), "bytes": target.stat().st_size, "records": records}


def is_sqlite_file(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC


def read_sqlite_backup(path: Path, *, progress: Progress | None = None) -> dict[str, Any]:
    """The document held in a SQLite backup (a temporary copy is migrated, never `path`)."""
    from baketracker.migrate import upgrade

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "restore.sqlite3"
        shutil.copyfile(path, copy)
        # Upgrading any other SQLite file would give an empty database, and restoring
        # that would wipe everything: only a Bake Tracker database will do.
        try:
            with closing(sqlite3.connect(copy)) as probe:
                ours = probe.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
                ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise Invalid(f"{path.name} cannot be read as SQLite ({exc})", field="file") from None
        if ours is None:
            raise Invalid(f"{path.name} is not a Bake Tracker database", field="file")
        engine = db.make_engine(f"sqlite:///{copy}")
        try:
            try:
                upgrade(engine)
            except Exception as exc:  # a damaged or foreign file: say so, change nothing
                raise Invalid(f"{path.name} is not a Bake Tracker database ({exc})") from None
            with Session(engine) as session:
                return export_document(session=session, progress=progress)
        finally:
            engine.dispose()


def restore(
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    session: Session | None = None,
) -> dict[str, Any]:
    """Replace all data with the backup at `path` (a JSON document or a SQLite file).

    Returns the import report. Raises Invalid (DocumentInvalid for a bad document) and
    changes nothing when the backup cannot be read or imported.
    """
    source = Path(path)
    if not source.is_file():
        raise Invalid(f"{source}: no such file", field="file")
    if is_sqlite_file(source):
        document = read_sqlite_backup(source, progress=progress)
    else:
        document = parse_text(source.read_bytes())
    return import_document(
        document, mode="replace", dry_run=dry_run, progress=progress, session=session
    )
