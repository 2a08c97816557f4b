"""Stage 4, compute: the standard public tables (公开表, TABLES.md T1–T9) from classified lines.

Takes a unit's `Tables` (spending by 支出功能分类 项 and funding source, 一般公共预算 basic spending
by 经济分类 款), its revenue and expenditure, its “三公” figures and its profile; hands on every
table with each 类, 款 and 合计 computed from the lines, never typed. A 类 or 款 row is the sum of
the rows under it, so the tables agree with each other by construction: what the rules check is
the source against itself (lines against the 情况说明's figures, stated cells against the lines).

Names come from the year's code list; a code the list does not know keeps the name the source
prints, or none.

A department's tables are its units' (TABLES.md X9): their lines added by code, funding source
and part (each unit once), its revenue theirs summed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.classifications import ClassificationKind, load_classification
from docgen.compute import DepartmentFigures, ThreePublicFigures, UnitFigures, exactly
from docgen.profiles import Profile
from docgen.source.model import Amount, EconomicLine, SpendingLine, Tables, Unit
from docgen.terms import APPROPRIATIONS, RevenueSource, TableColumn, table_source_label

ZERO = Decimal(0)
Cells = dict[str, Decimal]
TOTAL_ROW = "total"

# The columns of each classified table, besides the sources of T2.
BY_PART = (
    TableColumn.total,
    TableColumn.basic,
    TableColumn.personnel,
    TableColumn.public,
    TableColumn.projects,
)
BY_FUND_PART = (TableColumn.total, TableColumn.basic, TableColumn.projects)
BY_ECONOMIC = (TableColumn.total, TableColumn.personnel, TableColumn.public)
FUND_TABLES = {  # the tables of one fund's spending: T5 一般公共预算, T8 基金, T9 国资
    "T5": RevenueSource.general_budget,
    "T8": RevenueSource.government_fund,
    "T9": RevenueSource.state_capital,
}
# A figure two tables show (TABLES.md X1–X4): a column of a classified table and the column of
# an earlier one it equals, row by row, whenever the two exact figures agree, so that it is
# rounded once and shown the same in both. T2's 合计 is T3's; a fund's table is its 收入总表
# column (unless the fund's 上年结转 is spent too), and its 基本支出 and 项目支出 T3's where the
# other funds spend none of them (X2); T6's 合计 row is T5's 基本支出 and its split (its other
# rows are by 经济分类, so only the 合计 row: `ECONOMIC_TABLES`).
SAME_AS: dict[tuple[str, str], tuple[str, str]] = {
    ("T2", TableColumn.total): ("T3", TableColumn.total),
    **{(table, TableColumn.total): ("T2", fund) for table, fund in FUND_TABLES.items()},
    **{(table, column): ("T3", column) for table in FUND_TABLES for column in BY_PART[1:]},
    ("T6", TableColumn.total): ("T5", TableColumn.basic),
    ("T6", TableColumn.personnel): ("T5", TableColumn.personnel),
    ("T6", TableColumn.public): ("T5", TableColumn.public),
}
ECONOMIC_TABLES = ("T6",)  # rows by 经济分类: a figure of another table only in the 合计 row
# A cell of a classified table: (table, column, row code, TOTAL_ROW for 合计).
CellKey = tuple[str, str, str]


@dataclass(frozen=True)
class FigureRow:
    code: str  # a 类/款/项 code; TOTAL_ROW for 合计
    name: str
    depth: int  # 0 合计, 1 类, 2 款, 3 项
    cells: Cells


@dataclass(frozen=True)
class FigureTable:  # a table by classification: 合计 first, then each 类 with its 款 and 项
    table: str
    columns: tuple[str, ...]
    rows: tuple[FigureRow, ...]
    lines: dict[str, int]  # row code → how many source lines it adds (for the rounding tolerance)

    @property
    def is_empty(self) -> bool:
        return len(self.rows) <= 1

    def cell(self, row: str, column: str) -> Decimal | None:
        found = next((r for r in self.rows if r.code == row), None)
        return None if found is None else found.cells.get(column)


@dataclass(frozen=True)
class SideLine:  # one line of a two-sided table (T1, T4): a label and its figures
    label: str
    cells: Cells
    depth: int = 1  # 0 for a total line
    # column → the cell of a classified table its figure is (X1, X3)
    same_as: dict[str, CellKey] = field(default_factory=dict)


@dataclass(frozen=True)
class TwoSided:  # 收支总表 and 财政拨款收支总表: revenue on the left, spending on the right
    table: str
    revenue: tuple[SideLine, ...]
    spending: tuple[SideLine, ...]
    spending_columns: tuple[str, ...]


@dataclass(frozen=True)
class StandardTables:
    classified: dict[str, FigureTable]  # T2, T3, T5, T6, T8, T9
    summary: TwoSided  # T1
    appropriations: TwoSided  # T4
    sources: tuple[RevenueSource, ...]  # the sources the tables show, in the terms' order


@dataclass(frozen=True)
class TableInputs:
    """What the tables are computed from: a unit's source and figures, or a department's sums."""

    year: int
    spending: tuple[SpendingLine, ...]
    economic: tuple[EconomicLine, ...]
    sources: dict[str, Decimal]  # this year's revenue by source, as stated
    carried: dict[str, Decimal]  # 上年结转 by source, where the source splits it
    revenue_by_source: dict[str, Decimal] | None
    revenue_total: Decimal | None
    carry_forward: Decimal  # 结转下年


def unit_inputs(unit: Unit, tables: Tables, figures: UnitFigures) -> TableInputs:
    revenue = unit.revenue
    return TableInputs(
        year=unit.year,
        spending=tables.spending,
        economic=tables.economic,
        sources={s: a.value for s, a in revenue.sources.items()} if revenue else {},
        carried={s: a.value for s, a in revenue.carryover_by_source.items()} if revenue else {},
        revenue_by_source=figures.revenue_by_source,
        revenue_total=figures.revenue_total,
        carry_forward=figures.carry_forward,
    )


@exactly
def compute_tables(unit: Unit, figures: UnitFigures, profile: Profile) -> StandardTables | None:
    if unit.tables is None:
        return None
    return compute_standard_tables(unit_inputs(unit, unit.tables, figures), profile)


@exactly
def compute_department_tables(
    year: int,
    units: list[tuple[Unit, UnitFigures]],
    figures: DepartmentFigures,
    own: Tables | None,
    profile: Profile,
) -> StandardTables | None:
    """X9: the department's tables from the sum of its units' lines, or from its own
    consolidated lines where its units give none; None where neither is given."""
    summed = summed_lines(units)
    lines = summed if summed is not None else (own.spending, own.economic) if own else None
    if lines is None:
        return None
    revenues = [unit.revenue for unit, _ in units if unit.revenue is not None]
    inputs = TableInputs(
        year=year,
        spending=lines[0],
        economic=lines[1],
        sources=add_by_key({s: a.value for s, a in r.sources.items()} for r in revenues),
        carried=add_by_key(
            {s: a.value for s, a in r.carryover_by_source.items()} for r in revenues
        ),
        revenue_by_source=figures.revenue_by_source,
        revenue_total=figures.revenue_total,
        carry_forward=sum((f.carry_forward for _, f in units), ZERO),
    )
    return compute_standard_tables(inputs, profile)


@exactly
def summed_lines(
    units: list[tuple[Unit, UnitFigures]],
) -> tuple[tuple[SpendingLine, ...], tuple[EconomicLine, ...]] | None:
    """The units' lines added by code, source and part (each unit once); None unless every
    unit gives its lines (a sum over some of them would be no department's figure)."""
    given = [unit.tables for unit, _ in units if unit.tables is not None]
    if not units or len(given) < len(units):
        return None
    spending = add_spending_lines(line for tables in given for line in tables.spending)
    return spending, add_economic_lines(line for tables in given for line in tables.economic)


def add_by_key(dicts: Iterable[dict[str, Decimal]]) -> dict[str, Decimal]:
    summed: dict[str, Decimal] = {}
    for one in dicts:
        add(summed, one)
    return summed


def spending_key(line: SpendingLine) -> tuple[str, str, bool]:
    return line.code.value, line.source.value, line.carryover


def add_spending_lines(lines: Iterable[SpendingLine]) -> tuple[SpendingLine, ...]:
    """Lines of one code, source and 上年结转 added part by part; the first one's place kept."""
    summed: dict[tuple[str, str, bool], SpendingLine] = {}
    for line in lines:
        first = summed.get(spending_key(line))
        if first is None:
            summed[spending_key(line)] = line
            continue
        parts = dict(first.parts)
        for key, amount in line.parts.items():
            before = parts[key].value if key in parts else ZERO
            parts[key] = Amount(before + amount.value, parts.get(key, amount).loc)
        summed[spending_key(line)] = SpendingLine(
            first.code, first.name or line.name, first.source, first.carryover, parts, first.loc
        )
    return tuple(summed.values())


def add_economic_lines(lines: Iterable[EconomicLine]) -> tuple[EconomicLine, ...]:
    summed: dict[str, EconomicLine] = {}
    for line in lines:
        first = summed.get(line.code.value)
        if first is None:
            summed[line.code.value] = line
            continue
        money = Amount(first.amount.value + line.amount.value, first.amount.loc)
        summed[line.code.value] = EconomicLine(
            first.code, first.name or line.name, money, first.loc
        )
    return tuple(summed.values())


def compute_standard_tables(inputs: TableInputs, profile: Profile) -> StandardTables:
    spending, economic = inputs.spending, inputs.economic
    names = functional_names(inputs.year, spending)
    sources = shown_sources(inputs, spending)
    classified = {
        "T2": roll_up(
            "T2",
            spending,
            revenue_cells,
            (TableColumn.total, TableColumn.carryover, *sources),
            names,
        ),
        "T3": roll_up("T3", spending, part_cells, BY_PART, names),
        **{
            table: roll_up(
                table,
                [line for line in spending if line.source.value == fund],
                part_cells,
                BY_PART if table == "T5" else BY_FUND_PART,
                names,
            )
            for table, fund in FUND_TABLES.items()
        },
        "T6": roll_up_economic(inputs.year, economic, profile),
    }
    return StandardTables(
        classified=classified,
        summary=summary_table(inputs, classified["T3"], sources),
        appropriations=appropriations_table(inputs, names),
        sources=sources,
    )


def shown_sources(
    inputs: TableInputs, spending: Iterable[SpendingLine]
) -> tuple[RevenueSource, ...]:
    named = {line.source.value for line in spending} | set(inputs.sources)
    return tuple(source for source in RevenueSource if source in named)


def functional_names(year: int, spending: Iterable[SpendingLine]) -> dict[str, str]:
    """类/款/项 code → name: the year's list, else the name the source prints for a 项."""
    listed = load_classification(ClassificationKind.functional, year)
    names: dict[str, str] = {}
    for line in spending:
        code = line.code.value
        for level in (code[:3], code[:5], code):
            entry = listed.lookup(level)
            if entry is not None:
                names[level] = entry.name
        if code not in names and line.name is not None:
            names[code] = line.name.value
    return names


def part_cells(line: SpendingLine) -> Cells:
    personnel, public, projects = (
        line.parts[key].value if key in line.parts else ZERO
        for key in ("personnel", "public", "projects")
    )
    return {
        TableColumn.total: personnel + public + projects,
        TableColumn.basic: personnel + public,
        TableColumn.personnel: personnel,
        TableColumn.public: public,
        TableColumn.projects: projects,
    }


def revenue_cells(line: SpendingLine) -> Cells:
    """A line in the 收入总表: its money under 上年结转 or under its source."""
    money = part_cells(line)[TableColumn.total]
    column = TableColumn.carryover if line.carryover else line.source.value
    return {TableColumn.total: money, column: money}


def add(into: Cells, cells: Cells) -> None:
    for key, value in cells.items():
        into[key] = into.get(key, ZERO) + value


def roll_up(
    table: str,
    lines: Iterable[SpendingLine],
    cells_of: Callable[[SpendingLine], Cells],
    columns: Iterable[str],
    names: dict[str, str],
) -> FigureTable:
    """Each 项's cells from its lines, each 款 and 类 the sum of theirs, 合计 the sum of the 类."""
    columns = tuple(columns)
    sums: dict[str, Cells] = {}
    counts: dict[str, int] = {}
    for line in lines:
        code = line.code.value
        for key in (TOTAL_ROW, code[:3], code[:5], code):
            add(sums.setdefault(key, {}), cells_of(line))
            counts[key] = counts.get(key, 0) + 1
    return FigureTable(table, columns, rows_of(sums, columns, names), counts)


def rows_of(
    sums: dict[str, Cells], columns: tuple[str, ...], names: dict[str, str]
) -> tuple[FigureRow, ...]:
    total = sums.get(TOTAL_ROW, {})
    rows = [FigureRow(TOTAL_ROW, TableColumn.total.zh, 0, {c: total.get(c, ZERO) for c in columns})]
    for code in sorted(key for key in sums if key != TOTAL_ROW):
        depth = {3: 1, 5: 2, 7: 3}[len(code)]
        cells = {c: sums[code].get(c, ZERO) for c in columns}
        rows.append(FigureRow(code, names.get(code, ""), depth, cells))
    return tuple(rows)


def roll_up_economic(year: int, lines: Iterable[EconomicLine], profile: Profile) -> FigureTable:
    """T6: 一般公共预算基本支出 by 经济分类 类/款, split as the profile groups the 类."""
    listed = load_classification(ClassificationKind.economic, year)
    sums: dict[str, Cells] = {}
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for line in lines:
        code, money = line.code.value, line.amount.value
        cells: Cells = {TableColumn.total: money}
        if code[:3] in profile.personnel:
            cells[TableColumn.personnel] = money
        elif code[:3] in profile.public:
            cells[TableColumn.public] = money
        for key in (TOTAL_ROW, code[:3], code):
            add(sums.setdefault(key, {}), cells)
            counts[key] = counts.get(key, 0) + 1
        for key in (code[:3], code):
            entry = listed.lookup(key)
            names[key] = entry.name if entry else names.get(key, "")
        if not names[code] and line.name is not None:
            names[code] = line.name.value
    return FigureTable("T6", BY_ECONOMIC, rows_of(sums, BY_ECONOMIC, names), counts)


def summary_table(
    inputs: TableInputs, by_function: FigureTable, sources: tuple[RevenueSource, ...]
) -> TwoSided:
    """T1: revenue by source, 上年结转 and their totals; spending by 类, 结转下年 and theirs."""
    by_source = inputs.revenue_by_source or {}
    revenue = [  # X1: each source's line is the 收入总表's column total
        SideLine(
            table_source_label(s),
            {TableColumn.total: by_source.get(s, ZERO)},
            same_as={TableColumn.total: ("T2", s, TOTAL_ROW)},
        )
        for s in sources
    ]
    this_year = sum(by_source.values(), ZERO)
    carried = (inputs.revenue_total or ZERO) - this_year
    revenue += [
        SideLine("本年收入合计", {TableColumn.total: this_year}, 0),
        SideLine(
            "上年结转",
            {TableColumn.total: carried},
            same_as={TableColumn.total: ("T2", TableColumn.carryover, TOTAL_ROW)},
        ),
        SideLine("收入总计", {TableColumn.total: this_year + carried}, 0),
    ]
    categories = [row for row in by_function.rows if row.depth == 1]
    spent = by_function.rows[0].cells[TableColumn.total]
    spending = [  # X1: each 类 is the 支出总表's
        SideLine(
            f"{row.code} {row.name}".strip(),
            {TableColumn.total: row.cells[TableColumn.total]},
            same_as={TableColumn.total: ("T3", TableColumn.total, row.code)},
        )
        for row in categories
    ]
    spending += [
        SideLine(
            "本年支出合计",
            {TableColumn.total: spent},
            0,
            same_as={TableColumn.total: ("T3", TableColumn.total, TOTAL_ROW)},
        ),
        SideLine("结转下年", {TableColumn.total: inputs.carry_forward}),
        SideLine("支出总计", {TableColumn.total: spent + inputs.carry_forward}, 0),
    ]
    return TwoSided("T1", tuple(revenue), tuple(spending), (TableColumn.total,))


def appropriations_table(inputs: TableInputs, names: dict[str, str]) -> TwoSided:
    """T4: each appropriation's revenue this year and carried over; spending by 类 per fund."""
    this_year = {s: inputs.sources[s] for s in APPROPRIATIONS if s in inputs.sources}
    carried = {s: inputs.carried[s] for s in APPROPRIATIONS if s in inputs.carried}
    lines = [
        SideLine("本年收入", {TableColumn.total: sum(this_year.values(), ZERO)}, 0),
        *(
            SideLine(
                table_source_label(s),
                {TableColumn.total: this_year.get(s, ZERO)},
                same_as={TableColumn.total: ("T2", s, TOTAL_ROW)},
            )
            for s in APPROPRIATIONS
        ),
        SideLine(  # T2's 上年结转 where only appropriations are carried over
            "上年结转",
            {TableColumn.total: sum(carried.values(), ZERO)},
            0,
            same_as={TableColumn.total: ("T2", TableColumn.carryover, TOTAL_ROW)},
        ),
        *(
            SideLine(table_source_label(s), {TableColumn.total: carried.get(s, ZERO)})
            for s in APPROPRIATIONS
        ),
    ]
    funds = [line for line in inputs.spending if line.source.value in APPROPRIATIONS]
    by_category: dict[str, Cells] = {}
    for line in funds:
        money = part_cells(line)[TableColumn.total]
        add(
            by_category.setdefault(line.code.value[:3], {}),
            {TableColumn.total: money, line.source.value: money},
        )
    columns = (TableColumn.total, *APPROPRIATIONS)
    spent: Cells = {}
    for cells in by_category.values():
        add(spent, cells)
    side = [  # X3: each fund's 类 is its own table's
        SideLine(
            f"{code} {names.get(code, '')}".strip(),
            {c: cells.get(c, ZERO) for c in columns},
            same_as={fund: (table, TableColumn.total, code) for table, fund in FUND_TABLES.items()},
        )
        for code, cells in sorted(by_category.items())
    ]
    funds_total: dict[str, CellKey] = {
        fund: (table, TableColumn.total, TOTAL_ROW) for table, fund in FUND_TABLES.items()
    }
    side.append(  # X3: each fund's column totals its own table
        SideLine("支出合计", {c: spent.get(c, ZERO) for c in columns}, 0, same_as=funds_total)
    )
    return TwoSided("T4", tuple(lines), tuple(side), tuple(columns))


@exactly
def add_three_public(
    units: list[ThreePublicFigures | None],
) -> tuple[dict[str, Decimal], dict[str, Decimal]] | None:
    """A department's “三公” items this year and last: its units' added, where every unit gives
    them (last year's only where every unit publishes them)."""
    if not units or any(unit is None for unit in units):
        return None
    given = [unit for unit in units if unit is not None]
    now = add_by_key(unit.items for unit in given)
    before = add_by_key(unit.previous for unit in given) if all(u.previous for u in given) else {}
    return now, before
