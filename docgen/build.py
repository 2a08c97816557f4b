"""The pipeline for one document: check → document → render → write.

`check` (docgen.check) hands on the checked documents and every finding; `build_source` turns
one checked document into files, unless one of its source files has an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.check import Checked
from docgen.checked import CheckedDocument
from docgen.findings import Finding, Location
from docgen.messages import make_finding
from docgen.provenance import Provenance, ProvenanceReader
from docgen.render import render_document
from docgen.terms import PdfEngine, PdfVariant
from docgen.write import write_outputs


@dataclass(frozen=True)
class Built:
    """One document's outcome: the files written, or none and the findings that stopped it."""

    name: str  # unit or department code and year: 323005-2021
    title: str
    files: tuple[Path, ...]
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return bool(self.files)


def blocking_findings(source: CheckedDocument, findings: list[Finding]) -> tuple[Finding, ...]:
    """The errors in any of the files a document is made from: they stop it being rendered."""
    files = source.files
    return tuple(f for f in findings if f.is_error and f.location.file in files)


def build_source(
    source: CheckedDocument,
    checked: Checked,
    out: Path,
    formats: tuple[str, ...],
    templates: Path | None = None,
    *,
    provenance: ProvenanceReader | None = None,
    pdf_engine: str = PdfEngine.typst,
    pdf_variant: str = PdfVariant.a2a,
) -> Built:
    """Render and write one document unless a finding in one of its files is an error."""
    blocking = blocking_findings(source, checked.findings)
    if blocking:
        return Built(source.slug, source.title, (), blocking)
    stamp = (provenance or ProvenanceReader()).of(list(source.paths))
    return render_source(
        source, stamp, out, formats, templates, pdf_engine=pdf_engine, pdf_variant=pdf_variant
    )


def render_source(
    source: CheckedDocument,
    provenance: Provenance,
    out: Path,
    formats: tuple[str, ...],
    templates: Path | None = None,
    *,
    pdf_engine: str = PdfEngine.typst,
    pdf_variant: str = PdfVariant.a2a,
) -> Built:
    """Render one checked document in every format and write the files (all or none)."""
    document = source.document()
    rendered = render_document(
        document, provenance, formats, templates, pdf_engine, pdf_variant=pdf_variant
    )
    if not rendered.files:
        return Built(document.slug, document.title, (), tuple(rendered.findings))
    try:
        written = write_outputs(out, document.slug, rendered.files)
    except OSError as error:
        loc = document.source_loc or Location(document.slug, 1, 1)
        problem = make_finding(
            "output-unwritable", loc, path=str(error.filename or out), reason=error.strerror or ""
        )
        return Built(document.slug, document.title, (), (*rendered.findings, problem))
    return Built(document.slug, document.title, tuple(written), tuple(rendered.findings))
