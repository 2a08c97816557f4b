"""Stage 0, import: a legacy department disclosure → a department source and its units' sources.

A department's document (seed 001) gives its 部门整体绩效目标 — 一、总体绩效目标 (prose),
二、分项绩效目标 (`1.就业工作目标。`, then `绩效目标：…` and `绩效指标：…`), 三、工作保障措施
(a paragraph each) — and then its units' project tables, each headed by its own unit's code
and name. They become the department's file (kind: department, its units named) and one unit
file per unit (kind: unit, scope: performance, its projects in the order printed); its own
figures are `legacy_department_figures`'. The department's own name is its 本级 unit's (the
department's office) without 本级, else its title's; its code is not printed, and is left to
fill in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.importing.legacy_emit import Writer, write_projects, write_year_profile
from docgen.importing.legacy_units import YUAN
from docgen.importing.targets import Printed, ProjectTable
from docgen.importing.text_reader import Block, Paragraph

SUB_GOAL_TITLE = re.compile(r"^\d{1,2}[.．、]\s*(.+?)[。.]?$")
SUB_GOAL_PART = re.compile(r"^(绩效目标|绩效指标)\s*[:：]\s*(.*)$")
OWN_OFFICE = "本级"


@dataclass
class SubGoal:
    title: Printed
    goal: Printed | None = None
    indicators: Printed | None = None


@dataclass
class DepartmentFound:
    """The 部门整体绩效目标 as printed, and the blocks none of its readers used."""

    overall: list[Printed] = field(default_factory=list)
    sub_goals: list[SubGoal] = field(default_factory=list)
    measures: list[Printed] = field(default_factory=list)
    unused: list[Block] = field(default_factory=list)


def read_overall(blocks: list[Block], found: DepartmentFound) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            found.overall.append(Printed(block.text, block.place))
        else:
            found.unused.append(block)


def read_sub_goals(blocks: list[Block], found: DepartmentFound) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            part = SUB_GOAL_PART.match(block.text)
            title = SUB_GOAL_TITLE.match(block.text)
            if part and found.sub_goals:
                key = "goal" if part[1] == "绩效目标" else "indicators"
                setattr(found.sub_goals[-1], key, Printed(part[2], block.place))
                continue
            if title and not part:
                found.sub_goals.append(SubGoal(Printed(title[1], block.place)))
                continue
        found.unused.append(block)


def read_measures(blocks: list[Block], found: DepartmentFound) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            found.measures.append(Printed(block.text, block.place))
        else:
            found.unused.append(block)


DEPARTMENT_READERS = {
    "overall_goal": read_overall,
    "sub_goals": read_sub_goals,
    "measures": read_measures,
}


def units_of(tables: list[ProjectTable]) -> dict[str, list[ProjectTable]]:
    """The project tables by the unit code of their heads, in the order the units come."""
    units: dict[str, list[ProjectTable]] = {}
    for table in tables:
        code = table.unit_code.text if table.unit_code else ""
        units.setdefault(code, []).append(table)
    return units


def department_name(tables: list[ProjectTable]) -> Printed | None:
    """The department is its own office's unit (…本级) without 本级."""
    for table in tables:
        if table.unit_name and table.unit_name.text.endswith(OWN_OFFICE):
            name = table.unit_name
            return Printed(name.text.removesuffix(OWN_OFFICE), name.place)
    return None


def write_department_head(out: Writer, scope: str, year_profile: tuple[int, str | None]) -> None:
    out.add("kind: department")
    out.add(f"scope: {scope}")
    write_year_profile(out, *year_profile)


def write_department(
    out: Writer, found: DepartmentFound, name: Printed | None, units: list[str]
) -> None:
    """Its code and name, the unit files it names (none: its own figures follow) and its
    部门整体绩效目标."""
    out.add("department:")
    out.add('  code: "【待填写：部门编码】"  # 原文没有印出部门编码')
    if name is not None:
        out.text("  name: ", name)
    else:
        out.add("  name: 【待填写：部门全称】")
    if units:
        out.add("units:")
        for unit in units:
            out.add(f"  - {unit}")
    if found.overall:
        first = found.overall[0]
        out.text("overall_goal: ", Printed("\n".join(p.text for p in found.overall), first.place))
    if found.sub_goals:
        out.add("sub_goals:")
        for goal in found.sub_goals:
            out.text("  - title: ", goal.title)
            out.text("    goal: ", goal.goal or Printed("【待填写：绩效目标】", goal.title.place))
            indicators = goal.indicators or Printed("【待填写：绩效指标】", goal.title.place)
            out.text("    indicators: ", indicators)
    if found.measures:
        out.add("measures:")
        for measure in found.measures:
            out.text("  - ", measure)


def write_unit_file(
    out: Writer,
    year_profile_money: tuple[int, str | None, str],
    tables: list[ProjectTable],
    department: Printed | None,
) -> None:
    """A unit's file of its project tables; `amount_unit: 元` where its department's money
    unit is 元 (every unit's is its department's, `legacy_department_figures`)."""
    year, profile, money = year_profile_money
    out.add("kind: unit")
    out.add("scope: performance")
    write_year_profile(out, year, profile)
    if money == YUAN:
        out.add(f"amount_unit: {money}")
    head = tables[0]
    out.add("unit:")
    if head.unit_code:
        out.code("  code: ", head.unit_code)
    if head.unit_name:
        out.text("  name: ", head.unit_name)
    if department:
        out.text("  department: ", department)
    write_projects(out, tables)
