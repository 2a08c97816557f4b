"""A figure printed only in 万元 in a source in 元: the Shanghai district package states its
机关运行经费, 政府采购 and “三公” in a narrative (and a “三公” table) in 万元 to two places, its
公开表 in 元. Such a figure keeps its precision in the source (`122.58万元`), is checked with
half a unit of its own last place (50 元), and prints as the source states it.

No published Shanghai unit disclosure was found among the stored pages searched, so the Word
file is built with python-docx in the package's shape (财务收支预算总表 … 一般公共预算基本支出
部门预算经济分类预算表 in whole 元 with thousands separators, the 情况说明 in 万元): the true
figures are odd 元 (公用经费 1,225,796, 30231 公务用车运行维护费 12,345; 政府采购 102,550 of
货物 and 122,550 of 服务, 225,100 in all) and the narrative prints each rounded half up to
0.01 万元 (122.58, 1.23; 10.26 + 12.26 against 22.51), as a correct publication does."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from test_import_legacy import invoke, unit_of
from test_import_yuan import Rows, imported, tables_in_yuan, write_docx, yuan_unit

from docgen.check import check
from docgen.findings import Finding

PROJECT: Rows = [
    ["项目编码", "31010124000000000001", None, "项目名称", "社区治理专项经费", None, None],
    ["预算规模及资金用途", "预算数", "1761424", "其中：财政资金", "1761424", "其他资金", "0"],
    ["^", "用于社区治理。", None, None, None, None, None],
    ["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底", None, None],
    ["^", "20.00%", "40.00%", "60.00%", "100.00%", None, None],
    ["绩效目标", "1.完成社区治理工作。", None, None, None, None, None],
    ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", None],
    ["产出指标", "数量指标", "覆盖社区", "覆盖社区数", "12个", "年度工作计划", None],
    ["效益指标", "社会效益指标", "效果", "社会效果", "有所提升", "年度工作计划", None],
    ["满意度指标", "服务对象满意度指标", "满意度", "满意度", "≥90%", "年度工作计划", None],
]
T1: Rows = [
    ["收入", None, "支出", None],
    ["项目", "预算数", "项目", "预算数"],
    ["一般公共预算拨款", "9,499,579", "201 一般公共服务支出", "9,499,579"],
    ["本年收入合计", "9,499,579", "本年支出合计", "9,499,579"],
    ["收入总计", "9,499,579", "支出总计", "9,499,579"],
]
LINES: Rows = [
    ["合计", "", "9,499,579", "7,738,155", "6,512,359", "1,225,796", "1,761,424"],
    ["2010301", "行政运行", "7,738,155", "7,738,155", "6,512,359", "1,225,796", "0"],
    ["2010350", "事业运行", "1,761,424", "0", "0", "0", "1,761,424"],
]
T6: Rows = [
    ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
    ["合计", "", "7,738,155", "6,512,359", "1,225,796"],
    ["30101", "基本工资", "6,512,359", "6,512,359", "0"],
    ["30201", "办公费", "1,213,451", "0", "1,213,451"],
    ["30231", "公务用车运行维护费", "12,345", "0", "12,345"],
]
THREE_YEARS: Rows = [
    ["项目", "2024年预算", "2023年预算", "增减额"],
    ["合计", "1.23", "1.23", "0"],
    ["1、因公出国（境）费", "0", "0", "0"],
    ["2、公务用车购置及运行维护费", "1.23", "1.23", "0"],
    ["\u3000其中：公务用车购置费", "0", "0", "0"],
    ["\u3000\u3000公务用车运行维护费", "1.23", "1.23", "0"],
    ["3、公务接待费", "0", "0", "0"],
]


def street_office(operating: str = "122.58", procurement: str = "22.51") -> list[str | Rows]:
    """A 行政 unit's disclosure: 9,499,579 元 in the 公开表, the narrative in 万元."""
    return [
        "上海市某区某街道办事处2024年单位预算",
        "一、单位职责及机构设置情况",
        "负责街道社区治理工作。",
        "二、单位预算安排的总体情况",
        "2024年预算收入949.96万元，其中：一般公共预算收入949.96万元。",
        "2024年支出预算949.96万元，其中基本支出773.82万元，包括人员经费651.24万元和"
        "公用经费122.58万元；项目支出176.14万元。",
        "三、机关运行经费安排情况",
        f"2024年，本单位机关运行经费共计安排{operating}万元，主要用于办公及印刷费。",
        "四、财政拨款“三公”经费预算情况及增减变化原因",
        "2024年，本单位财政拨款“三公”经费预算安排1.23万元。其中，因公出国（境）费0万元；"
        "公务用车购置及运行维护费1.23万元（其中：公务用车购置费0万元，公务用车运行维护费"
        "1.23万元）；公务接待费0万元。",
        THREE_YEARS,
        "五、绩效预算信息",
        "1.社区治理专项经费绩效目标表",
        "310101某区某街道办事处\t单位：元",
        PROJECT,
        "六、政府采购预算情况",
        f"2024年，本单位政府采购预算总额{procurement}万元，其中：货物类10.26万元，服务类12.26万元。",
        "十、部门预算公开表",
        *tables_in_yuan(T1, LINES),
        "一般公共预算基本支出部门预算经济分类预算表",
        "单位：元",
        T6,
    ]


