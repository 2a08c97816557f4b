"""Stage 3, model: turn a schema-valid tree into typed, immutable domain objects.

Takes a tree that `validate` passed, hands on a `Unit`, a `Department` or a `County`. Every value
keeps its location (`Amount`, `Text`), so that any later finding points at the line that holds
it. Amounts are Decimals built from the exact source text; nothing here adds or rounds. A figure
written in 万元 in a source in 元 (`22.50万元`, as the original printed it) is its 元 figure by
a shift of the decimal point that keeps its own last place (2.250E+5: to the hundred), and says
so (`Amount.stated_in`): the checks allow it the rounding of that place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from docgen.findings import Location
from docgen.profiles import OPERATING_NATURES
from docgen.source.load import MapNode, Node, Scalar, SeqNode
from docgen.terms import (
    PLAN_CHECKPOINTS,
    THREE_PUBLIC_ITEMS,
    AssetCategory,
    Kind,
    LargeEquipment,
    PlanCheckpoint,
    ProcurementCategory,
    RevenueSource,
    Scope,
    VehicleUse,
)


@dataclass(frozen=True)
class Amount:
    value: Decimal
    loc: Location
    # The coarser unit the figure was written in (`22.50万元` in a source in 元), None for one
    # in the file's own: `value` then keeps that unit's last place (2.250E+5 元, to the hundred)
    stated_in: str | None = None

    def as_written(self) -> str:
        """A figure of a coarser unit as its source writes it, every place kept (22.50万元)."""
        return f"{self.value.scaleb(-WAN_SHIFT):f}{self.stated_in}"


@dataclass(frozen=True)
class Text:
    value: str
    loc: Location


@dataclass(frozen=True)
class UnitInfo:  # 单位基本情况
    code: Text
    name: Text
    department: Text | None  # 主管部门
    nature: Text | None  # 单位性质
    rank: Text | None  # 单位规格
    funding_form: Text | None  # 经费保障形式
    responsibilities: Text | None  # 单位职责
    organisation: Text | None  # 机构设置说明


@dataclass(frozen=True)
class Revenue:  # 收入
    sources: dict[str, Amount]  # only the sources the file names, in RevenueSource order
    carryover: Amount | None  # 上年结转, as one figure …
    carryover_by_source: dict[str, Amount]  # … or by source (then `carryover` is None)
    total: Amount | None  # stated
    loc: Location


@dataclass(frozen=True)
class Expenditure:  # 支出
    personnel: Amount  # 人员类
    public: Amount  # 运转类公用
    basic_total: Amount | None  # stated 基本支出
    projects_total: Amount | None  # stated 项目支出
    carry_forward: Amount | None  # 结转下年
    total: Amount | None  # stated
    loc: Location


@dataclass(frozen=True)
class StatedChange:  # 原文的比上年增减
    word: Text | None
    amount: Amount | None
    percent: Amount | None
    loc: Location


@dataclass(frozen=True)
class LastYear:  # 上年预算
    year: int
    # With `source`, these come from last year's source file (see `docgen.rules.lastyear`) and are
    # located at the `source` line; until then a figure not written here stands at zero. Without
    # `source` they are None when the file states its changes without last year's figures.
    basic: Amount | None
    projects: Amount | None
    carry_forward: Amount | None
    total: Amount | None  # stated
    stated_changes: dict[str, StatedChange]  # keys total, basic, projects
    reasons: dict[str, Text]
    loc: Location
    source: Text | None = None  # last year's source: a path, or REV:path
    written: dict[str, Amount] | None = None  # the figures this file writes, when `source` is set
    reasons_loc: Location | None = None  # the `reasons:` key, where a missing reason goes


@dataclass(frozen=True)
class OperatingCosts:  # 机关运行经费
    amount: Amount
    purpose: Text | None  # required by the schema unless the amount is 0
    loc: Location
    last_year: Amount | None = None
    stated_change: StatedChange | None = None
    reason: Text | None = None


@dataclass(frozen=True)
class ThreePublic:  # 财政拨款“三公”经费
    this_year: dict[str, Amount]  # terms.THREE_PUBLIC_ITEMS
    last_year: dict[str, Amount]  # empty when taken from last year's source
    stated_total: Amount | None
    stated_vehicles: Amount | None  # ThreePublic.vehicles
    stated_changes: dict[str, StatedChange]  # keys total, overseas, vehicles, reception
    reasons: dict[str, Text]
    loc: Location
    reasons_loc: Location | None = None  # the `reasons:` key, where a missing reason goes


@dataclass(frozen=True)
class Indicator:  # one row of a 绩效目标表
    level1: Text  # 一级指标
    level2: Text  # 二级指标
    name: Text  # 三级指标
    description: Text  # 绩效指标描述
    value: Text  # 指标值
    basis: Text | None  # 指标值确定依据
    loc: Location


@dataclass(frozen=True)
class Project:  # 项目
    code: Text
    name: Text
    amount: Amount | None  # stated 预算数
    fiscal: Amount  # 财政资金
    other: Amount | None  # 其他资金
    funding_source: Text | None
    purpose: Text  # 资金用途
    plan: dict[str, Amount | None]  # PlanCheckpoint → cumulative %
    plan_loc: Location
    goals: tuple[Text, ...]
    indicator_basis: Text | None
    indicators: tuple[Indicator, ...]
    indicators_loc: Location
    loc: Location
    function: Text | None = None  # the 支出功能分类 项 it is spent under, 7 digits


@dataclass(frozen=True)
class PerformanceTargets:  # 实行绩效目标管理的项目, as the source states them
    projects: Amount | None  # how many
    amount: Amount | None  # the money they involve
    loc: Location


@dataclass(frozen=True)
class ProcurementLine:
    project: Text
    item: Text
    catalogue_no: Text | None
    category: Text  # 货物/工程/服务
    measure_unit: Text | None
    quantity: Amount | None
    unit_price: Amount | None
    amounts: dict[str, Amount]  # by revenue source
    total: Amount | None  # stated
    loc: Location


@dataclass(frozen=True)
class Procurement:  # 政府采购预算
    lines: tuple[ProcurementLine, ...]
    total: Amount | None  # stated
    empty_note: Text | None
    loc: Location
    categories: dict[str, Amount] | None = None  # stated 货物/工程/服务, by ProcurementCategory
    reserved_sme: Amount | None = None  # 面向中小企业预留
    reserved_micro: Amount | None = None  # 其中：面向小微企业预留


@dataclass(frozen=True)
class AssetLine:
    quantity: Amount | None
    value: Amount | None
    loc: Location


@dataclass(frozen=True)
class VehicleCount:  # 车辆 as the register counts them: a number, and by use where published
    quantity: Amount
    by_use: dict[str, Amount]  # VehicleUse keys, in the file's order
    by_use_loc: Location | None  # of the `by_type` map, where it is given


@dataclass(frozen=True)
class Register:  # 车辆 and 大型设备 counted, held or to be bought this year
    vehicles: VehicleCount | None
    equipment: dict[str, AssetLine]  # LargeEquipment keys


@dataclass(frozen=True)
class Assets:  # 国有资产
    as_of: Text
    categories: dict[str, AssetLine]  # the AssetCategory items present in the file
    office_space: AssetLine | None  # 其中：办公用房
    total: Amount | None  # stated
    planned_purchases: Amount | None
    held: Register  # vehicles by use and large equipment at the end of last year
    planned: Register | None  # 本年预算安排购置
    loc: Location

    def has_table(self) -> bool:
        """A category table is given: a value or the total (a register of counts has none)."""
        values = (line.value for line in self.categories.values())
        return self.total is not None or any(value is not None for value in values)


@dataclass(frozen=True)
class SpendingLine:  # one row of the 支出功能分类 tables: a 项, one funding source
    code: Text  # 支出功能分类 项, 7 digits
    name: Text | None  # as the publication prints it; checked against the year's list
    source: Text  # a RevenueSource key
    carryover: bool  # financed from that source's 上年结转
    parts: dict[str, Amount]  # personnel / public / projects: those the line has
    loc: Location


@dataclass(frozen=True)
class EconomicLine:  # one row of the 一般公共预算基本支出表: a 经济分类 款
    code: Text  # 5 digits
    name: Text | None
    amount: Amount
    loc: Location


@dataclass(frozen=True)
class StatedCell:  # a printed cell of a standard table, checked against the lines
    table: str  # e.g. T3
    row: Text  # a 类/款/项 code, or `total`
    column: str  # e.g. total, basic, personnel, general_budget
    amount: Amount


@dataclass(frozen=True)
class Tables:  # the figures of the standard public tables (TABLES.md)
    spending: tuple[SpendingLine, ...]
    economic: tuple[EconomicLine, ...]
    stated: tuple[StatedCell, ...]
    empty: dict[str, Text]  # a table's 空表说明 as the source words it
    loc: Location


@dataclass(frozen=True)
class GlossaryEntry:
    term: Text
    definition: Text


@dataclass(frozen=True)
class Unit:  # one unit's annual budget source
    display: str
    path: Path
    scope: Scope
    year: int
    header: dict[str, Location]  # where kind, scope, year… stand, for findings about them
    division_code: Text | None
    framework: Text | None
    amount_unit: str
    rounded_from: str | None
    not_given: dict[str, Location]  # sections the publication leaves out, where the file says so
    info: UnitInfo
    revenue: Revenue | None
    expenditure: Expenditure | None
    last_year: LastYear | None
    operating_costs: OperatingCosts | None
    three_public: ThreePublic | None
    projects: tuple[Project, ...]
    procurement: Procurement | None
    assets: Assets | None
    glossary: tuple[GlossaryEntry, ...]
    other_matters: Text | None
    loc: Location
    tables: Tables | None = None
    profile: Text | None = None
    performance_targets: PerformanceTargets | None = None
    # The spending plan's checkpoints, as the unit's profile lays them out (set when checked).
    checkpoints: tuple[PlanCheckpoint, ...] = PLAN_CHECKPOINTS
    # False for a department's consolidated figures: its 项目支出 is the one it states, its
    # projects being published by its units, not listed here.
    projects_listed: bool = True
    # Whether its project tables name each project's 功能分类 项, as its profile asks (set when
    # checked, as the checkpoints are).
    show_function: bool = False
    # The 名词解释 its profile words, shown where the unit words none (set when checked).
    profile_glossary: tuple[tuple[str, str], ...] = ()
    # A department's consolidated figures: the 单位性质 of the units they add up, as the
    # department states them (a unit states its own in info.nature).
    unit_natures: tuple[Text, ...] = ()
    # The 单位性质 whose 机关运行经费 is held to their 公用经费 (X6), as its profile says (set
    # when checked).
    operating_natures: tuple[str, ...] = OPERATING_NATURES
    # … and the 单位性质 that state a 机关运行经费 at all (set when checked, as above).
    operating_costs_stated_by: tuple[str, ...] = OPERATING_NATURES

    @property
    def natures(self) -> tuple[Text, ...]:
        """Its 单位性质: its own, or those of the units a department's figures add up."""
        return (self.info.nature,) if self.info.nature is not None else self.unit_natures


