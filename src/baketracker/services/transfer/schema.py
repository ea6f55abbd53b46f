"""The JSON Schema of the document, generated from the specs and shipped with the package
(schemas/bake-tracker-document.schema.json), and its errors as path + reason."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import String

from baketracker.domain.allergens import CODES
from baketracker.services.transfer.spec import (
    FORMAT,
    HEADER_KEYS,
    TOP_LEVEL,
    VERSION,
    Entity,
    Field,
)

SCHEMA_FILE = "bake-tracker-document.schema.json"
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _field(entity: Entity, spec: Field) -> dict[str, Any]:
    kind = spec.kind
    out: dict[str, Any]
    if kind in ("text", "unit"):
        out = {"type": "string"}
        column_type = entity.table.c[spec.col].type
        if isinstance(column_type, String) and column_type.length:
            out["maxLength"] = column_type.length
    elif kind == "decimal":
        out = {"type": ["string", "number"], "pattern": DECIMAL_PATTERN}
    elif kind == "int":
        out = {"type": "integer"}
    elif kind == "bool":
        out = {"type": "boolean"}
    elif kind == "date":
        out = {"type": "string", "pattern": DATE_PATTERN}
    elif kind == "datetime":
        out = {"type": "string", "format": "date-time"}
    elif kind == "json":
        out = {"type": "object"}
    elif kind == "codes":
        # Older documents wrote allergens as text; a list of codes is the form written now.
        out = {"type": ["array", "string"], "items": {"enum": list(CODES)}, "uniqueItems": True}
    else:
        out = {"enum": list(spec.choices)}
    if spec.nullable and not spec.required:
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        else:
            kinds = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = [*kinds, "null"]
    return out


def _record(entity: Entity) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for spec in entity.all_fields:
        properties[spec.name] = _field(entity, spec)
        if spec.required:
            required.append(spec.name)
    for ref in entity.refs:
        properties[ref.name] = {"type": "string"} if ref.required else {"type": ["string", "null"]}
        if ref.required:
            required.append(ref.name)
    for child in entity.children:
        if child.single:
            properties[child.array] = {**_record(child), "type": ["object", "null"]}
        else:
            properties[child.array] = {"type": "array", "items": _record(child)}
    if entity.key == "uuid" and entity.key_required:
        required.append("uuid")
    out: dict[str, Any] = {
        "type": "object",
        "title": entity.label,
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = sorted(set(required), key=required.index)
    return out


def build_schema() -> dict[str, Any]:
    """The schema as the specs describe it (what the shipped file must contain)."""
    properties: dict[str, Any] = {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
        "exported_at": {"type": "string"},
        "app_version": {"type": "string"},
        "description": {"type": "string"},
    }
    for entity in TOP_LEVEL:
        properties[entity.array] = {"type": "array", "items": _record(entity)}
    assert all(key in properties for key in HEADER_KEYS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://baketracker.invalid/schemas/" + SCHEMA_FILE,
        "title": "Bake Tracker document",
        "description": (
            "Everything Bake Tracker stores, as one JSON document. References go by slug "
            "(by name for events and packages, by uuid for recipients, snapshots, runs, "
            "purchases and lots). Decimals are strings."
        ),
        "type": "object",
        "required": ["format", "version"],
        "properties": properties,
        "additionalProperties": False,
    }


@cache
def shipped_schema() -> dict[str, Any]:
    text = resources.files("baketracker").joinpath("schemas", SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(shipped_schema())


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def schema_errors(doc: Any) -> Iterator[tuple[str, str]]:
    """(path, reason) for every place the document breaks the schema."""
    for error in _validator().iter_errors(doc):
        path = _path(error.absolute_path)
        validator, instance = error.validator, error.instance
        if validator == "required":
            missing = [k for k in error.validator_value if k not in instance]
            for key in missing:
                yield _join(path, key), "is required"
        elif validator == "additionalProperties":
            allowed = error.schema.get("properties", {})
            for key in instance:
                if key not in allowed:
                    yield _join(path, key), "is not a known field"
        elif validator == "pattern":
            kind = "a date like 2026-12-20" if error.validator_value == DATE_PATTERN else "a number"
            yield path, f"must be {kind}, not {instance!r}"[:200]
        elif validator == "type":
            wanted = error.validator_value
            wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
            yield path, f"must be {wanted}, not {_json_type(instance)}"
        elif validator in ("const", "enum"):
            choices = error.validator_value
            shown = ", ".join(map(str, choices)) if isinstance(choices, list) else repr(choices)
            yield path, f"{instance!r} is not one of {shown}"[:300]
        else:
            yield path, error.message[:200]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
