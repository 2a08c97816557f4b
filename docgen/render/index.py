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
    page.append(list(sheet.heads))
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
    for column in sheet.money_columns:
        for row_cells in page.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            row_cells[0].number_format = MONEY_FORMAT
    for number, head in enumerate(sheet.heads, start=1):
        page.column_dimensions[get_column_letter(number)].width = 30 if "名称" in head else 14
    page.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return reproducible_zip(out.getvalue(), when)
