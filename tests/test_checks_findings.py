"""Stage checks: the findings of the checks that are not figures (dates, texts, reasons, the
spending plan, projects, a department's units), each read whole as a reader meets it: its line
and column, the value under its caret, its message in Chinese and in English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import CLEAN_UNIT, line_of, write
from test_checks import said
from test_department import DEPARTMENT, second_unit

from docgen.check import Checked, check

Check = Callable[..., Checked]


def test_a_date_that_is_no_date_says_the_text_written(check_text: Check) -> None:
    text = CLEAN_UNIT.replace('as_of: "2020-12-31"', 'as_of: "2020-13-45"')
    assert said(check_text(text)) == [
        (
            line_of(text, "as_of:"),
            10,
            "date-invalid",
            "2020-13-45",
            "“2020-13-45”不是有效日期（应为 年-月-日，如 2020-12-31）",
            "'2020-13-45' is not a date (use year-month-day, 2020-12-31)",
        )
    ]


def department_of(tmp_path: Path, first: str, second: str) -> Checked:
    """A department of two units, `first` and `second`, checked from its file."""
    write(tmp_path, first, "dept/a.yaml")
    write(tmp_path, second, "dept/b.yaml")
    return check([write(tmp_path, DEPARTMENT, "dept/department.yaml")])


def test_a_unit_stating_another_money_unit_than_the_first_is_named_at_its_amount_unit(
    tmp_path: Path,
) -> None:
    other = second_unit().replace("kind: unit\n", "kind: unit\namount_unit: 元\n")
    assert said(department_of(tmp_path, CLEAN_UNIT, other)) == [
        (
            line_of(other, "amount_unit: 元"),
            1,
            "department-unit-money",
            "323098",
            "单位文件“323098”的金额单位为元，部门的第一个单位为万元：部门的表把各单位的数字相加，"
            "请统一金额单位（amount_unit）",
            "unit file '323098' states its figures in 元, the department's first unit in 万元: the "
            "department's tables add its units' figures up, so state them in one money unit "
            "(amount_unit)",
        )
    ]


def test_a_unit_in_wan_by_default_beside_a_first_in_yuan_is_named_at_its_top(
    tmp_path: Path,
) -> None:
    # it has no amount_unit line to point at: 万元 is what a source says by saying nothing
    first = CLEAN_UNIT.replace("kind: unit\n", "kind: unit\namount_unit: 元\n")
    [row] = said(department_of(tmp_path, first, second_unit()))
    assert row[:4] == (1, 1, "department-unit-money", "323098")
    assert row[4].startswith("单位文件“323098”的金额单位为万元，部门的第一个单位为元：")
