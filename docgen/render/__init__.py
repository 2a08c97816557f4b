"""Stage 7, render: a `Document` to bytes in every format asked for, all in memory.

Renderers present the document; they never compute, round or reword a figure. Nothing is
returned for a document whose fonts do not cover it or whose rendering logged a problem, so
that no half-right file is ever written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen.document import Document
from docgen.findings import Finding, Location, count_errors
from docgen.provenance import Provenance
from docgen.render.fonts import check_font_coverage

FORMATS = ("html", "pdf", "docx")
# Who lays out the PDF: WeasyPrint from the HTML page, or Typst from the document model.
PDF_ENGINES = ("weasyprint", "typst")


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes] = field(default_factory=dict)  # extension → bytes
    findings: list[Finding] = field(default_factory=list)


def render_document(
    document: Document,
    provenance: Provenance,
    formats: tuple[str, ...] = FORMATS,
    templates: Path | None = None,
    pdf_engine: str = "weasyprint",
) -> Rendered:
    # The format modules load WeasyPrint, docxtpl and jinja2 (half a second): only here, so
    # that reading `docgen.render.fonts` (for the batch's dependency hash) stays cheap.
    from docgen.render.docx import render_docx  # noqa: PLC0415
    from docgen.render.html import render_html  # noqa: PLC0415

    findings = check_font_coverage(document)
    if count_errors(findings):
        return Rendered({}, findings)
    files: dict[str, bytes] = {}
    # WeasyPrint lays the PDF out from the HTML page, so it is made for either format.
    from_html = "pdf" in formats and pdf_engine == "weasyprint"
    wanted = "html" in formats or from_html
    html = render_html(document, provenance, templates=templates) if wanted else ""
    if "html" in formats:
        files["html"] = html.encode("utf-8")
    if from_html:
        from docgen.render.pdf import render_pdf  # noqa: PLC0415

        pdf, logged = render_pdf(html, document.source_loc or Location("", 1, 1))
        files["pdf"] = pdf
        findings += logged
    elif "pdf" in formats:
        from docgen.render.typst import render_typst_pdf  # noqa: PLC0415

        pdf, logged = render_typst_pdf(document, provenance)
        files["pdf"] = pdf
        findings += logged
    if "docx" in formats:
        files["docx"] = render_docx(document, provenance, templates)
    if count_errors(findings):
        return Rendered({}, findings)
    return Rendered(files, findings)
