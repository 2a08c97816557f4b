"""Print the mutation score of each module `make mutation` ran, from what mutmut left in mutants/.

mutmut keeps one `mutants/<module>.meta` (JSON) per mutated file, with each mutant's exit code;
its own `mutmut results` lists survivors but gives no score per module. Run from the repository
root after `mutmut run`: `python tools/mutation_score.py docgen/write.py …` (no argument: every
module that has results). Exit status 0; the score is for reading, not a gate.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

MUTANTS = Path("mutants")
KILLED = ("killed", "timeout", "caught by type check")  # the tests (or mypy) noticed the mutant
COLUMNS = ("killed", "survived", "no tests", "timeout", "not checked", "other")


def count_statuses(module: Path) -> Counter[str]:
    meta = MUTANTS / f"{module}.meta"
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    counts: Counter[str] = Counter()
    for code in codes.values():
        status = status_by_exit_code[code]
        counts[status if status in COLUMNS else "other"] += 1
    return counts


def score_of(counts: Counter[str]) -> str:
    tried = sum(counts.values()) - counts["not checked"]
    if not tried:
        return "—"
    noticed = sum(counts[s] for s in KILLED if s in counts)
    return f"{100 * noticed / tried:.1f}%"


def main(modules: list[str]) -> None:
    paths = [Path(m) for m in modules] or sorted(
        meta.relative_to(MUTANTS).with_suffix("") for meta in MUTANTS.rglob("*.py.meta")
    )
    print(f"{'module':<30}" + "".join(f"{c:>12}" for c in COLUMNS) + f"{'score':>9}")
    for path in paths:
        if not (MUTANTS / f"{path}.meta").exists():
            print(f"{path!s:<30}  not run")
            continue
        counts = count_statuses(path)
        cells = "".join(f"{counts[c]:>12}" for c in COLUMNS)
        print(f"{path!s:<30}{cells}{score_of(counts):>9}")


if __name__ == "__main__":
    main(sys.argv[1:])
