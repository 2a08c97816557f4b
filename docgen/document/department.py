"""The department document (部门预算绩效目标): 部门整体绩效目标, then every unit's project tables.

Its parts (整体绩效目标, 预算安排总体情况, the standard tables, 项目绩效目标) stand in the order
of its profile's `department_sections`, each with the profile's title where it gives one.

预算安排总体情况 says the department's budget in the sentences a department's 情况说明 prints
(`2022年部门预算收入300.00万元，其中：…`, `较2021年预算增加10.00万元，增长3.45%，…`,
`“三公”经费预算数为…`) above its sums by unit. Every figure in them is its units' sum
(`DepartmentFigures`), never the one its `stated:` gives, which the checks held to that sum,
but for a total it writes in a coarser unit than its units' (300.03万元 over units in 元),
said as written, as a unit's is (`said_amount`); the words of its changes on last year are
the computed ones where its units give last year, else its stated changes are the data.
Printed in these shapes, `docgen import` of the department's own DOCX reads them back into the
`stated:` they came from. A department without unit files says none: its figures are its own,
in a unit's form, and its tables print them.

Project tables are numbered 1… across the department's units, each headed by its own unit's code
and name, as the published department documents do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from docgen.compute import (
    Change,
    DepartmentFigures,
    UnitFigures,
    department_totals,
    stated_changes,
    unit_totals,
)
from docgen.document.blocks import (
    Block,
    Cell,
    Figure,
    Paragraph,
    Row,
    RowGroup,
    Section,
    Table,
)
from docgen.document.charts import composition_chart
from docgen.document.columns import DEPARTMENT_UNITS, MONEY_FIGURES, headline_figures
from docgen.document.numbers import (
    change_phrase,
    chinese_numeral,
    percent,
    said_amount,
    shown_amount,
    table_amount,
)
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
from docgen.source.model import Amount, Department, DepartmentStated, Unit
from docgen.tables import StandardTables
from docgen.terms import ExpenditurePart, RevenueLine, RevenueSource

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
        table = by_unit_table(rows, figures, amount_unit)
        # Without unit files its figures are its own, in a unit's form, and its tables say
        # them; sentences of its totals alone would be read back as a partial second statement.
        parts["overview"] = overview(table)
        if units:
            last_year = last_year_of(department, units)
            said = Said(department.year, last_year, amount_unit, department.stated)
            parts["overview"] = budget_part(department, figures, table, said)
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


@dataclass(frozen=True)
class Said:
    """What the budget's sentences name besides figures: the years and the money unit."""

    year: int
    last_year: int
    unit: str  # 万元, or 元 where the units state their figures in 元
    # What the department states: a total written in a coarser unit than its units' (63.44万元
    # over units in 元) is said as written, as a unit's is (`said_amount`).
    stated: DepartmentStated | None = None

    def total(self, value: Decimal, key: str) -> str:
        """A total the department may state (`key`, a field of `DepartmentStated`)."""
        figure: Amount | None = getattr(self.stated, key) if self.stated else None
        return said_amount(value, self.unit, figure, table_amount)


def last_year_of(department: Department, units: list[tuple[Unit, UnitFigures]]) -> int:
    """The year its units compare with (their `last_year`), else the one before its own."""
    years = [unit.last_year.year for unit, _ in units if unit.last_year is not None]
    return years[0] if years else department.year - 1


def overview(*blocks: Block, children: tuple[Section, ...] = ()) -> Section:
    return Section("p2", "部门预算安排总体情况", blocks, children)


def budget_part(
    department: Department, figures: DepartmentFigures, by_unit: Table, said: Said
) -> Section:
    """Its budget said, over its sums by unit, then its “三公” total under a heading of its
    own, where `docgen import` reads a “三公” figure."""
    blocks: tuple[Block, ...] = (*budget_said(department, figures, said), by_unit)
    children = [Section("p2-1", "一、收支预算总体情况", blocks)]
    if figures.three_public_total is not None:
        three = said.total(figures.three_public_total, "three_public_total")
        text = f"{said.year}年，部门财政拨款“三公”经费预算数为{three}。"
        children.append(Section("p2-2", "二、财政拨款“三公”经费预算情况", (Paragraph(text),)))
    return overview(children=tuple(children))


