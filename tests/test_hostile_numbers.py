"""Amounts beyond Python's default 28 digits, or finer than a cent, and indicator targets that
cannot be meant: located findings, never an internal error, never a cent rounded away."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, line_of, table, write
from typer.testing import CliRunner

from docgen.build import Checked
from docgen.cli import app
from docgen.compute import compute_change

Check = Callable[..., Checked]
THIRTY_DIGITS = "123456789012345678901234567890.00"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--lang", "en"])
    return result.exit_code, result.output


def test_a_thirty_digit_amount_is_out_of_range_not_a_crash(tmp_path: Path) -> None:
    """It made `build` exit 3 (decimal.InvalidOperation while rounding a percentage)."""
    text = CLEAN_UNIT.replace("  general_budget: 100.00", f"  general_budget: {THIRTY_DIGITS}")
    path = write(tmp_path, text)
    code, output = run("build", str(path), "-o", str(tmp_path / "out"), "-f", "html")
    assert code == 1, output
    line = line_of(text, THIRTY_DIGITS)
    assert f"{path}:{line}:19: error[schema-range]" in output
    assert "≤ 999999999999.99" in output


def test_a_tiny_last_year_figure_has_too_many_decimals(check_text: Check) -> None:
    """It made `validate` exit 3: the percentage of a change against 1E-28 overflows."""
    tiny = "0.0000000000000000000000000001"
    text = CLEAN_UNIT.replace("  basic: 65.00", f"  basic: {tiny}")
    findings = check_text(text).findings
    assert (line_of(text, tiny), 10, "amount-decimals") in table(findings)


@pytest.mark.parametrize("value", ["100.001", "100.0000000001"])
def test_more_than_two_decimals_is_refused_where_written(check_text: Check, value: str) -> None:
    text = CLEAN_UNIT.replace("  general_budget: 100.00", f"  general_budget: {value}")
    assert table(check_text(text).findings)[:1] == [(line_of(text, value), 19, "amount-decimals")]


def test_trailing_zeros_are_not_decimals(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("  general_budget: 100.00", "  general_budget: 100.0000")
    assert check_text(text).findings == []


def test_the_largest_amount_keeps_its_cents(check_text: Check) -> None:
    """At the top of the range a cent still counts: a stated total a cent off is caught."""
    big = "999999999899.99"
    text = CLEAN_UNIT.replace("  general_budget: 100.00", f"  general_budget: {big}")
    text = text.replace("  total: 150.00\nexpenditure:", "  total: 999999999950.00\nexpenditure:")
    findings = check_text(text).findings
    assert (line_of(text, "999999999950.00"), 10, "sum-mismatch") in table(findings)
    mismatch = next(f for f in findings if f.code == "sum-mismatch")
    assert mismatch.args["difference"] == "+0.01"


def test_compute_is_exact_whatever_the_callers_context() -> None:
    with localcontext() as narrow:
        narrow.prec = 6
        change = compute_change(Decimal("999999999999.99"), Decimal("0.01"))
    assert change.delta == Decimal("999999999999.98")
    assert change.percent == Decimal("9999999999999800.00")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("≥999999999999999人", "indicator-number-implausible"),
        ("10000000000次", "indicator-number-implausible"),
    ],
)
def test_an_unreachable_count_is_a_warning(check_text: Check, value: str, code: str) -> None:
    text = CLEAN_UNIT.replace("value: 12次}", f"value: {value}}}")
    findings = check_text(text).findings
    assert (line_of(text, value), code) in [(f.location.line, f.code) for f in findings]


@pytest.mark.parametrize("per", ["天", "人"])
def test_a_cost_per_day_or_head_above_the_budget_is_a_warning(check_text: Check, per: str) -> None:
    """The project costs 30.00 万元: one day (or one person) at 31 万元 cannot be right."""
    text = CLEAN_UNIT.replace("≤2.5万元/月", f"≤31万元/{per}")
    findings = [f for f in check_text(text).findings if f.code.startswith("indicator")]
    assert [(f.location.line, f.code) for f in findings] == [
        (line_of(text, f"≤31万元/{per}"), "indicator-cost-one-over-budget")
    ]
    assert check_text(CLEAN_UNIT.replace("≤2.5万元/月", f"≤29万元/{per}")).findings == []
