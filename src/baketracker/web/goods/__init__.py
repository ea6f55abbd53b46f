"""Finished goods and packages: lists, the builders, and one good's or package's page."""

from __future__ import annotations

from fastapi import APIRouter

from baketracker.web.goods import finished, packages
from baketracker.web.templating import NavItem

router = APIRouter(include_in_schema=False)
NAV = NavItem("Goods", "/goods")

# /goods/packages… before /goods/{slug}: a good cannot take the packages' address.
router.include_router(packages.router)
router.include_router(finished.router)
