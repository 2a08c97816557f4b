"""Benchmark, run by hand: how long loading and checking a seed-sized unit takes.

    .venv/bin/python bench/bench_validate.py [SOURCE ...]

Prints, per source, the median of repeated runs for each stage: parsing the YAML into positioned
nodes, the JSON Schema, and the whole check (load, schema, model, compute, identities, lints).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from docgen.check import check
from docgen.source.load import read_source
from docgen.source.validate import validate_tree

REPEAT = 50
DEFAULT = [Path("sample_data/323005.yaml"), Path("sample_data/323/department.yaml")]


def median_ms(action: Callable[[], object]) -> float:
    action()  # warm: schema compiled, framework read
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(paths: list[Path]) -> None:
    print(f"{'source':40} {'bytes':>8} {'load ms':>8} {'schema ms':>10} {'check ms':>9}")
    for path in paths:
        source, _ = read_source(path)
        assert source is not None and source.root is not None
        root = source.root
        load = median_ms(lambda p=path: read_source(p))
        schema = median_ms(lambda r=root: validate_tree(r))
        checking = median_ms(lambda p=path: check([p]))
        print(f"{path!s:40} {path.stat().st_size:>8} {load:>8.2f} {schema:>10.2f} {checking:>9.2f}")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or DEFAULT)