@dataclass(frozen=True)
class SubGoal:  # 分项绩效目标
    title: Text
    goal: Text
    indicators: Text


@dataclass(frozen=True)
class DepartmentStated:  # figures a department file states, checked against its units
    revenue_total: Amount | None
    expenditure_total: Amount | None
    basic: Amount | None
    projects: Amount | None
    three_public_total: Amount | None
    changes: dict[str, StatedChange]
    loc: Location


# A unit's figures in 部门预算按单位汇总, by the names of `compute.Totals`.
UNIT_TOTALS_KEYS = ("revenue_total", "basic", "projects", "expenditure_total", "three_public")


@dataclass(frozen=True)
class UnitTotalsLine:  # a row of 部门预算按单位汇总 that a department without unit files states
    code: Text
    name: Text
    figures: dict[str, Amount]  # by UNIT_TOTALS_KEYS; “三公” only where the unit publishes it
    loc: Location


@dataclass(frozen=True)
class Department:
    display: str
    path: Path
    scope: Scope
    year: int
    year_loc: Location
    division_code: Text | None
    code: Text
    name: Text
    unit_refs: tuple[Text, ...]
    overall_goal: Text | None  # 总体绩效目标
    sub_goals: tuple[SubGoal, ...]
    measures: tuple[Text, ...]  # 工作保障措施
    stated: DepartmentStated | None
    loc: Location
    tables: Tables | None = None  # consolidated lines of its own (X9: = Σ its units')
    profile: Text | None = None  # its tables' layout (default: its first unit's)
    # Without unit files: its own figures in a unit's form, checked as a unit's are.
    consolidated: Unit | None = None
    # Where it states figures of a unit's form (revenue:, expenditure:…): with unit files,
    # those are its units' sums and not its own to state.
    own_figures: dict[str, Location] = field(default_factory=dict)
    # 所属单位性质: without unit files, the natures of the units its figures add up (X6); with
    # them, each unit states its own, and this is where the department states them anyway.
    natures: tuple[Text, ...] = ()
    natures_loc: Location | None = None
    # Without unit files: its units' figures, a row each, as 部门预算按单位汇总 prints them.
    unit_totals: tuple[UnitTotalsLine, ...] = ()
    unit_totals_loc: Location | None = None
    # The money unit it names (amount_unit): with unit files, its units' (held to it by
    # `department-money`), in which its `stated:` are read.
    amount_unit: Text | None = None


