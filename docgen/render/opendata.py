"""Stage 7, render: the figures of a document's standard tables (公开表) and of its projects as
open data (`-f data`).

Takes the document's tables section, the same model the workbook is written from
(`docgen.render.xlsx`), and hands on one `Fact` per figure the tables show, with what it is about
(unit, fiscal year, 功能分类 or 经济分类 code and name, funding source, part of the spending, the
table, row and column it stands in, and whether it is a total), written as a data package by
`docgen.render.datapackage`. Amounts are the figures exactly as the tables show them: in the
table's money unit, with the table's places (a fixed form, 1172.50), so where the source is in
that unit they are the source's figures. Totals are the ones the document computed, marked
`is_total`, never summed again here: the other figures of a classified or “三公” table add up to
its 合计. Every figure of 收支总表 (T1) and 财政拨款收支总表 (T4) sums lines the other tables show
one by one, so each is marked a total.

A department's 部门预算按单位汇总 comes first (table `units`): each unit's 收入合计, 基本支出,
项目支出, 支出合计 and “三公”经费, the row keyed by the unit's code and the figures under the unit's
own code and name, then the department's 合计 row; its 支出合计 is 基本支出 + 项目支出, and the 合计
row the units' sum.

Each project's 预算数, 财政资金 and 其他资金 follow, as its 项目基本信息 table prints them (table
`project`, the row keyed by the project's code, the 功能分类 项 where the project names one), under
the code and name of the unit whose project it is (in a department's document, one of its units):
its 预算数 is their total. A document with neither standard tables nor projects has no package.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from docgen.document.blocks import About, Cell, Document, Section, Table
from docgen.document.tables import INDENT, SECTION_ANCHOR
from docgen.findings import Finding
from docgen.provenance import Provenance
from docgen.render import RenderJob
from docgen.render.datapackage import (
    CSV_SUFFIX,
    DESCRIPTOR,
    FIELD_NAMES,
    MONEY_UNITS,
    Fact,
    describe_package,
    facts_csv,
)
from docgen.tables import FUND_TABLES, TOTAL_ROW
from docgen.terms import (
    ExpenditurePart,
    RevenueSource,
    TableColumn,
    ThreePublic,
    table_source_label,
)

CURRENCY = "CNY"
BUDGET_STAGE = "预算"
UNIT_LINE = "单位："  # the line above a table: 单位：万元
# The columns that add up others of their row: 合计 always, 基本支出 where 人员 and 公用 split it,
# the 车 subtotal of the “三公” items.
SUM_COLUMNS = {TableColumn.total.value, ThreePublic.total.value, ThreePublic.vehicles.value}
CLASSIFIED = ("standard_revenue", "standard_parts", "standard_fund", "standard_economic")
THREE_PUBLIC = ("standard_three_public", "standard_three_public_operating")
TWO_SIDED = ("standard_summary", "standard_appropriations")  # T1, T4
CARRYOVER = TableColumn.carryover.value
LAST_YEAR = "上年预算"  # the “三公” table's row of last year's figures
CARRIED = TableColumn.carryover.zh  # 上年结转: a line of T1, a group of T4's lines
GROUP_LINES = ("本年收入", CARRIED)  # T4's revenue: each appropriation under both
SOURCES_BY_LABEL = {table_source_label(source): source.value for source in RevenueSource}
PROJECT_TABLE = "project"  # the table_id of a project's figures (its 项目基本信息 table)
PROJECT_TOTAL = "budget"  # its 预算数, the sum of its 财政资金 and 其他资金
PROJECT_LABEL = "其中："  # 其中：财政资金: the part of the 预算数 it is, without the 其中
UNITS_TABLE = "units"  # the table_id of a department's figures by unit (部门预算按单位汇总)
UNITS_SPEC = "department_units"
# Its columns that sum others of its row (收入合计 its unit's revenue, 支出合计 基本 + 项目), and
# the part of the spending each of the others is.
UNITS_SUMS = {"revenue_total", "expenditure_total"}
UNITS_PARTS = {
    "basic": ExpenditurePart.basic.value,
    "projects": ExpenditurePart.projects.value,
}


@dataclass(frozen=True)
class Place:
    """Where the figures of one table stand: the document and the table."""

    document: Document
    table_id: str
    title: str
    money_unit: str

    def fact(self, row: tuple[str, str], column: tuple[str, str], amount: Decimal) -> Fact:
        """A figure with its place filled in; `about` sets the rest."""
        return Fact(
            document=self.document.slug,
            unit_code=self.document.org_code,
            unit_name=self.document.org_name,
            fiscal_year=self.document.year,
            budget_stage=BUDGET_STAGE,
            table_id=self.table_id,
            table_title=self.title,
            row_key=row[0],
            row_label=row[1],
            column_key=column[0],
            column_label=column[1],
            amount=f"{amount.copy_abs() if amount.is_zero() else amount:f}",  # no -0.00
            currency=CURRENCY,
            money_unit=self.money_unit,
            funding_source="",
            funding_source_name="",
            functional_code="",
            functional_name="",
            economic_code="",
            economic_name="",
            spending_part="",
            project_code="",
            is_total=False,
        )


def render_data_file(job: RenderJob) -> tuple[dict[str, bytes] | None, list[Finding]]:
    return render_data_package(job.document, job.provenance), []


def render_data_package(document: Document, provenance: Provenance) -> dict[str, bytes] | None:
    """The CSV and its descriptor, by the suffix each is written under, or None for a document
    without standard tables."""
    facts = list(document_facts(document))
    if not facts:
        return None
    table = facts_csv(facts)
    csv_name = f"{document.slug}.{CSV_SUFFIX}"
    descriptor = describe_package(document.slug, document.title, csv_name, table, provenance)
    return {CSV_SUFFIX: table, DESCRIPTOR: descriptor}


def document_facts(document: Document) -> Iterator[Fact]:
    """A department's figures by unit, every figure of the document's standard tables, table by
    table in the profile's order, then each project's, in the order the document shows them."""
    for _, child in document.walk():
        for block in child.blocks:
            if isinstance(block, Table) and block.spec == UNITS_SPEC:
                yield from unit_row_facts(document, block)
    section = next((s for _, s in document.walk() if s.anchor == SECTION_ANCHOR), None)
    for child in section.children if section else ():
        for block in child.blocks:
            if isinstance(block, Table):
                yield from table_facts(document, child, block)
    for _, child in document.walk():
        for block in child.blocks:
            if isinstance(block, Table) and block.about is not None:
                yield from project_facts(document, block, block.about)


def unit_row_facts(document: Document, table: Table) -> Iterator[Fact]:
    """部门预算按单位汇总: each unit's row under its own code and name, then the 合计 row, the
    department's own, whose figures are all totals (the units' sums)."""
    place = Place(document, UNITS_TABLE, table.caption, money_unit_of(table))
    labels = column_labels(table)
    rows = body_rows(table)
    for number, row in enumerate(rows):
        own = number >= len(table.row_units)  # the 合计 row
        code, name = (document.org_code, document.org_name) if own else table.row_units[number]
        key_and_label = (TOTAL_ROW, row["unit"].text) if own else (code, name)
        for key, cell in row.items():
            if cell.figure is None:
                continue
            fact = place.fact(key_and_label, (key, labels[key]), cell.figure.value)
            yield replace_fact(
                fact,
                {
                    "unit_code": code,
                    "unit_name": name,
                    "spending_part": UNITS_PARTS.get(key, ""),
                    "is_total": own or key in UNITS_SUMS,
                },
            )


def table_facts(document: Document, section: Section, table: Table) -> Iterator[Fact]:
    table_id = section.anchor.removeprefix(f"{SECTION_ANCHOR}-")
    place = Place(document, table_id, section.heading, money_unit_of(table))
    if table.spec in CLASSIFIED:
        yield from classified_facts(place, table)
    elif table.spec in THREE_PUBLIC:
        yield from three_public_facts(place, table)
    elif table.spec in TWO_SIDED:
        yield from two_sided_facts(place, table)


def money_unit_of(table: Table) -> str:
    """The money unit the line above the table names (单位：万元)."""
    unit = table.above_right.removeprefix(UNIT_LINE)
    if unit not in MONEY_UNITS:
        raise ValueError(f"{table.caption}: no money unit in {table.above_right!r}")
    return unit


def body_rows(table: Table) -> list[dict[str, Cell]]:
    """Each body row's cells by column key (the standard tables span no body cell)."""
    rows = []
    for row in (r for group in table.body for r in group.rows):
        if len(row) != len(table.columns):
            raise ValueError(f"{table.caption}: a row of {len(row)} cells, not one per column")
        rows.append(dict(zip(table.columns, row, strict=True)))
    return rows


