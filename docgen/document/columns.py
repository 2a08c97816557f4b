"""Every table's columns, declared once: the documents' tables, the county index and its totals,
the bureau's summary sheet, and the diff report.

Each declaration is a `TableSpec` (see `docgen.document.tablespec`): a column's key, its heading
(Chinese; English where a report prints it), its width in percent of the text width (checked to
add up to 100 when this module is imported), the alignment of its body cells and, for a two-level
header, its group. Adding a column to a table is one line here and the figure that fills it.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from docgen.compute import Totals
from docgen.document.numbers import table_amount
from docgen.document.tablespec import Column, TableSpec, spread
from docgen.terms import (
    APPROPRIATIONS,
    ExpenditurePart,
    RevenueLine,
    RevenueSource,
    ThreePublic,
    table_source_label,
)

# -- the unit and department documents --------------------------------------------------------

ORGANISATION = TableSpec(
    "organisation",  # 单位机构设置情况
    (
        Column("name", "单位名称", 34, "center"),
        Column("nature", "单位性质", 18, "center"),
        Column("rank", "单位规格", 18, "center"),
        Column("funding_form", "经费保障形式", 30, "center"),
    ),
)
BUDGET_OVERVIEW = TableSpec(
    "budget_overview",  # 收支预算总表: revenue by source beside expenditure by kind
    (
        Column("revenue_item", "收入项目", 30),
        Column("revenue", "预算数", 20, "right"),
        Column("expenditure_item", "支出项目", 30),
        Column("expenditure", "预算数", 20, "right"),
    ),
)
CHANGES = TableSpec(
    "changes",  # 支出预算比上年增减情况
    (
        Column("item", "项目", 28),
        Column("current", "{year}年预算", 18, "right"),
        Column("previous", "{last_year}年预算", 18, "right"),
        Column("delta", "增减额", 18, "right"),
        Column("percent", "增减幅度", 18, "right"),
    ),
)
THREE_PUBLIC = TableSpec(
    "three_public",  # 财政拨款“三公”经费预算表
    (
        Column("item", "项目", 34),
        Column("current", "{year}年预算", 17, "right"),
        Column("previous", "{last_year}年预算", 17, "right"),
        Column("delta", "增减额", 17, "right"),
        Column("word", "增减", 15),
    ),
)


def procurement_source_label(source: RevenueSource) -> str:
    """A procurement table's column: 一般公共预算拨款 for an appropriation, else the source."""
    return f"{source.zh}拨款" if source in APPROPRIATIONS else source.zh


PROCUREMENT_AMOUNT = "政府采购金额"
PROCUREMENT = TableSpec(
    "procurement",  # 单位政府采购预算; the amounts share what the descriptive columns leave
    (
        Column("project", "项目名称", 15),
        Column("item", "采购物品名称", 14),
        Column("category", "品目", 6),
        Column("catalogue_no", "目录序号", 8),
        Column("measure_unit", "计量单位", 6),
        Column("quantity", "数量", 6, "right"),
        Column("unit_price", "单价", 9, "right"),
        *(
            Column(key, label, width, "right", PROCUREMENT_AMOUNT, flex=True)
            for (key, label), width in zip(
                (
                    ("total", "合计"),
                    *((source, procurement_source_label(source)) for source in RevenueSource),
                ),
                spread(36, 1 + len(RevenueSource)),
                strict=True,
            )
        ),
    ),
)
ASSETS = TableSpec(
    "assets",  # 单位固定资产占用情况表
    (
        Column("item", "项目", 50),
        Column("quantity", "数量", 20, "right"),
        Column("value", "价值（金额单位：{unit}）", 30, "right"),
    ),
)
PROJECT = TableSpec(
    "project",  # a project's facts: a form of labels and values, no head row
    (
        Column("label", "", 16),
        Column("budget_label", "", 12),
        Column("budget", "", 14),
        Column("fiscal_label", "", 16),
        Column("fiscal", "", 14),
        Column("other_label", "", 14),
        Column("other", "", 14),
    ),
    headed=False,
)
INDICATORS = TableSpec(
    "indicators",  # 绩效指标: the 一级指标 cell spans its group
    (
        Column("level1", "一级指标", 11, "center", header=True),
        Column("level2", "二级指标", 13),
        Column("name", "三级指标", 16),
        Column("description", "绩效指标描述", 20),
        Column("value", "指标值", 12, "center"),
        Column("basis", "指标值确定依据", 28),
    ),
)
CHART_DATA = TableSpec(
    "chart_data",  # a chart's figures beside its picture in a DOCX
    (
        Column("label", "项目", 60),
        Column("amount", "金额（{unit}）", 22, "right"),
        Column("percent", "占比", 18, "right"),
    ),
)

