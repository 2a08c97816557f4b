"""Stage 4, compute: the two-sided tables, 收支总表 (T1) and 财政拨款收支总表 (T4), as shown.

Each side is a list of lines, a total standing under (T1) or over (T4) the lines that make it.
A line's figure that another table shows (X1–X3: a source's revenue as T2's column total, a 类
as T3's, a fund's spending as its own table's 合计) keeps that figure (`shown_elsewhere`); the
other lines share what their total leaves, by largest remainder (`share_among_lines`), and a
total made only of such lines is their sum. `docgen.shown` calls these after the classified
tables, whose cells they take.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from docgen.compute import exactly
from docgen.shares import Pins, Scale, apportion_pinned, misses, pinned, summed
from docgen.tables import SideLine, TwoSided
from docgen.terms import APPROPRIATIONS, TableColumn


def share_among_lines(
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
    kept = (
        fixed
        if fixed is not None
        else [shown_elsewhere(lines[i], column, pins or {}) for i in parts]
    )
    shown = apportion_pinned(lines[whole].cells[column], exact, scale, kept)
    for index, value in zip(parts, shown, strict=True):
        lines[index] = replace(lines[index], cells={**lines[index].cells, column: value})


def shown_elsewhere(line: SideLine, column: str, pins: Pins) -> Decimal | None:
    return pinned(pins, line.same_as.get(column), line.cells[column])


def total_shown_elsewhere(
    lines: list[SideLine], head: int, parts: Sequence[int], column: str, scale: Scale, *, pins: Pins
) -> Decimal | None:
    """A total line's figure where other tables fix it: as one shows it, or the sum of its parts
    where each is shown by one; None where it is rounded here."""
    kept = shown_elsewhere(lines[head], column, pins)
    if kept is not None:
        return kept
    return summed(
        [(lines[i].cells[column], shown_elsewhere(lines[i], column, pins)) for i in parts], scale
    )


def set_line_cell(lines: list[SideLine], index: int, column: str, value: Decimal) -> None:
    lines[index] = replace(lines[index], cells={**lines[index].cells, column: value})


def round_line_half_up(line: SideLine, column: str, scale: Scale) -> SideLine:
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
        lines[grand] = round_line_half_up(lines[grand], column, scale)
        kept = [
            total_shown_elsewhere(lines, subtotal, range(subtotal), column, scale, pins=pins),
            shown_elsewhere(lines[other], column, pins),
        ]
        exact = [lines[subtotal].cells[column], lines[other].cells[column]]
        shown = apportion_pinned(lines[grand].cells[column], exact, scale, kept)
        set_line_cell(lines, subtotal, column, shown[0])
        set_line_cell(lines, other, column, shown[1])
        share_among_lines(lines, subtotal, range(subtotal), column, scale, pins=pins)
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
    show_spending_total(spending, last, table.spending_columns, scale, pins)
    by_fund = [column for column in table.spending_columns if column != TableColumn.total]
    for column in by_fund:  # X3: each fund's 类 as its own table shows it
        share_among_lines(spending, last, range(last), column, scale, pins=pins)
    sums = [  # a 类's 合计 the sum of its funds where each is shown by its table
        summed([(line.cells[f], shown_elsewhere(line, f, pins)) for f in by_fund], scale)
        for line in table.spending[:last]
    ]
    share_among_lines(spending, last, range(last), TableColumn.total, scale, fixed=sums)
    uneven = any(
        misses(exact.cells, shown.cells, TableColumn.total, APPROPRIATIONS)
        for exact, shown in zip(table.spending, spending, strict=True)
    )
    revenue = list(table.revenue)
    funds = len(APPROPRIATIONS)
    show_revenue_total(revenue, 0, None, scale, pins)
    share_among_lines(revenue, 0, range(1, 1 + funds), TableColumn.total, scale, pins=pins)
    carried = carryover_by_fund(table, revenue, spending[last], scale)
    show_revenue_total(revenue, funds + 1, carried, scale, pins)
    parts = range(funds + 2, funds + 2 + funds)
    share_among_lines(revenue, funds + 1, parts, TableColumn.total, scale, fixed=carried)
    return replace(table, revenue=tuple(revenue), spending=tuple(spending)), uneven


def show_revenue_total(
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
    kept = shown_elsewhere(revenue[head], column, pins)
    if kept is None and fixed is None:
        kept = total_shown_elsewhere(revenue, head, parts, column, scale, pins=pins)
    elif kept is None and fixed is not None:
        exact = [revenue[i].cells[column] for i in parts]
        kept = summed(list(zip(exact, fixed, strict=True)), scale)
    figure = scale.half_up(revenue[head].cells[column]) if kept is None else kept
    set_line_cell(revenue, head, column, figure)


def show_spending_total(
    spending: list[SideLine], last: int, columns: Sequence[str], scale: Scale, pins: Pins
) -> None:
    """T4's 支出合计: each fund as its table shows it, 合计 their sum where each is."""
    line = spending[last]
    funds = [column for column in columns if column != TableColumn.total]
    kept = {column: shown_elsewhere(line, column, pins) for column in funds}
    kept[TableColumn.total] = summed([(line.cells[c], kept[c]) for c in funds], scale)
    for column in columns:
        figure = kept.get(column)
        exact = line.cells[column]
        set_line_cell(spending, last, column, scale.half_up(exact) if figure is None else figure)


def carryover_by_fund(
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
