"""DOCX: the document as real Word content inside a Word template (docxtpl).

The template (`templates/docx/disclosure.docx`) holds the page set-up, the styles, the running
header and the page-number footer; a finance officer restyles it in Word. docxtpl renders the
template; the sections become WordprocessingML put where the template says `{{p body }}`
(headings in Word's heading styles, so the navigation pane and the table of contents find them;
tables with merged cells, a fixed layout, explicit grid and cell widths and repeated header rows),
after a table of contents (a TOC field Word refills on opening, written with its entries so it
reads right before that). Two tables never touch (Word and LibreOffice would join them): an empty
Table Gap line parts them. Keep-with-next holds a caption or chart title to what it names, and a
project's table to its indicators. The body XML is written directly, never through docxtpl's
text rendering or python-docx's object layer, which took seconds for a few thousand table cells:
the paragraphs are made with lxml, and a table, most of a document's XML, is written as text and
never parsed into elements: a placeholder stands for it in the tree, and its text takes the
placeholder's place in the document part as written (`splice_tables`). The package goes straight
into the reproducible archive. Every XML part of the result is parsed again before the file is
accepted.
"""

from __future__ import annotations

import hashlib
import io
import re
from copy import deepcopy
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from docx.opc.package import OpcPackage
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.shared import Mm
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, Template
from lxml import etree

from docgen.document import Block, Cell, Chart, Document, Paragraph, Row, RowGroup, Section, Table
from docgen.document.blocks import Width
from docgen.document.columns import CHART_DATA
from docgen.findings import DocgenError
from docgen.provenance import Provenance
from docgen.render.archive import zip_entries
from docgen.render.chart_png import chart_png
from docgen.resources import data_path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_WIDTH_TWIPS = 9864  # 174 mm: A4 less the template's 18 mm margins
STYLE_NAMES = {
    "body": "Normal",
    "item": "Item",
    "label": "Label",
    "table_text": "Table Text",
    "table_heading": "Table Heading",
    "above": "Table Above",
    "caption": "Caption",
    "grid": "Table Grid",
    "gap": "Table Gap",
    "toc_heading": "TOC Heading",
}
TOC_LEVELS = 3  # headings 1–3 are listed, as in the HTML and PDF
# A paragraph's properties in the order the schema (CT_PPr) requires, for the ones written here.
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "tabs", "jc")


class InvalidDocxError(DocgenError):
    """A rendered DOCX part is not well-formed XML: never shipped to a reader."""


StyleIds = dict[str, str]  # STYLE_NAMES key → the template's style id


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def element(tag: str, parent: etree._Element | None = None, **attributes: str) -> etree._Element:
    made = etree.Element(w(tag)) if parent is None else etree.SubElement(parent, w(tag))
    for name, value in attributes.items():
        made.set(w(name), value)
    return made


@cache
def docx_environment() -> Environment:
    return Environment(autoescape=True, undefined=StrictUndefined)


def template_path(templates: Path | None = None) -> Path:
    if templates is not None and (templates / "disclosure.docx").is_file():
        return templates / "disclosure.docx"
    return data_path("templates", "docx", "disclosure.docx")


def render_docx(document: Document, provenance: Provenance, templates: Path | None = None) -> bytes:
    template = DocxTemplate(str(template_path(templates)))
    properties = take_properties(template.get_docx().core_properties)
    # docxtpl renders the template's XML as text: the body is left out of that (a marker stands
    # where the template places it) and put in afterwards, which takes a third of the time the
    # whole document took through jinja2 and docxtpl's regular expressions.
    template.render(
        {"document": document, "body": BODY_MARKER}, docx_environment(), autoescape=True
    )
    styles = StyleIds(
        {key: template.docx.styles[name].style_id for key, name in STYLE_NAMES.items()}
    )
    writer = BodyWriter(template.docx, styles)
    writer.contents(document)
    after_contents = len(writer.body)
    for paragraph in document.intro:
        writer.paragraph(paragraph.text, paragraph.style)
    for section in document.sections:
        writer.section(section, 1)
    add_property(writer.body[after_contents], "pageBreakBefore")  # the contents: a page
    writer.paragraph(provenance.footer(), "caption")
    put_body(template.docx.element.body, writer.body)
    fill_properties(template.core_properties, properties, document)
    stamp_properties(template.core_properties, provenance)
    entries = package_entries(template.docx.part.package)
    spliced = splice_tables(entries, template.docx.part.partname.membername, writer.tables)
    check_xml_parts(spliced)
    return zip_entries(spliced, provenance.timestamp)


