"""docgen import of a Word disclosure whose figures are printed in 元 that 万元 cannot hold: the
Shanghai district package (公开表 in 元 with odd amounts under a narrative in 万元), built with
python-docx, and docgen's own DOCX of a source in 元 (its narrative in 元 too). The source is
in 元, its tables and narrative figures the 元 figures; a narrative figure in 万元 further from
the table's than half a unit of its last place is reported at its paragraph with exit 1."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
from test_import_legacy import invoke, unit_of
from test_standard_tables import UNIT

Rows = list[list[str | None]]  # None: merged with the cell on its left; "^": with the one above

HEAD: Rows = [
    ["科目编码", "科目名称", "合计", "基本支出", None, None, "项目支出"],
    ["^", "^", "^", "小计", "人员经费", "公用经费", "^"],
]
LINES: Rows = [
    ["合计", "", "1,234,567.89", "700,168.45", "600,123.45", "100,045.00", "534,399.44"],
    ["2080101", "行政运行", "700,168.45", "700,168.45", "600,123.45", "100,045.00", "0"],
    ["2080107", "社会保险业务管理事务", "534,399.44", "0", "0", "0", "534,399.44"],
]
PROJECT: Rows = [
    ["项目编码", "131024210000000000001", None, "项目名称", "测试工作经费", None, None],
    [
        "预算规模及资金用途",
        "预算数",
        "534399.44",
        "其中：财政资金",
        "534399.44",
        "其他资金",
        "0.00",
    ],
    ["^", "用于测试工作。", None, None, None, None, None],
    ["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底", None, None],
    ["^", "20.00%", "40.00%", "60.00%", "100.00%", None, None],
    ["绩效目标", "1.完成测试工作。", None, None, None, None, None],
    ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", None],
    ["产出指标", "数量指标", "测试次数", "开展测试", "12次", "年度工作计划", None],
    ["效益指标", "社会效益指标", "效果", "社会效果", "有所提升", "年度工作计划", None],
    ["满意度指标", "服务对象满意度指标", "满意度", "满意度", "≥90%", "年度工作计划", None],
]
T1: Rows = [
    ["收入", None, "支出", None],
    ["项目", "预算数", "项目", "预算数"],
    ["一般公共预算拨款", "1,234,567.89", "208 社会保障和就业支出", "1,234,567.89"],
    ["本年收入合计", "1,234,567.89", "本年支出合计", "1,234,567.89"],
    ["收入总计", "1,234,567.89", "支出总计", "1,234,567.89"],
]


def shanghai_blocks(revenue: str = "123.46", personnel: str = "60.01") -> list[str | Rows]:
    """A unit's Shanghai-style disclosure: 1,234,567.89 元 in all, the narrative in 万元."""
    return [
        "测试县测试中心2021年单位预算",
        "一、单位职责及机构设置情况",
        "负责测试工作。",
        "二、单位预算安排的总体情况",
        f"2021年预算收入123.46万元，其中：一般公共预算收入{revenue}万元。",
        f"2021年支出预算123.46万元，其中基本支出70.02万元，包括人员经费{personnel}万元和"
        "公用经费10.00万元；项目支出53.44万元。",
        "五、绩效预算信息",
        "1.测试工作经费绩效目标表",
        "323099测试县测试中心\t单位：元",
        PROJECT,
        "十、部门预算公开表",
        *tables_in_yuan(T1, LINES),
    ]


def tables_in_yuan(t1: Rows, lines: Rows) -> list[str | Rows]:
    """The 公开表 a Shanghai-style disclosure prints in 元 after its narrative: 收支总表 (`t1`),
    then 支出总表 and 一般公共预算支出表 of the same lines."""
    return [
        "财务收支预算总表",
        "单位：元",
        t1,
        "部门支出预算总表",
        "单位：元",
        HEAD + lines,
        "一般公共预算支出功能分类预算表",
        "单位：元",
        HEAD + lines,
    ]


def write_docx(path: Path, blocks: list[str | Rows]) -> Path:
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(len(row) for row in block))
        for r, row in enumerate(block):
            for c, text in enumerate(row):
                if text not in (None, "^"):
                    table.cell(r, c).text = text
        for r, row in enumerate(block):
            for c, text in enumerate(row):
                if text is None:
                    table.cell(r, c - 1).merge(table.cell(r, c))
                elif text == "^":
                    table.cell(r - 1, c).merge(table.cell(r, c))
    document.save(str(path))
    return path


