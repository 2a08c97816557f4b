"""Stage 7, render: the standard public tables (公开表) of a document as a workbook, the way a
county attaches them to its disclosure.

Takes the document's tables section (`docgen.document.tables`) and hands on the bytes of an XLSX
file: one sheet per table the profile lists, in its order, named after the table's title. A sheet
holds the title, the unit's name and the money unit (单位：万元), the head with its grouped
columns merged, and the rows: codes and names as text (a 款 or 项 indented by the cell's own
indent, not by spaces), every figure as a number exactly as the document shows it (in the table's
unit, rounded to its places) with the profile's number format. An empty table's sheet holds its
空表说明. The head stays in view (frozen panes) and is repeated on every printed page; pages are
A4 landscape, one page wide. A department's workbook opens with its 部门预算按单位汇总 (a row per
unit, from its unit files or as it lists them without), the figures its tables add up.

A document without standard tables (a source without `tables:`, a department) has no workbook.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from docgen.document.blocks import Cell, Document, Paragraph, Row, Section, Table
from docgen.document.columns import DEPARTMENT_UNITS
from docgen.document.tables import INDENT, SECTION_ANCHOR
from docgen.provenance import Provenance
from docgen.render.grid import column_numbers
from docgen.render.spreadsheet import (
    cell_at,
    number_format,
    workbook_bytes,
    write_number,
    write_text,
)

SHEET_NAME_LIMIT = 31  # Excel refuses a longer sheet name
SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")  # characters Excel refuses in a sheet name
CHARACTERS_PER_PERCENT = 1.6  # a column's width: 100% of the page is about 160 characters
MAX_WIDTH = 60  # characters: a long name wraps rather than widening its column
STATEMENT_COLUMNS = 6  # an empty table's sheet: its statement across this many columns…
STATEMENT_WIDTH = 16  # …of this many characters each
LINE_HEIGHT = 15  # points per line of wrapped text
FONT = "宋体"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", start_color="F2F2F2")
TITLE_ROW, UNIT_ROW, FIRST_TABLE_ROW = 1, 2, 3
BY_UNIT_ANCHOR = "department-units"


def render_tables_xlsx(document: Document, provenance: Provenance) -> bytes | None:
    """The workbook of the document's standard tables, or None when it has none."""
    section = tables_section_of(document)
    if section is None or not section.children:
        return None
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    taken: set[str] = set()
    for child in (*by_unit_sheet(document), *section.children):
        name = sheet_name(child.heading, taken)
        taken.add(name.casefold())
        write_sheet(book.create_sheet(name), child, document)
    book.properties.title = document.title
    book.properties.subject = section.heading
    book.properties.creator = "docgen"
    book.properties.language = "zh-CN"
    return workbook_bytes(book, provenance.timestamp, provenance)


def tables_section_of(document: Document) -> Section | None:
    return next((s for _, s in document.walk() if s.anchor == SECTION_ANCHOR), None)


def by_unit_sheet(document: Document) -> tuple[Section, ...]:
    """A department's 部门预算按单位汇总 as a sheet of its own, before the standard tables as
    the document prints it before them; none for a unit, or a department listing no units."""
    found = [
        block
        for _, section in document.walk()
        for block in section.blocks
        if isinstance(block, Table) and block.spec == DEPARTMENT_UNITS.name
    ]
    return tuple(Section(BY_UNIT_ANCHOR, table.caption, (table,)) for table in found[:1])


