"""PDF, the Typst engine: the document model laid out by the Typst typesetter.

The document goes to the template as JSON data (`sys.inputs`), never as markup: the template
places each string as text, so nothing a source says is ever read as Typst code. The compiler's
file root is the folder holding only the template, and its fonts are exactly the files
fontconfig gives for docgen's font settings (no system scan: the same fonts on every machine
that passes `docgen doctor`, and a tenth of a second saved on every cold start).

The PDF is tagged and archival: PDF/UA-1 (accessible: tagged structure, alt texts, the title
shown, zh-CN) together with PDF/A-2a, the strongest pair the Typst of the `typst` package
supports. PDF/A-4 needs PDF 2.0 and PDF/UA-1 at most PDF 1.7, so Typst refuses the two together;
PDF/A-1a cannot tag running headers and footers (PDF 1.4); PDF/A-3a is PDF/A-2a with arbitrary
embedded files allowed, which an archive gains nothing from; level "a" (accessible) is the
strongest conformance of PDF/A-2, above "u" and "b". A document that cannot meet them (a
character its font lacks, a missing alt text) is laid out again without them, still tagged, and
says why in a `pdf-standard-unmet` warning.

A county restyles the PDF with `--templates DIR`: a `disclosure.typ` there replaces docgen's,
and the compiler's root is then DIR, so the template may read what DIR holds and nothing outside
it. It must be a regular file: a link, a folder or a device of that name is refused.

A compile error or warning becomes a finding for this document only (an error in the template
names its line); a character no font covers is caught before, by the font coverage check.

Typst memoizes what it lays out in one cache per process, and after each compilation drops only
the entries unused for ten compilations: a batch worker would hold the layouts of its last ten
documents (it grew past 600 MB over a few dozen units). The `typst` package offers no call to
empty that cache, so right after each document ten compilations of an empty document age its
entries out (`forget_layouts`): 0.03 s for the seed unit, 0.2 s for the largest department. Not
later (before the next document, sparing a one-document `docgen build` the cost): the formats
rendered after the PDF, the DOCX above all, would then add their memory to the layouts still
held, 570 MB instead of 490 MB for the largest department. What the layouts held is then handed
back to the system (`release_free_memory`), so that the DOCX does not come on top of it either.
The tables of Typst's caches keep the size of the largest document laid out, emptied or not:
a batch's workers give way to fresh ones now and then (`docgen.batch.workers`).
"""

from __future__ import annotations

import ctypes
import json
import re
import stat
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import typst

from docgen.document import Document
from docgen.document.blocks import Cell, Row, Section, Table
from docgen.findings import Finding, Location
from docgen.messages import make_finding
from docgen.provenance import Provenance
from docgen.render import RenderJob
from docgen.render.fontcut import cut_family, cut_folder
from docgen.render.fonts import FONTS, FontSettings, find_font
from docgen.render.html import PALETTE
from docgen.resources import data_path

TEMPLATE = "disclosure.typ"
# PDF/UA-1 with PDF/A-2a: see the module's docstring for why this pair.
PDF_STANDARDS: list[typst.PDFStandard] = ["ua-1", "a-2a"]


class TemplateRefusedError(Exception):
    """A `disclosure.typ` in the templates folder that is not a regular file."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def template_folder(templates: Path | None = None) -> Path:
    """The folder of the template to use: `templates` when it holds a `disclosure.typ` of its
    own, else docgen's. A link, a folder or a device of that name is refused, never followed."""
    if templates is not None:
        path = templates / TEMPLATE
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            mode = None
        except OSError as error:
            raise TemplateRefusedError(path) from error
        if mode is not None:
            if not stat.S_ISREG(mode):
                raise TemplateRefusedError(path)
            return templates.resolve()
    return data_path("templates", "typst")


def font_folders(settings: FontSettings = FONTS) -> list[str]:
    """The folders of the fonts fontconfig gives for docgen's families (bold faces sit beside
    the regular ones)."""
    found = [font for family in settings.families if (font := find_font(family))]
    return sorted({str(Path(font.file).parent) for font in found})


def typst_font_folders(settings: FontSettings = FONTS) -> list[str]:
    """The folder of the faces cut to what a disclosure prints (`docgen.render.fontcut`), when
    there is one, and the folders of the whole fonts, which set what the cut faces lack."""
    whole = font_folders(settings)
    cut = cut_folder(tuple(whole), settings)
    return [str(cut), *whole] if cut else whole


