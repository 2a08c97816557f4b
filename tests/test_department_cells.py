"""The cells a department with unit files prints (its `tables:` `stated`), checked as a unit's
are (I1–I4) against the tables it shows, whether its units give their lines (X9) or not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN_UNIT, write
from test_department import second_unit
from test_department_money import found
from test_department_money import validate as validate_department
from test_department_tables import DEPARTMENT, OTHER_UNIT, OWN_LINES
from test_import_legacy import invoke
from test_standard_tables import UNIT

# The clean unit and a copy under its own codes, neither giving lines of its own.
PLAIN_OTHER = second_unit(CLEAN_UNIT).replace("测试中心", "测试站")
# T3's 合计 as the department prints it: 300.00 = 140.00 + 160.00, the lines' figures.
PRINTED = """\
  stated:
    T3:
      total: {total: 300.00, basic: 140.00, projects: 160.00}
      "208": {total: 200.00, basic: 140.00, projects: 60.00}
"""
# …and printed wrong: 项目支出 150.00, so its 合计 300.00 is neither 140.00 + 150.00 nor the
# lines' 160.00 of 项目支出.
WRONG = PRINTED.replace("projects: 160.00", "projects: 150.00")
TOTAL_ROW = "      total: {total: 300.00, basic: 140.00, projects: 150.00}"
LINE = (DEPARTMENT + OWN_LINES + WRONG).splitlines().index(TOTAL_ROW) + 1
CAUGHT = [
    ("sum-mismatch", "department.yaml", LINE, TOTAL_ROW.index("300.00") + 1, "300.00"),
    ("table-cell-mismatch", "department.yaml", LINE, TOTAL_ROW.index("150.00") + 1, "150.00"),
]


def validate(tmp_path: Path, printed: str, units: tuple[str, str]) -> tuple[int, Any]:
    """The department with its own lines and `printed`, validated in its folder."""
    return validate_department(tmp_path, DEPARTMENT + OWN_LINES + printed, units, "en")


def test_a_departments_printed_total_row_is_checked_where_its_units_give_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its lines are its units' sum (X9 holds): its printed 合计 row, against its own printed
    parts (I2) and the lines (I1), was not read at all."""
    monkeypatch.chdir(tmp_path)
    assert validate(tmp_path, PRINTED, (UNIT, OTHER_UNIT)) == (0, [])
    code, findings = validate(tmp_path, WRONG, (UNIT, OTHER_UNIT))
    assert (code, found(findings)) == (1, CAUGHT)
    assert [f["message"] for f in findings] == [
        "T3 row 合计, total: stated 300.00, the parts add up to 290.00, a difference of +10.00",
        "T3 row 合计, column projects: printed 150.00, the lines add up to 160.00, a difference "
        "of -10.00",
    ]


def test_a_departments_printed_total_row_is_checked_where_its_units_give_no_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its units give no lines, so X9 cannot be checked and its tables are its own lines: the
    cells it prints are held to them all the same."""
    monkeypatch.chdir(tmp_path)
    assert validate(tmp_path, PRINTED, (CLEAN_UNIT, PLAIN_OTHER)) == (0, [])
    code, findings = validate(tmp_path, WRONG, (CLEAN_UNIT, PLAIN_OTHER))
    assert (code, found(findings)) == (1, CAUGHT)


def test_a_departments_line_off_its_units_is_x9_and_its_printed_cells_are_held_to_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its own 2080107 at 60.01 is X9's, at the line; the 合计 it prints is held to the tables it
    shows, its units' lines added, so the 160.00 it prints is right and nothing more is said."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, UNIT, "a.yaml")
    write(tmp_path, OTHER_UNIT, "b.yaml")
    text = DEPARTMENT + OWN_LINES.replace("projects: 60.00}", "projects: 60.01}") + PRINTED
    write(tmp_path, text, "department.yaml")
    result = invoke("validate", "department.yaml", "--report", "json", "--lang", "en")
    findings = json.loads(result.output)["findings"]
    assert (result.exit_code, [(f["code"], f["params"]["stated"]) for f in findings]) == (
        1,
        [("department-tables-mismatch", "60.01")],
    )


def test_a_departments_printed_cells_are_allowed_its_units_rounding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Units rounded from 元: a 合计 printed a cent over its parts and its lines is a rounding
    difference, as in a unit's tables, the department stating no rounding of its own."""
    monkeypatch.chdir(tmp_path)
    rounded = tuple(
        u.replace("division_code:", "rounded_from: 元\ndivision_code:") for u in (UNIT, OTHER_UNIT)
    )
    printed = PRINTED.replace("total: {total: 300.00", "total: {total: 300.01")
    code, findings = validate(tmp_path, printed, (rounded[0], rounded[1]))
    assert (code, [(f["code"], f["severity"], f["value"]) for f in findings]) == (
        0,
        [("rounding-difference", "warning", "300.01")] * 2,
    )
