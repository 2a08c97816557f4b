"""The county index page (jinja2, like the documents) and the bureau's spreadsheet (openpyxl)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from docgen import __version__
from docgen.document.county import CountyIndex, Sheet
from docgen.render.fonts import FONTS
from docgen.render.html import PALETTE, html_environment
from docgen.render.spreadsheet import (
    cell_at,
    number_format,
    workbook_bytes,
    write_number,
    write_text,
)

MONEY_FORMAT = number_format(2, thousands=True)
HEAD_ROW = 2  # under the caption
FROZEN_COLUMNS = 2  # 单位编码 and 单位名称 stay in sight when scrolling sideways


def render_index_html(index: CountyIndex) -> bytes:
    template = html_environment().get_template("index.html.j2")
    page = template.render(index=index, fonts=FONTS, palette=PALETTE, version=__version__)
    return page.encode("utf-8")


def render_sheet_xlsx(sheet: Sheet, when: datetime) -> bytes:
    """One sheet: its caption (year and money unit) over the headings, headings and the code
    and name columns frozen, a filter on the units' rows, amounts as exact numbers with two
    places shown; `when` is the one timestamp the file carries (see `docgen.provenance`)."""
    book = Workbook()
    page = book.active
    assert page is not None
    page.title = sheet.title
    columns = len(sheet.spec.columns)
    write_text(cell_at(page, 1, 1), sheet.caption)
    page.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    page["A1"].font = Font(bold=True, size=12)
    for number, heading in enumerate(sheet.spec.headings(), start=1):
        write_text(cell_at(page, HEAD_ROW, number), heading)
    for row_number, row in enumerate(sheet.rows, start=HEAD_ROW + 1):
        for number, (column, value) in enumerate(zip(sheet.spec.columns, row, strict=True), 1):
            write_value(cell_at(page, row_number, number), value, column.amount)
    for cell in page[HEAD_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for cell in page[page.max_row]:
        cell.font = Font(bold=True)
    for number, column in enumerate(sheet.spec.columns, start=1):
        page.column_dimensions[get_column_letter(number)].width = float(column.width)
    page.freeze_panes = cell_at(page, HEAD_ROW + 1, FROZEN_COLUMNS + 1).coordinate
    # The filter covers the units' rows; the sums in the last row stay under it, never sorted
    # in among the units.
    last_unit = HEAD_ROW + max(len(sheet.rows) - 1, 1)
    page.auto_filter.ref = f"A{HEAD_ROW}:{get_column_letter(columns)}{last_unit}"
    return workbook_bytes(book, when)


def write_value(cell: SheetCell, value: str | int | Decimal | None, amount: bool) -> None:
    """A name as text, a count as a whole number, an amount exact with two places shown."""
    if isinstance(value, str):
        write_text(cell, value)
    elif value is not None:
        write_number(cell, value, MONEY_FORMAT if amount else "General")
    elif amount:
        cell.number_format = MONEY_FORMAT
