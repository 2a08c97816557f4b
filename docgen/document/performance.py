"""The 绩效目标表 of each project: shared by unit and department documents.

Each project becomes a section headed `{n}.{项目名称}绩效目标表` with two tables, as published: the
project's facts (编码, 预算规模, 资金支出计划, 绩效目标) and its indicator rows, whose 一级指标
cell spans its group.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from itertools import groupby

from docgen.classifications import ClassificationKind, load_classification
from docgen.compute import ProjectFigures, value_of
from docgen.document.blocks import About, Cell, Figure, Row, RowGroup, Section, Table
from docgen.document.columns import INDICATORS, PROJECT
from docgen.document.numbers import percent, shown_amount, table_amount
from docgen.source.model import Indicator, Project, Unit


def th(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan, colspan, header=True, align="center")


def td(text: str, colspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan)


def num(text: str, colspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, align="right")


def money(value: Decimal) -> Cell:
    """A figure of the project's budget, with the number it shows for open data."""
    shown = shown_amount(value)
    return Cell(table_amount(shown), align="right", figure=Figure(shown, thousands=False))


def project_section(
    anchor: str, number: int, project: Project, figures: ProjectFigures, unit: Unit
) -> Section:
    return Section(
        anchor=anchor,
        heading=f"{number}.{project.name.value}绩效目标表",
        blocks=(facts_table(project, figures, unit), indicators_table(project)),
    )


def facts_table(project: Project, figures: ProjectFigures, unit: Unit) -> Table:
    """项目基本信息: code and name (and the 功能分类 项 where the profile asks), the budget and
    its use, the plan at the profile's four checkpoints (the last, 12月底, spanning the three
    columns of the budget's sources)."""
    left = f"{unit.info.code.value}{unit.info.name.value}"
    right = f"单位：{unit.amount_unit}"
    checkpoints = unit.checkpoints
    plan = [percent(value_of(project.plan.get(key))) for key in checkpoints]
    goals = "\n".join(f"{i}.{goal.value}" for i, goal in enumerate(project.goals, start=1))
    rows: list[Row] = [
        (th("项目编码"), td(project.code.value, 2), th("项目名称"), td(project.name.value, 3)),
        *function_rows(project, unit),
        (
            th("预算规模及资金用途", rowspan=2),
            th("预算数"),
            money(figures.amount),
            th("其中：财政资金"),
            money(figures.fiscal),
            th("其他资金"),
            money(figures.other),
        ),
        (td(project.purpose.value, 6),),
        (
            th("资金支出计划（%）", rowspan=2),
            *(th(k.zh) for k in checkpoints[:-1]),
            th(checkpoints[-1].zh, colspan=3),
        ),
        (*(num(p) for p in plan[:3]), num(plan[3], 3)),
        (th("绩效目标"), td(goals, 6)),
    ]
    table = PROJECT.table(
        f"{project.name.value}：项目基本信息",
        (RowGroup(tuple(rows), keep_together=True),),
        style="project",
        above_left=left,
        above_right=right,
        keep_with_next=True,
    )
    code, name = project_function(project, unit)
    about = About(
        project.code.value,
        project.name.value,
        unit.info.code.value,
        unit.info.name.value,
        code,
        name,
    )
    return replace(table, about=about)


def function_rows(project: Project, unit: Unit) -> list[Row]:
    """The 功能分类 项 the project names, by code and the year's name, where the profile asks."""
    code, name = project_function(project, unit)
    if not unit.show_function or not code:
        return []
    return [(th("功能分类科目"), td(f"{code} {name}" if name else code, 6))]


def project_function(project: Project, unit: Unit) -> tuple[str, str]:
    """The 功能分类 项 the project names and its name in the year's list ("" where it names
    none, or for a code the list lacks: a finding already says so)."""
    if project.function is None:
        return "", ""
    code = project.function.value
    entry = load_classification(ClassificationKind.functional, unit.year).lookup(code)
    return code, entry.name if entry else ""


def indicators_table(project: Project) -> Table:
    shared = project.indicator_basis.value if project.indicator_basis else ""
    groups = []
    for level1, members in groupby(project.indicators, key=lambda i: i.level1.value):
        indicators = list(members)
        # The 一级指标 cell spans its group: the rows after the first have none of their own.
        label = th(level1, rowspan=len(indicators))
        rows = [indicator_row(indicators[0], shared, label)]
        rows += [indicator_row(i, shared) for i in indicators[1:]]
        groups.append(RowGroup(tuple(rows), keep_together=True))
    return INDICATORS.table(f"{project.name.value}：绩效指标", tuple(groups), style="indicators")


def indicator_row(indicator: Indicator, shared_basis: str, level1: Cell | None = None) -> Row:
    basis = indicator.basis.value if indicator.basis else shared_basis
    values: dict[str, str | Cell] = {
        "level2": indicator.level2.value,
        "name": indicator.name.value,
        "description": indicator.description.value,
        "value": indicator.value.value,
        "basis": basis,
    }
    if level1 is None:
        return INDICATORS.row(values, covered={"level1"})
    return INDICATORS.row({"level1": level1, **values})
