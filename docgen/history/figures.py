"""History: every figure and wording a source states, under the label a reviewer knows it by.

Takes a unit's or a department's model, hands on its stated figures (label → Decimal) and its
stated words (label → text) for `diff` to compare side by side. Stated totals are here as well
as their parts: a total is checked, never summed, so a changed `basic_total` moves no computed
total and would otherwise pass unseen.
"""

from __future__ import annotations

from decimal import Decimal
from functools import singledispatch

from docgen.document.columns import MONEY_FIGURES
from docgen.rules.checks import CHANGE_NAMES, THREE_PUBLIC_NAMES, What
from docgen.source.model import Amount, Department, Project, Register, StatedChange, Unit
from docgen.terms import (
    THREE_PUBLIC_ITEMS,
    AssetCategory,
    AssetDetail,
    ExpenditurePart,
    LargeEquipment,
    PlanCheckpoint,
    RevenueLine,
    RevenueSource,
    TableColumn,
    ThreePublic,
    VehicleUse,
)

Labelled = list[tuple[str, Amount | None]]
STATED = "（原文）"  # a total as the source states it, beside the one docgen computes
WRITTEN = "（写法）"  # how a figure is written, where only that changed (80000元 → 8.00万元)
# The figures that are no money, by the words their labels carry: shares (a plan's, a stated
# change's %) and counts (数量, vehicles by use). Every other figure is in the source's unit.
NOT_MONEY = ("（%）", "数量", "车辆：")
BY_UNIT = "部门预算按单位汇总"  # the label of each row a department lists there
# Stated changes: the words that lead their labels, and the names of their keys. `total` is the
# budget total among last year's changes and the “三公” total among the “三公” changes.
Changes = tuple[str, dict[str, What]]
BUDGET_CHANGES: Changes = ("比上年", CHANGE_NAMES)
THREE_PUBLIC_CHANGES: Changes = ("“三公”经费比上年", THREE_PUBLIC_NAMES)


def stated_figures(model: Unit | Department) -> dict[str, Decimal]:
    return {label: figure.value for label, figure in labelled_figures(model) if figure is not None}


def coarse_figures(model: Unit | Department) -> dict[str, Amount]:
    """The figures written in a coarser unit than their file's (8.00万元 in a source in 元)."""
    return {
        label: figure
        for label, figure in labelled_figures(model)
        if figure is not None and figure.stated_in is not None
    }


@singledispatch
def labelled_figures(model: Unit | Department) -> Labelled:
    raise TypeError(f"no stated figures for a {type(model).__name__}")


@labelled_figures.register
def unit_figures(unit: Unit) -> Labelled:
    return [
        *budget_figures(unit),
        *stated_totals(unit),
        *project_figures(unit),
        *register_figures(unit),
        *table_figures(unit),
    ]


@labelled_figures.register
def department_figures(department: Department) -> Labelled:
    return [*department_stated(department), *unit_totals_figures(department)]


def department_stated(department: Department) -> Labelled:
    stated = department.stated
    if stated is None:
        return []
    return [
        (RevenueLine.total.zh + STATED, stated.revenue_total),
        (ExpenditurePart.basic.zh + STATED, stated.basic),
        (ExpenditurePart.projects.zh + STATED, stated.projects),
        (ExpenditurePart.total.zh + STATED, stated.expenditure_total),
        (f"“三公”经费：{ThreePublic.total.zh}{STATED}", stated.three_public_total),
        *change_figures(BUDGET_CHANGES, stated.changes),
    ]


def unit_totals_figures(department: Department) -> Labelled:
    """The rows of 部门预算按单位汇总 a department without unit files lists, by unit code (a
    renamed unit is the same row) and the column's heading."""
    return [
        (f"{BY_UNIT}：{row.code.value}：{column.heading}", row.figures.get(column.key))
        for row in department.unit_totals
        for column in MONEY_FIGURES
    ]


def is_money(label: str) -> bool:
    """Is the figure of this label an amount in the source's money unit?"""
    return not any(words in label for words in NOT_MONEY)


