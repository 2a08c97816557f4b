"""Stage checks: a figure written in 万元 in a source in 元 (`12.35万元`, as a Shanghai-style
narrative prints it over 公开表 in whole 元) stands for the 元 figure it was rounded from. As a
part of the budget's totals and its balance, and as one of the two years of a change, it is
allowed half a unit of its own last place (50 元); a finding about it says it as written.

The unit is the clean one in 元 (test_import_yuan.yuan_unit: 1,500,168 元 in all), one figure
at a time written as its 万元 narrative prints it. A true 上年结转 or 结转下年 of 123,456 元
prints 12.35万元; 12.36万元 is 144 元 from it, beyond its 50."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import line_of, write
from test_checks import ALLOWED_EN, ALLOWED_ZH, said
from test_department_tables import CONSOLIDATED
from test_import_yuan import yuan_unit
from typer.testing import CliRunner

from docgen.check import check
from docgen.cli import app

Said = tuple[int, int, str, str, str, str]
What = tuple[str, str]
REVENUE: What = ("收入合计", "revenue total")
BASIC: What = ("基本支出（人员+公用）", "basic expenditure")
PROJECTS: What = ("项目支出（各项目预算数之和）", "project expenditure")
SPENDING: What = ("支出合计（基本+项目+结转下年）", "expenditure total")
BALANCE: What = ("收入合计与支出合计", "revenue and expenditure totals")


def findings_of(tmp_path: Path, text: str) -> list[Said]:
    return said(check([write(tmp_path, text, "unit.yaml")]))


def changed(*changes: tuple[str, str], base: str = "") -> str:
    text = base or yuan_unit()
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def rounding(where: tuple[int, int], what: What, stated: str, *figures: str) -> Said:
    """A rounding-difference as a reader meets it: (line, column), what, then the stated figure
    as written and the computed figure, the difference and the allowance in the file's unit."""
    computed, difference, allowed = figures
    return (
        *where,
        "rounding-difference",
        stated,
        f"{what[0]}：原文为 {stated}，按各项计算为 {computed}，相差 {difference}，"
        f"在四舍五入容许尾差 {allowed} 之内，{ALLOWED_ZH}",
        f"{what[1]}: stated {stated}, the parts add up to {computed}, a difference of "
        f"{difference} within the rounding allowance {allowed}, {ALLOWED_EN}",
    )


def mismatch(where: tuple[int, int], what: What, stated: str, *figures: str) -> Said:
    computed, difference, allowed = figures
    return (
        *where,
        "sum-mismatch",
        stated,
        f"{what[0]}：原文为 {stated}，按各项计算应为 {computed}，相差 {difference}"
        f"（容许尾差 {allowed}）",
        f"{what[1]}: stated {stated}, the parts add up to {computed}, a difference of "
        f"{difference} (allowed {allowed})",
    )


def against_tables(where: tuple[int, int], what: What, stated: str, *figures: str) -> Said:
    computed, difference, allowed = figures
    return (
        *where,
        "tables-text-mismatch",
        stated,
        f"{what[0]}：情况说明为 {stated}，公开表各行合计 {computed}，相差 {difference}"
        f"（容许尾差 {allowed}）",
        f"{what[1]}: the text states {stated}, the tables' lines add up to {computed}, a "
        f"difference of {difference} (allowed {allowed})",
    )


def unbalanced(line: int, revenue: str, expenditure: str, difference: str, allowed: str) -> Said:
    return (
        line,
        10,
        "unbalanced",
        "",
        f"收入合计 {revenue} 与支出合计 {expenditure} 不相等，相差 {difference}（容许尾差 {allowed}）",
        f"revenue total {revenue} does not equal expenditure total {expenditure} "
        f"(difference {difference}) (allowed {allowed})",
    )


# -- a part of the budget's totals and its balance -----------------------------------------------


def carried(carryover: str, carry_forward: str) -> str:
    """上年结转 and 结转下年 of 123,456 元 each: 1,623,624 元 on each side, 173,579 more than
    last year's 1,450,045."""
    return changed(
        ("  carryover: 0\n  total: 1500168\n", f"  carryover: {carryover}\n  total: 1623624\n"),
        (
            "  projects_total: 800045\n  total: 1500168\n",
            f"  projects_total: 800045\n  carry_forward: {carry_forward}\n  total: 1623624\n",
        ),
        ("total: {word: 增加, amount: 50123}", "total: {word: 增加, amount: 173579}"),
    )


@pytest.mark.parametrize(
    "written", ["{amount}", "{{general_budget: {amount}}}"], ids=["one-figure", "by-source"]
)
def test_a_carryover_in_wan_is_a_part_of_the_revenue_total_and_the_balance(
    tmp_path: Path, written: str
) -> None:
    text = carried(written.format(amount="12.35万元"), "123456")
    revenue, spending = line_of(text, "  total: 1623624"), line_of(text, "  carry_forward:") + 1
    assert findings_of(tmp_path, text) == [
        rounding((revenue, 10), REVENUE, "1623624", "1623668", "-44", "50"),
        rounding((spending, 10), BALANCE, "1623668", "1623624", "+44", "50"),
    ]
    text = carried(written.format(amount="12.36万元"), "123456")
    assert findings_of(tmp_path, text) == [
        mismatch((revenue, 10), REVENUE, "1623624", "1623768", "-144", "50"),
        unbalanced(spending, "1623768", "1623624", "+144", "50"),
    ]