FILLED = (
    ("【待填写：主管部门全称】", "某区人民政府"),
    ("【待填写：单位性质，如 行政、参公、事业】", "行政"),
    ("【待填写：单位规格，如 正科级】", "正处级"),
    ("【待填写：经费保障形式，如 财政全额拨款】", "财政全额拨款"),
)


def filled_in(target: Path) -> Path:
    text = target.read_text(encoding="utf-8")
    for placeholder, value in FILLED:
        text = text.replace(placeholder, value)
    target.write_text(text, encoding="utf-8")
    return target


def findings_of(path: Path) -> list[tuple[int, str]]:
    checked = check([path])
    return [(f.location.line, f.code) for f in checked.sorted_findings() if is_figure(f)]


def is_figure(finding: Finding) -> bool:
    return finding.severity.name.lower() in ("error", "warning")


def test_figures_printed_only_in_wan_keep_their_precision_in_a_source_in_yuan(
    tmp_path: Path,
) -> None:
    result, target = imported(tmp_path, write_docx(tmp_path / "sh.docx", street_office()))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "\namount_unit: 元\n" in text
    assert "operating_costs:\n  amount: 122.58万元\n" in text
    assert "procurement:\n  lines: []\n  total: 22.51万元\n  goods: 10.26万元\n" in text
    assert "    vehicle_operation: 1.23万元\n" in text and "    overseas: 0\n" in text
    assert "  public: 1225796  # 原文第6段：122.58万元\n" in text  # the 公开表's, finer
    unit = unit_of(target)
    assert unit.operating_costs is not None and unit.procurement is not None
    costs, total = unit.operating_costs.amount, unit.procurement.total
    assert (costs.value, costs.stated_in) == (Decimal("1225800"), "万元")
    assert total is not None and (total.value, total.stated_in) == (Decimal("225100"), "万元")
    assert int(costs.value.as_tuple().exponent) == 2  # to the hundred 元
    assert unit.expenditure is not None and unit.expenditure.public is not None
    assert unit.expenditure.public.stated_in is None


def test_each_is_checked_within_half_a_unit_of_its_own_last_place(tmp_path: Path) -> None:
    """122.58万元 of 机关运行经费 against 1,225,796 元 of 公用经费 and 1.23万元 of 公务用车运行
    维护费 against 12,345 元 of 30231 are within their 50 元; 22.51万元 against 10.26 + 12.26
    is within the 150 元 of its three figures, a rounding a reader sees, so a warning."""
    _, target = imported(tmp_path, write_docx(tmp_path / "sh.docx", street_office()))
    text = filled_in(target).read_text(encoding="utf-8").splitlines()
    procurement = text.index("  total: 22.51万元") + 1
    assert findings_of(target) == [(procurement, "rounding-difference")]


