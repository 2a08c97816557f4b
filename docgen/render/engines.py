"""The registered renderers (see `docgen.render.RENDERERS`): each format's function of a job.

Importing this module loads every rendering library (WeasyPrint, Typst, docxtpl, openpyxl,
jinja2), which is why the registry names it instead of importing it, and why a worker process
preloads it.
"""

from __future__ import annotations

from docgen.findings import Finding
from docgen.render import RenderJob
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from docgen.render.typst import render_typst_pdf
from docgen.render.xlsx import render_tables_xlsx


def render_html_file(job: RenderJob) -> tuple[bytes, list[Finding]]:
    return job.html().encode("utf-8"), []


def render_pdf_file(job: RenderJob) -> tuple[bytes, list[Finding]]:
    return render_pdf(job.html(), job.location, job.pdf_variant)


def render_docx_file(job: RenderJob) -> tuple[bytes, list[Finding]]:
    return render_docx(job.document, job.provenance, job.templates), []


def render_typst_file(job: RenderJob) -> tuple[bytes, list[Finding]]:
    return render_typst_pdf(job.document, job.provenance, job.templates)


def render_xlsx_file(job: RenderJob) -> tuple[bytes | None, list[Finding]]:
    return render_tables_xlsx(job.document, job.provenance), []
