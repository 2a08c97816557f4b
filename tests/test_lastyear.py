"""Last year's comparison figures read from last year's source (a path or a git revision)."""

from __future__ import annotations

import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import git

from docgen.batch.run import build_county
from docgen.batch.workers import Settings
from docgen.check import check
from docgen.checked import CheckedUnit
from docgen.findings import Finding

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from make_county import make_county

UNIT = "101/101001.yaml"


def this_year(last_year: str, source: str) -> str:
    """The 2020 unit carried into 2021 unchanged, naming `source` for last year's figures."""
    text = last_year.replace("year: 2020", "year: 2021", 1).replace('"13109920', '"13109921')
    text = re.sub(
        r"last_year:\n  basic: .*\n  projects: .*\n  total: .*\n",
        f'last_year:\n  source: "{source}"\n',
        text,
    )
    text = re.sub(r"\n  last_year: \{overseas.*\}", "", text)  # the 三公 too come from the source
    return re.sub(
        r"(\n    (?:total|overseas|vehicles|reception)): \{word: [^,]+, amount: [0-9.]+\}",
        r"\1: {word: 持平, amount: 0.00}",
        text,
    )


@pytest.fixture
def years(tmp_path: Path) -> tuple[Path, Path]:
    """A unit's 2020 source, and its 2021 source naming it."""
    make_county(tmp_path / "y2020", 1, seed=3, year=2020)
    previous = tmp_path / "y2020" / UNIT
    current = tmp_path / "y2021" / UNIT
    current.parent.mkdir(parents=True)
    current.write_text(
        this_year(previous.read_text(encoding="utf-8"), "../../y2020/101/101001.yaml"),
        encoding="utf-8",
    )
    return previous, current


def checked_unit(path: Path) -> tuple[CheckedUnit, list[Finding]]:
    checked = check([path])
    unit = checked.documents[0]
    assert isinstance(unit, CheckedUnit)
    return unit, checked.findings


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


def test_the_comparison_is_computed_from_last_years_source(years: tuple[Path, Path]) -> None:
    previous, current = years
    before, _ = checked_unit(previous)
    now, findings = checked_unit(current)
    assert findings == []
    last = now.unit.last_year
    assert last is not None
    assert last.basic.value == before.figures.basic
    assert last.projects.value == before.figures.projects_total
    source_line = line_of(current, '  source: "../../y2020/101/101001.yaml"')
    assert last.basic.loc.line == source_line  # a finding about it points at `source`
    change = now.figures.changes["total"]
    assert (change.previous, change.delta, change.word) == (
        before.figures.expenditure_total,
        Decimal(0),
        "持平",
    )
    assert now.figures.three_public is not None and before.figures.three_public is not None
    assert now.figures.three_public.previous == before.figures.three_public.items


def test_a_typed_figure_must_agree_with_the_source(years: tuple[Path, Path]) -> None:
    previous, current = years
    before, _ = checked_unit(previous)
    assert before.figures.basic is not None
    wrong = before.figures.basic + Decimal("0.01")
    text = current.read_text(encoding="utf-8")
    current.write_text(
        text.replace("  source: ", f"  basic: {wrong}\n  source: ", 1), encoding="utf-8"
    )
    _, findings = checked_unit(current)
    assert [(f.code, f.location.line) for f in findings] == [
        ("last-year-source-mismatch", line_of(current, f"  basic: {wrong}"))
    ]
    assert findings[0].args["read"] == str(before.figures.basic)


def test_last_year_from_an_earlier_commit(tmp_path: Path) -> None:
    """The usual way: last year's file is the same file, one commit back."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    make_county(tmp_path / "county", 1, seed=3, year=2020)
    unit = tmp_path / "county" / UNIT
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "2020年预算"]):
        git(tmp_path / "county", *command)
    before, _ = checked_unit(unit)
    unit.write_text(this_year(unit.read_text(encoding="utf-8"), "HEAD:101001.yaml"), "utf-8")
    now, findings = checked_unit(unit)
    assert findings == []
    assert now.figures.changes["total"].previous == before.figures.expenditure_total
    assert now.last_year_digest is not None


def test_an_unreadable_source_is_an_error_at_its_line(years: tuple[Path, Path]) -> None:
    _, current = years
    text = current.read_text(encoding="utf-8")
    current.write_text(text.replace("../../y2020/", "../../y2019/", 1), encoding="utf-8")
    _, findings = checked_unit(current)
    assert [(f.code, f.location.line) for f in findings] == [
        ("last-year-source-unreadable", line_of(current, '  source: "../../y2019/101/101001.yaml"'))
    ]


def test_without_a_source_the_figures_must_be_written(years: tuple[Path, Path]) -> None:
    _, current = years
    text = re.sub(r"  source: .*\n", "", current.read_text(encoding="utf-8"), count=1)
    # with neither a source nor changes stated on their own, last year's figures are needed
    text = re.sub(r"(last_year:\n(?:  .*\n)*?)  stated_changes:\n(?:    .*\n)+", r"\1", text)
    current.write_text(text, encoding="utf-8")
    checked = check([current])
    codes = {(f.code, f.args.get("key", "")) for f in checked.findings}
    assert {("schema-required", "basic"), ("schema-required", "projects")} <= codes


def test_a_batch_rebuilds_when_last_years_source_changes(
    years: tuple[Path, Path], tmp_path: Path
) -> None:
    previous, current = years
    settings = Settings(tmp_path / "out", ("html",))
    assert {o.status for o in build_county(current.parent.parent, settings).outcomes} == {"built"}
    again = build_county(current.parent.parent, settings)
    assert {o.status for o in again.outcomes} == {"skipped"}
    text = previous.read_text(encoding="utf-8")
    previous.write_text(text.replace("other_matters: ", "other_matters: 另：", 1), "utf-8")
    after = build_county(current.parent.parent, settings)
    assert {o.name: o.status for o in after.outcomes} == {"101001-2021": "built"}
