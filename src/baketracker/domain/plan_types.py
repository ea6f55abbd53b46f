"""What the planning pipeline reads (`PlanInput` and its definitions) and what it gives
back (`PlanResult` and its lines): plain frozen data, no database.

domain/planning.py computes one from the other and re-exports every name here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from baketracker.domain.planning import Leaves

PartKind = Literal["fu", "fg", "material"]
_ZERO = Decimal(0)


# --- inputs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One composition line of a finished good: `quantity` of a unit, good or material."""

    kind: PartKind
    id: int
    quantity: Decimal


@dataclass(frozen=True)
class GoodDef:
    id: int
    slug: str
    name: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class UnitDef:
    """A finished unit: 24 per batch (`items_per_batch`) or a share of one (`batch_portion`)."""

    id: int
    slug: str
    name: str
    recipe_id: int
    items_per_batch: Decimal | None = None
    batch_portion: Decimal | None = None

    @property
    def yield_per_batch(self) -> Decimal:
        if self.items_per_batch is not None:
            return self.items_per_batch
        assert self.batch_portion is not None
        return Decimal(1) / self.batch_portion


@dataclass(frozen=True)
class IngredientUse:
    """What one batch of a recipe needs of an ingredient (base unit, or the recipe's unit
    for a line that could not be normalised)."""

    ingredient_id: int
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class RecipeDef:
    id: int
    slug: str
    name: str
    ingredients: tuple[IngredientUse, ...]


@dataclass(frozen=True)
class Offer:
    """A product that can be bought: its package size in `unit` and latest price."""

    slug: str
    name: str
    package_quantity: Decimal
    unit: str
    price: Decimal | None
    preferred: bool = False


@dataclass(frozen=True)
class StockInfo:
    """An ingredient or material: density, what is on hand per base unit, what can be bought."""

    id: int
    slug: str
    name: str
    density_g_per_ml: Decimal | None = None
    on_hand: Mapping[str, Decimal] = field(default_factory=dict)
    offers: tuple[Offer, ...] = ()
    # The unit composition lines count a material in (g, ml or item).
    base_unit: str = "item"


@dataclass(frozen=True)
class BatchDecision:
    """The baker's batch count for a recipe (its production target)."""

    batches: int
    short_confirmed: bool = False


@dataclass(frozen=True)
class PlanInput:
    goods: Mapping[int, GoodDef]
    units: Mapping[int, UnitDef]
    recipes: Mapping[int, RecipeDef]
    ingredients: Mapping[int, StockInfo]
    materials: Mapping[int, StockInfo]
    assembly_targets: Mapping[int, int]
    # finished good → {package name: quantity of that good the package assignments need}
    package_needs: Mapping[int, Mapping[str, int]] = field(default_factory=dict)
    decisions: Mapping[int, BatchDecision] = field(default_factory=dict)
    produced_batches: Mapping[int, Decimal] = field(default_factory=dict)
    assembled: Mapping[int, int] = field(default_factory=dict)
    unit_on_hand: Mapping[int, int] = field(default_factory=dict)
    # Explosions already worked out for these goods (optional: computed when missing).
    leaves: Leaves | None = field(default=None, compare=False, repr=False)


# --- outputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemandLine:
    good_id: int
    target: int
    package_need: int
    packages: Mapping[str, int]
    assembled: int
    remaining: int

    @property
    def below_packages(self) -> bool:
        """The committed target is below what the recipients' packages need."""
        return self.target < self.package_need


@dataclass(frozen=True)
class UnitNeedLine:
    unit_id: int
    needed: Decimal
    # finished good id → units it needs
    drivers: Mapping[int, Decimal]


@dataclass(frozen=True)
class BatchLine:
    recipe_id: int
    units: tuple[UnitNeedLine, ...]
    proposed: int
    exact: Decimal
    decided: int | None
    produced: Decimal
    short_confirmed: bool
    leftovers: Mapping[int, Decimal]
    shortfalls: Mapping[int, Decimal]

    @property
    def batches(self) -> int:
        """The batch count in force: the baker's decision, else the proposal."""
        return self.decided if self.decided is not None else self.proposed

    @property
    def short(self) -> bool:
        return bool(self.shortfalls)

    @property
    def remaining(self) -> Decimal:
        return max(_ZERO, self.batches - self.produced)

    @property
    def units_needed(self) -> Decimal:
        return sum((u.needed for u in self.units), _ZERO)


@dataclass(frozen=True)
class NeedLine:
    """An ingredient or material to have on hand for the remaining work."""

    kind: Literal["ingredient", "material"]
    item_id: int
    unit: str
    needed: Decimal
    on_hand: Decimal | None
    # recipe id (ingredient) or finished good id (material) → quantity it drives
    drivers: Mapping[int, Decimal]
    flag: str | None = None

    @property
    def to_buy(self) -> Decimal | None:
        if self.on_hand is None:
            return None
        return max(_ZERO, self.needed - self.on_hand)


@dataclass(frozen=True)
class ShoppingLine:
    kind: Literal["ingredient", "material"]
    item_id: int
    unit: str
    to_buy: Decimal
    offer: Offer | None
    packages: int | None
    estimated_cost: Decimal | None
    flag: str | None = None


@dataclass(frozen=True)
class FeasibilityLine:
    good_id: int
    needed: int
    can_assemble: int
    # the parts that run out first (names), when fewer than needed can be made
    limiting: tuple[str, ...]


@dataclass(frozen=True)
class PlanResult:
    demand: tuple[DemandLine, ...]
    batches: tuple[BatchLine, ...]
    ingredients: tuple[NeedLine, ...]
    materials: tuple[NeedLine, ...]
    shopping: tuple[ShoppingLine, ...]
    feasibility: tuple[FeasibilityLine, ...]

    @property
    def shopping_cost(self) -> Decimal:
        return sum((s.estimated_cost or _ZERO for s in self.shopping), _ZERO)
