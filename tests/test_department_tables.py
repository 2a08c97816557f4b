"""A department's standard tables (TABLES.md X9): the sum of its units' lines, each unit once, or
its own consolidated lines; where it states both, each of its lines must be its units' sum."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import CLEAN_UNIT, docx_text, line_of, pdf_text, table, write
from test_profile_sections import SHIPPED
from test_shown import by_code, html_tables
from test_standard_tables import UNIT

from docgen.build import build_source
from docgen.check import Checked, CheckedDepartment, check
from docgen.document.blocks import Paragraph, Section, Table
from docgen.messages import render_message
from docgen.profiles import ProfileError, find_profile

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


ERROR = "operating-outside-natures"


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


# -- a department that publishes consolidated figures without unit files (X9, second case) -----

# The two units' sums, stated by the department itself: no unit files.
CONSOLIDATED = (
    DEPARTMENT.replace("units: [a.yaml, b.yaml]\n", "")
    + """\
revenue:
  general_budget: 200.00
  government_fund: 100.00
  carryover: 0.00
  total: 300.00
expenditure:
  personnel: 120.00
  public: 20.00
  projects_total: 160.00
  total: 300.00
three_public:
  this_year: {overseas: 0.00, vehicle_purchase: 0.00, vehicle_operation: 2.40, reception: 1.00}