DOCGEN = "urn:docgen"


class BodyMarker:
    """What the template's `{{p body }}` prints while docxtpl renders: a paragraph of its own
    that `put_body` replaces by the body."""

    def __html__(self) -> str:
        return f'<w:p xmlns:docgen="{DOCGEN}" docgen:body="1"/>'


BODY_MARKER = BodyMarker()
DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
FIRST_DOCPR_ID = 1001  # as docxtpl numbers the drawings of what it renders


def put_body(document_body: etree._Element, content: list[etree._Element]) -> None:
    """The body's elements where each marker stands, then every drawing numbered in document
    order, as docxtpl numbers them: Word refuses a file with two drawings of one id."""
    markers = [p for p in document_body.iter(w("p")) if p.get(f"{{{DOCGEN}}}body")]
    for count, marker in enumerate(markers):
        parent = marker.getparent()
        assert parent is not None
        at = parent.index(marker)
        parent.remove(marker)
        placed = content if count == 0 else [deepcopy(child) for child in content]
        parent[at:at] = placed
    for number, drawing in enumerate(document_body.iter(DOCPR), start=FIRST_DOCPR_ID):
        drawing.set("id", str(number))


TABLE_PI = "docgen-table"  # <?docgen-table N?>: where the body's table N goes
TABLE_PLACE = re.compile(rb"<\?docgen-table (\d+)\?>")


def splice_tables(
    entries: list[tuple[str, bytes]], document_part: str, tables: list[bytes]
) -> list[tuple[str, bytes]]:
    """The document part with each table's text where its placeholder is. A source's text can
    never read as a placeholder: its `<` is written `&lt;`."""
    return [
        (name, TABLE_PLACE.sub(lambda m: tables[int(m.group(1))], blob))
        if name == document_part
        else (name, blob)
        for name, blob in entries
    ]


def package_entries(package: OpcPackage) -> list[tuple[str, bytes]]:
    """A python-docx package's parts as python-docx writes them, in the same order, for the
    reproducible archive: not compressed once to be read back and compressed again."""
    entries = EntryList()
    parts: list[Any] = list(package.parts)  # python-docx's parts are untyped
    for part in parts:
        part.before_marshal()
    writer: Any = PackageWriter  # its steps are untyped, and take any writer with `write`
    writer._write_content_types_stream(entries, parts)
    writer._write_pkg_rels(entries, package.rels)
    writer._write_parts(entries, parts)
    return entries


class EntryList(list[tuple[str, bytes]]):
    """What python-docx's package writer writes, kept in order (its writer's `write`)."""

    def write(self, uri: PackURI, blob: bytes) -> None:
        self.append((uri.membername, blob))


# The core properties docxtpl would render (docx.opc.coreprops.CoreProperties' text fields).
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
MAX_PROPERTY = 255  # python-docx refuses a longer core property


