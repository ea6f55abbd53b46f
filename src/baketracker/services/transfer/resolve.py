"""Where every key leads: a record of the document or a row already stored, and which
records a merge skips because their key (or uuid) is already in the database."""

from __future__ import annotations

import uuid as uuid_mod
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baketracker.models import RecipeSlugAlias
from baketracker.services.transfer.records import Problems, Rec, norm
from baketracker.services.transfer.spec import ALL, BY_NAME, TOP_LEVEL, Entity
from baketracker.services.transfer.values import rewrite_ids

Target = Rec | int


class Index:
    """Keys and uuids of the document's records and of the stored rows."""

    def __init__(
        self, session: Session, recs: dict[str, list[Rec]], problems: Problems, *, merge: bool
    ) -> None:
        self.recs = recs
        self.problems = problems
        self.doc_keys: dict[str, dict[str, Rec]] = {e.name: {} for e in ALL}
        self.doc_uuids: dict[str, dict[str, Rec]] = {e.name: {} for e in ALL}
        self.doc_aliases: dict[str, Rec] = {}
        self.db_keys: dict[str, dict[str, int]] = {e.name: {} for e in ALL}
        self.db_uuids: dict[str, dict[str, int]] = {e.name: {} for e in ALL}
        self.db_aliases: dict[str, int] = {}
        self._index_document()
        if merge:
            self._load_database(session)

    # --- building ---

    def _index_document(self) -> None:
        for entity in ALL:
            keys, uuids = self.doc_keys[entity.name], self.doc_uuids[entity.name]
            for rec in self.recs[entity.name]:
                key = norm(entity, rec.key)
                if entity.key is not None and key is not None:
                    first = keys.setdefault(key, rec)
                    if first is not rec:
                        self.problems.error(
                            f"{rec.path}.{entity.key}",
                            f"duplicate {entity.key} {rec.key!r} (also at {first.path})",
                        )
                if rec.uuid is not None and entity.key != "uuid":
                    first = uuids.setdefault(rec.uuid, rec)
                    if first is not rec:
                        self.problems.error(
                            f"{rec.path}.uuid",
                            f"duplicate uuid {rec.uuid!r} (also at {first.path})",
                        )
                elif rec.uuid is not None:
                    uuids.setdefault(rec.uuid, rec)
        for alias in self.recs["recipe_slug_aliases"]:
            slug = alias.key
            if isinstance(slug, str) and alias.parent is not None:
                if slug in self.doc_keys["recipes"]:
                    self.problems.error(
                        f"{alias.path}.slug", f"{slug!r} is the slug of another recipe"
                    )
                self.doc_aliases[slug] = alias.parent

    def _load_database(self, session: Session) -> None:
        for entity in ALL:
            table = entity.table
            if entity.key is not None and entity.key != "uuid":
                column: Any = table.c[entity.key]
                if entity.case_insensitive:
                    column = func.lower(column)
                self.db_keys[entity.name] = dict(session.execute(select(column, table.c.id)).all())
            self.db_uuids[entity.name] = dict(
                session.execute(select(table.c.uuid, table.c.id)).all()
            )
            if entity.key == "uuid":
                self.db_keys[entity.name] = self.db_uuids[entity.name]
        self.db_aliases = dict(
            session.execute(select(RecipeSlugAlias.slug, RecipeSlugAlias.recipe_id)).all()
        )

    # --- merge: what is already there ---

    def stored(self, entity: Entity, rec: Rec) -> int | None:
        """The id of the stored row with this record's key or uuid, if any."""
        key = norm(entity, rec.key)
        found = self.db_keys[entity.name].get(key) if key is not None else None
        if found is None and entity.name == "recipes" and key is not None:
            found = self.db_aliases.get(key)
        if found is None and rec.uuid is not None:
            found = self.db_uuids[entity.name].get(rec.uuid)
        return found

    def mark_existing(self) -> None:
        """Skip top-level records already stored, with everything nested in them; give a
        fresh uuid to a new nested record whose uuid is taken; refuse a new nested record
        whose own key (a finished unit's slug, a former slug) is taken."""
        for top in TOP_LEVEL:
            for rec in self.recs[top.name]:
                found = self.stored(top, rec)
                if found is not None:
                    rec.existing, rec.skipped = found, True
                    self._skip_children(rec)
                else:
                    self._check_children(rec)

    def _skip_children(self, rec: Rec) -> None:
        for kids in rec.children.values():
            for kid in kids:
                kid.skipped = True
                kid.existing = self.stored(kid.entity, kid) if kid.entity.key else None
                self._skip_children(kid)

    def _check_children(self, rec: Rec) -> None:
        for kids in rec.children.values():
            for kid in kids:
                entity = kid.entity
                key = kid.key
                if entity.key in ("slug",) and isinstance(key, str):
                    taken = key in self.db_keys[entity.name] or (
                        entity.name == "recipe_slug_aliases"
                        and (key in self.db_keys["recipes"] or key in self.db_aliases)
                    )
                    if taken:
                        self.problems.error(
                            f"{kid.path}.slug",
                            f"{entity.label} slug {key!r} is already used in the database",
                        )
                if kid.uuid is not None and kid.uuid in self.db_uuids[entity.name]:
                    kid.values["uuid"] = str(uuid_mod.uuid4())
                    self.problems.warn(
                        f"{kid.path}: uuid already used by another {entity.label}; "
                        "a new one was given"
                    )
                self._check_children(kid)

    # --- references ---

    def find(self, target: str, key: str) -> Target | None:
        entity = BY_NAME[target]
        k = norm(entity, key)
        if k is None:
            return None
        rec = self.doc_keys[target].get(k)
        if rec is None and target == "recipes":
            rec = self.doc_aliases.get(k)
        if rec is not None:
            return rec
        found = self.db_keys[target].get(k)
        if found is None and target == "recipes":
            found = self.db_aliases.get(k)
        return found

    def resolve_refs(self) -> None:
        """Point every reference at its record or row; unknown keys are errors.

        In a merge, a new record that needs something the merge skips without a stored
        counterpart (a finished unit of a recipe that already exists) is skipped as well,
        whole, with a warning; repeated until nothing more is skipped.
        """
        while self._pass(report=False):
            pass
        self._pass(report=True)

    def _pass(self, *, report: bool) -> bool:
        changed = False
        for entity in ALL:
            for rec in self.recs[entity.name]:
                if rec.skipped:
                    if report:
                        self._check_skipped(rec)
                    continue
                for ref in entity.refs:
                    key = rec.ref_keys.get(ref.name)
                    target = None if key is None else self.find(ref.target, key)
                    rec.targets[ref.column] = target
                    if _suppressed(target):
                        assert isinstance(target, Rec)
                        changed |= self._skip_for(rec, target)
                    elif report:
                        self._report_ref(rec, ref.name, ref.target, ref.required, key, target)
                for spec in entity.fields:
                    if spec.kind == "json" and isinstance(rec.values.get(spec.col), dict):
                        check = self._check_json_ref if report else self._json_skips(rec)
                        rewrite_ids(rec.values[spec.col], check, f"{rec.path}.{spec.name}")
                        changed |= rec.skipped
        return changed

    def _check_skipped(self, rec: Rec) -> None:
        """A skipped record is not written, but the document must still make sense."""
        for ref in rec.entity.refs:
            key = rec.ref_keys.get(ref.name)
            if key is not None and self.find(ref.target, key) is None:
                label = BY_NAME[ref.target].label
                self.problems.error(f"{rec.path}.{ref.name}", f"unknown {label} {key!r}")
        for spec in rec.entity.fields:
            if spec.kind == "json" and isinstance(rec.values.get(spec.col), dict):
                rewrite_ids(
                    rec.values[spec.col], self._check_json_exists, f"{rec.path}.{spec.name}"
                )

    def _check_json_exists(self, target: str, value: Any, path: str) -> Any:
        known = isinstance(value, str) and (
            value in self.doc_uuids[target]
            or value in self.doc_keys[target]
            or value in self.db_uuids[target]
        )
        if not known:
            self._check_json_ref(target, value, path)
        return value

    def _report_ref(
        self, rec: Rec, name: str, target_name: str, required: bool, key: Any, target: Any
    ) -> None:
        path = f"{rec.path}.{name}"
        if key is None:
            if required and name in rec.raw:
                self.problems.error(path, "must not be null")
        elif target is None:
            self.problems.error(path, f"unknown {BY_NAME[target_name].label} {key!r}")

    def _skip_for(self, rec: Rec, needed: Rec) -> bool:
        top = rec
        while top.parent is not None:
            top = top.parent
        if top.skipped:
            return False
        top.skipped = True
        self._skip_children(top)
        holder = needed
        while holder.parent is not None and holder.existing is None:
            holder = holder.parent
        self.problems.warn(
            f"{top.label()} is skipped: it needs {needed.label()}, which belongs "
            f"to {holder.label()}, already stored and so skipped"
        )
        return True

    def _json_skips(self, rec: Rec) -> Any:
        def check(target: str, value: Any, path: str) -> Any:
            found = self.doc_uuids[target].get(value) if isinstance(value, str) else None
            if found is None and isinstance(value, str) and BY_NAME[target].key == "uuid":
                found = self.doc_keys[target].get(value)
            if _suppressed(found) and not rec.skipped:
                assert isinstance(found, Rec)
                self._skip_for(rec, found)
            return value

        return check

    def by_uuid(self, target: str, value: str) -> Target | None:
        rec = self.doc_uuids[target].get(value)
        if rec is None and BY_NAME[target].key == "uuid":
            rec = self.doc_keys[target].get(value)
        if rec is not None:
            if rec.skipped and rec.existing is None:
                return None
            return rec
        return self.db_uuids[target].get(value)

    def _check_json_ref(self, target: str, value: Any, path: str) -> Any:
        if not isinstance(value, str):
            self.problems.error(path, f"must be the uuid of {BY_NAME[target].a_label} or null")
        elif self.by_uuid(target, value) is None:
            self.problems.error(path, f"unknown {BY_NAME[target].label} uuid {value!r}")
        return value

    def json_to_ids(self, target: str, value: Any, path: str) -> Any:
        """After writing: a uuid inside stored JSON as the id of its row."""
        found = self.by_uuid(target, value) if isinstance(value, str) else None
        if found is None:
            return None
        return found.row_id if isinstance(found, Rec) else found


def _suppressed(target: Any) -> bool:
    """A document record the merge skips with no stored row to stand in for it."""
    return isinstance(target, Rec) and target.skipped and target.existing is None


def target_id(target: Target | None) -> int | None:
    if target is None:
        return None
    return target.row_id if isinstance(target, Rec) else target
