"""Stage 7, render: a `Document` to bytes in every format asked for, all in memory.

Renderers present the document; they never compute, round or reword a figure. Each format is
registered once, as a `Renderer` (the PDF twice, once per engine: WeasyPrint lays it out from
the HTML page, Typst from the document model): the command line's choices, the batch's
environment hash, the workers' preloaded modules and the order of the index's links all read
`RENDERERS`. Nothing is returned for a document whose fonts do not cover it, whose rendering
logged a problem or whose renderer failed (a `render-crashed` finding at the document's source),
so that no half-right file is ever written; the other documents go on.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docgen.document import Document
from docgen.findings import Finding, Location, count_errors
from docgen.messages import make_finding
from docgen.provenance import Provenance
from docgen.render.fonts import check_font_coverage
from docgen.terms import Format, PdfEngine, PdfVariant


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes] = field(default_factory=dict)  # suffix (html, datapackage.json) → bytes
    findings: list[Finding] = field(default_factory=list)


@dataclass
class RenderJob:
    """One document on its way to its formats: what every renderer reads."""

    document: Document
    provenance: Provenance
    templates: Path | None = None
    page: str | None = None  # the HTML page, made once: the PDF is laid out from it
    pdf_variant: str = PdfVariant.a2a  # what WeasyPrint makes the PDF to be (Typst: its own)

    @property
    def location(self) -> Location:
        return self.document.source_loc or Location(self.document.slug, 1, 1)

    def html(self) -> str:
        if self.page is None:
            from docgen.render.html import render_html  # noqa: PLC0415

            self.page = render_html(self.document, self.provenance, templates=self.templates)
        return self.page


# The bytes, or None for a document that has nothing in that format (the workbook holds the
# standard tables: a source without them has none), and what was logged. A format of several
# files (the data package: a CSV and its descriptor) gives each one's bytes by its suffix.
Made = bytes | dict[str, bytes] | None
RenderFunction = Callable[[RenderJob], tuple[Made, list[Finding]]]


@dataclass(frozen=True)
class Renderer:
    """One output format, the engine that lays it out, and the function that makes it."""

    format: Format
    engine: str  # a format made one way only has its own name as its engine
    # Where the function lives, imported on first use: WeasyPrint and docxtpl take half a
    # second to load, and the command line and the batch's hash only read the registry.
    module: str
    function: str
    tables_only: bool = False  # holds only the standard tables: nothing for a source without
    # ... or the projects' figures too (open data): nothing for a source with neither
    projects_too: bool = False
    # Raised when the same document makes other content in this format (open data: 1, each
    # project's figures as rows; 2, a department's figures by unit as rows, and its projects
    # under their units' codes). The batch's manifest holds it among what the outputs depend
    # on, so a document made before is made again, not kept as up to date.
    revision: int = 0

    @property
    def extension(self) -> str:
        return self.format.value

    @property
    def label(self) -> str:
        return self.format.short

    def load(self) -> RenderFunction:
        found: RenderFunction = getattr(importlib.import_module(self.module), self.function)
        return found


# Every format's renderers, the default (first registered) first; formats in the order the index
# links a document's files.
RENDERERS: dict[Format, dict[str, Renderer]] = {}


def register(renderer: Renderer) -> None:
    engines = RENDERERS.setdefault(renderer.format, {})
    if renderer.engine in engines:
        raise ValueError(f"{renderer.format} by {renderer.engine} is registered already")
    engines[renderer.engine] = renderer


ENGINES = "docgen.render.engines"
register(Renderer(Format.html, Format.html, ENGINES, "render_html_file"))
register(Renderer(Format.pdf, PdfEngine.typst, "docgen.render.typst", "render_typst_file"))
register(Renderer(Format.pdf, PdfEngine.weasyprint, "docgen.render.pdf", "render_pdf_file"))
register(Renderer(Format.docx, Format.docx, ENGINES, "render_docx_file"))
register(Renderer(Format.xlsx, Format.xlsx, ENGINES, "render_xlsx_file", tables_only=True))
register(
    Renderer(
        Format.data,
        Format.data,
        "docgen.render.opendata",
        "render_data_file",
        tables_only=True,
        projects_too=True,
        revision=2,
    )
)

FORMATS: tuple[str, ...] = tuple(RENDERERS)  # every format, in the order the index links them
PDF_ENGINES: tuple[str, ...] = tuple(RENDERERS[Format.pdf])  # who may lay out the PDF


def chosen_renderers(formats: tuple[str, ...], pdf_engine: str) -> list[Renderer]:
    """The renderer of each format asked for, in registry order: the PDF's by its engine, the
    others' by their default."""
    chosen = []
    for format_, engines in RENDERERS.items():
        if format_ in formats:
            default = next(iter(engines.values()))
            chosen.append(engines.get(pdf_engine, default) if format_ is Format.pdf else default)
    return chosen


def makes_anything(formats: tuple[str, ...], has_tables: bool, has_projects: bool) -> bool:
    """Whether one of the formats asked has something to make of a document: a batch skips one
    that has none (a unit without `tables:` asked only for its workbook), where a single build
    says why it made nothing (`nothing-to-render`)."""
    return any(
        has_tables or not renderer.tables_only or (has_projects and renderer.projects_too)
        for renderer in chosen_renderers(formats, PdfEngine.weasyprint)
    )


def format_rank(path: str) -> int:
    """Where a file of this extension comes in a document's links (unknown ones last)."""
    extension = path.rsplit(".", 1)[-1]
    return FORMATS.index(extension) if extension in FORMATS else len(FORMATS)


def renderer_modules(renderers: list[Renderer] | None = None) -> list[str]:
    """The modules the renderers live in (every one's by default), for a worker process to
    import before it forks."""
    every = [renderer for engines in RENDERERS.values() for renderer in engines.values()]
    return sorted({renderer.module for renderer in (every if renderers is None else renderers)})


def render_document(
    document: Document,
    provenance: Provenance,
    formats: tuple[str, ...] = FORMATS,
    templates: Path | None = None,
    pdf_engine: str = PdfEngine.typst,
    *,
    pdf_variant: str = PdfVariant.a2a,
) -> Rendered:
    findings = check_font_coverage(document)
    if count_errors(findings):
        return Rendered({}, findings)
    job = RenderJob(document, provenance, templates, pdf_variant=pdf_variant)
    files: dict[str, bytes] = {}
    for renderer in chosen_renderers(formats, pdf_engine):
        made, logged = run_renderer(renderer, job)
        findings += logged
        if isinstance(made, bytes):
            files[renderer.extension] = made
        elif made is not None:
            files |= made
    if not files and not count_errors(findings):  # say why, or the document fails unexplained
        asked = ", ".join(format_.upper() for format_ in formats)
        findings.append(make_finding("nothing-to-render", job.location, formats=asked))
    if count_errors(findings):
        return Rendered({}, findings)
    return Rendered(files, findings)


def run_renderer(renderer: Renderer, job: RenderJob) -> tuple[Made, list[Finding]]:
    """The bytes and what was logged; a renderer that raises is a finding about this document
    alone (a bug in docgen or in an overriding template), never the end of the run."""
    try:
        return renderer.load()(job)
    except Exception as error:  # reported as a finding, with its type and text
        reason = f"{renderer.label}: {type(error).__name__}: {error}"
        return None, [make_finding("render-crashed", job.location, reason=reason)]
