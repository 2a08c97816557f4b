"""The standard tables shown in a coarser unit than the source: a total rounded half up, its
parts by largest remainder, so that what a reader adds up is what the table says; read back from
the rendered HTML and DOCX."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from conftest import CLEAN_UNIT, write
from test_standard_tables import UNIT

from docgen.build import build_source
from docgen.check import CheckedUnit, check
from docgen.document.blocks import Paragraph, Section, Table
from docgen.document.tables import UNEVEN_NOTE
from docgen.profiles import find_profile
from docgen.shares import Scale, apportion, apportion_pinned, scale_for
from docgen.shown import show_classified

# The clean unit's figures written in 元 (× 10000, so its 情况说明 is the same budget), and its
# 人员经费 spread over three 项 with cents: shown in 万元 each rounds down (20.44, 19.33, 20.22
# make 59.99), while their 合计 is 60.00.
AMOUNT_KEYS = (
    "general_budget|government_fund|carryover|total|personnel|public|basic_total|projects_total|"
    "basic|projects|amount|overseas|vehicle_purchase|vehicle_operation|reception|vehicles|fiscal|"
    "other|unit_price|value|planned_purchases"
)
LINES_IN_YUAN = """\
tables:
  spending:
    - {code: "2080101", name: 行政运行, source: general_budget, personnel: 204444.44, public: 99950.00}
    - {code: "2080505", name: 机关事业单位基本养老保险缴费支出, source: general_budget, personnel: 193333.33}
    - {code: "2101101", name: 行政单位医疗, source: general_budget, personnel: 202222.23, public: 50.00}
    - {code: "2080107", name: 社会保险业务管理事务, source: general_budget, projects: 300000.00}
    - {code: "2120805", name: 补助被征地农民支出, source: government_fund, projects: 500000.00}
  economic:
    - {code: "30101", name: 基本工资, amount: 204444.44}
    - {code: "30108", name: 机关事业单位基本养老保险缴费, amount: 193333.33}
    - {code: "30110", name: 职工基本医疗保险缴费, amount: 202222.23}
    - {code: "30201", name: 办公费, amount: 88000.00}
    - {code: "30231", name: 公务用车运行维护费, amount: 12000.00}
