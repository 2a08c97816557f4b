"""`docgen diff` compares every figure and word a source states, under the label a reviewer knows
it by (docgen/history/diff.py, docgen/history/figures.py); in one process, without git."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT

from docgen.history.diff import Diff, DocumentDiff, FigureChange, TextChange, diff_paths
from docgen.terms import DiffStatus

PROJECT_1 = "项目 131024210000000000001："
PROJECT_2 = "项目 131024210000000000002："

# Every figure of the clean unit, as (the text that holds it, the figure, its label): a cent (or
# one, for a count) more must be that one change and no other.
FIGURES = [
    ("general_budget: 100.00", "100.00", "收入：一般公共预算"),
    ("government_fund: 50.00", "50.00", "收入：政府性基金预算"),
    ("carryover: 0.00", "0.00", "收入：上年结转"),
    ("  total: 150.00\nexpenditure", "150.00", "收入：收入合计（原文）"),
    ("personnel: 60.00", "60.00", "支出：人员类"),
    ("public: 10.00", "10.00", "支出：运转类公用"),
    ("basic_total: 70.00", "70.00", "支出：基本支出（原文）"),
    ("projects_total: 80.00", "80.00", "支出：项目支出（原文）"),
    ("  total: 150.00\nlast_year", "150.00", "支出：支出合计（原文）"),
    ("basic: 65.00", "65.00", "上年：基本支出"),
    ("projects: 80.00", "80.00", "上年：项目支出"),
    ("total: 145.00", "145.00", "上年：合计（原文）"),
    ("amount: 5.00, percent", "5.00", "比上年增减：收支预算合计（原文）"),
    ("percent: 3.45", "3.45", "比上年增减：收支预算合计（%）（原文）"),
    ("basic: {word: 增加, amount: 5.00}", "5.00", "比上年增减：基本支出（原文）"),
    ("projects: {word: 持平, amount: 0.00}", "0.00", "比上年增减：项目支出（原文）"),
    ("  amount: 8.00", "8.00", "机关运行经费"),
    ("this_year: {overseas: 0.00", "0.00", "“三公”经费：因公出国（境）费"),
    ("this_year: {overseas: 0.00, vehicle_purchase: 0.00", "0.00", "“三公”经费：公务用车购置费"),
    ("reception: 0.50", "0.50", "“三公”经费：公务接待费"),
    ("last_year: {overseas: 0.00", "0.00", "上年“三公”经费：因公出国（境）费"),
    ("reception: 0.80", "0.80", "上年“三公”经费：公务接待费"),
    ("    total: 1.70", "1.70", "“三公”经费：“三公”经费合计（原文）"),
    ("    vehicles: 1.20", "1.20", "“三公”经费：公务用车购置及运行维护费（原文）"),
    ("{word: 减少, amount: 0.30}", "0.30", "“三公”经费比上年增减：“三公”经费合计（原文）"),
    ("    amount: 30.00", "30.00", f"{PROJECT_1}预算数"),
    ("    fiscal: 30.00", "30.00", f"{PROJECT_1}财政资金"),
    ("    other: 0.00", "0.00", f"{PROJECT_1}其他资金"),
    ("march: 20.00", "20.00", f"{PROJECT_1}支出计划3月底（%）"),
    ("june: 40.00", "40.00", f"{PROJECT_1}支出计划6月底（%）"),
    ("october: 60.00", "60.00", f"{PROJECT_1}支出计划10月底（%）"),
    ("    amount: 50.00", "50.00", f"{PROJECT_2}预算数"),
    ("quantity: 2\n", "2", "政府采购第1行：数量"),
    ("unit_price: 0.50", "0.50", "政府采购第1行：单价"),
    ("amounts: {general_budget: 1.00}", "1.00", "政府采购第1行：一般公共预算"),
    ("      total: 1.00", "1.00", "政府采购第1行：合计（原文）"),
    ("  total: 1.00\nassets", "1.00", "政府采购：合计（原文）"),
    ("buildings: {quantity: 100", "100", "国有资产：房屋数量"),
    ("buildings: {quantity: 100, value: 50.00", "50.00", "国有资产：房屋价值"),
    ("office_space: {quantity: 60", "60", "国有资产：其中办公用房数量"),
    ("office_space: {quantity: 60, value: 30.00", "30.00", "国有资产：其中办公用房价值"),
    ("vehicles: {quantity: 1,", "1", "国有资产：车辆数量"),
    ("vehicles: {quantity: 1, value: 10.00", "10.00", "国有资产：车辆价值"),
    ("other: {quantity: 20", "20", "国有资产：其他固定资产数量"),
    ("other: {quantity: 20, value: 5.00", "5.00", "国有资产：其他固定资产价值"),
    ("total: 65.00", "65.00", "国有资产：合计（原文）"),
    ("planned_purchases: 0.00", "0.00", "国有资产：本年拟购置固定资产"),
]


def diff_texts(tmp_path: Path, old: str, new: str) -> Diff:
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    return diff_paths(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))[0]


def only_document(diff: Diff) -> DocumentDiff:
    assert len(diff.documents) == 1
    return diff.documents[0]


def bumped(figure: str) -> str:
    return str(Decimal(figure) + (Decimal("0.01") if "." in figure else 1))


@pytest.mark.parametrize(("holder", "figure", "label"), FIGURES)
def test_every_stated_figure_is_compared_under_its_label(
    tmp_path: Path, holder: str, figure: str, label: str
) -> None:
    assert CLEAN_UNIT.count(holder) == 1
    start = CLEAN_UNIT.index(holder) + holder.rindex(figure)
    new = CLEAN_UNIT[:start] + bumped(figure) + CLEAN_UNIT[start + len(figure) :]
    document = only_document(diff_texts(tmp_path, CLEAN_UNIT, new))
    assert document.status is DiffStatus.changed
    step = Decimal(bumped(figure)) - Decimal(figure)
    assert [(f.label, f.old, f.new, f.delta) for f in document.figures] == [
        (label, Decimal(figure), Decimal(bumped(figure)), step)
    ]


@pytest.mark.parametrize(
    ("old", "new", "label"),
    [
        ("total: {word: 增加", "total: {word: 增长", "比上年增减：收支预算合计用词（原文）"),
        (
            "{word: 减少, amount: 0.30}",
            "{word: 下降, amount: 0.30}",
            "“三公”经费比上年增减：“三公”经费合计用词（原文）",
        ),
    ],
)
def test_a_stated_word_changed_alone_is_a_change(
    tmp_path: Path, old: str, new: str, label: str
) -> None:
    document = only_document(diff_texts(tmp_path, CLEAN_UNIT, CLEAN_UNIT.replace(old, new)))
    assert document.figures == [] and document.totals == []
    word = slice(old.index("word: ") + 6, old.index("word: ") + 8)
    assert document.texts == [TextChange(label, old[word], new[word])]
    assert document.changed


def test_indicator_rows_and_goals_are_compared_by_their_names(tmp_path: Path) -> None:
    new = (
        CLEAN_UNIT.replace(
            "name: 合格率, description: 测试合格率, value: ≥95%",
            "name: 合格率, description: 抽检合格率, value: ≥95%",
        )
        .replace(
            "name: 完成时间, description: 完成时间, value: 12月",
            "name: 完成时间, description: 完成时间, value: 11月",
        )
        .replace(
            "      - {level1: 效益指标, level2: 社会效益指标, name: 效果, description: 效果, value: 达到预期, basis: 文件}\n",
            "      - {level1: 效益指标, level2: 社会效益指标, name: 影响, description: 效果, value: 达到预期, basis: 文件}\n",
        )
        .replace("value: 100人, basis: 文件", "value: 100人, basis: 上年实际")
        .replace("      - 完成专项。", "      - 完成专项。\n      - 按期验收。")
    )
    document = only_document(diff_texts(tmp_path, CLEAN_UNIT, new))
    rows = "项目 131024210000000000001 指标 产出指标/"
    other = "项目 131024210000000000002 指标 "
    assert [(t.label, t.old, t.new) for t in document.texts] == [
        (f"{rows}时效指标/完成时间：指标值", "12月", "11月"),
        (f"{rows}质量指标/合格率：绩效指标描述", "测试合格率", "抽检合格率"),
        (f"{other}产出指标/数量指标/人数：指标值确定依据", "文件", "上年实际"),
        (f"{other}效益指标/社会效益指标/影响", None, "达到预期"),
        (f"{other}效益指标/社会效益指标/效果", "达到预期", None),
        ("项目 131024210000000000002 绩效目标", "完成专项。", "完成专项。；按期验收。"),
    ]
    assert document.figures == [] and document.totals == []


def test_a_rows_basis_left_out_where_the_project_shares_none_is_blank(tmp_path: Path) -> None:
    # The new side lacks a basis (indicator-basis-missing): what it prints there is nothing.
    assert CLEAN_UNIT.count("value: 100人, basis: 文件") == 1
    new = CLEAN_UNIT.replace("value: 100人, basis: 文件", "value: 100人")
    document = only_document(diff_texts(tmp_path, CLEAN_UNIT, new))
    label = "项目 131024210000000000002 指标 产出指标/数量指标/人数：指标值确定依据"
    assert document.texts == [TextChange(label, "文件", "")]


def test_projects_added_removed_and_renamed_move_the_totals(tmp_path: Path) -> None:
    new = CLEAN_UNIT.replace('code: "131024210000000000002"', 'code: "131024210000000000003"')
    new = new.replace("name: 测试工作经费\n", "name: 测试经费\n")
    document = only_document(diff_texts(tmp_path, CLEAN_UNIT, new))
    assert document.projects_added == [("131024210000000000003", "测试专项资金")]
    assert document.projects_removed == [("131024210000000000002", "测试专项资金")]
    assert document.projects_renamed == [("131024210000000000001", "测试工作经费", "测试经费")]
    assert document.totals == []  # the same amounts under other codes


def test_a_changed_amount_moves_each_computed_total_once(tmp_path: Path) -> None:
    new = CLEAN_UNIT.replace("personnel: 60.00", "personnel: 61.50")
    document = only_document(diff_texts(tmp_path, CLEAN_UNIT, new))
    assert [(f.label, f.old, f.new, f.delta) for f in document.totals] == [
        ("基本支出", Decimal("70.00"), Decimal("71.50"), Decimal("1.50")),
        ("支出合计", Decimal("150.00"), Decimal("151.50"), Decimal("1.50")),
    ]


def test_nothing_changed_is_no_document_and_no_change(tmp_path: Path) -> None:
    diff = diff_texts(tmp_path, CLEAN_UNIT, CLEAN_UNIT)
    assert diff.documents == [] and diff.county == []
    assert not diff.changed


def test_a_figure_that_appears_or_goes_has_no_delta() -> None:
    assert FigureChange("机关运行经费", None, Decimal("8.00")).delta is None
    assert FigureChange("机关运行经费", Decimal("8.00"), None).delta is None
    assert FigureChange("机关运行经费", Decimal("8.00"), Decimal("7.50")).delta == Decimal("-0.50")


def test_a_unit_only_on_the_new_side_is_added_with_its_totals(tmp_path: Path) -> None:
    for side, codes in (("old", ["323099"]), ("new", ["323099", "323098"])):
        for code in codes:
            text = CLEAN_UNIT.replace('code: "323099"', f'code: "{code}"')
            (tmp_path / side).mkdir(exist_ok=True)
            (tmp_path / side / f"{code}.yaml").write_text(text, encoding="utf-8")
    diff = diff_paths(str(tmp_path / "old"), str(tmp_path / "new"))[0]
    (document,) = diff.documents
    assert (document.slug, document.status) == ("323098-2021", DiffStatus.added)
    assert [(f.label, f.old, f.new) for f in document.totals][:1] == [
        ("收入合计", None, Decimal("150.00"))
    ]
    assert [(f.label, f.old, f.new) for f in diff.county][:1] == [
        ("收入合计", Decimal("150.00"), Decimal("300.00"))
    ]


def sides(tmp_path: Path, old: dict[str, str], new: dict[str, str]) -> Diff:
    """The diff of two folders, each holding the named files."""
    for side, files in (("old", old), ("new", new)):
        (tmp_path / side).mkdir()
        for name, text in files.items():
            (tmp_path / side / name).write_text(text, encoding="utf-8")
    return diff_paths(str(tmp_path / "old"), str(tmp_path / "new"))[0]


def test_a_unit_whose_code_changes_is_removed_under_the_old_and_added_under_the_new(
    tmp_path: Path,
) -> None:
    recoded = CLEAN_UNIT.replace('code: "323099"', 'code: "323098"')
    diff = sides(tmp_path, {"unit.yaml": CLEAN_UNIT}, {"unit.yaml": recoded})
    assert [(d.slug, d.status) for d in diff.documents] == [
        ("323098-2021", DiffStatus.added),
        ("323099-2021", DiffStatus.removed),
    ]


def test_a_unit_the_new_side_cannot_read_is_unread_not_removed(tmp_path: Path) -> None:
    broken = CLEAN_UNIT.replace("year: 2021", "year: twenty")
    diff = sides(tmp_path, {"unit.yaml": CLEAN_UNIT}, {"unit.yaml": broken})
    assert [(d.slug, d.status, d.totals) for d in diff.documents] == [
        ("323099-2021", DiffStatus.unread, [])
    ]
    assert diff.new_errors > 0


def test_a_departments_unit_the_new_side_cannot_read_is_unread_not_removed(
    tmp_path: Path,
) -> None:
    # Sides given as the department's files: its units are matched within its folder.
    department = (
        'kind: department\nscope: full\nyear: 2021\ndivision_code: "131024"\n'
        'department:\n  code: "323"\n  name: 测试县测试局\nunits:\n  - "unit.yaml"\n'
    )
    broken = CLEAN_UNIT.replace("year: 2021", "year: twenty")
    for side, unit in (("old", CLEAN_UNIT), ("new", broken)):
        (tmp_path / side).mkdir()
        (tmp_path / side / "department.yaml").write_text(department, encoding="utf-8")
        (tmp_path / side / "unit.yaml").write_text(unit, encoding="utf-8")
    old, new = (str(tmp_path / side / "department.yaml") for side in ("old", "new"))
    diff = diff_paths(old, new)[0]
    assert ("323099-2021", DiffStatus.unread) in [(d.slug, d.status) for d in diff.documents]