def column_labels(table: Table) -> dict[str, str]:
    """Each column's heading as printed: a grouped column's under its group (基本支出 小计)."""
    from docgen.document.columns import SPECS  # noqa: PLC0415

    spec = SPECS[table.spec]
    labels = {}
    for column in spec.columns:
        grouped = column.group and column.group not in column.heading
        labels[column.key] = f"{column.group} {column.heading}" if grouped else column.heading
    return labels


def classified_facts(place: Place, table: Table) -> Iterator[Fact]:
    """A table by 功能分类 (T2, T3, T5, T8, T9) or 经济分类 (T6): 合计, 类, 款 and 项 rows."""
    rows = body_rows(table)
    codes = [row["code"].text for row in rows]
    labels = column_labels(table)
    for row in rows:
        code = row["code"].text
        name = row["name"].text.lstrip(INDENT)
        parent = not code or any(other.startswith(code) and other != code for other in codes)
        for key, cell in row.items():
            if cell.figure is None:
                continue
            fact = place.fact((code or TOTAL_ROW, name), (key, labels[key]), cell.figure.value)
            total = parent or key in SUM_COLUMNS or (key == "basic" and "personnel" in row)
            yield classify(place.table_id, fact, code, name, total=total)


def classify(table_id: str, fact: Fact, code: str, name: str, *, total: bool) -> Fact:
    """The figure's classification, funding source and part, as its table and column say."""
    column = fact.column_key
    about: dict[str, object] = {"is_total": total}
    if table_id == "T6":
        about |= {"economic_code": code, "economic_name": name if code else ""}
        source = RevenueSource.general_budget.value
        about["spending_part"] = TableColumn.basic.value if column in SUM_COLUMNS else column
    else:
        about |= {"functional_code": code, "functional_name": name if code else ""}
        fund = FUND_TABLES.get(table_id)
        source = fund.value if fund else column if table_id == "T2" else ""
        if table_id != "T2" and column not in SUM_COLUMNS:
            about["spending_part"] = column
    if source in RevenueSource.__members__:
        about |= {"funding_source": source, "funding_source_name": source_name(source)}
    elif source == CARRYOVER:
        about |= {"funding_source": source, "funding_source_name": TableColumn.carryover.zh}
    return replace_fact(fact, about)