@dataclass(frozen=True)
class County:  # a county's file: its name, year and departments, at the root of its folder
    display: str
    path: Path
    year: int
    year_loc: Location
    division_code: Text | None
    name: Text
    department_refs: tuple[Text, ...]
    loc: Location


# -- building from a validated tree ------------------------------------------------------------


def _map(node: MapNode, key: str) -> MapNode | None:
    value = node.get(key)
    return value if isinstance(value, MapNode) else None


def _seq(node: MapNode, key: str) -> SeqNode:
    value = node.get(key)
    return value if isinstance(value, SeqNode) else SeqNode(node.loc)


def _scalar(node: MapNode, key: str) -> Scalar | None:
    value = node.get(key)
    return value if isinstance(value, Scalar) and not value.is_null else None


def text(node: MapNode, key: str) -> Text | None:
    value = _scalar(node, key)
    return Text(str(value), value.loc) if value is not None else None


def req_text(node: MapNode, key: str) -> Text:
    value = text(node, key)
    assert value is not None, f"schema requires {key}"
    return value


WAN_SHIFT = 4  # 万元 → 元: the decimal point moves four places
WRITTEN_IN_WAN = re.compile(r"^([0-9.]+)万元$")  # the schema's amount pattern, its digits
# The money unit of the source being built, for the figures written in 万元 in a source in 元:
# set once a source by `build_model`, so that each builder need not be handed it.
FILE_UNIT: ContextVar[str] = ContextVar("file_unit", default="万元")


