"""The checks across the files of a county (docgen/rules/county.py), in one process.

Each rule is broken once in a seeded synthetic county (bench/make_county.py: six units in
departments of 3, 2 and 1, every identity holding) and must be reported at the file and line
that says it, with the place of the file it conflicts with; `tests/test_batch.py` sees the same
findings through `build-all`.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, edit, write

from docgen.check import check
from docgen.checked import CheckedDepartment, CheckedUnit
from docgen.compute import department_totals, unit_totals
from docgen.findings import Location
from docgen.rules.county import (
    Entry,
    check_county,
    member_path,
    same_file,
    slug_of,
    unit_entry,
)
from docgen.terms import Kind

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from make_county import make_county

Row = tuple[str, str, int, int, str, dict[str, str]]
ACROSS = ("county-", "department-unit-outside", "department-unit-missing", "department-unit-kind")


@pytest.fixture
def county(tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    make_county(folder, 6, seed=1)
    return folder


def across(county: Path, *paths: Path) -> list[Row]:
    """The findings across files of checking `paths` (the county file when none), with each
    file relative to the county."""
    checked = check(list(paths) or [county / "county.yaml"])
    return [
        (
            f.code,
            Path(f.location.file).relative_to(county).as_posix(),
            f.location.line,
            f.location.column,
            f.value,
            {k: v.replace(f"{county}/", "") for k, v in f.args.items()},
        )
        for f in checked.sorted_findings()
        if f.code.startswith(ACROSS)
    ]


def test_the_synthetic_county_has_nothing_across_its_files(county: Path) -> None:
    assert across(county) == []


def test_a_code_used_twice_is_reported_at_the_later_file_with_the_first(county: Path) -> None:
    edit(county / "102" / "102001.yaml", 'code: "102001"', 'code: "101001"')
    assert across(county) == [
        (
            "county-code-duplicate",
            "102/102001.yaml",
            6,
            9,
            "101001",
            {"first": "101/101001.yaml:6"},
        ),
    ]


def test_the_same_code_in_another_year_is_another_document(county: Path) -> None:
    # <code>-<year> names the outputs: 101001 of 2021 and of 2022 do not collide.
    assert slug_of("101001", 2022) == "101001-2022"
    for path in (county / "102" / "102001.yaml", county / "102" / "department.yaml"):
        edit(path, "year: 2021", "year: 2022")
    edit(county / "102" / "102001.yaml", 'code: "102001"', 'code: "101001"')
    assert [row[0] for row in across(county)] == ["county-year", "county-year"]


def test_a_unit_named_by_two_departments_in_one_folder_is_shared(county: Path) -> None:
    # Without a county file only the rules that double-count or collide apply.
    folder = county / "101"
    twin = (folder / "department.yaml").read_text(encoding="utf-8")
    twin = twin.replace('code: "101"', 'code: "109"').replace('  - "101002.yaml"\n', "")
    twin = twin.replace('  - "101003.yaml"\n', "")
    (folder / "twin.yaml").write_text(twin, encoding="utf-8")
    found = check_county(None, check([folder]).entries)
    assert [(f.code, f.location, f.value, f.args) for f in found] == [
        (
            "county-unit-shared",
            (str(folder / "twin.yaml"), 9, 5),
            str(folder / "101001.yaml"),
            {"first": f"{folder / 'department.yaml'}:9"},
        ),
    ]


def test_a_unit_named_twice_by_its_own_department_is_not_shared(county: Path) -> None:
    edit(county / "103" / "department.yaml", '  - "103001.yaml"\n', '  - "103001.yaml"\n' * 2)
    assert across(county) == []


def test_a_unit_in_no_department_is_an_orphan(county: Path) -> None:
    edit(county / "102" / "department.yaml", '  - "102002.yaml"\n', "")
    orphan = check([county / "county.yaml"])  # the unit is still checked: it is in the folder
    assert [f.location.file for f in orphan.findings if f.code == "county-unit-orphan"] == [
        str(county / "102" / "102002.yaml")
    ]
    rows = across(county)
    assert rows == [
        ("county-unit-orphan", "102/102002.yaml", 6, 9, "示例县医疗保障局宣传教育中心", {})
    ]


def test_a_department_the_county_does_not_list(county: Path) -> None:
    edit(county / "county.yaml", '  - "103/department.yaml"\n', "")
    assert across(county) == [
        (
            "county-department-unlisted",
            "103/department.yaml",
            6,
            9,
            "示例县退役军人事务局",
            {"county": "county.yaml"},
        ),
    ]


def test_a_department_listed_as_dot_slash_is_the_same_department(county: Path) -> None:
    edit(county / "county.yaml", '"103/department.yaml"', '"./103/./department.yaml"')
    assert across(county) == []


def test_departments_listed_twice_missing_or_outside_the_county(county: Path) -> None:
    edit(
        county / "county.yaml",
        '  - "103/department.yaml"\n',
        '  - "103/department.yaml"\n  - "./103/department.yaml"\n'
        '  - "104/department.yaml"\n  - "../elsewhere/department.yaml"\n'
        f'  - "{county}/103/department.yaml"\n',
    )
    assert across(county) == [
        (
            "county-department-duplicate",
            "county.yaml",
            10,
            5,
            "./103/department.yaml",
            {"first": "county.yaml:9"},
        ),
        ("county-department-missing", "county.yaml", 11, 5, "104/department.yaml", {}),
        ("county-department-outside", "county.yaml", 12, 5, "../elsewhere/department.yaml", {}),
        ("county-department-outside", "county.yaml", 13, 5, f"{county}/103/department.yaml", {}),
    ]


def test_a_unit_file_listed_as_a_department(county: Path) -> None:
    edit(county / "county.yaml", '  - "103/department.yaml"\n', '  - "103/103001.yaml"\n')
    rows = across(county)
    assert ("county-department-kind", "county.yaml", 9, 5, "103/103001.yaml", {}) in rows
    assert "county-department-unlisted" in [row[0] for row in rows]


def test_a_listed_department_that_cannot_be_read_is_not_called_a_unit(county: Path) -> None:
    # The department's own error is the finding: a file that has no model is no entry, and no
    # entry says it is anything but a department.
    edit(county / "103" / "department.yaml", 'code: "103"', "code: 103.5")
    findings = check([county / "county.yaml"]).sorted_findings()
    assert [
        (f.code, Path(f.location.file).relative_to(county).as_posix())
        for f in findings
        if f.code in ("code-mangled", "county-department-kind")
    ] == [("code-mangled", "103/department.yaml")]


def test_a_department_in_another_year(county: Path) -> None:
    edit(county / "103" / "department.yaml", "year: 2021", "year: 2022")
    assert ("county-year", "103/department.yaml", 3, 7, "示例县退役军人事务局") in [
        row[:5] for row in across(county)
    ]
    year = next(row for row in across(county) if row[0] == "county-year")
    assert year[5] == {"year": "2021", "year_of": "2022"}


def test_a_unit_in_another_year_is_located_at_its_year(county: Path) -> None:
    edit(county / "103" / "103001.yaml", "year: 2021", "year: 2020")
    year = [row for row in across(county) if row[0] == "county-year"]
    assert [row[1:4] for row in year] == [("103/103001.yaml", 3, 1)]
    assert year[0][5] == {"year": "2021", "year_of": "2020"}


def test_unit_files_a_department_cannot_reach(county: Path) -> None:
    edit(
        county / "103" / "department.yaml",
        '  - "103001.yaml"\n',
        '  - "103001.yaml"\n  - "103009.yaml"\n  - "../102/102001.yaml"\n'
        f'  - "{county}/103/103001.yaml"\n',
    )
    rows = [row for row in across(county) if row[0].startswith("department-unit")]
    assert rows == [
        ("department-unit-missing", "103/department.yaml", 10, 5, "103009.yaml", {}),
        ("department-unit-outside", "103/department.yaml", 11, 5, "../102/102001.yaml", {}),
        (
            "department-unit-outside",
            "103/department.yaml",
            12,
            5,
            f"{county}/103/103001.yaml",
            {},
        ),
    ]


def test_a_department_named_as_a_unit(tmp_path: Path) -> None:
    unit = write(tmp_path, CLEAN_UNIT, "a/unit.yaml")
    inner = (
        'kind: department\nscope: full\nyear: 2021\ndivision_code: "131024"\n'
        'department:\n  code: "323"\n  name: 测试县测试局\nunits:\n  - "unit.yaml"\n'
    )
    write(tmp_path, inner, "a/inner.yaml")
    outer = inner.replace('code: "323"', 'code: "324"').replace('"unit.yaml"', '"inner.yaml"')
    department = write(tmp_path, outer, "a/department.yaml")
    kinds = [
        (f.code, f.location.line, f.value)
        for f in check([department]).findings
        if f.code == "department-unit-kind"
    ]
    assert kinds == [("department-unit-kind", 9, "inner.yaml")]
    assert unit.is_file()


def test_a_member_is_a_file_inside_the_folder_that_names_it(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    assert member_path(tmp_path, "a/b.yaml") == (tmp_path / "a" / "b.yaml").resolve()
    assert member_path(tmp_path, "a/../b.yaml") == (tmp_path / "b.yaml").resolve()
    assert member_path(tmp_path / "a", "../b.yaml") is None
    assert member_path(tmp_path, str(tmp_path / "b.yaml")) is None
    assert same_file("a/./b.yaml") == same_file("a/b.yaml") == "a/b.yaml"


def test_a_units_entry_is_what_the_county_reads_of_it(tmp_path: Path) -> None:
    path = write(tmp_path, CLEAN_UNIT)
    (document,) = check([path]).documents
    assert isinstance(document, CheckedUnit)
    assert document.entry() == Entry(
        kind=Kind.unit,
        slug="323099-2021",
        code="323099",
        code_loc=Location(str(path), 6, 9),
        name="测试县测试中心",
        year=2021,
        year_loc=Location(str(path), 3, 1),
        file=str(path),
        parent="测试县测试局",
        unit_files=(),
        totals=unit_totals(document.figures),
    )
    alone = replace(document.unit, info=replace(document.unit.info, department=None))
    assert unit_entry(alone, document.figures).parent == ""  # a unit naming no 主管部门


def test_a_departments_entry_names_the_unit_files_it_reaches(county: Path) -> None:
    department = county / "103" / "department.yaml"
    edit(department, '  - "103001.yaml"\n', '  - "./103001.yaml"\n  - "../102/102001.yaml"\n')
    documents = check([department]).documents
    (entry,) = [d.entry() for d in documents if isinstance(d, CheckedDepartment)]
    assert (entry.kind, entry.slug, entry.code, entry.name, entry.year) == (
        Kind.department,
        "103-2021",
        "103",
        "示例县退役军人事务局",
        2021,
    )
    assert (entry.code_loc, entry.year_loc) == (
        Location(str(department), 6, 9),
        Location(str(department), 3, 7),
    )
    assert (entry.file, entry.parent) == (str(department), "")
    # Only a file inside its folder, by the name it is compared under (no ./).
    assert entry.unit_files == (
        (str(county / "103" / "103001.yaml"), Location(str(department), 9, 5)),
    )
    (document,) = [d for d in documents if isinstance(d, CheckedDepartment)]
    assert entry.totals == department_totals(document.figures)
