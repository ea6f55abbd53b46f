"""Typed ORM models, one module per area; importing this registers every table."""

from baketracker.models.accounts import Activity, ApiToken, User
from baketracker.models.catalog import Ingredient, Material, Product, Supplier
from baketracker.models.events import (
    Event,
    EventAssemblyTarget,
    EventProductionTarget,
    EventRecipientPackage,
    Recipient,
)
from baketracker.models.goods import Composition, FinishedGood, Package, PackageItem
from baketracker.models.idempotency import IdempotencyKey
from baketracker.models.inventory import Depletion, InventoryLot, Purchase
from baketracker.models.plans import (
    FinishedGoodSnapshot,
    PlanAmendment,
    PlanSnapshot,
    ProductionPlanSnapshot,
    RecipeSnapshot,
)
from baketracker.models.recipes import (
    FinishedUnit,
    Recipe,
    RecipeComponent,
    RecipeIngredient,
    RecipeSlugAlias,
)
from baketracker.models.runs import AssemblyConsumption, AssemblyRun, ProductionRun

__all__ = [
    "Activity",
    "ApiToken",
    "AssemblyConsumption",
    "AssemblyRun",
    "Composition",
    "Depletion",
    "Event",
    "EventAssemblyTarget",
    "EventProductionTarget",
    "EventRecipientPackage",
    "FinishedGood",
    "FinishedGoodSnapshot",
    "FinishedUnit",
    "IdempotencyKey",
    "Ingredient",
    "InventoryLot",
    "Material",
    "Package",
    "PackageItem",
    "PlanAmendment",
    "PlanSnapshot",
    "Product",
    "ProductionPlanSnapshot",
    "ProductionRun",
    "Purchase",
    "Recipe",
    "RecipeComponent",
    "RecipeIngredient",
    "RecipeSlugAlias",
    "RecipeSnapshot",
    "Recipient",
    "Supplier",
    "User",
]
