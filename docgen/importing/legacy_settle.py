"""Stage 0, import: the narrative's figures held to the 公开表 and the project tables that print
them too.

Where the 公开表 are printed in 元 under a narrative in 万元 (the Shanghai district package), a
figure both give is printed twice, at two precisions: revenue by source and its total, 基本支出,
人员经费, 公用经费, 项目支出 and the spending total (收支总表, 收入总表, 支出总表), the “三公”
items, their sums and 机关运行经费 (the “三公”经费和机关运行经费预算表, in 万元 in that package).
The finer of the two is the source's figure, the other's digits kept in a comment beside it where
they differ; the two agree when they are within half a unit of the coarser's last place (a
rounding explains the difference), two of one precision only when equal (the table's is then
taken). A figure that does not agree is reported at its place and the import exits 1. A
project's 预算数 the narrative gives by the project's name (支出构成: 项目：社保工作经费, or a
sentence: 社保工作经费项目安排资金…万元) is held to its 绩效目标表 the same way, in any document
(but for a name two projects share); the project table stays the source's figure.
`settle_figures` does all of it for a document, a unit's or a department's without unit files:
reads its 公开表, chooses its source's money unit and restates every figure in it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.importing.legacy_project_figures import project_key
from docgen.importing.legacy_sections import Found
from docgen.importing.legacy_tables import (
    PrintedTables,
    find_standard_tables,
    map_printed,
    printed_figures,
    tables_in,
)
from docgen.importing.legacy_units import (
    SHIFT,
    WAN,
    YUAN,
    Restated,
    narrative_unit,
    restate_in,
    source_unit,
)
from docgen.importing.mapping import Amount, Mapped
from docgen.importing.targets import NUMBER, Printed, ProjectTable
from docgen.importing.text_reader import Block, Place

TOTAL_COLUMNS = (  # a spending figure of the narrative → the 支出总表's column of its 合计
    ("total", "total"),
    ("basic_total", "basic"),
    ("personnel", "personnel"),
    ("public", "public"),
    ("projects_total", "projects"),
)
Pair = tuple[str, dict[str, Printed], str, Amount]  # "section.key", the narrative's, key, table's


def table_figures(mapped: Mapped) -> dict[str, dict[str, object]]:
    """The narrative's figures the tables give too: revenue by source, 上年结转 and the total
    (收支总表's 收入总计, else 收入总表's 合计), spending's parts and totals (the 合计 row of
    the 支出总表)."""
    revenue = dict(mapped.revenue)
    t2 = mapped.stated.get("T2", {}).get("total", {})
    if "total" not in revenue and "total" in t2:
        revenue["total"] = t2["total"]
    expenditure: dict[str, object] = dict(mapped.expenditure)
    t3 = mapped.stated.get("T3", {}).get("total", {})
    for key, column in TOTAL_COLUMNS:
        if key not in expenditure and column in t3:
            expenditure[key] = t3[column]
    return {"revenue": revenue, "expenditure": expenditure}


def pairs_of(found: Found, mapped: Mapped) -> Iterator[Pair]:
    """Each figure the narrative and the tables both give."""
    given = table_figures(mapped)
    three = mapped.three_public
    sections: list[tuple[str, dict[str, Printed], dict[str, object]]] = [
        ("revenue", found.revenue, given["revenue"]),
        ("expenditure", found.expenditure, given["expenditure"]),
        (
            "three_public",
            found.three_public,
            {**three.get("this_year", {}), **three.get("stated", {})},
        ),
        ("three_public.last_year", found.three_last, dict(three.get("last_year", {}))),
        ("operating_costs", found.operating, {"amount": mapped.operating.get("amount")}),
    ]
    for section, said, tables in sections:
        for name, table in tables.items():
            if isinstance(table, Amount) and name in said:
                yield f"{section}.{name}", said, name, table


def in_yuan(value: Decimal, unit: str) -> Decimal:
    """A figure in 元 with the resolution it is printed to: 123.46 万元 is 1.2346E+6 元, to the
    hundred."""
    return value.scaleb(SHIFT) if unit == WAN else value


def half_unit(*figures: Decimal) -> Decimal:
    """Half a unit of the last place of the coarser figure."""
    last = max(int(figure.as_tuple().exponent) for figure in figures)
    return Decimal(1).scaleb(last) / 2


def is_finer(figure: Decimal, than: Decimal) -> bool:
    return int(figure.as_tuple().exponent) < int(than.as_tuple().exponent)


def as_printed(value: Decimal, place: Place, unit: str) -> Printed:
    """A table's figure in the unit it was printed in: a figure of a table in 万元 among tables
    in 元 (the “三公” table of the Shanghai package) was shifted into 元 keeping its last place
    (1.23E+4), and stays a 万元 figure of two places."""
    exponent = int(value.as_tuple().exponent)
    if unit == YUAN and exponent > 0:
        return Printed(f"{value.scaleb(-SHIFT):f}", place, WAN)
    return Printed(f"{value:f}", place, unit)


def settle_narrative(
    found: Found, mapped: Mapped, places: dict[str, Place], default: str = WAN
) -> list[Printed]:
    """Each figure the narrative and the tables both give settled as the module says (`mapped`
    in the source's unit, `default` the unit of a narrative figure that prints none); the
    disagreements, each at the narrative's place."""
    disagree: list[Printed] = []
    for key, said, name, table in pairs_of(found, mapped):
        printed = said[name]
        if not NUMBER.match(printed.text):
            continue  # a placeholder or a word: validation names it
        unit = printed.unit or default
        text, figure = in_yuan(Decimal(printed.text), unit), in_yuan(table.value, mapped.money_unit)
        if text == figure:
            if is_finer(figure, text):  # 100.00万元 beside 1,000,000元: the table's digits
                said[name] = as_printed(table.value, printed.place, mapped.money_unit)
            continue
        place = next((places[c] for c in table.cells if c in places), printed.place)
        if is_finer(text, figure):  # the narrative's is the source's, the table's beside it
            found.table_notes[key] = f"公开表{place.say('zh')}：{figure:f}元"
        else:
            said[name] = as_printed(table.value, place, mapped.money_unit)
            found.table_notes[key] = f"原文{printed.place.say('zh')}：{printed.text}{unit}"
        if abs(text - figure) > half_unit(text, figure):
            words = f"{printed.text}{unit} ≠ 公开表 {figure:f}元"
            disagree.append(Printed(f"{key} {words}", printed.place))
    return disagree


def check_projects(
    said: dict[str, Printed], tables: list[ProjectTable], default: str
) -> list[Printed]:
    """A project's 预算数 as the narrative lists it by name, against its 绩效目标表's: each
    that a rounding cannot explain, at the narrative's place."""
    disagree: list[Printed] = []
    names = Counter(project_key(t.name.text) for t in tables if t.name is not None)
    by_name = {project_key(t.name.text): t.amount for t in tables if t.name and t.amount}
    for name, printed in said.items():
        if names[project_key(name)] > 1:
            continue  # two projects of one name: which the narrative means it does not say
        amount = by_name.get(project_key(name))
        if amount is None or not NUMBER.match(printed.text) or not NUMBER.match(amount.text):
            continue
        unit, own = printed.unit or default, amount.unit or default
        text, figure = in_yuan(Decimal(printed.text), unit), in_yuan(Decimal(amount.text), own)
        if abs(text - figure) > half_unit(text, figure):
            words = f"{printed.text}{unit} ≠ 绩效目标表 {amount.text}{own}"
            disagree.append(Printed(f"projects.{name} {words}", printed.place))
    return disagree


@dataclass
class Settled:
    """The 公开表 a document prints (None: none that holds a 支出总表), the source's money unit,
    what restating its figures in it did, and the narrative's figures the tables contradict."""

    standard: Mapped | None
    printed: PrintedTables
    unit: str
    restated: Restated
    contradicted: list[Printed] = field(default_factory=list)

    @property
    def read(self) -> set[int]:
        """The blocks the 公开表 were read from, not to be listed as unmapped."""
        return self.printed.used if self.standard is not None else set()


def settle_figures(
    blocks: list[Block],
    found: Found,
    tables: list[ProjectTable],
    year_profile: tuple[int, str | None],
    display: str,
) -> Settled:
    """The document's 公开表 read, its source's money unit chosen, each figure the narrative and
    the tables both give settled, and every figure of `found` and `tables` restated in it."""
    year, profile = year_profile
    printed = find_standard_tables(blocks, profile)
    standard = map_printed(printed, year, profile, display)
    in_yuan = printed_figures(standard) if standard is not None and printed.finer else []
    said_in = narrative_unit(found)  # before the tables' figures take the narrative's place
    unit = source_unit(found, tables, in_yuan, said_in)
    contradicted = []
    if standard is not None:
        standard = tables_in(standard, unit)
        contradicted = settle_narrative(found, standard, printed.places, said_in)
    contradicted += check_projects(found.projects_said, tables, said_in)
    restated = restate_in(found, tables, unit, said_in)
    return Settled(standard, printed, unit, restated, contradicted)
