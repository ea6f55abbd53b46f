"""API.md is a contract: every public service it names exists with the parameters it names."""

from __future__ import annotations

import importlib
import inspect

import pytest

# module → {function: parameters API.md names for it}
CONTRACT: dict[str, dict[str, tuple[str, ...]]] = {
    "baketracker.db": {"init_db": ("url",), "session_scope": ()},
    "baketracker.services.catalog": {
        "create_ingredient": ("name", "slug", "parent", "density_g_per_ml", "allergens",
                              "session"),
        "update_ingredient": ("ingredient", "allergens", "session"),
        "create_product": ("ingredient", "brand", "package_quantity", "package_unit", "name",
                           "gtin", "session"),
        "create_material": ("name", "base_unit", "slug", "session"),
        "create_material_product": ("material", "name", "package_quantity", "package_unit",
                                    "session"),
    },
    "baketracker.services.inventory": {
        "record_purchase": ("product", "packages", "price_per_package", "purchased_on",
                            "supplier", "confirm", "session"),
        "quick_purchase": ("text", "dry_run", "confirm", "session"),
        "consume_fifo": ("ingredient", "quantity", "unit", "dry_run", "reason", "session"),
        "on_hand": ("ingredient", "unit", "session"),
    },
    "baketracker.services.recipes": {
        "create_recipe": ("name", "ingredients", "components", "finished_units", "slug",
                          "category", "session"),
        "add_ingredient": ("recipe", "ingredient", "quantity", "unit", "session"),
        "add_component": ("recipe", "component_recipe", "multiplier", "session"),
        "flatten_recipe": ("recipe", "batches", "session"),
        "create_recipe_snapshot": ("recipe", "scale_factor", "production_run_id", "session"),
        "get_recipe_snapshot": ("snapshot_id",),
    },
    "baketracker.services.goods": {
        "create_finished_good": ("name", "components", "slug", "session"),
        "add_component": ("finished_good", "component", "session"),
        "create_package": ("name", "contents", "session"),
        "create_finished_good_snapshot": ("finished_good", "assembly_run_id", "session"),
        "get_finished_good_snapshot": ("snapshot_id",),
        "on_hand": ("finished_unit_or_good",),
    },
    "baketracker.services.events": {
        "create_event": ("name", "event_date", "output_mode", "session"),
        "delete_event": ("event",),
        "create_recipient": ("name", "household", "session"),
        "assign_package": ("event", "recipient", "package", "quantity", "session"),
        "set_production_target": ("event", "recipe", "target_batches", "session"),
        "delete_production_target": ("event", "recipe"),
        "get_production_targets": ("event",),
        "set_assembly_target": ("event", "finished_good", "target_quantity", "session"),
        "delete_assembly_target": ("event", "finished_good"),
        "get_assembly_targets": ("event",),
        "get_production_progress": ("event",),
        "get_assembly_progress": ("event",),
        "get_event_overall_progress": ("event",),
        "update_fulfillment_status": ("assignment_id", "new_status", "session"),
        "get_packages_by_status": ("event", "status"),
    },
    "baketracker.services.planning": {
        "create_plan": ("event", "force_recreate", "session"),
        "get_plan_summary": ("event", "session"),
    },
    "baketracker.services.plan_state": {
        "lock_plan": ("event",), "start_production": ("event",), "complete_production": ("event",),
    },
    "baketracker.services.plan_snapshots": {
        "create_plan_snapshot": ("event", "session"),
        "get_plan_snapshot": ("event", "session"),
    },
    "baketracker.services.amendments": {
        "create_amendment": ("event", "amendment_type", "data", "reason", "session"),
        "get_amendment_history": ("event",),
        "compare_plan": ("event",),
    },
    "baketracker.services.production": {
        "record_batch_production": ("recipe", "num_batches", "finished_unit", "actual_yield",
                                    "loss_category", "event", "session"),
    },
    "baketracker.services.transfer": {
        "export_document": ("session",),
        "import_document": ("doc", "mode", "dry_run", "session"),
    },
    "baketracker.services.allergens": {
        "for_recipe": ("recipe",), "for_good": ("finished_good",), "for_package": ("package",),
        "warnings_for_event": ("event",), "mark_checked": ("assignment_id", "session"),
    },
    "baketracker.services.recipients": {
        "create_recipient": ("name", "avoids", "session"),
        "update_recipient": ("recipient", "avoids", "session"),
    },
    "baketracker.services.assembly": {
        "record_assembly": ("finished_good", "quantity", "event", "session"),
    },
    "baketracker.services.recipe_import": {
        "draft_from_text": ("text", "session"),
        "draft_from_html": ("html", "url", "session"),
        "save_draft": ("draft", "slug", "session"),
    },
    # API.md, HTTP writes: the store behind the Idempotency-Key header and form field.
    "baketracker.services.idempotency": {
        "claim_key": ("key", "method", "path", "body_hash", "user_name", "session"),
        "finish_key": ("key", "response", "session"),
        "release_key": ("key", "session"),
        "key_state": ("key", "method", "path", "body_hash", "user_name", "session"),
        "purge_expired": ("session", "now"),
    },
    "baketracker.services.users": {
        "create_user": ("name", "password", "role", "session"),
        "list_users": (),
        "remove_user": ("name",),
    },
    "baketracker.services.activity": {
        "list_activity": ("user", "kind", "event", "since", "limit", "session"),
    },
}


