"""What every workbook docgen writes shares (openpyxl): text that stays text, numbers that stay
exact, and one reproducible archive.

The bureau's summary (`docgen.render.index`) and the standard tables' workbook
(`docgen.render.xlsx`) write their cells through these, so the two cannot differ in how a name or
an amount reaches the file.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.worksheet.worksheet import Worksheet

from docgen.provenance import Provenance
from docgen.render.archive import reproducible_zip

# A cell's type as openpyxl records it: a number, an inline string.
NUMBER = "n"
TEXT = "s"


def number_format(places: int, thousands: bool) -> str:
    """Excel's format of a figure shown with `places` decimals, grouped by thousands or not:
    #,##0.00 and 0.00 as the profiles ask, #,##0 and 0 for whole units."""
    whole = "#,##0" if thousands else "0"
    return f"{whole}.{'0' * places}" if places else whole


def cell_at(sheet: Worksheet, row: int, column: int) -> SheetCell:
    """The cell to write; a merged range's covered cells take no value, so every cell is written
    before its range is merged."""
    found = sheet.cell(row, column)
    assert isinstance(found, SheetCell), f"{found.coordinate} is covered by a merged cell"
    return found


def write_text(cell: SheetCell, text: str) -> None:
    """Text from a source stays text: openpyxl takes a string that starts with `=` for a
    formula, and a name such as =HYPERLINK(…) must never run when the bureau opens the file."""
    cell.value = text
    cell.data_type = TEXT


def write_number(cell: SheetCell, value: Decimal | int, shown: str = "General") -> None:
    """An exact number. openpyxl writes a Decimal through `"%.16g" % value`, that is through a
    float, so 8897007039.05 would reach the file as 8897007039.049999; the cell is given the
    decimal's own digits instead, which Excel reads as the nearest double (exact to the cent up
    to fifteen significant digits, the most Excel keeps)."""
    if isinstance(value, Decimal):
        cell.value = f"{value.copy_abs() if value.is_zero() else value:f}"  # no -0.00
        cell.data_type = NUMBER
    else:
        cell.value = value
    cell.number_format = shown


def workbook_bytes(book: Workbook, when: datetime, provenance: Provenance | None = None) -> bytes:
    """The archive, its entries in a fixed order at `when`, the one timestamp the file carries
    (see `docgen.provenance`); with a provenance, the properties say what made it, as the
    DOCX's do."""
    if provenance is not None:
        book.properties.identifier = provenance.describe()
        book.properties.description = provenance.footer()
    out = io.BytesIO()
    book.save(out)
    return reproducible_zip(out.getvalue(), when)