def test_a_carry_forward_in_wan_is_a_part_of_the_expenditure_total_its_change_and_the_balance(
    tmp_path: Path,
) -> None:
    text = carried("123456", "12.35万元")
    spending = line_of(text, "  carry_forward:") + 1
    assert findings_of(tmp_path, text) == [
        rounding((spending, 10), SPENDING, "1623624", "1623668", "-44", "50"),
        rounding((spending, 10), BALANCE, "1623624", "1623668", "-44", "50"),
    ]
    text = carried("123456", "12.36万元")
    change = line_of(text, "total: {word: 增加")
    assert findings_of(tmp_path, text) == [
        mismatch((spending, 10), SPENDING, "1623624", "1623768", "-144", "50"),
        unbalanced(spending, "1623624", "1623768", "-144", "50"),
        (
            change,
            31,
            "change-mismatch",
            "173579",
            "收支预算合计比上年：原文为增加173579，按两年数字计算应为增加173723，相差 -144",
            "the budget total vs last year: stated 增加 173579, the two years give 增加 173723 "
            "(difference -144)",
        ),
    ]


def test_a_revenue_source_in_wan_is_a_part_of_the_revenue_total_and_the_balance(
    tmp_path: Path,
) -> None:
    # 1,000,123 元 of 一般公共预算 prints 100.01万元, which the tables' lines are held to too
    text = changed(("  general_budget: 1000123\n", "  general_budget: 100.01万元\n"))
    source, revenue = line_of(text, "  general_budget:"), line_of(text, "  total: 1500168")
    spending = line_of(text, "  projects_total:") + 1
    by_lines = (
        "一般公共预算收入（公开表各行之和）",
        "revenue from the general public budget (the tables' lines)",
    )
    assert findings_of(tmp_path, text) == [
        rounding((source, 19), by_lines, "100.01万元", "1000123", "-23", "50"),
        rounding((revenue, 10), REVENUE, "1500168", "1500145", "+23", "50"),
        rounding((spending, 10), BALANCE, "1500145", "1500168", "-23", "50"),
    ]
    text = changed(("  general_budget: 1000123\n", "  general_budget: 100.02万元\n"))
    assert findings_of(tmp_path, text) == [
        against_tables((source, 19), by_lines, "100.02万元", "1000123", "+77", "50"),
        mismatch((revenue, 10), REVENUE, "1500168", "1500245", "-77", "50"),
        unbalanced(spending, "1500245", "1500168", "+77", "50"),
    ]


def test_personnel_in_wan_is_a_part_of_basic_expenditure_its_change_the_total_and_the_balance(
    tmp_path: Path,
) -> None:
    # 600,123 元 of 人员经费 prints 60.01万元; last year's 基本支出 was 650,000 元
    text = changed(("  personnel: 600123\n", "  personnel: 60.01万元\n"))
    personnel, basic = line_of(text, "  personnel:"), line_of(text, "  basic_total:")
    spending = basic + 2
    by_lines = ("人员经费（情况说明与公开表各行之和）", "personnel costs (text against the tables)")
    assert findings_of(tmp_path, text) == [
        rounding((personnel, 14), by_lines, "60.01万元", "600123", "-23", "50"),
        rounding((basic, 16), BASIC, "700123", "700100", "+23", "50"),
        rounding((spending, 10), SPENDING, "1500168", "1500145", "+23", "50"),
        rounding((spending, 10), BALANCE, "1500168", "1500145", "+23", "50"),
    ]
    text = changed(("  personnel: 600123\n", "  personnel: 60.02万元\n"))
    total, change = line_of(text, "total: {word: 增加"), line_of(text, "basic: {word: 增加")
    assert findings_of(tmp_path, text) == [
        against_tables((personnel, 14), by_lines, "60.02万元", "600123", "+77", "50"),
        mismatch((basic, 16), BASIC, "700123", "700200", "-77", "50"),
        mismatch((spending, 10), SPENDING, "1500168", "1500245", "-77", "50"),
        unbalanced(spending, "1500168", "1500245", "-77", "50"),
        (
            total,
            31,
            "change-mismatch",
            "50123",
            "收支预算合计比上年：原文为增加50123，按两年数字计算应为增加50200，相差 -77",
            "the budget total vs last year: stated 增加 50123, the two years give 增加 50200 "
            "(difference -77)",
        ),
        (
            change,
            31,
            "change-mismatch",
            "50123",
            "基本支出比上年：原文为增加50123，按两年数字计算应为增加50200，相差 -77",
            "basic expenditure vs last year: stated 增加 50123, the two years give 增加 50200 "
            "(difference -77)",
        ),
    ]


PROJECT = ("budget of project 131024210000000000002 (fiscal + other)",)
OWN_PROJECT: What = ("项目“测试专项资金”预算数（财政资金+其他资金）", *PROJECT)


