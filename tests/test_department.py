"""A department and its unit files: resolution, cross-file identities, sums."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import CLEAN_UNIT, line_of, table, write

from docgen.check import check
from docgen.checked import CheckedDepartment

DEPARTMENT = """\
kind: department
scope: full
year: 2021
department:
  code: "323"
  name: 测试县测试局
units:
  - a.yaml
  - b.yaml
overall_goal: 完成全年工作。
sub_goals:
  - {title: 测试目标, goal: 完成测试。, indicators: 测试100次。}
measures:
  - 加强管理。
stated:
  revenue_total: 300.00
  projects: 160.00
  three_public_total: 3.40
"""


def second_unit(text: str = CLEAN_UNIT) -> str:
    return (
        text.replace('code: "323099"', 'code: "323098"')
        .replace("131024210000000000001", "131024210000000000011")
        .replace("131024210000000000002", "131024210000000000012")
    )


def county(tmp_path: Path, department: str = DEPARTMENT, b: str | None = None) -> Path:
    write(tmp_path, CLEAN_UNIT, "dept/a.yaml")
    write(tmp_path, second_unit() if b is None else b, "dept/b.yaml")
    return write(tmp_path, department, "dept/department.yaml")


def test_department_sums_its_units(tmp_path: Path) -> None:
    checked = check([county(tmp_path)])
    assert table(checked.findings) == []
    (document,) = checked.documents
    assert isinstance(document, CheckedDepartment)
    assert [u.unit.info.code.value for u in document.units] == ["323099", "323098"]
    figures = document.figures
    assert (figures.revenue_total, figures.projects_total, figures.project_count) == (
        Decimal("300.00"),
        Decimal("160.00"),
        4,
    )
    assert figures.changes["total"].delta == Decimal("10.00")
    assert figures.three_public_total == Decimal("3.40")
    assert figures.project_numbers == ((1, 2), (3, 4))


def test_a_stated_department_figure_one_cent_off_is_located(tmp_path: Path) -> None:
    path = county(tmp_path, DEPARTMENT.replace("projects: 160.00", "projects: 160.01"))
    findings = check([path]).sorted_findings()
    assert [(f.location.file, f.location.line, f.code) for f in findings] == [
        (str(path), line_of(DEPARTMENT, "projects: 160.00"), "sum-mismatch"),
    ]


def test_unit_findings_point_into_the_unit_file(tmp_path: Path) -> None:
    broken = second_unit().replace("  total: 65.00", "  total: 65.10")
    path = county(tmp_path, b=broken)
    findings = check([path]).sorted_findings()
    assert [(Path(f.location.file).name, f.location.line, f.code) for f in findings] == [
        ("b.yaml", line_of(broken, "total: 65.10"), "sum-mismatch"),
    ]


def test_missing_and_escaping_unit_files_are_located(tmp_path: Path) -> None:
    write(tmp_path, CLEAN_UNIT, "outside.yaml")
    text = DEPARTMENT.replace("  - b.yaml", "  - c.yaml\n  - ../outside.yaml\n  - /etc/passwd.yaml")
    findings = check([county(tmp_path, text)]).sorted_findings()
    assert [(f.location.line, f.code) for f in findings if f.code.startswith("department")] == [
        (9, "department-unit-missing"),
        (10, "department-unit-outside"),
        (11, "department-unit-outside"),
    ]


def test_a_unit_listed_twice_and_shared_project_codes(tmp_path: Path) -> None:
    path = county(tmp_path, b=CLEAN_UNIT)  # b.yaml is a copy of a.yaml: same codes
    findings = check([path]).sorted_findings()
    assert sorted((Path(f.location.file).name, f.code) for f in findings) == [
        ("b.yaml", "department-unit-duplicate"),
        ("b.yaml", "project-code-duplicate"),
        ("b.yaml", "project-code-duplicate"),
    ]


def test_unit_of_another_year_or_department(tmp_path: Path) -> None:
    other = (
        second_unit()
        .replace("year: 2021", "year: 2020", 1)
        .replace("department: 测试县测试局", "department: 别的局")
    )
    path = county(tmp_path, DEPARTMENT.replace("stated:", "unused:").split("unused:")[0], other)
    found = sorted((f.code, f.location.line) for f in check([path]).findings)
    assert ("department-unit-year", line_of(other, "year: 2020")) in found
    assert ("department-unit-parent", line_of(other, "department: 别的局")) in found


def test_a_unit_named_directly_and_by_its_department_reports_once(tmp_path: Path) -> None:
    broken = second_unit().replace("  total: 65.00", "  total: 65.10")
    path = county(tmp_path, b=broken)
    checked = check([path, path.parent / "b.yaml"])
    assert [f.code for f in checked.findings] == ["sum-mismatch"]


def test_a_broken_unit_does_not_make_the_department_sums_look_wrong(tmp_path: Path) -> None:
    broken = second_unit().replace("personnel: 60.00", "personnel: sixty")
    findings = check([county(tmp_path, b=broken)]).findings
    assert [(Path(f.location.file).name, f.code) for f in findings] == [
        ("b.yaml", "schema-type"),
    ]
