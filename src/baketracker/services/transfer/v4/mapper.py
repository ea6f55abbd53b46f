"""bake-tracker 4.x: the mapper's state and helpers, shared by the v4_* modules.

bake-tracker 4.x backups are mapped onto our own document (FORMAT-bake-tracker-v4.md).

The mapper reads the file's quirks as the files have them (renamed fields, units in any
case, "count" for each, yield modes outside the spec, ingredients used but never
defined), checks what only it can check with the file's own paths, and reports every
record or field it cannot carry over. The result is then validated and written exactly
like one of our own documents.
"""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Any

from slugify import slugify

from baketracker.services.transfer.records import Problems
from baketracker.services.transfer.spec import FORMAT, TOP_LEVEL, VERSION
from baketracker.services.transfer.values import Bad, number, unit

_GTIN = re.compile(r"^\d{8}$|^\d{12,14}$")
# Arrays we read (see v4.events for the second half).
CATALOG_ARRAYS = (
    "suppliers",
    "ingredients",
    "products",
    "materials",
    "material_products",
    "recipes",
    "finished_units",
    "inventory_items",
    "purchases",
)
NOT_STORED = {
    "recipe_categories": "categories are free text on each recipe",
    "material_categories": "material categories are not stored",
    "material_subcategories": "material categories are not stored",
    "material_units": "used only to resolve compositions; materials count in base units",
    "material_purchases": "material purchases are not supported yet",
    "material_inventory_items": "material lots are not supported yet",
    "event_recipes": "an event's recipes follow from its targets",
    "plan_amendments": "their data points at the old database's ids",
    "inventory_depletions": "the depletion history is not in bake-tracker's format",
}
HEADER = (
    "version",
    "exported_at",
    "application",
    "description",
    "transformed_at",
    "transformation_notes",
)


_NAMESPACE = uuid.UUID("0c6f3b0a-54a1-4f0e-bb7e-3b1f2d8e4a90")


def stable_uuid(*parts: object) -> str:
    """The same uuid for the same record of the same file, so a second import skips it."""
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(p) for p in parts)))


def title_key(text: str) -> str:
    """How bake-tracker turns a slug into a name to look it up ("xmas_2025" → "xmas 2025")."""
    return " ".join(text.replace("_", " ").replace("-", " ").lower().split())


class Named:
    """Records found by name as bake-tracker does: exact, or a slug title-cased."""

    def __init__(self) -> None:
        self.by_key: dict[str, dict[str, Any]] = {}

    def add(self, name: str | None, record: dict[str, Any], *aliases: str | None) -> None:
        for key in (name, *aliases):
            if key:
                self.by_key.setdefault(title_key(key), record)
                self.by_key.setdefault(slugify(key), record)

    def get(self, ref: str) -> dict[str, Any] | None:
        return self.by_key.get(title_key(ref)) or self.by_key.get(slugify(ref))