def take_properties(properties) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The template's core-property expressions, blanked so that docxtpl does not render them:
    it escapes the text, and python-docx escapes it again when it writes (A&amp;amp;B)."""
    taken = {name: str(getattr(properties, name) or "") for name in PROPERTIES}
    for name in PROPERTIES:
        setattr(properties, name, "")
    return taken


@cache
def property_environment() -> Environment:
    """Plain text: python-docx escapes a property when it writes core.xml."""
    return Environment(autoescape=False, undefined=StrictUndefined)


@lru_cache(maxsize=64)
def property_template(expression: str) -> Template:
    """A property's expression compiled once: the template's are the same for every document."""
    return property_environment().from_string(expression)


def fill_properties(properties, taken: dict[str, str], document: Document) -> None:  # type: ignore[no-untyped-def]
    """Each property rendered once, as text, and cut to the length a core property may have
    (a unit's name can be longer), so that a long name never stops the build."""
    for name, expression in taken.items():
        text = property_template(expression).render(document=document)
        if len(text) > MAX_PROPERTY:
            text = text[: MAX_PROPERTY - 1] + "…"
        setattr(properties, name, text)


def stamp_properties(properties, provenance: Provenance) -> None:  # type: ignore[no-untyped-def]
    """The document properties say what made the file (its times are stamped with the archive's,
    see `reproducible_package`)."""
    properties.identifier = provenance.describe()
    properties.comments = provenance.footer()


class BodyWriter:
    """WordprocessingML for the document's blocks, in reading order, for `put_body`."""

    def __init__(self, doc, styles: StyleIds) -> None:  # type: ignore[no-untyped-def]
        self.doc = doc  # the python-docx document, which files the charts' pictures
        self.body: list[etree._Element] = []
        self.tables: list[bytes] = []  # each table's text, where a placeholder stands in body
        self.styles = styles
        self.bookmarks = 0

    def contents(self, document: Document) -> None:
        """目录: a TOC field over Heading 1–3, its entries written as Word would cache them."""
        self.paragraph("目录", "toc_heading")
        listed = [(depth, s) for depth, s in document.walk() if depth <= TOC_LEVELS]
        entries = [toc_entry_xml(section, depth) for depth, section in listed]
        if not entries:
            entries = [paragraph_xml("", "TOC1")]
        entries[0].insert(1, field_run("begin", dirty=True))  # dirty: Word refills it on opening
        entries[0].insert(2, instruction_run(f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u'))
        entries[0].insert(3, field_run("separate"))
        entries[-1].append(field_run("end"))
        self.body.extend(entries)

    def section(self, section: Section, level: int) -> None:
        heading = self.paragraph(section.heading, None, style_id=f"Heading{min(level, 9)}")
        if section.page_break:
            add_property(heading, "pageBreakBefore")
        self.bookmarks += 1  # the TOC entry's link and page number point here
        heading.insert(1, element("bookmarkStart", id=str(self.bookmarks), name=toc_name(section)))
        heading.append(element("bookmarkEnd", id=str(self.bookmarks)))
        for block in section.blocks:
            self.block(block)
        for child in section.children:
            self.section(child, level + 1)

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.paragraph(block.text, block.style)
        elif isinstance(block, Table):
            self.table(block)
        else:
            self.chart(block)

    def paragraph(
        self, text: str, style: str | None, style_id: str | None = None, align: str = ""
    ) -> etree._Element:
        p = paragraph_xml(text, style_id or self.styles[style or "body"], align or None)
        self.body.append(p)
        return p

    def table(self, table: Table) -> None:
        if len(self.body) and isinstance(self.body[-1], etree._ProcessingInstruction):
            # Two tables that touch become one in Word and LibreOffice, and the second one's
            # head is no longer repeated on its pages. Kept with the table it introduces.
            add_property(self.paragraph("", "gap"), "keepNext")
        if table.above_left or table.above_right:
            above = self.paragraph(f"{table.above_left}\t{table.above_right}", "above")
            add_property(above, "keepNext")
        self.body.append(etree.PI(TABLE_PI, str(len(self.tables))))
        self.tables.append(table_xml(table, self.styles).encode("utf-8"))

    def chart(self, chart: Chart) -> None:
        add_property(self.paragraph(chart.title, "caption"), "keepNext")  # never alone at a foot
        picture = self.doc.add_paragraph()  # python-docx files the image part and its relation
        picture.paragraph_format.first_line_indent = 0
        picture.paragraph_format.keep_with_next = True  # with the figures that follow it
        run = picture.add_run()
        run.add_picture(io.BytesIO(chart_png(chart)), width=Mm(150))
        for properties in run._r.iter("{*}docPr"):
            properties.set("descr", chart.alt)  # the alt text Word shows and reads aloud
            properties.set("title", chart.title)
        # Taken from the end of the document, where python-docx adds it, into reading order.
        self.doc.element.body.remove(picture._p)
        self.body.append(picture._p)
        # The figures beside the picture, as text a reader can copy and a screen reader reads.
        rows = tuple(
            CHART_DATA.row(
                {"label": f"{i}. {bar.label}", "amount": bar.amount, "percent": bar.percent}
            )
            for i, bar in enumerate(chart.bars, start=1)
        )
        values = {"unit": chart.amount_unit}
        self.table(
            CHART_DATA.table(chart.title, (RowGroup(rows),), style="chart-data", values=values)
        )


def paragraph_xml(text: str, style_id: str, align: str | None = None) -> etree._Element:
    p = element("p")
    properties = element("pPr", p)
    element("pStyle", properties, val=style_id)
    if align:
        element("jc", properties, val=align)
    add_text(p, text)
    return p


def add_property(p: etree._Element, tag: str) -> None:
    """A paragraph property (keepNext, pageBreakBefore) at its place in the schema's order."""
    properties = p[0]
    if properties.find(w(tag)) is not None:
        return
    rank = PPR_ORDER.index(tag)
    after = [c for c in properties if etree.QName(c).localname in PPR_ORDER[:rank]]
    properties.insert(properties.index(after[-1]) + 1 if after else 0, element(tag))


def toc_name(section: Section) -> str:
    """A heading's bookmark: Word's hidden _Toc names take letters, digits and underscores."""
    return "_Toc_" + section.anchor.replace("-", "_")


def toc_entry_xml(section: Section, depth: int) -> etree._Element:
    """One line of the contents: the heading linked to its bookmark, a tab, its page."""
    p = paragraph_xml("", f"TOC{depth}")
    p.remove(p[1])  # the empty run
    link = element("hyperlink", p, anchor=toc_name(section), history="1")
    add_text(link, section.heading)
    element("tab", element("r", link))
    link.append(field_run("begin"))
    link.append(instruction_run(f"PAGEREF {toc_name(section)} \\h"))
    link.append(field_run("separate"))
    link.append(field_run("end"))
    return p


def field_run(kind: str, dirty: bool = False) -> etree._Element:
    run = element("r")
    mark = element("fldChar", run, fldCharType=kind)
    if dirty:
        mark.set(w("dirty"), "true")
    return run


def instruction_run(code: str) -> etree._Element:
    run = element("r")
    instruction = element("instrText", run)
    instruction.text = f" {code} "
    instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def add_text(p: etree._Element, text: str) -> None:
    """A run per line, with a break between: a newline in a source text stays a line break."""
    for index, line in enumerate(text.split("\n")):
        run = element("r", p)
        if index:
            element("br", run)
        parts = line.split("\t")
        for part_index, part in enumerate(parts):
            if part_index:
                element("tab", run)
            t = element("t", run)
            t.text = part or None  # an empty text is written <w:t/>, as Word writes it
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def table_xml(table: Table, styles: StyleIds) -> str:
    """The table as text, as lxml would write it in the document part, whose root declares the
    prefix `w` as Word's and docxtpl's templates do (a table of a few thousand cells made element
    by element took most of the DOCX's time, and parsing its text and writing it again half)."""
    twips = column_twips(table.widths)
    rows = [*table.head, *(row for group in table.body for row in group.rows)]
    keep = [True] * len(table.head)  # a header row never ends a page alone
    for group in table.body:
        keep += [group.keep_together and i < len(group.rows) - 1 for i in range(len(group.rows))]
    if table.keep_with_next:  # the whole table, and with it what follows (a project's indicators)
        keep = [True] * len(keep)
    parts = table_start(table.caption, twips, styles)
    opening: dict[tuple[int, Shape, bool, bool], str] = {}
    for index, cells in enumerate(grid_rows(rows, len(twips))):
        # A head row is repeated at the top of every page (tblHeader).
        head = "<w:tblHeader/>" if index < len(table.head) else ""
        parts.append(f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>")
        for slot in cells:
            # Cells of one shape (a column, its spans, head or text, alignment) open alike.
            shape = (slot.column, shape_of(slot.cell), slot.continued, keep[index])
            start = opening.get(shape)
            if start is None:
                start = opening[shape] = cell_start(slot, twips, styles, keep[index])
            parts.append(start)
            parts.append(EMPTY_RUN if slot.continued else runs_xml(cell_text(slot.cell)))
            parts.append("</w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def table_start(caption: str, twips: list[int], styles: StyleIds) -> list[str]:
    """The table's properties and its grid."""
    return [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{styles["grid"]}"/>',
        f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>',
        '<w:tblLayout w:type="fixed"/>',  # LibreOffice honours widths only with this
        f'<w:tblCaption w:val="{escape_attribute(caption)}"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{width}"/>' for width in twips),
        "</w:tblGrid>",
    ]


class Slot(NamedTuple):
    column: int
    cell: Cell
    continued: bool  # a row the cell above spans into (vMerge continue)


def grid_rows(rows: list[Row], columns: int) -> list[list[Slot]]:
    """Each row's cells at their grid columns, with the places a row span continues into."""
    spans: dict[tuple[int, int], Cell] = {}  # (row, column) → the spanning cell above
    laid: list[list[Slot]] = []
    for r, row in enumerate(rows):
        slots: list[Slot] = []
        queue = list(row)
        c = 0
        while c < columns:
            if (r, c) in spans:
                cell = spans[(r, c)]
                slots.append(Slot(c, cell, True))
                c += cell.colspan
                continue
            if not queue:
                break
            cell = queue.pop(0)
            slots.append(Slot(c, cell, False))
            for below in range(1, cell.rowspan):
                spans[(r + below, c)] = cell
            c += cell.colspan
        laid.append(slots)
    return laid


Shape = tuple[int, int, bool, str]  # a cell's colspan, rowspan, head or text, alignment


def shape_of(cell: Cell) -> Shape:
    return (cell.colspan, cell.rowspan, cell.header, cell.align)


def cell_start(slot: Slot, twips: list[int], styles: StyleIds, keep: bool) -> str:
    """A cell's properties and its paragraph's, up to its text."""
    cell = slot.cell
    width = sum(twips[slot.column : slot.column + cell.colspan])
    parts = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>']
    if cell.colspan > 1:
        parts.append(f'<w:gridSpan w:val="{cell.colspan}"/>')
    if cell.rowspan > 1:
        parts.append("<w:vMerge/>" if slot.continued else '<w:vMerge w:val="restart"/>')
    parts.append('<w:vAlign w:val="center"/></w:tcPr>')
    style = styles["table_heading" if cell.header else "table_text"]
    # Word keeps a row with the next through its paragraphs' keep-with-next.
    parts.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{"<w:keepNext/>" if keep else ""}')
    parts.append(f'<w:jc w:val="{cell.align}"/></w:pPr>' if cell.align else "</w:pPr>")
    return "".join(parts)


def cell_text(cell: Cell) -> str:
    """The cell's text, then its links' labels (the county index's files)."""
    if not cell.links:
        return cell.text
    return " ".join([*([cell.text] if cell.text else []), *(link.label for link in cell.links)])


def runs_xml(text: str) -> str:
    """`add_text`'s runs, as text."""
    if not text:
        return EMPTY_RUN
    if "\n" not in text and "\t" not in text:  # most cells: one run of one text
        return f'<w:r><w:t xml:space="preserve">{escape_text(text)}</w:t></w:r>'
    runs = []
    for index, line in enumerate(text.split("\n")):
        pieces = [
            ("<w:tab/>" if part_index else "")
            + (f'<w:t xml:space="preserve">{escape_text(part)}</w:t>' if part else EMPTY_TEXT)
            for part_index, part in enumerate(line.split("\t"))
        ]
        runs.append(f"<w:r>{'<w:br/>' if index else ''}{''.join(pieces)}</w:r>")
    return "".join(runs)


EMPTY_TEXT = '<w:t xml:space="preserve"/>'
EMPTY_RUN = f"<w:r>{EMPTY_TEXT}</w:r>"


def escape_text(text: str) -> str:
    # A carriage return is escaped: the parser would read a bare one as a line feed.
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\r", "&#13;")


def escape_attribute(text: str) -> str:
    escaped = escape_text(text).replace('"', "&quot;")
    return escaped.replace("\n", "&#10;").replace("\t", "&#9;")


def column_twips(widths: tuple[Width, ...]) -> list[int]:
    return [int(TEXT_WIDTH_TWIPS * width // 100) for width in widths]


def check_xml_parts(entries: list[tuple[str, bytes]]) -> None:
    """Parse every XML part again before it is archived: a malformed part must fail the build,
    not reach a reader. A part the same as one found well-formed before (the template's styles,
    settings and theme, the same in every document) is not parsed again."""
    for name, blob in entries:
        if not name.endswith((".xml", ".rels")):
            continue
        digest = hashlib.blake2b(blob, digest_size=16).digest()
        if digest in WELL_FORMED:
            continue
        problem = xml_problem(blob)
        if problem:
            raise InvalidDocxError(f"DOCX part {name} is not well-formed: {problem}")
        if len(WELL_FORMED) >= MAX_WELL_FORMED:
            WELL_FORMED.clear()
        WELL_FORMED.add(digest)


def xml_problem(blob: bytes) -> str:
    """What makes the part not well-formed XML with namespaces, or nothing. Parsed for that
    alone: no tree is built, which took three times as long for a department's body. libxml2
    raises what ends the parse and logs the rest (a prefix never declared)."""
    # lxml calls only the target's methods that it has; the stubs ask for every one.
    target: Any = NoTree()
    parser = etree.XMLParser(target=target)
    try:
        etree.fromstring(blob, parser)
    except etree.XMLSyntaxError as error:
        return str(error)
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    return f"{errors[0].message}, line {errors[0].line}" if errors else ""


WELL_FORMED: set[bytes] = set()  # the digests of the parts found well-formed in this process
MAX_WELL_FORMED = 1024


class NoTree:
    """A parser target that keeps nothing: libxml2 checks the part and no element is made."""

    def close(self) -> None:
        return None
