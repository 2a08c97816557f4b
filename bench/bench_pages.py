"""Warm PDF cost per page (run by hand): different documents one after another in one process,
as a batch worker renders them, in CPU milliseconds per PDF page, for each engine.

    .venv/bin/python bench/bench_pages.py [--engine typst|weasyprint] [--units 60] [--seed 1]

A synthetic county (bench/make_county.py) is written to a temporary folder. One process renders,
after one document to warm it up (imports, fonts, templates), the seed unit
(`sample_data/323005.yaml`), the county's largest department and then every other document of
the county, each once: no document is rendered twice, so nothing is served from a cache of the
same document. CPU time is the process's own (user + system, `time.process_time`), the PDF
alone (no HTML or DOCX, no font coverage check); the peak resident memory is the process's
after all of them (`resource`). One engine per process, so that neither's memory counts for
the other. Target: at most 5 ms of CPU per page, warm.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from make_county import make_county
from pypdf import PdfReader

from docgen.check import check
from docgen.document import Document
from docgen.provenance import ProvenanceReader
from docgen.render import RENDERERS, RenderJob
from docgen.terms import Format

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "sample_data" / "323005.yaml"
WARM_UP = REPO / "sample_data" / "323" / "department.yaml"
TARGET_MS = 5.0

Render = Callable[[RenderJob], tuple[bytes, list[object]]]


def documents(paths: list[Path]) -> list[tuple[str, Document, list[Path]]]:
    """(slug, document, its source files) of every document under `paths`, in their order."""
    found = []
    for checked in check(paths).documents:
        found.append((checked.slug, checked.document(), list(checked.paths)))
    return found


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def render_once(render: Render, document: Document, files: list[Path]) -> tuple[float, int]:
    """CPU seconds of one PDF, and its pages."""
    job = RenderJob(document, ProvenanceReader().of(files))
    if render.__name__ == "render_pdf_file":
        job.html()  # WeasyPrint's PDF is laid out from the HTML page: made before the clock
    start = time.process_time()
    pdf, findings = render(job)
    seconds = time.process_time() - start
    assert pdf and not findings, findings
    return seconds, page_count(pdf)


def render_all(
    engine: str, render: Render, ordered: list[tuple[str, Document, list[Path]]], what: str
) -> tuple[float, int]:
    """Render each document once; print the first one's figures and the whole run's."""
    total_seconds, total_pages = 0.0, 0
    for number, (slug, document, files) in enumerate(ordered):
        seconds, pages = render_once(render, document, files)
        total_seconds += seconds
        total_pages += pages
        if number == 0:
            print(
                f"{engine}: {slug}: {pages} pages, {seconds * 1000:.0f} ms CPU, "
                f"{seconds * 1000 / pages:.1f} ms/page"
            )
    per_page = total_seconds * 1000 / total_pages
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{engine}: {what}: {len(ordered)} documents, {total_pages} pages, "
        f"{total_seconds:.1f} s CPU, {per_page:.1f} ms/page; peak memory so far {peak:.0f} MB"
    )
    return total_seconds, total_pages


def measure(engine: str, county: Path) -> None:
    """The units first (the seed, then the county's), then the departments (the largest
    first): the peak memory after the units is a worker's over unit-sized documents."""
    render: Render = RENDERERS[Format.pdf][engine].load()  # type: ignore[assignment]
    for slug, document, files in documents([WARM_UP]):
        render_once(render, document, files)
        print(f"{engine}: warmed up on {slug}")
    every = documents([county])
    units = [item for item in every if item[1].kind == "unit"]
    departments = sorted(
        (item for item in every if item[1].kind != "unit"),
        key=lambda item: -len(item[1].strings()),
    )
    unit_cost = render_all(engine, render, documents([SEED]) + units, "units")
    department_cost = render_all(engine, render, departments, "departments")
    seconds, pages = (a + b for a, b in zip(unit_cost, department_cost, strict=True))
    per_page = seconds * 1000 / pages
    verdict = "met" if per_page <= TARGET_MS else "NOT met"
    print(
        f"{engine}: all {pages} pages: {per_page:.1f} ms of CPU per page "
        f"(target ≤ {TARGET_MS:g}: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--engine", choices=("typst", "weasyprint"), default="typst")
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    county = Path(tempfile.mkdtemp(prefix="docgen-pages-")) / "county"
    make_county(county, options.units, options.seed)
    measure(options.engine, county)


if __name__ == "__main__":
    sys.exit(main())
