"""Checked documents answer for themselves, and one `check` serves every command.

`validate`, `build`, `build-all` and `diff` read a folder through the same `docgen.check.check`,
so they report the same findings for it; a department's files include a unit file it names that
could not be read; the batch renders departments first; last year's source is read the way every
source is, so it is invalid exactly when it would be on its own.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from conftest import edit
from typer.testing import CliRunner

from docgen.batch.run import build_county
from docgen.batch.workers import Settings
from docgen.build import blocking_findings, build_source
from docgen.check import check
from docgen.checked import CheckedDepartment
from docgen.cli import app
from docgen.findings import Finding
from docgen.history.diff import diff_paths

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from make_county import make_county
from test_lastyear import this_year

Row = tuple[str, str, int, int]
FINDING_LINE = re.compile(r"^(\S+):(\d+):(\d+): \w+\[([a-z0-9-]+)\]", re.MULTILINE)


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """Six units in departments of 3, 2 and 1, every identity holding."""
    folder = tmp_path / "county"
    make_county(folder, 6, seed=1)
    return folder


def rows(findings: list[Finding]) -> set[Row]:
    return {(f.code, f.location.file, f.location.line, f.location.column) for f in findings}


def departments(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/department.yaml"))


def units_of(department: Path) -> list[Path]:
    return sorted(p for p in department.parent.glob("*.yaml") if p.name != "department.yaml")


def slug(path: Path) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    info = data["unit"] if data["kind"] == "unit" else data["department"]
    return f"{info['code']}-{data['year']}"


def test_validate_build_build_all_and_diff_report_the_same_findings(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(county.parent)
    folder = Path(county.name)
    lone = units_of(departments(folder)[0])[0]
    edit(lone.parent / "department.yaml", f'  - "{lone.name}"\n', "")  # an orphan, across files
    broken = units_of(departments(folder)[-1])[0]
    edit(broken, "fiscal: ", "fiscal: 1")  # a sum that no longer holds, in one file
    runner = CliRunner()

    report = runner.invoke(app, ["validate", "--format", "json", "-j", "2", str(folder)])
    validated = {
        (f["code"], f["file"], f["line"], f["column"])
        for f in json.loads(report.stdout)["findings"]
    }
    built = runner.invoke(
        app, ["build", "--formats", "html", "--lang", "en", "-o", "out-build", str(folder)]
    )
    from_build = {
        (code, file, int(line), int(column))
        for file, line, column, code in FINDING_LINE.findall(built.stdout)
    }
    batch = build_county(folder, Settings(Path("out-batch"), ("html",)))
    _, _, new = diff_paths(str(folder), str(folder))

    assert {"county-unit-orphan", "sum-mismatch"} <= {row[0] for row in validated}
    assert (report.exit_code, built.exit_code) == (1, 1)
    assert from_build == validated
    assert rows(batch.findings) == validated
    assert rows(new.findings) == validated


def test_a_department_is_made_from_a_unit_file_that_could_not_be_read(county: Path) -> None:
    department = departments(county)[0]
    unreadable = units_of(department)[-1]
    unreadable.write_text("kind: [unit\n", encoding="utf-8")
    checked = check([department])
    made = [d for d in checked.documents if isinstance(d, CheckedDepartment)]
    assert len(made) == 1
    assert str(unreadable) in made[0].files
    read = {Path(unit.unit.display).name for unit in made[0].units}
    assert read == {path.name for path in units_of(department)} - {unreadable.name}
    stopping = blocking_findings(made[0], checked.findings)
    assert [(Path(f.location.file).name, f.code) for f in stopping] == [
        (unreadable.name, "yaml-bracket-unclosed")
    ]


def test_a_department_whose_unit_file_is_unreadable_is_not_built(
    county: Path, tmp_path: Path
) -> None:
    department = departments(county)[0]
    units_of(department)[-1].write_text("kind: [unit\n", encoding="utf-8")
    checked = check([department])
    made = next(d for d in checked.documents if isinstance(d, CheckedDepartment))
    result = build_source(made, checked, tmp_path / "out", ("html",))
    assert (result.name, result.files) == (slug(department), ())
    assert not (tmp_path / "out" / slug(department)).exists()


class Recorder:
    def __init__(self) -> None:
        self.begun: list[str] = []

    def start(self, total: int) -> None:
        pass

    def begin(self, name: str) -> None:
        self.begun.append(name.split(maxsplit=1)[0])

    def end(self, name: str, ok: bool) -> None:
        pass


def test_the_batch_renders_departments_first(county: Path, tmp_path: Path) -> None:
    recorder = Recorder()
    build_county(county, Settings(tmp_path / "out", ("html",)), recorder)
    wanted = {slug(path) for path in departments(county)}
    assert len(recorder.begun) == 9
    assert set(recorder.begun[:3]) == wanted
    assert not wanted & set(recorder.begun[3:])


def test_last_years_source_is_read_as_every_source_is(tmp_path: Path) -> None:
    make_county(tmp_path / "y2020", 1, seed=3, year=2020)
    previous = tmp_path / "y2020" / "101" / "101001.yaml"
    current = tmp_path / "y2021" / "101" / "101001.yaml"
    current.parent.mkdir(parents=True)
    text = this_year(previous.read_text(encoding="utf-8"), "../../y2020/101/101001.yaml")
    current.write_text(text, encoding="utf-8")
    edit(previous, "year: 2020", "year: twenty")
    edit(previous, "fiscal: ", "fiscal: x")
    own = [f for f in check([previous]).findings if f.is_error]
    found = check([current]).findings
    assert len(own) == 2
    assert [(f.code, f.args["count"]) for f in found] == [("last-year-source-invalid", "2")]