@pytest.mark.parametrize(
    ("written", "within", "beyond"),
    [
        ("amount: {0}\n    fiscal: {0}", "50.00万元", "49.99万元"),
        ("amount: 500045\n    fiscal: 400000\n    other: {0}", "10.00万元", "9.99万元"),
    ],
    ids=["amount-and-fiscal", "other"],
)
def test_a_project_in_wan_is_a_part_of_project_expenditure_its_change_and_the_balance(
    tmp_path: Path, written: str, within: str, beyond: str
) -> None:
    """The second project's 500,045 元 printed 50.00万元 (or its 其他资金 of 100,045 元 printed
    10.00万元, its 预算数 in 元): 项目支出 stated 800,045 and last year's the same, so 持平
    stands within its 50 元: said 持平, as stated, it asks for no reason. Beyond its rounding
    持平 is a word mismatch, and the change its difference, whose reason is asked for."""
    project = ("amount: 500045\n    fiscal: 500045", written)
    text = changed((project[0], project[1].format(within)))
    own = line_of(text, "amount: 500045") if "other" in written else 0
    projects, reasons = line_of(text, "  projects_total:"), line_of(text, "  reasons:")
    spending = projects + 1
    missing = (
        reasons,
        3,
        "missing-reason",
        "",
        "项目支出比上年减少145，须说明原因：请补上 last_year.reasons.projects，即在 "
        "last_year.reasons 下写“projects: 主要原因是……”",
        "project expenditure changed by -145 vs last year: a reason is required: add "
        "last_year.reasons.projects, under last_year.reasons: 'projects: 主要原因是……'",
    )
    assert findings_of(tmp_path, text) == [
        rounding((projects, 19), PROJECTS, "800045", "800000", "+45", "50"),
        rounding((spending, 10), SPENDING, "1500168", "1500123", "+45", "50"),
        rounding((spending, 10), BALANCE, "1500168", "1500123", "+45", "50"),
        *([rounding((own, 13), OWN_PROJECT, "500045", "500000", "+45", "50")] if own else []),
    ]
    text = changed((project[0], project[1].format(beyond)))
    total, flat = line_of(text, "total: {word: 增加"), line_of(text, "projects: {word: 持平")
    assert findings_of(tmp_path, text) == [
        mismatch((projects, 19), PROJECTS, "800045", "799900", "+145", "50"),
        mismatch((spending, 10), SPENDING, "1500168", "1500023", "+145", "50"),
        unbalanced(spending, "1500168", "1500023", "+145", "50"),
        (
            total,
            31,
            "change-mismatch",
            "50123",
            "收支预算合计比上年：原文为增加50123，按两年数字计算应为增加49978，相差 +145",
            "the budget total vs last year: stated 增加 50123, the two years give 增加 49978 "
            "(difference +145)",
        ),
        (
            flat,
            22,
            "change-word-mismatch",
            "持平",
            "项目支出比上年：原文用词“持平”与实际变化 -145 不符，应为“减少”",
            "project expenditure vs last year: the word '持平' does not match the change -145; "
            "expected '减少'",
        ),
        (
            flat,
            34,
            "change-mismatch",
            "0.00",
            "项目支出比上年：原文为持平0.00，按两年数字计算应为减少145，相差 -145.00",
            "project expenditure vs last year: stated 持平 0.00, the two years give 减少 145 "
            "(difference -145.00)",
        ),
        missing,
        *([mismatch((own, 13), OWN_PROJECT, "500045", "499900", "+145", "50")] if own else []),
    ]


def test_a_departments_consolidated_projects_in_wan_are_a_part_of_its_total_and_balance(
    tmp_path: Path,
) -> None:
    """A department in 元 without unit files states its 项目支出 as its narrative prints it,
    160.00万元 (its tables' 1,600,045 元); its totals are 3,000,045 元."""
    in_yuan = re.sub(r"\b(\d+\.\d\d)\b", lambda m: str(int(Decimal(m[1]) * 10000)), CONSOLIDATED)
    text = changed(
        ("year: 2021\n", "year: 2021\namount_unit: 元\n"),
        ("government_fund: 1000000\n", "government_fund: 1000045\n"),
        ("  total: 3000000\nexpenditure", "  total: 3000045\nexpenditure"),
        (
            "projects_total: 1600000\n  total: 3000000",
            "projects_total: 160.00万元\n  total: 3000045",
        ),
        ("projects: 1000000}", "projects: 1000045}"),
        base=in_yuan,
    )
    projects = line_of(text, "  projects_total:")
    spending = projects + 1
    by_lines = (
        "项目支出（情况说明与公开表各行之和）",
        "project expenditure (text against the tables)",
    )
    assert said(check([write(tmp_path, text, "department.yaml")])) == [
        rounding((projects, 19), by_lines, "160.00万元", "1600045", "-45", "50"),
        rounding((spending, 10), SPENDING, "3000045", "3000000", "+45", "50"),
        rounding((spending, 10), BALANCE, "3000045", "3000000", "+45", "50"),
    ]
    text = text.replace("projects_total: 160.00万元", "projects_total: 160.01万元")
    assert said(check([write(tmp_path, text, "department.yaml")])) == [
        against_tables((projects, 19), by_lines, "160.01万元", "1600045", "+55", "50"),
        mismatch((spending, 10), SPENDING, "3000045", "3000100", "-55", "50"),
        unbalanced(spending, "3000045", "3000100", "-55", "50"),
    ]


LAST_YEAR = ("  basic: 650000\n  projects: 800045\n  total: 1450045\n", "  {0}\n  total: {1}\n")
LAST_TOTAL: What = ("上年合计（基本+项目）", "last year's total")


