"""A department and its unit files: resolution, cross-file identities, sums."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, line_of, table, write

from docgen.check import check
from docgen.checked import CheckedDepartment
from docgen.messages import render_message

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


# Each figure a department states, one cent off its two units' sum, as (the line as written,
# the line a cent off, what the messages name it in Chinese and English, the sum).
STATED_FIGURES = [
    pytest.param(
        "revenue_total: 300.00",
        "revenue_total: 300.01",
        ("部门收入合计", "department revenue"),
        "300.00",
        id="revenue_total",
    ),
    pytest.param(
        "  projects: 160.00",
        "  projects: 160.01",
        ("部门项目支出", "department projects"),
        "160.00",
        id="projects",
    ),
    pytest.param(
        "three_public_total: 3.40",
        "three_public_total: 3.41",
        ("部门“三公”经费合计", "department 三公 total"),
        "3.40",
        id="three_public_total",
    ),
    pytest.param(
        "stated:\n",
        "stated:\n  expenditure_total: 300.01\n",
        ("部门支出合计", "department expenditure"),
        "300.00",
        id="expenditure_total",
    ),
    pytest.param(
        "stated:\n",
        "stated:\n  basic: 140.01\n",
        ("部门基本支出", "department basic expenditure"),
        "140.00",
        id="basic",
    ),
]


@pytest.mark.parametrize(("old", "new", "what", "computed"), STATED_FIGURES)
def test_each_figure_a_department_states_is_held_to_its_units_sum(
    tmp_path: Path, old: str, new: str, what: tuple[str, str], computed: str
) -> None:
    text = DEPARTMENT.replace(old, new)
    stated = new.rsplit(" ", 1)[1].strip()
    findings = check([county(tmp_path, text)]).sorted_findings()
    assert [
        (f.location.line, f.code, f.value, render_message(f, "zh"), render_message(f, "en"))
        for f in findings
    ] == [
        (
            line_of(text, new.strip().splitlines()[-1]),
            "sum-mismatch",
            stated,
            f"{what[0]}：原文为 {stated}，按各项计算应为 {computed}，相差 +0.01",
            f"{what[1]}: stated {stated}, the parts add up to {computed}, a difference of +0.01",
        )
    ]


def test_a_change_a_department_states_is_held_to_its_units_two_years(tmp_path: Path) -> None:
    text = DEPARTMENT + (
        "  changes:\n    total: {word: 增加, amount: 10.01}\n"
        "    projects: {word: 增加, amount: 0.00}\n"
    )
    findings = check([county(tmp_path, text)]).sorted_findings()
    assert [(f.location.line, f.code, render_message(f, "en")) for f in findings] == [
        (
            line_of(text, "amount: 10.01"),
            "change-mismatch",
            "the budget total vs last year: stated 增加 10.01, the two years give 增加 10.00 "
            "(difference +0.01)",
        ),
        (
            line_of(text, "projects: {word: 增加"),
            "change-word-mismatch",
            "project expenditure vs last year: the word '增加' does not match the change +0.00; "
            "expected '持平'",
        ),
    ]


def test_a_unit_with_only_project_targets_cannot_be_part_of_a_full_department(
    tmp_path: Path,
) -> None:
    path = county(tmp_path, b=second_unit().replace("scope: full", "scope: performance"))
    assert [
        (Path(f.location.file).name, f.location.line, f.code, render_message(f, "zh"))
        for f in check([path]).findings
    ] == [
        (
            "b.yaml",
            line_of(CLEAN_UNIT, "scope: full"),
            "department-unit-scope",
            "部门按全文公开（scope: full），单位文件“323098”却只有项目绩效（scope: performance）",
        )
    ]


def test_a_unit_of_another_year_or_department_says_both(tmp_path: Path) -> None:
    other = (
        second_unit()
        .replace("year: 2021", "year: 2020", 1)
        .replace("department: 测试县测试局", "department: 别的局")
    )
    path = county(tmp_path, DEPARTMENT.split("stated:", maxsplit=1)[0], other)
    found = [
        (f.location.line, f.code, f.value, render_message(f, "zh"), render_message(f, "en"))
        for f in check([path]).sorted_findings()
        if f.code.startswith("department")
    ]
    assert found == [
        (
            line_of(other, "year: 2020"),
            "department-unit-year",
            "323098",
            "单位文件“323098”的年度 2020 与部门年度 2021 不一致",
            "unit file '323098' is for 2020, the department for 2021",
        ),
        (
            line_of(other, "department: 别的局"),
            "department-unit-parent",
            "别的局",
            "单位的主管部门写作“别的局”，与部门名称“测试县测试局”不一致",
            "the unit names its department '别的局', the department file '测试县测试局'",
        ),
    ]


def test_a_unit_listed_twice_names_where_it_was_listed_first(tmp_path: Path) -> None:
    path = county(tmp_path, b=CLEAN_UNIT)
    first = path.parent / "a.yaml"
    found = [
        (Path(f.location.file).name, f.location.line, f.value, render_message(f, "en"))
        for f in check([path]).sorted_findings()
    ]
    assert found == [
        (
            "b.yaml",
            line_of(CLEAN_UNIT, '"323099"'),
            "323099",
            f"unit '323099' is listed twice: first at {first}:{line_of(CLEAN_UNIT, '323099')}",
        ),
        (
            "b.yaml",
            line_of(CLEAN_UNIT, "131024210000000000001"),
            "131024210000000000001",
            "project code '131024210000000000001' is used twice: first at "
            f"{first}:{line_of(CLEAN_UNIT, '131024210000000000001')}",
        ),
        (
            "b.yaml",
            line_of(CLEAN_UNIT, "131024210000000000002"),
            "131024210000000000002",
            "project code '131024210000000000002' is used twice: first at "
            f"{first}:{line_of(CLEAN_UNIT, '131024210000000000002')}",
        ),
    ]


@pytest.mark.parametrize("placeholder", ["##部门目标##", "XXX"])
def test_a_placeholder_in_the_departments_own_text_is_never_published(
    tmp_path: Path, placeholder: str
) -> None:
    text = DEPARTMENT.replace("完成全年工作。", f"完成{placeholder}工作。")
    checked = check([county(tmp_path, text)])
    [finding] = checked.findings
    assert (finding.location.line, finding.location.column, finding.code) == (
        line_of(text, "overall_goal"),
        15,
        "placeholder",
    )
    assert finding.location.file.endswith("department.yaml")
    assert finding.args["placeholder"] == placeholder