"""
    + OWN_LINES
)


def consolidated(tmp_path: Path, text: str = CONSOLIDATED) -> Checked:
    return check([write(tmp_path, text, "department.yaml")])


def test_a_department_without_unit_files_builds_its_own_tables(tmp_path: Path) -> None:
    checked = consolidated(tmp_path)
    assert table(checked.findings) == []
    department = checked_department(checked)
    assert department.units == ()
    assert department.totals().expenditure_total == Decimal("300.00")
    assert shown_rows(department, "tables-T3")[""] == [
        "300.00",
        "140.00",
        "120.00",
        "20.00",
        "160.00",
    ]
    built = build_source(department, checked, tmp_path / "out", ("html", "docx", "pdf", "xlsx"))
    assert built.ok, built.findings
    html_page, pdf, docx_file, _ = built.files
    rows = by_code(html_tables(html_page)["支出总表"])
    assert rows["2120805"] == [Decimal(v) for v in ("100.00", "0.00", "0.00", "0.00", "100.00")]
    assert rows[""] == [Decimal(v) for v in ("300.00", "140.00", "120.00", "20.00", "160.00")]
    # no rows by unit given: no table by unit, rather than its 合计 standing for one
    assert "部门预算按单位汇总" not in html_tables(html_page)
    assert all("部门预算安排总体情况" not in s.heading for s in department.document().sections)
    words = docx_text(docx_file)
    assert "一般公共预算“三公”经费支出表" in words
    assert "补助被征地农民支出" in words
    assert "2120805 补助被征地农民支出 100.00 0.00 0.00 0.00 100.00" in pdf_text(pdf)


def test_a_department_without_unit_files_is_laid_out_in_its_profile(tmp_path: Path) -> None:
    text = CONSOLIDATED.replace("year: 2021\n", "year: 2021\nprofile: shanghai-district\n")
    department = checked_department(consolidated(tmp_path, text))
    assert department.profile is not None
    assert department.profile.name == "上海市区级部门预算公开"
    [section] = [s for s in department.document().sections if s.anchor == "tables"]
    assert [c.heading for c in section.children][:3] == [
        "财务收支预算总表",
        "部门收入预算总表",
        "部门支出预算总表",
    ]


def test_a_department_without_unit_files_is_held_to_a_units_identities(tmp_path: Path) -> None:
    text = CONSOLIDATED.replace("projects_total: 160.00", "projects_total: 160.10").replace(
        "name: 办公费,", "name: 办公用品费,"
    )
    findings = consolidated(tmp_path, text).sorted_findings()
    projects = line_of(text, "projects_total")
    total = projects + 1  # the 支出合计 below it
    assert table(findings) == [
        (projects, 19, "tables-text-mismatch"),  # 项目支出 against the lines' (X8)
        (total, 10, "sum-mismatch"),  # 支出合计 = 基本 + 项目 (identity 1)
        (total, 10, "unbalanced"),  # T1: 收入总计 = 支出总计 (I3)
        (line_of(text, "办公用品费"), 29, "classification-name"),  # N4
    ]


def test_a_department_with_neither_unit_files_nor_tables_is_an_error(tmp_path: Path) -> None:
    text = DEPARTMENT.replace("units: [a.yaml, b.yaml]\n", "")
    assert table(consolidated(tmp_path, text).findings) == [(1, 1, "department-no-units")]


def test_a_department_with_unit_files_states_no_figures_of_a_units_form(tmp_path: Path) -> None:
    text = DEPARTMENT + "amount_unit: 万元\nrevenue:\n  general_budget: 200.00\n"
    checked = department_of(tmp_path, text)
    # its amount_unit is its units' money unit, in which its stated: are read: not a figure
    assert table(checked.findings) == [(line_of(text, "revenue"), 1, "department-own-figures")]
    assert checked.findings[0].args["key"] == "revenue"


def test_a_department_naming_a_profile_lays_its_units_tables_out_in_it(tmp_path: Path) -> None:
    text = DEPARTMENT.replace("year: 2021\n", "year: 2021\nprofile: shanghai-district\n")
    department = checked_department(department_of(tmp_path, text))
    [section] = [s for s in department.document().sections if s.anchor == "tables"]
    assert section.children[2].heading == "部门支出预算总表"
    seeds = checked_department(department_of(tmp_path / "seeds", DEPARTMENT))
    [section] = [s for s in seeds.document().sections if s.anchor == "tables"]
    assert section.children[2].heading == "支出总表"


def test_a_departments_own_lines_are_checked_against_the_code_lists(tmp_path: Path) -> None:
    # Its units' lines are checked as their own; a department with unit files states its own
    # lines too, checked by the same rule: a mis-named, an unknown and a repeated line.
    text = DEPARTMENT + OWN_LINES.replace("name: 办公费,", "name: 办公用品费,").replace(
        "  economic:\n",
        '    - {code: "2210209", source: general_budget, personnel: 0.00}\n'
        '    - {code: "2080101", source: general_budget, personnel: 0.00}\n'
        "  economic:\n",
    )
    findings = department_of(tmp_path, text).sorted_findings()
    assert [(f.location.line, f.location.column, f.code) for f in findings] == [
        (line_of(text, "2210209"), 14, "classification-unknown"),
        (line_of(text, '"2080101", source'), 14, "tables-line-duplicate"),
        (line_of(text, "办公用品费"), 29, "classification-name"),
    ]


def department_headings(tmp_path: Path, profile: str) -> list[str]:
    write(tmp_path, SHIPPED + profile, "profiles/county-own.yaml")
    department = DEPARTMENT.replace("year: 2021\n", "year: 2021\nprofile: county-own\n")
    checked = department_of(tmp_path, department)
    assert table(checked.findings) == []
    return [section.heading for section in checked_department(checked).document().sections]


def test_the_department_document_follows_the_profiles_department_sections(
    tmp_path: Path,
) -> None:
    reordered = "department_sections:\n  - {section: tables, title: 部门预算表}\n  - goals\n"
    assert department_headings(tmp_path, reordered) == [
        "第一部分　部门预算表",
        "第二部分　部门整体绩效目标",
    ]
    assert department_headings(tmp_path / "seeds", "") == [
        "第一部分　部门整体绩效目标",
        "第二部分　部门预算安排总体情况",
        "第三部分　部门预算公开表",
        "第四部分　预算项目绩效目标",
    ]


def test_an_unknown_department_section_makes_the_profile_unusable(tmp_path: Path) -> None:
    write(tmp_path, SHIPPED + "department_sections: [goals, info]\n", "profiles/county-own.yaml")
    department = DEPARTMENT.replace("year: 2021\n", "year: 2021\nprofile: county-own\n")
    checked = department_of(tmp_path, department)
    [finding] = checked.findings
    assert (finding.code, finding.location.line) == (
        "profile-unknown",
        line_of(department, "profile:"),
    )
    assert "department_sections: 'info' is not one of" in finding.args["reason"]


def empty_statement(document_sections: tuple[Section, ...], anchor: str) -> str:
    [section] = [s for s in document_sections if s.anchor == "tables"]
    [child] = [c for c in section.children if isinstance(c, Section) and c.anchor == anchor]
    return " ".join(b.text for b in child.blocks if isinstance(b, Paragraph))


def test_an_empty_table_of_a_department_is_said_by_the_department(tmp_path: Path) -> None:
    with_units = checked_department(department_of(tmp_path / "units", DEPARTMENT))
    own = checked_department(consolidated(tmp_path / "own"))
    [unit] = check([write(tmp_path, UNIT, "unit.yaml")]).documents
    said = "无国有资本经营预算财政拨款安排的预算，故本表为空表。"
    assert empty_statement(with_units.document().sections, "tables-T9") == f"本部门{said}"
    assert empty_statement(own.document().sections, "tables-T9") == f"本部门{said}"
    assert empty_statement(unit.document().sections, "tables-T9") == f"本单位{said}"


# -- X6 for a department without unit files: the natures of the units its figures add up -------

NATURES = 'department: {code: "323", name: 测试县测试局, natures: [行政, 事业]}'
# 机关运行经费 25.00 against 公用经费 20.00 (T6's 302: 17.60 + 2.40; the 情况说明's public: 20.00).
OPERATING = "operating_costs:\n  amount: 25.00\n  purpose: 主要用于办公及印刷费\nthree_public:"


def with_natures(natures: str) -> str:
    text = CONSOLIDATED.replace("three_public:", OPERATING)
    return text.replace('department: {code: "323", name: 测试县测试局}', natures)


def test_a_department_without_unit_files_is_held_to_x6_by_its_units_natures(
    tmp_path: Path,
) -> None:
    text = with_natures(NATURES)
    found = [
        (f.location.line, f.location.column, f.code)
        for f in consolidated(tmp_path, text).sorted_findings()
    ]
    at = line_of(text, "amount: 25.00")
    assert found == [(at, 11, "operating-exceeds-economic"), (at, 11, "operating-exceeds-public")]
    # units of no administrative nature, or none named: 机关运行经费 is not held to 公用经费
    for natures in (
        NATURES.replace("行政, 事业", "事业"),
        'department: {code: "323", name: 测试县测试局}',
    ):
        assert table(consolidated(tmp_path / "other", with_natures(natures)).findings) == []


def test_a_profile_names_the_natures_held_to_x6(tmp_path: Path) -> None:
    write(tmp_path, SHIPPED + "operating_natures: [行政, 参公, 事业]\n", "profiles/county-own.yaml")
    text = with_natures(NATURES.replace("行政, 事业", "事业")).replace(
        "year: 2021\n", "year: 2021\nprofile: county-own\n"
    )
    found = [f.code for f in consolidated(tmp_path, text).sorted_findings()]
    assert found == ["operating-exceeds-economic", "operating-exceeds-public"]


def test_a_profile_whose_operating_natures_are_not_a_list_of_natures_is_unusable(
    tmp_path: Path,
) -> None:
    write(tmp_path, SHIPPED + "operating_natures: 行政\n", "profiles/county-own.yaml")
    with pytest.raises(ProfileError, match="operating_natures: a list of 单位性质"):
        find_profile("county-own", tmp_path / "department.yaml")
    assert find_profile("hebei-county").operating_natures == ("行政", "参公")


# -- X6: a unit of a nature that states no 机关运行经费 states none, unless its profile says so ---

# The clean unit as a 事业单位 (its 机关运行经费 8.00 within its 公用经费 10.00).
INSTITUTION = CLEAN_UNIT.replace("  nature: 行政\n", "  nature: 事业\n")
OPERATING_COSTS = "operating_costs:\n  amount: 8.00\n  purpose: 主要用于办公及印刷费\n"
NOT_GIVEN = "not_given: [operating_costs]\n"


def in_profile(text: str, profile: str) -> str:
    return text.replace("year: 2021\n", f"year: 2021\nprofile: {profile}\n", 1)


def test_a_unit_of_a_nature_that_states_no_operating_costs_is_told_to_state_none(
    tmp_path: Path,
) -> None:
    text = in_profile(INSTITUTION, "mof-eight")
    [finding] = check([write(tmp_path, text)]).findings
    at = line_of(text, "amount: 8.00")
    assert (finding.location.line, finding.location.column, finding.code) == (at, 11, ERROR)
    assert render_message(finding, "zh") == (
        "单位性质为事业，按公开格式只有行政、参公单位安排机关运行经费，应说明无机关运行经费，"
        "此处却为 8.00：写 0，或把 operating_costs 列入 not_given，"
        "或在公开格式的 operating_costs_stated_by 中列出事业"
    )
    assert render_message(finding, "en").startswith(
        "a unit of nature 事业 states no 机关运行经费 in this profile (only 行政、参公 units do), "
        "yet 8.00 is stated"
    )


def test_a_unit_states_its_operating_costs_where_its_nature_or_its_profile_allows(
    tmp_path: Path,
) -> None:
    stated_none = INSTITUTION.replace("amount: 8.00", "amount: 0.00")
    for number, text in enumerate(
        (
            in_profile(INSTITUTION, "hebei-county"),  # Hebei's 事业单位 state theirs
            in_profile(CLEAN_UNIT, "mof-eight"),  # a 行政 unit
            in_profile(CLEAN_UNIT.replace("nature: 行政", "nature: 参公"), "shanghai-district"),
            in_profile(stated_none, "mof-eight"),  # a 事业单位 stating it has none
            in_profile(INSTITUTION.replace(OPERATING_COSTS, NOT_GIVEN), "chongqing"),  # left out
        )
    ):
        assert table(check([write(tmp_path / str(number), text)]).findings) == []


def test_a_department_without_unit_files_states_operating_costs_if_one_of_its_units_may(
    tmp_path: Path,
) -> None:
    institutions = with_natures(NATURES.replace("行政, 事业", "事业"))
    within = institutions.replace("amount: 25.00", "amount: 15.00")  # 公用经费 20.00
    text = in_profile(within, "chongqing")
    found = table(consolidated(tmp_path, text).findings)
    assert found == [(line_of(text, "amount: 15.00"), 11, ERROR)]
    # one 行政 unit among them, or the Hebei profile, whose 事业单位 state theirs
    for number, other in enumerate(
        (in_profile(with_natures(NATURES), "chongqing"), in_profile(institutions, "hebei-county"))
    ):
        codes = {f.code for f in consolidated(tmp_path / str(number), other).findings}
        assert ERROR not in codes


def test_a_department_with_unit_files_has_each_unit_state_by_its_own_nature(
    tmp_path: Path,
) -> None:
    institution = in_profile(
        OTHER_UNIT.replace("  nature: 行政\n", "  nature: 事业\n"), "mof-eight"
    )
    checked = department_of(tmp_path, DEPARTMENT, in_profile(UNIT, "mof-eight"), institution)
    found = [(f.location.file, f.location.line, f.code) for f in checked.findings]
    assert found == [(str(tmp_path / "b.yaml"), line_of(institution, "amount: 8.00"), ERROR)]


def test_a_profile_names_the_natures_that_state_operating_costs(tmp_path: Path) -> None:
    assert find_profile("hebei-county").operating_costs_stated_by == ("行政", "参公", "事业")
    for shipped in ("mof-eight", "shanghai-district", "chongqing"):
        assert find_profile(shipped).operating_costs_stated_by == ("行政", "参公")
    own = SHIPPED.replace("operating_costs_stated_by: [行政, 参公, 事业]\n", "")
    write(tmp_path, own + "operating_natures: [行政, 参公, 事业]\n", "profiles/county-own.yaml")
    beside = tmp_path / "department.yaml"
    # without the key, the natures held to X6 are those that state it
    assert find_profile("county-own", beside).operating_costs_stated_by == ("行政", "参公", "事业")
    for bad, problem in (
        ("operating_costs_stated_by: 事业\n", "operating_costs_stated_by: a list of 单位性质"),
        (
            "operating_natures: [行政, 事业]\noperating_costs_stated_by: [行政]\n",
            "operating_costs_stated_by: 事业 is in operating_natures",
        ),
    ):
        write(tmp_path, own + bad, "profiles/county-bad.yaml")
        with pytest.raises(ProfileError, match=problem):
            find_profile("county-bad", beside)


def test_a_department_with_unit_files_leaves_its_units_natures_to_them(tmp_path: Path) -> None:
    text = DEPARTMENT.replace("name: 测试县测试局}", "name: 测试县测试局, natures: [行政]}")
    findings = department_of(tmp_path, text).findings
    line = line_of(text, "natures")
    column = text.splitlines()[line - 1].index("natures") + 1
    assert [(f.location.line, f.location.column, f.code) for f in findings] == [
        (line, column, "department-natures")
    ]


# -- 部门预算按单位汇总 of a department without unit files ---------------------------------------

# The department's two units, as its 部门预算按单位汇总 prints them: they add up to its figures
# (收入 300.00, 基本 140.00, 项目 160.00, “三公” 3.40).
UNIT_TOTALS = """\
unit_totals:
  - {code: "323001", name: 测试县测试局本级, revenue_total: 180.00, basic: 100.00, projects: 80.00, expenditure_total: 180.00, three_public: 2.40}
  - {code: "323002", name: 测试县测试站, revenue_total: 120.00, basic: 40.00, projects: 80.00, expenditure_total: 120.00, three_public: 1.00}
