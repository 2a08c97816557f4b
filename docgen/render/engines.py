"""The registered renderers of HTML, DOCX and XLSX (see `docgen.render.RENDERERS`): each
format's function of a job. The PDF engines register theirs in their own modules
(`docgen.render.pdf`, `docgen.render.typst`), so that a document laid out by one never waits
for the other's library to load (WeasyPrint takes half a second).

Importing this module loads docxtpl, openpyxl and jinja2, which is why the registry names it
instead of importing it, and why a worker process preloads it.
"""

from __future__ import annotations

from docgen.findings import Finding
from docgen.render import RenderJob
from docgen.render.docx import render_docx
from docgen.render.xlsx import render_tables_xlsx


def render_html_file(job: RenderJob) -> tuple[bytes, list[Finding]]:
    return job.html().encode("utf-8"), []


def render_docx_file(job: RenderJob) -> tuple[bytes, list[Finding]]:
    return render_docx(job.document, job.provenance, job.templates), []


def render_xlsx_file(job: RenderJob) -> tuple[bytes | None, list[Finding]]:
    return render_tables_xlsx(job.document, job.provenance), []
