"""Stage 5, checks: a department's own standard-table lines against its units' (TABLES.md X9).

A department gives its units (their sums are its figures) or, publishing without unit files, its
own consolidated figures; not the figures of a unit's form beside its units.

Takes a department and the sum of its units' lines (`docgen.tables.summed_lines`, by 功能分类 项,
funding source, 上年结转 and part; 经济分类 by 款); hands on a finding for each line the department
states that differs from its units' sum, and for each line of its units it leaves out, with
both figures (a line it states twice counted once, as the tables add it). A department and its
units state exact figures: one cent off is an error. Its own lines meet the code lists by the
unit's rule (`rules.tables.check_lines`), and the cells it prints (`stated`) the tables it shows
by the unit's (`rules.tables.check_stated_cells`), whether or not its units give lines.
"""

from __future__ import annotations

from decimal import Decimal

from docgen.compute import DepartmentFigures, department_totals
from docgen.findings import Finding, Location
from docgen.messages import make_finding
from docgen.rules.checks import check_sum, check_unique
from docgen.rules.tables import check_lines, check_stated_cells, relabel
from docgen.source.model import (
    SPENDING_PARTS,
    Amount,
    Department,
    EconomicLine,
    SpendingLine,
    Unit,
    UnitTotalsLine,
)
from docgen.tables import StandardTables, add_economic_lines, add_spending_lines, spending_key
from docgen.terms import ExpenditurePart, RevenueLine, RevenueSource, TableColumn, ThreePublic

ZERO = Decimal("0.00")  # a line not stated reads as 0.00
# 部门预算按单位汇总's figures (by the names of `compute.Totals`) and their words.
UNIT_TOTALS_WORDS = {
    "revenue_total": RevenueLine.total,
    "basic": ExpenditurePart.basic,
    "projects": ExpenditurePart.projects,
    "expenditure_total": ExpenditurePart.total,
    "three_public": ThreePublic.total,
}


def check_department_form(department: Department) -> list[Finding]:
    """A department publishes its units' sums (units:) or its own consolidated tables
    (tables:); with units, the figures of a unit's form are theirs, not its own to state, and
    so are their natures (单位性质), each unit's in its own file."""
    if department.consolidated is not None:
        if department.tables is None:
            return [make_finding("department-no-units", department.loc)]
        return []
    findings = [
        make_finding("department-own-figures", where, key=key)
        for key, where in department.own_figures.items()
    ]
    if department.natures_loc is not None:
        findings.append(make_finding("department-natures", department.natures_loc))
    return findings


def check_department_lines(department: Department) -> list[Finding]:
    """The lines a department with unit files states itself, against the code lists as a
    unit's are (without unit files they are its consolidated source's, checked as a unit's)."""
    own = department.tables
    if own is None or department.consolidated is not None:
        return []
    return check_lines(own, department.year)


def check_department_tables(
    department: Department,
    summed: tuple[tuple[SpendingLine, ...], tuple[EconomicLine, ...]] | None,
) -> list[Finding]:
    own = department.tables
    if own is None or summed is None:
        return []
    spending, economic = summed
    findings = compare_spending(own.spending, spending, own.loc)
    findings += compare_economic(own.economic, economic, own.loc)
    return findings


def check_department_cells(
    department: Department, units: list[Unit], tables: StandardTables | None
) -> list[Finding]:
    """The cells a department with unit files prints (its `tables:` `stated`) against the
    tables it shows, and each printed row's 合计 against its printed parts, as a unit's are
    (I1–I4): its units' lines added, or its own where they give none and X9 cannot be checked.
    Their rounding is its units' (a department with unit files states none of its own)."""
    own = department.tables
    if own is None or tables is None:
        return []
    rounded = next((unit.rounded_from for unit in units if unit.rounded_from), None)
    return check_stated_cells(own, tables, rounded)


