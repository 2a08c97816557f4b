"""A mutation corpus: the sample sources broken mechanically, in every way a hand-edited file
breaks, and docgen must never crash, never leave a finding unlocated, catch every changed
figure, and never write a partial file.

Seeded. The default corpus runs in CI; `DOCGEN_MUTANTS=5000 pytest tests/test_mutations.py -s`
runs a larger one and prints the counts.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import REPO

from docgen.build import render_source
from docgen.check import check
from docgen.findings import Finding
from docgen.provenance import ProvenanceReader

SEED = 20211124
MUTANTS = int(os.environ.get("DOCGEN_MUTANTS", "360"))
BUILD_EVERY = 12  # render every twelfth mutant that still checks (HTML and DOCX)
SOURCES = ("323005.yaml", "323/323001.yaml", "323/department.yaml")

KEY_LINE = re.compile(r"^(\s*)(- )?([a-z_0-9]+):(.*)$")
# Money a stated sum or identity covers: changing it by a cent must be caught.
MONEY_LINE = re.compile(
    r"^\s*(- )?(general_budget|government_fund|fiscal_special_account|unit_funds|carryover|"
    r"personnel|public|basic|projects|fiscal|other|amount|total|basic_total): (\d+\.\d\d)\s*$"
)
AMOUNT_VALUE = re.compile(r": (\d+\.\d\d)\b")
TEXT_LINE = re.compile(r"^\s*(- )?(name|purpose|description|responsibilities|goal|title): \S")
PLAN_LINE = re.compile(r"spending_plan: \{march: ([\d.]+|null), june: ([\d.]+|null)")
LEVEL1 = re.compile(r"level1: (产出指标|效益指标|满意度指标)")


@dataclass(frozen=True)
class Mutant:
    operator: str
    source: str  # which sample file was mutated
    text: str
    line: int  # the line changed (1-based), 0 when the change is not on one line
    exact: bool  # an error must stand on exactly that line
    breaks: bool  # the change must produce an error somewhere in the file


Operator = Callable[[list[str], random.Random], tuple[list[str], int, bool, bool] | None]


def pick(lines: list[str], pattern: re.Pattern[str], rng: random.Random) -> int | None:
    found = [i for i, line in enumerate(lines) if pattern.search(line)]
    return rng.choice(found) if found else None


def section_of(lines: list[str], i: int) -> str:
    """The top-level key a line belongs to."""
    return next((line.split(":")[0] for line in reversed(lines[: i + 1]) if line[:1].isalpha()), "")


def pick_money(lines: list[str], rng: random.Random) -> int | None:
    """An amount some identity covers. 机关运行经费 is only bounded (≤ 公用经费, for
    administrative units), so a cent more there need not be an error."""
    found = [
        i
        for i, line in enumerate(lines)
        if MONEY_LINE.search(line) and section_of(lines, i) != "operating_costs"
    ]
    return rng.choice(found) if found else None


def delete_key(lines: list[str], rng: random.Random) -> tuple[list[str], int, bool, bool] | None:
    i = pick(lines, KEY_LINE, rng)
    return (lines[:i] + lines[i + 1 :], i + 1, False, False) if i is not None else None


def change_type(lines: list[str], rng: random.Random) -> tuple[list[str], int, bool, bool] | None:
    i = pick_money(lines, rng)
    if i is None:
        return None
    value = rng.choice(["[1, 2]", "{a: 1}", "true", "yes", '"十元"', "2021-01-01"])
    changed = AMOUNT_VALUE.sub(f": {value}", lines[i], count=1)
    return [*lines[:i], changed, *lines[i + 1 :]], i + 1, True, True


def off_by_a_cent(lines: list[str], rng: random.Random) -> tuple[list[str], int, bool, bool] | None:
    i = pick_money(lines, rng)
    if i is None:
        return None
    match = MONEY_LINE.match(lines[i])
    assert match is not None
    cents = rng.choice((1, -1)) if float(match.group(3)) > 0 else 1
    value = f"{(int(match.group(3).replace('.', '')) + cents) / 100:.2f}"
    changed = lines[i][: match.start(3)] + value + lines[i][match.end(3) :]
    return [*lines[:i], changed, *lines[i + 1 :]], i + 1, False, True


def duplicate_key(lines: list[str], rng: random.Random) -> tuple[list[str], int, bool, bool] | None:
    i = pick(lines, re.compile(r"^\s*[a-z_]+: \S"), rng)  # a key with its value on the line
    if i is None:
        return None
    return [*lines[: i + 1], lines[i], *lines[i + 1 :]], i + 2, True, True


def swap_levels(lines: list[str], rng: random.Random) -> tuple[list[str], int, bool, bool] | None:
    i = pick(lines, LEVEL1, rng)
    if i is None:
        return None
    current = LEVEL1.search(lines[i])
    assert current is not None
    other = rng.choice(
        [name for name in ("产出指标", "效益指标", "满意度指标") if name != current.group(1)]
    )
    changed = lines[i].replace(current.group(1), other, 1)
    return [*lines[:i], changed, *lines[i + 1 :]], i + 1, False, True


def empty_text(lines: list[str], rng: random.Random) -> tuple[list[str], int, bool, bool] | None:
    i = pick(lines, TEXT_LINE, rng)
    if i is None:
        return None
    key, _, _ = lines[i].partition(": ")
    return [*lines[:i], f'{key}: ""', *lines[i + 1 :]], i + 1, True, True


def reorder_plan(lines: list[str], rng: random.Random) -> tuple[list[str], int, bool, bool] | None:
    candidates = [
        i
        for i, line in enumerate(lines)
        if (m := PLAN_LINE.search(line)) and "null" not in m.groups() and m.group(1) != m.group(2)
    ]
    if not candidates:
        return None
    i = rng.choice(candidates)
    match = PLAN_LINE.search(lines[i])
    assert match is not None
    march, june = match.group(1), match.group(2)
    changed = lines[i].replace(f"march: {march}, june: {june}", f"march: {june}, june: {march}")
    return [*lines[:i], changed, *lines[i + 1 :]], i + 1, True, True


def break_syntax(lines: list[str], rng: random.Random) -> tuple[list[str], int, bool, bool] | None:
    i = rng.randrange(len(lines))
    at = rng.randrange(len(lines[i]) + 1)
    junk = rng.choice([":", "[", "{", '"', "'", "- ", "&a ", "*b ", "! ", "|", ">", "#", "%"])
    return [*lines[:i], lines[i][:at] + junk + lines[i][at:], *lines[i + 1 :]], i + 1, False, False


def tab_indent(lines: list[str], rng: random.Random) -> tuple[list[str], int, bool, bool] | None:
    i = pick(lines, re.compile(r"^  +\S"), rng)
    if i is None:
        return None
    return [*lines[:i], "\t" + lines[i].lstrip(" "), *lines[i + 1 :]], i + 1, True, True


def spreadsheet_number(
    lines: list[str], rng: random.Random
) -> tuple[list[str], int, bool, bool] | None:
    """An amount pasted from a spreadsheet or a Word table: full-width, with 元 after it (22.50万元
    is the figure a source in 万元 states, and in a source in 元 one printed only in 万元), or
    `，`."""
    i = pick_money(lines, rng)
    if i is None:
        return None
    match = AMOUNT_VALUE.search(lines[i])
    assert match is not None
    value = match.group(1)
    written = rng.choice(
        [
            value.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")),
            f"{value}元",
            value.replace(".", "，"),
        ]
    )
    changed = lines[i][: match.start(1)] + written + lines[i][match.end(1) :]
    return [*lines[:i], changed, *lines[i + 1 :]], i + 1, True, True


LINE_OPERATORS: dict[str, Operator] = {
    "delete-key": delete_key,
    "change-type": change_type,
    "off-by-a-cent": off_by_a_cent,
    "duplicate-key": duplicate_key,
    "swap-levels": swap_levels,
    "empty-text": empty_text,
    "reorder-plan": reorder_plan,
    "break-syntax": break_syntax,
    "tab-indent": tab_indent,
    "spreadsheet-number": spreadsheet_number,
}
WHOLE_FILE = ("truncate", "bom", "crlf")


def mutate(text: str, source: str, rng: random.Random) -> Mutant | None:
    operator = rng.choice([*LINE_OPERATORS, *WHOLE_FILE])
    if operator == "truncate":
        return Mutant(operator, source, text[: rng.randrange(len(text))], 0, False, False)
    if operator == "bom":
        return Mutant(operator, source, "\ufeff" + text, 0, False, False)
    if operator == "crlf":
        return Mutant(operator, source, text.replace("\n", "\r\n"), 0, False, False)
    result = LINE_OPERATORS[operator](text.split("\n"), rng)
    if result is None:
        return None
    lines, line, exact, breaks = result
    return Mutant(operator, source, "\n".join(lines), line, exact, breaks)


def corpus(count: int) -> list[Mutant]:
    rng = random.Random(SEED)
    texts = {s: (REPO / "sample_data" / s).read_text(encoding="utf-8") for s in SOURCES}
    mutants: list[Mutant] = []
    while len(mutants) < count:
        source = rng.choice(SOURCES)
        mutant = mutate(texts[source], source, rng)
        if mutant is not None and mutant.text != texts[source]:
            mutants.append(mutant)
    return mutants


def misplaced(findings: list[Finding], lines: dict[str, int]) -> list[Finding]:
    """Findings that do not point at a line of a file that was checked."""
    return [
        f
        for f in findings
        if f.location.file not in lines
        or not 1 <= f.location.line <= lines[f.location.file] + 1
        or f.location.column < 1
    ]


def test_the_mutation_corpus(tmp_path: Path) -> None:
    mutants = corpus(MUTANTS)
    counts: Counter[str] = Counter()
    problems: list[str] = []
    for number, mutant in enumerate(mutants):
        folder = tmp_path / f"m{number}"
        shutil.copytree(REPO / "sample_data" / "323", folder / "323")
        shutil.copy(REPO / "sample_data" / "323005.yaml", folder)
        target = folder / mutant.source
        target.write_bytes(mutant.text.encode("utf-8"))
        try:
            checked = check([target])
            findings = checked.findings
            counts["findings"] += len(findings)
            lines = {
                display: len(source.text.split("\n")) for display, source in checked.sources.items()
            }
            lines.setdefault(str(target), mutant.text.count("\n") + 1)
            for finding in misplaced(findings, lines):
                problems.append(f"{mutant.operator} {mutant.source}: unlocated {finding}")
            errors = [f for f in findings if f.is_error and f.location.file == str(target)]
            if mutant.breaks and not errors:
                problems.append(f"{mutant.operator} {mutant.source}:{mutant.line}: not caught")
            if mutant.exact and not any(f.location.line == mutant.line for f in errors):
                problems.append(
                    f"{mutant.operator} {mutant.source}:{mutant.line}: no error on that line "
                    f"({[(f.code, f.location.line) for f in errors]})"
                )
            if not any(f.is_error for f in findings) and number % BUILD_EVERY == 0:
                counts["built"] += 1
                out = folder / "out"
                stamp = ProvenanceReader()
                for document in checked.documents:
                    render_source(document, stamp.of([target]), out, ("html", "docx"))
                leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
                written = sorted(p.suffix for p in out.rglob("*.*"))
                if leftovers or written not in ([], [".docx", ".html"] * len(checked.documents)):
                    problems.append(
                        f"{mutant.operator}: outputs {written}, temporaries {leftovers}"
                    )
        except Exception as error:  # a crash is what this test exists to find
            counts["crashes"] += 1
            problems.append(f"{mutant.operator} {mutant.source}:{mutant.line}: {error!r}")
        counts["mutants"] += 1
        counts[mutant.operator] += 1
        shutil.rmtree(folder)
    print(f"\nmutation corpus: {dict(counts)}")
    assert counts["crashes"] == 0
    assert problems == []