@contextmanager
def money_unit_of(root: MapNode) -> Iterator[None]:
    unit = _scalar(root, "amount_unit")
    token = FILE_UNIT.set(str(unit) if unit is not None else "万元")
    try:
        yield
    finally:
        FILE_UNIT.reset(token)


def amount(node: MapNode, key: str) -> Amount | None:
    value = _scalar(node, key)
    return figure_of(value) if value is not None else None


def figure_of(value: Scalar) -> Amount:
    """A figure as its source writes it: digits in the file's unit, or digits and 万元."""
    written = WRITTEN_IN_WAN.match(value)
    if written is None:
        return Amount(value.decimal(), value.loc)
    digits = Decimal(written[1])
    if FILE_UNIT.get() == "万元":
        return Amount(digits, value.loc)
    return Amount(digits.scaleb(WAN_SHIFT), value.loc, "万元")


def req_amount(node: MapNode, key: str) -> Amount:
    value = amount(node, key)
    assert value is not None, f"schema requires {key}"
    return value


def texts(seq: SeqNode) -> tuple[Text, ...]:
    return tuple(Text(str(item), item.loc) for item in seq if isinstance(item, Scalar))


def amounts(node: MapNode | None, keys: tuple[str, ...]) -> dict[str, Amount]:
    if node is None:
        return {}
    found = {key: amount(node, key) for key in keys}
    return {key: value for key, value in found.items() if value is not None}


