"""Stage 4, compute: controlled rounding, the rows under one shown row of a table shown together.

Takes the exact cells of a row's children, that row as shown, the sums that hold across a row
(合计 = 基本支出 + 项目支出, …) and the cells fixed by another table; hands on the children's
cells as shown, each its exact value rounded down or up (a fixed cell as fixed), such that every
column adds up to the shown row above and every child row adds up across: or None where no
such rounding exists.

Shared column by column (largest remainder), the columns add up but a row need not: 210's
20.2250 of 一般公共预算 showed 20.22 as 合计 and 20.23 under its source. Rounding the children
as a whole is a feasible flow with bounds (Cox's controlled rounding of a two-way table): each
child row is a small tree of nodes (合计 → 基本支出 → 人员经费, …), each cell an arc from its
row's node to its part (or to its column), each column an arc to the sink carrying what the row
above shows, and the sink's arc back to the source what the row above shows in all. The sums
across (a laminar family per row) and down (one per column) make the constraints totally
unimodular, so where any rounding within a unit of the exact figures exists, a whole one does,
and augmenting one unit at a time along shortest paths finds it. It starts from the columns
shared by largest remainder, so the fewest cells move from what each column alone would show.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

Key = tuple[int, str]  # (child row, column): a cell


@dataclass
class Arc:
    tail: int
    head: int
    low: int  # in units of the last place shown
    high: int
    flow: int


def bounds(exact: Decimal) -> tuple[int, int]:
    """An exact figure (in units of the last place shown) rounded down and up."""
    return int(exact.to_integral_value(ROUND_FLOOR)), int(exact.to_integral_value(ROUND_CEILING))


def settle(arcs: list[Arc], nodes: int) -> bool:
    """Moves a unit at a time along a shortest path from a node taking in more than it gives
    to one giving more than it takes, within each arc's bounds, until every node balances;
    False where some node's excess can reach no node short of it (then no flow balances)."""
    excess = [0] * nodes
    for arc in arcs:
        excess[arc.head] += arc.flow
        excess[arc.tail] -= arc.flow
    while any(excess):
        start = next(node for node, value in enumerate(excess) if value > 0)
        path = shortest_path(arcs, nodes, start, excess)
        if path is None:
            return False
        for arc, forward in path:
            arc.flow += 1 if forward else -1
        excess[start] -= 1
        last, forward = path[-1]
        excess[last.head if forward else last.tail] += 1
    return True


def shortest_path(
    arcs: list[Arc], nodes: int, start: int, excess: list[int]
) -> list[tuple[Arc, bool]] | None:
    """Breadth first through arcs with room: forward below its upper bound, backward above its
    lower one; the path to the first node short of what it gives."""
    reached: dict[int, tuple[int, Arc, bool] | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if excess[node] < 0:
            return path_to(node, reached)
        for arc in arcs:
            for here, there, forward, room in (
                (arc.tail, arc.head, True, arc.flow < arc.high),
                (arc.head, arc.tail, False, arc.flow > arc.low),
            ):
                if here == node and room and there not in reached:
                    reached[there] = (node, arc, forward)
                    queue.append(there)
    return None


def path_to(node: int, reached: dict[int, tuple[int, Arc, bool] | None]) -> list[tuple[Arc, bool]]:
    path = []
    step = reached[node]
    while step is not None:
        before, arc, forward = step
        path.append((arc, forward))
        step = reached[before]
    return path[::-1]


@dataclass(frozen=True)
class Grid:
    """The children of one shown row, in units of the last place shown."""

    tree: dict[str, tuple[str, ...]]  # a column → the columns it is the sum of (合计 first)
    exact: Sequence[dict[str, Decimal]]  # each child's cells, scaled (rests included)
    above: dict[str, int]  # the row above as shown (rests included)
    start: Sequence[dict[str, int]]  # each child's cells shared column by column
    fixed: Sequence[dict[str, int]]  # cells another table fixes


def round_grid(grid: Grid) -> list[dict[str, int]] | None:
    """The children's cells adding up down and across, each within a unit of its exact
    figure; None where none do."""
    root = next(iter(grid.tree))
    wholes = list(grid.tree)
    leaves = [c for parts in grid.tree.values() for c in parts if c not in grid.tree]
    source, sink = 0, 1
    node = {
        ("row", i, c): 2 + i * len(wholes) + k
        for i in range(len(grid.exact))
        for k, c in enumerate(wholes)
    }
    column = {c: 2 + len(node) + k for k, c in enumerate(leaves)}
    arcs: dict[Key, Arc] = {}
    for i in range(len(grid.exact)):
        arcs[(i, root)] = cell_arc(grid, i, root, source, node[("row", i, root)])
        for whole, parts in grid.tree.items():
            for part in parts:
                head = node[("row", i, part)] if part in grid.tree else column[part]
                arcs[(i, part)] = cell_arc(grid, i, part, node[("row", i, whole)], head)
    margins = [Arc(column[c], sink, grid.above[c], grid.above[c], grid.above[c]) for c in leaves]
    margins.append(Arc(sink, source, grid.above[root], grid.above[root], grid.above[root]))
    if not settle([*arcs.values(), *margins], 2 + len(node) + len(column)):
        return None
    return [
        {c: arcs[(i, c)].flow for c in [root, *(p for ps in grid.tree.values() for p in ps)]}
        for i in range(len(grid.exact))
    ]


def cell_arc(grid: Grid, i: int, column: str, tail: int, head: int) -> Arc:
    """A cell: between its exact figure rounded down and up, or the figure another table
    fixes; starting from its column's share, brought within those bounds."""
    low, high = bounds(grid.exact[i][column])
    fixed = grid.fixed[i].get(column)
    if fixed is not None:
        low = high = fixed
    return Arc(tail, head, low, high, min(max(grid.start[i][column], low), high))


def rest_of(whole: str) -> str:
    return f"rest:{whole}"


def with_rests(cells: dict[str, Decimal], tree: dict[str, tuple[str, ...]]) -> dict[str, Decimal]:
    """A row's cells and, for each sum of columns, what its parts leave of it."""
    rests = {
        rest_of(whole): cells[whole] - sum((cells[p] for p in parts[:-1]), Decimal(0))
        for whole, parts in tree.items()
    }
    return {**cells, **rests}


def grid_of(
    tree: dict[str, tuple[str, ...]],
    *,
    exact: list[dict[str, Decimal]],
    above: dict[str, Decimal],
    start: list[dict[str, Decimal]],
    fixed: list[dict[str, Decimal]],
    factor: Decimal,
    quantum: Decimal,
) -> Grid:
    """The children of a shown row in units of the last place shown."""

    def units(cells: dict[str, Decimal]) -> dict[str, int]:
        return {key: int(value / quantum) for key, value in cells.items()}

    return Grid(
        tree=tree,
        exact=[
            {k: v * factor / quantum for k, v in with_rests(cells, tree).items()} for cells in exact
        ],
        above=units(with_rests(above, tree)),
        start=[units(with_rests(cells, tree)) for cells in start],
        fixed=[units(cells) for cells in fixed],
    )
