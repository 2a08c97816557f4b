"""Controlled rounding of the rows under a shown row: every cell within a unit of its exact
figure, the columns adding up to the row above and each row across, or None where no such
rounding exists (the caller then falls back, and the table is noted as uneven)."""

from __future__ import annotations

from decimal import Decimal

from docgen.controlled import Grid, round_grid

TREE = {"total": ("a", "b", "rest:total")}


def grid(above: dict[str, int], fixed: list[dict[str, int]]) -> Grid:
    # two rows of 1.5 + 1.5 = 3.0 units: each cell may show 1 or 2, the rows 3 each
    exact = [
        {"total": Decimal(3), "a": Decimal("1.5"), "b": Decimal("1.5"), "rest:total": Decimal(0)}
    ] * 2
    start = [{"total": 3, "a": 1, "b": 1, "rest:total": 0}] * 2
    return Grid(TREE, exact, {**above, "rest:total": 0}, start, fixed)


def test_each_row_adds_up_across_and_each_column_down() -> None:
    rounded = round_grid(grid({"total": 6, "a": 3, "b": 3}, [{}, {}]))
    assert rounded is not None
    assert [row["a"] + row["b"] for row in rounded] == [row["total"] for row in rounded] == [3, 3]
    assert (sum(r["a"] for r in rounded), sum(r["b"] for r in rounded)) == (3, 3)


def test_a_cell_another_table_fixes_is_kept_and_the_others_give_way() -> None:
    rounded = round_grid(grid({"total": 6, "a": 3, "b": 3}, [{"a": 2}, {}]))
    assert rounded == [
        {"total": 3, "a": 2, "b": 1, "rest:total": 0},
        {"total": 3, "a": 1, "b": 2, "rest:total": 0},
    ]


def test_no_rounding_is_none() -> None:
    # both rows' a fixed at 2 leaves column a 4 where the row above shows 3
    assert round_grid(grid({"total": 6, "a": 3, "b": 3}, [{"a": 2}, {"a": 2}])) is None