def typst_families(settings: FontSettings = FONTS) -> dict[str, list[str]]:
    """The template's families, serif and sans: each the cut face first, when there is one,
    then the whole font, which Typst reads only for a character the cut face lacks."""
    cut = cut_folder(tuple(font_folders(settings)), settings) is not None
    return {
        name: [cut_family(family), family] if cut else [family]
        for name, family in (("serif", settings.serif), ("sans", settings.sans))
    }


@cache
def typst_compiler(folder: Path) -> typst.Compiler:
    """One per template folder and process: it keeps the fonts it has read and what it laid out
    last time, so a second document costs a fraction of the first."""
    return typst.Compiler(
        str(folder / TEMPLATE),
        root=str(folder),
        font_paths=typst.Fonts(
            include_system_fonts=False,
            include_embedded_fonts=False,
            font_paths=typst_font_folders(),
        ),
        ignore_system_fonts=True,
    )


# Typst's `comemo::evict(10)` after each compilation keeps what was used in the last ten.
CACHE_AGE = 10


@cache
def empty_compiler() -> typst.Compiler:
    """A compiler that reads no file and no font: it is given the empty document each time."""
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[])
    root = str(data_path("templates", "typst"))
    return typst.Compiler(root=root, font_paths=fonts, ignore_system_fonts=True)


def forget_layouts() -> None:
    """Age every entry of Typst's cache past what it keeps, so that the memory of the document
    just laid out is freed before the next one, and hand that memory back to the system."""
    compiler = empty_compiler()
    for _ in range(CACHE_AGE):
        # Given again each time: the compiler forgets a document given as bytes once it is made.
        compiler.compile(input=b"", format="svg")
    release_free_memory()


@cache
def libc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS, Windows)."""
    try:
        program = ctypes.CDLL(None)  # what the process has loaded: the C library too
    except (OSError, TypeError):
        return None
    trim: Callable[[int], int] | None = getattr(program, "malloc_trim", None)
    return trim


def release_free_memory() -> None:
    """Return the pages malloc holds free to the system. Typst allocates through the C
    library's malloc from several threads, and glibc keeps what they free in its arenas: after
    the largest department's PDF its worker held 229 MB free, resident, under the DOCX made
    next (480 MB at its peak instead of 448) and under every document after it."""
    trim = libc_trim()
    if trim is not None:
        trim(0)


def document_data(document: Document, provenance: Provenance) -> dict[str, Any]:
    """Everything the template prints, as plain data."""
    when = provenance.timestamp
    return {
        "title": document.title,
        "org_name": document.org_name,
        "intro": document.intro,
        "sections": document.sections,
        "footer": provenance.footer(),
        "fonts": typst_families(FONTS),
        "palette": list(PALETTE),
        "meta": {
            "description": f"{document.org_code} {document.title}（{provenance.describe()}）",
            "keywords": [document.org_code, str(document.year), document.org_name],
            "date": {
                "year": when.year,
                "month": when.month,
                "day": when.day,
                "hour": when.hour,
                "minute": when.minute,
                "second": when.second,
            },
        },
    }


def section_data(section: Section) -> dict[str, Any]:
    return {
        "heading": section.heading,
        "page_break": section.page_break,
        "blocks": section.blocks,
        "children": section.children,
    }


FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}  # each class of the model: its fields


def field_names(kind: type) -> tuple[str, ...] | None:
    if kind not in FIELD_NAMES:
        FIELD_NAMES[kind] = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else None
    return FIELD_NAMES[kind]


def to_json(value: object) -> object:
    """What the JSON encoder cannot write itself: a section, a table, any other part of the
    model (its fields; the encoder goes on into them), a Decimal (its exact string: a bar's
    fraction, read by the template as a length, geometry and not money)."""
    if isinstance(value, Section):
        return section_data(value)
    if isinstance(value, Table):
        return table_data(value)
    if isinstance(value, Decimal):
        return str(value)
    names = field_names(type(value))
    if names is None:
        return str(value)
    return {name: getattr(value, name) for name in names}


def table_data(table: Table) -> dict[str, Any]:
    """The table, each cell with the width it spans (percent of the text width): the template
    bounds a row's height from it, to keep rows and groups on one page."""
    data = {name: getattr(table, name) for name in field_names(Table) or ()}
    # Widths are geometry, not money: floats for the template's lengths.
    data["widths"] = widths = tuple(float(width) for width in table.widths)
    data["head"] = cells_data(table.head, widths)
    placed = iter(cells_data(tuple(row for group in table.body for row in group.rows), widths))
    data["body"] = [
        {**to_json(group), "rows": [next(placed) for _ in group.rows]}  # type: ignore[dict-item]
        for group in table.body
    ]
    return data


