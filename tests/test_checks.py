"""Stage checks: every identity of a disclosure, one change to a clean source at a time."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from conftest import CLEAN_UNIT, line_of, table

from docgen.check import Checked
from docgen.messages import render_message
from docgen.rules.checks import tolerance

Check = Callable[..., Checked]


def findings_after(check_text: Check, old: str, new: str, count: int = 1) -> tuple[str, list]:
    assert CLEAN_UNIT.count(old) >= count, old
    text = CLEAN_UNIT.replace(old, new, count)
    return text, table(check_text(text).sorted_findings())


# Every stated figure of the clean unit, as (the line as written, the figure), and the code a
# one-cent slip in it must raise. Each named in ASCII: an id pytest has to escape (a line break,
# Chinese) is not found again when mutmut names the test on its command line.
STATED = [
    pytest.param("  total: 150.00\nexpenditure", "150.00", "sum-mismatch", id="revenue.total"),
    pytest.param("  basic_total: 70.00", "70.00", "sum-mismatch", id="expenditure.basic_total"),
    pytest.param(
        "  projects_total: 80.00", "80.00", "sum-mismatch", id="expenditure.projects_total"
    ),
    pytest.param("  total: 150.00\nlast_year", "150.00", "sum-mismatch", id="expenditure.total"),
    pytest.param("  total: 145.00", "145.00", "sum-mismatch", id="last_year.total"),
    pytest.param(
        "total: {word: 增加, amount: 5.00", "5.00", "change-mismatch", id="last_year.change.total"
    ),
    pytest.param(
        "basic: {word: 增加, amount: 5.00", "5.00", "change-mismatch", id="last_year.change.basic"
    ),
    pytest.param("    total: 1.70", "1.70", "sum-mismatch", id="three_public.total"),
    pytest.param("    vehicles: 1.20", "1.20", "sum-mismatch", id="three_public.vehicles"),
    pytest.param(
        "{word: 减少, amount: 0.30}", "0.30", "change-mismatch", id="three_public.change.total"
    ),
    pytest.param("    amount: 30.00", "30.00", "sum-mismatch", id="projects.1.amount"),
    pytest.param("    amount: 50.00", "50.00", "sum-mismatch", id="projects.2.amount"),
    pytest.param("      total: 1.00", "1.00", "sum-mismatch", id="procurement.line.total"),
    pytest.param("  total: 1.00\nassets", "1.00", "sum-mismatch", id="procurement.total"),
    pytest.param("  total: 65.00", "65.00", "sum-mismatch", id="assets.total"),
]


@pytest.mark.parametrize(("line", "figure", "code"), STATED)
def test_one_cent_in_any_stated_figure_is_an_error_at_its_line(
    check_text: Check, line: str, figure: str, code: str
) -> None:
    bumped = f"{float(figure) + 0.01:.2f}"
    text = CLEAN_UNIT.replace(line, line.replace(figure, bumped, 1), 1)
    findings = check_text(text).sorted_findings()
    number = text[: text.index(line.replace(figure, bumped, 1))].count("\n") + 1
    assert [(f.location.line, f.code) for f in findings] == [(number, code)]
    assert "0.01" in render_message(findings[0], "zh")
    assert "0.01" in render_message(findings[0], "en")


def test_unbalanced_budget_is_an_error(check_text: Check) -> None:
    text, found = findings_after(
        check_text,
        "government_fund: 50.00\n  carryover: 0.00\n  total: 150.00",
        "government_fund: 60.00\n  carryover: 0.00\n  total: 160.00",
    )
    assert found == [(line_of(text, "  total: 150.00"), 10, "unbalanced")]


def test_revenue_and_spending_that_each_add_up_but_differ_by_a_cent_are_unbalanced(
    check_text: Check,
) -> None:
    # Every stated total agrees with its parts, so only the balance itself can catch the cent.
    text, found = findings_after(
        check_text,
        "general_budget: 100.00\n  government_fund: 50.00\n  carryover: 0.00\n  total: 150.00",
        "general_budget: 100.01\n  government_fund: 50.00\n  carryover: 0.00\n  total: 150.01",
    )
    assert found == [(line_of(text, "  total: 150.00"), 10, "unbalanced")]


def test_change_word_must_match_the_sign(check_text: Check) -> None:
    text, found = findings_after(check_text, "basic: {word: 增加", "basic: {word: 减少")
    assert found == [(line_of(text, "basic: {word: 减少"), 19, "change-word-mismatch")]


def test_change_percent_is_checked_to_two_places(check_text: Check) -> None:
    text, found = findings_after(check_text, "percent: 3.45", "percent: 3.44")
    assert found == [(line_of(text, "percent: 3.44"), 46, "change-percent-mismatch")]


# Last year 240.00 + 80.00 = 320.00 against 150.00 this year: −53.125 %, a tie at two places.
LAST_YEAR_320 = {
    "  basic: 65.00\n  projects: 80.00\n  total: 145.00": "  basic: 240.00\n  projects: 80.00\n  total: 320.00",
    "total: {word: 增加, amount: 5.00, percent: 3.45}": "total: {word: 减少, amount: 170.00, percent: 53.13}",
    "basic: {word: 增加, amount: 5.00}": "basic: {word: 减少, amount: 170.00}",
}


@pytest.mark.parametrize(
    ("stated", "expected"), [("53.13", []), ("53.12", ["change-percent-mismatch"])]
)
def test_a_change_percentage_on_a_tie_rounds_half_up(
    check_text: Check, stated: str, expected: list[str]
) -> None:
    text = CLEAN_UNIT
    for old, new in LAST_YEAR_320.items():
        assert old in text, old
        text = text.replace(old, new.replace("53.13", stated), 1)
    assert [f.code for f in check_text(text).sorted_findings()] == expected


def test_a_change_without_a_reason_is_an_error(check_text: Check) -> None:
    text, found = findings_after(check_text, "  reasons:\n    basic: 主要原因是人员增加\n", "")
    assert found == [(line_of(text, "basic: {word: 增加"), 12, "missing-reason")]


def test_a_missing_reason_names_the_key_to_add_and_shows_it(check_text: Check) -> None:
    text, _ = findings_after(check_text, "  reasons:\n    basic: 主要原因是人员增加\n", "")
    [finding] = check_text(text).sorted_findings()
    assert render_message(finding, "zh") == (
        "基本支出比上年增加5.00，须说明原因：请补上 last_year.reasons.basic，"
        "即在 last_year 下写“reasons: {basic: 主要原因是……}”"
    )
    assert render_message(finding, "en") == (
        "basic expenditure changed by +5.00 vs last year: a reason is required: add "
        "last_year.reasons.basic, under last_year: 'reasons: {basic: 主要原因是……}'"
    )


def test_a_reason_that_stops_at_its_lead_in_is_incomplete(check_text: Check) -> None:
    text, found = findings_after(check_text, "basic: 主要原因是人员增加", "basic: 主要原因是")
    assert found == [(line_of(text, "basic: 主要原因是"), 12, "reason-incomplete")]


def test_three_public_change_needs_its_reason(check_text: Check) -> None:
    text, found = findings_after(check_text, "  reasons:\n    reception: 压减接待费\n", "")
    assert found == [(line_of(text, "three_public:"), 1, "missing-reason")]


def test_a_missing_reason_beside_others_is_at_the_reasons_it_joins(check_text: Check) -> None:
    text, found = findings_after(
        check_text, "    reception: 压减接待费\n", "    overseas: 无增减变化\n"
    )
    assert found == [(line_of(text, "    overseas: 无增减变化") - 1, 3, "missing-reason")]
    [finding] = check_text(text).sorted_findings()
    assert render_message(finding, "zh").endswith(
        "须说明原因：请补上 three_public.reasons.reception，"
        "即在 three_public.reasons 下写“reception: 主要原因是……”"
    )


def test_duplicate_project_code_names_the_first(check_text: Check) -> None:
    text, found = findings_after(check_text, '"131024210000000000002"', '"131024210000000000001"')
    assert found == [(line_of(text, "name: 测试专项资金") - 1, 11, "project-code-duplicate")]


def test_code_from_another_year_is_a_warning(check_text: Check) -> None:
    text, found = findings_after(check_text, '"131024210000000000002"', '"131024200000000000002"')
    assert found == [(line_of(text, "131024200000000000002"), 11, "project-code-foreign")]


def test_spending_plan_must_not_go_backwards_and_must_end_at_100(check_text: Check) -> None:
    text, found = findings_after(
        check_text,
        "{march: 20.00, june: 40.00, october: 60.00, december: 100.00}",
        "{march: 20.00, june: 10.00, october: 60.00, december: 90.00}",
    )
    row = line_of(text, "june: 10.00")
    assert found == [(row, 41, "plan-decreasing"), (row, 74, "plan-incomplete")]


def test_projects_may_not_take_more_than_their_source(check_text: Check) -> None:
    text, found = findings_after(
        check_text, "funding_source: general_budget", "funding_source: state_capital"
    )
    assert found == [(line_of(text, "revenue:"), 1, "source-overspent")]


def test_operating_costs_of_an_administrative_unit_fit_in_public_spending(
    check_text: Check,
) -> None:
    text, found = findings_after(check_text, "  amount: 8.00", "  amount: 18.00")
    assert found == [(line_of(text, "amount: 18.00"), 11, "operating-exceeds-public")]


def test_office_space_cannot_exceed_buildings(check_text: Check) -> None:
    text, found = findings_after(
        check_text, "{quantity: 60, value: 30.00}", "{quantity: 160, value: 30.00}"
    )
    assert found == [(line_of(text, "quantity: 160"), 28, "office-exceeds-buildings")]


def test_procurement_price_times_quantity(check_text: Check) -> None:
    text, found = findings_after(check_text, "unit_price: 0.50", "unit_price: 0.45")
    assert found == [(line_of(text, "unit_price: 0.45"), 19, "procurement-price-mismatch")]


@pytest.mark.parametrize("placeholder", ["##单位名称##", "{{ name }}", "XXX", "××"])
def test_placeholders_are_never_published(check_text: Check, placeholder: str) -> None:
    text, found = findings_after(check_text, "负责测试工作。", f"负责{placeholder}工作。")
    assert found == [(line_of(text, "负责"), 21, "placeholder")]


def test_missing_basis_is_an_error(check_text: Check) -> None:
    _, found = findings_after(check_text, "    indicator_basis: 年度工作计划\n", "")
    assert [code for _, _, code in found] == ["indicator-basis-missing"] * 6


def test_rounded_sources_allow_a_tail_difference() -> None:
    assert tolerance(Decimal("94995790"), 2, None) == 0
    # Shanghai 2025: 77,381,546 + 17,614,243 = 94,995,789 stated as 94,995,790 (rounded from 分).
    assert abs(Decimal("94995790") - Decimal("94995789")) <= tolerance(Decimal("94995790"), 2, "元")
    assert tolerance(Decimal("1.00"), 3, "元") == Decimal("0.015")


def test_rounded_from_accepts_a_one_cent_tail_but_not_two(check_text: Check) -> None:
    rounded = CLEAN_UNIT.replace("division_code:", "rounded_from: 元\ndivision_code:")
    within = check_text(rounded.replace("  total: 65.00", "  total: 65.01")).findings
    # accepted, yet said at the figure: a reader sees a table that does not add up
    assert [(f.code, f.severity.value) for f in within] == [("rounding-difference", "warning")]
    text = rounded.replace("  total: 65.00", "  total: 65.02")
    assert [f.code for f in check_text(text).findings] == ["sum-mismatch"]


# -- what each finding says: its place, the value under its caret, its words in both languages


def said(checked: Checked) -> list[tuple[int, int, str, str, str, str]]:
    """Each finding as a reader meets it: line, column, code, the value its caret spans, and its
    message in Chinese and in English."""
    return [
        (
            f.location.line,
            f.location.column,
            f.code,
            f.value,
            render_message(f, "zh"),
            render_message(f, "en"),
        )
        for f in checked.sorted_findings()
    ]


ROUNDED = CLEAN_UNIT.replace("division_code:", "rounded_from: 元\ndivision_code:")
ALLOWED_ZH = "但读者看到的表不平；docgen 按精确数生成时可用最大余额法取整，使各项之和等于合计"
ALLOWED_EN = (
    "yet a reader sees figures that do not add up; rendering from exact figures, docgen can "
    "round by largest remainder so the parts add up to the total"
)


def test_a_total_within_its_rounding_allowance_says_both_figures_and_the_allowance(
    check_text: Check,
) -> None:
    # 100.00 + 50.00 + 0.00 stated as 150.01: three parts and the total, 3 × ½ cent allowed
    text = ROUNDED.replace("  total: 150.00\nexpenditure", "  total: 150.01\nexpenditure")
    assert said(check_text(text)) == [
        (
            line_of(text, "  total: 150.01"),
            10,
            "rounding-difference",
            "150.01",
            "收入合计：原文为 150.01，按各项计算为 150.00，相差 +0.01，在四舍五入容许尾差 0.015 "
            f"之内，{ALLOWED_ZH}",
            "revenue total: stated 150.01, the parts add up to 150.00, a difference of +0.01 "
            f"within the rounding allowance 0.015, {ALLOWED_EN}",
        )
    ]


def test_a_total_short_of_its_parts_within_the_allowance_says_a_negative_difference(
    check_text: Check,
) -> None:
    text = ROUNDED.replace("  total: 150.00\nexpenditure", "  total: 149.99\nexpenditure")
    [(_, _, code, value, zh, en)] = said(check_text(text))
    assert (code, value) == ("rounding-difference", "149.99")
    assert zh.startswith("收入合计：原文为 149.99，按各项计算为 150.00，相差 -0.01，")
    assert en.startswith("revenue total: stated 149.99, the parts add up to 150.00, a difference")


def test_a_total_beyond_its_rounding_allowance_is_a_mismatch_that_names_the_allowance(
    check_text: Check,
) -> None:
    text = ROUNDED.replace("  basic_total: 70.00", "  basic_total: 70.02")
    assert said(check_text(text)) == [
        (
            line_of(text, "basic_total: 70.02"),
            16,
            "sum-mismatch",
            "70.02",
            "基本支出（人员+公用）：原文为 70.02，按各项计算应为 70.00，相差 +0.02（容许尾差 0.01）",
            "basic expenditure: stated 70.02, the parts add up to 70.00, a difference of +0.02 "
            "(allowed 0.01)",
        )
    ]


def test_an_exact_total_one_cent_short_names_no_allowance(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("  projects_total: 80.00", "  projects_total: 79.99")
    assert said(check_text(text)) == [
        (
            line_of(text, "projects_total: 79.99"),
            19,
            "sum-mismatch",
            "79.99",
            "项目支出（各项目预算数之和）：原文为 79.99，按各项计算应为 80.00，相差 -0.01",
            "project expenditure: stated 79.99, the parts add up to 80.00, a difference of -0.01",
        )
    ]
    # --format json lists the parameters: an exact source's allowance is there, and empty
    [finding] = check_text(text).findings
    assert (finding.args["tolerance_zh"], finding.args["tolerance_en"]) == ("", "")


def test_a_balance_within_its_rounding_allowance_is_said_at_the_expenditure_total(
    check_text: Check,
) -> None:
    # Seven rounded figures (3 of revenue, 人员, 公用, 2 projects): (7 − 1) × ½ cent
    text = ROUNDED.replace("  general_budget: 100.00", "  general_budget: 100.01").replace(
        "  total: 150.00\nexpenditure", "  total: 150.01\nexpenditure"
    )
    assert said(check_text(text)) == [
        (
            line_of(text, "  total: 150.00"),  # the expenditure total: revenue's is 150.01
            10,
            "rounding-difference",
            "150.01",
            "收入合计与支出合计：原文为 150.01，按各项计算为 150.00，相差 +0.01，"
            f"在四舍五入容许尾差 0.03 之内，{ALLOWED_ZH}",
            "revenue and expenditure totals: stated 150.01, the parts add up to 150.00, a "
            f"difference of +0.01 within the rounding allowance 0.03, {ALLOWED_EN}",
        )
    ]


def test_an_unbalanced_budget_says_both_totals_the_difference_and_any_allowance(
    check_text: Check,
) -> None:
    revenue = ("  general_budget: 100.00", "  total: 150.00\nexpenditure")
    exact = CLEAN_UNIT.replace(revenue[0], "  general_budget: 99.99").replace(
        revenue[1], "  total: 149.99\nexpenditure"
    )
    assert said(check_text(exact)) == [
        (
            line_of(exact, "  total: 150.00"),
            10,
            "unbalanced",
            "",
            "收入合计 149.99 与支出合计 150.00 不相等，相差 -0.01",
            "revenue total 149.99 does not equal expenditure total 150.00 (difference -0.01)",
        )
    ]
    rounded = ROUNDED.replace(revenue[0], "  general_budget: 100.04").replace(
        revenue[1], "  total: 150.04\nexpenditure"
    )
    assert [message for *_, message in said(check_text(rounded))] == [
        "revenue total 150.04 does not equal expenditure total 150.00 (difference +0.04) "
        "(allowed 0.03)"
    ]
    [(*_, zh, _)] = said(check_text(rounded))
    assert zh == "收入合计 150.04 与支出合计 150.00 不相等，相差 +0.04（容许尾差 0.03）"


STATED_ONLY = re.sub(
    r"last_year:\n  basic: 65.00\n  projects: 80.00\n  total: 145.00\n", "last_year:\n", CLEAN_UNIT
)


def test_a_change_word_against_its_own_amount_names_both(check_text: Check) -> None:
    text = STATED_ONLY.replace(
        "projects: {word: 持平, amount: 0.00}", "projects: {word: 持平, amount: 3.00}"
    )
    assert said(check_text(text)) == [
        (
            line_of(text, "projects: {word: 持平"),
            22,
            "change-word-amount",
            "持平",
            "项目支出比上年：原文用词“持平”与变化金额 3.00 不符",
            "project expenditure vs last year: the word '持平' does not match the stated amount "
            "3.00",
        )
    ]


def test_a_stated_change_amount_says_what_the_two_years_give(check_text: Check) -> None:
    text = CLEAN_UNIT.replace(
        "basic: {word: 增加, amount: 5.00}", "basic: {word: 增加, amount: 4.00}"
    )
    assert said(check_text(text)) == [
        (
            line_of(text, "basic: {word: 增加, amount: 4.00}"),
            31,
            "change-mismatch",
            "4.00",
            "基本支出比上年：原文为增加4.00，按两年数字计算应为增加5.00，相差 -1.00",
            "basic expenditure vs last year: stated 增加 4.00, the two years give 增加 5.00 "
            "(difference -1.00)",
        )
    ]


def test_a_change_stated_by_its_amount_alone_says_the_amount_without_a_word(
    check_text: Check,
) -> None:
    text = CLEAN_UNIT.replace("basic: {word: 增加, amount: 5.00}", "basic: {amount: 4.00}")
    assert said(check_text(text)) == [
        (
            line_of(text, "basic: {amount: 4.00}"),
            21,
            "change-mismatch",
            "4.00",
            "基本支出比上年：原文为4.00，按两年数字计算应为增加5.00，相差 -1.00",
            "basic expenditure vs last year: stated 4.00, the two years give 增加 5.00 "
            "(difference -1.00)",
        )
    ]


def test_a_change_word_against_the_sign_says_the_change_and_the_word_it_needs(
    check_text: Check,
) -> None:
    text = CLEAN_UNIT.replace("basic: {word: 增加", "basic: {word: 减少")
    assert said(check_text(text)) == [
        (
            line_of(text, "basic: {word: 减少"),
            19,
            "change-word-mismatch",
            "减少",
            "基本支出比上年：原文用词“减少”与实际变化 +5.00 不符，应为“增加”",
            "basic expenditure vs last year: the word '减少' does not match the change +5.00; "
            "expected '增加'",
        )
    ]


def test_a_change_percentage_says_the_stated_and_the_computed(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("percent: 3.45", "percent: 3.44")
    assert said(check_text(text)) == [
        (
            line_of(text, "percent: 3.44"),
            46,
            "change-percent-mismatch",
            "3.44",
            "收支预算合计比上年变化率：原文为 3.44%，计算为 3.45%",
            "the budget total change vs last year: stated 3.44%, computed 3.45%",
        )
    ]


def test_an_overspent_source_says_what_its_projects_take_and_what_it_has(
    check_text: Check,
) -> None:
    # The first project (30.00) moved to a source the unit has no revenue from.
    text = CLEAN_UNIT.replace("funding_source: general_budget", "funding_source: state_capital")
    assert said(check_text(text)) == [
        (
            line_of(text, "revenue:"),
            1,
            "source-overspent",
            "",
            "由“国有资本经营预算”安排的项目合计 30.00，超过该来源收入 0，超出 30.00",
            "projects financed from the state capital budget total 30.00, more than its "
            "revenue 0 (by 30.00)",
        )
    ]


def test_a_source_overspent_by_a_cent_is_said_at_its_revenue(check_text: Check) -> None:
    # 50.00 of 政府性基金 less a cent, the cent moved to 一般公共预算: every total still holds.
    text = CLEAN_UNIT.replace("  general_budget: 100.00", "  general_budget: 100.01").replace(
        "  government_fund: 50.00", "  government_fund: 49.99"
    )
    assert said(check_text(text)) == [
        (
            line_of(text, "  government_fund: 49.99"),
            20,
            "source-overspent",
            "49.99",
            "由“政府性基金预算”安排的项目合计 50.00，超过该来源收入 49.99，超出 0.01",
            "projects financed from the government fund budget total 50.00, more than its "
            "revenue 49.99 (by 0.01)",
        )
    ]


def test_operating_costs_beyond_public_spending_say_both(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("  amount: 8.00", "  amount: 10.01")
    assert said(check_text(text)) == [
        (
            line_of(text, "amount: 10.01"),
            11,
            "operating-exceeds-public",
            "10.01",
            "机关运行经费 10.01 超过公用经费 10.00",
            "operating costs 10.01 exceed public spending 10.00",
        )
    ]
    equal = CLEAN_UNIT.replace("  amount: 8.00", "  amount: 10.00")
    assert said(check_text(equal)) == []


def test_a_price_times_quantity_off_the_line_says_both(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("unit_price: 0.50", "unit_price: 0.45")
    assert said(check_text(text)) == [
        (
            line_of(text, "unit_price: 0.45"),
            19,
            "procurement-price-mismatch",
            "",
            "数量 × 单价 = 0.90，与采购金额 1.00 不符",
            "quantity × unit price = 0.90, but the line amount is 1.00",
        )
    ]


RESERVED = "  total: 1.00\n  reserved_sme: {sme}\n  reserved_micro: {micro}\nassets"


def test_reservations_beyond_what_they_are_part_of_say_both_figures(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("  total: 1.00\nassets", RESERVED.format(sme="1.01", micro="1.02"))
    assert [row[:3] + row[4:] for row in said(check_text(text))] == [
        (
            line_of(text, "reserved_sme"),
            17,
            "part-exceeds-whole",
            "面向中小企业预留 1.01 超过政府采购预算总额 1.00",
            "the share reserved for small and medium enterprises (1.01) exceeds the "
            "procurement total (1.00)",
        ),
        (
            line_of(text, "reserved_micro"),
            19,
            "part-exceeds-whole",
            "面向小微企业预留 1.02 超过面向中小企业预留 1.01",
            "the share reserved for micro and small enterprises (1.02) exceeds the SME share "
            "(1.01)",
        ),
    ]
    within = CLEAN_UNIT.replace("  total: 1.00\nassets", RESERVED.format(sme="1.00", micro="1.00"))
    assert said(check_text(within)) == []


def test_a_micro_reservation_within_the_total_is_still_held_to_the_sme_one(
    check_text: Check,
) -> None:
    text = CLEAN_UNIT.replace("  total: 1.00\nassets", RESERVED.format(sme="0.50", micro="0.60"))
    assert said(check_text(text)) == [
        (
            line_of(text, "reserved_micro"),
            19,
            "part-exceeds-whole",
            "0.60",
            "面向小微企业预留 0.60 超过面向中小企业预留 0.50",
            "the share reserved for micro and small enterprises (0.60) exceeds the SME share "
            "(0.50)",
        )
    ]


def test_a_micro_reservation_without_an_sme_one_is_held_to_the_procurement_total(
    check_text: Check,
) -> None:
    text = CLEAN_UNIT.replace(
        "  total: 1.00\nassets", "  total: 1.00\n  reserved_micro: 1.01\nassets"
    )
    assert [row[4:] for row in said(check_text(text))] == [
        (
            "面向小微企业预留 1.01 超过政府采购预算总额 1.00",
            "the share reserved for micro and small enterprises (1.01) exceeds the procurement "
            "total (1.00)",
        )
    ]
    within = CLEAN_UNIT.replace(
        "  total: 1.00\nassets", "  total: 1.00\n  reserved_micro: 1.00\nassets"
    )
    assert said(check_text(within)) == []


def test_performance_targets_off_the_projects_with_indicators_say_each_figure(
    check_text: Check,
) -> None:
    text = CLEAN_UNIT.replace(
        "procurement:", "performance_targets: {projects: 3, amount: 80.01}\nprocurement:"
    )
    row = line_of(text, "performance_targets:")
    assert said(check_text(text)) == [
        (
            row,
            33,
            "sum-mismatch",
            "3",
            "实行绩效目标管理的项目个数：原文为 3，按各项计算应为 2，相差 +1",
            "the number of projects with performance targets: stated 3, the parts add up to 2, "
            "a difference of +1",
        ),
        (
            row,
            44,
            "part-exceeds-whole",
            "80.01",
            "实行绩效目标管理的项目涉及资金 80.01 超过项目支出 80.00",
            "the money of projects with performance targets (80.01) exceeds project "
            "expenditure (80.00)",
        ),
        (
            row,
            44,
            "sum-mismatch",
            "80.01",
            "实行绩效目标管理的项目涉及资金：原文为 80.01，按各项计算应为 80.00，相差 +0.01",
            "the money of projects with performance targets: stated 80.01, the parts add up to "
            "80.00, a difference of +0.01",
        ),
    ]
    # --format json lists the parameters: the count's allowance is there, and empty
    [count, *_] = check_text(text).sorted_findings()
    assert (count.args["tolerance_zh"], count.args["tolerance_en"]) == ("", "")


def test_performance_targets_of_a_single_project_are_allowed_half_a_cent(
    check_text: Check,
) -> None:
    # One project, one part: ½ cent, which 29.99 against its 30.00 is beyond. Without the
    # second project the unit's totals no longer add up: only what is said at the targets is read.
    one = re.sub(r'  - code: "131024210000000000002"\n(    .*\n)+', "", ROUNDED)
    text = one.replace(
        "procurement:", "performance_targets: {projects: 1, amount: 29.99}\nprocurement:"
    )
    row = line_of(text, "performance_targets:")
    assert [found for found in said(check_text(text)) if found[0] == row] == [
        (
            row,
            44,
            "sum-mismatch",
            "29.99",
            "实行绩效目标管理的项目涉及资金：原文为 29.99，按各项计算应为 30.00，相差 -0.01"
            "（容许尾差 0.005）",
            "the money of projects with performance targets: stated 29.99, the parts add up to "
            "30.00, a difference of -0.01 (allowed 0.005)",
        )
    ]


# Rounded from 元, with 上年结转 by source (5.00 + 5.00) and 结转下年 (10.00): revenue
# 100.00 + 50.00 + 10.00 = 160.00 against 60.00 + 10.00 + 30.00 + 50.00 + 10.00.
CARRIED = (
    ROUNDED.replace(
        "  carryover: 0.00\n  total: 150.00",
        "  carryover: {general_budget: 5.00, government_fund: 5.00}\n  total: 160.00",
    )
    .replace(
        "  projects_total: 80.00\n  total: 150.00",
        "  projects_total: 80.00\n  carry_forward: 10.00\n  total: 160.00",
    )
    .replace(
        "total: {word: 增加, amount: 5.00, percent: 3.45}",
        "total: {word: 增加, amount: 15.00, percent: 10.34}",
    )
)


def test_a_rounded_balance_counts_each_carried_source_and_the_carry_forward(
    check_text: Check,
) -> None:
    # Nine figures (2 sources, 2 carried, 人员, 公用, 2 projects, 结转下年): 8 × ½ cent
    assert said(check_text(CARRIED)) == []

    def revenue_off(cents: str) -> str:
        return CARRIED.replace(
            "  general_budget: 100.00", f"  general_budget: 100.{cents}"
        ).replace("  total: 160.00\nexpenditure", f"  total: 160.{cents}\nexpenditure")

    assert [row[2:] for row in said(check_text(revenue_off("04")))] == [
        (
            "rounding-difference",
            "160.04",
            "收入合计与支出合计：原文为 160.04，按各项计算为 160.00，相差 +0.04，"
            f"在四舍五入容许尾差 0.04 之内，{ALLOWED_ZH}",
            "revenue and expenditure totals: stated 160.04, the parts add up to 160.00, a "
            f"difference of +0.04 within the rounding allowance 0.04, {ALLOWED_EN}",
        )
    ]
    assert [row[2:] for row in said(check_text(revenue_off("05")))] == [
        (
            "unbalanced",
            "",
            "收入合计 160.05 与支出合计 160.00 不相等，相差 +0.05（容许尾差 0.04）",
            "revenue total 160.05 does not equal expenditure total 160.00 (difference +0.05) "
            "(allowed 0.04)",
        )
    ]


@pytest.mark.parametrize(
    ("stated", "code", "zh", "en"),
    [
        pytest.param(
            "160.01",
            "rounding-difference",
            "支出合计（基本+项目+结转下年）：原文为 160.01，按各项计算为 160.00，相差 +0.01，"
            f"在四舍五入容许尾差 0.015 之内，{ALLOWED_ZH}",
            "expenditure total: stated 160.01, the parts add up to 160.00, a difference of +0.01 "
            f"within the rounding allowance 0.015, {ALLOWED_EN}",
            id="within",
        ),
        pytest.param(
            "160.02",
            "sum-mismatch",
            "支出合计（基本+项目+结转下年）：原文为 160.02，按各项计算应为 160.00，相差 +0.02"
            "（容许尾差 0.015）",
            "expenditure total: stated 160.02, the parts add up to 160.00, a difference of +0.02 "
            "(allowed 0.015)",
            id="beyond",
        ),
    ],
)
def test_a_rounded_expenditure_total_counts_its_carry_forward_among_its_parts(
    check_text: Check, stated: str, code: str, zh: str, en: str
) -> None:
    # 基本支出, 项目支出 and 结转下年: three parts and the total, 3 × ½ cent
    text = CARRIED.replace(
        "  carry_forward: 10.00\n  total: 160.00", f"  carry_forward: 10.00\n  total: {stated}"
    )
    assert said(check_text(text)) == [
        (line_of(text, f"  total: {stated}"), 10, code, stated, zh, en)
    ]


@pytest.mark.parametrize(
    ("stated", "code", "allowance"),
    [
        ("80.01", "rounding-difference", "within the rounding allowance 0.01,"),
        ("80.02", "sum-mismatch", "(allowed 0.01)"),
    ],
)
def test_a_rounded_projects_total_is_allowed_half_a_cent_a_project(
    check_text: Check, stated: str, code: str, allowance: str
) -> None:
    text = ROUNDED.replace("  projects_total: 80.00", f"  projects_total: {stated}")
    [finding] = check_text(text).findings
    assert (finding.location.line, finding.code) == (line_of(text, "projects_total:"), code)
    message = render_message(finding, "en")
    assert message.startswith(f"project expenditure: stated {stated}, the parts add up to 80.00")
    assert allowance in message


def test_an_imbalance_without_a_stated_expenditure_total_is_said_at_the_expenditure(
    check_text: Check,
) -> None:
    text = (
        CLEAN_UNIT.replace("  projects_total: 80.00\n  total: 150.00", "  projects_total: 80.00")
        .replace("  general_budget: 100.00", "  general_budget: 100.01")
        .replace("  total: 150.00\nexpenditure", "  total: 150.01\nexpenditure")
    )
    assert table(check_text(text).findings) == [(line_of(text, "expenditure:"), 1, "unbalanced")]


@pytest.mark.parametrize("block", ["revenue", "expenditure"])
def test_a_unit_stating_one_side_of_its_budget_has_no_balance_to_check(
    check_text: Check, block: str
) -> None:
    # A unit publishing its projects' performance only may state its revenue or its spending
    # alone: there is nothing to balance it against, and nothing to report.
    performance = CLEAN_UNIT.replace("scope: full", "scope: performance")
    text = re.sub(rf"{block}:\n(  .*\n)+", "", performance)
    assert f"{block}:" not in text
    assert said(check_text(text)) == []


@pytest.mark.parametrize(
    ("stated", "codes"), [("4.99", []), ("5.01", []), ("5.02", ["change-mismatch"])]
)
def test_a_rounded_change_amount_is_allowed_half_a_cent_for_each_year(
    check_text: Check, stated: str, codes: list[str]
) -> None:
    # 70.00 this year against 65.00 last year, each rounded: 2 × ½ cent
    text = ROUNDED.replace(
        "basic: {word: 增加, amount: 5.00}", f"basic: {{word: 增加, amount: {stated}}}"
    )
    assert [f.code for f in check_text(text).findings] == codes


def test_a_rounded_change_amount_written_in_whole_units_is_allowed_the_cents_of_the_two_years(
    check_text: Check,
) -> None:
    # 70.00 against 65.00, each to the cent, stated as a change of 6: 2 × ½ cent allowed, not
    # 2 × ½ of the amount's own last place (1 万元, which would pass it as rounding)
    text = ROUNDED.replace("basic: {word: 增加, amount: 5.00}", "basic: {word: 增加, amount: 6}")
    assert said(check_text(text)) == [
        (
            line_of(text, "basic: {word: 增加, amount: 6}"),
            31,
            "change-mismatch",
            "6",
            "基本支出比上年：原文为增加6，按两年数字计算应为增加5.00，相差 +1.00",
            "basic expenditure vs last year: stated 增加 6, the two years give 增加 5.00 "
            "(difference +1.00)",
        )
    ]


def test_a_change_percentage_on_a_last_year_of_nothing_has_none_to_match(
    check_text: Check,
) -> None:
    text = (
        CLEAN_UNIT.replace(
            "  basic: 65.00\n  projects: 80.00\n  total: 145.00",
            "  basic: 0.00\n  projects: 0.00\n  total: 0.00",
        )
        .replace(
            "total: {word: 增加, amount: 5.00, percent: 3.45}",
            "total: {word: 增加, amount: 150.00, percent: 100.00}",
        )
        .replace("basic: {word: 增加, amount: 5.00}", "basic: {word: 增加, amount: 70.00}")
        .replace("projects: {word: 持平, amount: 0.00}", "projects: {word: 增加, amount: 80.00}")
        .replace(
            "    basic: 主要原因是人员增加", "    basic: 主要原因是人员增加\n    projects: 新增项目"
        )
    )
    assert said(check_text(text)) == [
        (
            line_of(text, "percent: 100.00"),
            48,
            "change-percent-mismatch",
            "100.00",
            "收支预算合计比上年变化率：原文为 100.00%，计算为 无（上年为0）",
            "the budget total change vs last year: stated 100.00%, computed none (last year 0)",
        )
    ]


BY_CATEGORY = re.sub(
    r"procurement:\n(  .*\n)+",
    "procurement:\n  goods: 1.00\n  services: 2.00\n  total: 3.00\n",
    ROUNDED,
)


@pytest.mark.parametrize(
    ("text", "old", "new", "said_en"),
    [
        pytest.param(
            BY_CATEGORY,
            "  total: 3.00",
            "  total: 3.01",
            "procurement total: stated 3.01, the parts add up to 3.00, a difference of +0.01 "
            "within the rounding allowance 0.01,",
            id="procurement-by-category",
        ),
        pytest.param(
            BY_CATEGORY,
            "  total: 3.00",
            "  total: 3.02",
            "procurement total: stated 3.02, the parts add up to 3.00, a difference of +0.02 "
            "(allowed 0.01)",
            id="procurement-by-category-beyond",
        ),
        pytest.param(
            ROUNDED,
            "  total: 1.00\nassets",
            "  total: 1.01\nassets",
            "procurement total: stated 1.01, the parts add up to 1.00, a difference of +0.01 "
            "(allowed 0.005)",
            id="procurement-of-one-line",
        ),
        pytest.param(
            ROUNDED,
            "  total: 1.00\nassets",
            "  goods: 1.01\n  total: 1.00\nassets",
            "procurement of goods: stated 1.01, the parts add up to 1.00, a difference of +0.01 "
            "(allowed 0.005)",
            id="category-of-one-line",
        ),
        pytest.param(
            ROUNDED,
            "procurement:",
            "performance_targets: {projects: 2, amount: 79.99}\nprocurement:",
            "the money of projects with performance targets: stated 79.99, the parts add up to "
            "80.00, a difference of -0.01 within the rounding allowance 0.01,",
            id="performance-targets-of-two-projects",
        ),
        pytest.param(
            ROUNDED,
            "procurement:",
            "performance_targets: {projects: 2, amount: 79.98}\nprocurement:",
            "the money of projects with performance targets: stated 79.98, the parts add up to "
            "80.00, a difference of -0.02 (allowed 0.01)",
            id="performance-targets-beyond",
        ),
    ],
)
def test_a_rounded_total_is_allowed_half_a_cent_for_each_of_its_parts(
    check_text: Check, text: str, old: str, new: str, said_en: str
) -> None:
    assert old in text
    changed = text.replace(old, new, 1)
    [finding] = check_text(changed).findings
    assert finding.location.line == line_of(changed, new.split("\n", maxsplit=1)[0])
    assert render_message(finding, "en").startswith(said_en)


# Two lines of 货物, the first paid from two sources, stated by line, by category and in total
TWO_LINES = ROUNDED.replace(
    "      amounts: {general_budget: 1.00}\n      total: 1.00\n  total: 1.00\n",
    """      amounts: {general_budget: 0.60, government_fund: 0.40}
      total: 1.01
    - project: 测试工作经费
      item: 打印机
      catalogue_no: A02021001
      category: 货物
      measure_unit: 台
      quantity: 1
      unit_price: 1.00
      amounts: {general_budget: 1.00}
      total: 1.00
  goods: 2.01
  total: 2.01