@pytest.mark.parametrize(
    ("operating", "procurement", "expected"),
    [
        ("122.59", "22.51", ["operating-exceeds-public", "operating-exceeds-economic"]),
        ("122.58", "22.54", ["sum-mismatch"]),
    ],
    ids=["operating-104-over", "procurement-200-off"],
)
def test_beyond_that_rounding_each_is_still_an_error_at_its_line(
    tmp_path: Path, operating: str, procurement: str, expected: list[str]
) -> None:
    """122.59万元 is 104 元 over 1,225,796; 22.54万元 is 200 元 from 10.26 + 12.26, beyond 150."""
    blocks = street_office(operating, procurement)
    _, target = imported(tmp_path, write_docx(tmp_path / "sh.docx", blocks))
    text = filled_in(target).read_text(encoding="utf-8").splitlines()
    assert invoke("validate", str(target)).exit_code == 1
    said = f"  amount: {operating}万元" if operating != "122.58" else f"  total: {procurement}万元"
    line = text.index(said) + 1
    found = [(at, code) for at, code in findings_of(target) if code != "rounding-difference"]
    assert sorted(found) == sorted((line, code) for code in expected)


def test_a_finance_officer_writes_one_in_wan_in_a_source_in_yuan_by_hand(tmp_path: Path) -> None:
    """The clean 元 unit's 公务用车运行维护费, 12,345 元 on 30231, stated as the “三公” table
    prints it, 1.23万元 (last year's too): within its 50 元; written 12300 元 it is exact, and
    30231 exceeds it."""
    source = tmp_path / "yuan.yaml"
    by_hand = yuan_unit().replace(
        "vehicle_operation: 12345, reception: 5000}",
        "vehicle_operation: 1.23万元, reception: 5000}",
    )
    by_hand = by_hand.replace(
        "vehicle_operation: 12345, reception: 8000}",
        "vehicle_operation: 1.23万元, reception: 8000}",
    )
    by_hand = by_hand.replace(
        "total: 17345\n    vehicles: 12345", "total: 1.73万元\n    vehicles: 1.23万元"
    )
    source.write_text(by_hand, encoding="utf-8")
    assert findings_of(source) == []
    exact = by_hand.replace("1.23万元", "12300").replace("1.73万元", "17300")
    source.write_text(exact, encoding="utf-8")
    assert [code for _, code in findings_of(source)] == ["three-public-economic"]


def test_docgens_own_docx_prints_a_figure_in_wan_as_stated_and_imports_back_equal(
    tmp_path: Path,
) -> None:
    """The 元 unit's 机关运行经费 stated as 8.00万元: its narrative prints 8.00万元 (every place,
    its precision), the import keeps it so, and docgen diff finds the two sources equal."""
    source = tmp_path / "yuan.yaml"
    text = yuan_unit()
    assert text.count("amount: 80000\n") == 1
    source.write_text(text.replace("amount: 80000\n", "amount: 8.00万元\n"), encoding="utf-8")
    assert invoke("validate", str(source)).exit_code == 0
    built = invoke("build", str(source), "-f", "docx", "-o", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    [made] = (tmp_path / "out").glob("*/*.docx")
    said = [p.text for p in docx.Document(str(made)).paragraphs if "机关运行经费共计安排" in p.text]
    assert len(said) == 1 and "机关运行经费共计安排8.00万元，" in said[0]
    result, target = imported(tmp_path, made)
    assert result.exit_code == 0, result.output
    back = target.read_text(encoding="utf-8")
    assert "operating_costs:\n  amount: 8.00万元\n" in back
    target.write_text(back.replace("【待填写：主管部门全称】", "测试县测试局"), encoding="utf-8")
    compared = invoke("diff", str(source), str(target), "--exit-code")
    assert compared.exit_code == 0, compared.output
