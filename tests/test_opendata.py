"""Open data (`-f data`): each document's standard tables as a Frictionless data package, read
back with the `frictionless` library and the csv module: it validates, every figure is the
document's figure exactly, the leaves add up to the totals, source text round-trips, a county's
package holds every unit, and a failed write leaves the old package whole."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest
from conftest import CLEAN_UNIT, REPO
from frictionless import Package, validate
from test_department_tables import CONSOLIDATED, DEPARTMENT, UNIT_TOTALS, department_of
from test_standard_tables import UNIT
from typer.testing import CliRunner

from docgen.batch.run import build_county
from docgen.batch.workers import Settings
from docgen.build import Built, build_source
from docgen.check import check, expand_paths
from docgen.checked import CheckedDepartment, CheckedDocument, CheckedUnit
from docgen.cli import app
from docgen.document.blocks import Document, Table
from docgen.document.tables import SECTION_ANCHOR
from docgen.profiles import list_profiles
from docgen.provenance import ProvenanceReader
from docgen.render import datapackage, makes_anything, opendata
from docgen.render.datapackage import Fact
from docgen.render.opendata import render_data_package
from docgen.terms import Status

SAMPLES = sorted(str(path.relative_to(REPO)) for path in expand_paths([REPO / "sample_data"]))
PROFILES = sorted(profile.id for profile in list_profiles())
BY_UNIT = ("project", "units")  # the rows a department's package gives under its units' codes
HOSTILE = "测试\"中心\", 第二\n行 =cmd|' /C calc'!A0 +1 -2 @SUM(1)"


def build_data(tmp_path: Path, text: str = UNIT, name: str = "unit.yaml") -> tuple[Built, Path]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    checked = check([path])
    [unit] = checked.documents
    return build_source(unit, checked, tmp_path / "out", ("data",)), path


def build_sample(
    sample: str, tmp_path: Path, formats: tuple[str, ...]
) -> tuple[CheckedDocument, Built]:
    """A sample checked with the sources beside it and built in the formats asked."""
    checked = check([REPO / sample])
    document = next(d for d in checked.documents if str(REPO / sample) in d.files)
    return document, build_source(document, checked, tmp_path, formats)


def package_rows(descriptor: Path) -> list[dict[str, object]]:
    """The rows as frictionless reads them (typed by the descriptor's schema), after checking
    the package: schema, types, primary key, the CSV's size and hash."""
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["type", "note"])
    [resource] = Package(str(descriptor)).resources
    return [dict(row) for row in resource.read_rows()]


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def shown_figures(document: Document) -> list[tuple[str, str, Decimal]]:
    """Every figure of the document's standard tables as the workbook takes them: the table,
    the row's first cell (a code, the year of the “三公” table, a line of T1 and T4: "") and
    the number."""
    found = []
    for _, section in document.walk():
        if not section.anchor.startswith(f"{SECTION_ANCHOR}-"):
            continue
        table_id = section.anchor.removeprefix(f"{SECTION_ANCHOR}-")
        for table in (b for b in section.blocks if isinstance(b, Table)):
            two_sided = table.spec in ("standard_summary", "standard_appropriations")
            for row in (r for group in table.body for r in group.rows):
                key = "" if two_sided else row[0].text or "total"
                found += [(table_id, key, c.figure.value) for c in row if c.figure is not None]
    return found


@pytest.mark.parametrize("sample", SAMPLES)
def test_each_samples_figures_read_back_from_the_csv_are_the_documents(
    sample: str, tmp_path: Path
) -> None:
    document, built = build_sample(sample, tmp_path, ("data",))
    model = document.document()
    expected = shown_figures(model)
    assert document.has_projects  # every sample has projects: every one has a package
    csv_file, descriptor = built.files
    assert descriptor.name == f"{model.slug}.datapackage.json"
    rows = package_rows(descriptor)
    read = [
        (r["table_id"], "" if r["table_id"] in ("T1", "T4") else r["row_key"], r["amount"])
        for r in rows
        if r["table_id"] not in BY_UNIT
    ]
    assert [(t, k, str(a)) for t, k, a in read] == [(t, k, str(a)) for t, k, a in expected]
    assert all(isinstance(amount, Decimal) for _, _, amount in read)
    assert {r["currency"] for r in rows} == {"CNY"}
    # a unit's own rows; in a department's, its tables' (its projects' are its units')
    assert {r["unit_code"] for r in rows if r["table_id"] not in BY_UNIT} <= {model.org_code}
    # the year each figure budgets: the “三公” table's 上年预算 row is last year's
    years = {r["fiscal_year"] + (r["row_key"] == "上年预算") for r in rows}  # type: ignore[operator]
    assert years == {model.year}
    if expected:  # the digits as the table prints them, trailing zeros kept: 1172.50
        assert "2080109,社会保险经办机构,total,合计,1172.50," in csv_file.read_text(
            encoding="utf-8"
        )


