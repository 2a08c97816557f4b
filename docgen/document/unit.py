"""The unit disclosure (单位预算信息公开), sections 一 to 九, built from a unit and its figures.

Every figure in a sentence or a table comes from `UnitFigures`; the words 增加/减少/持平 come from
the computed changes, so the narrative cannot disagree with the tables.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from docgen.compute import UnitFigures
from docgen.document.blocks import Block, Paragraph, RowGroup, Section, Table
from docgen.document.charts import composition_chart, with_top_projects
from docgen.document.columns import BUDGET_OVERVIEW, CHANGES, ORGANISATION
from docgen.document.numbers import (
    change_phrase,
    chinese_numeral,
    percent,
    prose_amount,
    said_amount,
    sentence,
    table_amount,
)
from docgen.document.performance import project_section, th
from docgen.document.unit_more import assets_section, procurement_section, three_public_section
from docgen.profiles import SECTION_KEYS, Profile
from docgen.source.model import OperatingCosts, Unit
from docgen.terms import ExpenditurePart, RevenueLine, RevenueSource, Scope

INTRO = (
    "按照《中华人民共和国预算法》、《中华人民共和国预算法实施条例》和《地方预决算公开操作规程》"
    "规定，现将{name}{year}年单位预算公开如下："
)
COMPREHENSIVE = (
    "按照预算管理有关规定，单位预算的编制实行综合预算制度，即全部收入和支出都反映在预算中。"
    "{name}的收支包含在单位预算中。"
)


def unit_title(unit: Unit) -> str:
    name, year = unit.info.name.value, unit.year
    if unit.scope is Scope.performance:
        return f"{name}{year}年项目支出绩效目标表"
    return f"{name}{year}年单位预算信息公开情况说明"


def unit_intro(unit: Unit) -> tuple[Paragraph, ...]:
    if unit.scope is Scope.performance:
        return ()
    return (Paragraph(INTRO.format(name=unit.info.name.value, year=unit.year)),)


SectionBuilder = Callable[[Unit, UnitFigures, str], Section]  # unit, figures, heading


def unit_sections(
    unit: Unit,
    figures: UnitFigures,
    profile: Profile | None = None,
    tables_part: SectionBuilder | None = None,
) -> tuple[Section, ...]:
    """The narrative sections (and the standard tables' part, where there is one) in the order
    the profile publishes them, numbered 一、二、… as they come."""
    if unit.scope is Scope.performance:
        return (performance_section("s1", "项目支出绩效目标", unit, figures),)
    register = profile.register if profile is not None else None
    # section → (the source's key in not_given, if it may be left out; builder; usual title)
    sections: dict[str, tuple[str | None, SectionBuilder, str]] = {
        "info": (None, info_section, "单位职责及机构设置情况"),
        "overview": (None, overview_section, "单位预算安排的总体情况"),
        "operating_costs": ("operating_costs", operating_section, "机关运行经费安排情况"),
        "three_public": (
            "three_public",
            three_public_section,
            "财政拨款“三公”经费预算情况及增减变化原因",
        ),
        "performance": (None, lambda u, f, h: performance_section("s5", h, u, f), "绩效预算信息"),
        "procurement": ("procurement", procurement_section, "政府采购预算情况"),
        "assets": ("assets", lambda u, f, h: assets_section(u, f, h, register), "国有资产信息"),
        "glossary": (None, glossary_section, "名词解释"),
        "other_matters": ("other_matters", other_section, "其他需要说明的事项"),
    }
    if tables_part is not None and profile is not None:
        sections["tables"] = (None, tables_part, profile.tables_heading)
    order = profile.sections if profile is not None else tuple((k, None) for k in SECTION_KEYS)
    # A section the publication leaves out is left out here too, never filled with zeros.
    published = [
        (sections[key][1], title or sections[key][2])
        for key, title in order
        if key in sections and sections[key][0] not in unit.not_given
    ]
    return tuple(
        build(unit, figures, f"{chinese_numeral(i)}、{title}")
        for i, (build, title) in enumerate(published, start=1)
    )


def info_section(unit: Unit, _: UnitFigures, heading: str) -> Section:
    info = unit.info
    blocks: list[Block] = []
    if info.responsibilities:
        blocks += [Paragraph("单位职责：", "label"), Paragraph(info.responsibilities.value)]
    blocks.append(Paragraph("机构设置：", "label"))
    if info.organisation:
        blocks.append(Paragraph(info.organisation.value))
    texts = {
        "name": info.name,
        "nature": info.nature,
        "rank": info.rank,
        "funding_form": info.funding_form,
    }
    row = ORGANISATION.row({key: text.value if text else "" for key, text in texts.items()})
    blocks.append(
        ORGANISATION.table("单位机构设置情况", (RowGroup((row,)),), above_left="单位机构设置情况")
    )
    return Section("s1", heading, tuple(blocks))


def overview_section(unit: Unit, figures: UnitFigures, heading: str) -> Section:
    name = unit.info.name.value
    children = [
        Section("s2-1", "1、收入说明", revenue_blocks(unit, figures)),
        Section("s2-2", "2、支出说明", expenditure_blocks(unit, figures)),
    ]
    if figures.changes and unit.last_year is not None:
        children.append(Section("s2-3", "3、比上年增减情况", change_blocks(unit, figures)))
    intro = (Paragraph(COMPREHENSIVE.format(name=name)), *budget_overview(unit, figures))
    return Section("s2", heading, intro, tuple(children))


def revenue_parts(unit: Unit, figures: UnitFigures) -> list[tuple[str, Decimal]]:
    by_source = figures.revenue_by_source or {}
    parts = [(f"{key.zh}收入", by_source[key]) for key in RevenueSource if key in by_source]
    if unit.revenue is not None and unit.revenue.carryover is not None:
        parts.append((RevenueLine.carryover.zh, unit.revenue.carryover.value))
    return parts


def revenue_blocks(unit: Unit, figures: UnitFigures) -> tuple[Block, ...]:
    if figures.revenue_total is None:
        return ()
    u = unit.amount_unit
    parts = "，".join(f"{label}{prose_amount(v)}{u}" for label, v in revenue_parts(unit, figures))
    text = f"{unit.year}年预算收入{prose_amount(figures.revenue_total)}{u}"
    text += f"，其中：{parts}。" if parts else "。"
    blocks: list[Block] = [Paragraph("反映本单位当年全部收入。" + text)]
    chart = composition_chart("收入构成", revenue_parts(unit, figures), u)
    return (*blocks, chart) if chart else tuple(blocks)


def expenditure_blocks(unit: Unit, figures: UnitFigures) -> tuple[Block, ...]:
    if figures.expenditure_total is None or figures.basic is None:
        return ()
    u, part = unit.amount_unit, ExpenditurePart
    personnel, public = figures.personnel or Decimal(0), figures.public or Decimal(0)
    text = (
        f"{unit.year}年支出预算{prose_amount(figures.expenditure_total)}{u}，"
        f"其中{part.basic.zh}{prose_amount(figures.basic)}{u}，"
        f"包括{part.personnel.zh}项目经费{prose_amount(personnel)}{u}"
        f"和{part.public.zh}项目经费{prose_amount(public)}{u}；"
        f"{part.projects.zh}{prose_amount(figures.projects_total)}{u}"
    )
    if figures.carry_forward:
        text += f"；{part.carry_forward.zh}{prose_amount(figures.carry_forward)}{u}"
    projects = [
        (p.name.value, f.amount) for p, f in zip(unit.projects, figures.projects, strict=True)
    ]
    parts = with_top_projects(
        [
            (f"{part.basic.zh}：{part.personnel.zh}", personnel),
            (f"{part.basic.zh}：{part.public.zh}", public),
        ],
        [(f"项目：{name}", amount) for name, amount in projects],
        "其他项目",
    )
    if figures.carry_forward:
        parts.append((part.carry_forward.zh, figures.carry_forward))
    chart = composition_chart(f"支出构成（{part.basic.zh}与主要项目）", parts, u)
    blocks: tuple[Block, ...] = (Paragraph(text + "。"),)
    return (*blocks, chart) if chart else blocks


def with_reason(phrase: str, reason: str | None) -> str:
    return f"{phrase}，{sentence(reason)}" if reason else phrase


def change_blocks(unit: Unit, figures: UnitFigures) -> tuple[Block, ...]:
    assert unit.last_year is not None
    last, u, changes = unit.last_year, unit.amount_unit, figures.changes
    reasons = {key: text.value for key, text in last.reasons.items()}
    said = {
        key: with_reason(change_phrase(change, u), reasons.get(key))
        for key, change in changes.items()
    }
    current = figures.expenditure_total or Decimal(0)
    heads = [f"较{last.year}年预算{said['total']}"] if "total" in said else []
    parts = [
        f"{part.zh}{said[part]}"
        for part in (ExpenditurePart.basic, ExpenditurePart.projects)
        if part in said
    ]
    text = "，".join([f"{unit.year}年预算收支安排{prose_amount(current)}{u}", *heads])
    if parts:
        text += ("，其中：" if heads else "。与上年相比，") + "；".join(parts)
    return (Paragraph(text + "。"), change_table(unit, figures))


def change_table(unit: Unit, figures: UnitFigures) -> Table:
    assert unit.last_year is not None
    rows = []
    lines = (
        ("total", "合计"),
        *((p, p.zh) for p in (ExpenditurePart.basic, ExpenditurePart.projects)),
    )
    for key, label in lines:
        change = figures.changes.get(key)
        if change is None:
            continue
        rows.append(
            CHANGES.row(
                {
                    "item": label,
                    "current": table_amount(change.current),
                    # not published: the stated change alone is the data
                    "previous": "—" if change.stated else table_amount(change.previous),
                    "delta": table_amount(change.delta),
                    "percent": percent(change.percent) if change.percent is not None else "—",
                }
            )
        )
    return CHANGES.table(
        "支出预算比上年增减情况",
        (RowGroup(tuple(rows)),),
        above_right=f"单位：{unit.amount_unit}",
        values={"year": unit.year, "last_year": unit.last_year.year},
    )


def budget_overview(unit: Unit, figures: UnitFigures) -> tuple[Block, ...]:
    """The 收支预算总表: revenue by source beside expenditure by kind."""
    if figures.revenue_total is None or figures.expenditure_total is None:
        return ()
    left = [(label, table_amount(v)) for label, v in revenue_parts(unit, figures)]
    part = ExpenditurePart
    right = [
        (part.basic.zh, table_amount(figures.basic)),
        (f"　其中：{part.personnel.zh}", table_amount(figures.personnel)),
        (f"　　　　{part.public.zh}", table_amount(figures.public)),
        (part.projects.zh, table_amount(figures.projects_total)),
    ]
    if figures.carry_forward:
        right.append((part.carry_forward.zh, table_amount(figures.carry_forward)))
    height = max(len(left), len(right))
    left += [("", "")] * (height - len(left))
    right += [("", "")] * (height - len(right))
    rows = [
        BUDGET_OVERVIEW.row(
            {"revenue_item": a, "revenue": b, "expenditure_item": c, "expenditure": d}
        )
        for (a, b), (c, d) in zip(left, right, strict=True)
    ]
    rows.append(
        BUDGET_OVERVIEW.row(
            {
                "revenue_item": th(RevenueLine.total.zh),
                "revenue": table_amount(figures.revenue_total),
                "expenditure_item": th(ExpenditurePart.total.zh),
                "expenditure": table_amount(figures.expenditure_total),
            }
        )
    )
    return (
        BUDGET_OVERVIEW.table(
            "收支预算总表",
            (RowGroup(tuple(rows)),),
            above_left="收支预算总表",
            above_right=f"单位：{unit.amount_unit}",
        ),
    )


def operating_section(unit: Unit, figures: UnitFigures, heading: str) -> Section:
    costs = unit.operating_costs
    if costs is None:
        return Section("s3", heading, (Paragraph("本单位无机关运行经费安排。"),))
    text = f"{unit.year}年，{operating_amount_said(costs, unit.amount_unit)}。"
    change = figures.operating_change
    if change is not None:
        text += with_reason(
            f"比上年{change_phrase(change, unit.amount_unit)}",
            costs.reason.value if costs.reason else None,
        )
        text += "。"
    return Section("s3", heading, (Paragraph(text),))


def operating_amount_said(costs: OperatingCosts, amount_unit: str) -> str:
    """共计安排 X，主要用于…; a unit with none says its 预算为 0 rather than that it arranges 0
    for a purpose, and gives its purpose only when it writes one."""
    amount = said_amount(costs.amount.value, amount_unit, costs.amount)
    said = f"本单位机关运行经费共计安排{amount}"
    if costs.amount.value == 0:
        said = f"本单位未安排机关运行经费，机关运行经费预算为{amount}"
    return f"{said}，{sentence(costs.purpose.value)}" if costs.purpose else said


def performance_section(anchor: str, heading: str, unit: Unit, figures: UnitFigures) -> Section:
    children = tuple(
        project_section(f"{anchor}-{f.number}", f.number, project, f, unit)
        for project, f in zip(unit.projects, figures.projects, strict=True)
    )
    blocks: tuple[Block, ...] = targets_said(unit, figures)
    if not children:
        blocks += (Paragraph("本单位本年度无项目支出绩效目标。"),)
    return Section(anchor, heading, blocks, children)


def targets_said(unit: Unit, figures: UnitFigures) -> tuple[Block, ...]:
    """实行绩效目标管理的项目: counted from the projects when they are listed, else as stated."""
    stated = unit.performance_targets
    if stated is None:
        return ()
    count, money = figures.targeted
    if not unit.projects:
        if stated.projects is None or stated.amount is None:
            return ()
        count, money = int(stated.projects.value), stated.amount.value
    return (
        Paragraph(
            f"{unit.year}年，本单位实行绩效目标管理的项目{count}个，"
            f"涉及资金{prose_amount(money)}{unit.amount_unit}。"
        ),
    )


def glossary_section(unit: Unit, _: UnitFigures, heading: str) -> Section:
    """The unit's own 名词解释, else its profile's."""
    words = [(e.term.value, e.definition.value) for e in unit.glossary] or unit.profile_glossary
    items = tuple(
        Paragraph(f"{i}、{term}：{definition}", "item")
        for i, (term, definition) in enumerate(words, start=1)
    )
    return Section("s8", heading, items or (Paragraph("无。"),))


def other_section(unit: Unit, _: UnitFigures, heading: str) -> Section:
    text = unit.other_matters.value if unit.other_matters else "无。"
    return Section("s9", heading, (Paragraph(text),))