def build_unit(root: MapNode, path: Path, display: str) -> Unit:
    info = _map(root, "unit")
    assert info is not None
    year = int(req_text(root, "year").value)
    projects = _seq(root, "projects")
    unit_amount = text(root, "amount_unit")
    rounded = text(root, "rounded_from")
    glossary = tuple(
        GlossaryEntry(req_text(item, "term"), req_text(item, "definition"))
        for item in _seq(root, "glossary")
        if isinstance(item, MapNode)
    )
    return Unit(
        display=display,
        path=path,
        scope=Scope(req_text(root, "scope").value),
        year=year,
        header=dict(root.key_locs),
        division_code=text(root, "division_code"),
        framework=text(root, "framework"),
        amount_unit=unit_amount.value if unit_amount else "万元",
        rounded_from=rounded.value if rounded else None,
        not_given={item.value: item.loc for item in texts(_seq(root, "not_given"))},
        info=build_info(info),
        revenue=build_revenue(_map(root, "revenue")),
        expenditure=build_expenditure(_map(root, "expenditure")),
        last_year=build_last_year(_map(root, "last_year"), year),
        operating_costs=build_operating(_map(root, "operating_costs")),
        three_public=build_three_public(_map(root, "three_public")),
        projects=tuple(build_project(p) for p in projects if isinstance(p, MapNode)),
        procurement=build_procurement(_map(root, "procurement")),
        assets=build_assets(_map(root, "assets")),
        glossary=glossary,
        other_matters=text(root, "other_matters"),
        loc=root.loc,
        tables=build_tables(_map(root, "tables")),
        performance_targets=build_performance_targets(_map(root, "performance_targets")),
        profile=text(root, "profile"),
    )


SPENDING_PARTS = ("personnel", "public", "projects")


def build_performance_targets(node: MapNode | None) -> PerformanceTargets | None:
    if node is None:
        return None
    return PerformanceTargets(amount(node, "projects"), amount(node, "amount"), node.owner)


def build_tables(node: MapNode | None) -> Tables | None:
    if node is None:
        return None
    spending = tuple(
        SpendingLine(
            code=req_text(line, "code"),
            name=text(line, "name"),
            source=req_text(line, "source"),
            carryover=str(line.get("carryover", "false")) == "true",
            parts=amounts(line, SPENDING_PARTS),
            loc=line.loc,
        )
        for line in _seq(node, "spending")
        if isinstance(line, MapNode)
    )
    economic = tuple(
        EconomicLine(
            req_text(line, "code"), text(line, "name"), req_amount(line, "amount"), line.loc
        )
        for line in _seq(node, "economic")
        if isinstance(line, MapNode)
    )
    return Tables(
        spending,
        economic,
        build_stated_cells(_map(node, "stated")),
        build_reasons(_map(node, "empty")),
        node.owner,
    )


def build_stated_cells(node: MapNode | None) -> tuple[StatedCell, ...]:
    """`stated: {T3: {"208": {total: 1.00, basic: 0.50}}}`: every printed cell, in file order."""
    if node is None:
        return ()
    cells = []
    for table, rows in node.items():
        if not isinstance(rows, MapNode):
            continue
        for row, columns in rows.items():
            if not isinstance(columns, MapNode):
                continue
            row_text = Text(row, rows.key_locs.get(row, columns.loc))
            cells += [
                StatedCell(table, row_text, column, figure)
                for column in columns
                if (figure := amount(columns, column)) is not None
            ]
    return tuple(cells)


def build_info(node: MapNode) -> UnitInfo:
    return UnitInfo(
        code=req_text(node, "code"),
        name=req_text(node, "name"),
        department=text(node, "department"),
        nature=text(node, "nature"),
        rank=text(node, "rank"),
        funding_form=text(node, "funding_form"),
        responsibilities=text(node, "responsibilities"),
        organisation=text(node, "organisation"),
    )


def build_revenue(node: MapNode | None) -> Revenue | None:
    if node is None:
        return None
    by_source = _map(node, "carryover")
    return Revenue(
        amounts(node, tuple(RevenueSource)),
        None if by_source is not None else amount(node, "carryover"),
        amounts(by_source, tuple(RevenueSource)),
        amount(node, "total"),
        node.owner,
    )


