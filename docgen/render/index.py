"""The county index page (jinja2, like the documents) and the bureau's spreadsheet (openpyxl)."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from docgen import __version__
from docgen.document.county import CountyIndex, Sheet
from docgen.render.archive import reproducible_zip
from docgen.render.fonts import FONTS
from docgen.render.html import PALETTE, html_environment

MONEY_FORMAT = "#,##0.00"


def render_index_html(index: CountyIndex) -> bytes:
    template = html_environment().get_template("index.html.j2")
    page = template.render(index=index, fonts=FONTS, palette=PALETTE, version=__version__)
    return page.encode("utf-8")


def render_sheet_xlsx(sheet: Sheet, when: datetime) -> bytes:
    """One sheet, header frozen, amounts as exact numbers with two places shown; `when` is
    the one timestamp the file carries (see `docgen.provenance`)."""
    book = Workbook()
    page = book.active
    assert page is not None
    page.title = sheet.title
    page.append(list(sheet.spec.headings()))
    for row in sheet.rows:
        page.append(list(row))
        for cell in page[page.max_row]:
            if cell.data_type == "f":  # a name from a source that starts with "=" is text
                cell.data_type = "s"
    for cell in page[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for cell in page[page.max_row]:
        cell.font = Font(bold=True)
    for number, column in enumerate(sheet.spec.columns, start=1):
        if column.amount:
            for row_cells in page.iter_rows(min_row=2, min_col=number, max_col=number):
                row_cells[0].number_format = MONEY_FORMAT
        page.column_dimensions[get_column_letter(number)].width = float(column.width)
    page.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return reproducible_zip(out.getvalue(), when)
