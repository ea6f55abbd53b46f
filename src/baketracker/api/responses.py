"""What every API route can answer besides success, declared once for the OpenAPI document.

Routes declare their own specific errors (`responses=` with a description); this module
adds, to every route, the errors the shared machinery can produce so that the document
names every status a client can meet, each with the JSON body it carries.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field


class ShortfallRead(BaseModel):
    item: str
    needed: str
    available: str
    missing: str
    unit: str
    text: str


class FieldErrorRead(BaseModel):
    field: str | None
    message: str


class ErrorRead(BaseModel):
    """Every error answer: a short `error` code and a `message` written for a person."""

    model_config = ConfigDict(extra="allow")

    error: str = Field(description="not_found, invalid, conflict, insufficient_stock, …")
    message: str
    field: str | None = Field(default=None, description="The offending field, when known.")
    record: str | None = Field(default=None, description="The offending record, when known.")
    shortfalls: list[ShortfallRead] | None = Field(
        default=None, description="With insufficient_stock: what is short."
    )
    errors: list[Any] | None = Field(
        default=None, description="With invalid input: every problem found."
    )


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

_GENERIC: dict[int, str] = {
    400: "The request cannot be carried out",
    401: "Sign-in needed (HTTP Basic or a Bearer token)",
    403: "Not allowed: the request came from another site, or the role does not allow it",
    404: "Not found",
    409: "Conflict with what is stored, or not allowed in the current state",
    415: "A write with a body must send Content-Type: application/json",
    422: "Invalid input; `field` names the field",
}


def statuses_for(route: APIRoute) -> list[int]:
    """The error statuses the app's shared machinery can give this route."""
    methods = route.methods or set()
    statuses = [400, 401, 403, 422]
    if "{" in route.path:
        statuses.append(404)
    if methods & WRITE_METHODS:
        statuses.append(409)
    if methods & BODY_METHODS:
        statuses.append(415)
    return sorted(statuses)


def document_errors(router: APIRouter) -> None:
    """Give every route of `router` the error answers it can produce, with their body."""
    for route in router.routes:
        if not isinstance(route, APIRoute):
            continue
        for status in statuses_for(route):
            declared: dict[str, Any] = dict(route.responses.get(status, {}))
            declared.setdefault("description", _GENERIC[status])
            declared["model"] = ErrorRead
            route.responses[status] = declared


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods the API answers at `path` (a concrete URL path), from its OpenAPI document;
    empty when no API operation lives there."""
    patterns: list[tuple[re.Pattern[str], list[str]]] | None = getattr(
        app.state, "api_method_patterns", None
    )
    if patterns is None:
        patterns = []
        for template, operations in app.openapi().get("paths", {}).items():
            regex = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
            patterns.append((re.compile(f"^{regex}$"), [m.upper() for m in operations]))
        app.state.api_method_patterns = patterns
    methods: set[str] = set()
    for pattern, found in patterns:
        if pattern.match(path):
            methods.update(found)
    if not methods:
        return []
    if "GET" in methods:
        methods.add("HEAD")
    methods.add("OPTIONS")
    return sorted(methods)
