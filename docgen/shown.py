"""Stage 4, compute: the standard tables as a table shows them, in its money unit and places.

Takes the exact `StandardTables` (and the “三公” items) with the unit the source is written in and
the money unit and places of the tables; hands on the same tables with every cell in that unit,
rounded to its last place, and whether some total still differs from its parts as shown.

Shown in a coarser unit than the source (元 with cents → 万元 with two places, or whole 元),
cells rounded one by one need not add up. So a total is rounded half up (DOMAIN.md's one rule)
and its parts share it by largest remainder: each part is first rounded down, and the parts
with the largest remainders get one unit more until they add up to the total as shown. A part
is then never more than one unit from its exact value, and where every figure is exact in the
table's unit nothing moves.

A table constrains its cells in two directions: down the rows (合计 = Σ 类, 类 = Σ 款,
款 = Σ 项) and across the columns (合计 = 基本支出 + 项目支出, 基本支出 = 人员经费 + 公用经费;
T2's 合计 = 上年结转 + Σ sources). The 合计 row comes first and is shared across; then the rows
under each shown row are rounded together (`docgen.controlled`): each column adds up to the row
above and each row across, every cell within a unit of its exact figure. Where no such rounding
exists some row's shown parts miss its shown total, the table is `uneven` and the document says
so under it (因四舍五入…尾差), as DOMAIN.md asks. The two-sided tables (T1, T4) and the “三公”
items share each total among the lines that make it (`docgen.shown_sides`).

A figure several tables show (TABLES.md X1–X4: T1's revenue by source and T2's column totals,
T1's 本年支出合计 and T2's and T3's 合计, a fund's spending in T4 and in its own table, T5's
基本支出 and T6's 合计) is rounded once, in the first table that shows it, and every later
table keeps it where its own exact figure is the same (`tables.SAME_AS`, `SideLine.same_as`):
the parts beside it share what is left, and a total made only of such figures is their sum.
So a reader never sees one figure printed one unit apart in two tables.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from docgen.compute import exactly
from docgen.controlled import grid_of, rest_of, round_grid
from docgen.shares import (
    Pins,
    Scale,
    apportion,
    apportion_pinned,
    misses,
    pinned,
    same_cell,
)
from docgen.shown_sides import show_appropriations, show_summary
from docgen.tables import TOTAL_ROW, Cells, FigureRow, FigureTable, StandardTables, TwoSided
from docgen.terms import TableColumn, ThreePublic

# The classified tables in the order their cells are fixed: each takes from the earlier ones.
PINNING_ORDER = ("T3", "T2", "T5", "T8", "T9", "T6")


@dataclass(frozen=True)
class ShownTables:
    """Every standard table as shown in one money unit and number of places."""

    classified: dict[str, tuple[FigureTable, bool]]  # each with whether a row misses its total
    summary: TwoSided
    appropriations: tuple[TwoSided, bool]


@exactly
def show_tables(tables: StandardTables, scale: Scale) -> ShownTables:
    """The tables shown together: a figure several of them show (T1's and T2's revenue by
    source, T1's, T2's and T3's 合计, a fund's total in T4 and in its own table, T6's 合计 row
    and T5's 基本支出) is rounded once, and each table shares its totals from there."""
    pins: Pins = {}
    classified = {}
    for key in PINNING_ORDER:
        table = tables.classified[key]
        classified[key] = show_classified(table, scale, pins)
        for exact, shown in zip(table.rows, classified[key][0].rows, strict=True):
            pins |= {
                (key, column, exact.code): (exact.cells[column], shown.cells[column])
                for column in table.columns
            }
    return ShownTables(
        classified=classified,
        summary=show_summary(tables.summary, scale, pins),
        appropriations=show_appropriations(tables.appropriations, scale, pins),
    )


# -- the classified tables (T2, T3, T5, T6, T8, T9) ---------------------------------------------


def children_of(table: FigureTable, row: FigureRow) -> list[FigureRow]:
    """The rows one level under `row`: the 类 under 合计, a 类's 款, a 款's 项."""
    prefix = "" if row.code == TOTAL_ROW else row.code
    return [r for r in table.rows if r.depth == row.depth + 1 and r.code.startswith(prefix)]


@exactly
def show_classified(
    table: FigureTable, scale: Scale, pins: Pins | None = None
) -> tuple[FigureTable, bool]:
    """The table as shown: its 合计 row first (a cell an earlier table shows kept, the columns
    that make a total shared from it), then the rows under each shown row rounded together so
    that they add up down and across (`show_rows_under`); and whether some row's shown parts
    still miss its shown total."""
    shown: dict[str, Cells] = {row.code: {} for row in table.rows}
    shown[TOTAL_ROW] = show_total_row(table, scale, pins or {})
    show_rows_under(table, table.rows[0], scale, shown, pins or {})
    rows = tuple(replace(row, cells=shown[row.code]) for row in table.rows)
    uneven = any(
        misses(row.cells, shown[row.code], whole, parts)
        for row in table.rows
        for whole, parts in row_identities(table)
    )
    return replace(table, rows=rows), uneven


def show_total_row(table: FigureTable, scale: Scale, pins: Pins) -> Cells:
    """The 合计 row: each cell another table shows as it shows it, else rounded half up; where
    the row's exact figures make a total of some columns (合计 = 基本 + 项目, T2's 合计 = 上年结转
    + its sources), those share the total's shown figure, so the row adds up across too."""
    exact = table.rows[0].cells
    fixed = {
        column: pinned(pins, same_cell(table.table, column, TOTAL_ROW), exact[column])
        for column in table.columns
    }
    shown: Cells = {}

    def figure(column: str) -> Decimal:
        kept = fixed[column]
        return kept if kept is not None else scale.half_up(exact[column])

    shown[TableColumn.total] = figure(TableColumn.total)
    for whole, parts in row_identities(table):
        whole_shown = shown.setdefault(whole, figure(whole))
        if exact[whole] != sum((exact[p] for p in parts), Decimal(0)):
            continue  # not an identity of the 合计 row (a 经济分类 类 neither 人员 nor 公用)
        values = [exact[p] for p in parts]
        kept = [fixed[p] for p in parts]
        shown |= dict(zip(parts, apportion_pinned(whole_shown, values, scale, kept), strict=True))
    return {column: shown.get(column, figure(column)) for column in table.columns}


def show_rows_under(
    table: FigureTable, row: FigureRow, scale: Scale, shown: dict[str, Cells], pins: Pins
) -> None:
    """The rows one level under a shown row, then theirs in turn (`rounded_children`)."""
    children = children_of(table, row)
    if not children:
        return
    for child, cells in zip(
        children,
        rounded_children(table, row, children, scale=scale, shown=shown, pins=pins),
        strict=True,
    ):
        shown[child.code] = cells
        show_rows_under(table, child, scale, shown, pins)


def rounded_children(
    table: FigureTable,
    row: FigureRow,
    children: list[FigureRow],
    *,
    scale: Scale,
    shown: dict[str, Cells],
    pins: Pins,
) -> list[Cells]:
    """The children as shown: each column shared down by largest remainder, then rounded as a
    whole so that each child also adds up across (`docgen.controlled`), keeping a cell an
    earlier table shows where that can be done, else without; the columns alone where even
    that cannot be (the table is then noted as uneven)."""
    above = shown[row.code]
    by_column = {
        column: apportion(above[column], [child.cells[column] for child in children], scale)
        for column in table.columns
    }
    start = [{c: by_column[c][i] for c in table.columns} for i in range(len(children))]
    tree = column_tree(table)
    fixed = [held_cells(table.table, child, pins) for child in children]
    unheld: list[Cells] = [{} for _ in children]
    for held in (fixed, unheld):
        exact = [child.cells for child in children]
        rounded = round_grid(
            grid_of(
                tree,
                exact=exact,
                above=above,
                start=start,
                fixed=held,
                factor=scale.factor,
                quantum=scale.quantum,
            )
        )
        if rounded is not None:
            columns = table.columns
            return [
                {
                    c: Decimal(cells[c]) * scale.quantum if c in cells else start[i][c]
                    for c in columns
                }
                for i, cells in enumerate(rounded)
            ]
    return start


def held_cells(table: str, row: FigureRow, pins: Pins) -> Cells:
    """The cells of a row that an earlier table shows, as it shows them."""
    held = {
        column: pinned(pins, same_cell(table, column, row.code), exact)
        for column, exact in row.cells.items()
    }
    return {column: value for column, value in held.items() if value is not None}


def column_tree(table: FigureTable) -> dict[str, tuple[str, ...]]:
    """Each column that is the sum of others (合计 first), each with a rest column for what
    its parts leave of it in a row where they do not make it (a 经济分类 类 neither 人员 nor
    公用), so that every row is a tree of its columns."""
    return {whole: (*parts, rest_of(whole)) for whole, parts in row_identities(table)}


def row_identities(table: FigureTable) -> list[tuple[str, tuple[str, ...]]]:
    """Each column that is the sum of others in every row of the table (TABLES.md I2)."""
    columns = table.columns
    if table.table == "T2":  # 合计 = 上年结转 + each source
        return [(TableColumn.total, tuple(c for c in columns if c != TableColumn.total))]
    if table.table == "T6":  # where the profile puts every 类 in 人员 or 公用
        return [(TableColumn.total, (TableColumn.personnel, TableColumn.public))]
    identities: list[tuple[str, tuple[str, ...]]] = [
        (TableColumn.total, (TableColumn.basic, TableColumn.projects))
    ]
    if TableColumn.personnel in columns:
        identities.append((TableColumn.basic, (TableColumn.personnel, TableColumn.public)))
    return identities


# -- the “三公” items (T7) -----------------------------------------------------------------------

THREE_PUBLIC_PARTS = {  # each total of the “三公” table and the items that make it
    ThreePublic.total: (ThreePublic.overseas, ThreePublic.vehicles, ThreePublic.reception),
    ThreePublic.vehicles: (ThreePublic.vehicle_purchase, ThreePublic.vehicle_operation),
}


@exactly
def show_three_public(items: dict[str, Decimal], scale: Scale) -> dict[str, Decimal]:
    """One year's “三公” items as shown: the total rounded, shared among 出国, 车 and 接待, and
    车 shared between 购置 and 运行维护."""
    shown = {ThreePublic.total.value: scale.half_up(items[ThreePublic.total])}
    for whole, parts in THREE_PUBLIC_PARTS.items():
        exact = [items[part] for part in parts]
        shown |= dict(zip(parts, apportion(shown[whole], exact, scale), strict=True))
    return {key: shown[key] for key in items}
