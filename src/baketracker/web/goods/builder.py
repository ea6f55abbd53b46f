"""The new-bundle and new-package form: one builder, told what its lines are and how to add.

Both forms draw the same template; "more" and "drop" redraw it without JavaScript, a real
submit turns the rows into service lines, refuses an empty builder, and adds the good or
package (a refusal re-renders what was typed with the message next to its field).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.web.forms import attempt
from baketracker.web.goods import lines
from baketracker.web.templating import redirect, refused, render

NEW = "goods/new.html"


@dataclass(frozen=True)
class Builder:
    kind: str  # "bundle" / "package": the template's wording and the line picker
    action: str  # where the form posts
    choices: Callable[[UnitOfWork], list[dict[str, Any]]]
    parts: Callable[[list[dict[str, str]]], Any]  # the typed rows as service lines
    empty: str  # the message when no line is filled in
    create: Callable[[UnitOfWork, str, Any, str | None], dict[str, Any]]
    address: Callable[[dict[str, Any]], str]  # the new good's or package's page
    rename: Mapping[str, str]  # service field → form field

    def context(self, uow: UnitOfWork, form: dict[str, Any]) -> dict[str, Any]:
        return {"form": form, "choices": self.choices(uow), "kind": self.kind,
                "action": self.action}

    def page(self, request: Request, uow: UnitOfWork) -> Response:
        form = {"name": "", "notes": "", "rows": lines.blank_rows()}
        return render(request, NEW, self.context(uow, form))

    def submit(
        self, request: Request, uow: UnitOfWork, name: str, notes: str,
        part: list[str] | None, quantity: list[str] | None, more: str, drop: str,
    ) -> Response:
        typed = lines.rows(part or [], quantity or [])
        redrawn = lines.redrawn(typed, more, drop)
        if redrawn is not None:
            return render(
                request, NEW, self.context(uow, {"name": name, "notes": notes, "rows": redrawn})
            )
        form = {"name": name, "notes": notes, "rows": typed}
        try:
            with attempt(uow):
                parts = self.parts(typed)
                if not parts:
                    raise Invalid(self.empty, field="lines")
                created = self.create(uow, name, parts, notes or None)
        except BakeTrackerError as exc:
            return refused(request, NEW, NEW, self.context(uow, form), exc, rename=self.rename)
        return redirect(request, self.address(created), flash=f"Added {created['name']}.")
