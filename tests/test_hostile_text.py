"""Text that misleads: invisible line separators that shift line numbers, dates that are no
dates, a rounded total whose tolerance followed its own decimals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, table, write
from typer.testing import CliRunner

from docgen.build import Checked
from docgen.cli import app

Check = Callable[..., Checked]


def line_of(text: str, needle: str) -> int:
    """The line an editor shows `needle` on: lines end at \\n only (str.splitlines would also
    end them at U+2028, as libyaml did)."""
    return next(n for n, line in enumerate(text.split("\n"), start=1) if needle in line)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_an_invisible_line_separator_does_not_shift_later_lines(
    check_text: Check, separator: str
) -> None:
    """An editor shows U+2028, U+2029 and U+0085 inside a line; YAML counts them as breaks."""
    text = CLEAN_UNIT.replace("负责测试工作。", f"负责测试{separator}工作。", 1)
    text = text.replace("  total: 65.00", "  total: 65.01")
    findings = check_text(text).findings
    assert table(findings) == [(line_of(text, "total: 65.01"), 10, "sum-mismatch")]


def test_the_quoted_line_is_the_one_with_the_error(tmp_path: Path) -> None:
    text = CLEAN_UNIT.replace("负责测试工作。", "负责测试\u2028工作。", 1)
    text = text.replace("  total: 65.00", "  total: 65.01")
    path = write(tmp_path, text)
    result = CliRunner().invoke(app, ["validate", "--lang", "en", str(path)])
    line = line_of(text, "total: 65.01")
    assert result.output.splitlines()[1:3] == [
        f"{line:>5} |   total: 65.01",
        "      |          ^^^^^",
    ]


def test_a_syntax_error_after_a_separator_is_at_its_line(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("负责测试工作。", "负责测试\u2028工作。", 1)
    text = text.replace("other_matters: 无。", "other_matters: [无。")
    findings = table(check_text(text).findings)
    assert [(line, code) for line, _, code in findings] == [
        (line_of(text, "other_matters: [无。"), "yaml-bracket-unclosed")
    ]
    assert check_text(text.replace("other_matters: [无。", "other_matters: 无。")).findings == []


@pytest.mark.parametrize("as_of", ["2020-13-45", "2021-02-29", "2020-00-10"])
def test_a_date_that_is_no_date_is_an_error(check_text: Check, as_of: str) -> None:
    text = CLEAN_UNIT.replace('as_of: "2020-12-31"', f'as_of: "{as_of}"')
    assert table(check_text(text).findings) == [(line_of(text, "as_of:"), 10, "date-invalid")]


def test_a_leap_day_is_a_date(check_text: Check) -> None:
    text = CLEAN_UNIT.replace('as_of: "2020-12-31"', 'as_of: "2020-02-29"')
    assert check_text(text).findings == []


def test_a_rounded_total_gets_the_tolerance_of_its_parts_not_its_own(check_text: Check) -> None:
    """Parts to the cent: a total written without decimals may miss by cents, not by 万元."""
    rounded = CLEAN_UNIT.replace("division_code:", "rounded_from: 元\ndivision_code:")
    text = rounded.replace("  total: 65.00", "  total: 66")
    assert table(check_text(text).findings) == [(line_of(text, "  total: 66"), 10, "sum-mismatch")]
    assert check_text(rounded.replace("  total: 65.00", "  total: 65")).findings == []