def test_a_source_with_neither_tables_nor_projects_has_no_package(tmp_path: Path) -> None:
    checked = check([write_unit(tmp_path, CLEAN_UNIT)])
    [clean] = checked.documents
    assert isinstance(clean, CheckedUnit) and clean.has_projects and not clean.has_tables
    unit = dataclasses.replace(
        clean,
        unit=dataclasses.replace(clean.unit, projects=()),
        figures=dataclasses.replace(clean.figures, projects=()),
    )
    assert not unit.has_projects
    # a batch passes over it (a workbook needs the tables, open data tables or projects)
    assert makes_anything(("data",), False, True) and not makes_anything(("xlsx",), False, True)
    assert not makes_anything(("data",), False, False)
    built = build_source(unit, checked, tmp_path / "out", ("data",))
    assert [f.code for f in built.findings] == ["nothing-to-render"]
    assert render_data_package(unit.document(), ProvenanceReader().of(list(unit.paths))) is None


def printed_projects(page: Path) -> dict[str, tuple[str, list[Decimal]]]:
    """Each project's code → its name and its 预算数, 财政资金 and 其他资金, read from the
    项目基本信息 table of the rendered HTML."""
    found = {}
    for table in lxml.html.parse(str(page)).iter("table"):
        caption = table.find("caption")
        if caption is None or not caption.text_content().strip().endswith("：项目基本信息"):
            continue
        rows = [[cell.text_content().strip() for cell in tr] for tr in table.iter("tr")]
        code, name = rows[0][1], rows[0][3]
        budget = next(row for row in rows if "预算数" in row)
        labels = ("预算数", "其中：财政资金", "其他资金")
        found[code] = (name, [Decimal(budget[budget.index(label) + 1]) for label in labels])
    return found


def csv_projects(path: Path) -> dict[str, tuple[str, list[Decimal]]]:
    """The same read back from the package's CSV, with the csv module: exact Decimals."""
    rows = [row for row in csv_rows(path) if row["table_id"] == "project"]
    found: dict[str, tuple[str, list[Decimal]]] = {}
    for row in rows:
        assert row["project_code"] == row["row_key"]
        assert (row["spending_part"], row["is_total"]) == (
            "projects",
            "true" if row["column_key"] == "budget" else "false",
        )
        found.setdefault(row["project_code"], (row["row_label"], []))[1].append(
            Decimal(row["amount"])
        )
    return found


@pytest.mark.parametrize("sample", SAMPLES)
def test_each_projects_figures_in_the_csv_are_those_the_document_prints(
    sample: str, tmp_path: Path
) -> None:
    _, built = build_sample(sample, tmp_path, ("html", "data"))
    page, csv_file, descriptor = built.files
    printed = printed_projects(page)
    assert printed and csv_projects(csv_file) == printed
    rows = package_rows(descriptor)  # validates: the primary key holds, no row twice
    assert len([r for r in rows if r["table_id"] == "project"]) == 3 * len(printed)


