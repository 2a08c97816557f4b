"""The county index: every department with its units, their totals and their files.

Built from the batch's entries (what each built document contributed), so an index can be made
without reading an unchanged source again. Totals are summed by `compute`; here they are only
arranged and formatted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from docgen.compute import WAN, Totals, largest_with_rest, sum_totals
from docgen.document.blocks import Cell, Chart, Link, RowGroup, Table
from docgen.document.charts import REST, composition_chart
from docgen.document.columns import (
    INDEX,
    INDEX_TOTALS,
    SUMMARY,
    headline_figures,
    headline_texts,
)
from docgen.document.tablespec import TableSpec
from docgen.rules.county import Entry, same_file
from docgen.terms import Format, Kind, RevenueLine, RevenueSource

TOP_DEPARTMENTS = 10
AMOUNT_UNIT = WAN  # every entry's totals are in it (rules.county.Entry)


def index_title(place: str, years: Iterable[int]) -> str:
    """示例县2021年部门预算和单位预算公开; a plain folder of sources names no county, only the years
    its documents are for (2021、2022年…)."""
    return f"{place}{year_list(years)}部门预算和单位预算公开"


def index_search_hint(place: str, years: Iterable[int]) -> str:
    """What the search box of the index looks in: 查找示例县2021年的部门和单位."""
    return f"查找{place}{year_list(years)}的部门和单位"


def year_list(years: Iterable[int]) -> str:
    distinct = sorted(set(years))
    return f"{'、'.join(str(year) for year in distinct)}年" if distinct else ""


def totals_heading(county: bool) -> str:
    """全县合计 for a county; a plain folder of sources may hold several counties and years."""
    return "全县合计" if county else "合计"


@dataclass(frozen=True)
class CountyIndex:
    title: str
    search_hint: str  # the search box's placeholder
    totals_heading: str
    totals: Table
    chart: Chart | None
    listing: Table  # every department followed by its units, each row with its files
    unit_count: int
    department_count: int


@dataclass(frozen=True)
class Member:
    """One built document as the index shows it: its entry and its files (relative hrefs)."""

    entry: Entry
    files: tuple[str, ...]


def county_index(title: str, search_hint: str, members: list[Member], county: bool) -> CountyIndex:
    units = [m for m in members if m.entry.kind is Kind.unit]
    departments = sorted(
        (m for m in members if m.entry.kind is Kind.department), key=lambda m: m.entry.code
    )
    totals = sum_totals([m.entry.totals for m in units])
    return CountyIndex(
        title=title,
        search_hint=search_hint,
        totals_heading=totals_heading(county),
        totals=totals_table(totals, len(departments), len(units), county),
        chart=departments_chart(departments),
        listing=INDEX.table(
            "部门和单位", tuple(ordered_rows(departments, units)), style="county-index"
        ),
        unit_count=len(units),
        department_count=len(departments),
    )


def listing_table(departments: list[Member], units: list[Member]) -> Table:
    rows = tuple(ordered_rows(departments, units))
    return INDEX.table("部门和单位", rows, style="county-index")


def ordered_rows(departments: list[Member], units: list[Member]) -> list[RowGroup]:
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


def index_row(member: Member, role: str = "") -> RowGroup:
    """A row of its own group: its class (department, unit, unit loose: a unit no department
    lists) sets its indentation, and the page's search box matches its code and name."""
    entry = member.entry
    links = tuple(Link(link_label(href), href) for href in member.files)
    row = INDEX.row(
        {
            "code": entry.code,
            "name": entry.name,
            **headline_texts(entry.totals),
            "files": Cell("", links=links),
        }
    )
    return RowGroup((row,), role=role or entry.kind, search=f"{entry.code} {entry.name}".lower())


def link_label(href: str) -> str:
    """HTML, PDF, DOCX: the short label of the file's format."""
    extension = href.rsplit(".", 1)[-1]
    known = Format.__members__.get(extension)
    return known.short if known is not None else extension.upper()


def totals_table(totals: Totals, departments: int, units: int, county: bool) -> Table:
    row = INDEX_TOTALS.row(
        {"departments": str(departments), "units": str(units), **headline_texts(totals)}
    )
    return INDEX_TOTALS.table(
        f"{totals_heading(county)}（各单位之和）",
        (RowGroup((row,)),),
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
    caption: str  # the line above the headings: whose, which year, in which money unit
    spec: TableSpec  # the columns: headings, widths in characters, which hold amounts
    rows: tuple[tuple[Value, ...], ...]  # a row per unit, then the sums


def summary_sheet(members: list[Member], place: str = "") -> Sheet:
    """A row per unit: code, name, department, revenue by source and 上年结转 (which add up to
    收入合计), the totals, the number of projects; the last row is the county's sums. `place` is
    the county's name, for the caption."""
    units = [m.entry for m in members if m.entry.kind is Kind.unit]
    departments = {
        same_file(unit_file): m.entry.name
        for m in members
        if m.entry.kind is Kind.department
        for unit_file, _ in m.entry.unit_files
    }
    # a column for each source some unit names: ten empty columns would say nothing
    named = {key for e in units for key in e.totals.revenue_by_source or {}}
    spec = SUMMARY.without(source for source in RevenueSource if source not in named)
    rows = [
        sheet_row(spec, e.code, e.name, departments.get(same_file(e.file), e.parent), e.totals)
        for e in sorted(units, key=lambda e: e.code)
    ]
    county = sum_totals([e.totals for e in units])
    rows.append(sheet_row(spec, "合计", f"{len(units)} 个单位", "", county))
    years = year_list(e.year for e in units)
    caption = f"{place}{years}单位预算汇总（金额单位：{AMOUNT_UNIT}）"
    return Sheet("单位预算汇总", caption, spec, tuple(rows))


def sheet_row(
    spec: TableSpec, code: str, name: str, department: str, totals: Totals
) -> tuple[Value, ...]:
    sources = totals.revenue_by_source
    return spec.ordered(
        {
            "code": code,
            "name": name,
            "department": department,
            **{
                k: None if sources is None else sources.get(k)
                for k in RevenueSource
                if k in spec.keys
            },
            RevenueLine.carryover: totals.carryover,
            **headline_figures(totals),
        }
    )