def sheet_name(title: str, taken: set[str]) -> str:
    """The title as a sheet may be named: the characters Excel refuses replaced, at most 31
    characters, and unique (Excel compares names without case)."""
    name = SHEET_NAME_UNSAFE.sub("_", title).strip().strip("'") or "表"
    name = name[:SHEET_NAME_LIMIT]
    number = 2
    unique = name
    while unique.casefold() in taken:
        suffix = f"({number})"
        unique = name[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    return unique


def write_sheet(sheet: Worksheet, section: Section, document: Document) -> None:
    tables = [block for block in section.blocks if isinstance(block, Table)]
    width = max((len(t.widths) for t in tables), default=STATEMENT_COLUMNS)
    # The year in the title, as a budget system's export prints it: a sheet read on its own
    # (an attachment, an import) still says which budget it is.
    write_title(sheet, f"{document.year}年{section.heading}", width)
    unit_line = tables[0].above_right if tables else ""
    write_unit_line(sheet, document.org_name, unit_line, width)
    set_page(sheet)
    row = FIRST_TABLE_ROW
    for block in section.blocks:
        if isinstance(block, Table):
            if block is tables[0]:
                hold_head(sheet, row, len(block.head))
            row = write_table(sheet, block, row) + 1
        elif isinstance(block, Paragraph):
            row = write_statement(sheet, block.text, row, width) + 1
    size_columns(sheet, tables, width)


def write_title(sheet: Worksheet, title: str, width: int) -> None:
    cell = cell_at(sheet, TITLE_ROW, 1)
    write_text(cell, title)
    cell.font = Font(name=FONT, size=16, bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    sheet.row_dimensions[TITLE_ROW].height = 2 * LINE_HEIGHT


def write_unit_line(sheet: Worksheet, org_name: str, money_unit: str, width: int) -> None:
    """单位名称 on the left, 单位：万元 on the right, as the published tables print them."""
    name = cell_at(sheet, UNIT_ROW, 1)
    write_text(name, f"单位名称：{org_name}")
    name.font = Font(name=FONT)
    if money_unit and width > 1:
        unit = cell_at(sheet, UNIT_ROW, width)
        write_text(unit, money_unit)
        unit.font = Font(name=FONT)
        unit.alignment = Alignment(horizontal="right")


def hold_head(sheet: Worksheet, head_row: int, head_rows: int) -> None:
    """The head frozen on screen and repeated on every printed page."""
    body_row = head_row + head_rows
    sheet.freeze_panes = f"A{body_row}"
    if head_rows:
        sheet.print_title_rows = f"{head_row}:{body_row - 1}"


def set_page(sheet: Worksheet) -> None:
    """Every sheet, an empty table's too: A4 landscape, one page wide, centred, numbered."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    sheet.print_options.horizontalCentered = True
    footer = sheet.oddFooter
    assert footer is not None  # openpyxl gives every sheet its (empty) footers
    footer.center.text = "第 &P 页，共 &N 页"


def write_table(sheet: Worksheet, table: Table, first_row: int) -> int:
    """The head and the body from `first_row`; the last row written."""
    row = place_rows(sheet, table.head, first_row, head=True)
    body = tuple(r for group in table.body for r in group.rows)
    return place_rows(sheet, body, row + 1, head=False) if body else row


def place_rows(sheet: Worksheet, rows: tuple[Row, ...], first_row: int, *, head: bool) -> int:
    """Each cell at its column (counting row spans from above), merged over its spans; the last
    row written."""
    for offset, placed in enumerate(column_numbers(rows)):
        for column, cell in placed:
            row = first_row + offset
            write_cell(sheet, row, column + 1, cell, head=head)
            if cell.rowspan > 1 or cell.colspan > 1:
                last_row, last_column = row + cell.rowspan - 1, column + cell.colspan
                sheet.merge_cells(
                    start_row=row, start_column=column + 1, end_row=last_row, end_column=last_column
                )
                frame(sheet, row, column + 1, last_row, last_column)
    return first_row + len(rows) - 1


def write_cell(sheet: Worksheet, row: int, column: int, cell: Cell, *, head: bool) -> None:
    target = cell_at(sheet, row, column)
    if cell.figure is not None:
        figure = cell.figure
        write_number(target, figure.value, number_format(figure.places, figure.thousands))
    elif cell.text:
        write_text(target, unindented(cell))
    target.font = cell_font(head)
    target.border = BOX
    target.alignment = cell_alignment("center" if head else cell.align, head, cell.indent)
    if head:
        target.fill = HEAD_FILL


# A few styles serve every cell: made once each, not once per cell (openpyxl's style objects
# check every attribute as they are made, a fifth of the workbook's time). A cell keeps only
# the index of its style in the workbook, so sharing one object is safe.
@cache
def cell_font(bold: bool) -> Font:
    return Font(name=FONT, bold=bold)


@cache
def cell_alignment(horizontal: str, head: bool, indent: int) -> Alignment:
    return Alignment(
        horizontal=horizontal,
        vertical="center",
        wrap_text=head or horizontal == "left",
        indent=indent,
    )


def unindented(cell: Cell) -> str:
    """The text without the full-width spaces that indent it in print: a sheet indents the cell
    itself, so a name filters and sorts by its first character."""
    lead = INDENT * cell.indent
    return cell.text[len(lead) :] if cell.text.startswith(lead) else cell.text


def frame(
    sheet: Worksheet, first_row: int, first_column: int, last_row: int, last_column: int
) -> None:
    """A merged cell's border is drawn from the cells it covers: each gets the box."""
    for cells in sheet.iter_rows(
        min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column
    ):
        for covered in cells:
            covered.border = BOX


def write_statement(sheet: Worksheet, text: str, row: int, width: int) -> int:
    """An empty table's 空表说明 across the sheet, wrapped; the row written."""
    cell = cell_at(sheet, row, 1)
    write_text(cell, text)
    cell.font = Font(name=FONT)
    cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    across = width * STATEMENT_WIDTH
    sheet.row_dimensions[row].height = LINE_HEIGHT * max(1, math.ceil(text_width(text) / across))
    return row


def size_columns(sheet: Worksheet, tables: list[Table], width: int) -> None:
    """Each column as wide as its share of the page, or as its widest body text (a figure is
    never shown as ####); a long name wraps beyond MAX_WIDTH."""
    widths = [0.0 if tables else float(STATEMENT_WIDTH)] * width
    for table in tables:
        for number, share in enumerate(table.widths):
            widths[number] = max(widths[number], float(share) * CHARACTERS_PER_PERCENT)
        for placed in column_numbers(tuple(r for group in table.body for r in group.rows)):
            for column, cell in placed:
                if cell.colspan == 1:
                    needed = min(text_width(unindented(cell)) + 2 + 2 * cell.indent, MAX_WIDTH)
                    widths[column] = max(widths[column], float(needed))
    for number, size in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = round(size, 1)


def text_width(text: str) -> int:
    """Characters as a sheet measures them: a Chinese character is two wide."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
