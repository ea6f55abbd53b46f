"""Event pages: the list, and each event's tabs (targets, assignments, plan, amendments)."""

from __future__ import annotations

from fastapi import APIRouter

from baketracker.web.events import amendments, assignments, listing, plan, targets
from baketracker.web.templating import NavItem

router = APIRouter(include_in_schema=False)
NAV = NavItem("Events", "/events")

for _section in (listing, targets, assignments, plan, amendments):
    router.include_router(_section.router)
