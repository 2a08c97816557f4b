"""Stage compute: exact sums, one explicit rounding rule, change words."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from conftest import CLEAN_UNIT, table

from docgen.check import Checked
from docgen.checked import CheckedUnit
from docgen.compute import compute_change, round_half_up

Check = Callable[..., Checked]


@pytest.mark.parametrize(
    ("current", "previous", "delta", "word", "percent"),
    [
        ("28421.85", "23207.08", "5214.77", "增加", "22.47"),
        ("1461.85", "1721.08", "-259.23", "减少", "-15.06"),
        ("0.00", "0.00", "0.00", "持平", None),
        ("10.00", "0.00", "10.00", "增加", None),
        # Ties at two places round away from zero (half-up), never to the even neighbour.
        ("801.00", "800.00", "1.00", "增加", "0.13"),
        ("799.00", "800.00", "-1.00", "减少", "-0.13"),
        ("150.00", "320.00", "-170.00", "减少", "-53.13"),
    ],
)
def test_change_word_and_percentage(
    current: str, previous: str, delta: str, word: str, percent: str | None
) -> None:
    change = compute_change(Decimal(current), Decimal(previous))
    assert (str(change.delta), change.word) == (delta, word)
    assert change.percent == (Decimal(percent) if percent else None)


def test_rounding_is_half_up_not_bankers() -> None:
    assert round_half_up(Decimal("0.125")) == Decimal("0.13")
    assert round_half_up(Decimal("-0.125")) == Decimal("-0.13")
    assert round_half_up(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67


def test_unit_figures_keep_the_source_precision(check_text: Check) -> None:
    document = check_text(CLEAN_UNIT).documents[0]
    assert isinstance(document, CheckedUnit)
    figures = document.figures
    assert [str(p.amount) for p in figures.projects] == ["30.00", "50.00"]
    assert [p.number for p in figures.projects] == [1, 2]
    assert str(figures.revenue_total) == "150.00"
    assert str(figures.basic) == "70.00"
    assert str(figures.expenditure_total) == "150.00"
    assert figures.project_funding == {
        "general_budget": Decimal("30.00"),
        "government_fund": Decimal("50.00"),
    }
    three = figures.three_public
    assert three is not None
    assert (str(three.items["vehicles"]), str(three.items["total"])) == ("1.20", "1.70")
    assert (three.changes["reception"].word, str(three.changes["reception"].delta)) == (
        "减少",
        "-0.30",
    )
    assert figures.procurement is not None
    assert figures.procurement.by_category["货物"] == Decimal("1.00")
    assert str(figures.assets_total) == "65.00"


def test_the_expenditure_total_counts_the_money_carried_forward(check_text: Check) -> None:
    # 结转下年 5.00: spending 70.00 + 80.00 + 5.00 = 155.00, covered by 5.00 more revenue.
    text = CLEAN_UNIT
    for old, new in {
        "general_budget: 100.00": "general_budget: 105.00",
        "carryover: 0.00\n  total: 150.00": "carryover: 0.00\n  total: 155.00",
        "projects_total: 80.00\n  total: 150.00": "projects_total: 80.00\n  carry_forward: 5.00\n  total: 155.00",
        "total: {word: 增加, amount: 5.00, percent: 3.45}": "total: {word: 增加, amount: 10.00, percent: 6.90}",
    }.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    checked = check_text(text)
    assert table(checked.sorted_findings()) == []
    document = checked.documents[0]
    assert isinstance(document, CheckedUnit)
    figures = document.figures
    assert (figures.carry_forward, figures.expenditure_total) == (
        Decimal("5.00"),
        Decimal("155.00"),
    )
    assert figures.changes["total"].delta == Decimal("10.00")