"""


def test_a_department_without_unit_files_lists_its_units_figures_in_every_format(
    tmp_path: Path,
) -> None:
    text = CONSOLIDATED + UNIT_TOTALS.replace(", three_public: 1.00}", "}")
    checked = consolidated(tmp_path, text)
    assert table(checked.findings) == []
    department = checked_department(checked)
    built = build_source(department, checked, tmp_path / "out", ("html", "docx", "pdf"))
    assert built.ok, built.findings
    html_page, pdf, docx_file = built.files
    rows = [  # the unit's “三公” it does not publish is blank, never 0.00
        ["323001测试县测试局本级", "180.00", "100.00", "80.00", "180.00", "2.40"],
        ["323002测试县测试站", "120.00", "40.00", "80.00", "120.00", ""],
        ["合计", "300.00", "140.00", "160.00", "300.00", "3.40"],
    ]
    assert html_tables(html_page)["部门预算按单位汇总"] == rows
    [by_unit] = [
        found
        for found in docx.Document(str(docx_file)).tables
        if found.rows[0].cells[0].text == "单位"
    ]
    assert [[cell.text for cell in row.cells] for row in by_unit.rows[1:]] == rows
    printed = pdf_text(pdf)
    for row in rows:
        assert " ".join(cell for cell in row[1:] if cell) in printed


def test_a_departments_workbook_opens_with_its_units_figures_as_numbers(tmp_path: Path) -> None:
    text = CONSOLIDATED + UNIT_TOTALS.replace(", three_public: 1.00}", "}")
    checked = consolidated(tmp_path, text)
    built = build_source(checked_department(checked), checked, tmp_path / "out", ("xlsx",))
    assert built.ok, built.findings
    book = openpyxl.load_workbook(built.files[0])
    assert book.sheetnames[:2] == ["部门预算按单位汇总", "收支总表"]
    sheet = book["部门预算按单位汇总"]
    rows = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert rows == [  # real numbers; the unit's “三公” it does not publish left empty
        ["323001测试县测试局本级", 180, 100, 80, 180, 2.4],
        ["323002测试县测试站", 120, 40, 80, 120, None],
        ["合计", 300, 140, 160, 300, 3.4],
    ]
    assert sheet["B4"].number_format == "0.00"
    assert sheet["A1"].value == "2021年部门预算按单位汇总"


def test_a_departments_units_rows_add_up_to_its_own_figures(tmp_path: Path) -> None:
    text = CONSOLIDATED + UNIT_TOTALS.replace("revenue_total: 120.00", "revenue_total: 121.00")
    text = text.replace(
        "projects: 80.00, expenditure_total: 180.00", "projects: 80.00, expenditure_total: 180.10"
    )
    found = [
        (f.location.line, f.code, f.args.get("stated"), f.args.get("computed"))
        for f in consolidated(tmp_path, text).sorted_findings()
    ]
    at, row = line_of(text, "unit_totals:"), line_of(text, "323001")
    assert found == [
        (at, "department-units-mismatch", "300.00", "301.00"),  # 收入合计
        (at, "department-units-mismatch", "300.00", "300.10"),  # 支出合计
        (row, "sum-mismatch", "180.10", "180.00"),  # the row's 支出合计 = 基本 + 项目
    ]
    twice = CONSOLIDATED + UNIT_TOTALS.replace('"323002"', '"323001"')
    found = [(f.location.line, f.code) for f in consolidated(tmp_path / "twice", twice).findings]
    assert found == [(line_of(twice, "测试县测试站"), "department-unit-duplicate")]


def test_a_department_with_unit_files_lists_no_units_figures_of_its_own(tmp_path: Path) -> None:
    text = DEPARTMENT + UNIT_TOTALS
    findings = department_of(tmp_path, text).findings
    assert [(f.location.line, f.code, f.args["key"]) for f in findings] == [
        (line_of(text, "unit_totals:"), "department-own-figures", "unit_totals")
    ]


def test_a_department_of_units_of_natures_that_state_none_names_each_nature(
    tmp_path: Path,
) -> None:
    """Its units 企业 and 社会团体, neither of which states a 机关运行经费 in the profile: the
    finding names both, as 所属单位性质 lists them."""
    text = with_natures(NATURES.replace("行政, 事业", "企业, 社会团体"))
    found = [f for f in consolidated(tmp_path, text).sorted_findings() if f.code == ERROR]
    assert [(f.location.line, render_message(f, "zh"), render_message(f, "en")) for f in found] == [
        (
            line_of(text, "amount: 25.00"),
            "单位性质为企业、社会团体，按公开格式只有行政、参公、事业单位安排机关运行经费，"
            "应说明无机关运行经费，此处却为 25.00：写 0，或把 operating_costs 列入 not_given，"
            "或在公开格式的 operating_costs_stated_by 中列出企业、社会团体",
            "a unit of nature 企业、社会团体 states no 机关运行经费 in this profile (only 行政、参公、"
            "事业 units do), yet 25.00 is stated: state 0, or name operating_costs under "
            "not_given, or name 企业、社会团体 in the profile's operating_costs_stated_by",
        )
    ]
