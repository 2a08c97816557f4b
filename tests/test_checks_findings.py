"""Stage checks: the findings of the checks that are not figures (dates, texts, reasons, the
spending plan, projects, a department's units), each read whole as a reader meets it: its line
and column, the value under its caret, its message in Chinese and in English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, line_of, write
from test_checks import ROUNDED, said
from test_checks_coarse import rounding
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


PLAN_1 = "{march: 20.00, june: 40.00, october: 60.00, december: 100.00}"


def test_a_spending_plan_going_backwards_names_both_checkpoints_and_the_december_share(
    check_text: Check,
) -> None:
    text = CLEAN_UNIT.replace(
        PLAN_1, "{march: 20.00, june: 10.00, october: 60.00, december: 90.00}"
    )
    row = line_of(text, "june: 10.00")
    assert said(check_text(text)) == [
        (
            row,
            41,
            "plan-decreasing",
            "10.00",
            "资金支出计划不能倒退：3月底 20.00% 之后，6月底 为 10.00%",
            "the spending plan goes backwards: 20.00% by March, then 10.00% by June",
        ),
        (
            row,
            74,
            "plan-incomplete",
            "90.00%",
            "资金支出计划到12月底应为 100%，实际为 90.00%",
            "the spending plan must reach 100% by the end of December; found 90.00%",
        ),
    ]


def test_a_spending_plan_without_a_december_share_is_incomplete_at_the_plan(
    check_text: Check,
) -> None:
    text = CLEAN_UNIT.replace(
        "october: 50.00, december: 100.00}", "october: 50.00, december: null}"
    )
    assert said(check_text(text)) == [
        (
            line_of(text, "december: null"),
            20,
            "plan-incomplete",
            "—",
            "资金支出计划到12月底应为 100%，实际为 —",
            "the spending plan must reach 100% by the end of December; found —",
        )
    ]


def test_a_share_at_a_checkpoint_the_profile_lacks_names_the_ones_it_has(
    check_text: Check,
) -> None:
    text = CLEAN_UNIT.replace("october: 60.00", "september: 60.00")
    assert said(check_text(text)) == [
        (
            line_of(text, "september: 60.00"),
            59,
            "plan-checkpoint-foreign",
            "60.00",
            "资金支出计划的时点按省份格式为 3月底、6月底、10月底、12月底，没有9月底：把 60.00% "
            "写在相应时点下",
            "the spending plan's checkpoints in this profile are March, June, October, December, "
            "not September: give the 60.00% under one of them",
        )
    ]


def test_a_project_code_of_another_year_names_the_beginning_it_should_have(
    check_text: Check,
) -> None:
    text = CLEAN_UNIT.replace('"131024210000000000002"', '"131024200000000000002"')
    assert said(check_text(text)) == [
        (
            line_of(text, "131024200000000000002"),
            11,
            "project-code-foreign",
            "131024200000000000002",
            "项目编码“131024200000000000002”不以区划代码和年度“13102421”开头：可能是其他年度或其他县区"
            "的项目",
            "project code '131024200000000000002' does not begin with division code and year "
            "'13102421': it may belong to another year or county",
        )
    ]


def lines_of(text: str, needle: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        pytest.param(
            '"131024210000000000002"',
            '"131024210000000000001"',
            "project-code-duplicate",
            (
                "项目编码“131024210000000000001”重复：{first} 已经使用",
                "project code '131024210000000000001' is used twice: first at {first}",
            ),
            id="code",
        ),
        pytest.param(
            "name: 测试专项资金",
            "name: 测试工作经费",
            "project-name-duplicate",
            (
                "项目名称“测试工作经费”重复：{first} 已经使用",
                "project name '测试工作经费' is used twice: first at {first}",
            ),
            id="name",
        ),
    ],
)
def test_a_project_code_or_name_used_twice_names_where_it_stands_first(
    check_text: Check, old: str, new: str, code: str, words: tuple[str, str]
) -> None:
    text = CLEAN_UNIT.replace(old, new)
    checked = check_text(text)
    first, second = lines_of(text, new)
    where = f"{checked.findings[0].location.file}:{first}"
    value = new.removeprefix("name: ").strip('"')
    assert said(checked) == [
        (second, 11, code, value, words[0].format(first=where), words[1].format(first=where))
    ]


def test_a_placeholder_names_what_was_left_in_the_text(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("负责测试工作。", "负责##单位名称##工作。")
    assert said(check_text(text)) == [
        (
            line_of(text, "负责##单位名称##"),
            21,
            "placeholder",
            "负责##单位名称##工作。",
            "文本中留有未完成的占位符“##单位名称##”",
            "unfinished placeholder '##单位名称##' left in the text",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("basic: 主要原因是人员增加", "basic: 主要原因是", id="last_year"),
        pytest.param("reception: 压减接待费", "reception: 主要原因为：", id="three_public"),
        pytest.param("purpose: 主要用于办公及印刷费", "purpose: 主要用于：", id="operating_costs"),
    ],
)
def test_a_reason_that_stops_at_its_lead_in_says_what_was_written(
    check_text: Check, old: str, new: str
) -> None:
    text = CLEAN_UNIT.replace(old, new)
    reason = new.split(": ", 1)[1]
    row = line_of(text, new)
    assert said(check_text(text)) == [
        (
            row,
            text.splitlines()[row - 1].index(reason) + 1,
            "reason-incomplete",
            reason,
            f"原因说明不完整：“{reason}”后面没有写出原因",
            f"incomplete reason: nothing follows '{reason}'",
        )
    ]


def test_a_three_public_change_without_reasons_says_to_add_the_block(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("  reasons:\n    reception: 压减接待费\n", "")
    assert said(check_text(text)) == [
        (
            line_of(text, "three_public:"),
            1,
            "missing-reason",
            "",
            "公务接待费比上年减少0.30，须说明原因：请补上 three_public.reasons.reception，"
            "即在 three_public 下写“reasons: {reception: 主要原因是……}”",
            "official reception changed by -0.30 vs last year: a reason is required: add "
            "three_public.reasons.reception, under three_public: 'reasons: {reception: 主要原因是……}'",
        )
    ]


OPERATING = "  amount: 8.00\n  purpose: 主要用于办公及印刷费"
OPERATING_CHANGE = (
    OPERATING + "\n  last_year: 9.00\n  stated_change: {{word: 减少, amount: {amount}}}"
)


def test_a_rounded_operating_costs_change_is_allowed_half_a_cent_for_each_year(
    check_text: Check,
) -> None:
    # 8.00 − 9.00 stated as 减少 1.01 in a source rounded from 元: 2 × ½ cent allowed
    within = ROUNDED.replace(OPERATING, OPERATING_CHANGE.format(amount="1.01") + "\n  reason: 压减")
    assert said(check_text(within)) == []
    beyond = within.replace("amount: 1.01", "amount: 1.02")
    assert said(check_text(beyond)) == [
        (
            line_of(beyond, "amount: 1.02"),
            37,
            "change-mismatch",
            "1.02",
            "机关运行经费比上年：原文为减少1.02，按两年数字计算应为减少1.00，相差 +0.02",
            "the operating costs vs last year: stated 减少 1.02, the two years give 减少 1.00 "
            "(difference +0.02)",
        )
    ]


@pytest.mark.parametrize(
    ("stated", "where", "column"),
    [("", "operating_costs:", 1), ("1.00", "stated_change:", 18)],
    ids=["at-the-block", "at-the-stated-change"],
)
def test_an_operating_costs_change_without_a_reason_says_where_to_add_it(
    check_text: Check, stated: str, where: str, column: int
) -> None:
    block = OPERATING_CHANGE.format(amount=stated)
    if not stated:
        block = block.split("\n  stated_change", 1)[0]
    text = CLEAN_UNIT.replace(OPERATING, block)
    assert said(check_text(text)) == [
        (
            line_of(text, where),
            column,
            "missing-reason",
            "",
            "机关运行经费比上年减少1.00，须说明原因：请补上 operating_costs.reason，"
            "即在 operating_costs 下写“reason: 主要原因是……”",
            "the operating costs changed by -1.00 vs last year: a reason is required: add "
            "operating_costs.reason, under operating_costs: 'reason: 主要原因是……'",
        )
    ]


def test_a_spending_plan_may_hold_its_share_from_one_checkpoint_to_the_next(
    check_text: Check,
) -> None:
    text = CLEAN_UNIT.replace(
        PLAN_1, "{march: 20.00, june: 20.00, october: 60.00, december: 100.00}"
    )
    assert said(check_text(text)) == []


def test_a_spending_plan_going_backwards_after_a_blank_share_is_still_found(
    check_text: Check,
) -> None:
    # the blank March is passed over, not the end of the plan
    text = CLEAN_UNIT.replace(
        PLAN_1, "{march: null, june: 40.00, october: 30.00, december: 100.00}"
    )
    [row] = said(check_text(text))
    assert row[:4] == (line_of(text, "october: 30.00"), 56, "plan-decreasing", "30.00")
    assert row[5] == "the spending plan goes backwards: 40.00% by June, then 30.00% by October"


def test_a_rounded_sources_vehicles_and_last_years_total_are_allowed_their_rounding(
    check_text: Check,
) -> None:
    """Rounded from 元: 公务用车 1.21 against 0.00 + 1.20, and last year's 145.01 against
    65.00 + 80.00, miss their parts by a cent, within 2 × ½ cent each: rounding, not error."""
    text = ROUNDED.replace("    vehicles: 1.20\n", "    vehicles: 1.21\n").replace(
        "  total: 145.00\n", "  total: 145.01\n"
    )
    vehicles = ("公务用车购置及运行维护费", "official vehicles")
    last_year = ("上年合计（基本+项目）", "last year's total")
    assert said(check_text(text)) == [
        rounding(
            (line_of(text, "total: 145.01"), 10), last_year, "145.01", "145.00", "+0.01", "0.01"
        ),
        rounding((line_of(text, "vehicles: 1.21"), 15), vehicles, "1.21", "1.20", "+0.01", "0.01"),
    ]


def test_a_rounded_last_years_total_with_its_carry_forward_is_allowed_three_figures(
    check_text: Check,
) -> None:
    """Rounded from 元, last year's 65.00 + 80.00 + 结转下年 1.00 stated as 146.01: a cent over,
    within 3 × ½ cent."""
    text = ROUNDED.replace(
        "  projects: 80.00\n  total: 145.00\n",
        "  projects: 80.00\n  carry_forward: 1.00\n  total: 146.01\n",
    )
    last_year = ("上年合计（基本+项目）", "last year's total")
    at = line_of(text, "total: 146.01")
    assert [row for row in said(check_text(text)) if row[0] == at] == [
        rounding((at, 10), last_year, "146.01", "146.00", "+0.01", "0.015"),
    ]
    beyond = text.replace("total: 146.01", "total: 146.02")
    assert [row for row in said(check_text(beyond)) if row[0] == at] == [
        (
            at,
            10,
            "sum-mismatch",
            "146.02",
            "上年合计（基本+项目）：原文为 146.02，按各项计算应为 146.00，相差 +0.02（容许尾差 0.015）",
            "last year's total: stated 146.02, the parts add up to 146.00, a difference of +0.02 "
            "(allowed 0.015)",
        )
    ]


def test_a_rounded_three_public_change_is_allowed_half_a_cent_for_each_year(
    check_text: Check,
) -> None:
    # 0.50 − 0.80 stated as 减少 0.31 in a source rounded from 元: within 2 × ½ cent
    text = ROUNDED.replace("total: {word: 减少, amount: 0.30}", "total: {word: 减少, amount: 0.31}")
    assert said(check_text(text)) == []


def test_a_three_public_items_change_without_its_reason_is_said_at_the_change(
    check_text: Check,
) -> None:
    text = CLEAN_UNIT.replace(
        "    total: {word: 减少, amount: 0.30}\n  reasons:\n    reception: 压减接待费\n",
        "    total: {word: 减少, amount: 0.30}\n    reception: {word: 减少, amount: 0.30}\n",
    )
    assert [row[:4] for row in said(check_text(text))] == [
        (line_of(text, "reception: {word"), 16, "missing-reason", ""),
    ]


def test_a_placeholder_in_a_reason_is_found_among_the_reasons(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("basic: 主要原因是人员增加", "basic: 主要原因是##原因##")
    assert [row[:4] for row in said(check_text(text))] == [
        (line_of(text, "##原因##"), 12, "placeholder", "主要原因是##原因##"),
    ]


def test_a_rounded_projects_amount_is_allowed_half_a_cent_for_each_of_its_two_sources(
    check_text: Check,
) -> None:
    """Rounded from 元, a project of 30.01 against 财政 30.00 + 其他 0.00: within 2 × ½ cent."""
    text = ROUNDED.replace(
        "amount: 30.00\n    fiscal: 30.00", "amount: 30.01\n    fiscal: 30.00", 1
    )
    at = line_of(text, "amount: 30.01")
    assert [row[:3] for row in said(check_text(text)) if row[0] == at] == [
        (at, 13, "rounding-difference")
    ]
