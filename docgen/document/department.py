"""The department document (部门预算绩效目标): 部门整体绩效目标, then every unit's project tables.

Its parts (整体绩效目标, 预算安排总体情况, the standard tables, 项目绩效目标) stand in the order
of its profile's `department_sections`, each with the profile's title where it gives one.

Project tables are numbered 1… across the department's units, each headed by its own unit's code
and name, as the published department documents do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from docgen.compute import DepartmentFigures, UnitFigures, department_totals, unit_totals
from docgen.document.blocks import Block, Cell, Figure, Paragraph, Row, RowGroup, Section
from docgen.document.charts import composition_chart
from docgen.document.columns import DEPARTMENT_UNITS, MONEY_FIGURES, headline_figures
from docgen.document.numbers import chinese_numeral, shown_amount, table_amount
from docgen.document.performance import project_section, th
from docgen.document.tables import (
    DEPARTMENT_SPEAKS,
    SECTION_ANCHOR,
    TablesOf,
    department_tables_of,
    tables_section,
    unit_tables_of,
)
from docgen.document.tablespec import body_cell
from docgen.profiles import DEPARTMENT_SECTION_KEYS, Profile
from docgen.source.model import Department, Unit
from docgen.tables import StandardTables

DEFAULT_ORDER = tuple((key, None) for key in DEPARTMENT_SECTION_KEYS)


def department_title(department: Department) -> str:
    return f"{department.name.value}{department.year}年部门预算绩效目标"


def department_sections(
    department: Department,
    units: list[tuple[Unit, UnitFigures]],
    figures: DepartmentFigures,
    tables: StandardTables | None = None,
    profile: Profile | None = None,
    *,
    own: tuple[Unit, UnitFigures] | None = None,
) -> tuple[Section, ...]:
    """The parts in the order the profile publishes them (the seeds' without one), numbered
    第一部分… as they come; `own` is a department's consolidated figures where it has no unit
    files. A part with nothing to show (no budget figures, no tables) is left out."""
    amount_unit = units[0][0].amount_unit if units else own[0].amount_unit if own else "万元"
    parts: dict[str, Section] = {"goals": overall_part(department)}
    rows = unit_rows(department, units)
    if figures.expenditure_total is not None and rows:  # by unit, or not published at all
        parts["overview"] = budget_part(rows, figures, amount_unit)
    of: TablesOf | None = None
    if units:
        of = department_tables_of(units)
    elif own:  # its own consolidated figures, said as the department's
        of = replace(unit_tables_of(*own), who=DEPARTMENT_SPEAKS)
    if tables is not None and profile is not None and of is not None:
        parts["tables"] = tables_section(of, tables, profile, profile.tables_heading)
    parts["performance"] = projects_part(units, figures, amount_unit)
    order = profile.department_sections if profile is not None else DEFAULT_ORDER
    published = [(parts[key], title) for key, title in order if key in parts]
    return tuple(
        Section(
            SECTION_ANCHOR if part.anchor == SECTION_ANCHOR else f"p{i}",
            f"第{chinese_numeral(i)}部分　{title or part.heading}",
            part.blocks,
            part.children,
            page_break=i > 1,
        )
        for i, (part, title) in enumerate(published, start=1)
    )


def overall_part(department: Department) -> Section:
    children = []
    goal = department.overall_goal.value if department.overall_goal else "无。"
    children.append(Section("p1-1", "一、总体绩效目标", (Paragraph(goal),)))
    items: list[Block] = []
    for i, sub in enumerate(department.sub_goals, start=1):
        items += [
            Paragraph(f"{i}.{sub.title.value}。", "label"),
            Paragraph(f"绩效目标：{sub.goal.value}"),
            Paragraph(f"绩效指标：{sub.indicators.value}"),
        ]
    children.append(Section("p1-2", "二、分项绩效目标", tuple(items) or (Paragraph("无。"),)))
    measures = tuple(Paragraph(m.value) for m in department.measures) or (Paragraph("无。"),)
    children.append(Section("p1-3", "三、工作保障措施", measures))
    return Section("p1", "部门整体绩效目标", (), tuple(children))


def unit_rows(
    department: Department, units: list[tuple[Unit, UnitFigures]]
) -> list[tuple[tuple[str, str], Row]]:
    """Each unit's row of 部门预算按单位汇总 with the unit it is, (code, name): its file's
    figures, or as a department without unit files lists them (a figure a unit does not publish
    left blank); none where it lists none, for its own 合计 alone would be no table by unit."""
    if units:
        return [
            unit_row(
                unit.info.code.value,
                unit.info.name.value,
                headline_figures(unit_totals(f), MONEY_FIGURES),
            )
            for unit, f in units
        ]
    return [
        unit_row(
            row.code.value,
            row.name.value,
            {key: amount.value for key, amount in row.figures.items()},
        )
        for row in department.unit_totals
    ]


def unit_row(
    code: str, name: str, figures: Mapping[str, Decimal | int | None]
) -> tuple[tuple[str, str], Row]:
    return (code, name), DEPARTMENT_UNITS.row({"unit": f"{code}{name}", **amount_cells(figures)})


def amount_cells(figures: Mapping[str, Decimal | int | None]) -> dict[str, Cell]:
    """Each money column's cell: the figure as the table prints it (blank where it is not
    given) and the number, which a workbook keeps."""
    cells = {}
    for column in MONEY_FIGURES:
        value = figures.get(column.key)
        amount = None if value is None else shown_amount(Decimal(value))
        figure = None if amount is None else Figure(amount, thousands=False)
        cells[column.key] = replace(body_cell(table_amount(amount), column), figure=figure)
    return cells


def budget_part(
    rows: list[tuple[tuple[str, str], Row]], figures: DepartmentFigures, amount_unit: str
) -> Section:
    """Sums by unit: the figures a department file states and docgen checks; the table says
    which unit each row is, for the open data."""
    total = DEPARTMENT_UNITS.row(
        {"unit": th("合计"), **amount_cells(headline_figures(department_totals(figures)))}
    )
    table = DEPARTMENT_UNITS.table(
        "部门预算按单位汇总",
        (RowGroup((*(row for _, row in rows), total)),),
        above_right=f"单位：{amount_unit}",
    )
    return Section(
        "p2", "部门预算安排总体情况", (replace(table, row_units=tuple(u for u, _ in rows)),)
    )


def projects_part(
    units: list[tuple[Unit, UnitFigures]], figures: DepartmentFigures, amount_unit: str
) -> Section:
    children = []
    for (unit, unit_figures), numbers in zip(units, figures.project_numbers, strict=True):
        for project, f, number in zip(unit.projects, unit_figures.projects, numbers, strict=True):
            children.append(project_section(f"t{number}", number, project, f, unit))
    parts: list[tuple[str, Decimal]] = [
        (unit.info.name.value, f.projects_total) for unit, f in units
    ]
    chart = composition_chart("各单位项目支出", parts, amount_unit)
    blocks: tuple[Block, ...] = (chart,) if chart else ()
    if not children:
        blocks += (Paragraph("本部门本年度无项目支出绩效目标。"),)
    return Section("p3", "预算项目绩效目标", blocks, tuple(children))
