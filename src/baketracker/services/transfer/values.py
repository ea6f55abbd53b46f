"""Values between the database and the document: exact text for decimals, UTC timestamps,
and the ids inside stored JSON rewritten as uuids (so snapshots survive a move)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, Numeric, String

from baketracker.domain import allergens, units
from baketracker.domain.recipes import decimal_text
from baketracker.errors import Invalid
from baketracker.services.lookup import slug_problem
from baketracker.services.transfer.spec import Entity, Field

INT_MAX = 2**31 - 1


class Bad(Exception):
    """A value that cannot be stored; the message is the reason shown to the user."""


def utc(value: datetime) -> datetime:
    """SQLite hands back naive UTC, PostgreSQL aware datetimes: make both aware UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def to_doc(field: Field, value: Any) -> Any:
    """A stored value as the document writes it."""
    if value is None:
        return None
    if field.kind == "decimal":
        return decimal_text(value)
    if field.kind == "datetime":
        return utc(value).isoformat()
    if field.kind == "date":
        return value.isoformat()
    if field.kind == "int":
        return int(value)
    if field.kind == "bool":
        return bool(value)
    return value


def _limit(entity: Entity, field: Field) -> Any:
    return entity.table.c[field.col].type


def from_doc(entity: Entity, field: Field, value: Any) -> Any:
    """A document value as it will be stored, or Bad with the reason."""
    if value is None:
        if field.required or not field.nullable:
            raise Bad("must not be null")
        return None
    kind = field.kind
    column_type = _limit(entity, field)
    if kind == "text":
        if not isinstance(value, str):
            raise Bad(f"must be text, not {_show(value)}")
        if field.required and not value.strip():
            raise Bad("must not be blank")
        if field.name == "slug" and (problem := slug_problem(value)) is not None:
            raise Bad(problem)  # kept exactly as written, or refused: never rewritten
        _storable(value)
        length = getattr(column_type, "length", None)
        if isinstance(column_type, String) and length is not None and len(value) > length:
            raise Bad(f"is longer than {length} characters")
        return value
    if kind == "decimal":
        return _decimal(field, value, column_type)
    if kind == "int":
        return _int(field, value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise Bad(f"must be true or false, not {_show(value)}")
        return value
    if kind == "date":
        return parse_date(value)
    if kind == "datetime":
        return parse_datetime(value)
    if kind == "json":
        if not isinstance(value, dict):
            raise Bad(f"must be an object, not {_show(value)}")
        try:
            json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError, UnicodeEncodeError):
            raise Bad("holds something that is not JSON text") from None
        return value
    if kind == "codes":
        return allergen_codes(value)
    if kind == "unit":
        return unit(value)
    if kind == "enum":
        if not isinstance(value, str) or value not in field.choices:
            raise Bad(f"{_show(value)} is not one of {', '.join(field.choices)}")
        return value
    raise AssertionError(kind)


def allergen_codes(value: Any) -> list[str]:
    """A list of allergen codes; text of an older document only when every word is known."""
    if isinstance(value, str):
        codes, rest = allergens.recognise(value)
        if codes is None or rest is not None:
            raise Bad(f"{_show(value)} is not a list of allergen codes")
        return list(codes)
    try:
        return list(allergens.parse_codes(value, record="", field=""))
    except Invalid:
        raise Bad(f"{_show(value)} is not a list of known allergen codes "
                  f"({', '.join(allergens.FAMILIES)}, or e.g. tree_nuts:almond)") from None


