"""Stage 4, compute: the standard tables as a table shows them, in its money unit and places.

Takes the exact `StandardTables` (and the “三公” items) with the unit the source is written in and
the layout of one table; hands on the same tables with every cell in the table's unit, rounded
to its last place, and whether some total still differs from its parts as shown.

Shown in a coarser unit than the source (元 with cents → 万元 with two places, or whole 元),
cells rounded one by one need not add up. So a total is rounded half up (DOMAIN.md's one rule)
and its parts share it by largest remainder: each part is first rounded down, and the parts
with the largest remainders get one unit more until they add up to the total as shown. A part
is then never more than one unit from its exact value, and where every figure is exact in the
table's unit nothing moves.

A table constrains its cells in two directions: down the rows (合计 = Σ 类, 类 = Σ 款,
款 = Σ 项) and across the columns (合计 = 基本支出 + 项目支出, 基本支出 = 人员经费 + 公用经费;
T2's 合计 = 上年结转 + Σ sources). The rows come first: each column is shared down its rows
from its 合计, so every column adds up in every table. A row's columns are then checked; where
some row's shown parts miss its shown total, the table is `uneven` and the document says so
under it (因四舍五入…尾差), as DOMAIN.md asks, rather than moving a cell and breaking its
column. The two-sided tables (T1, T4) and the “三公” items share each total among the lines
that make it; a figure two tables show (T1's 本年支出合计, T3's 合计) is rounded once, the same
way in both, and shared from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from docgen.compute import exactly
from docgen.tables import TOTAL_ROW, Cells, FigureRow, FigureTable, SideLine, TwoSided
from docgen.terms import APPROPRIATIONS, TableColumn, ThreePublic

TEN_THOUSAND = Decimal(10000)


@dataclass(frozen=True)
class Scale:
    """From the source's unit to a table's: multiply by `factor`, show to `quantum`."""

    factor: Decimal
    quantum: Decimal  # the last place shown: 0.01 for two decimals, 1 for whole 元

    def half_up(self, value: Decimal) -> Decimal:
        return (value * self.factor).quantize(self.quantum, rounding=ROUND_HALF_UP)


def scale_for(source_unit: str, table_unit: str, decimals: int) -> Scale:
    factor = Decimal(1)
    if table_unit != source_unit:
        factor = TEN_THOUSAND if table_unit == "元" else 1 / TEN_THOUSAND
    return Scale(factor, Decimal(1).scaleb(-decimals))


@exactly
def apportion(shown_total: Decimal, parts: Sequence[Decimal], scale: Scale) -> list[Decimal]:
    """The parts as shown, adding up to `shown_total`: each rounded down, then one unit more to
    the largest remainders (ties: the larger part, then the earlier one, so the same source
    always shows the same figures). `shown_total` lies between the parts rounded down and the
    parts rounded up (it is their exact sum rounded, or shared out the same way), so at most one
    unit goes to each part."""
    scaled = [part * scale.factor for part in parts]
    floors = [value.quantize(scale.quantum, rounding=ROUND_FLOOR) for value in scaled]
    missing = int((shown_total - sum(floors, Decimal(0))) / scale.quantum)
    ranked = sorted(range(len(parts)), key=lambda i: (-(scaled[i] - floors[i]), -scaled[i], i))
    for index in ranked[:missing]:
        floors[index] += scale.quantum
    return floors


# -- the classified tables (T2, T3, T5, T6, T8, T9) ---------------------------------------------


def children_of(table: FigureTable, row: FigureRow) -> list[FigureRow]:
    """The rows one level under `row`: the 类 under 合计, a 类's 款, a 款's 项."""
    prefix = "" if row.code == TOTAL_ROW else row.code
    return [r for r in table.rows if r.depth == row.depth + 1 and r.code.startswith(prefix)]


@exactly
def show_classified(table: FigureTable, scale: Scale) -> tuple[FigureTable, bool]:
    """The table as shown, each column shared down its rows from 合计; and whether some row's
    shown parts miss its shown total."""
    shown: dict[str, Cells] = {row.code: {} for row in table.rows}
    for column in table.columns:
        total = table.rows[0]
        shown[TOTAL_ROW][column] = scale.half_up(total.cells[column])
        share_down(table, total, column, scale, shown)
    rows = tuple(replace(row, cells=shown[row.code]) for row in table.rows)
    uneven = any(
        misses(row.cells, shown[row.code], whole, parts)
        for row in table.rows
        for whole, parts in row_identities(table)
    )
    return replace(table, rows=rows), uneven


def share_down(
    table: FigureTable, row: FigureRow, column: str, scale: Scale, shown: dict[str, Cells]
) -> None:
    children = children_of(table, row)
    if not children:
        return
    exact = [child.cells[column] for child in children]
    for child, value in zip(
        children, apportion(shown[row.code][column], exact, scale), strict=True
    ):
        shown[child.code][column] = value
        share_down(table, child, column, scale, shown)


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


def misses(exact: Cells, shown: Cells, whole: str, parts: Iterable[str]) -> bool:
    """A row whose exact parts make its total but whose shown parts do not."""
    parts = tuple(parts)
    if exact[whole] != sum((exact[p] for p in parts), Decimal(0)):
        return False  # not an identity of this row (a 经济分类 类 neither 人员 nor 公用)
    return shown[whole] != sum((shown[p] for p in parts), Decimal(0))


# -- the two-sided tables (T1, T4) ---------------------------------------------------------------


def share_lines(
    lines: list[SideLine], whole: int, parts: Sequence[int], column: str, scale: Scale
) -> None:
    """The lines at `parts` share the shown figure of the line at `whole` (already shown)."""
    exact = [lines[i].cells[column] for i in parts]
    for index, value in zip(
        parts, apportion(lines[whole].cells[column], exact, scale), strict=True
    ):
        lines[index] = replace(lines[index], cells={**lines[index].cells, column: value})


def rounded_line(line: SideLine, column: str, scale: Scale) -> SideLine:
    return replace(line, cells={**line.cells, column: scale.half_up(line.cells[column])})


@exactly
def show_summary(table: TwoSided, scale: Scale) -> TwoSided:
    """T1: 收入总计 = 本年收入合计 + 上年结转, 本年收入合计 = Σ sources; the spending side alike
    (支出总计 = 本年支出合计 + 结转下年, 本年支出合计 = Σ 类). Both 总计 are the same exact figure
    rounded the same way, so they show the same.

    本年支出合计 is also T3's 合计, and its 类 T3's 类 (X1): shared out of 支出总计 it could take
    one unit less than T3 shows (结转下年 with the larger remainder taking the unit). So it is
    rounded once, as T3 rounds its 合计, its 类 share it as T3's do, and 结转下年 is what 支出总计
    leaves: like any shared part, less than one unit from its exact value."""
    revenue = list(table.revenue)
    grand, subtotal, other = len(revenue) - 1, len(revenue) - 3, len(revenue) - 2
    revenue[grand] = rounded_line(revenue[grand], TableColumn.total, scale)
    share_lines(revenue, grand, (subtotal, other), TableColumn.total, scale)
    share_lines(revenue, subtotal, range(subtotal), TableColumn.total, scale)
    spending = list(table.spending)
    grand, subtotal, other = len(spending) - 1, len(spending) - 3, len(spending) - 2
    spending[grand] = rounded_line(spending[grand], TableColumn.total, scale)
    spending[subtotal] = rounded_line(spending[subtotal], TableColumn.total, scale)
    left = spending[grand].cells[TableColumn.total] - spending[subtotal].cells[TableColumn.total]
    spending[other] = replace(
        spending[other], cells={**spending[other].cells, TableColumn.total: left}
    )
    share_lines(spending, subtotal, range(subtotal), TableColumn.total, scale)
    return replace(table, revenue=tuple(revenue), spending=tuple(spending))


@exactly
def show_appropriations(table: TwoSided, scale: Scale) -> tuple[TwoSided, bool]:
    """T4: 本年收入 and 上年结转 each shared among the funds; on the spending side each column
    shared down its 类 from 支出合计, then each row's 合计 checked against its funds."""
    revenue = list(table.revenue)
    funds = len(APPROPRIATIONS)
    for head in (0, funds + 1):
        revenue[head] = rounded_line(revenue[head], TableColumn.total, scale)
        share_lines(revenue, head, range(head + 1, head + 1 + funds), TableColumn.total, scale)
    spending = list(table.spending)
    last = len(spending) - 1
    for column in table.spending_columns:
        spending[last] = rounded_line(spending[last], column, scale)
        share_lines(spending, last, range(last), column, scale)
    uneven = any(
        misses(exact.cells, shown.cells, TableColumn.total, APPROPRIATIONS)
        for exact, shown in zip(table.spending, spending, strict=True)
    )
    return replace(table, revenue=tuple(revenue), spending=tuple(spending)), uneven


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
