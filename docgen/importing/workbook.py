"""Stage 0, import: the workbook file read safely, and each printed figure as an exact Decimal.

A workbook comes from elsewhere: it may be no zip at all, an encrypted (password-protected)
file, a damaged zip, a zip that unpacks to gigabytes, or hold formulas whose values were never
saved (a file written by a program that does not calculate). Each is refused with its reason,
at its `sheet!cell` where there is one, before anything is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from docgen.files import FileTooLargeError, read_regular
from docgen.importing.words import ImportFileError

FILE_LIMIT = 20 * 1024 * 1024  # a county unit's workbook is some hundred kilobytes
UNPACKED_LIMIT = 200 * 1024 * 1024  # what its zip may unpack to: no zip bomb gets to openpyxl
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx, or an old .xls
# A figure written as text: digits, thousands separators, at most one point, a sign.
NUMBER_TEXT = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$")
BLANK_TEXT = {"", "-", "—", "－", "--"}  # how a table prints nothing in a cell


class WorkbookError(ImportFileError):
    """A workbook that cannot be imported: the key of its message, and where (`sheet!cell`)."""


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its saved values, its formulas, and its merged ranges filled in."""

    name: str
    values: Worksheet
    formulas: Worksheet
    merged: dict[tuple[int, int], tuple[int, int]]  # a merged cell → its range's first cell

    @property
    def max_row(self) -> int:
        return int(self.values.max_row)

    @property
    def max_column(self) -> int:
        return int(self.values.max_column)

    def where(self, row: int, column: int) -> str:
        return f"{self.name}!{get_column_letter(column)}{row}"

    def raw(self, row: int, column: int) -> Any:
        return self.values.cell(row, column).value

    def text(self, row: int, column: int) -> str:
        """What a cell shows as text, a merged cell showing its range's first (for heads)."""
        row, column = self.merged.get((row, column), (row, column))
        value = self.raw(row, column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def is_figure(self, row: int, column: int) -> bool:
        value = self.raw(row, column)
        return isinstance(value, int | float) and not isinstance(value, bool)

    def amount(self, row: int, column: int) -> Decimal | None:
        """The figure a cell prints, exactly; None for a blank cell. Text that is no number and
        a formula without a saved value are refused at the cell."""
        value = self.raw(row, column)
        if value is None:
            formula = self.formulas.cell(row, column).value
            if isinstance(formula, str) and formula.startswith("="):
                raise WorkbookError("formula-unsaved", self.where(row, column), formula=formula)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise WorkbookError("not-a-number", self.where(row, column), value=str(value))
        if isinstance(value, str):
            return self.amount_of_text(value, row, column)
        return shown_decimal(value, self.values.cell(row, column).number_format)

    def amount_of_text(self, value: str, row: int, column: int) -> Decimal | None:
        text = value.strip()
        if text in BLANK_TEXT:
            return None
        if not NUMBER_TEXT.match(text):
            raise WorkbookError("not-a-number", self.where(row, column), value=value)
        return Decimal(text.replace(",", ""))  # text is exact as it stands


def shown_decimal(value: int | float, number_format: str) -> Decimal:
    """The number a cell shows, as a Decimal, without float arithmetic.

    A float's repr is the shortest text that reads back as the same double (12.3 → "12.3", not
    12.300000000000000710…), so Decimal(repr(x)) is the number the file wrote. A number format
    with d decimals shows it rounded to d places, half away from zero as a spreadsheet does
    ("0.00" shows 8897007039.049999 as 8897007039.05): that shown figure is the printed one."""
    exact = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    places = format_decimals(number_format)
    if places is None:
        return exact
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_decimals(number_format: str) -> int | None:
    """The decimal places a number format shows ("#,##0.00" → 2, "0" → 0); None for General
    or text, which show a number as it is."""
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format.split(";", maxsplit=1)[0])
    if not re.search(r"[0#?]", section):
        return None
    _, point, decimals = section.partition(".")
    return len(re.match(r"[0#?]*", decimals).group(0)) if point else 0  # type: ignore[union-attr]


def open_workbook(path: str, display: str) -> list[Sheet]:
    """Every sheet of the workbook at `path`, read whole and checked to be a plain .xlsx."""
    data = read_bytes(Path(path), display)
    if data.startswith(OLE_MAGIC):
        raise WorkbookError("encrypted", display)
    if not data.startswith(ZIP_MAGIC):
        raise WorkbookError("not-xlsx", display)
    check_unpacked_size(data, display)
    try:
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    # openpyxl reports a damaged part as whatever its parser meets (KeyError, ValueError, a
    # zip or XML error): any of them means a file this import cannot read.
    except Exception as error:
        raise WorkbookError("corrupt", display, reason=type(error).__name__) from None
    return [
        Sheet(ws.title, ws, formulas[ws.title], merged_cells(ws))
        for ws in values.worksheets
        if isinstance(ws, Worksheet)
    ]


def read_bytes(path: Path, display: str) -> bytes:
    try:
        return read_regular(path, FILE_LIMIT)
    except FileTooLargeError as error:
        raise WorkbookError(
            "too-large", display, size=str(error.size), limit=str(FILE_LIMIT)
        ) from None
    except OSError as error:
        raise WorkbookError("unreadable", display, reason=error.strerror or str(error)) from None


def check_unpacked_size(data: bytes, display: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WorkbookError("corrupt", display, reason="BadZipFile") from None
    if unpacked > UNPACKED_LIMIT:
        raise WorkbookError(
            "too-large", display, size=str(unpacked), limit=str(UNPACKED_LIMIT)
        ) from None


def merged_cells(sheet: Worksheet) -> dict[tuple[int, int], tuple[int, int]]:
    filled: dict[tuple[int, int], tuple[int, int]] = {}
    for cells in sheet.merged_cells.ranges:
        first = (cells.min_row, cells.min_col)
        for row in range(cells.min_row, cells.max_row + 1):
            for column in range(cells.min_col, cells.max_col + 1):
                filled[(row, column)] = first
    return filled