def cells_data(rows: tuple[Row, ...], widths: tuple[float, ...]) -> list[list[dict[str, Any]]]:
    cell_fields = field_names(Cell) or ()
    return [
        [
            {**{name: getattr(cell, name) for name in cell_fields}, "width": width}
            for cell, width in zip(row, spans, strict=True)
        ]
        for row, spans in zip(rows, cell_widths(rows, widths), strict=True)
    ]


def cell_widths(rows: tuple[Row, ...], widths: tuple[float, ...]) -> list[list[float]]:
    """Each cell's width: the columns it spans, past those a cell above still covers."""
    covered = [0] * len(widths)  # rows a cell above still covers, per column
    placed = []
    for row in rows:
        taken = list(covered)
        column = 0
        spans = []
        for cell in row:
            while column < len(widths) and covered[column] > 0:
                column += 1
            spans.append(sum(widths[column : column + cell.colspan]))
            for index in range(column, min(column + cell.colspan, len(widths))):
                taken[index] = cell.rowspan
            column += cell.colspan
        covered = [max(0, count - 1) for count in taken]
        placed.append(spans)
    return placed


def document_json(document: Document, provenance: Provenance) -> str:
    """The model as the template reads it. The encoder walks it and asks `to_json` only for
    what it cannot write itself: a third of the time `dataclasses.asdict` took, which copied
    every string of the model first."""
    return json.dumps(document_data(document, provenance), ensure_ascii=False, default=to_json)


def render_typst_file(job: RenderJob) -> tuple[bytes, list[Finding]]:
    """The registered Typst PDF (see `docgen.render.RENDERERS`)."""
    return render_typst_pdf(job.document, job.provenance, job.templates)


def render_typst_pdf(
    document: Document, provenance: Provenance, templates: Path | None = None
) -> tuple[bytes, list[Finding]]:
    """The PDF bytes, or none and a finding for the compile error; a warning is a finding too.
    A document that cannot meet the PDF standards is made without them, with a warning."""
    source = document.source_loc or Location("", 1, 1)
    try:
        compiler = typst_compiler(template_folder(templates))
    except TemplateRefusedError as refused:
        return b"", [make_finding("template-refused", source, path=str(refused.path))]
    inputs = {"document": document_json(document, provenance)}
    try:
        return compile_document(compiler, inputs, provenance, source)
    finally:
        forget_layouts()


def compile_document(
    compiler: typst.Compiler, inputs: dict[str, str], provenance: Provenance, source: Location
) -> tuple[bytes, list[Finding]]:
    """The PDF made to the standards, or without them and a warning when it cannot meet them."""
    unmet: list[Finding] = []
    try:
        pdf, warnings = compile_pdf(compiler, inputs, provenance, PDF_STANDARDS)
    except typst.TypstError as error:
        if not is_standard_error(error):
            return b"", [failed(source, error)]
        unmet = [make_finding("pdf-standard-unmet", source, problem=error.message)]
        try:
            pdf, warnings = compile_pdf(compiler, inputs, provenance, [])
        except typst.TypstError as again:
            return b"", [failed(source, again)]
    findings = [
        make_finding("render-warning", source, format="PDF", problem=described(warning))
        for warning in warnings
    ]
    return pdf, unmet + findings


def compile_pdf(
    compiler: typst.Compiler,
    inputs: dict[str, str],
    provenance: Provenance,
    standards: list[typst.PDFStandard],
) -> tuple[bytes, list[typst.TypstWarning]]:
    pdf, warnings = compiler.compile_with_warnings(
        sys_inputs=inputs, timestamp=provenance.timestamp, pdf_standards=standards
    )
    return (bytes(pdf) if isinstance(pdf, bytes) else b""), warnings


def is_standard_error(error: typst.TypstError) -> bool:
    """Whether the document broke a rule of the PDF standards ("PDF/A-2a, PDF/UA-1 error: …"),
    rather than the template or the typesetter failing."""
    return error.message.startswith(("PDF/A", "PDF/UA"))


def failed(source: Location, error: typst.TypstError) -> Finding:
    return make_finding("render-failed", source, format="PDF", problem=described(error))


# Where Typst's diagnostic points: "┌─ disclosure.typ:179:2".
TEMPLATE_LINE = re.compile(r"┌─ (\S+:\d+:\d+)")


def described(diagnostic: typst.TypstError | typst.TypstWarning) -> str:
    """Typst's message, with the template line it points at when it points at one."""
    where = TEMPLATE_LINE.search(diagnostic.diagnostic or "")
    return f"{diagnostic.message} ({where.group(1)})" if where else diagnostic.message
