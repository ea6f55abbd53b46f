"""The kitchen phone offline: the service worker at /sw.js and the list of pages it saves.

The worker's source is templates/offline/sw.js; the server puts the precache manifest
(the app shell, each file with a revision taken from its content) in front of it, so a
changed CSS or JS file reaches phones on their next visit. /offline/pages names the pages
a baker reads while baking, for the nearest event: the worker saves them ahead.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, Response

from baketracker.db import UnitOfWork
from baketracker.reports import render
from baketracker.services import events
from baketracker.web.events.view import nearest_event
from baketracker.web.templating import STATIC_DIR, TEMPLATES_DIR

router = APIRouter(include_in_schema=False)

# The app shell: everything a page needs to draw itself, precached on install.
SHELL = (
    "app.css", "app.js", "offline.js", "queue.js", "favicon.svg", "manifest.webmanifest",
    "icons/icon-192.png", "icons/icon-512.png", "vendor/htmx/htmx.min.js",
    "vendor/pico/pico.min.css", "vendor/chart.js/chart.umd.min.js",
)
# The record forms a baker uses offline (their submissions queue while offline).
FORMS = ("/production", "/production/assembly", "/inventory/purchase")


def _revision(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:16]


@functools.cache
def worker_source() -> str:
    manifest = [{"url": f"/static/{name}", "revision": _revision((STATIC_DIR / name).read_bytes())}
                for name in SHELL if (STATIC_DIR / name).exists()]
    # The printable sheets' own style and script (served by routes, see web/sheets.py).
    manifest += [
        {"url": url, "revision": _revision(text.encode())}
        for url, text in (("/sheets/sheet.css", render.stylesheet()),
                          ("/sheets/phone.css", render.phone_stylesheet()),
                          ("/sheets/print.js", render.script()))
    ]
    body = (TEMPLATES_DIR / "offline" / "sw.js").read_text(encoding="utf-8")
    return f"const PRECACHE = {json.dumps(manifest)};\n{body}"


@router.get("/sw.js")
def service_worker() -> Response:
    # Always revalidated, so a new release installs on the next visit.
    return Response(worker_source(), media_type="text/javascript",
                    headers={"Cache-Control": "no-cache"})


def baking_pages(event: dict[str, Any] | None) -> list[str]:
    """The pages to keep for the kitchen: dashboard, forms, and the next event's pages."""
    pages = ["/", *FORMS]
    if event is not None:
        eid = event["id"]
        pages += [f"/events/{eid}/targets", f"/events/{eid}/plan",
                  f"/events/{eid}/assignments", f"/events/{eid}/sheets/bake-day",
                  f"/production?event={eid}", f"/production/assembly?event={eid}"]
    return pages


@router.get("/offline/pages")
def offline_pages(request: Request, uow: UnitOfWork) -> Response:
    """What to save for offline reading, and a current CSRF token for queued writes."""
    event = nearest_event(events.list_events(session=uow))
    return JSONResponse(
        {"pages": baking_pages(event), "csrf_token": request.state.csrf_token},
        headers={"Cache-Control": "no-store"},
    )