@pytest.mark.parametrize(
    ("figures", "sums", "changes"),
    [
        (
            "basic: 65.00万元\n  projects: 800045",
            ("1450022", "1450045", "-23"),
            ("50146", "50146"),
        ),
        (
            "basic: 650000\n  projects: 80.00万元",
            ("1450045", "1450000", "+45"),
            ("50123", "50123"),
        ),
        (
            "basic: 650000\n  projects: 800045\n  carry_forward: 0.23万元",
            ("1452322", "1452345", "-23"),
            ("47846", "50123"),
        ),
    ],
    ids=["basic", "projects", "carry-forward"],
)
def test_last_years_figure_in_wan_is_a_part_of_its_total_and_of_the_changes(
    tmp_path: Path, figures: str, sums: tuple[str, str, str], changes: tuple[str, str]
) -> None:
    """Last year's 基本支出 of 649,977 元 printed 65.00万元 (or its 项目支出 of 800,045 printed
    80.00万元, or 2,277 元 carried forward printed 0.23万元): its total and this year's changes
    are the true figures', within its 50 元, and 项目支出 持平 stands."""
    total = sums[0]
    text = changed(
        (LAST_YEAR[0], LAST_YEAR[1].format(figures, total)),
        ("total: {word: 增加, amount: 50123}", f"total: {{word: 增加, amount: {changes[0]}}}"),
        ("basic: {word: 增加, amount: 50123}", f"basic: {{word: 增加, amount: {changes[1]}}}"),
    )
    if "projects: 80.00万元" in text:  # the reason for the 45 元 the narrative prints
        text = text.replace(
            "    basic: 主要原因是人员增加\n",
            "    basic: 主要原因是人员增加\n    projects: 主要原因是项目调整\n",
        )
    where = (line_of(text, f"  total: {total}"), 10)
    assert findings_of(tmp_path, text) == [rounding(where, LAST_TOTAL, *sums, "50")]


def test_last_years_figure_in_wan_beyond_its_rounding_is_said_at_the_total_and_the_changes(
    tmp_path: Path,
) -> None:
    # 64.99万元 is 77 元 under the 649,977 its total and the changes were made of
    text = changed(
        (LAST_YEAR[0], LAST_YEAR[1].format("basic: 64.99万元\n  projects: 800045", "1450022")),
        ("total: {word: 增加, amount: 50123}", "total: {word: 增加, amount: 50146}"),
        ("basic: {word: 增加, amount: 50123}", "basic: {word: 增加, amount: 50146}"),
    )
    total, basic = line_of(text, "total: {word: 增加"), line_of(text, "basic: {word: 增加")
    assert findings_of(tmp_path, text) == [
        mismatch(
            (line_of(text, "  total: 1450022"), 10), LAST_TOTAL, "1450022", "1449945", "+77", "50"
        ),
        (
            total,
            31,
            "change-mismatch",
            "50146",
            "收支预算合计比上年：原文为增加50146，按两年数字计算应为增加50223，相差 -77",
            "the budget total vs last year: stated 增加 50146, the two years give 增加 50223 "
            "(difference -77)",
        ),
        (
            basic,
            31,
            "change-mismatch",
            "50146",
            "基本支出比上年：原文为增加50146，按两年数字计算应为增加50223，相差 -77",
            "basic expenditure vs last year: stated 增加 50146, the two years give 增加 50223 "
            "(difference -77)",
        ),
    ]


# -- change words within the rounding of the two years -------------------------------------------


def vehicles(this_year: str) -> str:
    """公务用车运行维护费 as the “三公” table prints it in 万元 this year, against last year's
    12,345 元 from last year's source, and stated 持平."""
    stated = Decimal(this_year.removesuffix("万元")) + Decimal("0.50")
    return changed(
        (
            "vehicle_operation: 12345, reception: 5000}",
            f"vehicle_operation: {this_year}, reception: 5000}}",
        ),
        (
            "    total: 17345\n    vehicles: 12345\n",
            f"    total: {stated}万元\n    vehicles: {this_year}\n",
        ),
    )


def test_three_public_items_flat_within_the_rounding_of_one_in_wan_are_no_change(
    tmp_path: Path,
) -> None:
    """1.23万元 against 12,345 元 stated 持平, and the total's 减少3000 against 3,045: each
    within the 50 元 of 1.23万元. The narrative says 持平, as stated, so no reason is asked for;
    at 1.22万元 it is a decrease of 145 whose reason is."""
    text = vehicles("1.23万元")
    reasons = line_of(text, "    reception: 压减") - 1
    missing = (
        reasons,
        3,
        "missing-reason",
        "",
        "公务用车购置及运行维护费比上年减少145，须说明原因：请补上 three_public.reasons.vehicles，"
        "即在 three_public.reasons 下写“vehicles: 主要原因是……”",
        "official vehicles changed by -145 vs last year: a reason is required: add "
        "three_public.reasons.vehicles, under three_public.reasons: 'vehicles: 主要原因是……'",
    )
    assert findings_of(tmp_path, text) == []
    # 1.22万元 is 145 元 under 12,345: a decrease, whatever 12,200 stood for
    text = vehicles("1.22万元")
    total, flat = line_of(text, "total: {word: 减少"), line_of(text, "vehicles: {word: 持平")
    assert findings_of(tmp_path, text) == [
        (
            total,
            31,
            "change-mismatch",
            "3000",
            "“三公”经费合计比上年：原文为减少3000，按两年数字计算应为减少3145，相差 -145",
            "the 三公 total vs last year: stated 减少 3000, the two years give 减少 3145 "
            "(difference -145)",
        ),
        (
            flat,
            22,
            "change-word-mismatch",
            "持平",
            "公务用车购置及运行维护费比上年：原文用词“持平”与实际变化 -145 不符，应为“减少”",
            "official vehicles vs last year: the word '持平' does not match the change -145; "
            "expected '减少'",
        ),
        missing,
        (
            line_of(text, "name: 公务用车运行维护费"),
            48,
            "three-public-economic",
            "",
            "经济分类 30231 为 12345，超过“三公”经费中的公务用车运行维护费 1.22万元",
            "economic class 30231 is 12345, more than the 三公 item official vehicle running "
            "costs (1.22万元)",
        ),
    ]


