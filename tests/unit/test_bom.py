"""Graphs of recipes and finished goods: cycles, depth limits and quantity explosion."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baketracker.domain.bom import check_graph, explode, explode_all, find_cycle
from baketracker.errors import Invalid

D = Decimal

COOKIE = ("fu", 1)
BOX_A = ("fg", 1)
BOX_B = ("fg", 2)


def test_cookies_shared_by_two_boxes_are_needed_once_per_box() -> None:
    children = {BOX_A: [(COOKIE, D(6))], BOX_B: [(COOKIE, D(4))]}

    assert explode({BOX_A: D(10), BOX_B: D(5)}, children) == {COOKIE: D(80)}


def test_a_bundle_of_two_units_times_ten_needs_twenty_units() -> None:
    bundle = ("fg", 3)

    assert explode({bundle: D(10)}, {bundle: [(COOKIE, D(2))]}) == {COOKIE: D(20)}


def test_a_bundle_nested_in_a_bundle_multiplies() -> None:
    inner, outer = ("fg", 3), ("fg", 4)
    ribbon = ("material", 1)
    children = {
        outer: [(inner, D(3)), (ribbon, D(1))],
        inner: [(COOKIE, D(2)), (ribbon, D(2))],
    }

    assert explode({outer: D(10)}, children) == {COOKIE: D(60), ribbon: D(70)}
    assert explode_all({outer: D(10)}, children) == {
        outer: D(10),
        inner: D(30),
        ribbon: D(70),
        COOKIE: D(60),
    }


def test_a_sub_recipe_times_two_doubles_its_ingredients() -> None:
    cake, frosting, sugar = ("recipe", 1), ("recipe", 2), ("ingredient", 5)
    children = {cake: [(frosting, D(2))], frosting: [(sugar, D(1))]}

    assert explode({cake: D(1)}, children) == {sugar: D(2)}


def test_a_demanded_leaf_is_returned_as_demanded_and_added_to_exploded_demand() -> None:
    children = {BOX_A: [(COOKIE, D(6))]}

    assert explode({BOX_A: D(1), COOKIE: D(3)}, children) == {COOKIE: D(9)}


def test_a_node_with_an_empty_children_list_is_a_leaf() -> None:
    assert explode({BOX_A: D(2)}, {BOX_A: []}) == {BOX_A: D(2)}


def test_explode_all_lists_parents_before_children() -> None:
    children = {"a": [("b", D(1)), ("c", D(1))], "b": [("c", D(1))]}

    assert list(explode_all({"a": D(1)}, children)) == ["a", "b", "c"]


def test_explosion_expands_each_node_once_even_with_exponentially_many_paths() -> None:
    # 60 stacked diamonds: 2**60 paths from top to bottom, far too many to walk one by one.
    class CountingChildren(Mapping[int, Sequence[tuple[int, Decimal]]]):
        def __init__(self) -> None:
            self.lookups: dict[int, int] = {}

        def __getitem__(self, node: int) -> Sequence[tuple[int, Decimal]]:
            self.lookups[node] = self.lookups.get(node, 0) + 1
            if node >= 180:
                raise KeyError(node)
            level, side = divmod(node, 3)
            if side == 0:
                return [(node + 1, D(1)), (node + 2, D(1))]
            return [((level + 1) * 3, D(1))]

        def __iter__(self) -> Iterator[int]:
            return iter(range(180))

        def __len__(self) -> int:
            return 180

    children = CountingChildren()

    totals = explode_all({0: D(1)}, children)

    assert totals[180] == D(2**60)
    assert explode({0: D(1)}, CountingChildren()) == {180: D(2**60)}
    assert max(children.lookups.values()) == 1


def test_exploding_a_cycle_is_refused_naming_the_loop() -> None:
    children = {"Cake": [("Frosting", D(1))], "Frosting": [("Cake", D(1))]}

    with pytest.raises(Invalid, match="cycle: (Cake → Frosting → Cake|Frosting → Cake → Frosting)"):
        explode({"Cake": D(1)}, children)


@pytest.mark.parametrize(
    ("demand", "children"),
    [
        ({"a": D(-1)}, {}),
        ({"a": D(1)}, {"a": [("b", D(0))]}),
        ({"a": D(1)}, {"a": [("b", D(-2))]}),
        ({"a": 1.0}, {}),
    ],
)
def test_negative_demand_and_non_positive_quantities_are_refused(
    demand: dict[str, Decimal], children: dict[str, list[tuple[str, Decimal]]]
) -> None:
    with pytest.raises(Invalid) as caught:
        explode(demand, children)

    assert caught.value.field == "quantity"


def test_zero_demand_explodes_to_zero_not_to_nothing() -> None:
    assert explode({BOX_A: D(0)}, {BOX_A: [(COOKIE, D(6))]}) == {COOKIE: D(0)}


# --- find_cycle and check_graph -----------------------------------------------------------


def test_find_cycle_returns_the_closed_path_through_the_start() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a"]}

    assert find_cycle(graph, "a") == ["a", "b", "c", "a"]
    assert find_cycle(graph, "b") == ["b", "c", "a", "b"]


def test_find_cycle_prefers_the_shortest_loop_through_the_start() -> None:
    graph = {"a": ["b", "d"], "b": ["c"], "c": ["a"], "d": ["a"]}

    assert find_cycle(graph, "a") == ["a", "d", "a"]


def test_find_cycle_reports_a_loop_below_the_start_from_where_it_begins() -> None:
    graph = {"top": ["x"], "x": ["y"], "y": ["x"]}

    assert find_cycle(graph, "top") == ["x", "y", "x"]


def test_find_cycle_sees_a_node_that_lists_itself() -> None:
    assert find_cycle({"a": ["a"]}, "a") == ["a", "a"]


def test_find_cycle_returns_none_for_a_diamond() -> None:
    graph = {"a": ["b", "c"], "b": ["d"], "c": ["d"]}

    assert find_cycle(graph, "a") is None


def test_find_cycle_accepts_one_shot_iterators_as_children() -> None:
    graph = {"a": iter(["b"]), "b": iter(["c"]), "c": iter([])}

    assert find_cycle(graph, "a") is None


def test_adding_a_component_that_closes_a_loop_is_refused_naming_the_loop() -> None:
    names = {1: "Cake", 2: "Frosting"}
    graph = {1: [2], 2: [1]}  # the proposed edge Frosting → Cake is already in

    with pytest.raises(Invalid) as caught:
        check_graph(graph, 2, describe=names.__getitem__, field="components")

    assert caught.value.message == "Recipe nesting would form a cycle: Frosting → Cake → Frosting"
    assert caught.value.field == "components"
    assert caught.value.record == "Frosting"


def test_a_chain_of_five_recipes_is_allowed_and_six_is_refused() -> None:
    five = {"A": ["B"], "B": ["C"], "C": ["D"], "D": ["E"]}
    check_graph(five, "A")

    six = {**five, "E": ["F"]}
    with pytest.raises(Invalid) as caught:
        check_graph(six, "E")

    assert caught.value.message == (
        "Recipe nesting would be 6 levels deep: A → B → C → D → E → F; the limit is 5"
    )


def test_a_recipe_without_components_has_depth_one() -> None:
    check_graph({}, "A", max_depth=1)

    with pytest.raises(Invalid, match="2 levels deep: A → B; the limit is 1"):
        check_graph({"A": ["B"]}, "A", max_depth=1)


def test_depth_counts_recipes_above_the_changed_one_too() -> None:
    # Giving C a sub-recipe deepens A, which already uses C three levels down.
    graph = {"A": ["B"], "B": ["C"], "C": ["X"]}

    with pytest.raises(Invalid, match="4 levels deep: A → B → C → X"):
        check_graph(graph, "C", max_depth=3)


def test_check_graph_words_messages_for_finished_goods() -> None:
    with pytest.raises(Invalid, match="^Finished good nesting would form a cycle: G → G$"):
        check_graph({"G": ["G"]}, "G", what="finished good")


def test_a_depth_limit_below_one_is_refused() -> None:
    with pytest.raises(Invalid):
        check_graph({}, "A", max_depth=0)


# --- properties ---------------------------------------------------------------------------


@st.composite
def dags(draw: st.DrawFn, max_nodes: int = 8) -> dict[int, list[tuple[int, Decimal]]]:
    """Random DAGs: edges only go from a lower to a higher node number."""
    size = draw(st.integers(min_value=1, max_value=max_nodes))
    children: dict[int, list[tuple[int, Decimal]]] = {}
    for node in range(size):
        kids = draw(st.lists(st.integers(node + 1, size), max_size=3, unique=True))
        if kids:
            children[node] = [(kid, D(draw(st.integers(1, 5)))) for kid in kids]
    return children


def path_sum(
    children: Mapping[int, Sequence[tuple[int, Decimal]]], node: int
) -> dict[int, Decimal]:
    """Brute force: the leaf totals of one `node`, summed over every path separately."""
    kids = children.get(node)
    if not kids:
        return {node: D(1)}
    totals: dict[int, Decimal] = {}
    for kid, quantity in kids:
        for leaf, amount in path_sum(children, kid).items():
            totals[leaf] = totals.get(leaf, D(0)) + quantity * amount
    return totals


@settings(max_examples=50, deadline=None)
@given(children=dags(), demand=st.integers(0, 50))
def test_explosion_equals_the_sum_of_products_along_every_path(
    children: dict[int, list[tuple[int, Decimal]]], demand: int
) -> None:
    exploded = explode({0: D(demand)}, children)

    assert exploded == {leaf: D(demand) * amount for leaf, amount in path_sum(children, 0).items()}


@settings(max_examples=50, deadline=None)
@given(
    children=dags(),
    first=st.integers(0, 40),
    second=st.integers(0, 40),
    scale=st.integers(0, 9),
)
def test_explosion_is_linear_in_demand(
    children: dict[int, list[tuple[int, Decimal]]], first: int, second: int, scale: int
) -> None:
    a = explode({0: D(first)}, children)
    b = explode({0: D(second)}, children)
    both = explode({0: D(first + second)}, children)
    scaled = explode({0: D(first * scale)}, children)

    assert both == {leaf: a[leaf] + b[leaf] for leaf in a}
    assert scaled == {leaf: a[leaf] * scale for leaf in a}


@settings(max_examples=50, deadline=None)
@given(children=dags(), data=st.data())
def test_a_back_edge_on_a_random_dag_is_always_detected(
    children: dict[int, list[tuple[int, Decimal]]], data: st.DataObject
) -> None:
    graph = {node: [kid for kid, _ in kids] for node, kids in children.items()}
    for node in graph:
        assert find_cycle(graph, node) is None

    # Pick a path top → … → bottom and add bottom → top.
    top = data.draw(st.sampled_from(sorted({0, *graph})))
    path = [top]
    while graph.get(path[-1]) and data.draw(st.booleans()):
        path.append(data.draw(st.sampled_from(graph[path[-1]])))
    bottom = path[-1]
    graph.setdefault(bottom, []).append(top)

    for start in (top, bottom):
        cycle = find_cycle(graph, start)
        assert cycle is not None
        assert cycle[0] == cycle[-1] == start
        assert all(b in graph[a] for a, b in zip(cycle, cycle[1:], strict=False))
        with pytest.raises(Invalid, match="cycle"):
            check_graph(graph, start, max_depth=100)
    weighted = {node: [(kid, D(1)) for kid in kids] for node, kids in graph.items()}
    with pytest.raises(Invalid, match="cycle"):
        explode({top: D(1)}, weighted)
