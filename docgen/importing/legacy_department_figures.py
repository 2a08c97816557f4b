"""Stage 0, import: a department's own narrative figures (its 情况说明's 预算安排总体情况,
机关运行经费 and “三公” sections) → its source's `stated:`, or its figures in a unit's form, and
the paragraphs that hold more than it states.

The sentences are a unit's (`2022年部门预算收入20000.00万元，其中：…`, `较2021年预算增加…`,
`“三公”经费预算数为10.00万元…`), read by the unit's own readers (`legacy_sections`). A department
that names its unit files (it prints their project tables) states of its own only its totals —
收入合计, 支出合计, 基本支出, 项目支出, “三公”经费合计 and the three changes on last year — each
held to its units' sum by docgen's checks; its revenue by source, 人员 and 公用经费, the “三公”
items, the reasons of a change and 机关运行经费 are its units' to state, and the paragraphs that
print them stay notes. Its units' money unit is the one their project tables, the narrative's
figures and its 公开表 hold exactly (`legacy_units`), and the department's file names it
(`amount_unit: 元` where it is 元), its totals being read in it; a total printed only in 万元
in a department whose units are in 元 is stated as printed (`63.44万元`), as a unit in 元 keeps
one: it stands for a 元 figure rounded to 0.01 万元, and its units' sum is held to it within
that rounding. Its 公开表,
where it prints them too, are its own consolidated `tables:`, read as a unit's (`legacy_tables`),
its totals settled against them as a unit's figures are (`legacy_settle`: the tables' 元 where
the narrative prints 万元, a contradiction reported at its paragraph); docgen holds those lines
to its units' sum (X9) where every unit's file gives its lines, and files made of project tables
give none: the lines are then its tables as printed, unchecked against its units. A
department that prints no project table but its 公开表 is one without unit files: its revenue,
expenditure, 机关运行经费 and “三公” are written as a unit's are, settled against its tables as a
unit's (`legacy_settle`), a figure printed only in 万元 over tables in 元 kept as printed, and
its changes on last year are its `stated:`. Its 政府采购 has no place in a department's file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from docgen.importing.legacy_emit import Writer
from docgen.importing.legacy_sections import READERS, Found
from docgen.importing.legacy_settle import Settled
from docgen.importing.legacy_tables import write_printed_tables
from docgen.importing.legacy_units import WAN, YUAN
from docgen.importing.legacy_write import (
    write_budget_figures,
    write_change,
    write_operating,
    write_three_public,
)
from docgen.importing.targets import Printed
from docgen.importing.text_reader import Block, Paragraph, Place

# The sections whose figures a department with unit files states, and their readers.
FIGURE_READERS = {kind: READERS[kind] for kind in ("budget", "three_public")}
# …and those a department without unit files states in a unit's form.
CONSOLIDATED_READERS = {
    kind: READERS[kind] for kind in ("budget", "operating_costs", "three_public")
}
STATED = (  # the department's stated key ← what the unit's reader found
    ("revenue_total", "revenue", "total"),
    ("expenditure_total", "expenditure", "total"),
    ("basic", "expenditure", "basic_total"),
    ("projects", "expenditure", "projects_total"),
    ("three_public_total", "three_public", "total"),
)
CHANGES = ("total", "basic", "projects")


@dataclass
class DepartmentFigures:
    """What the department states, in its units' money unit, and what it cannot."""

    unit: str  # its units' money unit
    stated: dict[str, Printed] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # the 公开表's digits beside a total
    changes: dict[str, tuple[Printed, Printed | None]] = field(default_factory=dict)
    rates: dict[str, Printed] = field(default_factory=dict)  # the changes' percents
    left: set[Place] = field(default_factory=set)  # where a figure not stated was printed
    contradicted: list[Printed] = field(default_factory=list)


def department_figures(found: Found, settled: Settled) -> DepartmentFigures:
    """The totals of `found` (its units' readers' findings, settled against its 公开表 and
    restated in its units' money unit, `legacy_settle`) the department states."""
    figures = DepartmentFigures(settled.unit, contradicted=settled.contradicted)
    for key, section, name in STATED:
        value = getattr(found, section).get(name)
        if value is not None:
            figures.stated[key] = value
            figures.notes[key] = found.table_notes.get(f"{section}.{name}", "")
    figures.changes = {key: found.changes[key] for key in CHANGES if key in found.changes}
    figures.rates = {key: rate for key, rate in found.rates.items() if key in figures.changes}
    used = {id(v) for v in figures.stated.values()}
    used |= {id(part) for change in figures.changes.values() for part in change if part}
    figures.left = {value.place for value in read_values(found) if id(value) not in used}
    return figures


