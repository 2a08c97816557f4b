"""The standard public tables: computed from classified lines, checked against the 情况说明, the
code lists and the cells a published table prints, and rendered in each profile's layout."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from conftest import CLEAN_UNIT, docx_text, line_of, pdf_text, table
from docx.oxml.ns import qn

from docgen.build import build_source
from docgen.check import Checked, CheckedUnit, check
from docgen.classifications import ClassificationKind, read_classification
from docgen.document.blocks import Paragraph, Table
from docgen.profiles import list_profiles
from docgen.rules import tables as table_rules

Check = Callable[..., Checked]

# The clean unit's figures by 功能分类 项 and 经济分类 款: 人员 60, 公用 10, projects 30 (一般公共预算)
# and 50 (基金); 公用 302 is 8.80 + 1.20, the 1.20 its 公务用车运行维护费.
TABLES = """\
tables:
  spending:
    - {code: "2080101", name: 行政运行, source: general_budget, personnel: 40.00, public: 10.00}
    - {code: "2080505", name: 机关事业单位基本养老保险缴费支出, source: general_budget, personnel: 20.00}
    - {code: "2080107", name: 社会保险业务管理事务, source: general_budget, projects: 30.00}
    - {code: "2120805", name: 补助被征地农民支出, source: government_fund, projects: 50.00}
  economic:
    - {code: "30101", name: 基本工资, amount: 40.00}
    - {code: "30108", name: 机关事业单位基本养老保险缴费, amount: 20.00}
    - {code: "30201", name: 办公费, amount: 8.80}
    - {code: "30231", name: 公务用车运行维护费, amount: 1.20}