def imported(tmp_path: Path, original: Path) -> tuple[Any, Path]:
    target = tmp_path / "back.yaml"
    result = invoke("import", str(original), "-o", str(target), "--profile", "shanghai-district")
    return result, target


def test_tables_in_odd_yuan_under_a_narrative_in_wan_make_a_source_in_yuan(
    tmp_path: Path,
) -> None:
    original = write_docx(tmp_path / "sh.docx", shanghai_blocks())
    result, target = imported(tmp_path, original)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "\namount_unit: 元\n" in text
    assert "  general_budget: 1234567.89  # 原文第5段：123.46万元\n" in text
    assert "  basic_total: 700168.45  # 原文第6段：70.02万元\n" in text
    unit = unit_of(target)
    assert unit.amount_unit == "元"
    assert unit.tables is not None
    lines = [
        (line.code.value, {k: v.value for k, v in line.parts.items()})
        for line in unit.tables.spending
    ]
    assert lines == [
        ("2080101", {"personnel": Decimal("600123.45"), "public": Decimal("100045.00")}),
        ("2080107", {"projects": Decimal("534399.44")}),
    ]
    [project] = unit.projects
    assert project.amount is not None and project.amount.value == Decimal("534399.44")
    notes = result.output.split("not imported")[-1]
    assert "部门支出预算总表" not in notes and "1,234,567.89" not in notes  # the tables are read


def test_a_narrative_figure_in_wan_the_odd_yuan_tables_contradict_is_reported_at_its_paragraph(
    tmp_path: Path,
) -> None:
    """60.02 万元 is 77 元 from 600,123.45 元, beyond the 50 元 its rounding allows; 123.5 万元
    (half of 0.1 万元 either side) is within."""
    blocks = shanghai_blocks(revenue="123.5", personnel="60.02")
    result, target = imported(tmp_path, write_docx(tmp_path / "sh.docx", blocks))
    assert result.exit_code == 1, result.output
    said = [line.strip() for line in result.output.splitlines() if "≠ 公开表" in line]
    assert said == ["paragraph 6: expenditure.personnel 60.02万元 ≠ 公开表 600123.45元"]
    text = target.read_text(encoding="utf-8")
    assert "  personnel: 600123.45  # 原文第6段：60.02万元\n" in text  # the table's figure
    assert "  general_budget: 1234567.89  # 原文第5段：123.5万元\n" in text


