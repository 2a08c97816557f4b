"""The county index: every department with its units, their totals and their files.

Built from the batch's entries (what each built document contributed), so an index can be made
without reading an unchanged source again. Totals are summed by `compute`; here they are only
arranged and formatted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from docgen.compute import Totals, largest_with_rest, sum_totals
from docgen.document.blocks import Cell, Chart, RowGroup, Table
from docgen.document.charts import REST, composition_chart
from docgen.document.numbers import table_amount
from docgen.rules.county import Entry, same_file
from docgen.terms import ExpenditurePart, Format, Kind, RevenueLine, RevenueSource, ThreePublic

TOP_DEPARTMENTS = 10
AMOUNT_UNIT = "万元"
FIGURE_HEADS = (
    RevenueLine.total.zh,
    ExpenditurePart.basic.zh,
    ExpenditurePart.projects.zh,
    ExpenditurePart.total.zh,
    ThreePublic.total.short,
    "项目个数",
)


@dataclass(frozen=True)
class Link:
    label: str  # HTML, PDF, DOCX
    href: str  # relative to the index


@dataclass(frozen=True)
class IndexRow:
    kind: str  # department | unit | unit loose (a unit no department lists)
    code: str
    name: str
    figures: tuple[str, ...]  # formatted, in FIGURE_HEADS order
    links: tuple[Link, ...]
    search: str  # what the page's search box matches: code and name


def totals_heading(county: bool) -> str:
    """全县合计 for a county; a plain folder of sources may hold several counties and years."""
    return "全县合计" if county else "合计"


@dataclass(frozen=True)
class CountyIndex:
    title: str
    totals_heading: str
    totals: Table
    chart: Chart | None
    heads: tuple[str, ...]
    rows: tuple[IndexRow, ...]
    unit_count: int
    department_count: int


@dataclass(frozen=True)
class Member:
    """One built document as the index shows it: its entry and its files (relative hrefs)."""

    entry: Entry
    files: tuple[str, ...]


def county_index(title: str, members: list[Member], county: bool) -> CountyIndex:
    units = [m for m in members if m.entry.kind is Kind.unit]
    departments = sorted(
        (m for m in members if m.entry.kind is Kind.department), key=lambda m: m.entry.code
    )
    totals = sum_totals([m.entry.totals for m in units])
    return CountyIndex(
        title=title,
        totals_heading=totals_heading(county),
        totals=totals_table(totals, len(departments), len(units), county),
        chart=departments_chart(departments),
        heads=FIGURE_HEADS,
        rows=tuple(ordered_rows(departments, units)),
        unit_count=len(units),
        department_count=len(departments),
    )


def ordered_rows(departments: list[Member], units: list[Member]) -> list[IndexRow]:
    """Each department followed by its units in its own order; then units of no department."""
    by_file = {same_file(m.entry.file): m for m in units}
    rows, placed = [], set()
    for department in departments:
        rows.append(index_row(department))
        for unit_file, _ in department.entry.unit_files:
            unit = by_file.get(same_file(unit_file))
            if unit is not None and unit_file not in placed:
                placed.add(unit_file)
                rows.append(index_row(unit))
    rest = sorted((m for f, m in by_file.items() if f not in placed), key=lambda m: m.entry.code)
    return rows + [index_row(m, "unit loose") for m in rest]


def index_row(member: Member, kind: str = "") -> IndexRow:
    entry = member.entry
    return IndexRow(
        kind=kind or entry.kind,
        code=entry.code,
        name=entry.name,
        figures=figures_of(entry.totals),
        links=tuple(Link(link_label(href), href) for href in member.files),
        search=f"{entry.code} {entry.name}".lower(),
    )


def link_label(href: str) -> str:
    """HTML, PDF, DOCX: the short label of the file's format."""
    extension = href.rsplit(".", 1)[-1]
    known = Format.__members__.get(extension)
    return known.short if known is not None else extension.upper()


def figures_of(totals: Totals) -> tuple[str, ...]:
    return (
        table_amount(totals.revenue_total),
        table_amount(totals.basic),
        table_amount(totals.projects),
        table_amount(totals.expenditure_total),
        table_amount(totals.three_public),
        str(totals.project_count),
    )


def totals_table(totals: Totals, departments: int, units: int, county: bool) -> Table:
    heads = ("部门数", "单位数", *FIGURE_HEADS)
    values = (str(departments), str(units), *figures_of(totals))
    return Table(
        caption=f"{totals_heading(county)}（各单位之和）",
        widths=(10, 10, 13, 13, 13, 13, 14, 14),
        head=(tuple(Cell(text, header=True, align="center") for text in heads),),
        body=(RowGroup((tuple(Cell(value, align="right") for value in values),)),),
        style="figures",
        above_right=f"单位：{AMOUNT_UNIT}",
    )


def departments_chart(departments: list[Member]) -> Chart | None:
    """The largest departments by spending (支出合计, or 项目支出 where not published)."""
    parts = [(m.entry.name, spending(m.entry.totals)) for m in departments]
    ranked = largest_with_rest(parts, TOP_DEPARTMENTS, REST)
    labelled = [("其他部门" if key == REST else key, amount) for key, amount in ranked]
    return composition_chart("支出最多的部门", labelled, AMOUNT_UNIT)


def spending(totals: Totals) -> Decimal:
    return totals.expenditure_total if totals.expenditure_total is not None else totals.projects


# -- the bureau's spreadsheet: one row per unit --------------------------------------------------

Value = str | int | Decimal | None


@dataclass(frozen=True)
class Sheet:
    title: str
    heads: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    money_columns: tuple[int, ...]  # 0-based columns holding amounts in 万元


def summary_sheet(members: list[Member]) -> Sheet:
    """A row per unit: code, name, department, revenue by source, the totals, the number of
    projects; the last row is the county's sums."""
    units = [m.entry for m in members if m.entry.kind is Kind.unit]
    departments = {
        same_file(unit_file): m.entry.name
        for m in members
        if m.entry.kind is Kind.department
        for unit_file, _ in m.entry.unit_files
    }
    heads = (
        "单位编码",
        "单位名称",
        "主管部门",
        *(source.zh for source in RevenueSource),
        *FIGURE_HEADS,
    )
    rows = [
        (e.code, e.name, departments.get(same_file(e.file), e.parent), *sheet_figures(e.totals))
        for e in sorted(units, key=lambda e: e.code)
    ]
    county = sum_totals([e.totals for e in units])
    rows.append(("合计", f"{len(units)} 个单位", "", *sheet_figures(county)))
    money = tuple(range(3, len(heads) - 1))
    return Sheet("单位预算汇总", heads, tuple(rows), money)


def sheet_figures(totals: Totals) -> tuple[Value, ...]:
    sources = totals.revenue_by_source
    by_source = tuple(None if sources is None else sources.get(k) for k in RevenueSource)
    return (
        *by_source,
        totals.revenue_total,
        totals.basic,
        totals.projects,
        totals.expenditure_total,
        totals.three_public,
        totals.project_count,
    )