def build_expenditure(node: MapNode | None) -> Expenditure | None:
    if node is None:
        return None
    return Expenditure(
        personnel=req_amount(node, "personnel"),
        public=req_amount(node, "public"),
        basic_total=amount(node, "basic_total"),
        projects_total=amount(node, "projects_total"),
        carry_forward=amount(node, "carry_forward"),
        total=amount(node, "total"),
        loc=node.owner,
    )


def build_stated_change(item: MapNode | None) -> StatedChange | None:
    if item is None:
        return None
    return StatedChange(
        text(item, "word"), amount(item, "amount"), amount(item, "percent"), item.loc
    )


def build_stated_changes(node: MapNode | None) -> dict[str, StatedChange]:
    if node is None:
        return {}
    found = {
        key: build_stated_change(item) for key, item in node.items() if isinstance(item, MapNode)
    }
    return {key: change for key, change in found.items() if change is not None}


def build_reasons(node: MapNode | None) -> dict[str, Text]:
    if node is None:
        return {}
    return {key: found for key in node if (found := text(node, key)) is not None}


def reasons_owner(node: MapNode) -> Location | None:
    reasons = _map(node, "reasons")
    return reasons.owner if reasons is not None else None


def build_last_year(node: MapNode | None, year: int) -> LastYear | None:
    if node is None:
        return None
    stated_year = text(node, "year")
    source = text(node, "source")
    written = {
        key: figure
        for key in ("basic", "projects", "carry_forward")
        if (figure := amount(node, key)) is not None
    }
    if source is not None:  # resolved against last year's file before anything reads them
        zero = Amount(Decimal(0), source.loc)
        return LastYear(
            year=int(stated_year.value) if stated_year else year - 1,
            basic=zero,
            projects=zero,
            carry_forward=None,
            total=amount(node, "total"),
            stated_changes=build_stated_changes(_map(node, "stated_changes")),
            reasons=build_reasons(_map(node, "reasons")),
            loc=node.owner,
            source=source,
            written=written,
            reasons_loc=reasons_owner(node),
        )
    return LastYear(
        year=int(stated_year.value) if stated_year else year - 1,
        basic=amount(node, "basic"),
        projects=amount(node, "projects"),
        carry_forward=amount(node, "carry_forward"),
        total=amount(node, "total"),
        stated_changes=build_stated_changes(_map(node, "stated_changes")),
        reasons=build_reasons(_map(node, "reasons")),
        loc=node.owner,
        reasons_loc=reasons_owner(node),
    )


def build_operating(node: MapNode | None) -> OperatingCosts | None:
    if node is None:
        return None
    return OperatingCosts(
        req_amount(node, "amount"),
        text(node, "purpose"),
        node.owner,
        last_year=amount(node, "last_year"),
        stated_change=build_stated_change(_map(node, "stated_change")),
        reason=text(node, "reason"),
    )


def build_three_public(node: MapNode | None) -> ThreePublic | None:
    if node is None:
        return None
    stated = _map(node, "stated")
    return ThreePublic(
        this_year=amounts(_map(node, "this_year"), THREE_PUBLIC_ITEMS),
        last_year=amounts(_map(node, "last_year"), THREE_PUBLIC_ITEMS),
        stated_total=amount(stated, "total") if stated else None,
        stated_vehicles=amount(stated, "vehicles") if stated else None,
        stated_changes=build_stated_changes(_map(node, "stated_changes")),
        reasons=build_reasons(_map(node, "reasons")),
        loc=node.owner,
        reasons_loc=reasons_owner(node),
    )


def build_indicator(node: MapNode) -> Indicator:
    return Indicator(
        level1=req_text(node, "level1"),
        level2=req_text(node, "level2"),
        name=req_text(node, "name"),
        description=req_text(node, "description"),
        value=req_text(node, "value"),
        basis=text(node, "basis"),
        loc=node.owner,
    )


