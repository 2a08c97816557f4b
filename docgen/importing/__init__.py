"""Stage 0, import: a workbook of the standard public tables (公开表) → the text of a unit source.

Comes before load: takes an .xlsx file as the budget system (预算管理一体化系统) or docgen's own
`-f xlsx` writes it, and hands on YAML text, the workbook cell behind each figure of that text
(so that a finding at a line of the source can be shown at its `sheet!cell` too) and what the
workbook holds that the source cannot carry. It never reads a source nor touches a rendered
document; the command line writes the text (atomically) and checks it as `validate` would.

- `workbook`: the file read safely (size, zip, encryption, formulas without a saved value) and
  each printed figure as an exact Decimal;
- `layout`: each table found by its title or sheet name, its head and its rows;
- `mapping`: the tables as a source — revenue, expenditure, “三公”, the `tables:` lines and the
  printed sums under `stated:`;
- `emit`: the YAML text with its line → cell map.
"""

from __future__ import annotations

from docgen.importing.emit import Imported, emit_source
from docgen.importing.layout import read_tables
from docgen.importing.mapping import Mapped, map_tables
from docgen.importing.workbook import WorkbookError, open_workbook

__all__ = ["Imported", "Mapped", "WorkbookError", "emit_source", "read_workbook"]


def read_workbook(path: str, display: str, year: int | None, profile: str | None) -> Mapped:
    """What the workbook at `path` says, mapped onto a unit source; raises `WorkbookError`
    (located) on bad input. `emit_source` then writes it as text."""
    sheets = open_workbook(path, display)
    return map_tables(read_tables(sheets, profile), year, profile, display)
