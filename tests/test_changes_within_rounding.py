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
from conftest import line_of, write
from test_checks import said
from test_checks_coarse import Said, changed, findings_of
from test_department import DEPARTMENT, second_unit
from test_import_legacy import invoke

from docgen.check import check


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


# -- a stated rate of change within the rounding of the figures ------------------------------------


def rated(basic: str, percent: str) -> str:
    """Last year's 基本支出 printed `basic` (65.00万元: a true 649,960 printed so, 50,163 less
    than this year's 700,123, 7.72 %), its change stated so (50,123 against 650,000 written in
    元) and `percent`."""
    amount = 50163 if basic.endswith("万元") else 50123
    return changed(
        ("  basic: 650000\n  projects: 800045\n", f"  basic: {basic}\n  projects: 800045\n"),
        (
            "basic: {word: 增加, amount: 50123}",
            f"basic: {{word: 增加, amount: {amount}, percent: {percent}}}",
        ),
    )


def percent_mismatch(text: str, stated: str, computed: str, zh: str = "", en: str = "") -> Said:
    return (
        line_of(text, "basic: {word: 增加"),
        47,
        "change-percent-mismatch",
        stated,
        f"基本支出比上年变化率：原文为 {stated}%，计算为 {computed}%{zh}",
        f"basic expenditure change vs last year: stated {stated}%, computed {computed}%{en}",
    )


@pytest.mark.parametrize("percent", ["7.70", "7.71", "7.72"])
def test_a_stated_rate_within_the_rounding_of_a_year_in_wan_is_allowed(
    tmp_path: Path, percent: str
) -> None:
    """700,123 over 65.00万元, any of 649,950 to 650,049 (its own 50 元): 7.7029 % to
    7.7195 %, rounded half-up 7.70 % to 7.72 %; the figures as printed give 7.71 %."""
    assert findings_of(tmp_path, rated("65.00万元", percent)) == []


@pytest.mark.parametrize("percent", ["7.69", "7.73"])
def test_a_stated_rate_beyond_the_rounding_of_a_year_in_wan_says_the_rates_allowed(
    tmp_path: Path, percent: str
) -> None:
    text = rated("65.00万元", percent)
    assert findings_of(tmp_path, text) == [
        percent_mismatch(
            text,
            percent,
            "7.71",
            "（按所写单位的四舍五入为 7.70%～7.72%）",
            " (7.70% to 7.72% within the rounding of the figures as written)",
        )
    ]


def test_a_stated_rate_of_years_written_exactly_is_judged_exactly(tmp_path: Path) -> None:
    # 700,123 over 650,000 is 7.7112 %: 7.71 and nothing else, though 7.72 would be allowed
    # were last year written 65.00万元
    assert findings_of(tmp_path, rated("650000", "7.71")) == []
    text = rated("650000", "7.72")
    assert findings_of(tmp_path, text) == [percent_mismatch(text, "7.72", "7.71")]


def operating_rate(amount: str, percent: str) -> str:
    """机关运行经费 80,000 元 against last year's 75,049: 增加4951, 6.5970 %, 6.60 %; a change
    stated 0.50万元 (within its 50 元 of 4,951) over 75,049 is 6.6623 %, 6.66 %."""
    return changed(
        (
            "  amount: 80000\n  purpose: 主要用于办公及印刷费\n",
            "  amount: 80000\n  purpose: 主要用于办公及印刷费\n  last_year: 75049\n"
            f"  stated_change: {{word: 增加, amount: {amount}, percent: {percent}}}\n"
            "  reason: 主要原因是办公费增加\n",
        )
    )


def test_a_stated_rate_of_a_change_amount_in_wan_may_be_that_of_the_amount_as_written(
    tmp_path: Path,
) -> None:
    """The two years written exactly give 6.60 %; an original that printed its change 0.50万元
    may state the rate of that over last year, 6.66 %, and nothing between."""
    assert findings_of(tmp_path, operating_rate("0.50万元", "6.60")) == []
    assert findings_of(tmp_path, operating_rate("0.50万元", "6.66")) == []
    text = operating_rate("0.50万元", "6.65")
    where = (line_of(text, "  stated_change:"), 54)
    message = "机关运行经费比上年变化率：原文为 6.65%，计算为 6.60%"
    english = "the operating costs change vs last year: stated 6.65%, computed 6.60%"
    assert findings_of(tmp_path, text) == [
        (
            *where,
            "change-percent-mismatch",
            "6.65",
            f"{message}（按所写单位的四舍五入为 6.60%、6.66%）",
            f"{english} (6.60%, 6.66% within the rounding of the figures as written)",
        )
    ]
    # the same change stated in 元, 4951, is judged exactly
    text = operating_rate("4951", "6.66")
    assert findings_of(tmp_path, text) == [
        (
            line_of(text, "  stated_change:"),
            52,
            "change-percent-mismatch",
            "6.66",
            message.replace("6.65", "6.66"),
            english.replace("6.65", "6.66"),
        )
    ]