class Mapper:
    def __init__(self, src: dict[str, Any], known: set[str], strict: bool, p: Problems) -> None:
        self.src, self.known, self.strict, self.p = src, known, strict, p
        self.out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        for entity in TOP_LEVEL:
            self.out[entity.array] = []
        self.origin: dict[str, str] = {}
        self.ignored: dict[tuple[str, str], int] = {}
        self.ingredients: dict[str, dict[str, Any]] = {}
        self.used_ingredients: dict[str, list[str]] = {}  # slug → every path using it
        self.recipes_by_name: dict[str, str] = {}  # title key → slug
        self.recipe_slugs: dict[str, dict[str, Any]] = {}
        self.units: dict[str, dict[str, Any]] = {}  # FU slug → our FU record
        self.products: list[tuple[dict[str, Any], dict[str, Any]]] = []  # (theirs, ours)
        self.named_events = Named()
        self.categories: dict[str, str] = {}  # slug → name of each category ingredient
        self.leaves: dict[str, str] = {}  # category slug → its "(unspecified)" leaf

    # --- helpers ---

    def rows(self, array: str) -> list[tuple[str, dict[str, Any]]]:
        items = self.src.get(array)
        if items is None:
            return []
        if not isinstance(items, list):
            self.p.error(array, "must be an array")
            return []
        out = []
        for index, item in enumerate(items):
            if isinstance(item, dict):
                out.append((f"{array}[{index}]", item))
            else:
                self.p.error(f"{array}[{index}]", "must be an object")
        return out

    def add(self, array: str, record: dict[str, Any], source: str) -> dict[str, Any]:
        self.origin[f"{array}[{len(self.out[array])}]"] = source
        self.out[array].append(record)
        return record

    def items(self, raw: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        """The objects of a nested array, each with its path (anything else is an error)."""
        value = raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.p.error(f"{path}.{key}", "must be an array")
            return []
        out = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                out.append((f"{path}.{key}[{index}]", item))
            else:
                self.p.error(f"{path}.{key}[{index}]", "must be an object")
        return out

    def seen(self, array: str, path: str, raw: dict[str, Any], used: set[str]) -> None:
        for key in raw:
            if key not in used:
                self.ignored[(array, key)] = self.ignored.get((array, key), 0) + 1

    def text(self, raw: dict[str, Any], *keys: str) -> str | None:
        for key in keys:
            value = raw.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    def need(self, raw: dict[str, Any], path: str, *keys: str) -> str | None:
        value = self.text(raw, *keys)
        if value is None:
            self.p.error(f"{path}.{keys[0]}", "is required")
        return value

    def number(
        self,
        raw: dict[str, Any],
        path: str,
        key: str,
        *,
        default: Any = None,
        positive: bool = True,
    ) -> Decimal | None:
        value = raw.get(key, default)
        if value is None:
            if default is None:
                self.p.error(f"{path}.{key}", "is required")
            return None
        try:
            result = number(value)
        except Bad as exc:
            self.p.error(f"{path}.{key}", str(exc))
            return None
        if result < 0 or (positive and result == 0):
            self.p.error(
                f"{path}.{key}", f"must be {'greater than 0' if positive else 'zero or more'}"
            )
            return None
        return result

    def unit(self, raw: dict[str, Any], path: str, key: str) -> str | None:
        try:
            return unit(raw.get(key))
        except Bad as exc:
            self.p.error(f"{path}.{key}", str(exc))
            return None

    def ingredient_ref(self, slug: str | None, path: str) -> str | None:
        if slug is not None and slug not in self.ingredients and slug not in self.known:
            self.used_ingredients.setdefault(slug, []).append(path)
        return slug

    def gtin(self, raw: dict[str, Any], path: str, taken: set[str]) -> str | None:
        for key in ("upc_code", "gtin"):
            value = raw.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if isinstance(value, str) and value.strip():
                digits = value.strip()
                if _GTIN.match(digits) and digits not in taken:
                    taken.add(digits)
                    return digits
                self.p.warn(f"{path}.{key}: {digits!r} is not kept (not a usable, unique GTIN)")
        return None

    # --- catalog ---

    def recipe_key(self, ref: str) -> str:
        """A recipe slug from what the file says: a slug, a name, or a title-cased slug."""
        if ref in self.recipe_slugs:
            return ref
        return self.recipes_by_name.get(title_key(ref), slugify(ref))

    def finish(self) -> None:
        for array in self.src:
            if array in NOT_STORED and self.src[array]:
                count = len(self.src[array]) if isinstance(self.src[array], list) else 1
                self.p.warn(f"{array}: {count} record(s) not imported ({NOT_STORED[array]})")
            elif array not in HEADER and array not in KNOWN_ARRAYS:
                self.p.warn(f"{array}: not a bake-tracker 4.x array; ignored")
        for (array, key), count in sorted(self.ignored.items()):
            self.p.warn(f"{array}: field {key!r} is not stored ({count} record(s))")
        missing = sorted(self.used_ingredients)
        if not missing:
            return
        if self.strict:
            uses = sorted((path, slug) for slug in missing for path in self.used_ingredients[slug])
            for path, slug in uses:
                self.p.error(
                    path,
                    f"unknown ingredient {slug!r} "
                    "(the file never defines it, and --strict refuses provisional ones)",
                )
            return
        for slug in missing:
            self.out["ingredients"].append(
                {"slug": slug, "name": name_of(slug), "provisional": True}
            )
        self.p.warn(
            f"{len(missing)} ingredient(s) used but never defined were created as "
            f"provisional: {', '.join(missing)}"
        )


# Our field names → the file's, by the file's array, so an error found after mapping
# names the field the baker sees in the file.
FIELD_NAMES: dict[str, dict[str, str]] = {
    "ingredients": {"parent": "parent_slug", "name": "display_name"},
    "products": {
        "ingredient": "ingredient_slug",
        "package_quantity": "package_unit_quantity",
        "gtin": "upc_code",
        "preferred_supplier": "preferred_supplier_slug",
    },
    "recipes": {"ingredient": "ingredient_slug", "recipe": "recipe_name"},
    "finished_units": {"name": "display_name"},
    "finished_goods": {"name": "display_name"},
    "compositions": {
        "finished_unit": "finished_unit_slug",
        "finished_good": "finished_good_component_slug",
        "material": "material_slug",
    },
    "package_finished_goods": {"finished_good": "finished_good_slug"},
    "event_recipient_packages": {
        "recipient": "recipient_name",
        "package": "package_slug",
        "fulfillment_status": "status",
    },
    "event_production_targets": {"recipe": "recipe_slug"},
    "batch_decisions": {"recipe": "recipe_slug", "target_batches": "batches"},
    "event_assembly_targets": {"finished_good": "finished_good_slug"},
    "event_finished_goods": {"finished_good": "finished_good_slug", "target_quantity": "quantity"},
    "inventory_items": {"product": "product_brand", "purchased_on": "purchase_date"},
    "production_runs": {"recipe": "recipe_slug", "event": "event_slug"},
    "assembly_runs": {"finished_good": "finished_good_slug", "event": "event_slug"},
}


def name_of(slug: str) -> str:
    """A readable name for a slug: "eggs_large" → "Eggs large"."""
    words = " ".join(slug.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:] if words else slug


KNOWN_ARRAYS = (
    set(CATALOG_ARRAYS)
    | set(NOT_STORED)
    | {
        "finished_goods",
        "compositions",
        "packages",
        "package_finished_goods",
        "recipients",
        "events",
        "event_recipient_packages",
        "event_production_targets",
        "event_assembly_targets",
        "production_runs",
        "assembly_runs",
        "production_records",
        "event_finished_goods",
        "batch_decisions",
    }
)
