"""Stage 0, import: a project's 预算数 as the narrative states it outside the project's 绩效目标表:
a row of a table of the spending's parts (`项目：社保工作经费 | 金额（元）`, docgen's own 支出构成)
or a sentence (`社区治理专项经费项目安排资金176.14万元，主要用于…`), by the project's name.

`legacy_settle.check_projects` holds each to the 预算数 of the project's table, within the
rounding of the coarser; nothing read here is written to the source, where the project's table
stays the figure, and the paragraph or table it stands in is kept as a note too.
"""

from __future__ import annotations

import re

from docgen.importing.targets import MONEY, NUM, Printed, squeeze
from docgen.importing.text_reader import Block, Paragraph, Table

COMPOSITION_AMOUNT = re.compile(r"^金额[（(](万元|元)[）)]$")  # 项目 | 金额（元） | 占比
PROJECT_ROW = re.compile(r"^(?:\d{1,2}[.．、]\s*)?项目[：:](.+)$")  # 3. 项目：测试专项资金
# 社区治理专项经费项目安排资金176.14万元 / “某某项目”预算为12.34万元: a name that ends in 项目,
# then what it is given; the name starts after a clause's mark.
PROJECT_SENTENCE = re.compile(
    rf"(?:^|[，,。；;：:])\s*[“\"]?([^，,。；;：:“”\"]{{2,40}}?项目)[”\"]?"
    rf"(?:共计)?(?:安排|预算)(?:资金|经费)?(?:共计)?(?:为)?{NUM}{MONEY}"
)


def read_project_rows(table: Table, into: dict[str, Printed]) -> None:
    """A table of the spending's parts (项目 | 金额（元） | 占比, a chart's figures): the 预算数
    of each project it lists by name."""
    head = [squeeze(cell.text) for cell in table.rows[0]] if table.rows else []
    column = next((n for n, label in enumerate(head) if COMPOSITION_AMOUNT.match(label)), None)
    if column is None:
        return
    unit = head[column][3:-1]  # 金额（元） → 元
    for row in table.rows[1:]:
        match = PROJECT_ROW.match(row[0].text.strip()) if row else None
        if match and column < len(row):
            cell = row[column]
            into[match[1].strip()] = Printed(cell.text.replace(",", ""), cell.place, unit)


def read_project_sentences(blocks: list[Block], into: dict[str, Printed]) -> None:
    """Each sentence of the paragraphs that gives a project's money by its name, the first
    where a name is given twice."""
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        for match in PROJECT_SENTENCE.finditer(block.text):
            into.setdefault(match[1].strip(), Printed(match[2], block.place, match[3]))


def project_key(name: str) -> str:
    """A project's name as the narrative and its table may both write it: 社区治理专项经费 and
    社区治理专项经费项目 are one project."""
    return squeeze(name).removesuffix("项目")
