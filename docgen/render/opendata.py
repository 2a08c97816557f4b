"""Stage 7, render: the figures of a document's standard tables (公开表) as open data, a
Frictionless tabular data package in the spirit of the Fiscal Data Package.

Takes the document's tables section, the same model the workbook is written from
(`docgen.render.xlsx`), and hands on two files: a UTF-8 CSV with one row per figure the tables
show, each with what it is about (unit, fiscal year, 功能分类 or 经济分类 code and name, funding
source, part of the spending, the table, row and column it stands in, and whether it is a total),
and `datapackage.json` describing it (a Table Schema with types, a primary key, the CSV's size and
hash). Amounts are the figures exactly as the tables show them: in the table's money unit, with
the table's places (a fixed form, 1172.50), so where the source is in that unit they are the
source's figures. Totals are the rows the document computed, marked `is_total`, never summed
again here: the other rows of a table add up to its 合计.

A county's package (`docgen.batch`) is its documents' CSVs one after another under one header,
so this module also says how a package is described and how CSVs are joined.

A document without standard tables (a source without `tables:`, a department) has no package.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, fields
from decimal import Decimal

from docgen.document.blocks import Cell, Document, Section, Table
from docgen.document.tables import INDENT, SECTION_ANCHOR
from docgen.findings import Finding
from docgen.provenance import Provenance, w3c_date
from docgen.render import RenderJob
from docgen.tables import FUND_TABLES, TOTAL_ROW
from docgen.terms import RevenueSource, TableColumn, ThreePublic, table_source_label

DESCRIPTOR = "datapackage.json"  # the name Frictionless looks for beside its data
CSV_SUFFIX = "csv"
COUNTY_CSV = "figures.csv"  # a county's figures, beside its index.html
CURRENCY = "CNY"
BUDGET_STAGE = "预算"
MONEY_UNITS = ("元", "万元")
UNIT_LINE = "单位："  # the line above a table: 单位：万元
PACKAGE_NAME_UNSAFE = re.compile(r"[^a-z0-9._-]+")  # what a package's name may hold
# The columns that add up others of their row: 合计 always, 基本支出 where 人员 and 公用 split it,
# the 车 subtotal of the “三公” items.
SUM_COLUMNS = {TableColumn.total.value, ThreePublic.total.value, ThreePublic.vehicles.value}
CLASSIFIED = ("standard_revenue", "standard_parts", "standard_fund", "standard_economic")
THREE_PUBLIC = ("standard_three_public", "standard_three_public_operating")
CARRYOVER = TableColumn.carryover.value
THIS_YEAR, LAST_YEAR = "本年预算", "上年预算"  # the “三公” table's rows


@dataclass(frozen=True)
class Fact:
    """One figure of the tables and what it is about; the CSV's columns, in order."""

    document: str  # <code>-<year>, as the document's files are named
    unit_code: str
    unit_name: str
    fiscal_year: int
    budget_stage: str
    table_id: str  # T2
    table_title: str
    row_key: str  # a 科目编码, total for 合计, or the row's label
    row_label: str
    column_key: str
    column_label: str
    amount: str  # the decimal as the table shows it
    currency: str
    money_unit: str
    funding_source: str  # a RevenueSource key or carryover; empty for all sources
    funding_source_name: str
    functional_code: str  # 支出功能分类科目
    functional_name: str
    economic_code: str  # 部门预算支出经济分类科目
    economic_name: str
    spending_part: str  # basic, personnel, public or projects; empty for all
    project_code: str
    is_total: bool


# Each field's title (Chinese, as the tables say it) and what it holds, for the Table Schema.
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "document": ("文件", "The document the figure is published in: unit code and year."),
    "unit_code": ("单位编码", "The budget unit's (or department's) code."),
    "unit_name": ("单位名称", "The budget unit's (or department's) name."),
    "fiscal_year": ("预算年度", "The fiscal year the figure budgets."),
    "budget_stage": ("预算阶段", "预算: the approved budget, not its execution (决算)."),
    "table_id": ("表号", "The standard table (TABLES.md): T2 收入总表 … T9."),
    "table_title": ("表名", "The table's title as the document prints it."),
    "row_key": ("行", "The row: its classification code, total for 合计, or its label."),
    "row_label": ("行名称", "The row's name as printed."),
    "column_key": ("列", "The column: a part of the spending, a funding source, or total."),
    "column_label": ("列名称", "The column's heading as printed."),
    "amount": ("金额", "The figure exactly as the table shows it, in money_unit."),
    "currency": ("币种", "ISO 4217."),
    "money_unit": ("金额单位", "元, or 万元 (10,000 元)."),
    "funding_source": ("资金来源", "The funding source's key; empty where all sources."),
    "funding_source_name": ("资金来源名称", "The funding source as the tables name it."),
    "functional_code": ("功能分类科目编码", "支出功能分类: 类 3, 款 5, 项 7 digits."),
    "functional_name": ("功能分类科目名称", "The 功能分类 科目's name."),
    "economic_code": ("经济分类科目编码", "部门预算支出经济分类: 类 3, 款 5 digits."),
    "economic_name": ("经济分类科目名称", "The 经济分类 科目's name."),
    "spending_part": ("支出类型", "basic, personnel, public or projects; empty where all."),
    "project_code": ("项目编码", "The project the figure belongs to, where one does."),
    "is_total": ("是否合计", "A sum of other rows: the others of its table add up to its 合计."),
}
TYPES = {"fiscal_year": "year", "amount": "number", "is_total": "boolean"}
PRIMARY_KEY = ("document", "table_id", "row_key", "column_key")
FIELD_NAMES = tuple(field.name for field in fields(Fact))


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
    """Every figure of the document's standard tables, table by table in the profile's order."""
    section = next((s for _, s in document.walk() if s.anchor == SECTION_ANCHOR), None)
    for child in section.children if section else ():
        for block in child.blocks:
            if isinstance(block, Table):
                yield from table_facts(document, child, block)