"""
UNIT = CLEAN_UNIT + TABLES


def checked_unit(checked: Checked) -> CheckedUnit:
    [document] = checked.documents
    assert isinstance(document, CheckedUnit)
    return document


def edited(old: str, new: str, text: str = UNIT) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_a_source_whose_lines_agree_with_its_text_is_clean(check_text: Check) -> None:
    checked = check_text(UNIT)
    assert table(checked.findings) == []
    tables = checked_unit(checked).tables
    assert tables is not None
    t3 = tables.classified["T3"]
    assert t3.cell("total", "total") == Decimal("150.00")
    assert t3.cell("208", "basic") == Decimal("70.00")
    assert t3.cell("20801", "projects") == Decimal("30.00")
    assert tables.classified["T5"].cell("total", "total") == Decimal("100.00")
    assert tables.classified["T8"].cell("212", "projects") == Decimal("50.00")
    assert tables.classified["T9"].is_empty
    assert tables.classified["T6"].cell("302", "public") == Decimal("10.00")
    assert tables.classified["T2"].cell("total", "government_fund") == Decimal("50.00")


# -- the code lists ----------------------------------------------------------------------------


def test_a_name_that_is_not_the_years_is_an_error_naming_the_right_one(check_text: Check) -> None:
    text = edited("name: 行政运行,", "name: 行政管理,")
    [finding] = check_text(text).findings
    assert (finding.code, finding.location.line) == (
        "classification-name",
        line_of(text, "行政管理"),
    )
    assert finding.args["expected"] == "行政运行"


def test_a_code_unknown_where_the_list_is_complete_is_an_error(check_text: Check) -> None:
    # 22102 住房改革支出 is listed in full: 2210201, 2210202, 2210203
    text = edited('code: "2080505", name: 机关事业单位基本养老保险缴费支出,', 'code: "2210209",')
    [finding] = check_text(text).findings
    assert (finding.code, finding.location.line) == (
        "classification-unknown",
        line_of(text, "2210209"),
    )
    assert "2210201 住房公积金" in finding.args["known"]


def test_a_code_the_partial_list_leaves_out_is_a_warning(check_text: Check) -> None:
    text = edited('code: "2080101", name: 行政运行,', 'code: "2080197", name: 其他,')
    findings = check_text(text).findings
    assert [(f.code, f.severity.value) for f in findings] == [
        ("classification-unlisted", "warning")
    ]


def test_a_code_of_an_earlier_list_only_may_be_retired(check_text: Check) -> None:
    # 20115 工商行政管理事务 is in the 2018 list and not in the 2021 one
    text = edited('code: "2080101", name: 行政运行,', 'code: "2011501",')
    [finding] = check_text(text).findings
    assert finding.code == "classification-retired-unconfirmed"
    assert finding.args["last"] == "2020" or finding.args["last"].startswith("20")


def test_a_code_retired_where_the_list_is_complete_is_an_error(
    check_text: Check, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lists = {}
    for year, codes in (
        (2018, '  "2080101": 行政运行\n'),
        (2021, '  "2080102": 一般行政管理事务\n'),
    ):
        path = tmp_path / "lists" / f"{year}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f"name: 支出功能分类科目\nkind: functional\nyear: {year}\n"
            f"follows: 《{year}年政府收支分类科目》\ncomplete: ['', '208', '20801']\n"
            f'codes:\n  "208": 社会保障和就业支出\n  "20801": 人力资源和社会保障管理事务\n{codes}',
            encoding="utf-8",
        )
        lists[year] = read_classification(path, ClassificationKind.functional)

    def listed(kind: ClassificationKind, year: int):  # type: ignore[no-untyped-def]
        return lists[2018 if year < 2021 else 2021] if kind == "functional" else real(kind, year)

    real = table_rules.load_classification
    monkeypatch.setattr(table_rules, "load_classification", listed)
    monkeypatch.setattr(table_rules, "list_years", lambda kind: (2018, 2021))
    found = [f for f in check_text(UNIT).findings if f.location.line == line_of(UNIT, "2080101")]
    assert [(f.code, f.args["last"]) for f in found] == [("classification-retired", "2018")]


# -- the lines against the 情况说明 and each other ------------------------------------------------


def test_lines_that_miss_the_texts_personnel_figure_are_an_error_at_the_text(
    check_text: Check,
) -> None:
    text = edited(
        "source: general_budget, personnel: 40.00", "source: general_budget, personnel: 41.00"
    )
    text = edited(
        '    - {code: "30101", name: 基本工资, amount: 40.00}',
        '    - {code: "30101", name: 基本工资, amount: 41.00}',
        text,
    )
    found = table(check_text(text).sorted_findings())
    assert (line_of(text, "  personnel: 60.00"), 14, "tables-text-mismatch") in found
    assert (line_of(text, "  general_budget: 100.00"), 19, "tables-text-mismatch") in found


def test_basic_spending_by_economic_class_must_be_that_by_function(check_text: Check) -> None:
    text = edited("name: 基本工资, amount: 40.00", "name: 基本工资, amount: 41.00")
    codes = [f.code for f in check_text(text).findings]
    assert codes == ["economic-mismatch", "economic-mismatch"]  # 合计 and 人员经费


def test_a_three_public_class_cannot_exceed_its_item(check_text: Check) -> None:
    text = edited("name: 办公费, amount: 8.80", "name: 办公费, amount: 8.50")
    text = edited(
        "name: 公务用车运行维护费, amount: 1.20", "name: 公务用车运行维护费, amount: 1.50", text
    )
    [finding] = check_text(text).findings
    assert (finding.code, finding.location.line) == (
        "three-public-economic",
        line_of(text, "amount: 1.50}"),
    )


def test_a_line_given_twice_is_an_error(check_text: Check) -> None:
    text = edited(
        '    - {code: "2080107", name: 社会保险业务管理事务, source: general_budget, projects: 30.00}',
        '    - {code: "2080107", name: 社会保险业务管理事务, source: general_budget, projects: 10.00}\n'
        '    - {code: "2080107", name: 社会保险业务管理事务, source: general_budget, projects: 20.00}',
    )
    assert [f.code for f in check_text(text).findings] == ["tables-line-duplicate"]


def test_carryover_lines_are_the_sources_carryover(check_text: Check) -> None:
    text = edited(
        "  carryover: 0.00\n  total: 150.00", "  carryover: {general_budget: 5.00}\n  total: 155.00"
    )
    text = edited(
        "  projects_total: 80.00\n  total: 150.00", "  projects_total: 85.00\n  total: 155.00", text
    )
    text = edited(
        "    amount: 30.00\n    fiscal: 30.00", "    amount: 35.00\n    fiscal: 35.00", text
    )
    text = edited(
        "  economic:",
        '    - {code: "2080107", source: general_budget, carryover: true, projects: 5.00}\n  economic:',
        text,
    )
    text = text.replace("  projects: 80.00\n  total: 145.00", "  projects: 85.00\n  total: 150.00")
    text = text.replace("percent: 3.45", "percent: 3.33")
    checked = check_text(text)
    assert table(checked.findings) == []
    tables = checked_unit(checked).tables
    assert tables is not None
    assert tables.classified["T2"].cell("2080107", "carryover") == Decimal("5.00")
    assert tables.classified["T5"].cell("2080107", "projects") == Decimal("35.00")
    wrong = text.replace("carryover: true, projects: 5.00", "carryover: true, projects: 4.00")
    assert "tables-text-mismatch" in [f.code for f in check_text(wrong).findings]


# -- cells copied from a published table -------------------------------------------------------

STATED = (
    UNIT
    + """\
  stated:
    T3:
      "208": {total: 100.00, basic: 70.00, projects: 30.00}