def test_a_three_public_item_of_last_year_in_wan_is_as_much_a_year_of_its_change(
    tmp_path: Path,
) -> None:
    # 接待 of 7,977 元 last year printed 0.80万元, 5,023 元 this year: 减少2954, stated as
    # the table's 0.80 − 0.50 万元, 减少3000, within the 50 元 of 0.80万元, and so the total
    text = changed(
        (
            "vehicle_operation: 12345, reception: 8000}",
            "vehicle_operation: 12345, reception: 0.80万元}",
        ),
        (
            "vehicle_operation: 12345, reception: 5000}",
            "vehicle_operation: 12345, reception: 5023}",
        ),
        ("    total: 17345\n", "    total: 17368\n"),
    )
    assert findings_of(tmp_path, text) == []
    text = text.replace("reception: 0.80万元}", "reception: 0.81万元}")
    assert [row[:4] for row in findings_of(tmp_path, text)] == [
        (line_of(text, "total: {word: 减少"), 31, "change-mismatch", "3000"),
        (line_of(text, "reception: {word: 减少"), 35, "change-mismatch", "3000"),
    ]


def operating(last_year: str, amount: str = "8.00万元") -> str:
    """机关运行经费 stated 8.00万元 against last year's figure in 元, 持平 (0)."""
    return changed(
        (
            "  amount: 80000\n  purpose: 主要用于办公及印刷费\n",
            f"  amount: {amount}\n  purpose: 主要用于办公及印刷费\n"
            f"  last_year: {last_year}\n  stated_change: {{word: 持平, amount: 0}}\n"
            "  reason: 主要原因是压减办公费\n",
        ),
    )


@pytest.mark.parametrize(
    ("last_year", "amount"), [("80050", "8.00万元"), ("79950", "8.00万元"), ("8.00万元", "80050")]
)
def test_operating_costs_flat_within_the_rounding_of_their_figure_in_wan_are_no_change(
    tmp_path: Path, last_year: str, amount: str
) -> None:
    assert findings_of(tmp_path, operating(last_year, amount)) == []


@pytest.mark.parametrize(
    ("last_year", "word", "delta"), [("80051", "减少", "-51"), ("79949", "增加", "+51")]
)
def test_operating_costs_flat_beyond_that_rounding_are_a_change(
    tmp_path: Path, last_year: str, word: str, delta: str
) -> None:
    text = operating(last_year)
    flat = line_of(text, "  stated_change:")
    assert findings_of(tmp_path, text) == [
        (
            flat,
            25,
            "change-word-mismatch",
            "持平",
            f"机关运行经费比上年：原文用词“持平”与实际变化 {delta} 不符，应为“{word}”",
            f"the operating costs vs last year: the word '持平' does not match the change {delta}; "
            f"expected '{word}'",
        ),
        (
            flat,
            37,
            "change-mismatch",
            "0",
            f"机关运行经费比上年：原文为持平0，按两年数字计算应为{word}51，相差 -51",
            f"the operating costs vs last year: stated 持平 0, the two years give {word} 51 "
            "(difference -51)",
        ),
    ]


def stated_only(projects: str) -> str:
    """Last year's figures not given: the changes as stated are the data."""
    return changed(
        ("  basic: 650000\n  projects: 800045\n  total: 1450045\n", ""),
        ("projects: {word: 持平, amount: 0.00}", f"projects: {projects}"),
    )


@pytest.mark.parametrize("word", ["增加", "持平"])
def test_a_change_stated_alone_as_0_wan_may_be_either_word(tmp_path: Path, word: str) -> None:
    # 0.00万元 in a source in 元 stands for anything under 50 元 either way
    assert findings_of(tmp_path, stated_only(f"{{word: {word}, amount: 0.00万元}}")) == []


@pytest.mark.parametrize(
    ("word", "amount"), [("持平", "0.01万元"), ("增加", "0")], ids=["flat-100", "up-0-yuan"]
)
def test_a_change_stated_alone_against_its_amount_beyond_its_rounding_says_it_as_written(
    tmp_path: Path, word: str, amount: str
) -> None:
    text = stated_only(f"{{word: {word}, amount: {amount}}}")
    assert findings_of(tmp_path, text) == [
        (
            line_of(text, "projects: {word:"),
            22,
            "change-word-amount",
            word,
            f"项目支出比上年：原文用词“{word}”与变化金额 {amount} 不符",
            f"project expenditure vs last year: the word '{word}' does not match the stated "
            f"amount {amount}",
        )
    ]


# -- a finding says a figure in 万元 as written --------------------------------------------------