def yuan_unit(general: int = 123, fund: int = 45, vehicles: int = 12345) -> str:
    """The clean unit with standard tables, in 元: `general` 元 more of 一般公共预算 (on
    2080101's 人员经费), `fund` more of 政府性基金 (on its project), `vehicles` of 公务用车运行
    维护费 (30231, what 30201 leaves of 公用经费 100,000). With 23, 20 and 12023 every figure is
    the 万元 unit's to 0.01 万元."""
    g, f, v = general, fund, vehicles
    replacements = (
        ("division_code:", "profile: shanghai-district\namount_unit: 元\ndivision_code:"),
        (
            "general_budget: 100.00\n  government_fund: 50.00\n  carryover: 0.00\n  total: 150.00",
            f"general_budget: {1000000 + g}\n  government_fund: {500000 + f}\n  carryover: 0\n"
            f"  total: {1500000 + g + f}",
        ),
        (
            "personnel: 60.00\n  public: 10.00\n  basic_total: 70.00\n  projects_total: 80.00\n"
            "  total: 150.00",
            f"personnel: {600000 + g}\n  public: 100000\n  basic_total: {700000 + g}\n"
            f"  projects_total: {800000 + f}\n  total: {1500000 + g + f}",
        ),
        (
            "basic: 65.00\n  projects: 80.00\n  total: 145.00",
            f"basic: 650000\n  projects: {800000 + f}\n  total: {1450000 + f}",
        ),
        (
            "total: {word: 增加, amount: 5.00, percent: 3.45}",
            f"total: {{word: 增加, amount: {50000 + g}}}",
        ),
        ("basic: {word: 增加, amount: 5.00}", f"basic: {{word: 增加, amount: {50000 + g}}}"),
        ("amount: 8.00\n", "amount: 80000\n"),
        ("vehicle_operation: 1.20, reception: 0.50}", f"vehicle_operation: {v}, reception: 5000}}"),
        ("vehicle_operation: 1.20, reception: 0.80}", f"vehicle_operation: {v}, reception: 8000}}"),
        ("total: 1.70\n    vehicles: 1.20", f"total: {5000 + v}\n    vehicles: {v}"),
        (
            "total: {word: 减少, amount: 0.30}",
            "total: {word: 减少, amount: 3000}\n    overseas: {word: 持平}\n"
            "    vehicles: {word: 持平}\n    reception: {word: 减少, amount: 3000}",
        ),
        ("amount: 30.00\n    fiscal: 30.00", "amount: 300000\n    fiscal: 300000"),
        ("amount: 50.00\n    fiscal: 50.00", f"amount: {500000 + f}\n    fiscal: {500000 + f}"),
        (
            "unit_price: 0.50\n      amounts: {general_budget: 1.00}\n      total: 1.00\n"
            "  total: 1.00",
            "unit_price: 5000\n      amounts: {general_budget: 10000}\n      total: 10000\n"
            "  total: 10000",
        ),
        ("{quantity: 100, value: 50.00}", "{quantity: 100, value: 500000}"),
        ("{quantity: 60, value: 30.00}", "{quantity: 60, value: 300000}"),
        ("{quantity: 1, value: 10.00}", "{quantity: 1, value: 100000}"),
        ("{quantity: 20, value: 5.00}", "{quantity: 20, value: 50000}"),
        ("total: 65.00\n", "total: 650000\n"),
        ("personnel: 40.00, public: 10.00}", f"personnel: {400000 + g}, public: 100000}}"),
        ("source: general_budget, personnel: 20.00}", "source: general_budget, personnel: 200000}"),
        ("projects: 30.00}", "projects: 300000}"),
        ("projects: 50.00}", f"projects: {500000 + f}}}"),
        ("amount: 40.00}", f"amount: {400000 + g}}}"),
        ("amount: 20.00}", "amount: 200000}"),
        ("amount: 8.80}", f"amount: {100000 - v}}}"),
        ("amount: 1.20}", f"amount: {v}}}"),
    )
    text = UNIT
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_docgens_own_docx_of_a_source_in_odd_yuan_imports_back_to_a_source_diff_finds_equal(
    tmp_path: Path,
) -> None:
    source = tmp_path / "yuan.yaml"
    source.write_text(yuan_unit(), encoding="utf-8")
    assert invoke("validate", str(source)).exit_code == 0
    built = invoke("build", str(source), "-f", "docx", "-o", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    [made] = (tmp_path / "out").glob("*/*.docx")
    result, target = imported(tmp_path, made)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "\namount_unit: 元\n" in text  # the narrative's 元, finer than the “三公” table's 万元:
    assert "  vehicle_operation: 12345  # 公开表表20第3行第6格：12300元\n" in text
    target.write_text(text.replace("【待填写：主管部门全称】", "测试县测试局"), encoding="utf-8")
    compared = invoke("diff", str(source), str(target), "--exit-code")
    assert compared.exit_code == 0, compared.output


T7: Rows = [
    [
        "年度",
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行维护费",
        None,
        None,
        "公务接待费",
        "机关运行经费",
    ],
    ["^", "^", "^", "小计", "购置费", "运行维护费", "^", "^"],
    ["本年预算", "1.73", "0.00", "1.23", "0.00", "1.23", "0.50", "8.00"],
    ["上年预算", "1.73", "0.00", "1.23", "0.00", "1.23", "0.50", ""],
]
THREE_YEARS: Rows = [  # the narrative's table of this year against last, in its 万元
    ["项目", "2021年预算", "2020年预算", "增减额"],
    ["合计", "1.73", "1.73", "0"],
    ["1、因公出国（境）费", "0", "0", "0"],
    ["2、公务用车购置及运行维护费", "1.23", "1.23", "0"],
    ["\u3000其中：公务用车购置费", "0", "0", "0"],
    ["\u3000\u3000公务用车运行维护费", "1.23", "1.23", "0"],
    ["3、公务接待费", "0.5", "0.5", "0"],
]


def with_three_public(reception: str = "0.5", operating: str = "8") -> list[str | Rows]:
    """The Shanghai-style disclosure with its 机关运行经费 and “三公” paragraphs (万元) and the
    “三公”经费和机关运行经费预算表, itself in 万元 in that package."""
    blocks = shanghai_blocks()
    at = blocks.index("五、绩效预算信息")
    blocks[at:at] = [
        "三、机关运行经费安排情况",
        f"2021年，本单位机关运行经费共计安排{operating}万元，主要用于办公及印刷费。",
        "四、财政拨款“三公”经费预算情况及增减变化原因",
        "2021年，本单位财政拨款“三公”经费预算安排1.73万元。其中，因公出国（境）费0万元；"
        "公务用车购置及运行维护费1.23万元（其中：公务用车购置费0万元，公务用车运行维护费"
        f"1.23万元）；公务接待费{reception}万元。",
        THREE_YEARS,
    ]
    return [*blocks, "“三公”经费和机关运行经费预算表", "单位：万元", T7]


def test_the_three_public_figures_and_operating_costs_the_table_prints_alike_import_as_yuan(
    tmp_path: Path,
) -> None:
    result, target = imported(tmp_path, write_docx(tmp_path / "sh.docx", with_three_public()))
    assert result.exit_code == 0, result.output
    unit = unit_of(target)
    assert unit.operating_costs is not None
    assert unit.operating_costs.amount.value == Decimal("80000")
    assert unit.three_public is not None
    this_year = {k.value: v.value for k, v in unit.three_public.this_year.items()}
    assert this_year == {
        "overseas": Decimal("0"),
        "vehicle_purchase": Decimal("0"),
        "vehicle_operation": Decimal("12300"),
        "reception": Decimal("5000"),
    }


def test_a_three_public_figure_or_operating_costs_the_table_contradicts_is_reported(
    tmp_path: Path,
) -> None:
    """0.6 万元 of 公务接待费 is 1,000 元 from the table's 0.50 万元, beyond the 500 元 its own
    rounding allows; 8.2 万元 of 机关运行经费 is 2,000 元 from 8.00."""
    blocks = with_three_public(reception="0.6", operating="8.2")
    result, target = imported(tmp_path, write_docx(tmp_path / "sh.docx", blocks))
    assert result.exit_code == 1, result.output
    said = [line.strip() for line in result.output.splitlines() if "≠ 公开表" in line]
    assert said == [
        "paragraph 10: three_public.reception 0.6万元 ≠ 公开表 5000元",
        "paragraph 8: operating_costs.amount 8.2万元 ≠ 公开表 80000元",
    ]
    text = target.read_text(encoding="utf-8")  # the table's figure, the narrative's beside it
    assert "    reception: 0.50万元  # 原文第10段：0.6万元\n" in text


def test_a_projects_figure_the_narrative_lists_against_its_table_is_held_to_it(
    tmp_path: Path,
) -> None:
    """docgen's own 支出构成 lists each project's 预算数 by name: 100 元 more than the project's
    绩效目标表 prints is reported at its cell, and the project's table stays the source's."""
    source = tmp_path / "yuan.yaml"
    source.write_text(yuan_unit(), encoding="utf-8")
    built = invoke("build", str(source), "-f", "docx", "-o", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    [made] = (tmp_path / "out").glob("*/*.docx")
    document = docx.Document(str(made))
    [cell] = [
        row.cells[1]
        for table in document.tables
        for row in table.rows
        if row.cells[0].text.endswith("项目：测试专项资金")
    ]
    cell.paragraphs[0].runs[0].text = "500145.00"
    document.save(str(tmp_path / "edited.docx"))
    result, target = imported(tmp_path, tmp_path / "edited.docx")
    assert result.exit_code == 1, result.output
    said = [line.strip() for line in result.output.splitlines() if "≠ 绩效目标表" in line]
    assert said == [
        "table 4 row 4 cell 2: projects.测试专项资金 500145.00元 ≠ 绩效目标表 500045.00元"
    ]
    assert unit_of(target).projects[1].amount.value == Decimal("500045.00")


def test_a_figure_too_long_for_a_source_is_found_at_its_line_not_an_internal_error(
    tmp_path: Path,
) -> None:
    """62 digits of 元, every one a whole hundred: no 万元 figure holds it exactly, so the source
    is in 元 and its schema names the figure."""
    digits = "9" * 60 + "00"
    said = f"2021年预算收入{digits}元，其中：一般公共预算收入{digits}元。"
    blocks: list[str | Rows] = ["测试县测试中心2021年单位预算", "二、单位预算安排的总体情况", said]
    result, target = imported(tmp_path, write_docx(tmp_path / "long.docx", blocks))
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    text = target.read_text(encoding="utf-8")
    assert "\namount_unit: 元\n" in text and f"  general_budget: {digits}\n" in text
    assert "paragraph 3 → " in result.output
