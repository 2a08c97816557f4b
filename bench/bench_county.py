"""Benchmark of a whole county: validate, full build, no-change rebuild, one unit changed.

    python bench/bench_county.py [--units 200] [--jobs 2] [--seed 1]

Generates a synthetic county (bench/make_county.py), then times the `docgen` command as a user
runs it (wall time, interpreter start included). While a build runs, every process under it is
sampled for its peak resident memory (VmHWM in /proc), so the figure per worker is the largest
any worker reached. Targets: full build ≤ 60 s, no change ≤ 1 s, one unit changed ≤ 3 s,
validate ≤ 2 s, ≤ 250 MB per worker.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_county import make_county
from pypdf import PdfReader

DOCGEN = [sys.executable, "-m", "docgen"]
TARGETS = {
    "validate": 2.0,
    "full build": 60.0,
    "no change": 1.0,
    "one unit changed": 3.0,
    "… in the largest department": 3.0,
}
WORKER_MB = 250


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


def timed(args: list[str]) -> tuple[float, dict[int, int], int]:
    """Wall seconds, the peak memory (KB) of each process under the command, its exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(DOCGEN + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks: dict[int, int] = {}
    while process.poll() is None:
        for pid in descendants(process.pid):
            peaks[pid] = max(peaks.get(pid, 0), peak_kb(pid))
        time.sleep(0.05)
    return time.perf_counter() - start, peaks, process.returncode


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
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    county, out = work / "county", work / "out"
    sources = make_county(county, options.units, options.seed)
    documents = sum(1 for path in sources if path.name != "county.yaml")
    print(f"county: {options.units} units, {documents} documents, {os.cpu_count()} cores")
    build = ["build-all", str(county), "-o", str(out), "-j", str(options.jobs), "--lang", "en"]

    results: dict[str, float] = {}
    results["validate"], _, code = timed(["validate", "--lang", "en", str(county)])
    assert code == 0, "the synthetic county should validate clean"
    results["full build"], peaks, code = timed(build)
    assert code == 0, f"full build failed (exit {code})"
    results["no change"], _, _ = timed(build)
    sizes = department_sizes(county)
    smallest = min(sizes, key=lambda folder: sizes[folder])
    largest = max(sizes, key=lambda folder: sizes[folder])
    change_one_unit(smallest)
    results["one unit changed"], _, _ = timed(build)
    change_one_unit(largest)
    results["… in the largest department"], _, _ = timed(build)

    for name, seconds in results.items():
        verdict = "met" if seconds <= TARGETS[name] else "NOT met"
        print(f"{name:>28}: {seconds:7.2f} s  (target ≤ {TARGETS[name]:g} s: {verdict})")
    pages = sum(len(PdfReader(path).pages) for path in out.glob("*/*.pdf"))
    print(
        f"{'throughput':>28}: {documents / results['full build']:7.2f} documents/s, "
        f"{pages / results['full build']:.1f} PDF pages/s ({pages} pages)"
    )
    workers = sorted(peaks.values(), reverse=True)[: options.jobs + 1]
    peak = workers[0] / 1024 if workers else 0.0
    verdict = "met" if peak <= WORKER_MB else "NOT met"
    print(f"{'peak per worker':>28}: {peak:7.0f} MB  (target ≤ {WORKER_MB} MB: {verdict})")
    print(f"{'largest processes':>28}: {', '.join(f'{kb / 1024:.0f} MB' for kb in workers)}")
    print(f"{'departments changed':>28}: {sizes[smallest]} and {sizes[largest]} units")
    print(f"outputs in {out}")


if __name__ == "__main__":
    main()