def test_a_total_in_wan_is_said_as_written_the_parts_in_the_files_unit(tmp_path: Path) -> None:
    # 150.02万元 is 32 元 over 1,500,168, within its 50; 1.02万元 is 200 over 10,000
    text = changed(
        ("  total: 1500168\nexpenditure", "  total: 150.02万元\nexpenditure"),
        ("      total: 10000\n  total: 10000\n", "      total: 10000\n  total: 1.02万元\n"),
    )
    procurement = ("政府采购预算合计", "procurement total")
    assert findings_of(tmp_path, text) == [
        rounding((line_of(text, "150.02万元"), 10), REVENUE, "150.02万元", "1500168", "+32", "50"),
        mismatch((line_of(text, "1.02万元"), 10), procurement, "1.02万元", "10000", "+200", "50"),
    ]


def test_a_change_stated_in_wan_is_said_as_written(tmp_path: Path) -> None:
    text = changed(("total: {word: 减少, amount: 3000}", "total: {word: 减少, amount: 0.40万元}"))
    assert findings_of(tmp_path, text) == [
        (
            line_of(text, "0.40万元"),
            31,
            "change-mismatch",
            "0.40万元",
            "“三公”经费合计比上年：原文为减少0.40万元，按两年数字计算应为减少3000，相差 +1000",
            "the 三公 total vs last year: stated 减少 0.40万元, the two years give 减少 3000 "
            "(difference +1000)",
        )
    ]


def test_operating_costs_in_wan_are_said_as_written(tmp_path: Path) -> None:
    # 10.01万元 is 100 元 over 公用经费 100,000 and over 30201 + 30231
    text = changed(("  amount: 80000\n  purpose", "  amount: 10.01万元\n  purpose"))
    row = line_of(text, "10.01万元")
    assert findings_of(tmp_path, text) == [
        (
            row,
            11,
            "operating-exceeds-economic",
            "",
            "机关运行经费 10.01万元 超过一般公共预算基本支出表的公用经费 100000",
            "the operating costs 10.01万元 exceed the running costs 100000 of the basic "
            "expenditure table",
        ),
        (
            row,
            11,
            "operating-exceeds-public",
            "10.01万元",
            "机关运行经费 10.01万元 超过公用经费 100000",
            "operating costs 10.01万元 exceed public spending 100000",
        ),
    ]
    text = changed(
        ("  nature: 行政\n", "  nature: 事业\n"),
        ("  amount: 80000\n  purpose", "  amount: 8.00万元\n  purpose"),
    )
    assert findings_of(tmp_path, text) == [
        (
            line_of(text, "8.00万元"),
            11,
            "operating-outside-natures",
            "",
            "单位性质为事业，按公开格式只有行政、参公单位安排机关运行经费，应说明无机关运行经费，"
            "此处却为 8.00万元：写 0，或把 operating_costs 列入 not_given，"
            "或在公开格式的 operating_costs_stated_by 中列出事业",
            "a unit of nature 事业 states no 机关运行经费 in this profile (only 行政、参公 units "
            "do), yet 8.00万元 is stated: state 0, or name operating_costs under not_given, or "
            "name 事业 in the profile's operating_costs_stated_by",
        )
    ]


def test_reservations_in_wan_are_said_as_written_part_and_whole(tmp_path: Path) -> None:
    # 1.01万元 is 100 元 over the total's 10,000; 1.03万元 200 over 1.01万元, beyond their 100
    text = changed(
        (
            "      total: 10000\n  total: 10000\n",
            "      total: 10000\n  total: 10000\n  reserved_sme: 1.01万元\n"
            "  reserved_micro: 1.03万元\n",
        )
    )
    assert findings_of(tmp_path, text) == [
        (
            line_of(text, "reserved_sme"),
            17,
            "part-exceeds-whole",
            "1.01万元",
            "面向中小企业预留 1.01万元 超过政府采购预算总额 10000",
            "the share reserved for small and medium enterprises (1.01万元) exceeds the "
            "procurement total (10000)",
        ),
        (
            line_of(text, "reserved_micro"),
            19,
            "part-exceeds-whole",
            "1.03万元",
            "面向小微企业预留 1.03万元 超过面向中小企业预留 1.01万元",
            "the share reserved for micro and small enterprises (1.03万元) exceeds the SME share "
            "(1.01万元)",
        ),
    ]


def test_the_money_of_performance_targets_in_wan_is_said_as_written(tmp_path: Path) -> None:
    # 80.01万元 is 55 元 over 项目支出 800,045
    text = changed(
        ("procurement:", "performance_targets: {projects: 2, amount: 80.01万元}\nprocurement:")
    )
    row = line_of(text, "performance_targets:")
    assert findings_of(tmp_path, text) == [
        (
            row,
            44,
            "part-exceeds-whole",
            "80.01万元",
            "实行绩效目标管理的项目涉及资金 80.01万元 超过项目支出 800045",
            "the money of projects with performance targets (80.01万元) exceeds project "
            "expenditure (800045)",
        ),
        mismatch(
            (row, 44),
            ("实行绩效目标管理的项目涉及资金", "the money of projects with performance targets"),
            "80.01万元",
            "800045",
            "+55",
            "50",
        ),
    ]


