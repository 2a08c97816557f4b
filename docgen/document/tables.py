"""Stage 6, document: the standard public tables (公开表) as one section of the document model.

Takes the computed `StandardTables` and the unit's profile; hands on a `Section` holding every
table the profile lists, in its order and with its titles, each figure in the table's money unit
and the profile's number format, as `docgen.shown` rounds them (a total half up, its parts by
largest remainder, a figure two tables show rounded once for both; a table whose columns still
miss a total says so under it). A table with no
lines (a unit without 政府性基金) is kept, with its 空表说明 in place of rows; a table whose
figures the source does not give at all (no 经济分类 lines, no “三公”) is left out rather than
filled with zeros.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from docgen.compute import UnitFigures, sum_if_all
from docgen.document.blocks import Block, Cell, Figure, Paragraph, RowGroup, Section, Table
from docgen.document.columns import (
    STANDARD_APPROPRIATIONS,
    STANDARD_ECONOMIC,
    STANDARD_FUND,
    STANDARD_PARTS,
    STANDARD_REVENUE,
    STANDARD_SUMMARY,
    STANDARD_THREE_PUBLIC,
    STANDARD_THREE_PUBLIC_OPERATING,
)
from docgen.document.numbers import prose_amount
from docgen.document.tablespec import Column, TableSpec
from docgen.profiles import Profile, TableLayout
from docgen.shares import Scale, scale_for
from docgen.shown import ShownTables, show_tables, show_three_public
from docgen.source.model import Unit
from docgen.tables import TOTAL_ROW, FigureTable, StandardTables, TwoSided, add_three_public
from docgen.terms import RevenueSource, ThreePublic, table_source_label

INDENT = "　"  # a 款 is indented one full-width space under its 类, a 项 two
# Said by the unit (本单位) or the department (本部门) whose tables they are.
EMPTY_STATEMENTS = {
    "T8": "{who}无政府性基金预算财政拨款安排的预算，故本表为空表。",
    "T9": "{who}无国有资本经营预算财政拨款安排的预算，故本表为空表。",
}
DEPARTMENT_SPEAKS = "本部门"
# DOMAIN.md: where the shown parts of a table may miss its shown total, the table says so.
UNEVEN_NOTE = "因四舍五入，合计数与分项之和可能存在尾差。"
SECTION_ANCHOR = "tables"  # the workbook finds the tables by it


@dataclass(frozen=True)
class TablesOf:
    """What the tables section reads besides the tables: a unit's, or a department's sums."""

    amount_unit: str
    year: int
    has_economic: bool  # 经济分类 lines given: T6 is published
    empty: dict[str, str]  # a table's 空表说明 in the source's own words
    three_public: tuple[dict[str, Decimal], dict[str, Decimal]] | None  # this year, last year
    operating: dict[str, Decimal | None]  # 机关运行经费 by 本年预算 / 上年预算
    who: str = "本单位"  # who says a table is empty: 本单位, or 本部门 for a department's


def unit_tables_of(unit: Unit, figures: UnitFigures) -> TablesOf:
    costs, tp = unit.operating_costs, figures.three_public
    return TablesOf(
        amount_unit=unit.amount_unit,
        year=unit.year,
        has_economic=bool(unit.tables and unit.tables.economic),
        empty={k: v.value for k, v in unit.tables.empty.items()} if unit.tables else {},
        three_public=(tp.items, tp.previous) if tp else None,
        operating={
            "本年预算": costs.amount.value if costs else None,
            "上年预算": costs.last_year.value if costs and costs.last_year else None,
        },
    )


def department_tables_of(units: list[tuple[Unit, UnitFigures]]) -> TablesOf:
    """A department's: its units' “三公” and 机关运行经费 added where every unit gives them."""
    first = units[0][0]
    costs = [unit.operating_costs for unit, _ in units]
    return TablesOf(
        amount_unit=first.amount_unit,
        year=first.year,
        has_economic=all(unit.tables and unit.tables.economic for unit, _ in units),
        empty={},
        three_public=add_three_public([f.three_public for _, f in units]),
        operating={
            "本年预算": sum_if_all([c.amount.value if c else None for c in costs]),
            "上年预算": sum_if_all(
                [c.last_year.value if c and c.last_year else None for c in costs]
            ),
        },
        who=DEPARTMENT_SPEAKS,
    )


def tables_section(of: TablesOf, tables: StandardTables, profile: Profile, heading: str) -> Section:
    money = Money(of.amount_unit, profile)
    children = []
    shown: dict[Scale, ShownTables] = {}  # the tables shown together, once per unit and places
    for layout in profile.tables:
        scale = money.scale(layout)
        if scale not in shown:
            shown[scale] = show_tables(tables, scale)
        blocks = table_blocks(of, tables, shown[scale], layout, money)
        if blocks:  # a section of each table, so the contents and bookmarks list them
            children.append(Section(f"tables-{layout.table}", layout.title, tuple(blocks)))
    return Section(SECTION_ANCHOR, heading, tables_summary(of, tables), tuple(children))


def tables_summary(of: TablesOf, tables: StandardTables) -> tuple[Block, ...]:
    """What the tables say, in sentences made from the same figures (they cannot disagree)."""
    u = of.amount_unit
    t3, t6 = tables.classified["T3"], tables.classified["T6"]
    categories = [row for row in t3.rows if row.depth == 1]
    if not categories:
        return ()
    said = "，".join(f"{row.name}{prose_amount(row.cells['total'])}{u}" for row in categories)
    text = f"{of.year}年支出预算按支出功能分类：{said}。"
    by_source = tables.classified["T2"].rows[0].cells
    funds = [
        f"{table_source_label(source)}安排{prose_amount(by_source[source])}{u}"
        for source in tables.sources
        if by_source.get(source)
    ]
    if by_source.get("carryover"):
        funds.append(f"上年结转资金安排{prose_amount(by_source['carryover'])}{u}")
    if funds:
        text += "按资金来源：" + "，".join(funds) + "。"
    classes = [row for row in t6.rows if row.depth == 1]
    if classes:
        basic = "，".join(f"{row.name}{prose_amount(row.cells['total'])}{u}" for row in classes)
        text += f"一般公共预算基本支出按经济分类：{basic}。"
    return (Paragraph(text),)


class Money:
    """Figures as a table shows them: in its money unit (`docgen.shown` has rounded them), with
    the profile's number format."""

    def __init__(self, source_unit: str, profile: Profile) -> None:
        self.source_unit = source_unit
        self.thousands = profile.thousands

    def scale(self, layout: TableLayout) -> Scale:
        return scale_for(self.source_unit, layout.money_unit, layout.decimals)

    def cell(self, shown: Decimal | None, column: Column) -> Cell:
        """The figure's cell: its text, and the number it shows (a spreadsheet keeps that)."""
        figure = None if shown is None else Figure(shown, self.thousands)
        text = figure.text if figure else ""
        return Cell(text, header=column.header, align=column.align, figure=figure)