def build_project(node: MapNode) -> Project:
    plan = _map(node, "spending_plan")
    assert plan is not None
    indicators = _seq(node, "indicators")
    return Project(
        code=req_text(node, "code"),
        name=req_text(node, "name"),
        amount=amount(node, "amount"),
        fiscal=req_amount(node, "fiscal"),
        other=amount(node, "other"),
        funding_source=text(node, "funding_source"),
        purpose=req_text(node, "purpose"),
        plan={key: amount(plan, key) for key in PlanCheckpoint},
        plan_loc=plan.loc,
        goals=texts(_seq(node, "goals")),
        indicator_basis=text(node, "indicator_basis"),
        indicators=tuple(build_indicator(i) for i in indicators if isinstance(i, MapNode)),
        indicators_loc=node.key_locs.get("indicators", node.loc),
        loc=node.loc,
        function=text(node, "function"),
    )


def build_procurement(node: MapNode | None) -> Procurement | None:
    if node is None:
        return None
    lines = tuple(
        ProcurementLine(
            project=req_text(line, "project"),
            item=req_text(line, "item"),
            catalogue_no=text(line, "catalogue_no"),
            category=req_text(line, "category"),
            measure_unit=text(line, "measure_unit"),
            quantity=amount(line, "quantity"),
            unit_price=amount(line, "unit_price"),
            amounts=amounts(_map(line, "amounts"), tuple(RevenueSource)),
            total=amount(line, "total"),
            loc=line.loc,
        )
        for line in _seq(node, "lines")
        if isinstance(line, MapNode)
    )
    return Procurement(
        lines,
        amount(node, "total"),
        text(node, "empty_note"),
        node.owner,
        categories=amounts(node, tuple(ProcurementCategory)) or None,
        reserved_sme=amount(node, "reserved_sme"),
        reserved_micro=amount(node, "reserved_micro"),
    )


def build_asset_line(node: MapNode | None) -> AssetLine | None:
    if node is None:
        return None
    return AssetLine(amount(node, "quantity"), amount(node, "value"), node.owner)


def build_vehicle_count(node: MapNode | None) -> VehicleCount | None:
    """A vehicle count, where it says how many: a category line of value alone counts none."""
    quantity = amount(node, "quantity") if node is not None else None
    if node is None or quantity is None:
        return None
    by_type = _map(node, "by_type")
    return VehicleCount(
        quantity,
        amounts(by_type, tuple(VehicleUse)),
        by_type.owner if by_type is not None else None,
    )


def build_register(node: MapNode | None) -> Register | None:
    if node is None:
        return None
    equipment = {key: build_asset_line(_map(node, key)) for key in LargeEquipment}
    return Register(
        vehicles=build_vehicle_count(_map(node, "vehicles")),
        equipment={key: line for key, line in equipment.items() if line is not None},
    )


def build_assets(node: MapNode | None) -> Assets | None:
    if node is None:
        return None
    categories = {key: build_asset_line(_map(node, key)) for key in AssetCategory}
    held = build_register(node)
    assert held is not None
    return Assets(
        as_of=req_text(node, "as_of"),
        categories={key: line for key, line in categories.items() if line is not None},
        office_space=build_asset_line(_map(node, "office_space")),
        total=amount(node, "total"),
        planned_purchases=amount(node, "planned_purchases"),
        held=held,
        planned=build_register(_map(node, "planned")),
        loc=node.owner,
    )


# What a department without unit files may state of its own, in a unit's form.
CONSOLIDATED_KEYS = (
    "amount_unit",
    "rounded_from",
    "revenue",
    "expenditure",
    "three_public",
    "operating_costs",
    "unit_totals",
)

# …and what a department with unit files may not, being its units': all of them but its
# `amount_unit`, its units' money unit, in which its `stated:` are read as a unit's figures
# are, so that a total printed only in 万元 over units in 元 is written `22.51万元` as printed.
UNITS_KEYS = tuple(key for key in CONSOLIDATED_KEYS if key != "amount_unit")


