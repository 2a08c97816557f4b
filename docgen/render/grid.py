"""Where each cell of a table stands, for the HTML renderer: its column, what a header cell
labels (`scope`), and the column heading a phone shows beside a figure.

The document model says only whether a cell is a label (`Cell.header`); what it labels follows
from where it stands. A header cell in the head labels its column. In the body, a header cell
spanning rows labels its row group (the 一级指标 of an indicator group); one that has data cells
beneath it and no data cell after it in its row labels a column (the 资金支出计划 checkpoints
3月底…12月底 over their percentages); any other labels its row (项目编码 before the code).

On a narrow screen a wide table is shown as cards, one per row: each data cell carries the
heading of its column (from the head, or from a column label above it in its own group), and
`card` says how the cell is placed in its card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from docgen.document.blocks import Cell, Row, RowGroup, Table

Scope = Literal["col", "row", "rowgroup", ""]
# band: a row group's label across the card; title: the row's label across the card, first;
# label/value: a label and the data cell after it, side by side; field: a data cell with its
# column heading beside it; full: a data cell across the card; heading: a column label, hidden
# (each cell beneath it shows it instead); empty: nothing to show, left out of the card.
Card = Literal["band", "title", "label", "value", "field", "full", "heading", "empty"]
NARROW_COLUMNS = 4  # at most this many columns reflow on a phone; more become cards
WIDE_COLUMNS = 8  # from this many, cards already on a small tablet


@dataclass(frozen=True)
class Placed:
    cell: Cell
    column: int  # the first column it covers
    scope: Scope  # a header cell's (shown as <th>); "" for a data cell (<td>)
    label: str  # a data cell's column heading, shown beside it in a card
    card: Card


@dataclass(frozen=True)
class PlacedGroup:
    group: RowGroup
    rows: tuple[tuple[Placed, ...], ...]


def narrow_layout(table: Table) -> str:
    """How a phone shows the table: `reflow` (the columns narrow, figures kept whole) for a table
    of a few columns, `cards` for more or for a form without a head, `cards wide` for a table
    too wide even for a small tablet."""
    columns = len(table.widths)
    if columns >= WIDE_COLUMNS:
        return "cards wide"
    if columns > NARROW_COLUMNS or not table.head:
        return "cards"
    return "reflow"


def head_labels(table: Table) -> dict[int, str]:
    """Each column's heading: the head cells over it, top down (基本支出：人员经费)."""
    over: dict[int, list[str]] = {}
    for row in column_numbers(table.head):
        for column, cell in row:
            for covered in range(column, column + cell.colspan):
                over.setdefault(covered, []).append(cell.text)
    return {column: "：".join(texts) for column, texts in over.items()}


def column_numbers(rows: tuple[Row, ...]) -> list[list[tuple[int, Cell]]]:
    """Each cell with the first column it covers, counting the row spans from rows above."""
    taken: dict[int, set[int]] = {}  # row number → columns a row span from above fills
    placed: list[list[tuple[int, Cell]]] = []
    for number, row in enumerate(rows):
        filled = taken.pop(number, set())
        column = 0
        cells = []
        for cell in row:
            while column in filled:
                column += 1
            cells.append((column, cell))
            for later in range(number + 1, number + cell.rowspan):
                taken.setdefault(later, set()).update(range(column, column + cell.colspan))
            column += cell.colspan
        placed.append(cells)
    return placed


def place_table(table: Table) -> tuple[PlacedGroup, ...]:
    labels = head_labels(table)
    # Figures under a head whose rows have no label cell: each row's first cell names it.
    named_by_first = bool(table.head) and not any(
        cell.header for group in table.body for row in group.rows for cell in row
    )
    return tuple(place_group(group, labels, named_by_first) for group in table.body)


def place_group(group: RowGroup, head: dict[int, str], named_by_first: bool) -> PlacedGroup:
    """Place each row; a column label in the body names the cells beneath it, down to the next
    row that has labels of its own."""
    rows = column_numbers(group.rows)
    labels = dict(head)
    placed_rows = []
    for number, row in enumerate(rows):
        below = rows[number + 1] if number + 1 < len(rows) else []
        scopes = [cell_scope(row, index, below) for index in range(len(row))]
        if any(scopes):
            labels = dict(head)
        placed_rows.append(place_row(row, scopes, labels, named_by_first))
        for (column, cell), scope in zip(row, scopes, strict=True):
            if scope == "col":
                labels.update(dict.fromkeys(range(column, column + cell.colspan), cell.text))
    return PlacedGroup(group, tuple(placed_rows))


def labels_something(cell: Cell) -> bool:
    """A header cell with text: an empty one (the code cell of a 合计 row) labels nothing and is
    shown as a data cell."""
    return cell.header and bool(cell.text.strip())


def cell_scope(row: list[tuple[int, Cell]], index: int, below: list[tuple[int, Cell]]) -> Scope:
    column, cell = row[index]
    if not labels_something(cell):
        return ""
    if cell.rowspan > 1:
        return "rowgroup"
    after = row[index + 1][1] if index + 1 < len(row) else None
    beneath = next((c for col, c in below if col == column), None)
    last_label = after is None or labels_something(after)
    over_data = beneath is not None and not labels_something(beneath)
    return "col" if last_label and over_data else "row"


def place_row(
    row: list[tuple[int, Cell]],
    scopes: list[Scope],
    labels: dict[int, str],
    named_by_first: bool,
) -> tuple[Placed, ...]:
    texts = [
        "" if scope else labels.get(column, "")
        for (column, _), scope in zip(row, scopes, strict=True)
    ]
    # A row named by its first cell (项目: 基本支出) has it as its card's title, without its
    # column's heading beside it; a figure does not name its row.
    lead = named_by_first and bool(row) and row[0][1].align == "left"
    if lead:
        texts[0] = ""
    placed = []
    for index, (column, cell) in enumerate(row):
        # A row label with an unlabelled data cell after it is a form's label and value; with
        # headed figures after it (or nothing) it names the row: the card's title.
        pairs = index + 1 < len(row) and not scopes[index + 1] and not texts[index + 1]
        after_label = index > 0 and scopes[index - 1] == "row" and not texts[index]
        card = card_role(scopes[index], texts[index], pairs=pairs, after_label=after_label)
        if lead and index == 0:
            card = "title"
        elif not cell.text.strip() and not cell.links:
            card = "empty"  # nothing to show beside its heading
        placed.append(Placed(cell, column, scopes[index], texts[index], card))
    return tuple(placed)


def card_role(scope: Scope, label: str, *, pairs: bool, after_label: bool) -> Card:
    if scope == "rowgroup":
        return "band"
    if scope == "col":
        return "heading"
    if scope == "row":
        return "label" if pairs else "title"
    if label:
        return "field"
    return "value" if after_label else "full"
