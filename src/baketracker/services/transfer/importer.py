"""Import: check the whole document first, then write it in one transaction, or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from baketracker.db import session_scope
from baketracker.errors import Conflict, Invalid
from baketracker.models import Activity
from baketracker.services import activity
from baketracker.services.permissions import check
from baketracker.services.transfer import v4
from baketracker.services.transfer.records import DocumentInvalid, Problems, Rec, collect
from baketracker.services.transfer.resolve import Index
from baketracker.services.transfer.rules import Rules, Stored
from baketracker.services.transfer.schema import schema_errors
from baketracker.services.transfer.spec import ALL, FORMAT, TOP_LEVEL, VERSION
from baketracker.services.transfer.v4.mapper import FIELD_NAMES
from baketracker.services.transfer.v4.oddities import KINDS
from baketracker.services.transfer.write import wipe, write

MODES = ("merge", "replace")
Progress = Callable[[str, int, int], None]


def parse_text(text: str | bytes) -> Any:
    """JSON text as a Python value, or DocumentInvalid saying where it stops making sense."""
    try:
        return json.loads(text)
    except UnicodeDecodeError as exc:
        raise DocumentInvalid([f"the file is not UTF-8 text ({exc.reason})"]) from None
    except RecursionError:
        raise DocumentInvalid(["the JSON is nested too deeply to read"]) from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise DocumentInvalid([f"not valid JSON at {where}: {exc.msg} (truncated file?)"]) from None


def detect_format(doc: Any) -> str:
    """ "baketracker" (our own document), "bake-tracker-v4", or DocumentInvalid."""
    if not isinstance(doc, dict):
        raise DocumentInvalid(["the document must be a JSON object"])
    if doc.get("format") == FORMAT:
        if doc.get("version") != VERSION:
            raise DocumentInvalid(
                [f"version: {doc.get('version')!r} is not a version this app reads ({VERSION!r})"]
            )
        return FORMAT
    version = doc.get("version")
    if doc.get("application") == "bake-tracker":
        if isinstance(version, str) and version.startswith("4."):
            return "bake-tracker-v4"
        raise DocumentInvalid(
            [f"version: bake-tracker {version!r} files are not supported (only 4.x)"]
        )
    raise DocumentInvalid(
        [
            'format: missing or unknown header: expected "format": "baketracker" with '
            '"version": "1", or a bake-tracker 4.x backup ("application": "bake-tracker")'
        ]
    )


def import_document(
    doc: Any,
    *,
    mode: str = "merge",
    dry_run: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    session: Session | None = None,
) -> dict[str, Any]:
    """Import a document (a dict, or JSON text) in our own format or bake-tracker 4.x.

    The whole document is checked first (shape against the JSON Schema, then units,
    numbers, enum values, duplicate keys, references, cycles); any problem raises
    DocumentInvalid (an Invalid) listing every error as `path.field: reason`, and nothing
    is written. Then, in one transaction: `mode="merge"` skips records whose key (slug,
    name or uuid) is already stored and reports them; `mode="replace"` deletes all data
    first. `dry_run` reports what would happen and writes nothing. `strict` refuses a
    bake-tracker file that uses ingredients it never defines (by default they are created
    as provisional ingredients) or puts records on a category ingredient (by default they
    go to a leaf "<Category> (unspecified)" created under it, see v4.oddities), one error
    per use. Raises Conflict if the database changed under the import.

    Returns the report: `format`, `mode`, `dry_run`, `counts` (entity → created /
    skipped), `skipped` (entity → keys), `provisional` (ingredient slugs), `mapped` (kind
    → `label`, `count`, `records`: one line per record carried over differently from the
    file), `warnings`.
    """
    check(session, "transfer")  # before reading the document at all
    if mode not in MODES:
        raise Invalid(f"mode must be one of {', '.join(MODES)}, not {mode!r}", field="mode")
    if isinstance(doc, str | bytes):
        doc = parse_text(doc)
    kind = detect_format(doc)
    if session is not None:
        return _run(session, doc, kind, mode, dry_run, strict, progress)
    with session_scope() as own:
        return _run(own, doc, kind, mode, dry_run, strict, progress)


def _run(
    session: Session,
    doc: dict[str, Any],
    kind: str,
    mode: str,
    dry_run: bool,
    strict: bool,
    progress: Progress | None,
) -> dict[str, Any]:
    check(session, "transfer")
    problems = Problems()
    merge = mode == "merge"
    source = f"{FORMAT} {VERSION}"
    if kind != FORMAT:
        source = f"bake-tracker {doc.get('version')}"
        known = v4.stored_ingredients(session) if merge else set()
        categories = v4.stored_categories(session) if merge else {}
        mapped = Problems()
        doc, origin = v4.to_document(
            doc, known=known, strict=strict, problems=mapped, categories=categories
        )
        problems = Problems(translate=_translator(origin))
        problems.errors.update(mapped.errors)  # already in the file's own terms
        problems.warnings.extend(mapped.warnings)
        problems.mapped.update(mapped.mapped)
    total = sum(len(doc[e.array]) for e in TOP_LEVEL if isinstance(doc.get(e.array), list))
    counter = _Counter(progress, "Checking", total)
    recs = collect(doc, problems, counter.tick)
    for path, reason in schema_errors(doc):
        problems.error(path, reason)
    index = Index(session, recs, problems, merge=merge)
    if merge:
        index.mark_existing()
    index.resolve_refs()
    Rules(index, Stored(session, merge=merge), problems).check()
    if not merge:  # the trail is kept through a replace: lines already here stay as they are
        kept = set(session.scalars(select(Activity.uuid)))
        for rec in recs["activity"]:
            rec.skipped = rec.uuid in kept
    report = _report(recs, source, mode, dry_run, problems)
    if problems.errors:
        raise DocumentInvalid(problems.lines(), report=report)
    writing = _Counter(progress, "Writing", sum(c["created"] for c in report["counts"].values()))
    savepoint = session.begin_nested()
    try:
        if not merge:
            wipe(session)
        write(session, index, writing.tick)
    except IntegrityError as exc:
        savepoint.rollback()
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        raise Conflict(
            f"The database changed during the import; nothing was written ({reason})"
        ) from None
    except BaseException:
        savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
        created = sum(c["created"] for c in report["counts"].values())
        if created:
            activity.record(session, "transfer", mode,
                            f"Imported a {source} document ({mode}): {created} records")
    return report


def _translator(origin: dict[str, str]) -> Callable[[str], str]:
    """Our record paths back to the bake-tracker file's (recipes[2].ingredients[0] …)."""

    def translate(path: str) -> str:
        best = ""
        for end in range(len(path)):
            if path[end] == "]" and path[: end + 1] in origin:
                best = path[: end + 1]
        if not best:
            return path
        source, rest = origin[best], path[len(best) :]
        names = FIELD_NAMES.get(source.split("[", 1)[0], {})
        head, _, field = rest.rpartition(".")
        if field in names:
            rest = f"{head}.{names[field]}"
        return source + rest

    return translate


