"""Stage 0, import: the standard public tables (公开表) a published Word document prints → the
sheets the workbook import reads, so that a table is read one way whether it comes in a
workbook or in a disclosure.

A table is one of them when a paragraph just above it (up to three, no table between) carries a
known title (收支总表, 一般公共预算“三公”经费支出表, a profile's own titles); the paragraphs between
the title and the table (`单位：万元`, the unit's name) are the sheet's second row, the table's rows
follow. Word stores a merged cell once: a cell spanning columns (gridSpan) is spread over them and
a vertically merged one (vMerge) points to the cell above, as a workbook's merged range does; a
printed figure becomes a number with as many decimals as it prints, so that it is read back with
its own digits. A title met twice (the narrative's 收支预算总表 before the 公开表) is taken where it
is printed last, the 公开表 following the 情况说明.

Tables printed in 元 under a narrative in 万元 (the Shanghai district package) are the finer,
exact figures: they stay in 元, or are written in 万元 by a shift of the decimal point where every
figure of the document printed in 元 is a whole hundred (`legacy_units`); the narrative's figures
they print too are settled against them in `legacy_settle`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from docgen.importing.emit import Writer as TableWriter
from docgen.importing.emit import write_tables
from docgen.importing.layout import known_titles, match_title, read_tables
from docgen.importing.legacy_emit import Writer as LegacyWriter
from docgen.importing.legacy_units import WAN, YUAN, in_unit
from docgen.importing.mapping import Amount, Mapped, map_tables
from docgen.importing.text_reader import Block, Cell, Paragraph, Place, Table
from docgen.importing.workbook import Sheet, WorkbookError

TITLE_ABOVE = 3  # paragraphs looked at above a table for its title and unit line
NUMBER = re.compile(r"^-?\d+(?:\.(\d+))?$")


@dataclass
class PrintedTables:
    """The 公开表 of a document as sheets, the Word cell behind each sheet cell, and the blocks
    they were read from (so that they are not listed as unmapped)."""

    sheets: list[Sheet] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)  # sheet!A1 → table N row R cell C
    used: set[int] = field(default_factory=set)  # id() of each block read
    finer: bool = False  # printed in 元 and written in the narrative's 万元


def find_standard_tables(blocks: list[Block], profile: str | None) -> PrintedTables:
    titles, _ = known_titles(profile)
    chosen: dict[str, tuple[list[Paragraph], Table]] = {}
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        above = paragraphs_above(blocks, index)
        for number, paragraph in enumerate(above):
            found = match_title(paragraph.text, titles)
            if found is not None:
                chosen[found[0]] = (above[number:], block)  # the last one printed wins
                break
    printed = PrintedTables()
    for paragraphs, table in chosen.values():
        add_sheet(printed, paragraphs, table)
    return printed


def paragraphs_above(blocks: list[Block], index: int) -> list[Paragraph]:
    """The paragraphs right above a table, nearest last."""
    above: list[Paragraph] = []
    for block in reversed(blocks[max(0, index - TITLE_ABOVE) : index]):
        if not isinstance(block, Paragraph):
            break
        above.insert(0, block)
    return above


def add_sheet(printed: PrintedTables, paragraphs: list[Paragraph], table: Table) -> None:
    """Row 1 the title, row 2 what stands between it and the table, then the table's grid."""
    name = paragraphs[0].text.split("\t")[0].strip()[:40]
    book = openpyxl.Workbook()
    grid = book.active
    assert isinstance(grid, Worksheet)  # a new workbook has its one sheet
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    grid.cell(1, 1).value = name
    between = [part for p in paragraphs[1:] for part in p.text.split("\t") if part.strip()]
    for column, text in enumerate([*paragraphs[0].text.split("\t")[1:], *between], 1):
        grid.cell(2, column).value = text.strip()
    for number, row in enumerate(table.rows, 3):
        column = 1
        for cell in row:
            place_cell(grid, merged, (number, column), cell)
            printed.places[f"{name}!{get_column_letter(column)}{number}"] = cell.place
            column += cell.span
    printed.sheets.append(Sheet(name, grid, grid, merged))
    printed.used |= {id(p) for p in paragraphs} | {id(table)}