def build_department(root: MapNode, path: Path, display: str) -> Department:
    info = _map(root, "department")
    assert info is not None
    stated = _map(root, "stated")
    year = req_text(root, "year")
    tables = build_tables(_map(root, "tables"))
    code, name = req_text(info, "code"), req_text(info, "name")
    natures = texts(_seq(info, "natures"))
    consolidated = None
    if "units" not in root:
        consolidated = replace(
            build_consolidated(root, path, display, (code, name), tables), unit_natures=natures
        )
    return Department(
        display=display,
        path=path,
        scope=Scope(req_text(root, "scope").value),
        year=int(year.value),
        year_loc=year.loc,
        division_code=text(root, "division_code"),
        code=code,
        name=name,
        unit_refs=texts(_seq(root, "units")),
        overall_goal=text(root, "overall_goal"),
        sub_goals=tuple(
            SubGoal(req_text(g, "title"), req_text(g, "goal"), req_text(g, "indicators"))
            for g in _seq(root, "sub_goals")
            if isinstance(g, MapNode)
        ),
        measures=texts(_seq(root, "measures")),
        stated=build_department_stated(stated),
        loc=root.loc,
        tables=tables,
        profile=text(root, "profile"),
        consolidated=consolidated,
        own_figures={key: root.key_locs[key] for key in UNITS_KEYS if key in root},
        natures=natures,
        natures_loc=info.key_locs.get("natures"),
        unit_totals=tuple(
            UnitTotalsLine(
                req_text(row, "code"),
                req_text(row, "name"),
                amounts(row, UNIT_TOTALS_KEYS),
                row.loc,
            )
            for row in _seq(root, "unit_totals")
            if isinstance(row, MapNode)
        ),
        unit_totals_loc=root.key_locs.get("unit_totals"),
        amount_unit=text(root, "amount_unit"),
    )


def build_consolidated(
    root: MapNode, path: Path, display: str, names: tuple[Text, Text], tables: Tables | None
) -> Unit:
    """A department's consolidated figures as a unit's source: the unit's rules and tables
    apply to them as they stand, with no projects of its own and no narrative."""
    code, name = names
    unit_amount = text(root, "amount_unit")
    rounded = text(root, "rounded_from")
    return Unit(
        display=display,
        path=path,
        scope=Scope(req_text(root, "scope").value),
        year=int(req_text(root, "year").value),
        header=dict(root.key_locs),
        division_code=text(root, "division_code"),
        framework=None,
        amount_unit=unit_amount.value if unit_amount else "万元",
        rounded_from=rounded.value if rounded else None,
        not_given={},
        info=UnitInfo(code, name, None, None, None, None, None, None),
        revenue=build_revenue(_map(root, "revenue")),
        expenditure=build_expenditure(_map(root, "expenditure")),
        last_year=None,
        operating_costs=build_operating(_map(root, "operating_costs")),
        three_public=build_three_public(_map(root, "three_public")),
        projects=(),
        procurement=None,
        assets=None,
        glossary=(),
        other_matters=None,
        loc=root.loc,
        tables=tables,
        profile=text(root, "profile"),
        projects_listed=False,
    )


def build_department_stated(node: MapNode | None) -> DepartmentStated | None:
    if node is None:
        return None
    return DepartmentStated(
        revenue_total=amount(node, "revenue_total"),
        expenditure_total=amount(node, "expenditure_total"),
        basic=amount(node, "basic"),
        projects=amount(node, "projects"),
        three_public_total=amount(node, "three_public_total"),
        changes=build_stated_changes(_map(node, "changes")),
        loc=node.owner,
    )


def build_county(root: MapNode, path: Path, display: str) -> County:
    info = _map(root, "county")
    assert info is not None
    year = req_text(root, "year")
    return County(
        display=display,
        path=path,
        year=int(year.value),
        year_loc=year.loc,
        division_code=text(root, "division_code"),
        name=req_text(info, "name"),
        department_refs=texts(_seq(root, "departments")),
        loc=root.loc,
    )


def build_model(root: Node, path: Path, display: str) -> Unit | Department | County:
    assert isinstance(root, MapNode)
    kind = str(root.get("kind"))
    if kind == Kind.county:
        return build_county(root, path, display)
    with money_unit_of(root):
        if kind == Kind.department:
            return build_department(root, path, display)
        return build_unit(root, path, display)