def _storable(text: str) -> None:
    """Text every database can hold: UTF-8, and no NUL (PostgreSQL refuses it)."""
    if "\x00" in text:
        raise Bad("must not contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise Bad("is not valid text (a lone surrogate)") from None


def unit(value: Any) -> str:
    if not isinstance(value, str):
        raise Bad(f"must be a unit name, not {_show(value)}")
    try:
        return units.canonical_unit(value)
    except Invalid:
        raise Bad(f"unknown unit {_show(value)}") from None


def number(value: Any) -> Decimal:
    """A Decimal from a JSON number or numeric text (never a bool, NaN or infinity)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise Bad(f"must be a number, not {_show(value)}")
    try:
        result = units.to_decimal(value)
    except Invalid:
        raise Bad(f"must be a number, not {_show(value)}") from None
    if not result.is_finite():
        raise Bad(f"must be a number, not {_show(value)}")
    return result


def check_min(value: Decimal, min: str) -> None:
    if min == ">0" and value <= 0:
        raise Bad(f"must be greater than 0, not {decimal_text(value)}")
    if min == ">=0" and value < 0:
        raise Bad(f"must not be negative ({decimal_text(value)})")


def _decimal(field: Field, value: Any, column_type: Any) -> Decimal:
    result = number(value)
    check_min(result, field.min)
    if field.whole and result != result.to_integral_value():
        raise Bad(f"must be a whole number, not {decimal_text(result)}")
    if isinstance(column_type, Numeric) and column_type.precision and column_type.scale:
        if abs(result) >= Decimal(10) ** (column_type.precision - column_type.scale):
            raise Bad(f"{decimal_text(result)} is too large")
    return result


def _int(field: Field, value: Any) -> int:
    if isinstance(value, bool):
        raise Bad(f"must be a whole number, not {_show(value)}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise Bad(f"must be a whole number, not {_show(value)}")
    check_min(Decimal(value), field.min)
    if abs(value) > INT_MAX:
        raise Bad(f"{value} is too large")
    return value


def parse_date(value: Any) -> date:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Bad(f"{_show(value)} is not a date like 2026-12-20")


def parse_datetime(value: Any) -> datetime:
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("Z") and text[-7:-1] == "+00:00":
            text = text[:-1]  # bake-tracker's exporter writes "+00:00Z"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return utc(parsed)
    raise Bad(f"{_show(value)} is not a timestamp like 2026-12-20T10:30:00+00:00")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def is_integer_column(entity: Entity, column: str) -> bool:
    return isinstance(entity.table.c[column].type, Integer)


# --- ids inside stored JSON (definition snapshots, plan snapshot, amendments) -----------

# Keys whose integer value is the id of a row in the named entity.
ID_KEYS = {
    "ingredient_id": "ingredients",
    "recipe_id": "recipes",
    "fg_id": "finished_goods",
    "finished_good_id": "finished_goods",
    "finished_unit_id": "finished_units",
    "material_id": "materials",
    "recipe_snapshot_id": "recipe_snapshots",
    "finished_good_snapshot_id": "finished_good_snapshots",
    "production_run_id": "production_runs",
    "assembly_run_id": "assembly_runs",
    "event_id": "events",
}
# A bare "id" names a row of the entity given by the line's "type" ...
_ID_BY_TYPE = {
    "finished_unit": "finished_units",
    "finished_good": "finished_goods",
    "material": "materials",
}
# ... or, failing that, by the key that holds the object (or list of objects).
_ID_BY_CONTAINER = {
    "recipe": "recipes",
    "finished_good": "finished_goods",
    "finished_units": "finished_units",
    "materials": "materials",
    "lines": "recipe_lines",
}

# (entity name, value, path) → replacement value
Rewrite = Callable[[str, Any, str], Any]


def rewrite_ids(data: Any, fn: Rewrite, path: str = "", container: str = "") -> Any:
    """A copy of stored JSON with every id-valued key passed through `fn`.

    Export turns ids into uuids, import turns uuids back into the new database's ids, so
    a snapshot keeps pointing at the same recipe, unit or good wherever it is loaded.
    """
    if isinstance(data, list):
        return [rewrite_ids(item, fn, f"{path}[{i}]", container) for i, item in enumerate(data)]
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    line_type = data.get("type")
    for key, value in data.items():
        here = f"{path}.{key}" if path else key
        target = ID_KEYS.get(key)
        if key == "id":
            target = _ID_BY_TYPE.get(line_type) if isinstance(line_type, str) else None
            target = target or _ID_BY_CONTAINER.get(container)
        if target is not None and value is not None and not isinstance(value, dict | list):
            out[key] = fn(target, value, here)
        else:
            out[key] = rewrite_ids(value, fn, here, key)
    return out
