"""Stage 5, checks: the identities of the standard public tables (TABLES.md) as findings.

Takes a unit, its figures, its standard tables and its profile; hands on findings, each at the
line that holds the figure. The tables are computed from the lines, so what is checked is the
source against itself:
- the code lists: an unknown, retired or mis-named 功能分类/经济分类 code (N4), and the 项 a
  project names;
- the lines against the 情况说明's figures: 人员经费, 公用经费, 项目支出 and revenue by source (X1,
  X2, X8, N1), and 上年结转 by source;
- T6 against T5: 合计, 人员经费, 公用经费 (X2, X4), “三公” against 经济分类 (X5), 机关运行经费
  against T6 公用经费 (X6);
- a cell copied from a published table (`stated`) against the computed one (I1–I4), and within a
  stated row 合计 against its parts (I2).
Every comparison of rounded figures allows (n − 1) × ½ unit and says a difference within it as a
warning (`rules.checks.check_sum`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from docgen.classifications import (
    Classification,
    ClassificationError,
    ClassificationKind,
    list_years,
    load_classification,
)
from docgen.compute import UnitFigures
from docgen.findings import Finding, Location
from docgen.messages import make_finding, recode
from docgen.profiles import DEFAULT_PROFILE, Profile, ProfileError, find_profile
from docgen.rules.checks import beyond, check_sum, fmt, holds_operating_costs, said
from docgen.source.model import Amount, StatedCell, Tables, Text, Unit
from docgen.tables import TOTAL_ROW, StandardTables, part_cells
from docgen.terms import (
    APPROPRIATIONS,
    RevenueSource,
    StandardTable,
    TableColumn,
    ThreePublic,
)

ZERO = Decimal(0)
# X5: a 经济分类 款 that is part of a “三公” item cannot exceed it.
THREE_PUBLIC_ECONOMIC = {
    "30212": ThreePublic.overseas,
    "30231": ThreePublic.vehicle_operation,
    "31013": ThreePublic.vehicle_purchase,
    "30217": ThreePublic.reception,
}


def load_unit_profile(unit: Unit) -> tuple[Profile | None, list[Finding]]:
    """The profile a unit names (default: the seeds'), a county's own before docgen's."""
    return load_named_profile(unit.profile, unit.path, unit.loc)


def load_named_profile(
    named: Text | None, path: Path, where: Location
) -> tuple[Profile | None, list[Finding]]:
    """The profile a source names (default: the seeds'), found from the source's folder;
    profile-unknown at the name (or at the source) when it cannot be used."""
    chosen = named.value if named else DEFAULT_PROFILE
    try:
        return find_profile(chosen, path), []
    except ProfileError as error:
        at = named.loc if named else where
        return None, [make_finding("profile-unknown", at, value=chosen, reason=str(error))]


def check_tables(
    unit: Unit, figures: UnitFigures, tables: StandardTables | None, profile: Profile
) -> list[Finding]:
    if unit.tables is None or tables is None:
        return []
    return [
        *check_lines(unit.tables, unit.year),
        *check_lines_against_text(unit, figures),
        *check_revenue_by_source(unit, figures),
        *check_economic(unit, tables, profile),
        *check_stated_cells(unit.tables, tables, unit.rounded_from),
    ]


# -- the code lists ----------------------------------------------------------------------------


def check_lines(tables: Tables, year: int) -> list[Finding]:
    """A source's lines, a unit's or a department's own: their codes against the year's lists
    and each 项 and source once."""
    return [*check_codes(tables, year), *check_duplicate_lines(tables)]


def check_codes(tables: Tables, year: int) -> list[Finding]:
    findings: list[Finding] = []
    functional = load_classification(ClassificationKind.functional, year)
    for line in tables.spending:
        findings += check_code(line.code, line.name, functional)
    economic = load_classification(ClassificationKind.economic, year)
    for item in tables.economic:
        findings += check_code(item.code, item.name, economic)
    return findings


def check_project_functions(unit: Unit) -> list[Finding]:
    """The 功能分类 项 a project names, against the year's list as a line's code is. TABLES.md
    states no identity of a 项's projects against its 项目支出 (X8 holds the projects to the
    whole), so none is checked."""
    named = [project.function for project in unit.projects if project.function is not None]
    if not named:
        return []
    functional = load_classification(ClassificationKind.functional, unit.year)
    return [finding for code in named for finding in check_code(code, None, functional)]


def check_code(code: Text, name: Text | None, listed: Classification) -> list[Finding]:
    entry = listed.lookup(code.value)
    kind = listed.kind.label
    if entry is None:
        return unlisted_code(code, listed)
    if name is not None and name.value.strip() != entry.name:
        return [
            make_finding(
                "classification-name",
                name.loc,
                value=name.value,
                listed=code.value,
                kind=kind,
                year=str(listed.year),
                expected=entry.name,
            )
        ]
    return []


def unlisted_code(code: Text, listed: Classification) -> list[Finding]:
    """A code the year's list does not have: retired (an earlier list has it), unknown where the
    list is complete under its parent, else only not confirmed (a warning)."""
    value, kind = code.value, listed.kind.label
    earlier = retired_name(value, listed)
    if earlier is not None:
        year, name = earlier
        complete = listed.is_complete(parent_code(value))
        return [
            make_finding(
                "classification-retired" if complete else "classification-retired-unconfirmed",
                code.loc,
                value=value,
                kind=kind,
                name=name,
                last=str(year),
                year=str(listed.year),
            )
        ]
    parent = parent_code(value)
    known_parent = parent == "" or listed.is_known(parent)
    if known_parent and listed.is_complete(parent):
        closest = [e.code + " " + e.name for e in listed.children(parent)][:6]
        return [
            make_finding(
                "classification-unknown",
                code.loc,
                value=value,
                kind=kind,
                year=str(listed.year),
                known="、".join(closest) or "—",
            )
        ]
    return [
        make_finding(
            "classification-unlisted", code.loc, value=value, kind=kind, year=str(listed.year)
        )
    ]


def parent_code(code: str) -> str:
    return {3: "", 5: code[:3], 7: code[:5]}.get(len(code), "")


def retired_name(code: str, listed: Classification) -> tuple[int, str] | None:
    """The last earlier list that has a code the year's list leaves out: a code the Ministry
    has retired (certainly so where the year's list is complete under its parent)."""
    for year in sorted(list_years(listed.kind), reverse=True):
        if year >= listed.list_year:
            continue
        try:
            earlier = load_classification(listed.kind, year)
        except ClassificationError:
            return None
        entry = earlier.lookup(code)
        if entry is not None:
            return year, entry.name
    return None


def check_duplicate_lines(tables: Tables) -> list[Finding]:
    seen: dict[tuple[str, str, bool], Location] = {}
    findings = []
    for line in tables.spending:
        key = (line.code.value, line.source.value, line.carryover)
        if key in seen:
            first = seen[key]
            findings.append(
                make_finding(
                    "tables-line-duplicate",
                    line.code.loc,
                    value=line.code.value,
                    first=f"{first.line}:{first.column}",
                )
            )
        seen.setdefault(key, line.code.loc)
    return findings


# -- the lines against the 情况说明 --------------------------------------------------------------


def spending_sum(unit: Unit, part: str) -> tuple[Decimal, int]:
    assert unit.tables is not None
    lines = [line for line in unit.tables.spending if part in line.parts]
    return sum((line.parts[part].value for line in lines), ZERO), len(lines)


def check_lines_against_text(unit: Unit, figures: UnitFigures) -> list[Finding]:
    """X2/X8/N1: the 公开表's 人员经费, 公用经费 and 项目支出 are the 情况说明's."""
    spending = unit.expenditure
    if spending is None:
        return []
    findings = []
    stated: Iterable[tuple[str, Amount | None, Decimal | None]] = (
        ("personnel", spending.personnel, figures.personnel),
        ("public", spending.public, figures.public),
        ("projects", spending.projects_total, figures.projects_total),
    )
    for part, figure, text_value in stated:
        in_tables, count = spending_sum(unit, part)
        if text_value is None:
            continue
        where = figure if figure is not None else Amount(text_value, spending.loc)
        findings += tables_disagree(where, in_tables, count, TableColumn(part), unit.rounded_from)
    return findings


def tables_disagree(
    text_figure: Amount, in_tables: Decimal, lines: int, column: TableColumn, rounded: str | None
) -> list[Finding]:
    """The 情况说明's figure against the sum of the tables' lines; said at the 情况说明's."""
    found = check_sum(
        text_figure,
        in_tables,
        max(lines, 1),
        (f"{column.zh}（情况说明与公开表各行之和）", f"{column.en} (text against the tables)"),
        rounded,
    )
    return relabel(found)


def check_revenue_by_source(unit: Unit, figures: UnitFigures) -> list[Finding]:
    """X1: what the lines spend of each source this year is that source's revenue, and what
    they spend of its carryover is its 上年结转 (when nothing is carried forward, all of it)."""
    revenue, tables = unit.revenue, unit.tables
    if revenue is None or tables is None or figures.carry_forward:
        return []
    findings = []
    for source in map(str, RevenueSource):
        lines = [
            line for line in tables.spending if line.source.value == source and not line.carryover
        ]
        spent = sum((part_cells(line)[TableColumn.total] for line in lines), ZERO)
        stated = revenue.sources.get(source)
        if stated is None and not lines:
            continue
        where = stated if stated is not None else Amount(ZERO, revenue.loc)
        what = (
            f"{RevenueSource[source].zh}收入（公开表各行之和）",
            f"revenue from {RevenueSource[source].en} (the tables' lines)",
        )
        findings += relabel(check_sum(where, spent, max(len(lines), 1), what, unit.rounded_from))
    for source, carried in revenue.carryover_by_source.items():
        lines = [line for line in tables.spending if line.source.value == source and line.carryover]
        spent = sum((part_cells(line)[TableColumn.total] for line in lines), ZERO)
        what = (
            f"{RevenueSource[source].zh}上年结转（公开表各行之和）",
            f"carry-over of {RevenueSource[source].en} (the tables' lines)",
        )
        findings += relabel(check_sum(carried, spent, max(len(lines), 1), what, unit.rounded_from))
    return findings


def relabel(findings: list[Finding], code: str = "tables-text-mismatch") -> list[Finding]:
    return [recode(f, code) if f.code == "sum-mismatch" else f for f in findings]


# -- T6 against T5, “三公” and 机关运行经费 ------------------------------------------------------


def check_economic(unit: Unit, tables: StandardTables, profile: Profile) -> list[Finding]:
    """X2/X4: T6 合计, 人员经费 and 公用经费 are T5's 基本支出, 人员经费 and 公用经费; X5, X6."""
    assert unit.tables is not None
    if not unit.tables.economic:
        return []
    t5, t6 = tables.classified["T5"], tables.classified["T6"]
    findings = []
    where = unit.tables.economic[0].code.loc
    pairs = (
        (TableColumn.basic, TableColumn.total),
        (TableColumn.personnel, TableColumn.personnel),
        (TableColumn.public, TableColumn.public),
    )
    for t5_column, t6_column in pairs:
        by_function = t5.cell(TOTAL_ROW, t5_column) or ZERO
        by_economic = t6.cell(TOTAL_ROW, t6_column) or ZERO
        if by_function == by_economic:
            continue
        allowed = tolerance_for(unit, t5.lines.get(TOTAL_ROW, 0) + t6.lines.get(TOTAL_ROW, 0))
        findings.append(
            make_finding(
                "economic-mismatch"
                if abs(by_function - by_economic) > allowed
                else "rounding-difference",
                where,
                **mismatch_args((t5_column, t6_column), by_function, by_economic, allowed, profile),
            )
        )
    findings += check_three_public_economic(unit)
    findings += check_operating_economic(unit, t6.cell(TOTAL_ROW, TableColumn.public) or ZERO)
    return findings


def tolerance_for(unit: Unit, figures_in: int) -> Decimal:
    if unit.rounded_from is None:
        return ZERO
    return Decimal(max(figures_in - 1, 0)) * Decimal("0.005")


def mismatch_args(
    columns: tuple[TableColumn, TableColumn],
    by_function: Decimal,
    by_economic: Decimal,
    allowed: Decimal,
    profile: Profile,
) -> dict[str, str]:
    t5_column, t6_column = columns
    groups = {
        TableColumn.total: "全部",
        TableColumn.personnel: "+".join(profile.personnel),
        TableColumn.public: "+".join(profile.public),
    }
    return {
        "what_zh": f"一般公共预算{t5_column.zh}",
        "what_en": f"general budget {t5_column.en}",
        "function": fmt(by_function),
        "economic": fmt(by_economic),
        "classes": groups[t6_column],
        "stated": fmt(by_function),
        "computed": fmt(by_economic),
        "difference": f"{by_function - by_economic:+f}",
        "allowed": fmt(allowed),
    }


def check_three_public_economic(unit: Unit) -> list[Finding]:
    three, tables = unit.three_public, unit.tables
    if three is None or tables is None:
        return []
    findings = []
    for line in tables.economic:
        item = THREE_PUBLIC_ECONOMIC.get(line.code.value)
        if item is None or item not in three.this_year:
            continue
        cap = three.this_year[item]
        if beyond(line.amount, cap):
            findings.append(
                make_finding(
                    "three-public-economic",
                    line.amount.loc,
                    economic=line.code.value,
                    amount=said(line.amount),
                    item_zh=item.zh,
                    item_en=item.en,
                    cap=said(cap),
                )
            )
    return findings


def check_operating_economic(unit: Unit, public: Decimal) -> list[Finding]:
    costs = unit.operating_costs
    if costs is None or not holds_operating_costs(unit):
        return []
    if not beyond(costs.amount, public):
        return []
    return [
        make_finding(
            "operating-exceeds-economic",
            costs.amount.loc,
            operating=said(costs.amount),
            public=fmt(public),
        )
    ]


# -- cells copied from a published table ---------------------------------------------------------


def check_stated_cells(
    printed: Tables, tables: StandardTables, rounded_from: str | None
) -> list[Finding]:
    """I1–I4: a printed cell against the one computed from the lines; I2: a printed row's 合计
    against its printed parts. The cells a unit's source copies, or a department's (its
    tables being its units' lines added, or its own where they give none)."""
    findings: list[Finding] = []
    for cell in printed.stated:
        findings += check_stated_cell(cell, tables, rounded_from)
    findings += check_stated_rows(printed.stated, rounded_from)
    return findings


def computed_cell(cell: StatedCell, tables: StandardTables) -> tuple[Decimal | None, int]:
    table = tables.classified.get(cell.table)
    if table is not None:
        column = TableColumn.basic if cell.column == "basic" else cell.column
        return table.cell(cell.row.value, column), table.lines.get(cell.row.value, 0)
    two_sided = tables.summary if cell.table == "T1" else tables.appropriations
    if cell.row.value == TOTAL_ROW and cell.column in two_sided.spending_columns:
        total = two_sided.spending[-1] if cell.table == "T4" else two_sided.spending[-3]
        return total.cells.get(cell.column), len(two_sided.spending)
    return None, 0


def check_stated_cell(
    cell: StatedCell, tables: StandardTables, rounded_from: str | None
) -> list[Finding]:
    computed, lines = computed_cell(cell, tables)
    title = StandardTable(cell.table).zh
    row = "合计" if cell.row.value == TOTAL_ROW else cell.row.value
    column = column_label(cell.column)
    if computed is None:
        return [
            make_finding(
                "table-cell-unknown",
                cell.row.loc,
                value=cell.row.value,
                table=title,
                row=row,
                column=column,
            )
        ]
    found = check_sum(
        cell.amount,
        computed,
        max(lines, 1),
        (f"{title}“{row}”行“{column}”", f"{cell.table} row {row}, column {cell.column}"),
        rounded_from,
    )
    return relabel(found, "table-cell-mismatch")


ROW_PARTS = {  # I2: a row's 合计 and the parts that make it
    TableColumn.total: (TableColumn.basic, TableColumn.projects),
    TableColumn.basic: (TableColumn.personnel, TableColumn.public),
}


def check_stated_rows(cells: Iterable[StatedCell], rounded_from: str | None) -> list[Finding]:
    rows: dict[tuple[str, str], dict[str, Amount]] = {}
    for cell in cells:
        rows.setdefault((cell.table, cell.row.value), {})[cell.column] = cell.amount
    findings = []
    for (table, row), stated in rows.items():
        for whole, parts in ROW_PARTS.items():
            if whole in stated and all(p in stated for p in parts):
                computed = sum((stated[p].value for p in parts), ZERO)
                label = "合计" if row == TOTAL_ROW else row
                what = (
                    f"{StandardTable(table).zh}“{label}”行{column_label(whole)}",
                    f"{table} row {label}, {whole}",
                )
                findings += check_sum(stated[whole], computed, len(parts), what, rounded_from)
    return findings


def column_label(column: str) -> str:
    if column in TableColumn.__members__:
        return TableColumn[column].zh
    if column in RevenueSource.__members__:
        source = RevenueSource[column]
        return f"{source.zh}拨款" if source in APPROPRIATIONS else source.zh
    return column
