"""Stage checks: the findings of the checks that are not figures (dates, texts, reasons, the
spending plan, projects, a department's units), each read whole as a reader meets it: its line
and column, the value under its caret, its message in Chinese and in English."""

from __future__ import annotations

from collections.abc import Callable

from conftest import CLEAN_UNIT, line_of
from test_checks import said

from docgen.check import Checked

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
