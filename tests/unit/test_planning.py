"""The planning pipeline over plain data: DOMAIN.md's worked numbers and its rules."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from baketracker.domain.planning import (
    BatchDecision,
    GoodDef,
    IngredientUse,
    Offer,
    Part,
    PlanInput,
    RecipeDef,
    StockInfo,
    UnitDef,
    compute_plan,
)

D = Decimal
COOKIE = UnitDef(1, "sugar-cookie", "Sugar cookie", recipe_id=10, items_per_batch=D(24))
MINI = UnitDef(2, "mini-cookie", "Mini cookie", recipe_id=10, items_per_batch=D(48))
HALF_CAKE = UnitDef(3, "half-cake", "Half cake", recipe_id=11, batch_portion=D("0.5"))
SUGAR_COOKIES = RecipeDef(10, "sugar-cookies", "Sugar cookies", (
    IngredientUse(100, D(500), "g"),      # flour
    IngredientUse(101, D(3), "tsp"),      # salt, no density
))
CAKE = RecipeDef(11, "cake", "Cake", (IngredientUse(100, D(250), "g"),))
FLOUR = StockInfo(100, "flour", "Flour", density_g_per_ml=D("0.5283"),
                  offers=(Offer("flour-5lb", "Flour 5 lb", D("2267.96185"), "g", D("4.99"),
                                preferred=True),))
SALT = StockInfo(101, "salt", "Salt", on_hand={"g": D(700)},
                 offers=(Offer("salt-1lb", "Salt 1 lb", D("453.59237"), "g", D("1.20")),))
BOX = StockInfo(200, "gift-box", "Gift box", on_hand={"item": D(12)},
                offers=(Offer("boxes-10", "Boxes ×10", D(10), "item", D("8.00")),))


def tin(good_id: int, name: str, cookies: int, box: int = 0) -> GoodDef:
    parts = [Part("fu", COOKIE.id, D(cookies))]
    if box:
        parts.append(Part("material", BOX.id, D(box)))
    return GoodDef(good_id, name.lower().replace(" ", "-"), name, tuple(parts))


def plan(targets: dict[int, int], goods: dict[int, GoodDef], **extra: object):  # type: ignore[no-untyped-def]
    data = PlanInput(
        goods=goods,
        units={u.id: u for u in (COOKIE, MINI, HALF_CAKE)},
        recipes={r.id: r for r in (SUGAR_COOKIES, CAKE)},
        ingredients={i.id: i for i in (FLOUR, SALT)},
        materials={BOX.id: BOX},
        assembly_targets=targets,
        **extra,  # type: ignore[arg-type]
    )
    return compute_plan(data)


def test_200_cookies_at_24_per_batch_need_9_batches_with_16_left_over() -> None:
    result = plan({1: 200}, {1: tin(1, "Bare cookie", 1)})
    [line] = result.batches
    assert (line.proposed, line.batches, line.leftovers[COOKIE.id]) == (9, 9, D(16))
    assert not line.short


def test_72_cookies_need_exactly_3_batches() -> None:
    [line] = plan({1: 72}, {1: tin(1, "Bare cookie", 1)}).batches
    assert (line.batches, line.leftovers[COOKIE.id]) == (3, D(0))


def test_a_cookie_in_two_boxes_is_needed_for_both_and_each_box_is_named() -> None:
    goods = {1: tin(1, "Box A", 6), 2: tin(2, "Box B", 4)}
    [line] = plan({1: 10, 2: 5}, goods).batches
    [cookie] = line.units
    assert cookie.needed == D(80)
    assert cookie.drivers == {1: D(60), 2: D(20)}
    assert line.batches == 4


def test_a_bundle_nested_in_a_bundle_multiplies() -> None:
    inner = tin(1, "Pair", 2)
    outer = GoodDef(2, "crate", "Crate", (Part("fg", 1, D(5)),))
    [line] = plan({2: 10}, {1: inner, 2: outer}).batches
    assert line.units_needed == D(100)


def test_batch_portion_units_size_batches_by_their_share() -> None:
    cake_box = GoodDef(1, "cake-box", "Cake box", (Part("fu", HALF_CAKE.id, D(1)),))
    [line] = plan({1: 4}, {1: cake_box}).batches
    assert line.batches == 2


def test_two_units_of_one_recipe_add_their_fractions_before_rounding_once() -> None:
    mixed = GoodDef(1, "mixed", "Mixed", (Part("fu", 1, D(12)), Part("fu", 2, D(24))))
    [line] = plan({1: 1}, {1: mixed}).batches
    assert line.exact == D(1)  # half a batch of each
    assert line.batches == 1


def test_a_chosen_batch_count_that_falls_short_stays_flagged_even_when_confirmed() -> None:
    result = plan({1: 200}, {1: tin(1, "Bare", 1)},
                  decisions={10: BatchDecision(8, short_confirmed=True)})
    [line] = result.batches
    assert line.batches == 8 and line.proposed == 9
    assert line.short and line.short_confirmed
    assert line.shortfalls[COOKIE.id] == D(8)


def test_ingredients_are_summed_per_ingredient_in_one_unit_and_explained_by_recipe() -> None:
    cake_box = GoodDef(2, "cake-box", "Cake box", (Part("fu", HALF_CAKE.id, D(1)),))
    result = plan({1: 48, 2: 4}, {1: tin(1, "Bare", 1), 2: cake_box})
    flour = next(n for n in result.ingredients if n.item_id == FLOUR.id)
    assert flour.unit == "g"
    assert flour.needed == D(2 * 500 + 2 * 250)
    assert flour.drivers == {10: D(1000), 11: D(500)}


def test_an_ingredient_without_density_is_listed_and_flagged_never_dropped() -> None:
    result = plan({1: 24}, {1: tin(1, "Bare", 1)})
    salt = next(n for n in result.ingredients if n.item_id == SALT.id)
    assert salt.unit == "ml" and salt.needed == D("14.78676478125")
    assert salt.on_hand is None and salt.flag is not None and "density" in salt.flag
    shopping = next(s for s in result.shopping if s.item_id == SALT.id)
    assert shopping.packages is None and "density" in (shopping.flag or "")
    # everything else is still computed
    assert any(s.item_id == FLOUR.id and s.packages == 1 for s in result.shopping)


def test_the_shopping_list_rounds_up_to_whole_packages_of_the_preferred_product() -> None:
    # 9 batches × 500 g = 4500 g of flour; a 5 lb bag holds 2267.96 g → 2 bags.
    result = plan({1: 200}, {1: tin(1, "Bare", 1)})
    flour = next(s for s in result.shopping if s.item_id == FLOUR.id)
    assert flour.to_buy == D(4500)
    assert (flour.offer and flour.offer.slug, flour.packages) == ("flour-5lb", 2)
    assert flour.estimated_cost == D("9.98")


def test_stock_on_hand_reduces_what_to_buy() -> None:
    stocked = StockInfo(100, "flour", "Flour", density_g_per_ml=D("0.5283"),
                        on_hand={"g": D(4000)}, offers=FLOUR.offers)
    data = PlanInput(goods={1: tin(1, "Bare", 1)}, units={1: COOKIE},
                     recipes={10: RecipeDef(10, "s", "S", (IngredientUse(100, D(500), "g"),))},
                     ingredients={100: stocked}, materials={}, assembly_targets={1: 200})
    result = compute_plan(data)
    [flour] = result.ingredients
    assert (flour.needed, flour.on_hand, flour.to_buy) == (D(4500), D(4000), D(500))
    assert result.shopping[0].packages == 1


def test_produced_batches_leave_only_the_remaining_work_to_shop_for() -> None:
    result = plan({1: 200}, {1: tin(1, "Bare", 1)}, produced_batches={10: D(7)})
    [line] = result.batches
    assert line.remaining == D(2)
    flour = next(n for n in result.ingredients if n.item_id == FLOUR.id)
    assert flour.needed == D(1000)


def test_materials_come_from_the_goods_still_to_assemble() -> None:
    result = plan({1: 20}, {1: tin(1, "Boxed", 6, box=1)}, assembled={1: 5})
    [box] = result.materials
    assert (box.needed, box.on_hand, box.to_buy) == (D(15), D(12), D(3))
    shopping = next(s for s in result.shopping if s.kind == "material")
    assert shopping.packages == 1


def test_a_target_below_what_the_packages_need_is_flagged() -> None:
    result = plan({1: 5}, {1: tin(1, "Box A", 6)},
                  package_needs={1: {"Family box": 6, "Neighbour box": 2}})
    [demand] = result.demand
    assert demand.package_need == 8 and demand.below_packages


def test_feasibility_shares_cookies_between_goods_without_counting_them_twice() -> None:
    goods = {1: tin(1, "Box A", 6), 2: tin(2, "Box B", 4)}
    result = plan({1: 10, 2: 5}, goods, unit_on_hand={COOKIE.id: 70})
    feasible = {f.good_id: f.can_assemble for f in result.feasibility}
    # Box A takes 60 of the 70 cookies; Box B can only have the 10 left: 2 boxes.
    assert feasible == {1: 10, 2: 2}
    assert next(f for f in result.feasibility if f.good_id == 2).limiting == ("Sugar cookie",)


@settings(max_examples=40, deadline=None)
@given(a=st.integers(0, 500), b=st.integers(0, 500), per_a=st.integers(1, 12),
       per_b=st.integers(1, 12))
def test_batches_always_cover_the_summed_need_and_one_fewer_would_not(
    a: int, b: int, per_a: int, per_b: int
) -> None:
    goods = {1: tin(1, "A", per_a), 2: tin(2, "B", per_b)}
    result = plan({1: a, 2: b}, goods)
    need = a * per_a + b * per_b
    if need == 0:
        assert result.batches == ()  # nothing to bake, no line proposed
        return
    [line] = result.batches
    assert line.batches * 24 >= need
    assert (line.batches - 1) * 24 < need


def test_a_composition_cycle_in_the_data_is_refused_naming_the_goods() -> None:
    import pytest

    from baketracker.errors import Invalid

    a = GoodDef(1, "a", "Crate A", (Part("fg", 2, D(1)),))
    b = GoodDef(2, "b", "Crate B", (Part("fg", 1, D(1)),))
    with pytest.raises(Invalid, match="Crate A → Crate B → Crate A"):
        plan({1: 1}, {1: a, 2: b})


def test_proposing_batches_alone_gives_the_same_batches_as_the_whole_plan() -> None:
    from baketracker.domain.planning import propose_batches

    goods = {1: tin(1, "Box A", 6), 2: tin(2, "Box B", 4)}
    whole = plan({1: 10, 2: 5}, goods)
    data = PlanInput(goods=goods, units={1: COOKIE}, recipes={10: SUGAR_COOKIES},
                     ingredients={i.id: i for i in (FLOUR, SALT)}, materials={},
                     assembly_targets={1: 10, 2: 5})
    assert propose_batches(data) == whole.batches
