"""The JSON API under /api/v1: one router module per area, schemas in api/schemas/.

To add an area: write `api/<area>.py` with `router = APIRouter(...)` calling the area's
services, its schemas in `api/schemas/<area>.py`, and list the router below. Errors need
no handling in routes: app.py maps the project's errors (api/errors.py) for every route.
"""

from __future__ import annotations

from fastapi import APIRouter

from baketracker.api import (
    activity,
    allergens,
    catalog,
    events,
    goods,
    inventory,
    planning,
    production,
    recipe_import,
    recipes,
    recipients,
    transfer,
)
from baketracker.api.responses import document_errors

API_PREFIX = "/api/v1"

api_router = APIRouter(prefix=API_PREFIX)
for _area in (catalog, inventory, recipe_import, recipes, goods, recipients, events, planning,
              production, transfer, activity, allergens):
    document_errors(_area.router)
    api_router.include_router(_area.router)
