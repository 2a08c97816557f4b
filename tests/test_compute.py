"""Stage compute: exact sums, one explicit rounding rule, change words."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from conftest import CLEAN_UNIT

from docgen.build import Checked, CheckedUnit
from docgen.compute import compute_change, round_half_up

Check = Callable[..., Checked]


@pytest.mark.parametrize(
    ("current", "previous", "delta", "word", "percent"),
    [
        ("28421.85", "23207.08", "5214.77", "增加", "22.47"),
        ("1461.85", "1721.08", "-259.23", "减少", "-15.06"),
        ("0.00", "0.00", "0.00", "持平", None),
        ("10.00", "0.00", "10.00", "增加", None),
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