def test_a_projects_function_is_on_its_rows_whether_printed_or_not(tmp_path: Path) -> None:
    named = CLEAN_UNIT.replace(
        "    funding_source: general_budget\n",
        '    funding_source: general_budget\n    function: "2080107"\n',
        1,
    )
    checked = check([write_unit(tmp_path, named)])
    [unit] = checked.documents
    built = build_source(unit, checked, tmp_path / "out", ("data",))
    rows = package_rows(built.files[1])
    functions = {
        (r["project_code"], r["column_key"]): (r["functional_code"], r["functional_name"])
        for r in rows
        if r["table_id"] == "project"
    }
    assert functions == {
        ("131024210000000000001", "budget"): ("2080107", "社会保险业务管理事务"),
        ("131024210000000000001", "fiscal"): ("2080107", "社会保险业务管理事务"),
        ("131024210000000000001", "other"): ("2080107", "社会保险业务管理事务"),
        ("131024210000000000002", "budget"): (None, None),
        ("131024210000000000002", "fiscal"): (None, None),
        ("131024210000000000002", "other"): (None, None),
    }


def test_a_coarser_table_unit_is_said_and_the_figures_are_those_shown(tmp_path: Path) -> None:
    text = UNIT.replace("division_code:", "profile: shanghai-district\ndivision_code:")
    built, _ = build_data(tmp_path, text)
    rows = package_rows(built.files[1])
    units = {(r["table_id"], r["money_unit"]) for r in rows}
    assert ("T3", "元") in units and ("T7", "万元") in units
    t3 = {(r["row_key"], r["column_key"]): r["amount"] for r in rows if r["table_id"] == "T3"}
    assert str(t3["2080101", "personnel"]) == "400000"  # 40.00 万元 in whole 元, as printed
    assert str(t3["total", "total"]) == "1500000"


def test_the_descriptor_types_the_fields_and_keys_every_figure(tmp_path: Path) -> None:
    built, _ = build_data(tmp_path)
    [resource] = Package(str(built.files[1])).resources
    schema = resource.schema
    assert schema.primary_key == ["document", "table_id", "row_key", "column_key"]
    types = {field.name: field.type for field in schema.fields}
    assert (types["amount"], types["fiscal_year"], types["is_total"]) == (
        "number",
        "year",
        "boolean",
    )
    assert schema.get_field("amount").to_descriptor()["bareNumber"] is True
    # the descriptor seals the CSV: one changed figure and it no longer validates
    csv_file = built.files[0]
    csv_file.write_bytes(csv_file.read_bytes().replace(b"150.00", b"151.00", 1))
    assert validate(str(built.files[1])).flatten(["type"]) == [["hash-count"]]


def test_the_summary_tables_lines_are_keyed_by_what_they_are_and_all_are_totals(
    tmp_path: Path,
) -> None:
    built, _ = build_data(tmp_path)
    rows = package_rows(built.files[1])
    t1 = {(r["row_key"], r["column_key"]): r for r in rows if r["table_id"] == "T1"}
    t4 = {(r["row_key"], r["column_key"]): r for r in rows if r["table_id"] == "T4"}
    this_year = t4["本年收入/一般公共预算拨款", "revenue"]
    assert (this_year["funding_source"], this_year["amount"]) == (
        "general_budget",
        Decimal("100.00"),
    )
    carried = t4["上年结转/一般公共预算拨款", "revenue"]
    assert (carried["funding_source"], carried["amount"]) == ("general_budget", Decimal("0.00"))
    fund = t4["212", "government_fund"]
    assert (fund["functional_code"], fund["funding_source"], fund["amount"]) == (
        "212",
        "government_fund",
        Decimal("50.00"),
    )
    category = t1["208", "spending"]
    assert (category["functional_name"], category["amount"]) == (
        "社会保障和就业支出",
        Decimal("100.00"),
    )
    assert t1["政府性基金预算拨款", "revenue"]["funding_source"] == "government_fund"
    assert t1["上年结转", "revenue"]["funding_source"] == "carryover"
    assert all(r["is_total"] for r in [*t1.values(), *t4.values()])


@pytest.mark.parametrize("profile", PROFILES)
def test_the_leaf_figures_of_each_table_add_up_to_its_total(profile: str, tmp_path: Path) -> None:
    text = UNIT.replace("division_code:", f"profile: {profile}\ndivision_code:")
    built, _ = build_data(tmp_path, text)
    assert_leaves_add_up(package_rows(built.files[1]))


def test_the_leaf_figures_of_the_samples_tables_add_up_to_their_totals(tmp_path: Path) -> None:
    checked = check([REPO / "sample_data" / "323005.yaml"])
    [document] = checked.documents
    built = build_source(document, checked, tmp_path, ("data",))
    assert_leaves_add_up(package_rows(built.files[1]))


