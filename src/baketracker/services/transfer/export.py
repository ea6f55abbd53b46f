"""Export: the whole database as one versioned JSON document, references by key.

Records appear in the order they were created (their internal id), children in their
position order, so an export → import → export round trip gives the same document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker import __version__
from baketracker.db import session_scope
from baketracker.services.transfer.spec import ALL, FORMAT, TOP_LEVEL, VERSION, Entity
from baketracker.services.transfer.values import rewrite_ids, to_doc

# (stage, done, total): the CLI turns these into a progress bar.
Progress = Callable[[str, int, int], None]


def export_document(
    *, session: Session | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """Everything in the database as the project's own document (format "baketracker",
    version "1"): catalog, inventory, recipes, goods, packages, recipients, events with
    their assignments, targets, plan records and amendments, snapshots and runs.

    Given no session, reads in one transaction of its own (REPEATABLE READ on PostgreSQL,
    so a running app cannot make the copy inconsistent). Raises nothing of its own.
    """
    if session is not None:
        _one_snapshot(session)
        return _Exporter(session, progress).document()
    with session_scope() as own:
        _one_snapshot(own)
        return _Exporter(own, progress).document()


def _one_snapshot(session: Session) -> None:
    """On PostgreSQL, a transaction the export begins reads one snapshot (REPEATABLE READ);
    a caller's transaction already under way keeps its own isolation."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


class _Exporter:
    def __init__(self, session: Session, progress: Progress | None) -> None:
        self.progress = progress
        self.rows: dict[str, list[Any]] = {}
        total = len(ALL)
        for done, entity in enumerate(ALL):
            table = entity.table
            order = [table.c.position, table.c.id] if entity.position else [table.c.id]
            self.rows[entity.name] = list(
                session.execute(select(table).order_by(*order)).mappings()
            )
            if progress is not None:
                progress("Reading", done + 1, total)
        self.uuid_of = {
            name: {row["id"]: row["uuid"] for row in rows} for name, rows in self.rows.items()
        }
        self.key_of = {
            e.name: {row["id"]: row[e.key] for row in self.rows[e.name]} for e in ALL if e.key
        }
        self.children: dict[str, dict[int, list[Any]]] = {}
        for entity in ALL:
            if entity.parent_column is not None:
                grouped: dict[int, list[Any]] = defaultdict(list)
                for row in self.rows[entity.name]:
                    grouped[row[entity.parent_column]].append(row)
                self.children[entity.name] = grouped

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": datetime.now(UTC).isoformat(),
            "app_version": __version__,
        }
        total = sum(len(self.rows[e.name]) for e in TOP_LEVEL)
        done = 0
        for entity in TOP_LEVEL:
            out = []
            for row in self.rows[entity.name]:
                out.append(self.record(entity, row))
                done += 1
                if self.progress is not None and done % 500 == 0:
                    self.progress("Exporting", done, total)
            doc[entity.array] = out
        if self.progress is not None:
            self.progress("Exporting", total, total)
        return doc

    def _uuid(self, target: str, value: Any, path: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return value
        # A row deleted since the snapshot was taken: nothing left to point at.
        return self.uuid_of[target].get(value)

    def record(self, entity: Entity, row: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in entity.fields:
            value = row[field.col]
            if field.kind == "json":
                out[field.name] = rewrite_ids(value, self._uuid)
            else:
                out[field.name] = to_doc(field, value)
        for ref in entity.refs:
            target = row[ref.column]
            out[ref.name] = None if target is None else self.key_of[ref.target][target]
        for child in entity.children:
            items = self.children[child.name].get(row["id"], [])
            if child.single:
                out[child.array] = self.record(child, items[0]) if items else None
            else:
                out[child.array] = [self.record(child, item) for item in items]
        for field in entity.all_fields[len(entity.fields) :]:
            out[field.name] = to_doc(field, row[field.col])
        return out
