"""Stages compute, checks and document: a change of two years of which one is written in 万元 in a
source in 元 (`70.01万元`, as the original printed it) may be stated 持平 when the years differ
by no more than that figure's own rounding (50 元). The document then says the stated word where
it says a change in words (the narrative, the “三公” table's 增减), and no reason is asked for;
the tables keep the printed years' difference, so that their rows still add up.

The unit is the clean one in 元 (test_import_yuan.yuan_unit)."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import line_of
from test_checks_coarse import changed, findings_of
from test_import_legacy import invoke


class Printed(HTMLParser):
    """A built page's paragraphs and table rows, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self.rows: list[list[str]] = []
        self.text: str | None = None
        self.row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "td", "th"):
            self.text = ""
        if tag == "tr":
            self.row = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.text is not None:
            self.paragraphs.append(self.text.strip())
        if tag in ("td", "th") and self.text is not None and self.row is not None:
            self.row.append(self.text.strip())
        if tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        if tag in ("p", "td", "th"):
            self.text = None

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text += data


def built(tmp_path: Path, text: str) -> Printed:
    source = tmp_path / "unit.yaml"
    source.write_text(text, encoding="utf-8")
    result = invoke("build", str(source), "-f", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    [page] = (tmp_path / "out").glob("*/*.html")
    printed = Printed()
    printed.feed(page.read_text(encoding="utf-8"))
    return printed


def said_with(printed: Printed, *starts: str) -> list[str]:
    return [p for p in printed.paragraphs if p.startswith(starts)]


def rows_of(printed: Printed, *items: str) -> list[list[str]]:
    return [row for row in printed.rows if row and row[0] in items]


def flat(word: str, basic: str = "70.01万元") -> str:
    """Last year's 基本支出 printed `basic` against this year's 700,123 元, 公务用车运行维护费
    printed 1.23万元 this year against last year's 12,345 元, 机关运行经费 printed 8.00万元
    against last year's 80,050 元: each stated `word` (持平), with no reason given."""
    previous = Decimal(basic.removesuffix("万元")).scaleb(4) + 800045
    return changed(
        (
            "  basic: 650000\n  projects: 800045\n  total: 1450045\n",
            f"  basic: {basic}\n  projects: 800045\n  total: {previous:f}\n",
        ),
        ("total: {word: 增加, amount: 50123}", f"total: {{word: {word}}}"),
        ("basic: {word: 增加, amount: 50123}", f"basic: {{word: {word}}}"),
        ("  reasons:\n    basic: 主要原因是人员增加\n", ""),
        (
            "  amount: 80000\n  purpose: 主要用于办公及印刷费\n",
            "  amount: 8.00万元\n  purpose: 主要用于办公及印刷费\n  last_year: 80050\n"
            f"  stated_change: {{word: {word}, amount: 0}}\n",
        ),
        (
            "vehicle_operation: 12345, reception: 5000}",
            "vehicle_operation: 1.23万元, reception: 5000}",
        ),
        (
            "    total: 17345\n    vehicles: 12345\n",
            "    total: 1.73万元\n    vehicles: 1.23万元\n",
        ),
        ("    vehicles: {word: 持平}\n", f"    vehicles: {{word: {word}}}\n"),
    )


@pytest.mark.parametrize("word", ["持平", "基本持平"])
def test_a_stated_flat_within_the_rounding_of_a_year_in_wan_is_said_and_needs_no_reason(
    tmp_path: Path, word: str
) -> None:
    text = flat(word)
    assert findings_of(tmp_path, text) == []
    printed = built(tmp_path, text)
    assert said_with(printed, "2021年预算收支安排", "2021年，本单位机关", "2021年，本单位财政") == [
        f"2021年预算收支安排1500168元，较2020年预算{word}，其中：基本支出{word}；项目支出持平。",
        f"2021年，本单位机关运行经费共计安排8.00万元，主要用于办公及印刷费。比上年{word}。",
        "2021年，本单位财政拨款“三公”经费预算安排1.73万元。其中，因公出国（境）费0元；"
        "公务用车购置及运行维护费1.23万元（其中：公务用车购置费0元，公务用车运行维护费1.23万元）；"
        "公务接待费5000元。与2020年相比减少3045元。其中，因公出国（境）费与2020年相比持平；"
        f"公务用车购置及运行维护费与2020年相比{word}；公务接待费与2020年相比减少3000元，"
        "压减接待费。",
    ]
    # the tables keep the printed years' difference, 23 = 700,123 − 700,100, and their rows add
    # up (合计 = 基本 + 项目; 公务用车 = 购置 + 运维); the “三公” table's word is the narrative's
    vehicles = ("2、公务用车购置及运行维护费", "其中：公务用车购置费", "公务用车运行维护费")
    assert rows_of(printed, "合计", "基本支出", "项目支出", *vehicles)[:7] == [
        ["合计", "1500168.00", "1500145.00", "23.00", "0.00%"],
        ["基本支出", "700123.00", "700100.00", "23.00", "0.00%"],
        ["项目支出", "800045.00", "800045.00", "0.00", "0.00%"],
        ["合计", "17300.00", "20345.00", "-3045.00", "减少"],
        ["2、公务用车购置及运行维护费", "12300.00", "12345.00", "-45.00", word],
        ["其中：公务用车购置费", "0.00", "0.00", "0.00", ""],
        ["公务用车运行维护费", "12300.00", "12345.00", "-45.00", ""],
    ]


def test_a_stated_flat_beyond_the_rounding_of_a_year_in_wan_is_a_change_with_its_reason(
    tmp_path: Path,
) -> None:
    # 70.00万元 is 123 元 under 700,123: beyond its 50, 持平 is a word mismatch, the change is
    # said 增加123 and its reason is asked for
    text = flat("持平", basic="70.00万元")
    total, basic = line_of(text, "total: {word: 持平}"), line_of(text, "basic: {word: 持平}")
    word = ("收支预算合计", "the budget total"), ("基本支出", "basic expenditure")
    assert findings_of(tmp_path, text) == [
        (
            total,
            19,
            "change-word-mismatch",
            "持平",
            f"{word[0][0]}比上年：原文用词“持平”与实际变化 +123 不符，应为“增加”",
            f"{word[0][1]} vs last year: the word '持平' does not match the change +123; "
            "expected '增加'",
        ),
        (
            basic,
            12,
            "missing-reason",
            "",
            "基本支出比上年增加123，须说明原因：请补上 last_year.reasons.basic，即在 last_year "
            "下写“reasons: {basic: 主要原因是……}”",
            "basic expenditure changed by +123 vs last year: a reason is required: add "
            "last_year.reasons.basic, under last_year: 'reasons: {basic: 主要原因是……}'",
        ),
        (
            basic,
            19,
            "change-word-mismatch",
            "持平",
            f"{word[1][0]}比上年：原文用词“持平”与实际变化 +123 不符，应为“增加”",
            f"{word[1][1]} vs last year: the word '持平' does not match the change +123; "
            "expected '增加'",
        ),
    ]
    text = changed(
        (
            "    total: {word: 持平}\n    basic: {word: 持平}\n    projects: {word: 持平, amount: 0.00}\n",
            "    total: {word: 增加, amount: 123}\n    basic: {word: 增加, amount: 123}\n"
            "    projects: {word: 持平, amount: 0.00}\n  reasons:\n    basic: 主要原因是人员调整\n",
        ),
        base=text,
    )
    printed = built(tmp_path, text)
    assert said_with(printed, "2021年预算收支安排") == [
        "2021年预算收支安排1500168元，较2020年预算增加123元，其中：基本支出增加123元，"
        "主要原因是人员调整；项目支出持平。"
    ]
