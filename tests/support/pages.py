"""Helpers for driving the pages over HTTP: the CSRF token, form posts, readable text."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def token(client: TestClient, path: str = "/events") -> str:
    found = TOKEN.search(client.get(path).text)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def post(
    client: TestClient,
    path: str,
    data: dict[str, Any] | None = None,
    *,
    htmx: bool = False,
    follow: bool = False,
) -> Response:
    """A form post with a valid CSRF token; `htmx` as htmx sends it."""
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        path,
        data={**(data or {}), "csrf_token": token(client)},
        headers=headers,
        follow_redirects=follow,
    )


def text(markup: str) -> str:
    """The page as a person reads it: tags dropped, entities decoded, spaces collapsed."""
    without = re.sub(r"<script.*?</script>|<[^>]+>", " ", markup, flags=re.S)
    return " ".join(html.unescape(without).split())


def field_error(markup: str, name: str) -> str:
    """The message a refused form shows next to field `name`."""
    found = re.search(
        rf'<small class="field-error" id="{re.escape(name)}-error">([^<]+)</small>', markup
    )
    assert found, f"no error next to {name}"
    return found.group(1)