# -- a department's stated changes within the rounding of its units' figures -----------------------


def department(tmp_path: Path, unit: str, changes: str) -> str:
    """A department of two units in 元 (the unit and its second), stating `changes` alone."""
    write(tmp_path, unit, "dept/a.yaml")
    write(tmp_path, second_unit(unit), "dept/b.yaml")
    text = DEPARTMENT.split("stated:")[0] + f"stated:\n  changes:\n{changes}"
    write(tmp_path, text, "dept/department.yaml")
    return text


def department_findings(tmp_path: Path) -> list[Said]:
    return said(check([tmp_path / "dept/department.yaml"]))


def test_a_department_may_state_flat_within_its_units_rounding_and_says_it(tmp_path: Path) -> None:
    """Each unit's 基本支出 700,123 against last year's 70.01万元: the department's 1,400,246
    against 1,400,200, +46, within its units' 2 × 50 元, stated 持平 and said 持平."""
    flat_changes = "    total: {word: 持平}\n    basic: {word: 持平}\n    projects: {word: 持平}\n"
    department(tmp_path, flat("持平"), flat_changes)
    assert department_findings(tmp_path) == []
    out = tmp_path / "out"
    result = invoke("build", str(tmp_path / "dept/department.yaml"), "-f", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    printed = Printed()
    printed.feed(next(out.glob("323-*/*.html")).read_text(encoding="utf-8"))
    assert said_with(printed, "2021年部门预算收支安排") == [
        "2021年部门预算收支安排3000336.00元，较2020年预算持平，其中：基本支出持平；项目支出持平。"
    ]


def test_a_departments_stated_change_and_rate_are_allowed_its_units_rounding(
    tmp_path: Path,
) -> None:
    """Each unit's last year 65.00万元: the department's 1,400,246 against 1,300,000 (each of
    its two figures any of 1,299,900 to 1,300,099) is 增加100246 within 100 元, and 7.70 % to
    7.72 %."""
    unit = rated("65.00万元", "7.72")
    department(tmp_path, unit, "    basic: {word: 增加, amount: 100300, percent: 7.72}\n")
    assert department_findings(tmp_path) == []
    text = department(tmp_path, unit, "    basic: {word: 增加, amount: 100350, percent: 7.73}\n")
    row = line_of(text, "basic: {word:")
    assert department_findings(tmp_path) == [
        (
            row,
            31,
            "change-mismatch",
            "100350",
            "基本支出比上年：原文为增加100350，按两年数字计算应为增加100246，相差 +104",
            "basic expenditure vs last year: stated 增加 100350, the two years give 增加 100246 "
            "(difference +104)",
        ),
        (
            row,
            48,
            "change-percent-mismatch",
            "7.73",
            "基本支出比上年变化率：原文为 7.73%，计算为 7.71%（按所写单位的四舍五入为 7.70%～7.72%）",
            "basic expenditure change vs last year: stated 7.73%, computed 7.71% (7.70% to 7.72% "
            "within the rounding of the figures as written)",
        ),
    ]


def test_a_departments_stated_change_is_allowed_its_units_stated_amounts_in_wan(
    tmp_path: Path,
) -> None:
    """Units that state their changes without last year's figures, 基本支出 增加5.01万元 each
    (50,050 to 50,149 元): the department's 增加100246 is 46 from their 100,200, within 2 × 50
    元, and 增加100301 is beyond by 1."""
    unit = changed(
        ("  basic: 650000\n  projects: 800045\n  total: 1450045\n", ""),
        ("basic: {word: 增加, amount: 50123}", "basic: {word: 增加, amount: 5.01万元}"),
        ("total: {word: 增加, amount: 50123}", "total: {word: 增加, amount: 5.01万元}"),
    )
    department(tmp_path, unit, "    basic: {word: 增加, amount: 100246}\n")
    assert department_findings(tmp_path) == []
    text = department(tmp_path, unit, "    basic: {word: 增加, amount: 100301}\n")
    assert [row[:4] for row in department_findings(tmp_path)] == [
        (line_of(text, "basic: {word:"), 31, "change-mismatch", "100301")
    ]
