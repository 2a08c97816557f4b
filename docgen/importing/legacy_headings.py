"""Stage 0, import: the sections of a legacy disclosure by their headings.

A section is a numbered heading (`一、单位职责及机构设置情况`, worded a little differently from
county to county) or a part's title (`第二部分` then `预算项目绩效目标`, or both on one line),
with the blocks under it up to the next; its kind is told by the words of its heading. A part
whose title no kind knows (`第二部分　部门预算情况说明` where the layout has no such part) is a
section too, of no kind: what it holds up to the next heading is said as not imported, where
appending it to the section before would make it that section's text (a 保障措施 of its own).
The document's title lines before the first section give its year and, where the 绩效目标表 do
not, the unit's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.importing.targets import HEAD_LINE, Printed, squeeze
from docgen.importing.text_reader import Block, Paragraph, Place, Table

HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})[、.．]\s*(\S.*)$")
TITLE_YEAR = re.compile(r"(20\d\d)年.*(预算|绩效)")
TITLED_NAME = re.compile(r"^(\S{2,40}?)20\d\d年\S*预算")  # 某某县教育局2024年部门预算…


@dataclass
class Section:
    """A numbered heading and the blocks under it, up to the next heading."""

    number: str
    title: str
    place: Place
    blocks: list[Block] = field(default_factory=list)
    printed: str = ""  # the heading as printed, said where no reader knows its kind


# A section's kind by the words of its heading, most specific first: 总体绩效目标 is the
# department's, 总体情况 the unit's budget; 绩效 alone is the project tables (五、绩效预算信息).
SECTION_KINDS = (
    ("总体绩效目标", "overall_goal"),
    ("分项绩效目标", "sub_goals"),
    ("保障措施", "measures"),
    ("部门整体绩效目标", "department"),
    ("职责", "unit"),
    ("总体情况", "budget"),
    ("机关运行", "operating_costs"),
    ("三公", "three_public"),
    ("政府采购", "procurement"),
    ("国有资产", "assets"),
    ("名词解释", "glossary"),
    ("其他需要说明", "other_matters"),
    ("其他说明", "other_matters"),
    ("绩效", "targets"),
)
MAX_HEADING = 40  # a heading is a title; `一、…` running on is a numbered paragraph
PART = re.compile(r"^第[一二三四五六七八九十]+部分$")
TARGET_LABELS = {"项目编码", "项目名称", "一级指标"}  # a 绩效目标表's head, in either of its tables
PART_TITLED = re.compile(r"^第[一二三四五六七八九十]+部分[\s\u3000：:]*(\S.*)$")
TABLE_TITLE = re.compile(r"^\d{1,3}[.．、].*绩效目标表$")


def section_kind(title: str) -> str | None:
    return next((kind for words, kind in SECTION_KINDS if words in title), None)


def split_sections(blocks: list[Block]) -> tuple[list[Block], list[Section]]:
    """The blocks before the first heading, and each section: a numbered heading
    (`一、…`), or a part's title (`第二部分` then `预算项目绩效目标`, or both on one line),
    with what follows it."""
    front: list[Block] = []
    sections: list[Section] = []
    after_part = False
    previous: Block | None = None
    for block in blocks:
        heading = heading_of(block, after_part)
        if heading is None and after_part and isinstance(block, Paragraph):
            heading = unknown_part(block, previous)
        previous = block
        after_part = isinstance(block, Paragraph) and bool(PART.match(block.text))
        if heading is not None:
            sections.append(heading)
        elif after_part:
            continue  # 第二部分: the title that follows says what the part is
        elif sections:
            sections[-1].blocks.append(block)
        else:
            front.append(block)
    return front, sections


def heading_of(block: Block, after_part: bool) -> Section | None:
    if not isinstance(block, Paragraph):
        return None
    match = HEADING.match(block.text)
    if match and len(match[2]) <= MAX_HEADING and not match[2].endswith(("。", "；")):
        return Section(match[1], match[2], block.place, printed=block.text)
    if after_part and section_kind(block.text) is not None:
        return Section("", block.text, block.place, printed=block.text)
    titled = PART_TITLED.match(block.text)  # 第一部分　部门整体绩效目标, on one line
    if titled and len(titled[1]) <= MAX_HEADING:
        return Section("", titled[1], block.place, printed=block.text)
    return None


def unknown_part(title: Paragraph, part: Block | None) -> Section | None:
    """`第二部分` then a title no kind knows, on the next line: a section of no kind, said with
    its part's number, unless the line runs on as a paragraph does."""
    if len(title.text) > MAX_HEADING or title.text.endswith(("。", "；")):
        return None
    number = part.text if isinstance(part, Paragraph) else ""
    return Section("", title.text, title.place, printed=f"{number}\u3000{title.text}".strip())


def title_year(front: list[Block]) -> int | None:
    for block in front:
        if isinstance(block, Paragraph) and (match := TITLE_YEAR.search(block.text)):
            return int(match[1])
    return None


def title_name(front: list[Block]) -> Printed | None:
    """The unit's name as the title prints it before the year: 某某县教育局2024年部门预算…."""
    for block in front:
        if isinstance(block, Paragraph) and (match := TITLED_NAME.match(block.text)):
            return Printed(match[1], block.place)
    return None


def target_blocks(sections: list[Section], blocks: list[Block]) -> list[Block]:
    """The blocks the project tables stand in: their sections', else (no such heading) all."""
    chosen = [b for s in sections if section_kind(s.title) == "targets" for b in s.blocks]
    return chosen or blocks


def is_title(block: Block, name: str | None) -> bool:
    """The document's title lines: the unit's name, and `2021年单位预算信息公开情况说明`."""
    if not isinstance(block, Paragraph):
        return False
    return block.text == name or (
        len(block.text) <= MAX_HEADING and bool(TITLE_YEAR.search(block.text))
    )


def is_loose_paragraph(block: Block) -> bool:
    """A paragraph among the project tables that is not a table's own title."""
    return isinstance(block, Paragraph) and not (
        TABLE_TITLE.match(block.text) or HEAD_LINE.match(block.text)
    )


def is_other_table(block: Block) -> bool:
    """A table among the project tables that is no part of a 绩效目标表 (a chart's figures)."""
    if not isinstance(block, Table):
        return False
    labels = {squeeze(cell.text) for row in block.rows[:3] for cell in row}
    return not labels & TARGET_LABELS
