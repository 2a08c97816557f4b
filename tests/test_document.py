"""The document model of every sample, as golden text: what each disclosure says, cell by cell.

Every renderer walks this model and adds nothing, so a change here is a change in every format.
Each sample's model is written one line per heading, paragraph, table row and chart bar
(`tests/golden/*.txt`) and compared as a unified diff; `pytest --update-golden` rewrites them,
which only a deliberate change in output should need.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import GOLDEN, REPO

from docgen.check import Checked, check
from docgen.document import Cell, Chart, Document, Paragraph, Row, RowGroup, Section, Table
from docgen.document.county import (
    CountyIndex,
    Member,
    Sheet,
    county_index,
    index_search_hint,
    index_title,
    summary_sheet,
)
from docgen.findings import count_errors

SAMPLES = "sample_data"
# Every document source of the samples (the county of a plain folder is its own test).
SOURCES = [
    f"{SAMPLES}/323005.yaml",
    f"{SAMPLES}/323/department.yaml",
    *sorted(
        str(path.relative_to(REPO))
        for path in (REPO / SAMPLES / "323").glob("*.yaml")
        if path.name != "department.yaml"
    ),
]
COUNTY_GOLDEN = "sample_data.county.txt"
INDENT = "  "
ALIGN = {"left": "", "center": "c", "right": "r"}


def golden_name(source: str) -> str:
    """sample_data/323/department.yaml → 323.department.txt"""
    relative = Path(source).relative_to(SAMPLES)
    return ".".join((*relative.parent.parts, relative.stem, "txt"))


def check_samples(monkeypatch: pytest.MonkeyPatch, *paths: str) -> Checked:
    """Check as `docgen build` does from the repository root, so every file is named as the
    CLI names it there, whatever folder pytest runs from. The samples are clean."""
    monkeypatch.chdir(REPO)
    checked = check([Path(path) for path in paths])
    assert count_errors(checked.findings) == 0, checked.sorted_findings()
    return checked


# -- the model as text ---------------------------------------------------------------------------


def dump_document(document: Document) -> str:
    lines = [
        f"document {document.slug} ({document.kind}) {document.org_code} {document.year}",
        f"title: {document.title}",
        f"org_name: {document.org_name}",
    ]
    lines += [f"intro {line}" for p in document.intro for line in dump_paragraph(p)]
    for depth, section in document.walk():
        lines += indented(dump_section(depth, section), depth - 1)
    return "\n".join(lines) + "\n"


def dump_section(depth: int, section: Section) -> list[str]:
    page_break = " page_break" if section.page_break else ""
    lines = [f"{'#' * depth} {section.heading}  {{#{section.anchor}{page_break}}}"]
    for block in section.blocks:
        lines += indented(dump_block(block), 1)
    return lines


def dump_block(block: Paragraph | Table | Chart) -> list[str]:
    if isinstance(block, Paragraph):
        return dump_paragraph(block)
    if isinstance(block, Chart):
        return dump_chart(block)
    return dump_table(block)


def dump_paragraph(paragraph: Paragraph) -> list[str]:
    style = "" if paragraph.style == "body" else f"({paragraph.style}) "
    return [f"¶ {style}{one_line(paragraph.text)}"]


def dump_table(table: Table) -> list[str]:
    widths = "/".join(str(width) for width in table.widths)
    keep = " keep_with_next" if table.keep_with_next else ""
    lines = [f"table {table.style} widths={widths}{keep}: {one_line(table.caption)}"]
    if table.above_left or table.above_right:
        lines.append(f"{INDENT}above: {table.above_left or '∅'} ⟷ {table.above_right or '∅'}")
    lines += [f"{INDENT}head  {dump_row(row)}" for row in table.head]
    for number, group in enumerate(table.body, start=1):
        mark = "=" if group.keep_together else "-"  # = rows kept on one page
        lines += [
            f"{INDENT}{mark}{number:<3} {dump_marks(group)}{dump_row(row)}" for row in group.rows
        ]
    return lines


def dump_marks(group: RowGroup) -> str:
    """`<unit ⌕ 323001 …> `: the class and the search text a county index row carries."""
    if not group.role and not group.search:
        return ""
    return f"<{group.role or '∅'} ⌕ {group.search or '∅'}> "


def dump_row(row: Row) -> str:
    return " | ".join(dump_cell(cell) for cell in row)


def dump_cell(cell: Cell) -> str:
    """`[2x1 H c] 产出指标`: rowspan x colspan, H for a header cell, c/r for centred/right;
    nothing in brackets for a plain left-aligned cell. An empty cell is ∅."""
    flags = []
    if (cell.rowspan, cell.colspan) != (1, 1):
        flags.append(f"{cell.rowspan}x{cell.colspan}")
    if cell.header:
        flags.append("H")
    if ALIGN[cell.align]:
        flags.append(ALIGN[cell.align])
    text = one_line(cell.text) or "∅"
    if cell.links:
        text += " → " + " ".join(f"{link.label}={link.href}" for link in cell.links)
    return f"[{' '.join(flags)}] {text}" if flags else text


def dump_chart(chart: Chart) -> list[str]:
    lines = [f"chart ({chart.amount_unit}): {chart.title}", f"{INDENT}alt: {one_line(chart.alt)}"]
    lines += [
        f"{INDENT}bar {bar.label} | {bar.amount} | {bar.percent} | {bar.fraction}"
        for bar in chart.bars
    ]
    return lines


def dump_county(index: CountyIndex, sheet: Sheet) -> str:
    lines = [
        f"county index: {index.title}",
        f"search: {index.search_hint}",
        f"{index.department_count} departments, {index.unit_count} units",
        f"totals: {index.totals_heading}",
        *indented(dump_table(index.totals), 1),
        *indented(dump_chart(index.chart) if index.chart else ["no chart"], 1),
        "listing:",
        *indented(dump_table(index.listing), 1),
    ]
    columns = sheet.spec.columns
    money = ",".join(str(number) for number, column in enumerate(columns) if column.amount)
    widths = "/".join(str(column.width) for column in columns)
    lines += [
        f"sheet: {sheet.title} (money columns {money}; widths {widths})",
        f"{INDENT}{sheet.caption}",
        f"{INDENT}{' | '.join(sheet.spec.headings())}",
    ]
    lines += [f"{INDENT}{' | '.join(sheet_value(v) for v in row)}" for row in sheet.rows]
    return "\n".join(lines) + "\n"


def sheet_value(value: str | int | Decimal | None) -> str:
    """A spreadsheet cell as stored: a Decimal as written (exact), None as ∅."""
    if value is None:
        return "∅"
    return one_line(f"{value:f}" if isinstance(value, Decimal) else str(value)) or "∅"


def one_line(text: str) -> str:
    """A line break inside a text shows as ⏎, so every block stays one line of the golden."""
    return text.replace("\r\n", "⏎").replace("\n", "⏎")


def indented(lines: list[str], depth: int) -> list[str]:
    return [INDENT * depth + line for line in lines]


# -- the tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES)
def test_each_samples_document_model_matches_its_golden_text(
    source: str, monkeypatch: pytest.MonkeyPatch, golden: Callable[[str, str], None]
) -> None:
    checked = check_samples(monkeypatch, source)
    # A department's units are checked with it, but the document is the department's alone.
    assert len(checked.documents) == 1
    golden(golden_name(source), dump_document(checked.documents[0].document()))


def test_the_sample_folders_county_index_and_sheet_match_their_golden_text(
    monkeypatch: pytest.MonkeyPatch, golden: Callable[[str, str], None]
) -> None:
    checked = check_samples(monkeypatch, SAMPLES)
    # Links name the files a build wrote: without a build there are none to show.
    members = [Member(document.entry(), ()) for document in checked.documents]
    # The title and search hint `build-all` gives a folder without a county file.
    years = [member.entry.year for member in members]
    index = county_index(
        index_title("", years), index_search_hint("", years), members, county=False
    )
    golden(COUNTY_GOLDEN, dump_county(index, summary_sheet(members)))


def test_every_golden_file_belongs_to_a_sample() -> None:
    """A renamed or removed sample must take its golden file with it."""
    expected = {golden_name(source) for source in SOURCES} | {COUNTY_GOLDEN}
    assert {path.name for path in GOLDEN.glob("*.txt")} == expected


def test_the_model_names_no_path_of_this_machine() -> None:
    """The goldens hold for any clone: checked by absolute path, no printed text names it."""
    checked = check([REPO / SAMPLES])
    texts = [text for d in checked.documents for text in d.document().strings()]
    assert len(texts) > 1000
    assert not [text for text in texts if str(REPO) in text]