"""


def in_yuan(text: str) -> str:
    """Every amount of a unit in 万元 written in 元 (percentages and counts unchanged)."""

    def times(match: re.Match[str]) -> str:
        return f"{match.group(1)}{int(match.group(2).replace('.', '')) * 100}.00"

    text = re.sub(rf"(\b(?:{AMOUNT_KEYS}): )(\d+\.\d\d)\b", times, text)
    return text.replace("division_code:", "amount_unit: 元\ndivision_code:")


# The public costs all but 50 元 in 208: in T3 its 基本支出 then shares 70.00 with 210 one way
# (210 has the larger remainder) and 人员经费 and 公用经费 the other, so the row 208 cannot add up
# across as well as down.
UNEVEN_UNIT = in_yuan(CLEAN_UNIT) + LINES_IN_YUAN
EVEN_UNIT = UNEVEN_UNIT.replace("public: 99950.00}", "public: 100000.00}").replace(
    ", public: 50.00}", "}"
)
WAN = scale_for("元", "万元", 2)


def checked_unit(tmp_path: Path, text: str) -> CheckedUnit:
    checked = check([write(tmp_path, text)])
    assert checked.findings == []
    [unit] = checked.documents
    assert isinstance(unit, CheckedUnit)
    return unit


def test_a_total_is_shared_by_largest_remainder() -> None:
    thirds = [Decimal("33333.33")] * 3  # 元, each 3.333333 万元
    shown_total = WAN.half_up(sum(thirds, Decimal(0)))
    assert shown_total == Decimal("10.00")
    assert [WAN.half_up(part) for part in thirds] == [Decimal("3.33")] * 3  # 9.99: one short
    assert apportion(shown_total, thirds, WAN) == [Decimal(v) for v in ("3.34", "3.33", "3.33")]
    # ties go to the larger part, then the earlier one; a part already exact never moves
    parts = [Decimal("1000.00"), Decimal("50.00"), Decimal("150.00")]
    assert apportion(Decimal("0.12"), parts, WAN) == [Decimal(v) for v in ("0.10", "0.00", "0.02")]
    whole = Scale(Decimal(1), Decimal(1))
    assert apportion(Decimal(60), [Decimal("20.4"), Decimal("19.3"), Decimal("20.3")], whole) == [
        Decimal(21),
        Decimal(19),
        Decimal(20),
    ]


def test_a_part_another_table_shows_keeps_its_figure_and_the_rest_share_what_is_left() -> None:
    parts = [Decimal("1000040.00"), Decimal("500040.00"), Decimal("300040.00")]  # 元
    total = Decimal("180.01")
    assert apportion(total, parts, WAN) == [Decimal(v) for v in ("100.01", "50.00", "30.00")]
    kept = [None, Decimal("50.01"), None]  # another table gave 政府性基金 the unit
    assert apportion_pinned(total, parts, WAN, kept) == [
        Decimal(v) for v in ("100.00", "50.01", "30.00")
    ]
    # a kept figure that leaves the others less than they can take (30.01 of a total of 180.00
    # leaves 149.99 to 100.0040 and 50.0040): every part shared afresh, still adding up
    lower = Decimal("180.00")
    assert apportion_pinned(lower, parts, WAN, [None, None, Decimal("30.01")]) == [
        Decimal(v) for v in ("100.00", "50.00", "30.00")
    ]


class TableReader(HTMLParser):
    """Every table of an HTML document: its caption and its body rows' cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.caption: str | None = None
        self.where = ""  # caption, tbody or a cell

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "caption":
            self.where, self.caption = "caption", ""
        elif tag == "tbody":
            self.where = "tbody"
        elif tag == "tr" and self.where == "tbody" and self.caption is not None:
            self.tables.setdefault(self.caption, []).append([])
        elif tag in ("td", "th") and self.where in ("tbody", "cell"):
            self.where = "cell"
            self.tables[self.caption or ""][-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self.where = ""
        elif tag in ("td", "th") and self.where == "cell":
            self.where = "tbody"
        elif tag == "table":
            self.where, self.caption = "", None

    def handle_data(self, data: str) -> None:
        if self.where == "caption":
            self.caption = (self.caption or "") + data.strip()
        elif self.where == "cell" and self.caption is not None:
            self.tables[self.caption][-1][-1] += data.strip()


def html_tables(path: Path) -> dict[str, list[list[str]]]:
    reader = TableReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.tables


def docx_tables(path: Path) -> list[list[list[str]]]:
    """Every table of a DOCX whose first column is 科目编码, its rows' cell texts (python-docx)."""
    document = docx.Document(str(path))
    return [
        [[cell.text.strip() for cell in row.cells] for row in found.rows]
        for found in document.tables
        if found.rows[0].cells[0].text == "科目编码"
    ]


def by_code(rows: list[list[str]]) -> dict[str, list[Decimal]]:
    """The body rows of a classified table: code ('' for 合计) → its figures."""
    figures = {}
    for row in rows:
        if len(row) > 2 and re.fullmatch(r"\d*", row[0]) and re.fullmatch(r"[\d.,]+", row[2]):
            figures[row[0]] = [Decimal(cell.replace(",", "")) for cell in row[2:]]
    return figures


def assert_columns_add_up(rows: dict[str, list[Decimal]]) -> None:
    """Each 类 column is Σ its 款, each 款 Σ its 项, 合计 Σ the 类, as shown."""
    for parent, figures in rows.items():
        below = len(parent) + (3 if parent == "" else 2)
        children = [r for code, r in rows.items() if len(code) == below and code.startswith(parent)]
        if children:
            assert [sum(column) for column in zip(*children, strict=True)] == figures, parent


def test_shown_parts_add_up_to_their_shown_total_in_html_and_docx(tmp_path: Path) -> None:
    unit = checked_unit(tmp_path, EVEN_UNIT)
    result = build_source(unit, check([unit.unit.path]), tmp_path / "out", ("html", "docx"))
    assert result.ok, result.findings
    files = {path.suffix: path for path in result.files}
    from_html = html_tables(files[".html"])
    titles = [layout.title for layout in find_profile("hebei-county").tables]
    classified = [by_code(from_html[title]) for title in titles if title in from_html]
    assert len(classified) == 8  # every table but T9, an empty table's statement (T1, T4 and
    # T7 have no codes: no rows here)
    from_docx = [by_code(rows) for rows in docx_tables(files[".docx"])]
    assert len(from_docx) == 5  # T2, T3, T5, T6 and T8 (T9 is a statement)
    for shown in (by_code(from_html["一般公共预算基本支出表"]), from_docx[3]):
        # 合计, 人员经费, 公用经费: 20.44 + 19.33 + 20.22 would be 59.99 under 60.00
        assert shown["301"] == [Decimal("60.00"), Decimal("60.00"), Decimal("0.00")]
        assert [shown[code][0] for code in ("30101", "30108", "30110")] == [
            Decimal("20.45"),
            Decimal("19.33"),
            Decimal("20.22"),
        ]
    for rows in [*classified, *from_docx]:
        if rows:
            assert_columns_add_up(rows)
    summary = {row[2]: Decimal(row[3]) for row in from_html["收支总表"] if row[2]}
    categories = [v for label, v in summary.items() if label[:3].isdigit()]
    assert categories == [Decimal("79.78"), Decimal("20.22"), Decimal("50.00")]
    assert sum(categories) == summary["本年支出合计"] == summary["支出总计"]
    for row in from_html["一般公共预算“三公”经费支出表"]:
        total, overseas, vehicles, purchase, operation, reception = map(Decimal, row[1:])
        assert (total, vehicles) == (overseas + vehicles + reception, purchase + operation)
    text = files[".html"].read_text(encoding="utf-8")
    assert UNEVEN_NOTE not in text


def tables_section(unit: CheckedUnit) -> Section:
    [section] = [s for s in unit.document().sections if s.anchor == "tables"]
    return section


def notes_under(section: Section) -> list[str]:
    return [
        child.anchor
        for child in section.children
        if any(isinstance(b, Paragraph) and b.text == UNEVEN_NOTE for b in child.blocks)
    ]


def test_rows_under_a_shown_row_are_rounded_together_so_they_add_up_across_too(
    tmp_path: Path,
) -> None:
    unit = checked_unit(tmp_path, UNEVEN_UNIT)
    section = tables_section(unit)
    assert notes_under(section) == []
    [t3] = [c for c in section.children if c.anchor == "tables-T3"]
    [shown] = t3.blocks
    assert isinstance(shown, Table)
    rows = {r[0].text: [Decimal(c.text) for c in r[2:]] for r in shown.body[0].rows}
    # 合计, 基本支出, 人员经费, 公用经费, 项目支出. Each column shared down alone gave 208's
    # 基本支出 49.77 (its cent to 210) and its 人员经费 39.78: 49.77 is not 39.78 + 10.00. Rounded
    # together, 208's 人员经费 is 39.77 and 210's 20.23, each a unit from its exact figure
    assert rows["208"] == [Decimal(v) for v in ("79.77", "49.77", "39.77", "10.00", "30.00")]
    assert rows["210"] == [Decimal(v) for v in ("20.23", "20.23", "20.23", "0.00", "0.00")]
    for figures in rows.values():
        total, basic, personnel, public, projects = figures
        assert (total, basic) == (basic + projects, personnel + public)
    assert rows[""][0] == Decimal("150.00")  # the 合计 row
    assert_columns_add_up(rows)


@pytest.mark.parametrize("profile", ["hebei-county", "shanghai-district", "chongqing"])
def test_nothing_moves_when_the_source_needs_no_rounding(profile: str, tmp_path: Path) -> None:
    text = UNIT.replace("division_code:", f"profile: {profile}\ndivision_code:")
    unit = checked_unit(tmp_path, text)
    assert unit.tables is not None
    chosen = find_profile(profile)
    for layout in chosen.tables:
        table = unit.tables.classified.get(layout.table)
        if table is None:
            continue
        scale = scale_for("万元", layout.money_unit, layout.decimals)
        shown, uneven = show_classified(table, scale)
        assert not uneven
        for exact, row in zip(table.rows, shown.rows, strict=True):
            assert row.cells == {k: v * scale.factor for k, v in exact.cells.items()}
    assert notes_under(tables_section(unit)) == []


# 结转下年 60 元 beside 本年支出 1500055 元: in 万元 150.0055 and 0.0060, 150.0115 in all. Shared
# out of the 支出总计 (150.01) by remainder, 结转下年 (.60) would take the cent 本年支出 (.55) takes
# when T3 rounds its 合计 alone: 150.00 in 收支总表 against 150.01 in 支出总表.
CARRIED_FORWARD = (
    EVEN_UNIT.replace("public: 100000.00}", "public: 100055.00}")
    .replace("amount: 88000.00}", "amount: 88055.00}")
    .replace("  carryover: 0.00\n  total: 1500000.00", "  carryover: 115.00\n  total: 1500115.00")
    .replace("  public: 100000.00\n", "  public: 100055.00\n")
    .replace("  basic_total: 700000.00\n", "  basic_total: 700055.00\n")
    .replace(
        "  total: 1500000.00\nlast_year", "  carry_forward: 60.00\n  total: 1500115.00\nlast_year"
    )
    .replace(
        "total: {word: 增加, amount: 50000.00, percent: 3.45}",
        "total: {word: 增加, amount: 50115.00, percent: 3.46}",
    )
    .replace("basic: {word: 增加, amount: 50000.00}", "basic: {word: 增加, amount: 50055.00}")
)


def test_the_spending_total_shows_the_same_in_the_summary_and_by_function(tmp_path: Path) -> None:
    unit = checked_unit(tmp_path, CARRIED_FORWARD)
    result = build_source(unit, check([unit.unit.path]), tmp_path / "out", ("html",))
    assert result.ok, result.findings
    [page] = result.files
    from_html = html_tables(page)
    summary = {row[2]: Decimal(row[3]) for row in from_html["收支总表"] if row[2]}
    by_function = by_code(from_html["支出总表"])
    assert summary["本年支出合计"] == by_function[""][0] == Decimal("150.01")
    assert (summary["结转下年"], summary["支出总计"]) == (Decimal("0.00"), Decimal("150.01"))
    categories = [v for label, v in summary.items() if label[:3].isdigit()]
    assert categories == [by_function[code][0] for code in ("208", "210", "212")]
    revenue = {row[0]: Decimal(row[1]) for row in from_html["收支总表"] if row[0]}
    assert revenue["收入总计"] == summary["支出总计"]


# Three sources, each 40 元 over a whole 0.01 万元 (100.0040, 50.0040 and 30.0040 万元, 180.0120 in
# all): rounded one by one each drops its 0.4 of a unit, so T2's columns would show 100.00, 50.00
# and 30.00 under a 合计 of 180.01, while T1, sharing its 本年收入合计 (180.01) among them, gives
# the unit to 一般公共预算拨款: 100.01 in 收支总表 against 100.00 in 收入总表.
THREE_SOURCES = (
    EVEN_UNIT.replace(
        "  general_budget: 1000000.00\n  government_fund: 500000.00\n",
        "  general_budget: 1000040.00\n  government_fund: 500040.00\n"
        "  business_income: 300040.00\n",
    )
    .replace("  carryover: 0.00\n  total: 1500000.00", "  carryover: 0.00\n  total: 1800120.00")
    .replace(
        "personnel: 204444.44, public: 100000.00}",
        "personnel: 204444.44, public: 100040.00}\n"
        '    - {code: "2080101", name: 行政运行, source: business_income, personnel: 300040.00}',
    )
    .replace(
        "source: government_fund, projects: 500000.00}",
        "source: government_fund, projects: 500040.00}",
    )
    .replace(
        "  personnel: 600000.00\n  public: 100000.00\n  basic_total: 700000.00\n"
        "  projects_total: 800000.00\n  total: 1500000.00",
        "  personnel: 900040.00\n  public: 100040.00\n  basic_total: 1000080.00\n"
        "  projects_total: 800040.00\n  total: 1800120.00",
    )
    .replace("amount: 88000.00}", "amount: 88040.00}")
    .replace(
        "    amount: 500000.00\n    fiscal: 500000.00",
        "    amount: 500040.00\n    fiscal: 500040.00",
    )
    .replace(
        "total: {word: 增加, amount: 50000.00, percent: 3.45}",
        "total: {word: 增加, amount: 350120.00, percent: 24.15}",
    )
    .replace("basic: {word: 增加, amount: 50000.00}", "basic: {word: 增加, amount: 350080.00}")
    .replace("projects: {word: 持平, amount: 0.00}", "projects: {word: 增加, amount: 40.00}")
    .replace(
        "    basic: 主要原因是人员增加\n",
        "    basic: 主要原因是人员增加\n    projects: 主要原因是专项增加\n",
    )
)


def two_sided_rows(rows: list[list[str]]) -> dict[str, Decimal]:
    """A 收支总表 or 财政拨款收支总表's body: each label → its figure, left side then right, the
    right side's first figure (T4's 合计 column); the left's funds under 本年收入 are kept, those
    under 上年结转 (the same labels) are not."""
    figures: dict[str, Decimal] = {}
    for row in rows:
        for label, figure in ((row[0], row[1]), (row[2], row[3])):
            if label and re.fullmatch(r"[\d.,]+", figure):
                figures.setdefault(label, Decimal(figure.replace(",", "")))
    return figures


def docx_summary(path: Path, first_label: str) -> dict[str, Decimal]:
    """The two-sided table of a DOCX whose revenue side starts with `first_label` (python-docx)."""
    document = docx.Document(str(path))
    for found in document.tables:
        rows = [[cell.text.strip() for cell in row.cells] for row in found.rows]
        if any(row[0] == first_label for row in rows[2:3]):
            return two_sided_rows(rows[2:])
    raise AssertionError(f"no table starting with {first_label}")


def test_a_figure_two_tables_show_is_shown_the_same_in_both(tmp_path: Path) -> None:
    unit = checked_unit(tmp_path, THREE_SOURCES)
    result = build_source(unit, check([unit.unit.path]), tmp_path / "out", ("html", "docx"))
    assert result.ok, result.findings
    files = {path.suffix: path for path in result.files}
    from_html = html_tables(files[".html"])
    from_docx = docx_tables(files[".docx"])
    summaries = [
        two_sided_rows(from_html["收支总表"]),
        docx_summary(files[".docx"], "一般公共预算拨款"),
    ]
    by_source = [by_code(from_html["收入总表"])[""], by_code(from_docx[0])[""]]
    spending = [by_code(from_html["支出总表"])[""], by_code(from_docx[1])[""]]
    for summary, t2, t3 in zip(summaries, by_source, spending, strict=True):
        total, carryover, general, fund, business = t2
        # X1: T1's revenue by source is T2's column totals, to the cent, and both add up
        assert (general, fund, business) == (Decimal("100.01"), Decimal("50.00"), Decimal("30.00"))
        assert [
            summary[label] for label in ("一般公共预算拨款", "政府性基金预算拨款", "事业收入")
        ] == [
            general,
            fund,
            business,
        ]
        assert summary["上年结转"] == carryover == Decimal("0.00")
        assert total == carryover + general + fund + business == Decimal("180.01")
        assert summary["本年收入合计"] == general + fund + business == summary["收入总计"]
        assert summary["本年支出合计"] == t3[0] == total == summary["支出总计"]
        # T3's 合计 row adds up across: 合计 = 基本 + 项目, 基本 = 人员 + 公用
        assert t3 == [Decimal(v) for v in ("180.01", "100.01", "90.01", "10.00", "80.00")]
    # each fund's total is its T2 column and its T4 column; T6's 合计 row is T5's 基本支出
    t5 = by_code(from_html["一般公共预算支出表"])[""]
    t8 = by_code(from_html["政府性基金预算支出表"])[""]
    t6 = by_code(from_html["一般公共预算基本支出表"])[""]
    assert (t5[0], t8[0]) == (by_source[0][2], by_source[0][3])
    assert t6 == [t5[1], t5[2], t5[3]] == [Decimal(v) for v in ("70.01", "60.00", "10.01")]
    appropriations = from_html["财政拨款收支总表"]
    revenue = two_sided_rows(appropriations)
    assert [revenue["一般公共预算拨款"], revenue["政府性基金预算拨款"]] == [t5[0], t8[0]]
    spent = next(row for row in appropriations if row[2] == "支出合计")
    assert [Decimal(v) for v in spent[3:6]] == [revenue["本年收入"], t5[0], t8[0]]
    assert revenue["本年收入"] == t5[0] + t8[0]


# The same three sources with 6040 元 of 一般公共预算 carried over (0.6040 万元) and spent on
# 2080107: T2's 上年结转 column, T4's 上年结转 and T1's are one figure; a fund's 本年收入 and its
# 上年结转 must make its 支出合计 in T4 as shown (I4), and 本年收入 their sum (150.02: 100.01 and
# 50.01 as T2 shows them, where rounded alone its 150.0080 would be 150.01).
CARRIED_OVER = (
    THREE_SOURCES.replace(
        "  carryover: 0.00\n  total: 1800120.00",
        "  carryover: {general_budget: 6040.00}\n  total: 1806160.00",
    )
    .replace(
        "  projects_total: 800040.00\n  total: 1800120.00",
        "  projects_total: 806080.00\n  total: 1806160.00",
    )
    .replace(
        "    amount: 300000.00\n    fiscal: 300000.00",
        "    amount: 306040.00\n    fiscal: 306040.00",
    )
    .replace(
        "  economic:",
        '    - {code: "2080107", name: 社会保险业务管理事务, source: general_budget, carryover: true, '
        "projects: 6040.00}\n  economic:",
    )
    .replace("amount: 350120.00, percent: 24.15}", "amount: 356160.00, percent: 24.56}")
    .replace("projects: {word: 增加, amount: 40.00}", "projects: {word: 增加, amount: 6080.00}")
)


def test_a_funds_carryover_and_revenue_make_its_spending_as_shown(tmp_path: Path) -> None:
    unit = checked_unit(tmp_path, CARRIED_OVER)
    result = build_source(unit, check([unit.unit.path]), tmp_path / "out", ("html",))
    assert result.ok, result.findings
    from_html = html_tables(result.files[0])
    total, carryover, general, fund, _ = by_code(from_html["收入总表"])[""]
    assert total == Decimal("180.62")
    assert (carryover, general, fund) == (Decimal("0.60"), Decimal("100.01"), Decimal("50.01"))
    assert two_sided_rows(from_html["收支总表"])["上年结转"] == carryover
    rows = from_html["财政拨款收支总表"]
    this_year = {row[0]: Decimal(row[1]) for row in rows[:4]}
    carried = {row[0]: Decimal(row[1]) for row in rows[4:]}
    assert [this_year["一般公共预算拨款"], this_year["政府性基金预算拨款"]] == [general, fund]
    assert this_year["本年收入"] == general + fund == Decimal("150.02")
    assert carried["上年结转"] == carryover == carried["一般公共预算拨款"]
    spent = next(row for row in rows if row[2] == "支出合计")
    total_spent, general_spent, fund_spent = (Decimal(v) for v in spent[3:6])
    assert general_spent == general + carried["一般公共预算拨款"] == Decimal("100.61")
    assert fund_spent == fund + carried["政府性基金预算拨款"]
    assert total_spent == this_year["本年收入"] + carried["上年结转"]
    assert by_code(from_html["一般公共预算支出表"])[""][0] == general_spent


def test_a_category_shows_one_figure_in_every_table_where_a_fund_carries_money_over(
    tmp_path: Path,
) -> None:
    # 210's 一般公共预算 is 20.2222 万元 of this year's money and none carried over; the fund's
    # 0.6040 carried over is spent on 208. T2's column (this year's money, 100.01) and T5's 合计
    # (with carryover, 100.61) were each shared down alone: 210 showed 20.23 in 收入总表 and
    # 20.22 in 一般公共预算支出表 and 财政拨款收支总表, and 收入总表's row 210 did not add up
    unit = checked_unit(tmp_path, CARRIED_OVER)
    result = build_source(unit, check([unit.unit.path]), tmp_path / "out", ("html", "docx"))
    assert result.ok, result.findings
    files = {path.suffix: path for path in result.files}
    from_html = html_tables(files[".html"])
    [t2, t3, t5, t6, t8] = [by_code(rows) for rows in docx_tables(files[".docx"])]
    assert t2 == by_code(from_html["收入总表"]) and t5 == by_code(from_html["一般公共预算支出表"])
    assert t3 == by_code(from_html["支出总表"])
    for rows in (t2, t3, t5, t6, t8):
        assert_columns_add_up(rows)
    for code, (total, carryover, general, fund, business) in t2.items():
        assert total == carryover + general + fund + business == t3[code][0], code
    for rows in (t3, t5):
        for code, (total, basic, personnel, public, projects) in rows.items():
            assert (total, basic) == (basic + projects, personnel + public), code
    appropriations = {row[2][:3]: row[3:] for row in from_html["财政拨款收支总表"] if row[2]}
    categories = {row[2][:3]: Decimal(row[3]) for row in from_html["收支总表"]}
    for code in ("208", "210"):
        assert Decimal(appropriations[code][1]) == t5[code][0], code
        assert categories[code] == t3[code][0], code
    # 210 spends no carryover: one figure in 收入总表, 支出总表, 一般公共预算支出表 and 财政拨款收支总表
    assert t2["210"][2] == t3["210"][0] == t5["210"][0] == Decimal("20.22")
    assert t2["208"][1] + t2["208"][2] == t5["208"][0] == Decimal("80.39")
