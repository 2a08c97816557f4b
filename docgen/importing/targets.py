"""Stage 0, import: the 项目绩效目标表 of a legacy disclosure → projects with their indicators.

Takes the blocks the readers make (`text_reader`, `docx_reader`) and finds each project's table
by its labels, not by a fixed position: the seeds print it with a numbered heading
(`1.社保工作经费绩效目标表`) or with none, with or without 生态效益 rows, its head line
(`323005香河县社会保险事业管理所`, `单位：万元`) in the same table or glued to the last row of the
table before. Every text and figure is kept exactly as printed, with its place; nothing is
corrected here, so the seed's own defects come out as findings of the written source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docgen.importing.text_reader import Block, Cell, Paragraph, Place
from docgen.terms import PlanCheckpoint

UNIT_HEAD = re.compile(r"^(\d{3,12})(\D.*)$")  # 323005香河县社会保险事业管理所
HEAD_LINE = re.compile(r"^(\d{3,12}\D.*?)\s+(单位[:：]\s*(?:万元|元))$")
MONEY_UNIT = re.compile(r"^单位[:：]\s*(万元|元)$")
NUM = r"(-?\d+(?:\.\d+)?)"  # a figure of a narrative or a table, as printed
MONEY = r"(万元|元)"  # the unit printed after a figure: 万元 in most narratives, 元 in some
NUMBER = re.compile(rf"^{NUM}$")  # a text that is a figure and nothing else
GOAL_NUMBER = re.compile(r"^\s*[(（]?\d{1,2}[)）.．、]\s*")
INDICATOR_HEAD = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
CHECKPOINTS = {term.zh: term for term in PlanCheckpoint}


@dataclass(frozen=True)
class Printed:
    """A text or figure as the original prints it, and where."""

    text: str
    place: Place
    # the money unit printed with a figure (万元, 元) where the original says one beside it or
    # above its table; "" for a text, or a figure in the narrative's unit
    unit: str = ""


@dataclass(frozen=True)
class IndicatorRow:
    level1: Printed
    level2: Printed
    name: Printed
    description: Printed
    value: Printed
    basis: Printed | None  # blank in the original


@dataclass
class ProjectTable:
    """One 绩效目标表: the unit its head names, the project's facts and its indicator rows."""

    unit_code: Printed | None
    unit_name: Printed | None
    place: Place
    money_unit: str = ""  # as its head line says (单位：万元)
    code: Printed | None = None
    name: Printed | None = None
    amount: Printed | None = None
    fiscal: Printed | None = None
    other: Printed | None = None
    purpose: Printed | None = None
    plan: dict[PlanCheckpoint, Printed | None] = field(default_factory=dict)
    goals: list[Printed] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    leftovers: list[Printed] = field(default_factory=list)  # rows no label explains


def squeeze(text: str) -> str:
    """A label without its spaces: the seeds print 其中：财政    资金 and 计量  单位."""
    return re.sub(r"\s+", "", text)


def table_rows(blocks: list[Block]) -> Iterator[tuple[Cell, ...]]:
    """Every table row in order, a row that holds a table's head line glued to it split there
    (the extraction joins a table to the one before when no blank line parts them); a head
    line printed as a paragraph above its table (`323005香河县…\t单位：万元`, as Word files
    made by docgen have it) is read as that row."""
    for block in blocks:
        if isinstance(block, Paragraph):
            if match := HEAD_LINE.match(block.text):
                yield (Cell(match[1], block.place), Cell(match[2], block.place))
            continue
        for row in block.rows:
            start = 0
            for index in range(1, len(row)):
                if is_head(row, index):
                    yield row[start:index]
                    start = index
            yield row[start:]


def is_head(row: tuple[Cell, ...], index: int) -> bool:
    """Does a table's head line (`{code}{unit name}`, then `单位：万元`) start at `index`?"""
    following = row[index + 1].text if index + 1 < len(row) else ""
    return bool(UNIT_HEAD.match(row[index].text) and MONEY_UNIT.match(squeeze(following)))