@singledispatch
def stated_words(model: Unit | Department) -> dict[str, str]:
    """The words of the stated changes (增加, 持平…): a word changed alone is a change too."""
    raise TypeError(f"no stated words for a {type(model).__name__}")


@stated_words.register
def unit_words(unit: Unit) -> dict[str, str]:
    words: dict[str, str] = {}
    if unit.last_year is not None:
        words |= change_words(BUDGET_CHANGES, unit.last_year.stated_changes)
    if unit.three_public is not None:
        words |= change_words(THREE_PUBLIC_CHANGES, unit.three_public.stated_changes)
    return words


@stated_words.register
def department_words(department: Department) -> dict[str, str]:
    return change_words(BUDGET_CHANGES, department.stated.changes) if department.stated else {}


@singledispatch
def projects_of(model: Unit | Department) -> tuple[Project, ...]:
    raise TypeError(f"no projects for a {type(model).__name__}")


@projects_of.register
def unit_projects(unit: Unit) -> tuple[Project, ...]:
    return unit.projects


@projects_of.register
def department_projects(_: Department) -> tuple[Project, ...]:
    return ()  # its units' projects are compared in the units' own documents


def budget_figures(unit: Unit) -> Labelled:
    pairs: Labelled = []
    part = ExpenditurePart
    if unit.revenue is not None:
        pairs += [(f"收入：{k.zh}", unit.revenue.sources.get(k)) for k in RevenueSource]
        pairs.append((f"收入：{RevenueLine.carryover.zh}", unit.revenue.carryover))
        for key, amount in unit.revenue.carryover_by_source.items():
            pairs.append((f"收入：{RevenueLine.carryover.zh}（{RevenueSource[key].zh}）", amount))
    if unit.expenditure is not None:
        spent = unit.expenditure
        pairs += [(f"支出：{part.personnel.zh}", spent.personnel)]
        pairs += [(f"支出：{part.public.zh}", spent.public)]
        pairs.append((f"支出：{part.carry_forward.zh}", spent.carry_forward))
    if unit.last_year is not None:
        last = unit.last_year
        pairs += [
            (f"上年：{part.basic.zh}", last.basic),
            (f"上年：{part.projects.zh}", last.projects),
        ]
        pairs.append((f"上年：{part.carry_forward.zh}", last.carry_forward))
    if unit.operating_costs is not None:
        pairs.append(("机关运行经费", unit.operating_costs.amount))
    if unit.three_public is not None:
        for item in THREE_PUBLIC_ITEMS:
            pairs.append((f"“三公”经费：{item.zh}", unit.three_public.this_year.get(item)))
            pairs.append((f"上年“三公”经费：{item.zh}", unit.three_public.last_year.get(item)))
    return pairs


def stated_totals(unit: Unit) -> Labelled:
    """The totals and changes a source states beside their parts."""
    pairs: Labelled = []
    part = ExpenditurePart
    if unit.revenue is not None:
        pairs.append((f"收入：{RevenueLine.total.zh}{STATED}", unit.revenue.total))
    if unit.expenditure is not None:
        spent = unit.expenditure
        pairs += [
            (f"支出：{part.basic.zh}{STATED}", spent.basic_total),
            (f"支出：{part.projects.zh}{STATED}", spent.projects_total),
            (f"支出：{part.total.zh}{STATED}", spent.total),
        ]
    if unit.last_year is not None:
        pairs.append((f"上年：合计{STATED}", unit.last_year.total))
        pairs += change_figures(BUDGET_CHANGES, unit.last_year.stated_changes)
    if unit.three_public is not None:
        three = unit.three_public
        pairs += [
            (f"“三公”经费：{ThreePublic.total.zh}{STATED}", three.stated_total),
            (f"“三公”经费：{ThreePublic.vehicles.zh}{STATED}", three.stated_vehicles),
        ]
        pairs += change_figures(THREE_PUBLIC_CHANGES, three.stated_changes)
    return pairs


def change_label(kind: Changes, key: str) -> str:
    lead, names = kind
    return f"{lead}增减：{names.get(key, (key, key))[0]}"


