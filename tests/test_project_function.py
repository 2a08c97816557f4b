"""A project names the 支出功能分类 项 it is spent under: checked against the year's list as a
table line's code is, and shown in its project table where the profile asks."""

from __future__ import annotations

from pathlib import Path

import docx
from conftest import CLEAN_UNIT, line_of, table, write
from test_profile_sections import SHIPPED
from test_shown import html_tables

from docgen.build import build_source
from docgen.check import CheckedUnit, check

NAMED = CLEAN_UNIT.replace(
    "    funding_source: general_budget\n",
    '    funding_source: general_budget\n    function: "2080107"\n',
    1,
)


def test_a_project_naming_a_listed_function_is_clean_and_shown_where_asked(
    tmp_path: Path,
) -> None:
    write(tmp_path, SHIPPED + "project_function: true\n", "profiles/county-own.yaml")
    path = write(tmp_path, NAMED.replace("division_code:", "profile: county-own\ndivision_code:"))
    checked = check([path])
    assert table(checked.findings) == []
    [unit] = checked.documents
    assert isinstance(unit, CheckedUnit)
    built = build_source(unit, checked, tmp_path / "out", ("html", "docx"))
    assert built.ok, built.findings
    page, word = built.files
    facts = html_tables(page)["测试工作经费：项目基本信息"]
    assert facts[1] == ["功能分类科目", "2080107 社会保险业务管理事务"]
    cells = [c.text for t in docx.Document(str(word)).tables for r in t.rows for c in r.cells]
    assert "2080107 社会保险业务管理事务" in cells


def test_a_project_table_names_no_function_unless_the_profile_asks(tmp_path: Path) -> None:
    checked = check([write(tmp_path, NAMED)])
    assert table(checked.findings) == []
    built = build_source(checked.documents[0], checked, tmp_path / "out", ("html",))
    [page] = built.files
    facts = html_tables(page)["测试工作经费：项目基本信息"]
    assert all(row[0] != "功能分类科目" for row in facts)


def test_a_project_naming_a_function_the_year_does_not_list_is_an_error(tmp_path: Path) -> None:
    text = NAMED.replace('function: "2080107"', 'function: "2210209"')
    checked = check([write(tmp_path, text)])
    assert table(checked.findings) == [(line_of(text, "2210209"), 15, "classification-unknown")]