# -- the headline figures: a document's totals in the department table, the index, the sheet,
# the diff. The keys are the names of `docgen.compute.Totals`.


def headline(key: str, term: RevenueLine | ExpenditurePart | ThreePublic) -> Column:
    return Column(key, term.short, 0, "right", english=term.en, amount=True)


REVENUE_TOTAL = headline("revenue_total", RevenueLine.total)
BASIC = headline("basic", ExpenditurePart.basic)
PROJECTS = headline("projects", ExpenditurePart.projects)
EXPENDITURE_TOTAL = headline("expenditure_total", ExpenditurePart.total)
THREE_PUBLIC_TOTAL = headline("three_public", ThreePublic.total)  # “三公”经费
PROJECT_COUNT = Column("project_count", "项目个数", 0, "right", english="projects")
MONEY_FIGURES = (REVENUE_TOTAL, BASIC, PROJECTS, EXPENDITURE_TOTAL, THREE_PUBLIC_TOTAL)
HEADLINE_FIGURES = (*MONEY_FIGURES, PROJECT_COUNT)
if unknown := {c.key for c in HEADLINE_FIGURES} - {f.name for f in dataclasses.fields(Totals)}:
    raise ValueError(f"headline columns with no figure in Totals: {sorted(unknown)}")


def headline_figures(
    totals: Totals, columns: tuple[Column, ...] = HEADLINE_FIGURES
) -> dict[str, Decimal | int | None]:
    """Each headline column's figure (None where some unit does not publish it)."""
    return {column.key: getattr(totals, column.key) for column in columns}


def headline_texts(
    totals: Totals, columns: tuple[Column, ...] = HEADLINE_FIGURES
) -> dict[str, str]:
    """The figures as a table prints them: an amount with its two places, a count as it is."""
    return {
        key: str(value) if isinstance(value, int) else table_amount(value)
        for key, value in headline_figures(totals, columns).items()
    }


DEPARTMENT_UNITS = TableSpec(
    "department_units",  # 部门预算按单位汇总
    (Column("unit", "单位", 30), *(column.sized(14) for column in MONEY_FIGURES)),
)

# -- the county index and the bureau's sheet ----------------------------------------------------

INDEX_TOTALS = TableSpec(
    "index_totals",  # 全县合计
    (
        Column("departments", "部门数", 10, "right"),
        Column("units", "单位数", 10, "right"),
        *(column.sized(13) for column in HEADLINE_FIGURES[:4]),
        *(column.sized(14) for column in HEADLINE_FIGURES[4:]),
    ),
)
INDEX = TableSpec(
    "index",  # 部门和单位: a department's row, then its units' rows
    (
        Column("code", "编码", 9),
        Column("name", "名称", 22, header=True),
        *(column.sized(Decimal("8.5")) for column in HEADLINE_FIGURES),
        Column("files", "文件", 18),
    ),
)
SUMMARY = TableSpec(
    "summary",  # 单位预算汇总 (summary.xlsx), widths in characters
    (
        Column("code", "单位编码", 14),
        Column("name", "单位名称", 30),
        Column("department", "主管部门", 14),
        *(Column(source, source.zh, 14, amount=True) for source in RevenueSource),
        Column(RevenueLine.carryover, RevenueLine.carryover.zh, 14, amount=True),
        *(column.sized(14) for column in HEADLINE_FIGURES),
    ),
    measure="characters",
)

# -- the standard public tables (TABLES.md) ----------------------------------------------------

