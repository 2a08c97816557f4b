"""Benchmark of a whole county: validate, full build, no-change rebuild, one unit changed.

    python bench/bench_county.py [--units 200] [--jobs 2] [--seed 1]
                                 [--formats html,pdf,docx] [--pdf-engine typst|weasyprint]

Generates a synthetic county (bench/make_county.py), then times the `docgen` command as a user runs
it (wall time, interpreter start included). While a build runs, every process under it is sampled
every 50 ms for its peak resident memory (VmHWM in /proc), so the figure per worker is the largest
any worker reached, and for the CPU time the kernel counts it (user + system, in /proc): the
machine may be shared, so CPU seconds are printed beside wall seconds. Every format docgen makes by
default unless --formats says otherwise. Targets: full build ≤ 45 s, no change ≤ 1 s, one unit
changed ≤ 3 s (in the largest department ≤ 2 s), validate ≤ 2 s, ≤ 400 MB per worker (the largest
department's document; unit documents alone: ≤ 250 MB, see bench_pages.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from make_county import make_county
from pypdf import PdfReader

DOCGEN = [sys.executable, "-m", "docgen"]
TARGETS = {
    "validate": 2.0,
    "full build": 45.0,
    "no change": 1.0,
    "one unit changed": 3.0,
    "… in the largest department": 2.0,
}
WORKER_MB = 400


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def descendants(root: int) -> set[int]:
    """Every process under `root`."""
    found, stack = set(), [root]
    while stack:
        for child in children(stack.pop()):
            found.add(child)
            stack.append(child)
    return found


def peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


TICKS = os.sysconf("SC_CLK_TCK")


def stat_fields(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (none when the process is gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


@dataclass
class Run:
    """One command: wall and CPU seconds, and the peak memory (KB) of its processes by role."""

    seconds: float = 0.0
    code: int = 0
    cpu: dict[int, float] = field(default_factory=dict)  # pid → user + system seconds
    peaks: dict[int, int] = field(default_factory=dict)  # pid → VmHWM
    parents: dict[int, int] = field(default_factory=dict)  # pid → its parent

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())

    def workers(self, root: int) -> list[int]:
        """Peaks of the worker processes in the order they started: the fork server's children
        (with one job, docgen renders in its own process, which is then the worker). The
        departments are rendered first, so the workers that rendered them come first."""
        servers = {pid for pid, parent in self.parents.items() if parent == root}
        found = [kb for pid, kb in self.peaks.items() if self.parents.get(pid) in servers]
        return found or [self.peaks.get(root, 0)]


def timed(args: list[str]) -> tuple[Run, int]:
    """Run `docgen ARGS`, sampling every 50 ms the CPU time (the last reading of each process)
    and peak memory of every process under it: the machine may be shared, and CPU time is what
    the command itself costs."""
    start = time.perf_counter()
    process = subprocess.Popen(DOCGEN + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run = Run()
    while process.poll() is None:
        for pid in {process.pid, *descendants(process.pid)}:
            fields = stat_fields(pid)
            if fields:
                # its parent when first seen: once docgen exits, the fork server is init's
                run.parents.setdefault(pid, int(fields[1]))
                used = (int(fields[11]) + int(fields[12])) / TICKS
                run.cpu[pid] = max(run.cpu.get(pid, 0.0), used)
                run.peaks[pid] = max(run.peaks.get(pid, 0), peak_kb(pid))
        time.sleep(0.05)
    run.seconds = time.perf_counter() - start
    run.code = process.returncode
    return run, process.pid


def department_sizes(county: Path) -> dict[Path, int]:
    """Each department folder and the number of unit files in it."""
    return {
        folder.parent: sum(1 for _ in folder.parent.glob("[0-9]*.yaml"))
        for folder in sorted(county.glob("*/department.yaml"))
    }


def change_one_unit(folder: Path) -> Path:
    """Edit one unit's free text, as an officer correcting a sentence would."""
    unit = sorted(folder.glob("[0-9]*.yaml"))[0]
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("other_matters: ", "other_matters: 另：", 1), encoding="utf-8")
    return unit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", help="comma-separated (default: docgen's, every format)")
    parser.add_argument("--pdf-engine", default="typst", choices=("typst", "weasyprint"))
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    county, out = work / "county", work / "out"
    sources = make_county(county, options.units, options.seed)
    documents = sum(1 for path in sources if path.name != "county.yaml")
    print(
        f"county: {options.units} units, {documents} documents, {os.cpu_count()} cores, "
        f"{options.jobs} workers, formats {options.formats or 'all'}, "
        f"PDF by {options.pdf_engine}"
    )
    build = ["build-all", str(county), "-o", str(out), "-j", str(options.jobs), "--lang", "en"]
    build += ["--pdf-engine", options.pdf_engine]
    build += ["-f", options.formats] if options.formats else []

    runs: dict[str, Run] = {}
    runs["validate"], _ = timed(["validate", "--lang", "en", str(county)])
    assert runs["validate"].code == 0, "the synthetic county should validate clean"
    runs["full build"], root = timed(build)
    assert runs["full build"].code == 0, f"full build failed (exit {runs['full build'].code})"
    runs["no change"], _ = timed(build)
    sizes = department_sizes(county)
    smallest = min(sizes, key=lambda folder: sizes[folder])
    largest = max(sizes, key=lambda folder: sizes[folder])
    change_one_unit(smallest)
    runs["one unit changed"], _ = timed(build)
    change_one_unit(largest)
    runs["… in the largest department"], _ = timed(build)

    for name, run in runs.items():
        verdict = "met" if run.seconds <= TARGETS[name] else "NOT met"
        print(
            f"{name:>28}: {run.seconds:7.2f} s wall, {run.cpu_seconds:6.1f} s CPU  "
            f"(target ≤ {TARGETS[name]:g} s wall: {verdict})"
        )
    full = runs["full build"]
    pages = sum(len(PdfReader(path).pages) for path in out.glob("*/*.pdf"))
    per_page = (
        f"{full.cpu_seconds * 1000 / pages:.1f} ms of CPU per page, every format"
        if pages
        else "no PDF made"
    )
    print(
        f"{'throughput':>28}: {documents / full.seconds:7.2f} documents/s, "
        f"{pages / full.seconds:.1f} PDF pages/s ({pages} pages); {per_page}"
    )
    print(
        f"{'CPU of the full build':>28}: {full.cpu_seconds:7.1f} s (every process, user + system):"
        f" {full.cpu.get(root, 0.0):.1f} s in docgen's own process, "
        f"{full.cpu_seconds - full.cpu.get(root, 0.0):.1f} s in its workers"
    )
    workers = full.workers(root)
    peak = max(workers) / 1024
    verdict = "met" if peak <= WORKER_MB else "NOT met"
    print(f"{'peak per worker':>28}: {peak:7.0f} MB  (target ≤ {WORKER_MB} MB: {verdict})")
    print(f"{'workers, as they started':>28}: {', '.join(f'{kb / 1024:.0f}' for kb in workers)} MB")
    print(f"{'docgen own process':>28}: {full.peaks.get(root, 0) / 1024:7.0f} MB")
    print(f"{'departments changed':>28}: {sizes[smallest]} and {sizes[largest]} units")
    print(f"outputs in {out}")


if __name__ == "__main__":
    main()