def change_figures(kind: Changes, changes: dict[str, StatedChange]) -> Labelled:
    pairs: Labelled = []
    for key, change in changes.items():
        pairs.append((f"{change_label(kind, key)}{STATED}", change.amount))
        pairs.append((f"{change_label(kind, key)}（%）{STATED}", change.percent))
    return pairs


def change_words(kind: Changes, changes: dict[str, StatedChange]) -> dict[str, str]:
    return {
        f"{change_label(kind, key)}用词{STATED}": change.word.value
        for key, change in changes.items()
        if change.word is not None
    }


def project_figures(unit: Unit) -> Labelled:
    pairs: Labelled = []
    for project in unit.projects:
        where = f"项目 {project.code.value}："
        pairs += [(f"{where}预算数", project.amount), (f"{where}财政资金", project.fiscal)]
        # 其他资金 as the table prints it: 0.00 where the source leaves it out.
        other = project.other or Amount(Decimal(0), project.fiscal.loc)
        pairs.append((f"{where}其他资金", other))
        for key in PlanCheckpoint:
            pairs.append((f"{where}支出计划{key.zh}（%）", project.plan.get(key)))
    return pairs


def register_figures(unit: Unit) -> Labelled:
    """Procurement lines and the asset register, with the totals they state."""
    pairs: Labelled = []
    if unit.procurement is not None:
        for number, line in enumerate(unit.procurement.lines, start=1):
            where = f"政府采购第{number}行："
            for key, amount in line.amounts.items():
                pairs.append((f"{where}{RevenueSource[key].zh}", amount))
            pairs += [(f"{where}数量", line.quantity), (f"{where}单价", line.unit_price)]
            pairs.append((f"{where}合计{STATED}", line.total))
        pairs.append((f"政府采购：合计{STATED}", unit.procurement.total))
    if unit.assets is not None:
        assets = unit.assets
        for key in AssetCategory:
            asset = assets.categories.get(key)
            if asset is not None:
                pairs += [(f"国有资产：{key.short}数量", asset.quantity)]
                pairs += [(f"国有资产：{key.short}价值", asset.value)]
        if assets.office_space is not None:
            office = f"国有资产：其中{AssetDetail.office_space.zh}"
            pairs += [(f"{office}数量", assets.office_space.quantity)]
            pairs += [(f"{office}价值", assets.office_space.value)]
        pairs.append((f"国有资产：合计{STATED}", assets.total))
        pairs.append(("国有资产：本年拟购置固定资产", assets.planned_purchases))
        pairs += counted_figures("国有资产：", assets.held)
        if assets.planned is not None:
            planned = assets.planned
            if planned.vehicles is not None:
                pairs.append(("国有资产：本年安排购置车辆数量", planned.vehicles.quantity))
            pairs += counted_figures("国有资产：本年安排购置", planned)
    return pairs


def counted_figures(where: str, register: Register) -> Labelled:
    """Vehicles by use and large equipment, as the register counts them (the vehicles held are
    counted in the asset table's row)."""
    pairs: Labelled = []
    vehicles = register.vehicles
    if vehicles is not None:
        uses = vehicles.by_use.items()
        pairs += [(f"{where}车辆：{VehicleUse(use).zh}", count) for use, count in uses]
    for kind in LargeEquipment:
        line = register.equipment.get(kind)
        if line is not None:
            pairs += [(f"{where}大型{kind.zh}数量", line.quantity)]
            pairs += [(f"{where}大型{kind.zh}价值", line.value)]
    return pairs


def table_figures(unit: Unit) -> Labelled:
    """The classified lines of the standard tables, and the cells a source copies from them."""
    tables = unit.tables
    if tables is None:
        return []
    pairs: Labelled = []
    for line in tables.spending:
        funded = RevenueSource[line.source.value].zh  # the schema allows the sources only
        carried = TableColumn.carryover.zh if line.carryover else ""
        where = f"功能分类 {line.code.value}（{funded}{carried}）："
        pairs += [(f"{where}{TableColumn[key].zh}", amount) for key, amount in line.parts.items()]
    pairs += [(f"经济分类 {line.code.value}", line.amount) for line in tables.economic]
    for cell in tables.stated:
        pairs.append((f"表 {cell.table} {cell.row.value} {cell.column}{STATED}", cell.amount))
    return pairs
