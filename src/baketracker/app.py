"""The web application: pages, the JSON API under /api/v1, local API docs, one error table."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from baketracker import __version__, db
from baketracker.api import api_router
from baketracker.api.errors import error_body
from baketracker.api.responses import allowed_methods
from baketracker.config import Settings, get_settings
from baketracker.errors import BakeTrackerError, shortfall_texts, status_for
from baketracker.web import include_pages
from baketracker.web.errors import error_page
from baketracker.web.idempotency import IdempotencyMiddleware
from baketracker.web.security import Guard, GuardMiddleware, verify_csrf
from baketracker.web.templating import STATIC_DIR

VENDOR = "/static/vendor"


def create_app(settings: Settings | None = None, *, init_database: bool = True) -> FastAPI:
    """Build the app. `init_database=False` when the caller already pointed baketracker.db at
    a database (the CLI's `serve`, tests); otherwise startup creates or upgrades the schema
    at `settings.database_url` (default: the embedded SQLite file)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if init_database:
            db.init_db(settings.resolved_database_url())
        yield

    app = FastAPI(
        title="Bake Tracker",
        version=__version__,
        summary="Plan, shop, bake and deliver for your baking events.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
        dependencies=[Depends(verify_csrf)],
    )
    # Without a configured secret, logins last as long as the process (documented).
    app.state.guard = Guard(secret=settings.secret_key or secrets.token_urlsafe(32),
                            password=settings.password or None)
    app.state.settings = settings
    # Guard runs first (outermost): a refused login never claims an idempotency key.
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(GuardMiddleware, guard=app.state.guard)
    # Outermost: the request's one Session, which the gates above and the routes share.
    app.add_middleware(db.RequestSessionMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api_router)
    include_pages(app)
    _add_docs(app)
    _add_error_handlers(app)
    return app


def create_worker_app() -> FastAPI:
    """The app in one of several server processes (`baketracker serve --workers N`, or
    `uvicorn baketracker.app:create_worker_app --factory --workers N`): the database named
    by BAKETRACKER_DATABASE_URL, whose schema the parent already made or upgraded. Every
    process must share BAKETRACKER_SECRET_KEY, or a login made by one is unknown to the
    next."""
    db.configure()
    return create_app(init_database=False)


def _add_docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # Swagger UI from the npm package swagger-ui-dist, served by us: works offline.
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Bake Tracker API",
            swagger_js_url=f"{VENDOR}/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url=f"{VENDOR}/swagger-ui/swagger-ui.css",
            swagger_favicon_url=f"{VENDOR}/swagger-ui/favicon-32x32.png",
        )


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _add_error_handlers(app: FastAPI) -> None:
    """ARCHITECTURE.md's error table (errors.py), as JSON for /api and HTML for pages."""

    @app.exception_handler(BakeTrackerError)
    async def on_error(request: Request, exc: BakeTrackerError) -> Response:
        status = status_for(exc)
        if _wants_json(request):
            return JSONResponse(error_body(exc), status_code=status)
        return error_page(request, status, exc.message, shortfall_texts(exc))

    @app.exception_handler(IntegrityError)
    async def on_integrity(request: Request, exc: IntegrityError) -> Response:
        # Services check first; this is the rare race two requests can still lose.
        message = "That clashes with something stored meanwhile; reload and try again"
        if _wants_json(request):
            return JSONResponse({"error": "conflict", "message": message}, status_code=409)
        return error_page(request, 409, message)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        first = errors[0] if errors else {}
        field = _field_name(first.get("loc", ()))
        message = f"{field}: {first.get('msg', 'invalid')}" if field else "Invalid request"
        if _wants_json(request):
            body: dict[str, Any] = {"error": "invalid", "message": message, "field": field,
                                    "record": None, "errors": _plain_errors(errors)}
            return JSONResponse(body, status_code=422)
        return error_page(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "Not found"
        if exc.status_code == 405 and _wants_json(request):
            allow = ", ".join(allowed_methods(app, request.url.path))
            if request.method == "OPTIONS":
                return Response(status_code=204, headers={"Allow": allow})
            return JSONResponse({"error": "http_405", "message": message},
                                status_code=405, headers={"Allow": allow})
        if _wants_json(request):
            code = "not_found" if exc.status_code == 404 else f"http_{exc.status_code}"
            return JSONResponse({"error": code, "message": message},
                                status_code=exc.status_code, headers=exc.headers)
        if exc.status_code == 404:
            message = "There is no page at this address."
        page = error_page(request, exc.status_code, message)
        for name, value in (exc.headers or {}).items():  # Allow on a 405, for one
            page.headers[name] = value
        return page


def _field_name(loc: Any) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    return ".".join(parts) or None


def _plain_errors(errors: Any) -> list[dict[str, Any]]:
    return [{"field": _field_name(e.get("loc", ())), "message": e.get("msg", "")}
            for e in errors]