def table_blocks(
    of: TablesOf, tables: StandardTables, shown: ShownTables, layout: TableLayout, money: Money
) -> list[Block]:
    key = layout.table
    if key == "T1":
        return [two_sided_table(shown.summary, layout, money, STANDARD_SUMMARY)]
    if key == "T4":
        appropriations, uneven = shown.appropriations
        return noted(
            two_sided_table(appropriations, layout, money, STANDARD_APPROPRIATIONS), uneven
        )
    if key == "T7":
        return three_public_table(of, layout, money)
    table = tables.classified[key]
    if key == "T6" and not of.has_economic:
        return []  # the source gives no 经济分类: not published, not zero
    if table.is_empty:
        said = of.empty.get(key) or EMPTY_STATEMENTS.get(key, "本表无数据，故为空表。")
        said = said.replace("{who}", of.who)
        return [Paragraph(said)]
    shown_table, uneven = shown.classified[key]
    return noted(classified_table(shown_table, layout, money, tables.sources), uneven)


def noted(table: Table, uneven: bool) -> list[Block]:
    """The table, and under it the note that its shown parts may miss a total, where they do."""
    return [table, Paragraph(UNEVEN_NOTE)] if uneven else [table]


def spec_for(table: FigureTable, sources: tuple[RevenueSource, ...]) -> TableSpec:
    if table.table == "T2":
        return STANDARD_REVENUE.without(s for s in RevenueSource if s not in sources)
    if table.table == "T6":
        return STANDARD_ECONOMIC
    if table.table in ("T8", "T9"):
        return STANDARD_FUND
    return STANDARD_PARTS


