"""A department's standard tables (TABLES.md X9): the sum of its units' lines, each unit once, or
its own consolidated lines; where it states both, each of its lines must be its units' sum."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import CLEAN_UNIT, line_of, table, write
from test_shown import by_code, html_tables
from test_standard_tables import UNIT

from docgen.build import build_source
from docgen.check import Checked, CheckedDepartment, check
from docgen.document.blocks import Section, Table

# Two units of one department, the clean unit and a copy under its own code and project codes:
# each spends 人员 60 (2080101 40, 2080505 20), 公用 10, projects 30 and 基金 50.
OTHER_UNIT = (
    UNIT.replace('code: "323099"', 'code: "323098"')
    .replace("测试县测试中心", "测试县测试站")
    .replace("0000000000001", "0000000000011")
    .replace("0000000000002", "0000000000012")
)
DEPARTMENT = """\
kind: department
scope: full
year: 2021
department: {code: "323", name: 测试县测试局}
units: [a.yaml, b.yaml]
overall_goal: 完成全年工作。
"""
# The department's own lines, as its consolidated tables print them: the sum of the two units'.
OWN_LINES = """\
tables:
  spending:
    - {code: "2080101", name: 行政运行, source: general_budget, personnel: 80.00, public: 20.00}
    - {code: "2080505", name: 机关事业单位基本养老保险缴费支出, source: general_budget, personnel: 40.00}
    - {code: "2080107", name: 社会保险业务管理事务, source: general_budget, projects: 60.00}
    - {code: "2120805", name: 补助被征地农民支出, source: government_fund, projects: 100.00}
  economic:
    - {code: "30101", name: 基本工资, amount: 80.00}
    - {code: "30108", name: 机关事业单位基本养老保险缴费, amount: 40.00}
    - {code: "30201", name: 办公费, amount: 17.60}
    - {code: "30231", name: 公务用车运行维护费, amount: 2.40}
"""


def department_of(tmp_path: Path, department: str, a: str = UNIT, b: str = OTHER_UNIT) -> Checked:
    write(tmp_path, a, "a.yaml")
    write(tmp_path, b, "b.yaml")
    return check([write(tmp_path, department, "department.yaml")])


def checked_department(checked: Checked) -> CheckedDepartment:
    [department] = [d for d in checked.documents if isinstance(d, CheckedDepartment)]
    return department


def shown_rows(department: CheckedDepartment, anchor: str) -> dict[str, list[str]]:
    [section] = [s for s in department.document().sections if s.anchor == "tables"]
    [child] = [c for c in section.children if isinstance(c, Section) and c.anchor == anchor]
    [shown] = [b for b in child.blocks if isinstance(b, Table)]
    return {row[0].text: [cell.text for cell in row[2:]] for row in shown.body[0].rows}


def test_a_departments_tables_are_its_units_lines_added(tmp_path: Path) -> None:
    checked = department_of(tmp_path, DEPARTMENT)
    assert table(checked.findings) == []
    department = checked_department(checked)
    assert department.has_tables
    t3 = shown_rows(department, "tables-T3")  # 合计, 基本 (小计, 人员, 公用), 项目
    assert t3[""] == ["300.00", "140.00", "120.00", "20.00", "160.00"]
    assert t3["2080101"] == ["100.00", "100.00", "80.00", "20.00", "0.00"]
    assert shown_rows(department, "tables-T6")["30231"] == ["2.40", "0.00", "2.40"]
    built = build_source(department, checked, tmp_path / "out", ("html", "xlsx"))
    assert built.ok, built.findings
    [page] = [p for p in built.files if p.suffix == ".html"]
    rows = by_code(html_tables(page)["支出总表"])
    assert rows["2120805"] == [Decimal(v) for v in ("100.00", "0.00", "0.00", "0.00", "100.00")]
    assert rows[""][0] == Decimal("300.00")
    assert [p.suffix for p in built.files] == [".html", ".xlsx"]


def test_a_department_line_that_is_not_its_units_sum_is_an_error_there(tmp_path: Path) -> None:
    text = DEPARTMENT + OWN_LINES.replace("projects: 60.00}", "projects: 60.01}").replace(
        '    - {code: "30231", name: 公务用车运行维护费, amount: 2.40}\n', ""
    )
    checked = department_of(tmp_path, text)
    found = [(f.location.line, f.code, f.args["stated"], f.args["units"]) for f in checked.findings]
    assert found == [
        (line_of(text, "projects: 60.01"), "department-tables-mismatch", "60.01", "60.00"),
        (line_of(text, "tables:"), "department-tables-mismatch", "0.00", "2.40"),  # left out
    ]
    assert checked.findings[0].args["what_zh"] == "2080107 一般公共预算 项目支出"


def test_a_departments_own_lines_that_are_its_units_sum_are_clean(tmp_path: Path) -> None:
    checked = department_of(tmp_path, DEPARTMENT + OWN_LINES)
    assert table(checked.findings) == []


def test_a_department_whose_units_give_no_lines_shows_its_own(tmp_path: Path) -> None:
    other = CLEAN_UNIT.replace('code: "323099"', 'code: "323098"').replace(
        "0000000000001", "0000000000011"
    )
    other = other.replace("0000000000002", "0000000000012").replace("测试中心", "测试站")
    checked = department_of(tmp_path, DEPARTMENT + OWN_LINES, CLEAN_UNIT, other)
    assert table(checked.findings) == []
    department = checked_department(checked)
    assert shown_rows(department, "tables-T3")[""] == [
        "300.00",
        "140.00",
        "120.00",
        "20.00",
        "160.00",
    ]
    without = checked_department(department_of(tmp_path / "plain", DEPARTMENT, CLEAN_UNIT, other))
    assert not without.has_tables
    assert all(s.anchor != "tables" for s in without.document().sections)
