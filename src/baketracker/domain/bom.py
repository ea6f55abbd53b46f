"""Bills of materials as directed graphs: cycle and depth checks, quantity explosion."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar

from baketracker.errors import Invalid

__all__ = ["check_graph", "explode", "explode_all", "find_cycle"]

K = TypeVar("K", bound=Hashable)

_ARROW = " → "


def find_cycle(graph: Mapping[K, Iterable[K]], start: K) -> list[K] | None:
    """A cycle reachable from `start`, as a closed path like [a, b, c, a]; None if none.

    `graph` maps a node to its children; a node missing from it has none. A cycle that
    passes through `start` is preferred (and is the shortest such one), because callers
    check the node they are about to change and the message should begin with it. Any
    other cycle reachable from `start` is reported from where it begins.
    """
    adjacency = _adjacency(graph)
    through_start = _shortest_cycle_through(adjacency, start)
    if through_start is not None:
        return through_start
    return _any_cycle_from(adjacency, start)


def check_graph(
    graph: Mapping[K, Iterable[K]],
    root: K,
    *,
    max_depth: int = 5,
    describe: Callable[[K], str] = str,
    what: str = "recipe",
    field: str | None = None,
) -> None:
    """Refuse a graph with a cycle or too deep a nesting around `root`, naming the path.

    Call it before adding an edge, passing the graph WITH the proposed edge and its
    parent (or child) as `root`.

    Depth counts nodes on a chain: a recipe with no components has depth 1, a recipe
    with one sub-recipe depth 2, and a depth above `max_depth` is refused (the default 5
    allows A → B → C → D → E). Every chain through `root` is measured, from its
    highest ancestor to its deepest descendant, because a new edge can push recipes
    that use `root` over the limit as well as those below it.
    """
    if max_depth < 1:
        raise Invalid(f"The depth limit must be at least 1, not {max_depth}", field="max_depth")
    title = what[:1].upper() + what[1:]
    adjacency = _adjacency(graph)
    reverse = _reverse(adjacency)

    cycle = find_cycle(adjacency, root)
    if cycle is None:
        # A cycle among ancestors makes their depth unbounded, even if it misses `root`.
        upward = find_cycle(reverse, root)
        cycle = list(reversed(upward)) if upward is not None else None
    if cycle is not None:
        raise Invalid(
            f"{title} nesting would form a cycle: {_path(cycle, describe)}",
            record=describe(root),
            field=field,
        )

    below = _longest_chain(adjacency, root)
    above = _longest_chain(reverse, root)
    chain = list(reversed(above)) + below[1:]
    if len(chain) > max_depth:
        raise Invalid(
            f"{title} nesting would be {len(chain)} levels deep: {_path(chain, describe)}; "
            f"the limit is {max_depth}",
            record=describe(root),
            field=field,
        )


def explode_all(
    demand: Mapping[K, Decimal],
    children: Mapping[K, Sequence[tuple[K, Decimal]]],
    *,
    describe: Callable[[K], str] = str,
    what: str = "recipe",
) -> dict[K, Decimal]:
    """Total quantity of every node reachable from `demand`, intermediate nodes included.

    `children[node]` lists (child, quantity per one of node); a child listed twice counts
    twice. A node's total is its own demand plus, over every parent, the parent's total
    times the quantity per parent, so shared parts add up across paths. Nodes are
    expanded once each in topological order, never once per path. The result is ordered
    topologically (parents before children). Raises Invalid on a cycle, a negative
    demand or a quantity that is not positive.
    """
    adjacency: dict[K, tuple[tuple[K, Decimal], ...]] = {}
    order_seen: list[K] = []
    queue: deque[K] = deque()
    totals: dict[K, Decimal] = {}
    for node, quantity in demand.items():
        _check_quantity(quantity, node, describe, allow_zero=True)
        totals[node] = quantity
        order_seen.append(node)
        queue.append(node)

    # Collect the reachable subgraph first: in-degrees must count only edges that matter.
    while queue:
        node = queue.popleft()
        edges = tuple(children.get(node, ()))
        adjacency[node] = edges
        for child, quantity in edges:
            _check_quantity(quantity, child, describe, allow_zero=False)
            if child not in totals:
                totals[child] = Decimal(0)
                order_seen.append(child)
                queue.append(child)

    indegree: dict[K, int] = dict.fromkeys(order_seen, 0)
    for edges in adjacency.values():
        for child, _ in edges:
            indegree[child] += 1

    ready: deque[K] = deque(node for node in order_seen if indegree[node] == 0)
    ordered: list[K] = []
    while ready:
        node = ready.popleft()
        ordered.append(node)
        for child, quantity in adjacency[node]:
            totals[child] += totals[node] * quantity
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)

    if len(ordered) < len(order_seen):
        plain = {node: [child for child, _ in edges] for node, edges in adjacency.items()}
        for node in order_seen:
            if indegree[node] > 0:
                cycle = find_cycle(plain, node)
                if cycle is not None:
                    title = what[:1].upper() + what[1:]
                    raise Invalid(
                        f"{title} nesting forms a cycle: {_path(cycle, describe)}",
                        record=describe(cycle[0]),
                    )
        raise AssertionError("topological sort stalled without a cycle")  # pragma: no cover
    return {node: totals[node] for node in ordered}


def explode(
    demand: Mapping[K, Decimal],
    children: Mapping[K, Sequence[tuple[K, Decimal]]],
    *,
    describe: Callable[[K], str] = str,
    what: str = "recipe",
) -> dict[K, Decimal]:
    """Total quantity of every reachable LEAF (no or empty `children` entry).

    See `explode_all` for the arithmetic; a demanded node that is itself a leaf is
    returned as demanded.
    """
    totals = explode_all(demand, children, describe=describe, what=what)
    return {node: total for node, total in totals.items() if not children.get(node)}


def _adjacency(graph: Mapping[K, Iterable[K]]) -> dict[K, tuple[K, ...]]:
    # Materialise once: the values may be one-shot iterators, and we walk them repeatedly.
    return {node: tuple(kids) for node, kids in graph.items()}


def _reverse(adjacency: Mapping[K, tuple[K, ...]]) -> dict[K, tuple[K, ...]]:
    parents: dict[K, list[K]] = {}
    for node, kids in adjacency.items():
        for kid in kids:
            parents.setdefault(kid, []).append(node)
    return {node: tuple(ps) for node, ps in parents.items()}


def _shortest_cycle_through(adjacency: Mapping[K, tuple[K, ...]], start: K) -> list[K] | None:
    parent: dict[K, K] = {}
    queue: deque[K] = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        for kid in adjacency.get(node, ()):
            if kid == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                path.reverse()
                return [*path, start]
            if kid not in seen:
                seen.add(kid)
                parent[kid] = node
                queue.append(kid)
    return None


def _any_cycle_from(adjacency: Mapping[K, tuple[K, ...]], start: K) -> list[K] | None:
    # Iterative depth-first search: random or imported graphs may be deeper than the
    # recursion limit, and an explicit path makes the cycle easy to report.
    done: set[K] = set()
    path: list[K] = [start]
    on_path: dict[K, int] = {start: 0}
    stack = [iter(adjacency.get(start, ()))]
    while stack:
        try:
            kid = next(stack[-1])
        except StopIteration:
            stack.pop()
            finished = path.pop()
            del on_path[finished]
            done.add(finished)
            continue
        if kid in on_path:
            return [*path[on_path[kid] :], kid]
        if kid in done:
            continue
        on_path[kid] = len(path)
        path.append(kid)
        stack.append(iter(adjacency.get(kid, ())))
    return None


def _longest_chain(adjacency: Mapping[K, tuple[K, ...]], start: K) -> list[K]:
    """The longest path of nodes starting at `start`; the graph below it must be acyclic."""
    length: dict[K, int] = {}
    best_next: dict[K, K] = {}
    stack: list[tuple[K, Iterable[K]]] = [(start, iter(adjacency.get(start, ())))]
    while stack:
        node, kids = stack[-1]
        for kid in kids:
            if kid not in length:
                stack.append((kid, iter(adjacency.get(kid, ()))))
                break
        else:
            stack.pop()
            length[node] = 1
            for kid in adjacency.get(node, ()):
                if length[kid] + 1 > length[node]:
                    length[node] = length[kid] + 1
                    best_next[node] = kid
    chain = [start]
    while chain[-1] in best_next:
        chain.append(best_next[chain[-1]])
    return chain


def _check_quantity(
    quantity: Decimal, node: K, describe: Callable[[K], str], *, allow_zero: bool
) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, Decimal | int):
        raise Invalid(
            f"Quantity of {describe(node)} must be a Decimal, not {type(quantity).__name__}",
            record=describe(node),
            field="quantity",
        )
    if isinstance(quantity, Decimal) and not quantity.is_finite():
        raise Invalid(
            f"Quantity of {describe(node)} must be a finite number, not {quantity}",
            record=describe(node),
            field="quantity",
        )
    if quantity < 0 or (quantity == 0 and not allow_zero):
        bound = "zero or more" if allow_zero else "greater than zero"
        raise Invalid(
            f"Quantity of {describe(node)} must be {bound}, not {quantity}",
            record=describe(node),
            field="quantity",
        )


def _path(nodes: Sequence[K], describe: Callable[[K], str]) -> str:
    return _ARROW.join(describe(node) for node in nodes)