def test_forbidden_is_the_error_of_a_refused_role() -> None:
    from baketracker.api.errors import status_for
    from baketracker.cli.common import exit_code_for
    from baketracker.errors import Forbidden

    assert status_for(Forbidden("no")) == 403
    assert exit_code_for(Forbidden("no")) == 3


@pytest.mark.parametrize(
    ("module", "function"),
    [(m, f) for m, functions in CONTRACT.items() for f in functions],
)
def test_every_service_named_in_api_md_exists_with_its_parameters(module: str,
                                                                   function: str) -> None:
    target = getattr(importlib.import_module(module), function)
    assert callable(target)
    parameters = inspect.signature(target).parameters
    missing = [p for p in CONTRACT[module][function] if p not in parameters]
    assert not missing, f"{module}.{function} lacks {missing}"


# API.md's "Data in": the keys of a draft and of each of its lines.
DRAFT_KEYS = ("name", "yield", "instructions", "lines")
DRAFT_LINE_KEYS = ("text", "quantity", "unit", "ingredient_slug", "score", "new_ingredient",
                   "note", "problem")


def test_a_draft_has_the_keys_api_md_names() -> None:
    from baketracker.api.schemas.recipe_import import DraftLineRead, DraftRead

    draft_keys = {field.alias or name for name, field in DraftRead.model_fields.items()}
    assert set(DRAFT_KEYS) <= draft_keys
    assert set(DRAFT_LINE_KEYS) <= set(DraftLineRead.model_fields)


# What the entry points (web, API, CLI, reports) call since issue 11 moved their rules
# into services: the same check, so a rename breaks here and not in a page.
EDGE_CONTRACT: dict[str, dict[str, tuple[str, ...]]] = {
    "baketracker.db": {"command_unit_of_work": ("read_only",)},
    "baketracker.errors": {"status_for": ("exc",), "exit_code_for": ("exc",),
                           "shortfall_texts": ("exc",)},
    "baketracker.services.catalog": {"get_product": ("product", "session"),
                                     "get_material": ("material", "session"),
                                     # the allergen editor of the ingredient pages
                                     "create_ingredient": ("allergens", "allergen_note"),
                                     "update_ingredient": ("ingredient", "allergens",
                                                           "clear_allergens", "allergen_note",
                                                           "session")},
    "baketracker.services.allergens": {"set_may_contain": ("product", "may_contain", "session"),
                                       "mark_checked": ("assignment_id", "by", "session")},
    "baketracker.services.events": {"create_recipient": ("name", "avoids", "dietary_notes",
                                                         "session"),
                                    "update_recipient": ("recipient", "avoids",
                                                         "dietary_notes", "session")},
    "baketracker.services.stock_levels": {"list_low_stock": ("packages", "session"),
                                          "stock_value": ("summary",)},
    "baketracker.services.sheets": {"shopping_sheet": ("event", "session"),
                                    "bake_day_sheet": ("event", "session"),
                                    "label_sheet": ("event", "session")},
    "baketracker.services.transfer": {"has_recipes": ("session",),
                                      "sqlite_copy_available": (),
                                      "backup": ("path", "session"),
                                      "restore": ("path", "dry_run", "session")},
}


@pytest.mark.parametrize(
    ("module", "function"),
    [(m, f) for m, functions in EDGE_CONTRACT.items() for f in functions],
)
def test_every_service_the_entry_points_call_exists_with_its_parameters(
    module: str, function: str
) -> None:
    target = getattr(importlib.import_module(module), function)
    parameters = inspect.signature(target).parameters
    missing = [p for p in EDGE_CONTRACT[module][function] if p not in parameters]
    assert not missing, f"{module}.{function} lacks {missing}"
