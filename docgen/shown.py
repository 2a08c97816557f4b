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
items share each total among the lines that make it.

A figure several tables show (TABLES.md X1–X4: T1's revenue by source and T2's column totals,
T1's 本年支出合计 and T2's and T3's 合计, a fund's spending in T4 and in its own table, T5's
基本支出 and T6's 合计) is rounded once, in the first table that shows it, and every later
table keeps it where its own exact figure is the same (`tables.SAME_AS`, `SideLine.same_as`):
the parts beside it share what is left, and a total made only of such figures is their sum.
So a reader never sees one figure printed one unit apart in two tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from docgen.compute import exactly
from docgen.controlled import grid_of, rest_of, round_grid
from docgen.tables import (
    ECONOMIC_TABLES,
    SAME_AS,
    TOTAL_ROW,
    CellKey,
    Cells,
    FigureRow,
    FigureTable,
    SideLine,
    StandardTables,
    TwoSided,
)
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


# -- figures two tables show ------------------------------------------------------------------

# A cell of a classified table as shown, by (table, column, row): its exact figure and the
# figure shown. A later table's cell that is the same figure (`SAME_AS`, `SideLine.same_as`)
# and has the same exact value takes it instead of being rounded again.
Pins = dict[CellKey, tuple[Decimal, Decimal]]
# The classified tables in the order their cells are fixed: each takes from the earlier ones.
PINNING_ORDER = ("T3", "T2", "T5", "T8", "T9", "T6")


def same_cell(table: str, column: str, row: str) -> CellKey | None:
    """The cell of an earlier table that a classified table's cell is (`SAME_AS`): the same
    row of a table by 功能分类, only the 合计 row of one by 经济分类."""
    found = SAME_AS.get((table, column))
    if found is None or (table in ECONOMIC_TABLES and row != TOTAL_ROW):
        return None
    return (*found, row)


def pinned(pins: Pins, figure: CellKey | None, exact: Decimal) -> Decimal | None:
    """The figure as an earlier table shows it, where that table shows the same exact one."""
    found = pins.get(figure) if figure is not None else None
    return found[1] if found is not None and found[0] == exact else None


def summed(parts: Sequence[tuple[Decimal, Decimal | None]], scale: Scale) -> Decimal | None:
    """A total whose parts (exact, as another table shows it) are all shown elsewhere (or
    exactly zero, shown so everywhere): their sum as shown, so that the total adds up and each
    part shows what the other tables show; None where the total is rounded on its own."""
    if any(kept is None and exact != 0 for exact, kept in parts):
        return None
    total = sum((kept for _, kept in parts if kept is not None), Decimal(0))
    return total.quantize(scale.quantum)  # the places shown, also when every part is zero


@exactly
def apportion_pinned(
    shown_total: Decimal,
    parts: Sequence[Decimal],
    scale: Scale,
    fixed: Sequence[Decimal | None],
) -> list[Decimal]:
    """The parts as shown, adding up to `shown_total`: a part another table already shows keeps
    that figure, the others share what is left by largest remainder. Where what is left cannot
    be shared so (more than the others rounded up, or less than rounded down), every part is
    shared afresh: the parts still add up, at the cost of a figure shown one unit apart."""
    left = shown_total - sum((value for value in fixed if value is not None), Decimal(0))
    rest = [part for part, value in zip(parts, fixed, strict=True) if value is None]
    if not shareable(left, rest, scale):
        return apportion(shown_total, parts, scale)
    shares = iter(apportion(left, rest, scale))
    return [next(shares) if value is None else value for value in fixed]


def shareable(shown_total: Decimal, parts: Sequence[Decimal], scale: Scale) -> bool:
    """Whether `shown_total` lies between the parts rounded down and the parts rounded up."""
    scaled = [part * scale.factor for part in parts]
    low = sum((v.quantize(scale.quantum, rounding=ROUND_FLOOR) for v in scaled), Decimal(0))
    high = sum((v.quantize(scale.quantum, rounding=ROUND_CEILING) for v in scaled), Decimal(0))
    return low <= shown_total <= high


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


def misses(exact: Cells, shown: Cells, whole: str, parts: Iterable[str]) -> bool:
    """A row whose exact parts make its total but whose shown parts do not."""
    parts = tuple(parts)
    if exact[whole] != sum((exact[p] for p in parts), Decimal(0)):
        return False  # not an identity of this row (a 经济分类 类 neither 人员 nor 公用)
    return shown[whole] != sum((shown[p] for p in parts), Decimal(0))


# -- the two-sided tables (T1, T4) ---------------------------------------------------------------


def share_lines(
    lines: list[SideLine],
    whole: int,
    parts: Sequence[int],
    column: str,
    scale: Scale,
    *,
    pins: Pins | None = None,
    fixed: Sequence[Decimal | None] | None = None,
) -> None:
    """The lines at `parts` share the shown figure of the line at `whole` (already shown); a
    line that is a figure an earlier table shows keeps it (`pins`), as does one whose figure
    the caller fixes (`fixed`, None for a line left to share)."""
    exact = [lines[i].cells[column] for i in parts]
    kept = fixed if fixed is not None else [line_pin(lines[i], column, pins or {}) for i in parts]
    shown = apportion_pinned(lines[whole].cells[column], exact, scale, kept)
    for index, value in zip(parts, shown, strict=True):
        lines[index] = replace(lines[index], cells={**lines[index].cells, column: value})


def line_pin(line: SideLine, column: str, pins: Pins) -> Decimal | None:
    return pinned(pins, line.same_as.get(column), line.cells[column])


def head_pin(
    lines: list[SideLine], head: int, parts: Sequence[int], column: str, scale: Scale, *, pins: Pins
) -> Decimal | None:
    """A total line's figure where other tables fix it: as one shows it, or the sum of its parts
    where each is shown by one; None where it is rounded here."""
    kept = line_pin(lines[head], column, pins)
    if kept is not None:
        return kept
    return summed(
        [(lines[i].cells[column], line_pin(lines[i], column, pins)) for i in parts], scale
    )


def set_cell(lines: list[SideLine], index: int, column: str, value: Decimal) -> None:
    lines[index] = replace(lines[index], cells={**lines[index].cells, column: value})


def rounded_line(line: SideLine, column: str, scale: Scale) -> SideLine:
    return replace(line, cells={**line.cells, column: scale.half_up(line.cells[column])})


@exactly
def show_summary(table: TwoSided, scale: Scale, pins: Pins | None = None) -> TwoSided:
    """T1: 收入总计 = 本年收入合计 + 上年结转, 本年收入合计 = Σ sources; the spending side alike
    (支出总计 = 本年支出合计 + 结转下年, 本年支出合计 = Σ 类). Both 总计 are the same exact figure
    rounded the same way, so they show the same.

    Most of its figures are another table's too (X1): each source's revenue is T2's column total,
    上年结转 T2's, 本年支出合计 T3's 合计 and its 类 T3's 类 (shared from it as T3 shares them).
    Those keep what the other table shows and the rest share what is left: 本年收入合计 is the
    sum of its sources as T2 shows them, and 结转下年 what 支出总计 leaves beside 本年支出合计
    (like any shared part, less than one unit from its exact value)."""
    pins = pins or {}
    column = TableColumn.total
    sides = []
    for side in (table.revenue, table.spending):
        lines = list(side)
        grand, subtotal, other = len(lines) - 1, len(lines) - 3, len(lines) - 2
        lines[grand] = rounded_line(lines[grand], column, scale)
        kept = [
            head_pin(lines, subtotal, range(subtotal), column, scale, pins=pins),
            line_pin(lines[other], column, pins),
        ]
        exact = [lines[subtotal].cells[column], lines[other].cells[column]]
        shown = apportion_pinned(lines[grand].cells[column], exact, scale, kept)
        set_cell(lines, subtotal, column, shown[0])
        set_cell(lines, other, column, shown[1])
        share_lines(lines, subtotal, range(subtotal), column, scale, pins=pins)
        sides.append(tuple(lines))
    return replace(table, revenue=sides[0], spending=sides[1])


@exactly
def show_appropriations(
    table: TwoSided, scale: Scale, pins: Pins | None = None
) -> tuple[TwoSided, bool]:
    """T4: on the spending side each fund's 支出合计 as its own table shows its 合计 (X3), 合计
    their sum, and each column shared down its 类 from 支出合计; then each row's 合计 checked
    against its funds. On the revenue side a fund's 本年收入 as T2 shows its column (X1),
    本年收入 their sum, and a fund's 上年结转 what its 支出合计 leaves beside its 本年收入 (I4),
    where that is less than one unit from its exact value; 上年结转 as T2 shows its column, else
    their sum."""
    pins = pins or {}
    spending = list(table.spending)
    last = len(spending) - 1
    show_spent(spending, last, table.spending_columns, scale, pins)
    by_fund = [column for column in table.spending_columns if column != TableColumn.total]
    for column in by_fund:  # X3: each fund's 类 as its own table shows it
        share_lines(spending, last, range(last), column, scale, pins=pins)
    sums = [  # a 类's 合计 the sum of its funds where each is shown by its table
        summed([(line.cells[f], line_pin(line, f, pins)) for f in by_fund], scale)
        for line in table.spending[:last]
    ]
    share_lines(spending, last, range(last), TableColumn.total, scale, fixed=sums)
    uneven = any(
        misses(exact.cells, shown.cells, TableColumn.total, APPROPRIATIONS)
        for exact, shown in zip(table.spending, spending, strict=True)
    )
    revenue = list(table.revenue)
    funds = len(APPROPRIATIONS)
    show_head(revenue, 0, None, scale, pins)
    share_lines(revenue, 0, range(1, 1 + funds), TableColumn.total, scale, pins=pins)
    carried = carried_left(table, revenue, spending[last], scale)
    show_head(revenue, funds + 1, carried, scale, pins)
    parts = range(funds + 2, funds + 2 + funds)
    share_lines(revenue, funds + 1, parts, TableColumn.total, scale, fixed=carried)
    return replace(table, revenue=tuple(revenue), spending=tuple(spending)), uneven


def show_head(
    revenue: list[SideLine],
    head: int,
    fixed: Sequence[Decimal | None] | None,
    scale: Scale,
    pins: Pins,
) -> None:
    """A total line of T4's revenue side: as T2 shows it, or the sum of its funds where each is
    fixed (by another table, or by `fixed`), or rounded half up."""
    column = TableColumn.total
    parts = range(head + 1, head + 1 + len(APPROPRIATIONS))
    kept = line_pin(revenue[head], column, pins)
    if kept is None and fixed is None:
        kept = head_pin(revenue, head, parts, column, scale, pins=pins)
    elif kept is None and fixed is not None:
        exact = [revenue[i].cells[column] for i in parts]
        kept = summed(list(zip(exact, fixed, strict=True)), scale)
    figure = scale.half_up(revenue[head].cells[column]) if kept is None else kept
    set_cell(revenue, head, column, figure)


def show_spent(
    spending: list[SideLine], last: int, columns: Sequence[str], scale: Scale, pins: Pins
) -> None:
    """T4's 支出合计: each fund as its table shows it, 合计 their sum where each is."""
    line = spending[last]
    funds = [column for column in columns if column != TableColumn.total]
    kept = {column: line_pin(line, column, pins) for column in funds}
    kept[TableColumn.total] = summed([(line.cells[c], kept[c]) for c in funds], scale)
    for column in columns:
        figure = kept.get(column)
        exact = line.cells[column]
        set_cell(spending, last, column, scale.half_up(exact) if figure is None else figure)


def carried_left(
    table: TwoSided, revenue: list[SideLine], spent: SideLine, scale: Scale
) -> list[Decimal | None]:
    """I4 per fund (本年收入 + 上年结转 = its 支出合计): each fund's 上年结转 as what its 支出合计
    as shown leaves beside its 本年收入 as shown, where the exact figures make the identity and
    that is less than one unit from the exact 上年结转; None where it is shared as usual."""
    funds = len(APPROPRIATIONS)
    exact_spent = table.spending[-1].cells
    left: list[Decimal | None] = []
    for i, fund in enumerate(APPROPRIATIONS):
        this_year = table.revenue[1 + i].cells[TableColumn.total]
        carried = table.revenue[funds + 2 + i].cells[TableColumn.total]
        value = spent.cells[fund] - revenue[1 + i].cells[TableColumn.total]
        near = abs(value - carried * scale.factor) < scale.quantum
        left.append(value if this_year + carried == exact_spent[fund] and near else None)
    return left


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
