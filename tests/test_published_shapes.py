"""Shapes of real published disclosures the source format must hold without inventing a figure:
carryover by source, a change stated without last year's figures, sections not published, and
balances of tables rounded per cell."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from conftest import CLEAN_UNIT, line_of, table

from docgen.check import Checked, CheckedUnit
from docgen.compute import compute_figures
from docgen.document import build_unit_document
from docgen.document.blocks import Paragraph, Section, Table

Check = Callable[..., Checked]


def unit_document_text(checked: Checked) -> str:
    [document] = checked.documents
    assert isinstance(document, CheckedUnit)
    built = build_unit_document(document.unit, compute_figures(document.unit))
    return "\n".join(texts_of(built.sections))


def texts_of(sections: tuple[Section, ...]) -> list[str]:
    found: list[str] = []
    for section in sections:
        found.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                found.append(block.text)
            elif isinstance(block, Table):
                found += [" | ".join(c.text for c in row) for g in block.body for row in g.rows]
        found += texts_of(section.children)
    return found


# -- carryover by source ------------------------------------------------------------------------

FUND_PROJECT_FROM_CARRYOVER = CLEAN_UNIT.replace(
    "  carryover: 0.00\n  total: 150.00",
    "  carryover: {general_budget: 0.00, government_fund: 20.00}\n  total: 170.00",
).replace("    amount: 50.00\n    fiscal: 50.00", "    amount: 70.00\n    fiscal: 70.00")
FUND_PROJECT_FROM_CARRYOVER = (
    FUND_PROJECT_FROM_CARRYOVER.replace("  projects_total: 80.00", "  projects_total: 100.00")
    .replace("  total: 150.00\nlast_year", "  total: 170.00\nlast_year")
    .replace("percent: 3.45", "percent: 3.03")  # 5.00 on last year's 165.00
    .replace("  projects: 80.00\n  total: 145.00", "  projects: 100.00\n  total: 165.00")
)


def test_a_project_financed_from_its_sources_carryover_is_not_overspent(check_text: Check) -> None:
    checked = check_text(FUND_PROJECT_FROM_CARRYOVER)
    assert table(checked.findings) == []


def test_a_project_beyond_its_source_and_that_sources_carryover_is_overspent(
    check_text: Check,
) -> None:
    # the same 20.00 carried over, but by the general budget: the fund cannot spend it
    text = FUND_PROJECT_FROM_CARRYOVER.replace(
        "{general_budget: 0.00, government_fund: 20.00}",
        "{general_budget: 20.00, government_fund: 0.00}",
    )
    checked = check_text(text)
    assert table(checked.findings) == [
        (line_of(text, "  government_fund: 50.00"), 20, "source-overspent")
    ]
    assert "70.00" in checked.findings[0].args["used"]


def test_carryover_by_source_counts_in_the_revenue_total(check_text: Check) -> None:
    text = FUND_PROJECT_FROM_CARRYOVER.replace(
        "  total: 170.00\nexpenditure", "  total: 150.00\nexpenditure"
    )
    assert [f.code for f in check_text(text).findings] == ["sum-mismatch"]


def test_carryover_by_an_unknown_source_is_a_located_schema_error(check_text: Check) -> None:
    text = FUND_PROJECT_FROM_CARRYOVER.replace("government_fund: 20.00}", "goverment_fund: 20.00}")
    codes = [(f.code, f.location.line) for f in check_text(text).findings]
    assert ("schema-unknown-key", line_of(text, "goverment_fund: 20.00")) in codes


# -- changes stated without last year's figures ---------------------------------------------------

STATED_ONLY = re.sub(
    r"last_year:\n  basic: 65.00\n  projects: 80.00\n  total: 145.00\n", "last_year:\n", CLEAN_UNIT
)


def test_a_change_stated_without_last_years_figures_is_accepted(check_text: Check) -> None:
    checked = check_text(STATED_ONLY)
    assert table(checked.findings) == []
    text = unit_document_text(checked)
    assert "较2020年预算增加5万元" in text
    assert "项目支出持平" in text
    # the change table shows no invented last-year figure
    assert "基本支出 | 70.00 | — | 5.00 |" in text


def test_basic_unchanged_words_are_accepted_and_printed_as_stated(check_text: Check) -> None:
    text = STATED_ONLY.replace("projects: {word: 持平, amount: 0.00}", "projects: {word: 基本持平}")
    checked = check_text(text)
    assert table(checked.findings) == []
    assert "项目支出基本持平" in unit_document_text(checked)
    kept = STATED_ONLY.replace("projects: {word: 持平", "projects: {word: 保持不变")
    assert table(check_text(kept).findings) == []


def test_a_stated_word_must_match_its_stated_amount(check_text: Check) -> None:
    text = STATED_ONLY.replace(
        "projects: {word: 持平, amount: 0.00}", "projects: {word: 持平, amount: 3.00}"
    )
    checked = check_text(text)
    assert table(checked.findings) == [
        (line_of(text, "projects: {word: 持平"), 22, "change-word-amount")
    ]
    up = STATED_ONLY.replace(
        "basic: {word: 增加, amount: 5.00}", "basic: {word: 增加, amount: 0.00}"
    )
    assert [f.code for f in check_text(up).findings] == ["change-word-amount"]


def test_a_stated_change_still_needs_its_reason(check_text: Check) -> None:
    text = STATED_ONLY.replace("    basic: 主要原因是人员增加\n", "")
    text = text.replace("  reasons:\noperating_costs", "operating_costs")
    assert [f.code for f in check_text(text).findings] == ["missing-reason"]


def test_three_public_changes_stated_without_last_years_items(check_text: Check) -> None:
    text = CLEAN_UNIT.replace(
        "  last_year: {overseas: 0.00, vehicle_purchase: 0.00, vehicle_operation: 1.20, "
        "reception: 0.80}\n",
        "",
    )
    checked = check_text(text)
    assert table(checked.findings) == []
    shown = unit_document_text(checked)
    assert "与2020年相比减少0.3万元" in shown
    assert "公务接待费 | 0.50 | — | — |" in shown  # no invented 0.00 for last year


# -- sections not published --------------------------------------------------------------------

WITHOUT_ASSETS = re.sub(r"assets:\n(  .*\n)+", "", CLEAN_UNIT)


def test_a_full_disclosure_must_give_each_section_or_say_it_is_not_published(
    check_text: Check,
) -> None:
    codes = [(f.code, f.args.get("key")) for f in check_text(WITHOUT_ASSETS).findings]
    assert codes == [("schema-required", "assets")]


def test_a_section_marked_not_given_is_left_out_not_zeroed(check_text: Check) -> None:
    text = WITHOUT_ASSETS.replace("division_code:", "not_given: [assets]\ndivision_code:")
    checked = check_text(text)
    assert table(checked.findings) == []
    shown = unit_document_text(checked)
    assert "国有资产" not in shown
    # the sections after it are numbered on
    assert "七、名词解释" in shown and "八、其他需要说明的事项" in shown


def test_not_given_names_only_sections_that_can_be_left_out(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("division_code:", "not_given: [revenue]\ndivision_code:")
    assert [f.code for f in check_text(text).findings] == ["schema-enum"]


# -- balances of rounded tables ---------------------------------------------------------------

# Revenue 100.00 + 50.00 + 0.00 against 60.00 + 10.00 + 30.00 + 50.00: seven rounded figures.
ROUNDED = CLEAN_UNIT.replace("division_code:", "rounded_from: 元\ndivision_code:")


def unbalance(text: str, cents: int) -> str:
    """Revenue off by `cents` with every stated total agreeing with its own parts."""
    revenue = Decimal("100.00") + Decimal(cents) / 100
    return text.replace("  general_budget: 100.00", f"  general_budget: {revenue}").replace(
        "  total: 150.00\nexpenditure", f"  total: {150 + Decimal(cents) / 100:.2f}\nexpenditure"
    )


def test_a_rounded_balance_within_its_tolerance_is_a_warning_at_the_total(
    check_text: Check,
) -> None:
    # n = 7 figures (3 revenue, 人员, 公用, 2 projects): (n − 1) × ½ cent = 3 cents
    text = unbalance(ROUNDED, 3)
    findings = check_text(text).findings
    assert [(f.code, f.severity.value) for f in findings] == [("rounding-difference", "warning")]
    assert findings[0].location.line == line_of(text, "  total: 150.00")
    assert findings[0].args["allowed"] == "0.03"


def test_a_rounded_balance_one_cent_beyond_its_tolerance_is_an_error(check_text: Check) -> None:
    findings = check_text(unbalance(ROUNDED, 4)).findings
    assert [f.code for f in findings] == ["unbalanced"]
    assert "0.03" in findings[0].args["tolerance_zh"]


def test_an_exact_source_accepts_no_imbalance(check_text: Check) -> None:
    assert [f.code for f in check_text(unbalance(CLEAN_UNIT, 1)).findings] == ["unbalanced"]


# -- procurement by category and its reservations (X7) -----------------------------------------


def test_procurement_stated_by_category_alone_is_the_data(check_text: Check) -> None:
    text = re.sub(
        r"procurement:\n(  .*\n)+",
        "procurement:\n  goods: 1.00\n  services: 2.00\n  total: 3.00\n"
        "  reserved_sme: 2.50\n  reserved_micro: 1.00\n",
        CLEAN_UNIT,
    )
    checked = check_text(text)
    assert table(checked.findings) == []
    shown = unit_document_text(checked)
    assert "安排政府采购预算3万元，其中：货物1万元，服务2万元。" in shown  # no invented 工程 0
    assert "面向中小企业预留2.5万元，其中面向小微企业预留1万元。" in shown
    wrong = text.replace("  total: 3.00\n  reserved", "  total: 3.01\n  reserved")
    assert [f.code for f in check_text(wrong).findings] == ["sum-mismatch"]


def test_reservations_cannot_exceed_what_they_are_part_of(check_text: Check) -> None:
    text = CLEAN_UNIT.replace(
        "  total: 1.00\nassets",
        "  total: 1.00\n  reserved_sme: 1.50\n  reserved_micro: 1.60\nassets",
    )
    found = table(check_text(text).findings)
    assert found == [
        (line_of(text, "reserved_sme"), 17, "part-exceeds-whole"),
        (line_of(text, "reserved_micro"), 19, "part-exceeds-whole"),
    ]


def test_a_category_stated_beside_the_lines_is_their_sum(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("  total: 1.00\nassets", "  goods: 1.00\n  total: 1.00\nassets")
    assert table(check_text(text).findings) == []
    wrong = text.replace("  goods: 1.00", "  goods: 1.10")
    assert [f.code for f in check_text(wrong).findings] == ["sum-mismatch"]


# -- 机关运行经费 against last year ------------------------------------------------------------------


def test_operating_costs_change_is_computed_said_and_explained(check_text: Check) -> None:
    text = CLEAN_UNIT.replace(
        "  amount: 8.00\n  purpose: 主要用于办公及印刷费",
        "  amount: 8.00\n  purpose: 主要用于办公及印刷费\n  last_year: 9.00\n"
        "  stated_change: {word: 减少, amount: 1.00}\n  reason: 压减日常开支",
    )
    checked = check_text(text)
    assert table(checked.findings) == []
    assert "比上年减少1万元，压减日常开支。" in unit_document_text(checked)
    wrong = text.replace("{word: 减少, amount: 1.00}", "{word: 增加, amount: 1.00}")
    assert [f.code for f in check_text(wrong).findings] == ["change-word-mismatch"]
    unexplained = text.replace("  reason: 压减日常开支\n", "")
    [finding] = check_text(unexplained).findings
    assert (finding.code, finding.args["path"]) == ("missing-reason", "operating_costs.reason")


def test_operating_costs_change_stated_without_last_year(check_text: Check) -> None:
    text = CLEAN_UNIT.replace(
        "  amount: 8.00\n  purpose: 主要用于办公及印刷费",
        "  amount: 8.00\n  purpose: 主要用于办公及印刷费\n  stated_change: {word: 基本持平}",
    )
    checked = check_text(text)
    assert table(checked.findings) == []
    assert "比上年基本持平。" in unit_document_text(checked)


# -- projects under 绩效目标 management (X7) ----------------------------------------------------


def test_performance_targets_are_the_projects_with_indicators(check_text: Check) -> None:
    text = CLEAN_UNIT.replace(
        "procurement:", "performance_targets: {projects: 2, amount: 80.00}\nprocurement:"
    )
    checked = check_text(text)
    assert table(checked.findings) == []
    assert "本单位实行绩效目标管理的项目2个，涉及资金80万元。" in unit_document_text(checked)
    wrong = text.replace("{projects: 2, amount: 80.00}", "{projects: 3, amount: 80.01}")
    # 80.01 is also more than the 项目支出 of 80.00
    assert sorted(f.code for f in check_text(wrong).findings) == [
        "part-exceeds-whole",
        "sum-mismatch",
        "sum-mismatch",
    ]
    beyond = text.replace("{projects: 2, amount: 80.00}", "{projects: 2, amount: 90.00}")
    assert "part-exceeds-whole" in [f.code for f in check_text(beyond).findings]
