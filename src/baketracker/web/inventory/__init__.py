"""Inventory pages: stock with its value, lots per item, adjustments, recording purchases."""

from __future__ import annotations

from fastapi import APIRouter

from baketracker.web.inventory import purchases, stock
from baketracker.web.templating import NavItem

router = APIRouter(include_in_schema=False)
NAV = NavItem("Inventory", "/inventory")

# Purchases first: "/purchase" must not be read as an item slug.
router.include_router(purchases.router)
router.include_router(stock.router)
