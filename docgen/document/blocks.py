"""The document model: what a disclosure shows, in a form every renderer can walk.

Sections hold paragraphs, tables and charts. Every string is final text (numbers already
formatted); every table says its column widths, header rows, spans and which row groups must stay
on one page. Renderers only present this; they never add, round or reword.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from docgen.findings import Location
from docgen.terms import Kind

Align = Literal["left", "center", "right"]
Width = int | Decimal  # percent of the text width (the county index gives a figure 8.5)


@dataclass(frozen=True)
class Link:
    label: str  # HTML, PDF, DOCX
    href: str  # relative to the page that shows it


@dataclass(frozen=True)
class Figure:
    """The number a cell's text shows, for a renderer that keeps numbers (the workbook): exact,
    already in the table's money unit and rounded to the places shown."""

    value: Decimal
    thousands: bool  # 1,500,000.00 rather than 1500000.00

    @property
    def places(self) -> int:  # the value is rounded to these, so its exponent says them
        exponent = self.value.as_tuple().exponent
        return max(-exponent, 0) if isinstance(exponent, int) else 0

    @property
    def text(self) -> str:
        return f"{self.value:,f}" if self.thousands else f"{self.value:f}"


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # a label cell (<th>); its scope follows from where it stands
    align: Align = "left"
    links: tuple[Link, ...] = ()  # after the text: the county index's files
    figure: Figure | None = None  # the number the text shows, where it is one
    # Levels below the row it belongs to (a 款 1, a 项 2): the text starts with as many
    # full-width spaces, which a spreadsheet replaces with its own indent.
    indent: int = 0


Row = tuple[Cell, ...]


@dataclass(frozen=True)
class About:
    """What a table's figures are about that its cells need not print, for a renderer that
    publishes them as data (`-f data`): the project a 项目基本信息 table gives the money of, the
    unit it is a project of (in a department's document, one of its units), and the 支出功能分类
    项 the project names (printed in the table only where the profile asks)."""

    project_code: str
    project_name: str
    unit_code: str
    unit_name: str
    functional_code: str = ""
    functional_name: str = ""  # the year's name of the code; empty for one the list lacks


@dataclass(frozen=True)
class RowGroup:
    rows: tuple[Row, ...]
    # Kept on one page: a 一级指标 cell spans its group, and a page break inside the group
    # would leave the rows after it without their label.
    keep_together: bool = False
    role: str = ""  # a class for the stylesheets on each row: department, unit
    search: str = ""  # what the county index's search box matches on each row


@dataclass(frozen=True)
class Table:
    caption: str  # what the table is, for screen readers and the DOCX alt text
    widths: tuple[Width, ...]  # column widths in percent of the text width, from its spec
    head: tuple[Row, ...]  # repeated on every page
    body: tuple[RowGroup, ...]
    style: str  # a class name for the stylesheets: figures, project, indicators, …
    above_left: str = ""  # the line above a table: 323005香河县社会保险事业管理所
    above_right: str = ""  # 单位：万元
    keep_with_next: bool = False  # on the same page as what follows (a project's two tables)
    spec: str = ""  # the TableSpec it was made from (docgen.document.columns)
    columns: tuple[str, ...] = ()  # the keys of the spec's columns it shows
    about: About | None = None  # what its figures are about beyond its cells (a project's)
    # A table by unit (部门预算按单位汇总): each body row's unit, (code, name), in order; the row
    # after them (合计) is the document's own.
    row_units: tuple[tuple[str, str], ...] = ()
    kind: Literal["table"] = "table"

    @property
    def row_count(self) -> int:
        return sum(len(group.rows) for group in self.body)


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Literal["body", "item", "label"] = "body"
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Bar:
    label: str
    amount: str  # formatted, as printed beside the bar
    percent: str  # formatted share, 12.34%
    fraction: Decimal  # 0…1, the bar's length


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str  # the chart in words, every bar with its figure
    amount_unit: str
    bars: tuple[Bar, ...]
    kind: Literal["chart"] = "chart"


Block = Paragraph | Table | Chart


@dataclass(frozen=True)
class Section:
    anchor: str  # a stable id for links and bookmarks: s2, s5-3
    heading: str  # as printed: 二、单位预算安排的总体情况
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    # Starts a new page in print (each 绩效目标表, each part of a department document).
    page_break: bool = False


@dataclass(frozen=True)
class Document:
    slug: str  # the output name: <code>-<year>
    title: str  # 香河县社会保险事业管理所2021年单位预算信息公开情况说明
    org_name: str  # the running header
    org_code: str
    year: int
    kind: Kind  # unit or department
    intro: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    # Every source text the document shows, with where it was written: a character no font
    # covers is reported at its line.
    located_texts: tuple[tuple[str, Location], ...] = field(default=(), repr=False)
    source_loc: Location | None = None

    def walk(self) -> list[tuple[int, Section]]:
        """Every section with its depth (1 = top level), in reading order."""
        found: list[tuple[int, Section]] = []

        def visit(section: Section, depth: int) -> None:
            found.append((depth, section))
            for child in section.children:
                visit(child, depth + 1)

        for section in self.sections:
            visit(section, 1)
        return found

    def strings(self) -> list[str]:
        """Every string the renderers print, for the font coverage check."""
        found = [self.title, self.org_name, *(p.text for p in self.intro)]
        for _, section in self.walk():
            found.append(section.heading)
            for block in section.blocks:
                found += block_strings(block)
        return found


def block_strings(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Chart):
        return [block.title, block.alt, *(f"{b.label}{b.amount}{b.percent}" for b in block.bars)]
    cells = [cell.text for row in block.head for cell in row]
    for row in (row for group in block.body for row in group.rows):
        cells += [cell.text for cell in row]
        cells += [link.label for cell in row for link in cell.links]
    return [block.caption, block.above_left, block.above_right, *cells]