def table_facts(document: Document, section: Section, table: Table) -> Iterator[Fact]:
    table_id = section.anchor.removeprefix(f"{SECTION_ANCHOR}-")
    place = Place(document, table_id, section.heading, money_unit_of(table))
    if table.spec in CLASSIFIED:
        yield from classified_facts(place, table)
    elif table.spec in THREE_PUBLIC:
        yield from three_public_facts(place, table)


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


def replace_fact(fact: Fact, changes: dict[str, object]) -> Fact:
    values = {name: getattr(fact, name) for name in FIELD_NAMES} | changes
    return Fact(**values)


# -- the files ---------------------------------------------------------------------------------


def facts_csv(facts: Iterable[Fact]) -> bytes:
    """UTF-8, a header row, every field quoted where the csv module must (a name with a comma,
    a quote or a line break); a boolean as true/false, as Table Schema reads it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELD_NAMES)
    for fact in facts:
        writer.writerow(csv_value(value) for value in astuple(fact))
    return out.getvalue().encode("utf-8")


def csv_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def county_package(
    name: str, title: str, tables: Iterable[bytes], provenance: Provenance
) -> dict[str, bytes]:
    """A county's package: its documents' figures under one header, and the descriptor, by
    file name (written beside the county's index)."""
    joined = join_csv(tables)
    return {
        COUNTY_CSV: joined,
        DESCRIPTOR: describe_package(name, title, COUNTY_CSV, joined, provenance),
    }


def join_csv(tables: Iterable[bytes]) -> bytes:
    """Documents' CSVs one after another under their one header (a county's package)."""
    header = facts_csv(())
    joined = [header]
    for table in tables:
        if not table.startswith(header):
            raise ValueError("a document's CSV does not start with the figures' header")
        joined.append(table[len(header) :])
    return b"".join(joined)


def describe_package(
    name: str, title: str, csv_name: str, table: bytes, provenance: Provenance
) -> bytes:
    """`datapackage.json` for the CSV: a tabular data package with its Table Schema."""
    descriptor = {
        "profile": "tabular-data-package",
        "name": package_name(name),
        "title": title,
        "description": (
            "每个数字一行：标准公开表所示的每一个数字及其所属单位、年度、科目、资金来源和表格位置。"
            "One row per figure of the standard public tables (公开表), as the document shows it."
        ),
        "created": w3c_date(provenance.timestamp),
        "sources": [{"title": title, "description": provenance.describe()}],
        "contributors": [{"title": "docgen", "role": "author"}],
        "keywords": ["预算公开", "budget", "fiscal data", "China"],
        "resources": [describe_resource(csv_name, table)],
    }
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")


def package_name(name: str) -> str:
    """A name the Data Package specification accepts: lower case, digits, . _ -."""
    return PACKAGE_NAME_UNSAFE.sub("-", name.lower()).strip("-") or "figures"


def describe_resource(csv_name: str, table: bytes) -> dict[str, object]:
    return {
        "profile": "tabular-data-resource",
        "name": "figures",
        "path": csv_name,
        "title": "标准公开表数字 (figures of the standard tables)",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(table),
        "hash": f"sha256:{hashlib.sha256(table).hexdigest()}",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": table_schema(),
    }


def table_schema() -> dict[str, object]:
    return {
        "fields": [describe_field(name) for name in FIELD_NAMES],
        "primaryKey": list(PRIMARY_KEY),
        "missingValues": [""],
    }


def describe_field(name: str) -> dict[str, object]:
    title, description = FIELD_WORDS[name]
    described: dict[str, object] = {
        "name": name,
        "title": title,
        "description": description,
        "type": TYPES.get(name, "string"),
    }
    if name == "amount":
        described |= {"bareNumber": True, "decimalChar": "."}
    if name in PRIMARY_KEY or name in ("amount", "currency", "money_unit", "fiscal_year"):
        described["constraints"] = {"required": True}
    if name == "money_unit":
        described["constraints"] = {"required": True, "enum": list(MONEY_UNITS)}
    return described