def test_json_gives_a_figure_in_wan_as_written_and_the_computed_in_the_files_unit(
    tmp_path: Path,
) -> None:
    text = changed(
        ("      total: 10000\n  total: 10000\n", "      total: 10000\n  total: 1.02万元\n")
    )
    source = write(tmp_path, text, "unit.yaml")
    result = CliRunner().invoke(app, ["validate", "--format", "json", str(source)])
    assert result.exit_code == 1
    [found] = json.loads(result.output)["findings"]
    assert (found["code"], found["line"], found["column"], found["value"]) == (
        "sum-mismatch",
        line_of(text, "1.02万元"),
        10,
        "1.02万元",
    )
    assert found["params"] == {
        "what_zh": "政府采购预算合计",
        "what_en": "procurement total",
        "stated": "1.02万元",
        "computed": "10000",
        "difference": "+200",
        "tolerance_zh": "（容许尾差 50）",
        "tolerance_en": " (allowed 50)",
    }


# -- what projects take of a source --------------------------------------------------------------

FUND = (
    "由“政府性基金预算”安排的项目合计 {0}，超过该来源收入 {1}，超出 {2}",
    "projects financed from the government fund budget total {0}, more than its revenue {1} "
    "(by {2})",
)


@pytest.mark.parametrize(
    ("fund", "changes", "overspent"),
    [
        (
            60,
            [("amount: 500060\n    fiscal: 500060", "amount: 50.01万元\n    fiscal: 50.01万元")],
            (),
        ),
        (
            49,
            [
                ("amount: 500049\n    fiscal: 500049", "amount: 50.01万元\n    fiscal: 50.01万元"),
                # the other project's 50 元 are not this source's
                ("amount: 300000\n    fiscal: 300000", "amount: 30.00万元\n    fiscal: 30.00万元"),
            ],
            ("500100", "500049", "51"),
        ),
        (45, [("  government_fund: 500045\n", "  government_fund: 50.00万元\n")], ()),
        (
            45,
            [("  government_fund: 500045\n", "  government_fund: 49.99万元\n")],
            ("500045", "499900", "145"),
        ),
        (
            45,
            [
                (
                    "  government_fund: 500045\n  carryover: 0\n",
                    "  government_fund: 400000\n  carryover: {government_fund: 10.00万元}\n",
                )
            ],
            (),
        ),
        (
            45,
            [
                (
                    "  government_fund: 500045\n  carryover: 0\n",
                    "  government_fund: 400000\n  carryover: {government_fund: 9.99万元}\n",
                )
            ],
            ("500045", "499900", "145"),
        ),
    ],
    ids=[
        "project-40-over",
        "project-51-over",
        "revenue-45-under",
        "revenue-145-under",
        "carryover-45-under",
        "carryover-145-under",
    ],
)
def test_a_project_or_its_source_in_wan_may_take_the_source_to_within_their_rounding(
    tmp_path: Path, fund: int, changes: list[tuple[str, str]], overspent: tuple[str, ...]
) -> None:
    """The government fund's 500,000 + `fund` 元 all taken by the second project: a project
    printed 50.01万元 against revenue of 500,060 元 (it stands for 500,050 to 500,149) is
    within its 50 元, against 500,049 beyond them; so is revenue or its carryover in 万元."""
    text = changed(*changes, base=yuan_unit(fund=fund))
    where = (line_of(text, "government_fund:"), 20)
    said_overspent = [row for row in findings_of(tmp_path, text) if row[2] == "source-overspent"]
    if not overspent:
        assert said_overspent == []
    else:
        message = [form.format(*overspent) for form in FUND]
        # the revenue as written under the caret
        revenue = text.splitlines()[where[0] - 1].split(":", 1)[1].strip()
        assert said_overspent == [(*where, "source-overspent", revenue, *message)]


def operating_change(this_year: str, last_year: str, change: str, *, rounded: bool = False) -> str:
    """机关运行经费 of `this_year` against `last_year`, its change stated as `change`."""
    text = changed(
        (
            "  amount: 80000\n  purpose: 主要用于办公及印刷费\n",
            f"  amount: {this_year}\n  purpose: 主要用于办公及印刷费\n"
            f"  last_year: {last_year}\n  stated_change: {change}\n"
            "  reason: 主要原因是压减办公费\n",
        ),
    )
    return (
        text.replace("amount_unit: 元\n", "amount_unit: 元\nrounded_from: 元\n")
        if rounded
        else text
    )


def test_a_change_amount_in_wan_may_miss_the_two_years_by_its_own_rounding(tmp_path: Path) -> None:
    # 0.01万元 stands for 50 to 149 元: a fall of 120 (80,120 → 80,000) is within it
    assert (
        findings_of(tmp_path, operating_change("80000", "80120", "{word: 减少, amount: 0.01万元}"))
        == []
    )


def test_a_word_of_change_against_two_equal_years_is_a_word_mismatch(tmp_path: Path) -> None:
    text = operating_change("80000", "80000", "{word: 减少, amount: 0}")
    assert findings_of(tmp_path, text) == [
        (
            line_of(text, "  stated_change:"),
            25,
            "change-word-mismatch",
            "减少",
            "机关运行经费比上年：原文用词“减少”与实际变化 +0 不符，应为“持平”",
            "the operating costs vs last year: the word '减少' does not match the change +0; "
            "expected '持平'",
        )
    ]


