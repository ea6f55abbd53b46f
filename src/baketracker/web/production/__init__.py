"""Recording what was made: production (batches of a recipe) and assembly (finished goods)."""

from __future__ import annotations

from fastapi import APIRouter

from baketracker.web.production import assembly, batches
from baketracker.web.templating import NavItem

router = APIRouter(include_in_schema=False)
NAV = NavItem("Production", "/production")

# Assembly first: "/production/assembly" is its own page, not a production route.
router.include_router(assembly.router)
router.include_router(batches.router)