class _Counter:
    def __init__(self, progress: Progress | None, stage: str, total: int) -> None:
        self.progress, self.stage, self.total, self.done = progress, stage, total, 0

    def tick(self, count: int) -> None:
        self.done = min(self.total, self.done + count)
        if self.progress is not None:
            self.progress(self.stage, self.done, self.total)


def _report(
    recs: dict[str, list[Rec]],
    source: str,
    mode: str,
    dry_run: bool,
    problems: Problems,
) -> dict[str, Any]:
    counts: dict[str, dict[str, int]] = {}
    skipped: dict[str, list[str]] = {}
    for entity in ALL:
        rows = recs[entity.name]
        if not rows:
            continue
        gone = [r for r in rows if r.skipped]
        counts[entity.name] = {"created": len(rows) - len(gone), "skipped": len(gone)}
        if entity in TOP_LEVEL and gone:
            skipped[entity.name] = [str(r.key) if r.key is not None else r.path for r in gone]
    created_provisional = [
        str(r.key)
        for r in recs["ingredients"]
        if not r.skipped and r.values.get("provisional") and isinstance(r.key, str)
    ]
    return {
        "format": source,
        "mode": mode,
        "dry_run": dry_run,
        "counts": counts,
        "skipped": skipped,
        "provisional": created_provisional,
        "mapped": {
            kind: {"label": KINDS.get(kind, kind), "count": len(lines), "records": lines}
            for kind, lines in problems.mapped.items()
        },
        "warnings": list(problems.warnings),
    }
