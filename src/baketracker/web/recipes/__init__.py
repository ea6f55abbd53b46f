"""Recipe pages: the list and new-recipe form, one recipe's page, and its in-place editors."""

from __future__ import annotations

from fastapi import APIRouter

from baketracker.web.recipes import detail, importing, listing, parts
from baketracker.web.templating import NavItem

router = APIRouter(include_in_schema=False)
NAV = NavItem("Recipes", "/recipes")

# The list's fixed paths (/recipes/new) come before the recipe pages' /recipes/{slug}.
for _section in (listing, importing, detail, parts):
    router.include_router(_section.router)
