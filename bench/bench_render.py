"""Render benchmark (run by hand): time per format for the seed-000 unit, cold and warm, peak
memory, and LibreOffice converting docgen's own DOCX to PDF for comparison.

    .venv/bin/python bench/bench_render.py [SOURCE] [--runs N]

Cold = a fresh process (imports, font configuration, template compilation included); warm = the
median of N more renders in the same process, as a batch worker sees it. Both PDF engines are
timed (WeasyPrint from the HTML page, Typst from the document model). Then the whole command,
`docgen build SOURCE -f html,pdf,docx --pdf-engine typst` in a fresh process, against
LibreOffice converting the DOCX it wrote (`soffice --headless --convert-to pdf`), in turns, the
ratio taken pair by pair: the target is at most 0.5. LibreOffice is installed with
`apt-get install -y --no-install-recommends libreoffice-writer` when missing.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO / "sample_data" / "323005.yaml"


def ensure_soffice() -> str | None:
    if shutil.which("soffice") is None:
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "libreoffice-writer"],
            check=False,
            stdout=subprocess.DEVNULL,
        )
    return shutil.which("soffice")


def cold_run(source: Path) -> dict[str, float]:
    """One render of every format in a fresh interpreter; its timings as printed by itself."""
    code = f"""
import time
t0 = time.perf_counter()
from pathlib import Path
from docgen.check import check
from docgen.render.html import render_html
from docgen.render.pdf import render_pdf
from docgen.render.docx import render_docx
from docgen.render.typst import render_typst_pdf
from docgen.render.fonts import check_font_coverage
from docgen.provenance import ProvenanceReader
t1 = time.perf_counter()
checked = check([Path({str(source)!r})]); doc = checked.documents[0].document()
stamp = ProvenanceReader().of([Path({str(source)!r})])
t2 = time.perf_counter(); check_font_coverage(doc); t3 = time.perf_counter()
html = render_html(doc, stamp); t4 = time.perf_counter()
render_pdf(html, doc.source_loc); t5 = time.perf_counter()
render_docx(doc, stamp); t6 = time.perf_counter()
render_typst_pdf(doc, stamp); t7 = time.perf_counter()
print(t1-t0, t2-t1, t3-t2, t4-t3, t5-t4, t6-t5, t7-t6)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    values = [float(v) for v in out.stdout.split()]
    keys = ("import", "check+document", "fonts", "html", "pdf", "docx", "typst pdf")
    return dict(zip(keys, values, strict=True))


def warm_runs(source: Path, runs: int) -> tuple[dict[str, float], Path, int]:
    from docgen.check import check  # noqa: PLC0415
    from docgen.provenance import ProvenanceReader  # noqa: PLC0415
    from docgen.render.docx import render_docx  # noqa: PLC0415
    from docgen.render.fonts import check_font_coverage  # noqa: PLC0415
    from docgen.render.html import render_html  # noqa: PLC0415
    from docgen.render.pdf import render_pdf  # noqa: PLC0415
    from docgen.render.typst import render_typst_pdf  # noqa: PLC0415

    keys = ("fonts", "html", "pdf", "docx", "typst pdf")
    timings: dict[str, list[float]] = {key: [] for key in keys}
    document = check([source]).documents[0].document()
    stamp = ProvenanceReader().of([source])
    data = b""
    pages = 0
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        check_font_coverage(document)
        t1 = time.perf_counter()
        html = render_html(document, stamp)
        t2 = time.perf_counter()
        pdf, _ = render_pdf(html, document.source_loc)  # type: ignore[arg-type]
        t3 = time.perf_counter()
        data = render_docx(document, stamp)
        t4 = time.perf_counter()
        render_typst_pdf(document, stamp)
        t5 = time.perf_counter()
        steps = (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)
        for key, value in zip(timings, steps, strict=True):
            timings[key].append(value)
        pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
    folder = Path(tempfile.mkdtemp())
    docx_path = folder / "unit.docx"
    docx_path.write_bytes(data)
    return {k: statistics.median(v[1:]) for k, v in timings.items()}, docx_path, pages


def soffice_seconds(soffice: str, docx_path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [
                soffice,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(docx_path.parent),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_seconds(source: Path, out: Path) -> float:
    """Wall seconds of `docgen build` in a fresh process, every format, the PDF by Typst."""
    command = [sys.executable, "-m", "docgen", "build", str(source), "-o", str(out)]
    command += ["-f", "html,pdf,docx", "--pdf-engine", "typst"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def build_against_libreoffice(source: Path, soffice: str, runs: int) -> list[tuple[float, float]]:
    """(docgen, LibreOffice) wall seconds, in turns: the build, then LibreOffice converting the
    DOCX that build wrote."""
    out = Path(tempfile.mkdtemp())
    build_seconds(source, out)  # the first run warms the disk cache for both
    docx_path = next(out.glob("*/*.docx"))
    soffice_seconds(soffice, docx_path, 1)  # its first start builds a user profile
    return [
        (build_seconds(source, out), soffice_seconds(soffice, docx_path, 1)) for _ in range(runs)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cold = cold_run(args.source)
    warm, docx_path, _ = warm_runs(args.source, args.runs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"source: {args.source}")
    print("cold (fresh process, seconds): " + ", ".join(f"{k} {v:.2f}" for k, v in cold.items()))
    cold_formats = cold["fonts"] + cold["html"] + cold["pdf"] + cold["docx"]
    print(f"cold, all three formats, WeasyPrint (after imports): {cold_formats:.2f} s")
    print("warm (median, seconds): " + ", ".join(f"{k} {v:.3f}" for k, v in warm.items()))
    weasyprint = warm["fonts"] + warm["html"] + warm["pdf"] + warm["docx"]
    typst = warm["fonts"] + warm["html"] + warm["typst pdf"] + warm["docx"]
    print(f"warm, all three formats: WeasyPrint {weasyprint:.2f} s, Typst {typst:.2f} s")
    print(f"peak memory (this process): {peak_mb:.0f} MB")
    soffice = ensure_soffice()
    if soffice is None:
        print("LibreOffice: not available")
        return
    soffice_seconds(soffice, docx_path, 1)  # its first start builds a user profile
    seconds = soffice_seconds(soffice, docx_path, args.runs)
    print(f"LibreOffice DOCX → PDF of the same document (median): {seconds:.2f} s")
    pairs = build_against_libreoffice(args.source, soffice, args.runs)
    ratios = [build / office for build, office in pairs]
    print(
        f"docgen build, all three formats, Typst PDF, fresh process (median): "
        f"{statistics.median(b for b, _ in pairs):.2f} s against LibreOffice's "
        f"{statistics.median(o for _, o in pairs):.2f} s: ratio {statistics.median(ratios):.2f} "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f}; target ≤ 0.5)"
    )


if __name__ == "__main__":
    main()