def read_values(found: Found) -> Iterator[Printed]:
    """Every figure and text the readers took from the department's sections."""
    for figures in (
        found.revenue,
        found.expenditure,
        found.reasons,
        found.printed_last,
        found.operating,
        found.three_public,
        found.three_reasons,
        found.three_last,
    ):
        yield from figures.values()
    for changes in (found.changes, found.three_changes):
        for word, amount in changes.values():
            yield word
            if amount is not None:
                yield amount
    if found.operating_change is not None:
        yield from (part for part in found.operating_change if part is not None)


def blocks_left(blocks: list[Block], left: set[Place]) -> list[Block]:
    """The paragraphs and tables where a figure the department does not state was printed."""
    kept = []
    for block in blocks:
        places = {block.place} if isinstance(block, Paragraph) else cell_places(block)
        if places & left:
            kept.append(block)
    return kept


def cell_places(block: Block) -> set[Place]:
    assert not isinstance(block, Paragraph)
    return {cell.place for row in block.rows for cell in row}


def write_stated(out: Writer, figures: DepartmentFigures) -> None:
    """`stated:` with the totals and the changes the department prints, in its units' unit,
    one printed only in 万元 over units in 元 kept as printed (`22.51万元`)."""
    if not figures.stated and not figures.changes:
        return
    if figures.unit == YUAN:
        out.comment("部门写明的合计与各单位文件同以元计（amount_unit）")
    if any(value.unit == WAN for value in stated_values(figures)):
        out.comment(
            "原文只以万元印出的合计照原文写作“万元”：它代表四舍五入到0.01万元的元数，"
            "与各单位之和核对时容许其末位半个单位（50元）的尾差"
        )
    out.add("stated:")
    for key, _, _ in STATED:
        if key in figures.stated:
            out.figure(f"  {key}: ", figures.stated[key], figures.notes[key])
    write_changes(out, figures.changes, figures.rates)


def stated_values(figures: DepartmentFigures) -> Iterator[Printed]:
    yield from figures.stated.values()
    yield from (amount for _, amount in figures.changes.values() if amount is not None)


def write_changes(
    out: Writer, changes: dict[str, tuple[Printed, Printed | None]], rates: dict[str, Printed]
) -> None:
    if changes:
        out.add("  changes:")
        for key in CHANGES:
            if key in changes:
                write_change(out, f"    {key}: ", changes[key], rates.get(key))


def write_own_tables(out: Writer, settled: Settled) -> None:
    """Its 公开表 as its own consolidated `tables:`, which docgen holds line by line to its
    units' sum (X9) where every unit's file gives its lines; those written of its units'
    project tables give none, and its lines are then its tables as printed, as docgen shows a
    department's own lines where its units give none."""
    if settled.standard is None:
        return
    out.comment(
        "部门公开表各行（汇总数）：各单位文件只有项目绩效目标表、没有公开表各行，"
        "无从与各单位之和核对；部门文档以此为其公开表"
    )
    write_printed_tables(out, settled.standard, settled.printed, settled.unit)


def consolidated_left(found: Found) -> set[Place]:
    """Where a figure a department without unit files does not state was printed: the reasons
    of its budget's changes and last year's budget (its source has no last_year)."""
    return {value.place for value in (*found.reasons.values(), *found.printed_last.values())}


def write_consolidated(out: Writer, found: Found, settled: Settled) -> None:
    """A department's own figures in a unit's form (revenue, expenditure, 机关运行经费, “三公”),
    its 公开表 as `tables:` and the changes of its budget on last year under `stated:`."""
    write_budget_figures(out, found)
    write_operating(out, found)
    write_three_public(out, found)
    if settled.standard is not None:
        write_printed_tables(out, settled.standard, settled.printed, settled.unit)
    changes = {key: found.changes[key] for key in CHANGES if key in found.changes}
    if changes:
        out.add("stated:")
        write_changes(out, changes, found.rates)