def place_cell(
    grid: Worksheet, merged: dict[tuple[int, int], tuple[int, int]], at: tuple[int, int], cell: Cell
) -> None:
    row, column = at
    if cell.continued:
        for col in range(column, column + cell.span):
            merged[(row, col)] = merged.get((row - 1, col), (row - 1, col))
        return
    target = grid.cell(row, column)
    match = NUMBER.match(cell.text.replace(",", ""))
    if match is None:
        target.value = cell.text or None
    elif match[1] is None:
        target.value = int(match[0])
    else:
        target.value = float(match[0])
        target.number_format = "0." + "0" * len(match[1])
    for offset in range(1, cell.span):
        merged[(row, column + offset)] = (row, column)


def map_printed(
    printed: PrintedTables, year: int, profile: str | None, display: str
) -> Mapped | None:
    """The tables as a source's `tables:`, in the money unit they are printed in, when they hold
    a 支出总表; else None, and they stay listed as not imported."""
    if not printed.sheets:
        return None
    try:
        mapped = map_tables(read_tables(printed.sheets, profile), year, profile, display)
    except WorkbookError:
        return None
    printed.finer = mapped.money_unit == YUAN
    return mapped


def printed_figures(mapped: Mapped) -> list[Decimal]:
    """Every figure of the tables' `tables:` lines and printed sums."""
    lines = [value for line in mapped.spending for value in line.parts.values()]
    stated = [
        item.value
        for rows in mapped.stated.values()
        for cells in rows.values()
        for item in cells.values()
    ]
    return [*lines, *(item.value for _, _, item in mapped.economic), *stated]


def tables_in(mapped: Mapped, unit: str) -> Mapped:
    """The tables in the source's unit: 元 as 万元 by a shift of the decimal point (every
    figure a whole hundred, as `source_unit` made sure), or 万元 as 元."""
    if mapped.money_unit == unit:
        return mapped

    def moved(value: Decimal) -> Decimal:
        return Decimal(in_unit(value, mapped.money_unit, unit))

    def shifted(item: Amount) -> Amount:
        return Amount(moved(item.value), item.cells)

    return replace(
        mapped,
        money_unit=unit,
        revenue={k: shifted(v) if isinstance(v, Amount) else v for k, v in mapped.revenue.items()},
        expenditure={k: shifted(v) for k, v in mapped.expenditure.items()},
        spending=[
            replace(line, parts={k: moved(v) for k, v in line.parts.items()})
            for line in mapped.spending
        ],
        economic=[(code, name, shifted(item)) for code, name, item in mapped.economic],
        three_public={
            year: {k: shifted(v) for k, v in items.items()}
            for year, items in mapped.three_public.items()
        },
        operating={k: shifted(v) for k, v in mapped.operating.items()},
        stated={
            table: {row: {k: shifted(v) for k, v in cells.items()} for row, cells in rows.items()}
            for table, rows in mapped.stated.items()
        },
    )


def write_standard_tables(out: LegacyWriter, mapped: Mapped, places: dict[str, Place]) -> None:
    """`tables:` as the workbook import writes it, each line's comment naming the Word cell."""
    tables = TableWriter()
    write_tables(tables, mapped)
    for number, line in enumerate(tables.lines, 1):
        cells = [cell for _, cell in tables.cells.get(number, [])]
        place = next((places[cell] for cell in cells if cell in places), None)
        if place is None:
            out.add(line)
            continue
        text = line.rsplit("  # ", 1)[0]  # the sheet's cells: the Word table's is said instead
        out.add(f"{text}  # {place.say('zh')}", place)


def write_printed_tables(
    out: LegacyWriter, mapped: Mapped, printed: PrintedTables, unit: str
) -> None:
    """The 公开表 as `tables:`, saying so where their 元 were moved into a source in 万元."""
    if printed.finer and unit == WAN:
        out.comment("公开表原以元印出：此处移动小数点写作万元，精确无舍入")
    write_standard_tables(out, mapped, printed.places)
