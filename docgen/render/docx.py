"""DOCX: the document as real Word content inside a Word template (docxtpl).

The template (`templates/docx/disclosure.docx`) holds the page set-up, the styles, the running
header and the page-number footer; a finance officer restyles it in Word. The sections are built
as a sub-document with python-docx (headings, styled paragraphs, tables with merged cells,
explicit widths and repeated header rows) and inserted at `{{p body }}`. Every XML part of the
result is parsed again before the file is accepted.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table as DocxTable
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
from lxml import etree

from docgen.document import Block, Cell, Chart, Document, Paragraph, Row, RowGroup, Section, Table
from docgen.findings import DocgenError
from docgen.render.chart_png import chart_png
from docgen.resources import data_path

TEXT_WIDTH_MM = 174  # A4 less the template's 18 mm margins
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
PARAGRAPH_STYLES = {"body": "Normal", "item": "Item", "label": "Label", "right": "Normal"}


class InvalidDocx(DocgenError):
    """A rendered DOCX part is not well-formed XML: a bug, but never shipped to a reader."""


@cache
def docx_environment() -> Environment:
    return Environment(autoescape=True, undefined=StrictUndefined)


def template_path(templates: Path | None = None) -> Path:
    if templates is not None and (templates / "disclosure.docx").is_file():
        return templates / "disclosure.docx"
    return data_path("templates", "docx", "disclosure.docx")


def render_docx(document: Document, templates: Path | None = None) -> bytes:
    template = DocxTemplate(str(template_path(templates)))
    body = template.new_subdoc()
    for paragraph in document.intro:
        add_paragraph(body.subdocx, paragraph)
    for section in document.sections:
        add_section(body.subdocx, section, 1)
    template.render({"document": document, "body": body}, docx_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    data = out.getvalue()
    check_xml_parts(data)
    return data


def add_section(doc, section: Section, level: int) -> None:  # type: ignore[no-untyped-def]
    heading = doc.add_heading(section.heading, level=min(level, 9))
    heading.paragraph_format.page_break_before = section.page_break
    for block in section.blocks:
        add_block(doc, block)
    for child in section.children:
        add_section(doc, child, level + 1)


def add_block(doc, block: Block) -> None:  # type: ignore[no-untyped-def]
    if isinstance(block, Paragraph):
        add_paragraph(doc, block)
    elif isinstance(block, Table):
        add_table(doc, block)
    else:
        add_chart(doc, block)


def add_paragraph(doc, paragraph: Paragraph) -> None:  # type: ignore[no-untyped-def]
    added = doc.add_paragraph(paragraph.text, style=PARAGRAPH_STYLES[paragraph.style])
    if paragraph.style == "right":
        added.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def add_table(doc, table: Table) -> None:  # type: ignore[no-untyped-def]
    if table.above_left or table.above_right:
        doc.add_paragraph(f"{table.above_left}\t{table.above_right}", style="Table Above")
    rows = [*table.head, *(row for group in table.body for row in group.rows)]
    grid = doc.add_table(rows=len(rows), cols=len(table.widths))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(grid, table.widths)
    set_caption(grid, table.caption)
    place_cells(grid, rows)
    for index in range(len(table.head)):
        mark_header_row(grid.rows[index]._tr)
    start = len(table.head)
    for group in table.body:
        for offset in range(len(group.rows)):
            tr = grid.rows[start + offset]._tr
            no_split(tr)
            # Word keeps a row with the next one through its paragraphs' keep-with-next.
            if group.keep_together and offset < len(group.rows) - 1:
                keep_with_next(tr)
        start += len(group.rows)


def place_cells(grid: DocxTable, rows: list[Row]) -> None:
    """Write each cell at its grid position, merging its row and column spans."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            target = grid.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(grid.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            write_cell(target, cell)
            c += cell.colspan


def write_cell(target, cell: Cell) -> None:  # type: ignore[no-untyped-def]
    paragraph = target.paragraphs[0]
    paragraph.style = "Table Heading" if cell.header else "Table Text"
    paragraph.alignment = ALIGN[cell.align]
    paragraph.add_run(cell.text)  # python-docx turns "\n" into a line break
    target.vertical_alignment = 1  # center


def set_widths(grid: DocxTable, widths: tuple[int, ...]) -> None:
    """Widths on the grid and on every cell: LibreOffice reads the grid, Word the cells."""
    grid.autofit = False
    twips = [Mm(TEXT_WIDTH_MM * w / 100) for w in widths]
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    grid._tbl.tblPr.append(layout)
    for column, width in zip(grid.columns, twips, strict=True):
        column.width = width
    for row in grid.rows:
        for index, cell in enumerate(row.cells):
            cell.width = twips[min(index, len(twips) - 1)]


def set_caption(grid: DocxTable, caption: str) -> None:
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), caption)
    grid._tbl.tblPr.append(element)


def mark_header_row(tr) -> None:  # type: ignore[no-untyped-def]
    header = OxmlElement("w:tblHeader")
    tr.get_or_add_trPr().append(header)


def no_split(tr) -> None:  # type: ignore[no-untyped-def]
    tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def keep_with_next(tr) -> None:  # type: ignore[no-untyped-def]
    for p in tr.iter(qn("w:p")):
        p.get_or_add_pPr().keep_next = True


def add_chart(doc, chart: Chart) -> None:  # type: ignore[no-untyped-def]
    doc.add_paragraph(chart.title, style="Caption")
    picture = doc.add_paragraph(style="Item")
    run = picture.add_run()
    run.add_picture(io.BytesIO(chart_png(chart)), width=Mm(150))
    for properties in run._r.iter(qn("wp:docPr")):
        properties.set("descr", chart.alt)  # the alt text Word shows and reads aloud
        properties.set("title", chart.title)
    # The figures beside the picture, as text a reader can copy and a screen reader can read.
    rows = tuple(
        (Cell(f"{i}. {bar.label}"), Cell(bar.amount, align="right"), Cell(bar.percent, align="right"))
        for i, bar in enumerate(chart.bars, start=1)
    )
    head = tuple(
        Cell(text, header=True, align="center")
        for text in ("项目", f"金额（{chart.amount_unit}）", "占比")
    )
    add_table(doc, Table(chart.title, (60, 22, 18), (head,), (RowGroup(rows),), "chart-data"))


def check_xml_parts(data: bytes) -> None:
    """Parse every XML part again: a malformed part must fail the build, not reach a reader."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(archive.read(name))
                except etree.XMLSyntaxError as error:
                    raise InvalidDocx(f"DOCX part {name} is not well-formed: {error}") from error
