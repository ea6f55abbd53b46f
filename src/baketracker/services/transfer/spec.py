"""The document's shape, once: every array, field and reference, and the table behind it.

Export, the JSON Schema, validation and the writer all read these specs, so a field
added here travels through the whole round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import Table

from baketracker import models as m
from baketracker.domain.plan_states import PLAN_STATES
from baketracker.domain.progress import FULFILLMENT_STATUSES
from baketracker.domain.units import BASE_UNITS

# The services' own lists, repeated so that reading a document needs no service module
# (a test keeps them equal).
SUPPLIER_KINDS = ("physical", "online")
OUTPUT_MODES = ("BUNDLED", "BULK_COUNT")
AMENDMENT_TYPES = ("DROP_FG", "ADD_FG", "MODIFY_BATCH")
DRAW_REASONS = ("production", "assembly", "spoilage", "gift", "correction", "other")
LOSS_CATEGORIES = ("burnt", "broken", "contaminated", "dropped", "wrong_ingredients", "other")

FORMAT = "baketracker"
VERSION = "1"

Kind = Literal[
    "text", "decimal", "int", "bool", "date", "datetime", "json", "unit", "enum", "codes"
]
Min = Literal["", ">0", ">=0"]


@dataclass(frozen=True)
class Field:
    """One value of a record: `name` in the document, `column` in the table."""

    name: str
    kind: Kind = "text"
    required: bool = False
    nullable: bool = True
    default: Any = None
    min: Min = ""
    whole: bool = False
    choices: tuple[str, ...] = ()
    column: str = ""

    @property
    def col(self) -> str:
        return self.column or self.name


@dataclass(frozen=True)
class Ref:
    """A reference to another record by its key (slug, name or uuid)."""

    name: str
    target: str
    column: str
    required: bool = False
    # Self-references (a parent ingredient, a base recipe) are set once every row exists.
    late: bool = False


@dataclass(frozen=True)
class Entity:
    """One table as a document array (or, with `single`, one nested object)."""

    name: str  # report name, and the name references use as their target
    table: Table
    array: str  # key in the document
    key: str | None  # natural key: "slug", "name" or "uuid"; None for owned children
    fields: tuple[Field, ...]
    refs: tuple[Ref, ...] = ()
    children: tuple[Entity, ...] = ()
    parent_column: str | None = None
    single: bool = False
    position: bool = False  # ordered by a position column
    key_required: bool = True
    case_insensitive: bool = False  # names match regardless of case
    what: str = ""  # singular, for messages

    @property
    def label(self) -> str:
        return self.what or self.name.rstrip("s").replace("_", " ")

    @property
    def a_label(self) -> str:
        """The label with its article: "an ingredient", "a recipe"."""
        label = self.label
        return ("an " if label[:1] in "aeiou" else "a ") + label

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return self.fields + META

    def walk(self) -> list[Entity]:
        """This entity and every entity nested in it, parents first."""
        out = [self]
        for child in self.children:
            out += child.walk()
        return out


META = (
    Field("uuid", nullable=False),
    Field("created_at", "datetime", nullable=False),
    Field("updated_at", "datetime", nullable=False),
)


def _t(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _text(name: str, *, required: bool = False) -> Field:
    return Field(name, required=required, nullable=not required)


def _dec(name: str, min: Min = ">0", *, required: bool = True, whole: bool = False) -> Field:
    return Field(name, "decimal", required=required, nullable=not required, min=min, whole=whole)


def _int(name: str, min: Min = ">0", *, required: bool = True, default: int | None = None) -> Field:
    return Field(name, "int", required=required, nullable=False, min=min, default=default)


def _bool(name: str) -> Field:
    return Field(name, "bool", nullable=False, default=False)


def _codes(name: str, column: str = "") -> Field:
    """A list of allergen codes (null: not yet checked)."""
    return Field(name, "codes", column=column)


def _enum(name: str, choices: tuple[str, ...], *, default: str | None = None) -> Field:
    required = default is None
    return Field(name, "enum", required=required, nullable=False, choices=choices, default=default)


SUPPLIERS = Entity(
    "suppliers", _t(m.Supplier), "suppliers", "slug",
    (_text("slug", required=True), _text("name", required=True),
     _enum("kind", SUPPLIER_KINDS, default="physical"), _text("location"), _text("notes")),
)  # fmt: skip

INGREDIENTS = Entity(
    "ingredients", _t(m.Ingredient), "ingredients", "slug",
    (_text("slug", required=True), _text("name", required=True),
     _dec("density_g_per_ml", required=False), _codes("allergens", "allergen_codes"),
     _text("allergen_note"), _text("notes"), _bool("provisional")),
    refs=(Ref("parent", "ingredients", "parent_id", late=True),),
)  # fmt: skip

MATERIALS = Entity(
    "materials", _t(m.Material), "materials", "slug",
    (_text("slug", required=True), _text("name", required=True),
     Field("base_unit", "unit", nullable=False, default="each"), _text("notes")),
)  # fmt: skip

PRODUCTS = Entity(
    "products", _t(m.Product), "products", "slug",
    (_text("slug", required=True), _text("name", required=True), _text("brand"),
     _dec("package_quantity"), Field("package_unit", "unit", required=True, nullable=False),
     _text("gtin"), _bool("preferred"), _codes("may_contain")),
    refs=(Ref("ingredient", "ingredients", "ingredient_id"),
          Ref("material", "materials", "material_id"),
          Ref("preferred_supplier", "suppliers", "preferred_supplier_id")),
)  # fmt: skip

RECIPE_ALIASES = Entity(
    "recipe_slug_aliases", _t(m.RecipeSlugAlias), "former_slugs", "slug",
    (_text("slug", required=True),), parent_column="recipe_id", what="former slug",
)  # fmt: skip

RECIPE_LINES = Entity(
    "recipe_lines", _t(m.RecipeIngredient), "ingredients", None,
    (_dec("quantity"), Field("unit", "unit", required=True, nullable=False), _text("note")),
    refs=(Ref("ingredient", "ingredients", "ingredient_id", required=True),),
    parent_column="recipe_id", position=True, what="recipe line",
)  # fmt: skip

RECIPE_COMPONENTS = Entity(
    "recipe_components", _t(m.RecipeComponent), "components", None,
    (_dec("multiplier"),),
    refs=(Ref("recipe", "recipes", "component_recipe_id", required=True),),
    parent_column="recipe_id", position=True, what="sub-recipe",
)  # fmt: skip

FINISHED_UNITS = Entity(
    "finished_units", _t(m.FinishedUnit), "finished_units", "slug",
    (_text("slug", required=True), _text("name", required=True),
     _dec("items_per_batch", required=False, whole=True), _dec("batch_portion", required=False),
     _int("on_hand", ">=0", required=False, default=0)),
    parent_column="recipe_id", what="finished unit",
)  # fmt: skip

RECIPES = Entity(
    "recipes", _t(m.Recipe), "recipes", "slug",
    (_text("slug", required=True), _text("name", required=True), _text("category"),
     _text("instructions"), _text("notes"), _text("variant_name"), _bool("archived")),
    refs=(Ref("base_recipe", "recipes", "base_recipe_id", late=True),),
    children=(RECIPE_ALIASES, RECIPE_LINES, RECIPE_COMPONENTS, FINISHED_UNITS),
)  # fmt: skip

COMPOSITION_LINES = Entity(
    "composition_lines", _t(m.Composition), "components", None,
    (_dec("quantity"),),
    refs=(Ref("finished_unit", "finished_units", "finished_unit_id"),
          Ref("finished_good", "finished_goods", "component_good_id"),
          Ref("material", "materials", "material_id")),
    parent_column="finished_good_id", position=True, what="composition line",
)  # fmt: skip

FINISHED_GOODS = Entity(
    "finished_goods", _t(m.FinishedGood), "finished_goods", "slug",
    (_text("slug", required=True), _text("name", required=True),
     _enum("kind", ("BARE", "BUNDLE"), default="BUNDLE"),
     _int("on_hand", ">=0", required=False, default=0), _text("notes")),
    children=(COMPOSITION_LINES,), what="finished good",
)  # fmt: skip

PACKAGE_ITEMS = Entity(
    "package_items", _t(m.PackageItem), "items", None,
    (_int("quantity"),),
    refs=(Ref("finished_good", "finished_goods", "finished_good_id", required=True),),
    parent_column="package_id", what="package item",
)  # fmt: skip

PACKAGES = Entity(
    "packages", _t(m.Package), "packages", "name",
    (_text("name", required=True), _text("notes")),
    children=(PACKAGE_ITEMS,), case_insensitive=True,
)  # fmt: skip

RECIPIENTS = Entity(
    "recipients", _t(m.Recipient), "recipients", "uuid",
    (_text("name", required=True), _text("household"), _text("address"), _text("notes"),
     _text("dietary_notes"), _codes("avoids")),
)  # fmt: skip

RECIPE_SNAPSHOTS = Entity(
    "recipe_snapshots", _t(m.RecipeSnapshot), "recipe_snapshots", "uuid",
    (Field("scale_factor", "decimal", nullable=False, min=">0", default=Decimal(1)),
     _bool("is_planning"),
     Field("data", "json", required=True, nullable=False)),
    refs=(Ref("recipe", "recipes", "recipe_id"),), key_required=False, what="recipe snapshot",
)  # fmt: skip

GOOD_SNAPSHOTS = Entity(
    "finished_good_snapshots", _t(m.FinishedGoodSnapshot), "finished_good_snapshots", "uuid",
    (_bool("is_planning"), Field("data", "json", required=True, nullable=False)),
    refs=(Ref("finished_good", "finished_goods", "finished_good_id"),),
    key_required=False, what="finished good snapshot",
)  # fmt: skip

ASSIGNMENTS = Entity(
    "assignments", _t(m.EventRecipientPackage), "assignments", None,
    (_int("quantity", required=False, default=1),
     _enum("fulfillment_status", FULFILLMENT_STATUSES, default="pending"), _text("notes"),
     _text("allergens_checked_by"), Field("allergens_checked_at", "datetime"),
     _text("allergens_checked_for")),
    refs=(Ref("recipient", "recipients", "recipient_id", required=True),
          Ref("package", "packages", "package_id", required=True)),
    parent_column="event_id", what="package assignment",
)  # fmt: skip

PRODUCTION_TARGETS = Entity(
    "production_targets", _t(m.EventProductionTarget), "production_targets", None,
    (_int("target_batches"), _bool("short_confirmed")),
    refs=(Ref("recipe", "recipes", "recipe_id", required=True),
          Ref("recipe_snapshot", "recipe_snapshots", "recipe_snapshot_id")),
    parent_column="event_id", what="production target",
)  # fmt: skip

ASSEMBLY_TARGETS = Entity(
    "assembly_targets", _t(m.EventAssemblyTarget), "assembly_targets", None,
    (_int("target_quantity"),),
    refs=(Ref("finished_good", "finished_goods", "finished_good_id", required=True),
          Ref("finished_good_snapshot", "finished_good_snapshots", "finished_good_snapshot_id")),
    parent_column="event_id", what="assembly target",
)  # fmt: skip

PLAN_CONTAINERS = Entity(
    "plan_containers", _t(m.ProductionPlanSnapshot), "plan_containers", None,
    (_bool("shopping_complete"),), parent_column="event_id", what="plan container",
)  # fmt: skip

PLAN_SNAPSHOTS = Entity(
    "plan_snapshots", _t(m.PlanSnapshot), "plan_snapshot", None,
    (Field("snapshot_data", "json", required=True, nullable=False),),
    parent_column="event_id", single=True, what="plan snapshot",
)  # fmt: skip

AMENDMENTS = Entity(
    "amendments", _t(m.PlanAmendment), "amendments", None,
    (_enum("amendment_type", AMENDMENT_TYPES), Field("data", "json", required=True, nullable=False),
     _text("reason", required=True)),
    parent_column="event_id",
)  # fmt: skip

EVENTS = Entity(
    "events", _t(m.Event), "events", "name",
    (_text("name", required=True), Field("event_date", "date", required=True, nullable=False),
     _int("year", ">0", required=False), _enum("output_mode", OUTPUT_MODES, default="BUNDLED"),
     _enum("plan_state", PLAN_STATES, default="DRAFT"), _text("notes")),
    children=(ASSIGNMENTS, PRODUCTION_TARGETS, ASSEMBLY_TARGETS, PLAN_CONTAINERS, PLAN_SNAPSHOTS,
              AMENDMENTS),
    case_insensitive=True,
)  # fmt: skip

LOTS = Entity(
    "lots", _t(m.InventoryLot), "lot", "uuid",
    (Field("purchased_on", "date"), _enum("unit", BASE_UNITS),
     _dec("quantity_initial", ">=0"), _dec("quantity_remaining", ">=0"), _dec("unit_cost", ">=0"),
     _text("location"), Field("expires_on", "date")),
    parent_column="purchase_id", single=True, key_required=False, what="lot",
)  # fmt: skip

PURCHASES = Entity(
    "purchases", _t(m.Purchase), "purchases", "uuid",
    (Field("purchased_on", "date", required=True, nullable=False), _dec("packages"),
     _dec("price_per_package", ">=0"), _text("notes")),
    refs=(Ref("product", "products", "product_id", required=True),
          Ref("supplier", "suppliers", "supplier_id")),
    children=(LOTS,), key_required=False,
)  # fmt: skip

PRODUCTION_RUNS = Entity(
    "production_runs", _t(m.ProductionRun), "production_runs", "uuid",
    (_dec("batches"), _int("expected_yield", ">=0"), _int("actual_yield", ">=0"),
     _int("loss_quantity", ">=0", required=False, default=0),
     Field("loss_category", "enum", choices=LOSS_CATEGORIES), _text("loss_notes"),
     _dec("total_cost", ">=0"), _dec("per_unit_cost", ">=0", required=False),
     Field("produced_at", "datetime", nullable=False), _text("notes")),
    refs=(Ref("recipe", "recipes", "recipe_id", required=True),
          Ref("finished_unit", "finished_units", "finished_unit_id", required=True),
          Ref("event", "events", "event_id"),
          Ref("recipe_snapshot", "recipe_snapshots", "recipe_snapshot_id", required=True)),
    key_required=False, what="production run",
)  # fmt: skip

CONSUMPTIONS = Entity(
    "assembly_consumptions", _t(m.AssemblyConsumption), "consumptions", None,
    (_int("quantity"), _dec("unit_cost", ">=0"), _dec("cost", ">=0")),
    refs=(Ref("finished_unit", "finished_units", "finished_unit_id"),
          Ref("finished_good", "finished_goods", "finished_good_id")),
    parent_column="assembly_run_id", what="assembly consumption",
)  # fmt: skip

ASSEMBLY_RUNS = Entity(
    "assembly_runs", _t(m.AssemblyRun), "assembly_runs", "uuid",
    (_int("quantity"), _dec("total_cost", ">=0"), _dec("per_unit_cost", ">=0"),
     Field("assembled_at", "datetime", nullable=False), _text("notes")),
    refs=(Ref("finished_good", "finished_goods", "finished_good_id", required=True),
          Ref("event", "events", "event_id"),
          Ref("finished_good_snapshot", "finished_good_snapshots", "finished_good_snapshot_id",
              required=True)),
    children=(CONSUMPTIONS,), key_required=False, what="assembly run",
)  # fmt: skip

DEPLETIONS = Entity(
    "depletions", _t(m.Depletion), "depletions", "uuid",
    (_dec("quantity"), _dec("unit_cost", ">=0"), _dec("cost", ">=0"),
     _enum("reason", DRAW_REASONS), _text("note"),
     Field("occurred_at", "datetime", nullable=False)),
    refs=(Ref("lot", "lots", "lot_id", required=True),
          Ref("production_run", "production_runs", "production_run_id"),
          Ref("assembly_run", "assembly_runs", "assembly_run_id")),
    key_required=False,
)  # fmt: skip

# The activity trail: who did what and when (names as text; accounts are never exported).
ACTIVITY = Entity(
    "activity", _t(m.Activity), "activity", "uuid",
    (Field("at", "datetime", nullable=False), _text("user_name"), _text("kind", required=True),
     _text("action", required=True), _text("summary", required=True), _text("subject_uuid"),
     _text("event_name")),
    key_required=False, what="activity entry",
)  # fmt: skip

# Insertion order: every reference points at an entity written earlier (or a `late` one).
TOP_LEVEL: tuple[Entity, ...] = (
    SUPPLIERS, INGREDIENTS, MATERIALS, PRODUCTS, RECIPES, FINISHED_GOODS, PACKAGES, RECIPIENTS,
    RECIPE_SNAPSHOTS, GOOD_SNAPSHOTS, EVENTS, PURCHASES, PRODUCTION_RUNS, ASSEMBLY_RUNS,
    DEPLETIONS, ACTIVITY,
)  # fmt: skip

ALL: tuple[Entity, ...] = tuple(e for top in TOP_LEVEL for e in top.walk())
BY_NAME: dict[str, Entity] = {e.name: e for e in ALL}
HEADER_KEYS = ("format", "version", "exported_at", "app_version", "description")
