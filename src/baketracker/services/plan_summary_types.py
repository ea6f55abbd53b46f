"""The shapes of the plan summary (services.plan_summary): plain dicts, typed for mypy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal, TypedDict


class PlanEvent(TypedDict):
    """The event a plan summary is about."""

    id: int
    name: str
    event_date: date
    plan_state: str


class DemandRow(TypedDict):
    """One finished good's assembly target beside what the event's packages need."""

    finished_good_id: int
    finished_good_slug: str
    finished_good_name: str
    target_quantity: int
    package_quantity: int
    packages: dict[str, int]
    assembled: int
    remaining: int
    below_packages: bool


class BatchDriver(TypedDict):
    """How many of a finished unit one finished good's target asks for."""

    finished_good_slug: str
    finished_good_name: str
    target_quantity: int
    units: Decimal


class BatchUnitRow(TypedDict):
    """One finished unit a recipe's batches make: needed, yield, leftover, shortfall."""

    finished_unit_slug: str
    finished_unit_name: str
    needed: Decimal
    yield_per_batch: Decimal
    leftover: Decimal
    shortfall: Decimal
    drivers: list[BatchDriver]


class BatchRequirement(TypedDict):
    """How many batches of one recipe the plan needs (or was decided), with why."""

    recipe_id: int
    recipe_slug: str
    recipe_name: str
    units_needed: Decimal
    yield_per_batch: Decimal | None
    batches: int
    proposed_batches: int
    exact_batches: Decimal
    decided: bool
    leftover_units: Decimal
    short: bool
    short_confirmed: bool
    produced_batches: Decimal
    remaining_batches: Decimal
    from_snapshot: bool
    units: list[BatchUnitRow]
    explanation: str


class NeedDisplay(TypedDict):
    """A need line's amounts as a baker reads them ("1.2 kg", "3 tbsp")."""

    needed: str
    on_hand: str | None
    to_buy: str | None


class RecipeDriver(TypedDict):
    """How much of an ingredient one recipe's batches need."""

    recipe_slug: str
    recipe_name: str
    quantity: Decimal


class GoodDriver(TypedDict):
    """How much of a packaging material one finished good's target needs."""

    finished_good_slug: str
    finished_good_name: str
    quantity: Decimal


class _NeedFigures(TypedDict):
    """What an ingredient or material line of the plan shares: its figures and flag."""

    slug: str
    name: str
    display: NeedDisplay
    needed: Decimal
    on_hand: Decimal | None
    to_buy: Decimal | None
    unit: str
    flag: str | None


class IngredientNeed(_NeedFigures):
    """One ingredient (in one base unit) the plan needs: needed, on hand, to buy, why."""

    kind: Literal["ingredient"]
    drivers: list[RecipeDriver]
    explanation: str
    ingredient_slug: str


class MaterialNeed(_NeedFigures):
    """One packaging material the plan needs: needed, on hand, to buy, why."""

    kind: Literal["material"]
    drivers: list[GoodDriver]
    explanation: str
    material_slug: str


class ShoppingRow(TypedDict):
    """One line of the shopping list: what to buy, which product, how many, what cost."""

    kind: Literal["ingredient", "material"]
    ingredient_slug: str | None
    material_slug: str | None
    name: str
    to_buy: Decimal
    to_buy_display: str
    unit: str
    product_slug: str | None
    product_name: str | None
    package_size: str | None
    packages: int | None
    price_per_package: Decimal | None
    estimated_cost: Decimal | None
    flag: str | None


class FeasibilityRow(TypedDict):
    """Whether the finished units on hand cover one finished good's target."""

    finished_good_slug: str
    finished_good_name: str
    needed: int
    can_assemble: int
    limiting: list[str]


class PlanSummary(TypedDict):
    """The whole plan of an event, every figure explained, as get_plan_summary returns it."""

    event: PlanEvent
    demand: list[DemandRow]
    batch_requirements: list[BatchRequirement]
    ingredients: list[IngredientNeed]
    materials: list[MaterialNeed]
    shopping_list: list[ShoppingRow]
    shopping_total: Decimal
    feasibility: list[FeasibilityRow]
    flags: list[str]
