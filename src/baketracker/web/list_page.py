"""A list page with an add form (ingredients, products, materials, suppliers, recipients):
the list, and adding to it.

The page shows the list and a blank form; adding re-renders the list with what was typed
and the message by its field when the service refuses, else the list again with a blank
form, "Added <name>." and a `<thing>Saved` event naming the new row (by `key`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError
from baketracker.web.forms import attempt
from baketracker.web.templating import done, page, refused


@dataclass(frozen=True)
class ListPage:
    page: str  # the whole page
    panel: str  # the list and its form, what htmx swaps
    listing: Callable[[UnitOfWork], dict[str, Any]]  # the list's context
    blank: Mapping[str, str]  # the add form, empty
    saved: str  # the htmx event an addition triggers ("materialSaved")
    address: str  # where the page lives, for a browser without htmx
    key: str = "slug"  # what the saved event names the new row by
    rename: Mapping[str, str] | None = None  # service field → form field, for messages

    def show(self, request: Request, uow: UnitOfWork) -> Response:
        return page(request, self.page, self.panel, {**self.listing(uow), "form": self.blank})

    def add(
        self, request: Request, uow: UnitOfWork, form: Mapping[str, str],
        create: Callable[[], dict[str, Any]],
    ) -> Response:
        """Run `create` (a service call); answer with the list as described above."""
        try:
            with attempt(uow):
                created = create()
        except BakeTrackerError as exc:
            return refused(request, self.page, self.panel, {**self.listing(uow), "form": form},
                           exc, rename=self.rename)
        return done(
            request,
            fragment=self.panel,
            context={**self.listing(uow), "form": self.blank},
            message=f"Added {created['name']}.",
            trigger={self.saved: {self.key: created[self.key]}},
            redirect_to=self.address,
        )
