"""A department's money unit (amount_unit), in which its stated: are read, held to its units'."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN_UNIT, line_of, write
from test_department import DEPARTMENT, second_unit
from test_import_legacy import invoke
from test_import_yuan import yuan_unit

# Two units in 元, 1,500,168 元 of revenue each: 3,000,336 元, printed 300.03万元.
YUAN_UNITS = (yuan_unit(), second_unit(yuan_unit()).replace("测试县测试中心", "测试县测试站"))
WAN_UNITS = (CLEAN_UNIT, second_unit())
IN_WAN = DEPARTMENT.replace("revenue_total: 300.00", "revenue_total: 300.03万元").replace(
    "  projects: 160.00\n  three_public_total: 3.40\n", ""
)


def with_money(text: str, unit: str) -> str:
    return text.replace("year: 2021\n", f"year: 2021\namount_unit: {unit}\n", 1)


def validate(tmp_path: Path, department: str, units: tuple[str, str], lang: str) -> Any:
    """`docgen validate department.yaml --report json` in the department's folder."""
    write(tmp_path, units[0], "a.yaml")
    write(tmp_path, units[1], "b.yaml")
    write(tmp_path, department, "department.yaml")
    result = invoke("validate", "department.yaml", "--report", "json", "--lang", lang)
    return result.exit_code, json.loads(result.output)["findings"]


def found(findings: list[dict[str, Any]]) -> list[tuple[str, str, int, int, str]]:
    return [(f["code"], f["file"], f["line"], f["column"], f["value"]) for f in findings]


def test_a_department_in_wan_over_units_in_yuan_is_an_error_at_its_amount_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its 300.03万元 read as 300.03 元 missed its units' 3,000,336 by 3,000,035.97: now its
    amount_unit is the error, and the sum, off by 10,000, is not judged."""
    monkeypatch.chdir(tmp_path)
    text = with_money(IN_WAN, "万元")
    at = line_of(text, "amount_unit:")
    code, findings = validate(tmp_path, text, YUAN_UNITS, "en")
    assert code == 1
    assert found(findings) == [("department-money", "department.yaml", at, 14, "万元")]
    assert findings[0]["message"] == (
        "the department names its money unit 万元, its first unit file 'a.yaml' states its "
        "figures in 元: the department's stated totals are read in its units' money unit, so "
        "write 元 or leave amount_unit out"
    )
    code, findings = validate(tmp_path, text, YUAN_UNITS, "zh")
    assert findings[0]["message"] == (
        "部门的金额单位（amount_unit）为万元，其第一个单位文件“a.yaml”为元：部门写明的合计"
        "（stated:）按其单位的金额单位读取，请写元或删去 amount_unit"
    )


def test_a_department_in_yuan_over_units_in_wan_is_an_error_at_its_amount_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No figure of it shows the wrong unit (its digits read alike in either): it was clean."""
    monkeypatch.chdir(tmp_path)
    text = with_money(DEPARTMENT, "元")
    code, findings = validate(tmp_path, text, WAN_UNITS, "en")
    assert code == 1
    at = line_of(text, "amount_unit:")
    assert found(findings) == [("department-money", "department.yaml", at, 14, "元")]
    assert "first unit file 'a.yaml' states its figures in 万元" in findings[0]["message"]


def test_a_department_naming_its_units_money_unit_or_none_is_read_in_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """元 over units in 元: its 300.03万元 is their 3,000,336 within its own 50 元."""
    monkeypatch.chdir(tmp_path)
    code, findings = validate(tmp_path, with_money(IN_WAN, "元"), YUAN_UNITS, "en")
    assert (code, [(f["code"], f["params"]["difference"]) for f in findings]) == (
        0,
        [("rounding-difference", "-36")],
    )
    assert validate(tmp_path, with_money(DEPARTMENT, "万元"), WAN_UNITS, "en") == (0, [])
    assert validate(tmp_path, DEPARTMENT, WAN_UNITS, "en") == (0, [])
