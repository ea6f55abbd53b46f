"""Import, export and backup pages: download the document or a backup, import a file
(merge or replace, dry run by default), restore a backup, load the demo season.

Writes that wipe data (a replace import, a restore) need the "Replace ALL data" box
ticked; a check-only run writes nothing and needs no confirmation. A bad document is
shown with every error the services found, and nothing is written.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.background import BackgroundTask
from starlette.responses import FileResponse, Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.services import transfer
from baketracker.services.transfer import DocumentInvalid
from baketracker.web.forms import attempt
from baketracker.web.templating import NavItem, page, redirect, refused

router = APIRouter(prefix="/data", include_in_schema=False)
NAV = NavItem("Import & export", "/data")
PAGE = "transfer/index.html"
PANEL = "transfer/_panel.html"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
SKIPPED_SHOWN = 10

Text = Annotated[str, Form()]
Upload = Annotated[UploadFile | None, File()]


def _context(
    uow: UnitOfWork,
    *,
    form: dict[str, Any] | None = None,
    restore_form: dict[str, Any] | None = None,
    report: dict[str, Any] | None = None,
    errors: list[str] | None = None,
    action: str = "",
) -> dict[str, Any]:
    """`action` ("import" or "restore") says which form the report, errors or refusal
    belong to."""
    return {
        "sqlite": transfer.sqlite_copy_available(),
        "empty": not transfer.has_recipes(session=uow),
        "form": form or {"mode": "merge", "dry_run": True, "strict": False, "confirm": False},
        "restore_form": restore_form or {"dry_run": True, "confirm": False},
        "report": _report_view(report) if report else None,
        "errors": errors,
        "action": action,
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }


def _report_view(report: dict[str, Any]) -> dict[str, Any]:
    """The report as the page shows it: totals and at most SKIPPED_SHOWN keys per entity."""
    counts = report["counts"]
    skipped = {
        entity: {"shown": keys[:SKIPPED_SHOWN], "total": len(keys)}
        for entity, keys in report["skipped"].items()
        if keys
    }
    return {
        **report,
        "created_total": sum(c["created"] for c in counts.values()),
        "skipped_total": sum(c["skipped"] for c in counts.values()),
        "skipped_view": skipped,
    }


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


def _document_response(uow: UnitOfWork, prefix: str) -> Response:
    text = json.dumps(transfer.export_document(session=uow), indent=1, ensure_ascii=False) + "\n"
    name = f"{prefix}-{date.today().isoformat()}.json"
    return Response(text.encode("utf-8"), media_type="application/json",
                    headers=_attachment(name))


async def _read_upload(upload: UploadFile | None) -> bytes:
    """The uploaded file's bytes; Invalid on `file` when none was chosen or it is too big."""
    if upload is None or not upload.filename:
        raise Invalid("Choose a file first", field="file")
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise Invalid(f"{upload.filename} is larger than {MAX_UPLOAD_BYTES // 2**20} MB, the "
                      "most this page accepts; use `baketracker import` for bigger files",
                      field="file")
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise Invalid(f"{upload.filename} is larger than {MAX_UPLOAD_BYTES // 2**20} MB, the "
                      "most this page accepts; use `baketracker import` for bigger files",
                      field="file")
    if not data:
        raise Invalid(f"{upload.filename} is empty", field="file")
    return data


def _confirmed(writes: bool, confirm: bool) -> None:
    if writes and not confirm:
        raise Invalid("Tick “Replace ALL data” to replace everything stored, or tick "
                      "“Check only” to see what would happen", field="confirm")


@router.get("")
def data_page(request: Request, uow: UnitOfWork) -> Response:
    return page(request, PAGE, PANEL, _context(uow))


@router.get("/export.json")
def export_json(uow: UnitOfWork) -> Response:
    """Everything as one document, downloaded."""
    return _document_response(uow, "baketracker-export")


@router.get("/backup.json")
def backup_json(uow: UnitOfWork) -> Response:
    """The JSON backup: the same document, named as a backup (works on any database)."""
    return _document_response(uow, "baketracker-backup")


@router.get("/backup.sqlite3")
def backup_sqlite() -> Response:
    """A consistent copy of the embedded SQLite database (SQLite's online backup: it reads
    the file, not the request's unit of work, so the route takes none)."""
    folder = Path(tempfile.mkdtemp(prefix="baketracker-backup-"))
    target = folder / f"baketracker-backup-{date.today().isoformat()}.sqlite3"
    try:
        transfer.backup(target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        target, media_type="application/vnd.sqlite3", filename=target.name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@router.post("/import")
async def import_file(
    request: Request,
    uow: UnitOfWork,
    file: Upload = None,
    mode: Text = "merge",
    dry_run: Text = "",
    strict: Text = "",
    confirm: Text = "",
) -> Response:
    """Check or import an uploaded document (ours or bake-tracker 4.x) and show the report."""
    form = {"mode": mode, "dry_run": bool(dry_run), "strict": bool(strict),
            "confirm": bool(confirm)}
    try:
        if mode not in ("merge", "replace"):
            raise Invalid("Choose merge or replace", field="mode")
        _confirmed(mode == "replace" and not dry_run, bool(confirm))
        data = await _read_upload(file)
        document = transfer.parse_text(data)
        with attempt(uow):
            report = transfer.import_document(document, mode=mode, dry_run=bool(dry_run),
                                              strict=bool(strict), session=uow)
    except DocumentInvalid as exc:
        return page(request, PAGE, PANEL,
                    _context(uow, form=form, errors=exc.errors, action="import"), status=422)
    except BakeTrackerError as exc:
        return refused(request, PAGE, PANEL, _context(uow, form=form, action="import"), exc)
    return page(request, PAGE, PANEL, _context(uow, form=form, report=report, action="import"))


@router.post("/restore")
async def restore_file(
    request: Request, uow: UnitOfWork, file: Upload = None, dry_run: Text = "",
    confirm: Text = "",
) -> Response:
    """Replace all data with a backup: a JSON document or a .sqlite3 copy."""
    restore_form = {"dry_run": bool(dry_run), "confirm": bool(confirm)}
    try:
        _confirmed(not dry_run, bool(confirm))
        data = await _read_upload(file)
        with tempfile.TemporaryDirectory(prefix="baketracker-restore-") as folder:
            path = Path(folder) / "backup"
            path.write_bytes(data)
            with attempt(uow):
                report = transfer.restore(path, dry_run=bool(dry_run), session=uow)
    except DocumentInvalid as exc:
        return page(
            request,
            PAGE,
            PANEL,
            _context(uow, restore_form=restore_form, errors=exc.errors, action="restore"),
            status=422,
        )
    except BakeTrackerError as exc:
        return refused(request, PAGE, PANEL,
                       _context(uow, restore_form=restore_form, action="restore"), exc)
    return page(request, PAGE, PANEL,
                _context(uow, restore_form=restore_form, report=report, action="restore"))


@router.post("/demo")
def load_demo(request: Request, uow: UnitOfWork) -> Response:
    """The demo season, only into a database without recipes."""
    report = transfer.load_demo(if_empty=True, session=uow)
    if report is None:
        return redirect(request, "/data", flash="The database already has recipes; "
                        "the demo was not loaded.")
    created = sum(c["created"] for c in report["counts"].values())
    return redirect(request, "/", flash=f"Demo loaded: {created} records "
                    "(event “Christmas 2026”).")
