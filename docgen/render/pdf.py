"""PDF: WeasyPrint lays out the HTML page with its print stylesheet.

By default the PDF is PDF/A-2a: archival, and tagged (WeasyPrint's `pdf_tags`: headings,
paragraphs, tables with head cells, in reading order), with the language of the page (zh-CN),
its title shown by viewers, and XMP metadata naming the standard beside the title, author and
dates. `--pdf-variant` may ask for PDF/UA-1 instead (WeasyPrint claims one standard at a time)
or a plain, untagged PDF.

WeasyPrint reports CSS and font problems only through its logger; they are captured while
rendering and handed back as findings, so that a problem is never silent.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from weasyprint.text.fonts import FontConfiguration

from docgen.findings import Finding, Location
from docgen.messages import make_finding
from docgen.render import RenderJob
from docgen.render.rowgroups import lay_out
from docgen.terms import PdfVariant

WEASYPRINT_LOGGERS = ("weasyprint", "weasyprint.progress")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def captured_weasyprint_log() -> Iterator[list[str]]:
    """WeasyPrint's warnings and errors, kept from the terminal and collected instead."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


@cache
def font_configuration() -> FontConfiguration:
    """One per process: building it scans the system fonts."""
    return FontConfiguration()


def render_pdf_file(job: RenderJob) -> tuple[bytes, list[Finding]]:
    """The registered WeasyPrint PDF (see `docgen.render.RENDERERS`): laid out from the page."""
    return render_pdf(job.html(), job.location, job.pdf_variant)


def render_pdf(
    html: str, source: Location, variant: str = PdfVariant.a2a
) -> tuple[bytes, list[Finding]]:
    """The PDF bytes, and a finding for every problem WeasyPrint logged (at the source file)."""
    # The file identifier comes from the page itself, so the same page gives the same bytes.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    # A variant is named when laying out (it may change forms) and when writing (tags, XMP).
    options = {} if variant == PdfVariant.plain else {"pdf_variant": variant}
    with captured_weasyprint_log() as messages, warnings.catch_warnings():
        # WeasyPrint (70, and its main branch) opens its sRGB profile for a PDF/A's output
        # intent and never closes the file (weasyprint/pdf/__init__.py): that one warning only.
        warnings.filterwarnings("ignore", r"unclosed file .*sRGB2014\.icc", ResourceWarning)
        document = lay_out(html, font_configuration(), **options)
        pdf = document.write_pdf(pdf_identifier=identifier, **options)
    findings = [
        make_finding("render-warning", source, format="PDF", problem=message)
        for message in messages
    ]
    return pdf or b"", findings
