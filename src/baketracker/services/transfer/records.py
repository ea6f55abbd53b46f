"""Reading a document into records: converted values, keys, and every problem found.

Nothing here trusts the document: a record that is not an object, a field of the wrong
type or an unreadable number becomes an error naming its path, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from baketracker.errors import Invalid
from baketracker.services.transfer.spec import ALL, BY_NAME, TOP_LEVEL, Entity
from baketracker.services.transfer.values import Bad, from_doc


class DocumentInvalid(Invalid):
    """A document that cannot be imported; `errors` lists every problem, one per line,
    each naming the array, the record index, the field and the reason. Nothing was written.
    """

    def __init__(self, errors: list[str], *, report: dict[str, Any] | None = None) -> None:
        count = len(errors)
        head = f"The document cannot be imported ({count} error{'s' if count != 1 else ''}"
        head += "; nothing was changed):"
        super().__init__(head + "\n" + "\n".join(errors), field="document")
        self.errors = errors
        self.report = report or {}


class Problems:
    """Errors by path (the first reason per path wins), warnings in the order found, and the
    records mapped rather than refused, by kind."""

    def __init__(self, translate: Callable[[str], str] | None = None) -> None:
        self.errors: dict[str, str] = {}
        self.warnings: list[str] = []
        self.mapped: dict[str, list[str]] = {}  # kind → one line per record mapped
        self.translate = translate

    def error(self, path: str, reason: str) -> None:
        if self.translate is not None:
            path = self.translate(path)
        self.errors.setdefault(path, reason)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def note(self, kind: str, line: str) -> None:
        """A record carried over differently from how the file has it (see v4.oddities)."""
        self.mapped.setdefault(kind, []).append(line)

    def lines(self) -> list[str]:
        return [f"{path}: {reason}" if path else reason for path, reason in self.errors.items()]


@dataclass(eq=False)
class Rec:
    """One record of the document, on its way into a table."""

    entity: Entity
    path: str
    raw: dict[str, Any]
    parent: Rec | None = None
    position: int = 0
    values: dict[str, Any] = field(default_factory=dict)  # column → value to store
    ref_keys: dict[str, Any] = field(default_factory=dict)  # ref name → key in the document
    targets: dict[str, Rec | int | None] = field(default_factory=dict)  # ref column → target
    children: dict[str, list[Rec]] = field(default_factory=dict)  # entity name → records
    existing: int | None = None  # id of the stored row this record matches (merge)
    skipped: bool = False
    new_id: int | None = None

    @property
    def key(self) -> Any:
        """The natural key as written (slug, name or uuid), or None."""
        name = self.entity.key
        return None if name is None else self.raw.get(name)

    @property
    def uuid(self) -> str | None:
        value = self.values.get("uuid")
        return value if isinstance(value, str) else None

    @property
    def row_id(self) -> int:
        """The id of the row this record is (or became) in the database."""
        found = self.existing if self.existing is not None else self.new_id
        assert found is not None, f"{self.path} has no row yet"
        return found

    def label(self) -> str:
        key = self.key
        return f"{self.entity.label} {key!r}" if isinstance(key, str) else self.path

    def kids(self, name: str) -> list[Rec]:
        return self.children.get(name, [])


def norm(entity: Entity, key: Any) -> str | None:
    """The key used to look a record up: names ignore case, slugs and uuids do not."""
    if not isinstance(key, str) or not key.strip():
        return None
    return key.strip().lower() if entity.case_insensitive else key


Tick = Callable[[int], None]


def collect(
    doc: dict[str, Any], problems: Problems, tick: Tick | None = None
) -> dict[str, list[Rec]]:
    """Every record of the document, by entity name, in document order."""
    out: dict[str, list[Rec]] = {e.name: [] for e in ALL}
    count = 0
    for top in TOP_LEVEL:
        items = doc.get(top.array, [])
        if not isinstance(items, list):
            continue  # the schema reports it
        for index, raw in enumerate(items):
            _make(top, raw, f"{top.array}[{index}]", None, index, out, problems)
            count += 1
            if tick is not None and count % 1000 == 0:
                tick(1000)
    if tick is not None:
        tick(count % 1000)
    return out


def _make(
    entity: Entity,
    raw: Any,
    path: str,
    parent: Rec | None,
    position: int,
    out: dict[str, list[Rec]],
    problems: Problems,
) -> None:
    if not isinstance(raw, dict):
        return  # the schema reports it
    rec = Rec(entity, path, raw, parent, position)
    for spec in entity.all_fields:
        if spec.name not in raw:
            if spec.default is not None:
                rec.values[spec.col] = spec.default
            elif not spec.required and spec.nullable:
                rec.values[spec.col] = None
            continue  # required and missing: the schema reports it
        try:
            rec.values[spec.col] = from_doc(entity, spec, raw[spec.name])
        except Bad as exc:
            problems.error(f"{path}.{spec.name}", str(exc))
    if isinstance(raw.get("uuid"), str) and not raw["uuid"].strip():
        problems.error(f"{path}.uuid", "must not be blank")
    for ref in entity.refs:
        value = raw.get(ref.name)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            reason = f"must be the {_ref_key(ref.target)} of {BY_NAME[ref.target].a_label}"
            problems.error(f"{path}.{ref.name}", f"{reason}, not {value!r}"[:200])
            value = None
        rec.ref_keys[ref.name] = value
    out[entity.name].append(rec)
    if parent is not None:
        parent.children.setdefault(entity.name, []).append(rec)
    for child in entity.children:
        value = raw.get(child.array)
        here = f"{path}.{child.array}"
        if child.single:
            _make(child, value, here, rec, 0, out, problems)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                _make(child, item, f"{here}[{index}]", rec, index, out, problems)


def _ref_key(target: str) -> str:
    return BY_NAME[target].key or "uuid"
