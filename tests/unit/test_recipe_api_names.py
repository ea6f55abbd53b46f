"""API.md's names for recipes and goods exist, with the parameters it promises."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from baketracker.services import costing, goods, recipes

# (function, positional parameters, keyword parameters with their defaults)
CONTRACT: list[tuple[Callable[..., Any], list[str], dict[str, Any]]] = [
    (recipes.create_recipe, ["name"],
     {"ingredients": (), "components": (), "finished_units": (), "slug": None,
      "category": None, "session": None}),
    (recipes.add_ingredient, ["recipe", "ingredient", "quantity", "unit"], {"session": None}),
    (recipes.add_component, ["recipe", "component_recipe", "multiplier"], {"session": None}),
    (recipes.flatten_recipe, ["recipe", "batches"], {"session": None}),
    (recipes.create_recipe_snapshot, ["recipe"],
     {"scale_factor": 1, "production_run_id": None, "session": None}),
    (recipes.get_recipe_snapshot, ["snapshot_id"], {"session": None}),
    (goods.create_finished_good, ["name"], {"components": (), "slug": None, "session": None}),
    (goods.add_component, ["finished_good", "component"], {"session": None}),
    (goods.create_package, ["name"], {"contents": (), "session": None}),
    (goods.create_finished_good_snapshot, ["finished_good"],
     {"assembly_run_id": None, "session": None}),
    (goods.get_finished_good_snapshot, ["snapshot_id"], {"session": None}),
    (goods.on_hand, ["finished_unit_or_good"], {"session": None}),
    (costing.estimate_recipe_cost, ["recipe", "batches"], {"session": None}),
]


@pytest.mark.parametrize(("fn", "positional", "keywords"), CONTRACT,
                         ids=[f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"
                              for fn, _, _ in CONTRACT])
def test_the_documented_service_signature_holds(
    fn: Callable[..., Any], positional: list[str], keywords: dict[str, Any]
) -> None:
    params = inspect.signature(fn).parameters
    names = list(params)
    assert names[: len(positional)] == positional
    for name, default in keywords.items():
        assert name in params, name
        assert params[name].default == default, name
    assert params["session"].kind is inspect.Parameter.KEYWORD_ONLY
    assert fn.__doc__, f"{fn.__name__} documents its effects and errors"