def read_targets(blocks: list[Block]) -> list[ProjectTable]:
    """Each project table of the blocks, in order."""
    tables: list[ProjectTable] = []
    head: tuple[Printed | None, Printed | None] = (None, None)
    money_unit = ""
    current: ProjectTable | None = None
    in_indicators = False
    for row in table_rows(blocks):
        labels = [squeeze(cell.text) for cell in row]
        if is_head(row, 0):
            head = split_head(row[0])
            unit = MONEY_UNIT.match(labels[1])
            money_unit = unit[1] if unit else ""
            continue
        if labels and labels[0] == "项目编码":
            current = ProjectTable(*head, place=row[0].place, money_unit=money_unit)
            tables.append(current)
            in_indicators = False
            read_code_row(current, row)
            continue
        if current is None:
            continue
        if tuple(labels) == INDICATOR_HEAD:
            in_indicators = True
        elif in_indicators and len(row) == len(INDICATOR_HEAD):
            current.indicators.append(read_indicator(row, current.indicators))
        else:
            read_fact_row(current, row, labels)
    return tables


def split_head(cell: Cell) -> tuple[Printed | None, Printed | None]:
    match = UNIT_HEAD.match(cell.text)
    if match is None:
        return None, None
    return Printed(match[1], cell.place), Printed(match[2].strip(), cell.place)


def printed(cell: Cell) -> Printed:
    return Printed(cell.text, cell.place)


def read_code_row(table: ProjectTable, row: tuple[Cell, ...]) -> None:
    """项目编码 | code | 项目名称 | name."""
    for label, value in pairs(row):
        if label == "项目编码":
            table.code = printed(value)
        elif label == "项目名称":
            table.name = printed(value)


def pairs(row: tuple[Cell, ...]) -> Iterator[tuple[str, Cell]]:
    """(label, the cell after it) along a row of label | value cells."""
    for index in range(len(row) - 1):
        yield squeeze(row[index].text), row[index + 1]


FACT_LABELS = {
    "预算数": "amount",
    "其中：财政资金": "fiscal",
    "财政资金": "fiscal",
    "其他资金": "other",
    # the 项目资金 row of the Shanghai package's 项目支出绩效目标表
    "年度资金总额": "amount",
    "其中：财政拨款": "fiscal",
    "财政拨款": "fiscal",
}
# 预算规模及资金用途 (the seeds), or 项目资金（元） with its own money unit
FACT_ROW = re.compile(r"^(?:预算规模及资金用途|项目资金(?:[（(](万元|元)[）)])?)$")


def read_fact_row(table: ProjectTable, row: tuple[Cell, ...], labels: list[str]) -> None:
    """The rows between the code and the indicators: 预算规模, 资金用途, the plan, the goals."""
    if fact := FACT_ROW.match(labels[0]):
        for label, value in pairs(row):
            key = FACT_LABELS.get(label.rstrip("：:"))
            if key and value.text.strip():
                setattr(table, key, Printed(value.text, value.place, fact[1] or table.money_unit))
    elif labels[0] == "资金用途" and len(row) == 2 and table.purpose is None:
        table.purpose = printed(row[1])
    elif labels[0] == "资金支出计划（%）" or labels[0] == "资金支出计划(%)":
        table.plan = {CHECKPOINTS[label]: None for label in labels[1:] if label in CHECKPOINTS}
    elif table.plan and all(v is None for v in table.plan.values()) and labels[0] == "":
        for checkpoint, cell in zip(table.plan, row[1:], strict=False):
            table.plan[checkpoint] = printed(cell) if cell.text else None
    elif labels[0] == "绩效目标" and len(row) > 1:
        table.goals = split_goals(row[1])
    elif labels[0] == "" and len(row) == 2 and table.purpose is None and not table.plan:
        table.purpose = printed(row[1])
    elif any(labels):
        table.leftovers += [printed(cell) for cell in row if cell.text]


def split_goals(cell: Cell) -> list[Printed]:
    """绩效目标 as numbered lines: each line a goal, its number dropped."""
    goals = []
    for line in cell.text.split("\n"):
        text = GOAL_NUMBER.sub("", line).strip()
        if text:
            goals.append(Printed(text, cell.place))
    return goals


def read_indicator(row: tuple[Cell, ...], before: list[IndicatorRow]) -> IndicatorRow:
    """One indicator row; a blank 一级指标 is the one above it (Word's merged cell)."""
    level1 = printed(row[0])
    if not level1.text and before:
        level1 = before[-1].level1
    level2, name, description, value = (printed(cell) for cell in row[1:5])
    basis = printed(row[5]) if row[5].text else None
    return IndicatorRow(level1, level2, name, description, value, basis)
