"""A county in one command: parallel, incremental builds, the checks across files, the index.

Counties come from bench/make_county.py (seeded). HTML and DOCX keep these tests quick; the PDF
path is the same `render_source` that tests/test_render.py reads back page by page.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import edit
from lxml import etree
from openpyxl import load_workbook
from typer.testing import CliRunner

from docgen.batch import run, workers
from docgen.batch.manifest import MANIFEST_NAME, Manifest
from docgen.batch.run import BatchResult, build_county
from docgen.batch.workers import (
    Job,
    NoProgress,
    Pools,
    Settings,
    kill_workers,
    render_in_workers,
    start_worker,
)
from docgen.check import Checked, check
from docgen.cli import app
from docgen.document.columns import INDEX, SUMMARY
from docgen.findings import Finding
from docgen.terms import RevenueLine, RevenueSource

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from bench_county import children
from make_county import make_county

FORMATS = ("html", "docx")


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """Six units in departments of 3, 2 and 1, every identity holding."""
    folder = tmp_path / "county"
    make_county(folder, 6, seed=1)
    return folder


def build(folder: Path, out: Path, workers: int = 1, force: bool = False) -> BatchResult:
    return build_county(folder, Settings(out, FORMATS, workers=workers, force=force))


def statuses(result: BatchResult) -> dict[str, str]:
    return {outcome.name: outcome.status for outcome in result.outcomes}


def unit_files(folder: Path) -> list[Path]:
    """The unit sources of a county (or of one department's folder)."""
    pattern = "*.yaml" if (folder / "department.yaml").exists() else "*/*.yaml"
    return sorted(p for p in folder.glob(pattern) if p.name != "department.yaml")


def department_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/department.yaml"))


def slug(path: Path) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    info = data["unit"] if data["kind"] == "unit" else data["department"]
    return f"{info['code']}-{data['year']}"


def mtimes(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.suffix in (".html", ".docx")}


class IndexRows(HTMLParser):
    """The county index's list: its head, and each row's class, search text, cells and links."""

    def __init__(self) -> None:
        super().__init__()
        self.heads: list[str] = []
        self.rows: list[dict[str, object]] = []
        self.inside = False
        self.cell: list[str] | None = None
        self.head: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table":
            self.inside = "county-index" in (values.get("class") or "")
        elif self.inside and tag == "tr" and values.get("data-search") is not None:
            row = {"kind": values.get("class"), "search": values["data-search"]}
            self.rows.append({**row, "cells": [], "links": []})
        elif self.inside and not self.rows and tag == "th":
            self.head = []
        elif self.inside and self.rows and tag in ("td", "th"):
            self.cell = []
        elif self.inside and self.rows and tag == "a":
            links = self.rows[-1]["links"]
            assert isinstance(links, list)
            links.append(values["href"])

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        if self.head is not None:
            self.head.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self.head is not None:
            self.heads.append("".join(self.head).strip())
            self.head = None
        elif tag in ("td", "th") and self.cell is not None and self.rows:
            cells = self.rows[-1]["cells"]
            assert isinstance(cells, list)
            cells.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self.inside = False


def test_synthetic_county_validates_clean(county: Path) -> None:
    checked = check([county])
    assert checked.findings == []
    assert len(checked.counties) == 1
    assert len(checked.documents) == len(unit_files(county)) + len(department_files(county))


def test_make_county_is_reproducible(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    files_a, files_b = make_county(first, 12, seed=3), make_county(second, 12, seed=3)
    assert [p.relative_to(first) for p in files_a] == [p.relative_to(second) for p in files_b]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(files_a, files_b, strict=True))
    data = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in unit_files(first)]
    assert len(data) == 12
    assert all(3 <= len(unit["projects"]) <= 40 for unit in data)
    assert all(
        7 <= len(project["indicators"]) <= 9 for unit in data for project in unit["projects"]
    )
    assert all(
        1 <= len(yaml.safe_load(p.read_text())["units"]) <= 8 for p in department_files(first)
    )


