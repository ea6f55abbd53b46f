"""The HTML side of the app: one router module (or package) and one template folder per area.

To add an area: write `web/<area>.py` with `router = APIRouter(...)` and, when the area
has a top-level page, `NAV = NavItem("Label", "/path")`; put its templates in
`templates/<area>/`; list the module in AREAS below. The navigation only ever shows
areas listed here, so it links only pages that exist.
"""

from __future__ import annotations

from types import ModuleType

from fastapi import FastAPI

from baketracker.web import (
    accounts,
    allergens,
    auth,
    catalog,
    dashboard,
    events,
    goods,
    inventory,
    offline,
    production,
    recipes,
    recipients,
    sheets,
    transfer,
)
from baketracker.web.templating import NavItem, set_nav

AREAS: tuple[ModuleType, ...] = (
    dashboard, catalog, inventory, recipes, goods, recipients, events, production, sheets,
    transfer, offline, accounts, allergens,
)


def include_pages(app: FastAPI) -> None:
    """Add every area's routes (and the login pages) and build the navigation."""
    app.include_router(auth.router)
    nav: list[NavItem] = []
    for area in AREAS:
        app.include_router(area.router)
        item = getattr(area, "NAV", None)
        if item is not None:
            nav.append(item)
    set_nav(nav)
