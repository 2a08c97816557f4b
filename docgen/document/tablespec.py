"""Table columns, declared once: a table kind's columns, and a `Table` made from them.

A `TableSpec` lists a table kind's columns (key, heading, width, alignment, group); the document
builds each `Table` from its spec (widths, head rows with the spans of a two-level header, body
rows in column order), and the county index, the summary sheet and the diff report read the same
spec. Widths are checked when a spec is made, so a table that does not fill the page, or spills
over it, is refused at import, not noticed in print. The declarations themselves are in
`docgen.document.columns`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Literal, TypeVar

from docgen.document.blocks import Align, Cell, Row, RowGroup, Table, Width

# What a width measures: percent of the text width (a document's table: they add up to 100),
# characters (a spreadsheet's column), or nothing (a terminal or Markdown table sizes itself).
Measure = Literal["percent", "characters", "none"]
FULL_WIDTH = 100
V = TypeVar("V")


@dataclass(frozen=True)
class Column:
    key: str  # what fills it: a figure's name (revenue_total), a field (name)
    heading: str  # as printed; may name {year}, {last_year} or {unit}, filled per document
    width: Width = 0
    align: Align = "left"  # the body cells'; head cells are centred
    group: str = ""  # a two-level header: adjacent columns of one group share a top cell
    english: str = ""  # the heading in an English report
    header: bool = False  # the body cells are row headings (<th scope="row">)
    flex: bool = False  # shares, in whole points, the width the other columns leave
    amount: bool = False  # holds money (a spreadsheet shows two places)

    def sized(self, width: Width) -> Column:
        return dataclasses.replace(self, width=width)


@dataclass(frozen=True)
class TableSpec:
    name: str  # the table kind: changes, procurement, index…
    columns: tuple[Column, ...]
    measure: Measure = "percent"
    headed: bool = True  # a form (the project table) has a grid but no head row

    def __post_init__(self) -> None:
        check_columns(self.name, self.columns, self.measure)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @property
    def widths(self) -> tuple[Width, ...]:
        return tuple(column.width for column in self.columns)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def headings(self, **values: object) -> tuple[str, ...]:
        """Each column's heading, with the document's year, last year and money unit filled in."""
        return tuple(column.heading.format(**values) for column in self.columns)

    def head(self, **values: object) -> tuple[Row, ...]:
        """The head rows: one, or two when some columns share a group heading (the group's cell
        spans its columns; a column of no group spans both rows)."""
        if not self.headed:
            return ()
        texts = self.headings(**values)
        if not any(column.group for column in self.columns):
            return (tuple(head_cell(text) for text in texts),)
        top: list[Cell] = []
        bottom: list[Cell] = []
        pairs = list(zip(self.columns, texts, strict=True))
        for group, members in groupby(pairs, key=lambda pair: pair[0].group):
            run = list(members)
            if group:
                top.append(head_cell(group, colspan=len(run)))
                bottom += [head_cell(text) for _, text in run]
            else:
                top += [head_cell(text, rowspan=2) for _, text in run]
        return (tuple(top), tuple(bottom))

    def row(self, values: Mapping[str, str | Cell], covered: Collection[str] = ()) -> Row:
        """A body row in column order. A text takes its column's alignment; a `Cell` is placed
        as it is and the columns its colspan covers are skipped; `covered` names the columns a
        row span from above already fills. Every other column must be given, and nothing else."""
        cells: list[Cell] = []
        skip = 0
        used = set()
        for column in self.columns:
            if skip or column.key in covered:
                skip = max(skip - 1, 0)
                continue
            value = values[column.key]
            used.add(column.key)
            cell = value if isinstance(value, Cell) else body_cell(value, column)
            cells.append(cell)
            skip = cell.colspan - 1
        unknown = set(values) - used
        if unknown:
            raise KeyError(f"table {self.name}: no column for {sorted(unknown)}")
        return tuple(cells)

    def ordered(self, values: Mapping[str, V]) -> tuple[V, ...]:
        """One value per column, in column order (a spreadsheet row); nothing missing or extra."""
        if set(values) != set(self.keys):
            raise KeyError(f"table {self.name}: {sorted(values)} are not its columns {self.keys}")
        return tuple(values[key] for key in self.keys)

    def without(self, keys: Iterable[str]) -> TableSpec:
        """The spec less the columns named; the flexible columns left share the width the others
        leave (a procurement table shows only the funding sources its lines use)."""
        dropped = set(keys)
        kept = [column for column in self.columns if column.key not in dropped]
        flex = [column for column in kept if column.flex]
        if self.measure == "percent" and flex:
            spare = FULL_WIDTH - sum(column.width for column in kept if not column.flex)
            shares = iter(spread(int(spare), len(flex)))
            kept = [column.sized(next(shares)) if column.flex else column for column in kept]
        return dataclasses.replace(self, columns=tuple(kept))

    def table(
        self,
        caption: str,
        body: tuple[RowGroup, ...],
        *,
        style: str = "figures",
        above_left: str = "",
        above_right: str = "",
        keep_with_next: bool = False,
        values: Mapping[str, object] | None = None,
    ) -> Table:
        """A table of this kind: widths and head from the spec, the rows as given. A row that does
        not fill the columns (counting spans) is refused: it would shift every cell after it."""
        head = self.head(**(values or {}))
        check_grid(self.name, head, len(self.columns))
        check_grid(self.name, [row for group in body for row in group.rows], len(self.columns))
        return Table(
            caption=caption,
            widths=self.widths,
            head=head,
            body=body,
            style=style,
            above_left=above_left,
            above_right=above_right,
            keep_with_next=keep_with_next,
            spec=self.name,
            columns=self.keys,
        )


def check_columns(name: str, columns: tuple[Column, ...], measure: Measure) -> None:
    """A spec is refused when its keys repeat or its widths do not fit what they measure."""
    keys = [column.key for column in columns]
    if not columns or len(set(keys)) != len(keys):
        raise ValueError(f"table {name}: columns must be given once each: {keys}")
    widths = [column.width for column in columns]
    if measure == "none":
        if any(widths):
            raise ValueError(f"table {name}: a table sized by its reader takes no widths")
        return
    if any(width <= 0 for width in widths):
        raise ValueError(f"table {name}: every column needs a width: {widths}")
    if measure == "percent" and sum(widths) != FULL_WIDTH:
        raise ValueError(
            f"table {name}: column widths add up to {sum(widths)}%, not {FULL_WIDTH}%: {widths}"
        )


def check_grid(name: str, rows: Sequence[Row], columns: int) -> None:
    """Every row fills the columns, counting its spans and the cells a row span above carries
    down into it."""
    carried: dict[int, int] = {}  # row number → columns filled by row spans from above
    for number, row in enumerate(rows):
        filled = carried.pop(number, 0) + sum(cell.colspan for cell in row)
        for cell in row:
            for later in range(number + 1, number + cell.rowspan):
                carried[later] = carried.get(later, 0) + cell.colspan
        if filled != columns:
            raise ValueError(f"table {name}: row {number + 1} fills {filled} of {columns} columns")


def head_cell(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan, colspan, header=True, align="center")


def body_cell(text: str, column: Column) -> Cell:
    return Cell(text, header=column.header, align=column.align)


def spread(width: int, columns: int) -> list[int]:
    """Split whole percent points over columns as evenly as possible (layout, not money)."""
    base, extra = divmod(width, columns)
    return [base + (1 if i < extra else 0) for i in range(columns)]