@pytest.mark.serial
def test_build_all_builds_every_document_in_parallel(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(county, out, workers=2)
    expected = {slug(p) for p in unit_files(county) + department_files(county)}
    assert statuses(result) == dict.fromkeys(expected, "built")
    assert not result.failed
    for name in expected:
        assert (out / name / f"{name}.html").stat().st_size > 1000
        assert (out / name / f"{name}.docx").stat().st_size > 1000
    assert not list(out.rglob("*.tmp"))


def test_index_lists_every_document_with_its_totals_and_links(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(county, out)
    parser = IndexRows()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    kinds = [row["kind"] for row in parser.rows]
    assert kinds.count("unit") == len(unit_files(county))  # none without a department
    assert kinds.count("department") == len(department_files(county))
    assert kinds[0] == "department"  # each department heads its units
    assert parser.heads == list(INDEX.headings())
    for row in parser.rows:
        links, cells = row["links"], row["cells"]
        assert isinstance(links, list) and len(links) == len(FORMATS)
        assert all((out / str(href)).is_file() for href in links)
        assert isinstance(cells, list) and len(cells) == len(INDEX.columns)
        assert cells[-1] == " ".join(format.upper() for format in FORMATS)
        assert row["search"] == f"{cells[0]} {cells[1]}".lower()
    # A unit's row shows its 项目支出: the sum of its projects' amounts in the source.
    unit = unit_files(county)[0]
    data = yaml.safe_load(unit.read_text(encoding="utf-8").replace("\t", " "))
    projects = sum(
        Decimal(str(p["fiscal"])) + Decimal(str(p.get("other", 0))) for p in data["projects"]
    )
    row = next(
        r
        for r in parser.rows
        if isinstance(r["cells"], list) and r["cells"][0] == data["unit"]["code"]
    )
    assert isinstance(row["cells"], list)
    assert Decimal(row["cells"][4]) == projects
    assert 'id="search"' in (out / "index.html").read_text(encoding="utf-8")


def test_summary_has_a_row_per_unit_and_the_county_sums(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(county, out)
    sheet = load_workbook(out / "summary.xlsx").active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    heads, units, total = rows[1], rows[2:-1], rows[-1]
    # a column for each revenue source some unit names, in the terms' order
    named = {c.key for c in SUMMARY.columns if c.key in set(RevenueSource) and c.heading in heads}
    assert {"general_budget", "government_fund"} <= named
    columns = [c for c in SUMMARY.columns if c.key not in set(RevenueSource) or c.key in named]
    assert heads == tuple(c.heading for c in columns)
    amounts = [column.amount for column in columns]
    assert [cell.number_format == "#,##0.00" for cell in sheet[3]] == amounts
    assert [sheet.column_dimensions[cell.column_letter].width for cell in sheet[2]] == [
        column.width for column in columns
    ]
    assert len(units) == len(unit_files(county))
    codes = {str(row[0]) for row in units}
    assert codes == {slug(p).split("-")[0] for p in unit_files(county)}
    for column in ("上年结转", "收入合计", "项目支出", "“三公”经费", "项目个数"):
        index = heads.index(column)
        assert Decimal(str(total[index])) == sum(Decimal(str(row[index])) for row in units)
    assert all(row[2] for row in units)  # every unit names its department


def sheet_numbers(path: Path) -> dict[int, dict[str, Decimal]]:
    """Every number of the summary sheet exactly as stored (the XML's text, not a float), by
    row number and column letter."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    numbers: dict[int, dict[str, Decimal]] = {}
    for cell in root.iterfind(".//x:c", ns):
        value = cell.find("x:v", ns)
        if value is not None and cell.get("t", "n") == "n":
            reference = cell.get("r")
            row = int(reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
            numbers.setdefault(row, {})[reference.rstrip("0123456789")] = Decimal(value.text)
    return numbers


def test_every_summary_row_adds_up_its_sources_and_carryover_to_its_revenue(
    county: Path, tmp_path: Path
) -> None:
    """收入合计 = every source + 上年结转, exactly, for each unit and the county's sums; the
    county has a unit with money carried over from last year, which a sheet without 上年结转
    would leave out."""
    out = tmp_path / "out"
    build(county, out)
    sheet = load_workbook(out / "summary.xlsx").active
    assert sheet is not None
    heads = {cell.value: cell.column_letter for cell in sheet[2]}
    parts = [heads[source.zh] for source in RevenueSource if source.zh in heads]
    parts.append(heads[RevenueLine.carryover.zh])
    numbers = sheet_numbers(out / "summary.xlsx")
    rows = range(3, sheet.max_row + 1)
    assert len(rows) == len(unit_files(county)) + 1
    for row in rows:
        figures = numbers[row]
        assert sum(figures.get(part, Decimal(0)) for part in parts) == figures[heads["收入合计"]]
    assert any(numbers[row][heads["上年结转"]] for row in rows[:-1])


def test_summary_says_its_year_and_money_unit_and_filters_and_freezes_its_head(
    county: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(county, out)
    sheet = load_workbook(out / "summary.xlsx").active
    assert sheet is not None
    spec = yaml.safe_load((county / "county.yaml").read_text(encoding="utf-8"))
    caption = f"{spec['county']['name']}{spec['year']}年单位预算汇总（金额单位：万元）"
    last = sheet.cell(2, sheet.max_column).column_letter
    assert sheet["A1"].value == caption
    assert [str(cells) for cells in sheet.merged_cells.ranges] == [f"A1:{last}1"]
    assert sheet.freeze_panes == "C3"  # the head, and each unit's code and name
    # the units' rows, under the head; the county's sums stay out of the filter
    assert sheet.auto_filter.ref == f"A2:{last}{sheet.max_row - 1}"
    assert sheet.cell(sheet.max_row, 1).value == "合计"


def test_nothing_changed_renders_nothing(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(county, out)
    before = mtimes(out)
    again = build(county, out)
    assert set(statuses(again).values()) == {"skipped"}
    assert mtimes(out) == before


def test_one_unit_changed_rebuilds_it_and_its_department(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(county, out)
    unit = unit_files(county)[-1]
    edit(unit, "other_matters: ", "other_matters: 另：")
    again = build(county, out)
    department = slug(unit.parent / "department.yaml")
    rebuilt = {name for name, status in statuses(again).items() if status == "built"}
    assert rebuilt == {slug(unit), department}
    assert "另：" in (out / slug(unit) / f"{slug(unit)}.html").read_text(encoding="utf-8")


def test_the_manifest_is_written_at_most_once_an_interval_and_whole_at_the_end(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written after every document, the whole manifest cost a quadratic share of a county's
    build: the first document's is written at once, later ones not within the interval, and
    the end writes every record."""
    writes: list[int] = []
    save = run.save_manifest

    def counting(out: Path, manifest: Manifest, folder: str) -> None:
        writes.append(len(manifest.records))
        save(out, manifest, folder)

    monkeypatch.setattr(run, "save_manifest", counting)
    monkeypatch.setattr(run, "MANIFEST_INTERVAL", 3600.0)
    result = build(county, tmp_path / "out")
    documents = json.loads((tmp_path / "out" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert writes == [1, len(result.records)] == [1, 9]
    assert len(documents["documents"]) == 9


def test_force_rebuilds_everything(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(county, out)
    again = build(county, out, force=True)
    assert set(statuses(again).values()) == {"built"}


def test_a_missing_output_is_rebuilt_alone(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(county, out)
    name = slug(unit_files(county)[0])
    (out / name / f"{name}.docx").unlink()
    again = build(county, out)
    assert {n for n, s in statuses(again).items() if s == "built"} == {name}
    assert (out / name / f"{name}.docx").is_file()


def test_a_removed_unit_takes_its_outputs_with_it(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(county, out)
    department = department_files(county)[0]  # three units
    unit = unit_files(department.parent)[-1]
    name = slug(unit)
    edit(department, f'  - "{unit.name}"\n', "")
    unit.unlink()
    again = build(county, out)
    assert again.removed == [name]
    assert not (out / name).exists()
    assert name not in (out / MANIFEST_NAME).read_text(encoding="utf-8")
    assert statuses(again)[slug(department)] == "failed"  # its stated sums still count the unit


@pytest.mark.serial
def test_a_broken_unit_stops_only_itself_and_its_department(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    unit = unit_files(county)[0]
    edit(unit, "fiscal: ", "fiscal: 0.01")  # 159.00 → 0.01159.00: a figure that is not one
    result = build(county, out, workers=2)
    failed = {name for name, status in statuses(result).items() if status == "failed"}
    # A source that is no document yet is named by its file.
    assert failed == {str(unit), slug(unit.parent / "department.yaml")}
    everything = {slug(p) for p in unit_files(county) + department_files(county)}
    others = everything - {slug(unit), slug(unit.parent / "department.yaml")}
    assert all(statuses(result)[name] == "built" for name in others)
    assert not (out / slug(unit)).exists()
    errors = [f for f in result.findings if f.is_error]
    assert errors and all(f.location.file == str(unit) for f in errors)
    assert all(f.location.line > 1 for f in errors)
    assert result.failed


def test_a_render_crash_fails_that_document_alone(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docgen.batch.workers  # noqa: PLC0415

    real = docgen.batch.workers.render_source
    victim = slug(unit_files(county)[0])

    def crash_on_victim(source, *args, **options):  # type: ignore[no-untyped-def]
        built = real(source, *args, **options)
        if built.name == victim:
            raise RuntimeError("boom")
        return built

    monkeypatch.setattr(docgen.batch.workers, "render_source", crash_on_victim)
    result = build(county, tmp_path / "out")
    assert statuses(result)[victim] == "failed"
    assert [f.code for o in result.outcomes if o.name == victim for f in o.findings] == [
        "render-crashed"
    ]
    assert sum(1 for s in statuses(result).values() if s == "built") == len(result.outcomes) - 1


# -- the checks across files -------------------------------------------------------------------


def codes(result: BatchResult) -> list[tuple[str, str, int]]:
    return [(f.code, Path(f.location.file).name, f.location.line) for f in result.findings]


def test_a_unit_code_used_twice_in_the_county(county: Path, tmp_path: Path) -> None:
    departments = department_files(county)
    first = unit_files(departments[0].parent)[0]
    second = unit_files(departments[-1].parent)[0]
    code = slug(first).split("-")[0]
    edit(second, f'code: "{slug(second).split("-")[0]}"', f'code: "{code}"')
    result = build(county, tmp_path / "out")
    assert ("county-code-duplicate", second.name, 6) in codes(result)
    assert statuses(result)[slug(first)] == "built"


def test_a_unit_in_no_department_and_in_two(county: Path, tmp_path: Path) -> None:
    units = unit_files(county)
    departments = department_files(county)
    lone = units[0]
    edit(lone.parent / "department.yaml", f'  - "{lone.name}"\n', "")
    shared = departments[-1]
    edit(shared, "units:\n", f'units:\n  - "../{lone.parent.name}/{lone.name}"\n')
    result = build(county, tmp_path / "out")
    found = codes(result)
    assert any(code == "department-unit-outside" for code, _, _ in found)
    # Outside its own folder it cannot be named; left unnamed, it belongs to no department.
    assert ("county-unit-orphan", lone.name, 6) in found


def test_departments_the_county_file_does_not_list_or_cannot_find(
    county: Path, tmp_path: Path
) -> None:
    departments = department_files(county)
    listed = f'  - "{departments[0].parent.name}/department.yaml"\n'
    edit(county / "county.yaml", listed, '  - "999/department.yaml"\n')
    result = build(county, tmp_path / "out")
    found = codes(result)
    assert ("county-department-missing", "county.yaml", 7) in found
    assert ("county-department-unlisted", "department.yaml", 6) in found
    assert result.failed


def test_a_department_in_another_year(county: Path, tmp_path: Path) -> None:
    department = department_files(county)[0]
    edit(department, "year: 2021", "year: 2022")
    result = build(county, tmp_path / "out")
    assert ("county-year", "department.yaml", 3) in codes(result)


def test_county_yaml_must_be_the_county_file(county: Path, tmp_path: Path) -> None:
    (county / "county.yaml").write_bytes(unit_files(county)[0].read_bytes())
    result = build(county, tmp_path / "out")
    assert ("county-file-kind", "county.yaml", 1) in codes(result)
    assert result.failed


def test_validate_runs_the_county_checks_too(county: Path) -> None:
    lone = unit_files(county)[0]
    edit(lone.parent / "department.yaml", f'  - "{lone.name}"\n', "")
    findings = check([county / "county.yaml"]).findings
    found = {(f.code, Path(f.location.file).name) for f in findings}
    assert ("county-unit-orphan", lone.name) in found
    # and the department's stated sums no longer hold without it
    assert ("sum-mismatch", "department.yaml") in found


@pytest.mark.serial
def test_validating_in_parallel_finds_what_validating_in_one_process_finds(
    county: Path,
) -> None:
    lone = unit_files(county)[0]
    edit(lone.parent / "department.yaml", f'  - "{lone.name}"\n', "")
    broken = unit_files(county)[-1]
    edit(broken, "fiscal: ", "fiscal: 1")
    serial = check([county])
    parallel = check([county], jobs=2)
    assert sorted(parallel.findings, key=Finding.sort_key) == serial.sorted_findings()
    assert {"county-unit-orphan", "sum-mismatch"} <= {f.code for f in parallel.findings}
    lines = broken.read_text(encoding="utf-8").split("\n")
    for finding in (f for f in parallel.findings if f.location.file == str(broken)):
        line = finding.location.line
        assert parallel.sources[str(broken)].line_text(line) == lines[line - 1]


# -- the command ---------------------------------------------------------------------------------


def test_build_all_command_exit_codes_and_summary(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build-all", str(county), "-o", str(out), "-f", "html", "-j", "1", "--lang", "en"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "built" in first.output
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0
    skipped = next(line for line in again.output.splitlines() if "up to date" in line)
    assert skipped.split("│")[2].strip() == str(
        len(unit_files(county)) + len(department_files(county))
    )
    edit(unit_files(county)[0], "fiscal: ", "fiscal: 0.01")
    broken = CliRunner().invoke(app, args)
    assert broken.exit_code == 1
    assert "failed" in broken.output and str(unit_files(county)[0]) in broken.output


@pytest.mark.serial
def test_ctrl_c_finishes_what_is_in_flight_and_the_next_run_builds_the_rest(
    tmp_path: Path,
) -> None:
    """A real SIGINT to the whole process group, as Ctrl-C in a terminal sends it."""
    folder, out = tmp_path / "county", tmp_path / "out"
    make_county(folder, 30, seed=2)
    command = [sys.executable, "-m", "docgen", "build-all", str(folder), "-o", str(out)]
    command += ["-f", "html,docx", "-j", "2", "--lang", "en"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    manifest = out / MANIFEST_NAME
    deadline = time.monotonic() + 120
    while not manifest.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr.decode()
    assert "Traceback" not in stderr.decode()
    assert "interrupted" in stdout.decode()
    assert not list(out.rglob("*.tmp"))
    documents = json.loads(manifest.read_text(encoding="utf-8"))["documents"]
    recorded = {document["slug"] for document in documents}
    everything = {slug(p) for p in unit_files(folder) + department_files(folder)}
    assert recorded and recorded < everything
    for html in out.glob("*/*.html"):  # whatever was written is whole
        assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
    for docx in out.glob("*/*.docx"):
        assert zipfile.ZipFile(docx).testzip() is None
    again = build(folder, out, workers=2)
    built = {name for name, status in statuses(again).items() if status == "built"}
    assert built == everything - recorded
    assert {name for name, status in statuses(again).items() if status == "skipped"} == recorded


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def wait_long() -> None:
    time.sleep(600)


@pytest.mark.serial
def test_a_broken_pool_never_waits_for_a_worker_that_outlives_the_dead_one() -> None:
    """A worker ignores SIGTERM, the signal a broken pool stops its other workers with: one
    left blocked (on a work-queue lock the dead worker held, or here in a long job) must be
    killed, or the batch waits for it forever."""
    started = time.monotonic()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(2, mp_context=context, initializer=start_worker) as pool:
        blocked = pool.submit(wait_long)
        time.sleep(1)  # the long job is in its worker
        with pytest.raises(BrokenProcessPool):
            pool.submit(die).result(timeout=120)
        with pytest.raises(BrokenProcessPool):
            blocked.result(timeout=120)
        kill_workers(pool)
    assert time.monotonic() - started < 300  # the blocked worker alone would take 600 s


def test_workers_give_way_to_fresh_ones_after_their_share_of_documents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once a pool has been given its workers' share of documents, the next ones go to a new
    pool of new processes: a worker's memory does not outlive its share."""
    monkeypatch.setattr(workers, "DOCUMENTS_PER_WORKER", 2)
    pools = Pools(multiprocessing.get_context("fork"), 2)
    try:
        pids = [pools.next().submit(os.getpid).result(timeout=60) for _ in range(8)]
    finally:
        pools.close()
    first, second = set(pids[:4]), set(pids[4:])
    assert os.getpid() not in first | second
    assert not first & second


@pytest.mark.serial
def test_a_killed_worker_costs_no_document(tmp_path: Path) -> None:
    """SIGKILL a rendering worker: its document is tried again in a new worker process."""
    folder, out = tmp_path / "county", tmp_path / "out"
    make_county(folder, 20, seed=2)
    command = [sys.executable, "-m", "docgen", "build-all", str(folder), "-o", str(out)]
    command += ["-f", "html,docx", "-j", "2", "--lang", "en"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killed = False
    deadline = time.monotonic() + 120
    while not killed and time.monotonic() < deadline and process.poll() is None:
        if (out / MANIFEST_NAME).exists():  # the workers are rendering
            for worker in (w for server in children(process.pid) for w in children(server)):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker, signal.SIGKILL)
                    killed = True
                    break
        time.sleep(0.02)
    assert killed, "no worker process was seen"
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stdout.decode() + stderr.decode()
    everything = {slug(p) for p in unit_files(folder) + department_files(folder)}
    assert {p.name for p in out.iterdir() if p.is_dir()} == everything
    assert not list(out.rglob("*.tmp"))


def test_the_workers_server_starts_before_checking_when_a_source_changed_and_else_never(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fork server loads the renderers' libraries while the sources are checked, not after
    (a one-unit rebuild waited for it); a run with nothing to build starts none."""
    out = tmp_path / "out"
    build(county, out)
    calls: list[str] = []
    check_changed = run.check_changed

    def checking(plan: run.Plan) -> Checked:
        calls.append("check")
        return check_changed(plan)

    def rendering(jobs: list[Job], *_: object) -> None:
        calls.append(f"render {len(jobs)}")

    monkeypatch.setattr(run, "start_workers", lambda settings: calls.append("start"))
    monkeypatch.setattr(run, "check_changed", checking)
    monkeypatch.setattr(run, "render_in_workers", rendering)
    build(county, out, workers=2)
    assert calls == ["check", "render 0"]
    edit(unit_files(county)[0], "other_matters: ", "other_matters: 另：")
    build(county, out, workers=2)
    assert calls == ["check", "render 0", "start", "check", "render 2"]


def test_no_workers_server_is_started_for_nothing_to_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Settings] = []
    monkeypatch.setattr(workers, "start_workers", started.append)
    render_in_workers([], Settings(tmp_path, FORMATS, workers=2), NoProgress(), print)
    assert started == []
