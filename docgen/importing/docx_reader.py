"""Stage 0, import: a legacy disclosure's Word file (.docx) → paragraphs and tables.

Reads the body in order with python-docx's XML: each paragraph (its text, a tab kept as a tab),
each table row by row with every cell once as Word stores it, so a merged cell is read once and
the rows below a vertically merged 一级指标 hold an empty cell, exactly as the plain-text
extraction prints them (`text_reader`). The table of contents, which repeats the headings, is
left out. A file that is no Word document (no zip, no document part) is refused with its reason.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml.etree import XMLSyntaxError, _Element

from docgen.importing.text_reader import Block, Cell, Paragraph, Place, Table

UNPACKED_LIMIT = 200 * 1024 * 1024  # what its zip may unpack to: no zip bomb reaches lxml
PARAGRAPH, TABLE, ROW, CELL = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
TEXT, TAB, BREAK, STYLE = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:pStyle")
SPAN, VMERGE, VAL = (
    f"{qn('w:tcPr')}/{qn('w:gridSpan')}",
    f"{qn('w:tcPr')}/{qn('w:vMerge')}",
    qn("w:val"),
)


class DocxUnreadableError(ValueError):
    """The bytes are no Word document; the reason is said in the user's words by the caller."""


def read_docx(data: bytes) -> list[Block]:
    """The paragraphs and tables of a .docx, in body order."""
    check_zip(data)
    try:
        document = Document(io.BytesIO(data))
    except (
        PackageNotFoundError,
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        XMLSyntaxError,
    ) as error:
        raise DocxUnreadableError(str(error) or type(error).__name__) from None
    blocks: list[Block] = []
    paragraphs = tables = 0
    styles = {style.style_id: style.name or "" for style in document.styles}
    for element in document.element.body.iterchildren():
        if element.tag == PARAGRAPH:
            paragraphs += 1
            text = paragraph_text(element).strip()
            if text and not is_contents(element, styles):
                blocks.append(Paragraph(text, Place("paragraph", paragraphs)))
        elif element.tag == TABLE:
            tables += 1
            blocks.append(read_table(element, tables))
    return blocks


def check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        size = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise DocxUnreadableError("not a zip file") from None
    if size > UNPACKED_LIMIT:
        raise DocxUnreadableError(f"unpacks to {size} bytes")
    if "word/document.xml" not in archive.namelist():
        raise DocxUnreadableError("no word/document.xml")


def paragraph_text(element: _Element) -> str:
    parts = []
    for node in element.iter(TEXT, TAB, BREAK):
        parts.append(node.text or "" if node.tag == TEXT else "\t" if node.tag == TAB else "\n")
    return "".join(parts)


def is_contents(element: _Element, styles: dict[str, str]) -> bool:
    """A line of the table of contents (style `toc 1`… or its heading), not the heading itself."""
    style = element.find(f"{qn('w:pPr')}/{STYLE}")
    name = styles.get(style.get(qn("w:val"), ""), "") if style is not None else ""
    return name.lower().startswith(("toc", "目录"))


def read_table(element: _Element, number: int) -> Table:
    rows = []
    for row_number, row in enumerate(element.findall(ROW), 1):
        cells = []
        for cell_number, cell in enumerate(row.findall(CELL), 1):
            text = "\n".join(paragraph_text(p).strip() for p in cell.findall(PARAGRAPH))
            place = Place("table", number, row_number, cell_number)
            cells.append(Cell(text.strip(), place, *merge_of(cell)))
        if cells:
            rows.append(tuple(cells))
    return Table(tuple(rows), Place("table", number, 1, 1))


def merge_of(cell: _Element) -> tuple[int, bool]:
    """The grid columns a cell spans, and whether it continues the merged cell above it (a
    `w:vMerge` without `restart`)."""
    span = cell.find(SPAN)
    merge = cell.find(VMERGE)
    columns = int(span.get(VAL, "1")) if span is not None and span.get(VAL, "1").isdigit() else 1
    return max(columns, 1), merge is not None and merge.get(VAL, "continue") == "continue"