def test_a_rounded_change_of_two_years_in_wan_is_allowed_two_figures_and_their_own_rounding(
    tmp_path: Path,
) -> None:
    """Tables rounded (rounded_from), 8.00万元 → 8.03万元 is a rise of 300 in the last place of
    100 元: the amount stated is allowed 2 × ½ of it and the own 50 元 of each of the three
    figures in 万元, 250 in all. 0.06万元 misses it by 300."""
    text = operating_change("8.03万元", "8.00万元", "{word: 增加, amount: 0.06万元}", rounded=True)
    assert findings_of(tmp_path, text) == [
        (
            line_of(text, "  stated_change:"),
            37,
            "change-mismatch",
            "0.06万元",
            "机关运行经费比上年：原文为增加0.06万元，按两年数字计算应为增加300，相差 +300",
            "the operating costs vs last year: stated 增加 0.06万元, the two years give 增加 300 "
            "(difference +300)",
        )
    ]
    within = operating_change(
        "8.03万元", "8.00万元", "{word: 增加, amount: 0.05万元}", rounded=True
    )
    assert findings_of(tmp_path, within) == []


def test_a_procurement_total_of_lines_owes_nothing_to_a_category_in_wan(tmp_path: Path) -> None:
    """Beside its lines, 货物 written 1.00万元 is their sum within its rounding; the total is
    the lines' sum, exact: 10,020 against them is 20 beyond an allowance of none."""
    text = changed(
        (
            "      total: 10000\n  total: 10000\n",
            "      total: 10000\n  goods: 1.00万元\n  total: 10020\n",
        ),
    )
    procurement = ("政府采购预算合计", "procurement total")
    assert findings_of(tmp_path, text) == [
        (
            line_of(text, "  total: 10020"),
            10,
            "sum-mismatch",
            "10020",
            f"{procurement[0]}：原文为 10020，按各项计算应为 10000，相差 +20",
            f"{procurement[1]}: stated 10020, the parts add up to 10000, a difference of +20",
        )
    ]


def test_a_three_public_item_in_wan_is_a_part_of_the_heads_it_adds_to(tmp_path: Path) -> None:
    """公务用车运行维护费 of 12,023 元 written 1.20万元 (12,000 give or take 50): the stated
    公务用车 and “三公” total, 12,023 and 17,023, are within its rounding of their parts."""
    text = changed(
        (
            "vehicle_operation: 12023, reception: 5000}",
            "vehicle_operation: 1.20万元, reception: 5000}",
        ),
        base=yuan_unit(vehicles=12023),
    )
    vehicles = ("公务用车购置及运行维护费", "official vehicles")
    total = ("“三公”经费合计", "the 三公 total")
    # (its change of 23 on last year's 12,023, printed as such, still asks for its reason)
    found = [row for row in findings_of(tmp_path, text) if row[2] != "missing-reason"]
    assert found == [
        rounding((line_of(text, "total: 17023"), 12), total, "17023", "17000", "+23", "50"),
        rounding((line_of(text, "vehicles: 12023"), 15), vehicles, "12023", "12000", "+23", "50"),
    ]


def test_a_rounded_project_of_two_sources_in_wan_is_allowed_two_parts_and_their_own_rounding(
    tmp_path: Path,
) -> None:
    """Rounded tables (rounded_from), a project of 30.03万元 against 29.99万元 + 0.01万元: in
    the last place of 100 元 two parts allow 100, and the three figures in 万元 their own 50
    each, 250 in all. It misses them by 300."""
    text = changed(
        (
            "amount: 300000\n    fiscal: 300000\n    other: 0.00\n",
            "amount: 30.03万元\n    fiscal: 29.99万元\n    other: 0.01万元\n",
        ),
        base=yuan_unit().replace("amount_unit: 元\n", "amount_unit: 元\nrounded_from: 元\n"),
    )
    at = line_of(text, "amount: 30.03万元")
    assert [row[:4] for row in findings_of(tmp_path, text) if row[0] == at] == [
        (at, 13, "sum-mismatch", "30.03万元"),
    ]


def test_a_projects_fiscal_money_in_wan_lends_its_own_rounding_to_the_projects_amount(
    tmp_path: Path,
) -> None:
    """财政资金 written 30.00万元 (299,950 to 300,049 元) under a 预算数 of 300,020 元: 20 within
    its 50, a rounding difference at the amount."""
    text = changed(
        (
            "amount: 300000\n    fiscal: 300000\n    other: 0.00\n",
            "amount: 300020\n    fiscal: 30.00万元\n    other: 0.00\n",
        ),
    )
    at = line_of(text, "amount: 300020")
    assert [row[:4] for row in findings_of(tmp_path, text) if row[0] == at] == [
        (at, 13, "rounding-difference", "300020"),
    ]


def test_rounded_vehicles_of_two_parts_in_wan_are_allowed_two_parts_and_their_own_rounding(
    tmp_path: Path,
) -> None:
    """Rounded tables (rounded_from), 公务用车 1.24万元 against 0.01万元 + 1.20万元: two parts
    in the last place of 100 元 allow 100, the three figures in 万元 their own 50 each, 250 in
    all. It misses them by 300."""
    text = changed(
        (
            "vehicle_purchase: 0.00, vehicle_operation: 12023, reception: 5000}",
            "vehicle_purchase: 0.01万元, vehicle_operation: 1.20万元, reception: 5000}",
        ),
        ("    vehicles: 12023\n", "    vehicles: 1.24万元\n"),
        base=yuan_unit(vehicles=12023).replace(
            "amount_unit: 元\n", "amount_unit: 元\nrounded_from: 元\n"
        ),
    )
    at = line_of(text, "vehicles: 1.24万元")
    assert [row[:4] for row in findings_of(tmp_path, text) if row[0] == at] == [
        (at, 15, "sum-mismatch", "1.24万元"),
    ]