def source_name(key: str) -> str:
    return table_source_label(RevenueSource(key))


def three_public_facts(place: Place, table: Table) -> Iterator[Fact]:
    """T7: the “三公” items this year and last (the year row says which), and 机关运行经费 where
    the profile publishes it beside them, all from 一般公共预算."""
    labels = column_labels(table)
    for row in body_rows(table):
        year = row["year"].text
        fiscal_year = place.document.year - (1 if year == LAST_YEAR else 0)
        for key, cell in row.items():
            if cell.figure is None:
                continue
            fact = place.fact((year, year), (key, labels[key]), cell.figure.value)
            source = RevenueSource.general_budget.value
            yield replace_fact(
                fact,
                {
                    "fiscal_year": fiscal_year,
                    "funding_source": source,
                    "funding_source_name": source_name(source),
                    "is_total": key in SUM_COLUMNS,
                },
            )


def two_sided_facts(place: Place, table: Table) -> Iterator[Fact]:
    """T1 and T4: revenue lines on the left, spending by 类 on the right. Every figure sums
    lines the other tables show one by one (T1's 一般公共预算拨款 is T2's column, its 类 T3's),
    so all are totals; T4's sources repeat under 本年收入 and 上年结转, and say which."""
    labels = column_labels(table)
    group = ""
    for row in body_rows(table):
        left = row["revenue_item"].text
        group = left if left in GROUP_LINES and place.table_id == "T4" else group
        for key, cell in row.items():
            if cell.figure is None:
                continue
            label = left if key == "revenue" else row["spending_item"].text
            fact = place.fact(("", label), (key, labels[key]), cell.figure.value)
            if key == "revenue":
                yield revenue_line(fact, group if left != group else "")
            else:
                yield spending_line(fact)


def revenue_line(fact: Fact, group: str) -> Fact:
    """A revenue line by its label, under its group in T4 (上年结转/一般公共预算拨款)."""
    label = fact.row_label
    about: dict[str, object] = {"row_key": f"{group}/{label}" if group else label, "is_total": True}
    source = SOURCES_BY_LABEL.get(label) or (CARRYOVER if label == CARRIED else "")
    if source:
        about |= {"funding_source": source, "funding_source_name": label}
    return replace_fact(fact, about)


def spending_line(fact: Fact) -> Fact:
    """A spending line: a 功能分类 类 (208 社会保障和就业支出) by its code, or a total by its label;
    T4's columns are funding sources."""
    code, _, name = fact.row_label.partition(" ")
    about: dict[str, object] = {"row_key": fact.row_label, "is_total": True}
    if code.isdigit():
        about |= {"row_key": code, "functional_code": code, "functional_name": name}
    if fact.column_key in RevenueSource.__members__:
        about |= {
            "funding_source": fact.column_key,
            "funding_source_name": source_name(fact.column_key),
        }
    return replace_fact(fact, about)


def replace_fact(fact: Fact, changes: dict[str, object]) -> Fact:
    values = {name: getattr(fact, name) for name in FIELD_NAMES} | changes
    return Fact(**values)


def project_facts(document: Document, table: Table, about: About) -> Iterator[Fact]:
    """A project's 预算数, 财政资金 and 其他资金: each cell with a figure, under the label printed
    before it; all project spending (项目支出), of the 功能分类 项 the project names."""
    place = Place(document, PROJECT_TABLE, table.caption, money_unit_of(table))
    for row in (r for group in table.body for r in group.rows):
        if len(row) != len(table.columns):  # a row of spanned cells holds no figure
            continue
        for key, label, cell in zip(table.columns[1:], row[:-1], row[1:], strict=True):
            if cell.figure is None or not label.header:
                continue
            fact = place.fact(
                (about.project_code, about.project_name),
                (key, label.text.removeprefix(PROJECT_LABEL)),
                cell.figure.value,
            )
            yield replace_fact(
                fact,
                {
                    "unit_code": about.unit_code,
                    "unit_name": about.unit_name,
                    "functional_code": about.functional_code,
                    "functional_name": about.functional_name,
                    "spending_part": ExpenditurePart.projects.value,
                    "project_code": about.project_code,
                    "is_total": key == PROJECT_TOTAL,
                },
            )