"""
)


def test_stated_cells_that_agree_are_clean(check_text: Check) -> None:
    assert table(check_text(STATED).findings) == []


def test_a_stated_class_row_off_by_a_cent_is_an_error_at_its_cell(check_text: Check) -> None:
    text = edited('"208": {total: 100.00,', '"208": {total: 100.01,', STATED)
    findings = check_text(text).findings
    assert sorted((f.code, f.location.line) for f in findings) == [
        ("sum-mismatch", line_of(text, '"208"')),  # I2: 100.01 ≠ 70.00 + 30.00
        ("table-cell-mismatch", line_of(text, '"208"')),  # I1: 100.01 ≠ Σ its 项
    ]


def test_a_rounded_class_row_is_allowed_half_a_unit_per_figure(check_text: Check) -> None:
    rounded = STATED.replace("division_code:", "rounded_from: 元\ndivision_code:")
    # 208 adds three 项 lines: (4 − 1) × ½ cent = 0.015 → a cent passes, as a warning …
    text = rounded.replace(
        '"208": {total: 100.00, basic: 70.00, projects: 30.00}', '"208": {total: 100.01}'
    )
    assert [(f.code, f.severity.value) for f in check_text(text).findings] == [
        ("rounding-difference", "warning")
    ]
    # … two cents do not
    text = rounded.replace(
        '"208": {total: 100.00, basic: 70.00, projects: 30.00}', '"208": {total: 100.02}'
    )
    assert [f.code for f in check_text(text).findings] == ["table-cell-mismatch"]


def test_a_stated_cell_the_tables_do_not_have_is_an_error(check_text: Check) -> None:
    text = STATED.replace('"208": {total', '"209": {total')
    assert {f.code for f in check_text(text).findings} == {"table-cell-unknown"}  # each cell


# -- profiles --------------------------------------------------------------------------------------


def test_an_unknown_profile_is_an_error_at_its_line(check_text: Check) -> None:
    text = UNIT.replace("division_code:", "profile: nowhere\ndivision_code:")
    [finding] = check_text(text).findings
    assert (finding.code, finding.location.line) == ("profile-unknown", line_of(text, "profile:"))
    assert "hebei-county" in finding.args["reason"]


def test_the_shipped_profiles_are_the_four_layouts() -> None:
    assert {p.id for p in list_profiles()} == {
        "hebei-county",
        "mof-eight",
        "shanghai-district",
        "chongqing",
    }
    shanghai = next(p for p in list_profiles() if p.id == "shanghai-district")
    assert shanghai.money_unit == "元" and shanghai.thousands
    assert shanghai.layout("T7") is not None and shanghai.layout("T7").money_unit == "万元"  # type: ignore[union-attr]


def test_a_countys_own_profile_beside_its_sources_wins(check_text: Check, tmp_path: Path) -> None:
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "county-own.yaml").write_text(
        "name: 本县格式\nmoney_unit: 万元\ndecimals: 2\nthousands: false\npersonnel: ['301']\n"
        "public: ['302']\ncheckpoints: [march, june, october, december]\ntables_heading: 公开表\n"
        "tables:\n  - {table: T3, title: 本县支出总表}\n",
        encoding="utf-8",
    )
    checked = check_text(UNIT.replace("division_code:", "profile: county-own\ndivision_code:"))
    assert table(checked.findings) == []
    profile = checked_unit(checked).profile
    assert profile is not None and [t.title for t in profile.tables] == ["本县支出总表"]


# -- each profile rendered and read back ---------------------------------------------------------

# What the clean unit's tables print in each profile: the 支出总表's 合计 (150.00 万元), the
# 三公 table's 合计 (1.70 万元), in the unit each table is shown in.
PROFILE_FIGURES = {
    "hebei-county": ("150.00", "1.70"),
    "mof-eight": ("150.00", "1.70"),
    "chongqing": ("150.00", "1.70"),
    "shanghai-district": ("1,500,000", "1.70"),  # whole 元 with thousands; “三公” in 万元
}


def html_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "\n", path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("profile", sorted(PROFILE_FIGURES))
def test_each_profile_renders_its_tables_in_its_order_and_units(
    profile: str, tmp_path: Path
) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text(UNIT.replace("division_code:", f"profile: {profile}\ndivision_code:"), "utf-8")
    checked = check([path])
    unit = checked_unit(checked)
    assert unit.profile is not None
    result = build_source(unit, checked, tmp_path / "out", ("html", "pdf", "docx"))
    assert result.ok, result.findings
    files = {p.suffix: p for p in result.files}
    texts = {
        "html": html_text(files[".html"]),
        "docx": docx_text(files[".docx"]),
        "pdf": pdf_text(files[".pdf"]),
    }
    titles = [layout.title for layout in unit.profile.tables]
    total, three_public = PROFILE_FIGURES[profile]
    for shown in texts.values():
        flat = re.sub(r"\s+", "", shown)
        # every table's title, in the profile's order (after the contents that list them)
        tail = flat[flat.rindex(re.sub(r"\s+", "", unit.profile.tables_heading)) :]
        positions = [tail.find(re.sub(r"\s+", "", t)) for t in titles]
        assert -1 not in positions and positions == sorted(positions), (profile, positions)
        assert total in shown and three_public in shown
        if "T9" in {t.table for t in unit.profile.tables}:
            assert "本单位无国有资本经营预算财政拨款安排的预算，故本表为空表。" in flat


def test_the_docx_tables_repeat_their_header_rows(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text(UNIT, "utf-8")
    checked = check([path])
    result = build_source(checked_unit(checked), checked, tmp_path / "out", ("docx",))
    document = docx.Document(str(result.files[0]))
    heads = [t for t in document.tables if t.rows[0].cells[0].text == "科目编码"]
    assert len(heads) >= 4  # 收入总表, 支出总表, 一般公共预算支出表, 基本支出表, 基金
    for docx_table in heads:
        header = docx_table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None


def test_operating_costs_cannot_exceed_the_basic_tables_running_costs(check_text: Check) -> None:
    text = edited("name: 办公费, amount: 8.80", "name: 办公费, amount: 5.80")
    found = [(f.code, f.location.line) for f in check_text(text).findings]
    assert ("operating-exceeds-economic", line_of(text, "  amount: 8.00")) in found


def test_the_tables_are_said_in_sentences_made_from_their_figures(check_text: Check) -> None:
    document = checked_unit(check_text(UNIT)).document()
    [section] = [s for s in document.sections if s.anchor == "tables"]
    [intro] = section.blocks
    assert isinstance(intro, Paragraph)
    assert intro.text == (
        "2021年支出预算按支出功能分类：社会保障和就业支出100万元，城乡社区支出50万元。"
        "按资金来源：一般公共预算拨款安排100万元，政府性基金预算拨款安排50万元。"
        "一般公共预算基本支出按经济分类：工资福利支出60万元，商品和服务支出10万元。"
    )


def test_a_profile_may_publish_operating_costs_beside_the_three_public(check_text: Check) -> None:
    text = UNIT.replace("division_code:", "profile: shanghai-district\ndivision_code:")
    document = checked_unit(check_text(text)).document()
    [section] = [s for s in document.sections if s.anchor == "tables"]
    [t7] = [s for s in section.children if s.anchor == "tables-T7"]
    assert t7.heading == "“三公”经费和机关运行经费预算表"
    [shown] = t7.blocks
    assert isinstance(shown, Table)
    assert shown.columns[-1] == "operating" and shown.head[0][-1].text == "机关运行经费"
    this_year, last_year = ([cell.text for cell in row] for row in shown.body[0].rows)
    assert this_year[0] == "本年预算" and this_year[-1] == "8.00"
    assert last_year[0] == "上年预算" and last_year[-1] == ""  # not given: blank, not 0
