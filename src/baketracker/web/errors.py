"""Errors as people see them in the browser: a page, or a message panel swapped in by htmx."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from baketracker.web.templating import is_htmx, render


def error_page(
    request: Request, status: int, message: str, shortfalls: list[str] | None = None
) -> Response:
    """The error page; for htmx, the message panel retargeted to #messages."""
    context = {"status": status, "error_message": message, "shortfalls": shortfalls or []}
    if is_htmx(request):
        response = render(request, "_error_panel.html", context, status=status)
        response.headers["HX-Retarget"] = "#messages"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "error.html", context, status=status)
