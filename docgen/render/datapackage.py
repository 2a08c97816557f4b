"""Stage 7, render: what a figure of open data is and how a data package is written, a
Frictionless tabular data package in the spirit of the Fiscal Data Package.

A `Fact` is one row of the CSV: a figure and what it is about. This module writes facts as a UTF-8
CSV with a header row and describes it in `datapackage.json` (a Table Schema with each field's
type and title, a primary key, the CSV's size and hash); it also joins documents' CSVs into a
county's package. Which figures a document has is `docgen.render.opendata`'s.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from docgen.provenance import Provenance, w3c_date

DESCRIPTOR = "datapackage.json"  # the name Frictionless looks for beside its data
CSV_SUFFIX = "csv"
COUNTY_CSV = "figures.csv"  # a county's figures, beside its index.html
MONEY_UNITS = ("元", "万元")
PACKAGE_NAME_UNSAFE = re.compile(r"[^a-z0-9._-]+")  # what a package's name may hold


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
    "unit_code": (
        "单位编码",
        "The budget unit's (or department's) code: in a department's document, a unit's row of "
        "units and a unit's project are that unit's.",
    ),
    "unit_name": ("单位名称", "The budget unit's (or department's) name, as unit_code."),
    "fiscal_year": ("预算年度", "The fiscal year the figure budgets."),
    "budget_stage": ("预算阶段", "预算: the approved budget, not its execution (决算)."),
    "table_id": (
        "表号",
        "The standard table (TABLES.md): T1 收支总表 … T9; units: a department's "
        "部门预算按单位汇总; project: a project's 项目基本信息.",
    ),
    "table_title": ("表名", "The table's title as the document prints it."),
    "row_key": (
        "行",
        "The row: its 科目编码, total for 合计, its label (T4: group/label), a unit's code "
        "(units) or a project's code.",
    ),
    "row_label": ("行名称", "The row's name as printed."),
    "column_key": (
        "列",
        "The column: a part of the spending, a funding source, or total; a project's budget "
        "(预算数), fiscal (财政资金) or other (其他资金).",
    ),
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
    "project_code": ("项目编码", "The project the figure belongs to (table project)."),
    "is_total": (
        "是否合计",
        "A sum of other figures: the others of a table add up to its 合计 (T1 and T4 sum the "
        "other tables' lines: all theirs are totals), a project's 财政资金 and 其他资金 to its "
        "预算数.",
    ),
}
TYPES = {"fiscal_year": "year", "amount": "number", "is_total": "boolean"}
PRIMARY_KEY = ("document", "table_id", "row_key", "column_key")
FIELD_NAMES = tuple(field.name for field in fields(Fact))


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


def has_current_header(path: Path) -> bool:
    """Whether a document's CSV starts with the figures' header as this docgen writes it (one
    an older docgen wrote may not); an unreadable file has none."""
    header = facts_csv(())
    try:
        with path.open("rb") as stream:
            return stream.read(len(header)) == header
    except OSError:
        return False


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
            "每个数字一行：标准公开表和项目预算所示的每一个数字及其所属单位、年度、科目、资金来源和"
            "表格位置。"
            "One row per figure of the standard public tables (公开表) and of each project's "
            "budget, as the document shows it."
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