""",
)


def test_a_rounded_procurement_says_each_line_category_and_total_within_its_allowance(
    check_text: Check,
) -> None:
    # each a cent over its parts, and each allowed a cent: the first line's two sources, the
    # two lines of 货物, the two lines of the total (2 × ½ cent each)
    assert [row[:5] for row in said(check_text(TWO_LINES))] == [
        (
            line_of(TWO_LINES, "      total: 1.01"),
            14,
            "rounding-difference",
            "1.01",
            "采购“台式计算机”合计：原文为 1.01，按各项计算为 1.00，相差 +0.01，"
            f"在四舍五入容许尾差 0.01 之内，{ALLOWED_ZH}",
        ),
        (
            line_of(TWO_LINES, "  goods: 2.01"),
            10,
            "rounding-difference",
            "2.01",
            "政府采购货物类：原文为 2.01，按各项计算为 2.00，相差 +0.01，"
            f"在四舍五入容许尾差 0.01 之内，{ALLOWED_ZH}",
        ),
        (
            line_of(TWO_LINES, "  total: 2.01"),
            10,
            "rounding-difference",
            "2.01",
            "政府采购预算合计：原文为 2.01，按各项计算为 2.00，相差 +0.01，"
            f"在四舍五入容许尾差 0.01 之内，{ALLOWED_ZH}",
        ),
    ]
    [*_, (*_, en)] = said(check_text(TWO_LINES))
    assert en == (
        "procurement total: stated 2.01, the parts add up to 2.00, a difference of +0.01 "
        f"within the rounding allowance 0.01, {ALLOWED_EN}"
    )


def test_a_rounded_total_written_in_whole_units_is_allowed_the_cents_of_its_parts(
    check_text: Check,
) -> None:
    # “三公” 2 against 0.00 + 0.00 + 1.20 + 0.50 = 1.70: four parts to the cent, 4 × ½ cent
    # allowed, not 4 × ½ of the total's own last place (2 万元, which would pass it)
    text = ROUNDED.replace("    total: 1.70", "    total: 2")
    assert said(check_text(text)) == [
        (
            line_of(text, "    total: 2"),
            12,
            "sum-mismatch",
            "2",
            "“三公”经费合计：原文为 2，按各项计算应为 1.70，相差 +0.30（容许尾差 0.02）",
            "the 三公 total: stated 2, the parts add up to 1.70, a difference of +0.30 (allowed 0.02)",
        )
    ]