def assert_leaves_add_up(rows: list[dict[str, object]]) -> None:
    """Per table (and fiscal year: the “三公” table shows last year's too), the figures not
    marked is_total add up to the 合计 row's total, the “三公” items to theirs; each project's
    财政资金 and 其他资金 to its 预算数."""
    leaves: dict[tuple[object, ...], Decimal] = defaultdict(Decimal)
    totals: dict[tuple[object, ...], Decimal] = {}
    for row in rows:
        key = (row["table_id"], row["fiscal_year"], row["project_code"])
        amount = row["amount"]
        assert isinstance(amount, Decimal)
        if row["column_key"] == "operating":
            continue  # 机关运行经费 stands beside the “三公” items, not among them
        if not row["is_total"]:
            leaves[key] += amount
        if row["column_key"] == "total" and row["row_key"] in ("total", "本年预算", "上年预算"):
            totals[key] = amount
        if row["table_id"] == "project" and row["column_key"] == "budget":
            totals[key] = amount
    assert totals and leaves == totals
    t3 = {(r["row_key"], r["column_key"]): r["is_total"] for r in rows if r["table_id"] == "T3"}
    item = next(code for code, _ in t3 if len(code) == 7)  # a 项
    assert t3[item[:3], "personnel"] and t3[item[:5], "personnel"]  # 类 and 款 add up their 项
    assert t3[item, "basic"] and not t3[item, "personnel"]  # 基本 = 人员 + 公用


def test_a_hostile_unit_name_round_trips_in_the_csv(tmp_path: Path) -> None:
    named = UNIT.replace("name: 测试县测试中心", f"name: {json.dumps(HOSTILE, ensure_ascii=False)}")
    checked = check([write_unit(tmp_path, named)])
    [unit] = checked.documents
    document = unit.document()
    assert document.org_name == HOSTILE
    files = render_data_package(document, ProvenanceReader().of(list(unit.paths)))
    assert files is not None
    rows = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8"), newline="")))
    assert {row["unit_name"] for row in rows} == {HOSTILE}
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / f"{document.slug}.csv").write_bytes(files["csv"])
    (folder / "datapackage.json").write_bytes(files["datapackage.json"])
    read = package_rows(folder / "datapackage.json")
    assert len(read) == len(rows) and {row["unit_name"] for row in read} == {HOSTILE}


def test_a_hostile_project_name_and_code_round_trip_as_data(tmp_path: Path) -> None:
    # a code a spreadsheet would read as 1.31E+19 and a name that is a formula, quoted, on two lines
    code = "13102421000000000001E5"
    text = (
        CLEAN_UNIT.replace('code: "131024210000000000001"', f'code: "{code}"', 1)
        .replace("name: 测试工作经费", f"name: {json.dumps(HOSTILE, ensure_ascii=False)}", 1)
        .replace("project: 测试工作经费", f"project: {json.dumps(HOSTILE, ensure_ascii=False)}")
    )
    checked = check([write_unit(tmp_path, text)])
    [unit] = checked.documents
    built = build_source(unit, checked, tmp_path / "out", ("data",))
    assert built.ok, built.findings
    csv_file, descriptor = built.files
    written = [r for r in csv_rows(csv_file) if r["project_code"] == code]
    read = [r for r in package_rows(descriptor) if r["project_code"] == code]
    for rows in (written, read):
        assert [(r["row_key"], r["row_label"], r["column_key"]) for r in rows] == [
            (code, HOSTILE, "budget"),
            (code, HOSTILE, "fiscal"),
            (code, HOSTILE, "other"),
        ]
        assert {r["table_title"] for r in rows} == {f"{HOSTILE}：项目基本信息"}
    assert [r["amount"] for r in read] == [Decimal("30.00"), Decimal("30.00"), Decimal("0.00")]