def by_unit_table(
    rows: list[tuple[tuple[str, str], Row]], figures: DepartmentFigures, amount_unit: str
) -> Table:
    """部门预算按单位汇总: the figures a department file states and docgen checks, by unit;
    the table says which unit each row is, for the open data."""
    total = DEPARTMENT_UNITS.row(
        {"unit": th("合计"), **amount_cells(headline_figures(department_totals(figures)))}
    )
    table = DEPARTMENT_UNITS.table(
        "部门预算按单位汇总",
        (RowGroup((*(row for _, row in rows), total)),),
        above_right=f"单位：{amount_unit}",
    )
    return replace(table, row_units=tuple(u for u, _ in rows))


def amount_said(value: Decimal, unit: str) -> str:
    """300.00万元: with the places a department's tables and its stated totals give, so that
    the figure read back is written as it was."""
    return f"{table_amount(value)}{unit}"


def budget_said(
    department: Department, figures: DepartmentFigures, said: Said
) -> tuple[Paragraph, ...]:
    """收入, 支出 and 比上年增减, a paragraph each, where its units give the figures."""
    texts = [revenue_said(figures, said), expenditure_said(figures, said)]
    texts.append(changes_said(changes_of(department, figures), figures, said))
    return tuple(Paragraph(text) for text in texts if text)


def revenue_said(figures: DepartmentFigures, said: Said) -> str:
    """The total, then each revenue source its units list (in the order a disclosure lists
    them) and 上年结转 where every unit states one."""
    totals = department_totals(figures)
    if totals.revenue_total is None:
        return ""
    listed = {key for unit in figures.units for key in unit.revenue_by_source or {}}
    by_source = totals.revenue_by_source or {}
    parts = [
        f"{key.zh}收入{amount_said(by_source[key], said.unit)}"
        for key in RevenueSource
        if key in listed and key in by_source
    ]
    if totals.carryover is not None:
        parts.append(f"{RevenueLine.carryover.zh}{amount_said(totals.carryover, said.unit)}")
    text = f"{said.year}年部门预算收入{said.total(totals.revenue_total, 'revenue_total')}"
    return text + (f"，其中：{'，'.join(parts)}。" if parts else "。")


def expenditure_said(figures: DepartmentFigures, said: Said) -> str:
    if figures.expenditure_total is None:
        return ""
    parts = [(ExpenditurePart.basic, figures.basic)] if figures.basic is not None else []
    parts.append((ExpenditurePart.projects, figures.projects_total))
    items = "，".join(f"{part.zh}{said.total(value, part.value)}" for part, value in parts)
    total = said.total(figures.expenditure_total, "expenditure_total")
    return f"{said.year}年部门预算支出{total}，其中：{items}。"


def changes_of(department: Department, figures: DepartmentFigures) -> dict[str, Change]:
    """The changes on last year its units compute; where they give no last year, the ones the
    department states are the data (its word the sign, its amount the size)."""
    if figures.changes or department.stated is None or figures.expenditure_total is None:
        return figures.changes
    current = {"total": figures.expenditure_total, "projects": figures.projects_total}
    if figures.basic is not None:
        current["basic"] = figures.basic
    return stated_changes(current, department.stated.changes)


def change_said(change: Change, unit: str) -> str:
    """增加10.00万元，增长3.45% / 持平: the amount with the places of the figures beside it,
    the rate where last year was not 0 (or a stated change gives one), unsigned after its
    word, as a source states it."""
    said = change_phrase(change, unit, table_amount)
    if change.flat or change.percent is None:
        return said
    return f"{said}，{'增长' if change.delta > 0 else '下降'}{percent(abs(change.percent))}"


def changes_said(changes: dict[str, Change], figures: DepartmentFigures, said: Said) -> str:
    """`2022年部门预算收支安排300.00万元，较2021年预算增加10.00万元，其中：基本支出增加…；
    项目支出持平。` as a unit says it, without reasons: those are its units' to give."""
    if not changes or figures.expenditure_total is None:
        return ""
    total = amount_said(figures.expenditure_total, said.unit)
    text = f"{said.year}年部门预算收支安排{total}"
    if "total" in changes:
        text += f"，较{said.last_year}年预算{change_said(changes['total'], said.unit)}"
    parts = [
        f"{part.zh}{change_said(changes[part], said.unit)}"
        for part in (ExpenditurePart.basic, ExpenditurePart.projects)
        if part in changes
    ]
    if parts:
        text += ("，其中：" if "total" in changes else "。与上年相比，") + "；".join(parts)
    return text + "。"


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