BASIC_GROUP = "基本支出"
STANDARD_SUMMARY = TableSpec(
    "standard_summary",  # T1 收支总表: revenue beside spending
    (
        Column("revenue_item", "项目", 30, group="收入"),
        Column("revenue", "预算数", 20, "right", group="收入"),
        Column("spending_item", "项目", 30, group="支出"),
        Column("spending", "预算数", 20, "right", group="支出"),
    ),
)
STANDARD_REVENUE = TableSpec(
    "standard_revenue",  # T2 收入总表: a column per source the unit has
    (
        Column("code", "科目编码", 10, header=True),
        Column("name", "科目名称", 22),
        *(
            Column(key, label, width, "right", flex=True)
            for (key, label), width in zip(
                (
                    ("total", "合计"),
                    ("carryover", "上年结转"),
                    *((source, table_source_label(source)) for source in RevenueSource),
                ),
                spread(68, 2 + len(RevenueSource)),
                strict=True,
            )
        ),
    ),
)
STANDARD_PARTS = TableSpec(
    "standard_parts",  # T3 支出总表, T5 一般公共预算支出表
    (
        Column("code", "科目编码", 10, header=True),
        Column("name", "科目名称", 26),
        Column("total", "合计", 13, "right"),
        Column("basic", "小计", 13, "right", BASIC_GROUP),
        Column("personnel", "人员经费", 13, "right", BASIC_GROUP),
        Column("public", "公用经费", 12, "right", BASIC_GROUP),
        Column("projects", "项目支出", 13, "right"),
    ),
)
STANDARD_FUND = TableSpec(
    "standard_fund",  # T8 政府性基金预算支出表, T9 国有资本经营预算支出表
    (
        Column("code", "科目编码", 12, header=True),
        Column("name", "科目名称", 40),
        Column("total", "合计", 16, "right"),
        Column("basic", "基本支出", 16, "right"),
        Column("projects", "项目支出", 16, "right"),
    ),
)
STANDARD_ECONOMIC = TableSpec(
    "standard_economic",  # T6 一般公共预算基本支出表
    (
        Column("code", "科目编码", 12, header=True),
        Column("name", "科目名称", 40),
        Column("total", "合计", 16, "right"),
        Column("personnel", "人员经费", 16, "right"),
        Column("public", "公用经费", 16, "right"),
    ),
)
STANDARD_APPROPRIATIONS = TableSpec(
    "standard_appropriations",  # T4 财政拨款收支总表
    (
        Column("revenue_item", "项目", 22, group="收入"),
        Column("revenue", "预算数", 12, "right", group="收入"),
        Column("spending_item", "项目", 22, group="支出"),
        Column("total", "合计", 11, "right", group="支出"),
        *(
            Column(source, table_source_label(source), 11, "right", group="支出")
            for source in APPROPRIATIONS
        ),
    ),
)
VEHICLES_GROUP = ThreePublic.vehicles.zh
STANDARD_THREE_PUBLIC = TableSpec(
    "standard_three_public",  # T7 一般公共预算“三公”经费支出表
    (
        Column("year", "年度", 16, header=True),
        Column(ThreePublic.total, "合计", 14, "right"),
        Column(ThreePublic.overseas, ThreePublic.overseas.zh, 14, "right"),
        Column(ThreePublic.vehicles, "小计", 14, "right", VEHICLES_GROUP),
        Column(ThreePublic.vehicle_purchase, "购置费", 14, "right", VEHICLES_GROUP),
        Column(ThreePublic.vehicle_operation, "运行维护费", 14, "right", VEHICLES_GROUP),
        Column(ThreePublic.reception, ThreePublic.reception.zh, 14, "right"),
    ),
)
# Where a province publishes the two together (“三公”经费和机关运行经费预算表).
STANDARD_THREE_PUBLIC_OPERATING = TableSpec(
    "standard_three_public_operating",
    (
        *(
            column.sized(width)
            for column, width in zip(
                STANDARD_THREE_PUBLIC.columns, (13, 12, 12, 12, 12, 12, 12), strict=True
            )
        ),
        Column("operating", "机关运行经费", 15, "right"),
    ),
)

# -- the diff report ------------------------------------------------------------------------------

DIFF = TableSpec(
    "diff",  # one line per changed figure, in the terminal and in Markdown
    (
        Column("what", "项目", english="what"),
        Column("old", "原", english="old", align="right"),
        Column("new", "新", english="new", align="right"),
        Column("delta", "增减", english="change", align="right"),
    ),
    measure="none",
)

# Every declaration by name: a `Table` records the name of the spec it was made from.
SPECS = {
    spec.name: spec
    for spec in (
        ORGANISATION,
        BUDGET_OVERVIEW,
        CHANGES,
        THREE_PUBLIC,
        PROCUREMENT,
        ASSETS,
        PROJECT,
        INDICATORS,
        CHART_DATA,
        DEPARTMENT_UNITS,
        INDEX_TOTALS,
        INDEX,
        SUMMARY,
        DIFF,
        STANDARD_SUMMARY,
        STANDARD_REVENUE,
        STANDARD_PARTS,
        STANDARD_FUND,
        STANDARD_ECONOMIC,
        STANDARD_APPROPRIATIONS,
        STANDARD_THREE_PUBLIC,
        STANDARD_THREE_PUBLIC_OPERATING,
    )
}
