"""Writing checked records: bulk inserts in dependency order, then the self-references and
the stored JSON that could only be resolved once every row had its id."""

from __future__ import annotations

import json
import uuid as uuid_mod
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from baketracker.db import Base, utcnow
from baketracker.models import Ingredient, Recipe
from baketracker.services.transfer.records import Rec
from baketracker.services.transfer.resolve import Index, target_id
from baketracker.services.transfer.rules import json_with_ids, live
from baketracker.services.transfer.spec import ALL, Entity

# Columns a lot takes from its purchase's product rather than from the document.
_DERIVED = {"lots": ("product_id", "ingredient_id", "material_id")}

Tick = Callable[[int], None]


# Not data: the accounts stay who they are, and the activity trail is only ever added to.
KEPT = frozenset({"users", "api_tokens", "activity"})


def wipe(session: Session) -> None:
    """Delete every row of every data table (a replace import, inside its transaction)."""
    session.execute(update(Ingredient).values(parent_id=None))
    session.execute(update(Recipe).values(base_recipe_id=None))
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in KEPT:
            session.execute(delete(table))


def write(session: Session, index: Index, tick: Tick | None = None) -> None:
    now = utcnow()
    for entity in ALL:
        recs = live(index.recs[entity.name])
        if recs:
            _insert(session, entity, recs, now)
            _late_refs(session, entity, recs)
            if tick is not None:
                tick(len(recs))
    for entity in ALL:
        columns = [f.col for f in entity.fields if f.kind == "json"]
        recs = live(index.recs[entity.name])
        for column in columns:
            params = [
                {
                    "b_id": rec.row_id,
                    "b_value": json_with_ids(index, rec.values[column]),
                    "b_updated": rec.values["updated_at"],
                }
                for rec in recs
            ]
            if params:
                _update(session, entity, {column: "b_value"}, params)


def _row(entity: Entity, rec: Rec, now: Any) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for spec in entity.all_fields:
        value = rec.values.get(spec.col)
        if spec.kind == "json":
            value = {}  # filled in once every row it may point at exists
        row[spec.col] = value
    if row["uuid"] is None:
        row["uuid"] = rec.values["uuid"] = str(uuid_mod.uuid4())
    for stamp in ("created_at", "updated_at"):
        if row[stamp] is None:
            row[stamp] = rec.values[stamp] = now
    if entity.position:
        row["position"] = rec.position
    if entity.parent_column is not None:
        assert rec.parent is not None
        row[entity.parent_column] = rec.parent.row_id
    for ref in entity.refs:
        row[ref.column] = None if ref.late else target_id(rec.targets.get(ref.column))
    for column in _DERIVED.get(entity.name, ()):
        row[column] = target_id(rec.targets.get(column))
    return row


def _allocate(session: Session, table: Table, count: int) -> list[int]:
    """`count` fresh ids for `table`, in ascending order.

    Bulk INSERT … RETURNING cannot promise row order on SQLite, so ids are chosen first:
    on PostgreSQL from the column's sequence (safe beside concurrent writers), on SQLite
    after the largest id (the import holds the write lock from its first statement).
    """
    if session.get_bind().dialect.name == "postgresql":
        query = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return sorted(session.scalars(query, {"table": table.name, "n": count}))
    start = session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0
    return list(range(start + 1, start + 1 + count))


def _insert(session: Session, entity: Entity, recs: list[Rec], now: Any) -> None:
    table = entity.table
    ids = _allocate(session, table, len(recs))
    rows = []
    for rec, new_id in zip(recs, ids, strict=True):
        rec.new_id = new_id
        row = _row(entity, rec, now)
        row["id"] = new_id
        rows.append(row)
    if session.get_bind().dialect.name == "postgresql":
        _copy(session, entity, rows)
    else:
        session.execute(insert(table), rows)


def _copy(session: Session, entity: Entity, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's COPY, on the import's own connection and transaction: the fastest way
    in for thousands of rows (an INSERT per row, even pipelined, is several times slower)."""
    columns = list(rows[0])
    json_columns = {f.col for f in entity.fields if f.kind == "json"}
    code_columns = {f.col for f in entity.fields if f.kind == "codes"}
    names = ", ".join(f'"{c}"' for c in columns)
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        with cursor.copy(f'COPY "{entity.table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([
                    "{}" if c in json_columns
                    else _json_text(row[c]) if c in code_columns
                    else row[c]
                    for c in columns
                ])


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _late_refs(session: Session, entity: Entity, recs: list[Rec]) -> None:
    for ref in entity.refs:
        if not ref.late:
            continue
        params = [
            {
                "b_id": rec.row_id,
                "b_value": target_id(rec.targets.get(ref.column)),
                "b_updated": rec.values["updated_at"],
            }
            for rec in recs
            if rec.targets.get(ref.column) is not None
        ]
        if params:
            _update(session, entity, {ref.column: "b_value"}, params)


def _update(
    session: Session, entity: Entity, columns: dict[str, str], params: list[dict[str, Any]]
) -> None:
    table = entity.table
    values: dict[str, Any] = {
        column: bindparam(name, type_=table.c[column].type) for column, name in columns.items()
    }
    # Say updated_at explicitly, or its onupdate default would stamp it with "now".
    values["updated_at"] = bindparam("b_updated", type_=table.c.updated_at.type)
    statement = update(table).where(table.c.id == bindparam("b_id")).values(values)
    session.execute(statement, params)