def classified_table(
    table: FigureTable, layout: TableLayout, money: Money, sources: tuple[RevenueSource, ...]
) -> Table:
    """A classified table from its cells as shown."""
    spec = spec_for(table, sources)
    figures = [key for key in spec.keys if key not in ("code", "name")]
    rows = []
    for row in table.rows:
        name = row.name if row.code != TOTAL_ROW else "合计"
        indent = max(row.depth - 1, 0)
        values: dict[str, str | Cell] = {
            "code": "" if row.code == TOTAL_ROW else row.code,
            "name": Cell(INDENT * indent + name, align=spec.column("name").align, indent=indent),
        }
        values |= {key: money.cell(row.cells.get(key), spec.column(key)) for key in figures}
        rows.append(spec.row(values))
    return spec.table(
        layout.title,
        (RowGroup(tuple(rows)),),
        style=style_for(spec),
        above_right=f"单位：{layout.money_unit}",
    )


def style_for(spec: TableSpec) -> str:
    """A table of many figure columns in a smaller type, so that no figure has to break."""
    figures = sum(1 for column in spec.columns if column.align == "right")
    return "figures small" if figures > 5 else "figures"


def two_sided_table(table: TwoSided, layout: TableLayout, money: Money, spec: TableSpec) -> Table:
    """T1 or T4 from its lines as shown."""
    rows = []
    depth = max(len(table.revenue), len(table.spending))
    for index in range(depth):
        left = table.revenue[index] if index < len(table.revenue) else None
        right = table.spending[index] if index < len(table.spending) else None
        values: dict[str, str | Cell] = {
            "revenue_item": left.label if left else "",
            "revenue": money.cell(left.cells["total"] if left else None, spec.column("revenue")),
            "spending_item": right.label if right else "",
        }
        for column in table.spending_columns:
            key = "spending" if spec is STANDARD_SUMMARY else column
            shown = right.cells.get(column) if right else None
            values[key] = money.cell(shown, spec.column(key))
        rows.append(spec.row(values))
    return spec.table(
        layout.title,
        (RowGroup(tuple(rows)),),
        style=style_for(spec),
        above_right=f"单位：{layout.money_unit}",
    )


def three_public_table(of: TablesOf, layout: TableLayout, money: Money) -> list[Block]:
    if of.three_public is None:
        return []  # not given: left out
    scale = money.scale(layout)
    spec = STANDARD_THREE_PUBLIC_OPERATING if layout.with_operating else STANDARD_THREE_PUBLIC
    rows = []
    now, before = of.three_public
    for label, items in (("本年预算", now), ("上年预算", before)):
        if not items:
            continue  # last year's items not published
        shown = show_three_public(items, scale)
        values: dict[str, str | Cell] = {"year": label}
        values |= {item: money.cell(shown[item], spec.column(item)) for item in ThreePublic}
        if layout.with_operating:  # blank where the source does not give it, never 0
            exact = of.operating[label]
            figure = None if exact is None else scale.half_up(exact)
            values["operating"] = money.cell(figure, spec.column("operating"))
        rows.append(spec.row(values))
    return [
        spec.table(
            layout.title,
            (RowGroup(tuple(rows)),),
            style=style_for(spec),
            above_right=f"单位：{layout.money_unit}",
        )
    ]