def compare_spending(
    stated: tuple[SpendingLine, ...], units: tuple[SpendingLine, ...], where: Location
) -> list[Finding]:
    theirs = {spending_key(line): line for line in units}
    # a line stated twice is tables-line-duplicate; here it counts once, as the tables add it
    ours = {spending_key(line): line for line in add_spending_lines(stated)}
    findings = []
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        line, sum_line = ours.get(key), theirs.get(key)
        for part in SPENDING_PARTS:
            given = line.parts.get(part) if line else None
            value = given.value if given else ZERO
            total = sum_line.parts[part].value if sum_line and part in sum_line.parts else ZERO
            if value != total:
                at = given.loc if given else line.loc if line else where
                findings.append(mismatch(at, spending_label(key, part), value, total))
    return findings


def spending_label(key: tuple[str, str, bool], part: str) -> tuple[str, str]:
    code, source, carried = key
    known = RevenueSource[source] if source in RevenueSource.__members__ else None
    zh, en = (known.zh, known.en) if known else (source, source)
    column = TableColumn(part)
    if carried:
        zh, en = f"{zh}上年结转", f"{en} carry-over"
    return f"{code} {zh} {column.zh}", f"{code} {en}, {column.en}"


def compare_economic(
    stated: tuple[EconomicLine, ...], units: tuple[EconomicLine, ...], where: Location
) -> list[Finding]:
    theirs = {line.code.value: line for line in units}
    ours = {line.code.value: line for line in add_economic_lines(stated)}
    findings = []
    for code in [*ours, *(c for c in theirs if c not in ours)]:
        line, sum_line = ours.get(code), theirs.get(code)
        value = line.amount.value if line else ZERO
        total = sum_line.amount.value if sum_line else ZERO
        if value != total:
            at = line.amount.loc if line else where
            findings.append(
                mismatch(at, (f"经济分类 {code}", f"economic class {code}"), value, total)
            )
    return findings


def mismatch(where: Location, what: tuple[str, str], stated: Decimal, units: Decimal) -> Finding:
    return make_finding(
        "department-tables-mismatch",
        where,
        what_zh=what[0],
        what_en=what[1],
        stated=f"{stated:f}",
        units=f"{units:f}",
        difference=f"{stated - units:+f}",
    )


# -- 部门预算按单位汇总 of a department without unit files ----------------------------------------


def check_unit_totals(
    department: Department, figures: DepartmentFigures, rounded_from: str | None
) -> list[Finding]:
    """X9 for the units' rows a department without unit files lists: each unit once, each row's
    支出合计 its 基本支出 + 项目支出, and each column adding up to the department's own figure
    (department-units-mismatch at the list, with both figures; a column some row leaves blank,
    such as a “三公” a unit does not publish, is not added up)."""
    rows = department.unit_totals
    if not rows:
        return []
    findings: list[Finding] = []
    codes: dict[str, Location] = {}
    for row in rows:
        findings += check_unique(row.code, codes, "department-unit-duplicate")
        findings += check_row_total(row, rounded_from)
    where = department.unit_totals_loc or department.loc
    own = department_totals(figures)
    for key, term in UNIT_TOTALS_WORDS.items():
        given = [row.figures.get(key) for row in rows]
        figure = getattr(own, key)
        if figure is None or any(amount is None for amount in given):
            continue
        units = sum((amount.value for amount in given if amount is not None), ZERO)
        what = (f"{term.zh}（按单位汇总各行之和）", f"{term.en} (the rows by unit)")
        found = check_sum(Amount(figure, where), units, len(rows), what, rounded_from)
        findings += relabel(found, "department-units-mismatch")
    return findings


def check_row_total(row: UnitTotalsLine, rounded_from: str | None) -> list[Finding]:
    """A unit's row: 支出合计 = 基本支出 + 项目支出 (identity 1), at its 支出合计."""
    basic, projects = row.figures.get("basic"), row.figures.get("projects")
    if basic is None or projects is None:
        return []
    what = (
        f"{row.name.value}{ExpenditurePart.total.zh}",
        f"{ExpenditurePart.total.en} of {row.name.value}",
    )
    total = row.figures.get("expenditure_total")
    return check_sum(total, basic.value + projects.value, 2, what, rounded_from)