def write_unit(folder: Path, text: str, name: str = "unit.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_county_package_holds_every_unit_and_follows_a_changed_one(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    write_unit(folder, UNIT, "a.yaml")
    write_unit(folder, UNIT.replace('code: "323099"', 'code: "323098"'), "b.yaml")
    write_unit(folder, CLEAN_UNIT.replace('code: "323099"', 'code: "323097"'), "c.yaml")
    out = tmp_path / "out"
    result = build_county(folder, Settings(out, ("data",), workers=1))
    assert not result.failed
    statuses = {outcome.name: outcome.status for outcome in result.outcomes}
    assert statuses == {
        "323099-2021": Status.built,
        "323098-2021": Status.built,
        "323097-2021": Status.built,  # no standard tables, but its projects' figures
    }
    rows = package_rows(out / "datapackage.json")
    codes = ("323097", "323098", "323099")
    each = {code: csv_rows(out / f"{code}-2021" / f"{code}-2021.csv") for code in codes}
    assert {row["unit_code"] for row in rows} == set(each)
    assert len(rows) == sum(len(unit_rows) for unit_rows in each.values())
    assert {row["table_id"] for row in each["323097"]} == {"project"}
    # unchanged: nothing rendered, the package as it was; a changed unit: its new figures
    before = (out / "figures.csv").read_bytes()
    again = build_county(folder, Settings(out, ("data",), workers=1))
    assert {o.status for o in again.outcomes} == {Status.skipped}
    assert (out / "figures.csv").read_bytes() == before
    edit = folder / "b.yaml"
    edit.write_text(edit.read_text(encoding="utf-8").replace("测试县测试中心", "测试县另一中心"))
    third = build_county(folder, Settings(out, ("data",), workers=1))
    assert {o.name for o in third.outcomes if o.status is Status.built} == {"323098-2021"}
    names = {(r["unit_code"], r["unit_name"]) for r in package_rows(out / "datapackage.json")}
    assert names == {
        ("323099", "测试县测试中心"),
        ("323098", "测试县另一中心"),
        ("323097", "测试县测试中心"),
    }


def test_a_failed_write_leaves_the_old_package_whole_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built, path = build_data(tmp_path)
    before = {file: file.read_bytes() for file in built.files}
    calls = []

    def full_on_the_second(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_on_the_second)
    path.write_text(UNIT.replace("测试县测试中心", "测试县另一中心"), encoding="utf-8")
    checked = check([path])
    [unit] = checked.documents
    again = build_source(unit, checked, tmp_path / "out", ("data",))
    assert not again.ok and [f.code for f in again.findings] == ["output-unwritable"]
    assert {file: file.read_bytes() for file in built.files} == before
    assert sorted(p.name for p in built.files[0].parent.iterdir()) == sorted(
        file.name for file in built.files
    )


def test_build_all_asked_for_data_writes_the_countys_package_beside_its_index(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "sample_data"
    shutil.copytree(REPO / "sample_data", folder)
    out = tmp_path / "out"
    said = CliRunner().invoke(
        app, ["build-all", str(folder), "-o", str(out), "-f", "data", "-j", "1", "--lang", "en"]
    )
    assert said.exit_code == 0, said.output
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    slugs = ("323-2022", "323001-2022", "323003-2022", "323004-2022", "323005-2021")
    documents = [
        f"{slug}/{slug}.{suffix}" for slug in slugs for suffix in ("csv", "datapackage.json")
    ]
    county = ["datapackage.json", "docgen-manifest.json", "figures.csv", "index.html"]
    assert made == sorted([*documents, *county, "summary.xlsx"])
    joined = [b for slug in slugs for b in (out / slug / f"{slug}.csv").read_bytes().splitlines()]
    figures = (out / "figures.csv").read_bytes().splitlines()
    assert sorted(figures[1:]) == sorted(line for line in joined if line != figures[0])
    # a project is the same unit's in its department's document and its own: no key twice
    rows = package_rows(out / "datapackage.json")
    owners = {(r["project_code"], r["unit_code"]) for r in rows if r["table_id"] == "project"}
    assert len(owners) == len({code for code, _ in owners}) == 35  # 16 + 19 projects
    assert {r["document"] for r in rows if r["table_id"] == "project"} == set(slugs)


def without_figures(text: str) -> str:
    """The unit with neither standard tables nor projects (its sums still agree): nothing of it
    is open data."""
    cut = text[: text.index("projects:\n  - code")] + "projects: []\n"
    cut += text[text.index("procurement:") :]
    for old, new in (
        ("  general_budget: 100.00\n", "  general_budget: 70.00\n"),
        ("  government_fund: 50.00\n", "  government_fund: 0.00\n"),
        ("  total: 150.00\n", "  total: 70.00\n"),
        ("  projects_total: 80.00\n", "  projects_total: 0.00\n"),
        ("  projects: 80.00\n  total: 145.00\n", "  projects: 0.00\n  total: 65.00\n"),
        ("amount: 5.00, percent: 3.45}", "amount: 5.00, percent: 7.69}"),
    ):
        cut = cut.replace(old, new)  # both sides' 150.00 totals
    return (
        cut[: cut.index("procurement:")]
        + "not_given: [procurement]\n"
        + cut[cut.index("assets:") :]
    )


def build_all(folder: Path, out: Path, formats: str = "data") -> str:
    said = CliRunner().invoke(
        app, ["build-all", str(folder), "-o", str(out), "-f", formats, "-j", "1", "--lang", "en"]
    )
    assert said.exit_code == 0, said.output
    return said.output


def test_a_county_whose_documents_lose_their_figures_keeps_no_old_package(tmp_path: Path) -> None:
    folder, out = tmp_path / "county", tmp_path / "out"
    unit = write_unit(folder, UNIT, "a.yaml")
    build_all(folder, out)
    assert (out / "figures.csv").is_file() and (out / "323099-2021" / "323099-2021.csv").is_file()
    unit.write_text(without_figures(CLEAN_UNIT), encoding="utf-8")
    checked = check([unit])
    assert [f.code for f in checked.findings] == [] and not checked.documents[0].has_projects
    said = build_all(folder, out)
    assert "nothing to make (skipped) │     1" in said
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert made == ["docgen-manifest.json", "index.html", "summary.xlsx"]
    # a document that still makes its HTML no longer keeps the CSV it made before
    unit.write_text(UNIT, encoding="utf-8")
    build_all(folder, out, "html,data")
    unit.write_text(without_figures(CLEAN_UNIT), encoding="utf-8")
    build_all(folder, out, "html,data")
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert made == [
        "323099-2021/323099-2021.html",
        "docgen-manifest.json",
        "index.html",
        "summary.xlsx",
    ]


def test_a_csv_an_older_docgen_wrote_is_made_again_not_joined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest counts it up to date (same sources, same sizes); its header says it is not."""
    folder, out = tmp_path / "county", tmp_path / "out"
    write_unit(folder, UNIT, "a.yaml")
    current = datapackage.facts_csv

    def older(facts: Iterable[Fact]) -> bytes:  # an older docgen: no project_code column
        rows = list(csv.reader(io.StringIO(current(facts).decode("utf-8"), newline="")))
        drop = rows[0].index("project_code")
        written = io.StringIO()
        csv.writer(written, lineterminator="\r\n").writerows(r[:drop] + r[drop + 1 :] for r in rows)
        return written.getvalue().encode("utf-8")

    with monkeypatch.context() as patch:
        patch.setattr(datapackage, "facts_csv", older)
        patch.setattr(opendata, "facts_csv", older)
        build_all(folder, out)
    assert b"project_code" not in (out / "figures.csv").read_bytes()
    again = build_county(folder, Settings(out, ("data",), workers=1))
    assert not again.failed and [o.status for o in again.outcomes] == [Status.built]
    rows = package_rows(out / "datapackage.json")
    assert {r["project_code"] for r in rows} >= {"131024210000000000001"}
    assert (out / "figures.csv").read_bytes() == (
        out / "323099-2021" / "323099-2021.csv"
    ).read_bytes()


# -- a department's package: its figures by unit, its units' projects under their codes ---------


def test_a_departments_figures_by_unit_are_rows_under_each_units_code(tmp_path: Path) -> None:
    text = CONSOLIDATED + UNIT_TOTALS.replace(", three_public: 1.00}", "}")
    built, _ = build_data(tmp_path, text, "department.yaml")
    rows = package_rows(built.files[1])  # validates, the primary key included
    by_unit = {  # as frictionless reads them: an empty field is None
        (r["unit_code"], r["unit_name"], r["row_key"], r["column_key"]): (
            r["amount"],
            r["spending_part"],
            r["is_total"],
        )
        for r in rows
        if r["table_id"] == "units"
    }
    here, other, own = (
        ("323001", "测试县测试局本级"),
        ("323002", "测试县测试站"),
        ("323", "测试县测试局"),
    )
    assert by_unit == {
        (*here, "323001", "revenue_total"): (Decimal("180.00"), None, True),
        (*here, "323001", "basic"): (Decimal("100.00"), "basic", False),
        (*here, "323001", "projects"): (Decimal("80.00"), "projects", False),
        (*here, "323001", "expenditure_total"): (Decimal("180.00"), None, True),
        (*here, "323001", "three_public"): (Decimal("2.40"), None, False),
        (*other, "323002", "revenue_total"): (Decimal("120.00"), None, True),
        (*other, "323002", "basic"): (Decimal("40.00"), "basic", False),
        (*other, "323002", "projects"): (Decimal("80.00"), "projects", False),
        (*other, "323002", "expenditure_total"): (Decimal("120.00"), None, True),
        # no “三公” of its own published: no row, as its cell is blank
        (*own, "total", "revenue_total"): (Decimal("300.00"), None, True),
        (*own, "total", "basic"): (Decimal("140.00"), "basic", True),
        (*own, "total", "projects"): (Decimal("160.00"), "projects", True),
        (*own, "total", "expenditure_total"): (Decimal("300.00"), None, True),
        (*own, "total", "three_public"): (Decimal("3.40"), None, True),  # the department's
    }
    # the figures are the document's, cell by cell
    [department] = check([tmp_path / "department.yaml"]).documents
    [table] = [
        block
        for _, section in department.document().walk()
        for block in section.blocks
        if isinstance(block, Table) and block.spec == "department_units"
    ]
    shown = [c.figure.value for g in table.body for row in g.rows for c in row if c.figure]
    assert [r["amount"] for r in rows if r["table_id"] == "units"] == shown


def test_a_departments_projects_are_rows_under_their_units_codes(tmp_path: Path) -> None:
    department, built = build_sample("sample_data/323/department.yaml", tmp_path, ("data",))
    assert isinstance(department, CheckedDepartment)
    rows = package_rows(built.files[1])
    owners = {
        project.code.value: (unit.unit.info.code.value, unit.unit.info.name.value)
        for unit in department.units
        for project in unit.unit.projects
    }
    projects = {
        r["project_code"]: (r["unit_code"], r["unit_name"])
        for r in rows
        if r["table_id"] == "project"
    }
    assert len(set(owners.values())) == 3 and projects == owners


def test_a_department_with_unit_files_has_a_row_per_unit_and_its_projects_under_theirs(
    tmp_path: Path,
) -> None:
    checked = department_of(tmp_path, DEPARTMENT)
    [department] = [d for d in checked.documents if isinstance(d, CheckedDepartment)]
    built = build_source(department, checked, tmp_path / "out", ("data",))
    rows = package_rows(built.files[1])
    by_unit = {
        (r["row_key"], r["column_key"]): (r["unit_code"], r["amount"])
        for r in rows
        if r["table_id"] == "units" and r["column_key"] in ("basic", "expenditure_total")
    }
    assert by_unit == {  # each unit: 基本 70.00 (人员 60, 公用 10), 项目 80.00
        ("323099", "basic"): ("323099", Decimal("70.00")),
        ("323099", "expenditure_total"): ("323099", Decimal("150.00")),
        ("323098", "basic"): ("323098", Decimal("70.00")),
        ("323098", "expenditure_total"): ("323098", Decimal("150.00")),
        ("total", "basic"): ("323", Decimal("140.00")),
        ("total", "expenditure_total"): ("323", Decimal("300.00")),
    }
    projects = {r["project_code"]: r["unit_code"] for r in rows if r["table_id"] == "project"}
    assert projects == {
        "131024210000000000001": "323099",
        "131024210000000000002": "323099",
        "131024210000000000011": "323098",
        "131024210000000000012": "323098",
    }
