"""Stage 0, import: a legacy disclosure's plain-text extraction → paragraphs and tables.

The extraction of a published Word file (as the seeds are) writes each table cell on a line of
its own after a tab, parts the rows by blank lines and leaves Word's bookmarks as `[bookmark: …]`
before the text they mark. A cell that ran over several lines in Word goes on without the tab.
This module reads that back into the one model the legacy import parses (`Block`s: paragraphs
and tables of rows of cells, each with its place in the file), so the .docx reader and this one
feed the same parser; it knows nothing of budgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BOOKMARK = re.compile(r"^(\[bookmark: [^\]]*\])+")
CELL = re.compile(r"^ *\t")


@dataclass(frozen=True)
class Place:
    """Where a text stands in the original: a line of a .txt, or a paragraph or a table's row
    and cell of a .docx (1-based); said in the report and in the written source's comments."""

    kind: str  # line | paragraph | table
    number: int
    row: int = 0
    cell: int = 0

    def say(self, lang: str) -> str:
        if self.kind == "line":
            return f"第{self.number}行" if lang == "zh" else f"line {self.number}"
        if self.kind == "paragraph":
            return f"第{self.number}段" if lang == "zh" else f"paragraph {self.number}"
        if lang == "zh":
            return f"表{self.number}第{self.row}行第{self.cell}格"
        return f"table {self.number} row {self.row} cell {self.cell}"


@dataclass(frozen=True)
class Cell:
    text: str
    place: Place
    span: int = 1  # the grid columns a Word cell spans (gridSpan); a .txt cannot tell
    continued: bool = False  # the lower part of a vertically merged Word cell (vMerge)


@dataclass(frozen=True)
class Paragraph:
    text: str
    place: Place


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    place: Place


Block = Paragraph | Table


@dataclass
class Reading:
    """The blocks read so far, and the table and row being filled."""

    blocks: list[Block] = field(default_factory=list)
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    row: list[Cell] = field(default_factory=list)
    last_was_cell: bool = False

    def end_row(self) -> None:
        if self.row:
            self.rows.append(tuple(self.row))
            self.row = []
        self.last_was_cell = False

    def end_table(self) -> None:
        self.end_row()
        if self.rows:
            self.blocks.append(Table(tuple(self.rows), self.rows[0][0].place))
            self.rows = []


def read_text(text: str) -> list[Block]:
    """The paragraphs and tables of a plain-text extraction, in order."""
    reading = Reading()
    for number, raw in enumerate(text.splitlines(), 1):
        line = BOOKMARK.sub("", raw.rstrip("\r"))
        if CELL.match(line):
            reading.row.append(Cell(line.split("\t", 1)[1].strip(), Place("line", number)))
            reading.last_was_cell = True
        elif not line.strip():
            reading.end_row()
        elif reading.last_was_cell:
            # A cell's second line: Word wrapped the cell's text at a line break of its own.
            last = reading.row[-1]
            reading.row[-1] = Cell(f"{last.text}\n{line.strip()}", last.place)
        else:
            reading.end_table()
            reading.blocks.append(Paragraph(line.strip(), Place("line", number)))
    reading.end_table()
    return reading.blocks
