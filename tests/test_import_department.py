"""docgen import of a department's 情况说明 that prints its own budget beside its 部门整体绩效目标
and its units' project tables: the totals it prints are the department's `stated:`, held by
docgen's checks to its units' sums; what a department with unit files does not state (its
revenue by source, 机关运行经费, the “三公” items, 政府采购) stays a note at its place. In 万元
(seed 001 with the narrative a Hebei department prints before it) and in 元 (a Word file made
with python-docx, its project tables in odd 元). A department that prints no project table has
no unit to name: where it prints its 公开表 it is a department without unit files, its own
figures in a unit's form (revenue, expenditure, 机关运行经费, “三公”) beside its `tables:`, a
figure printed only in 万元 over tables in 元 kept as printed; where it prints none, it is
refused at its place, nothing written."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from test_import_legacy import SEED_001, invoke, model_of, unit_of
from test_import_yuan import LINES, PROJECT, T1, Rows, tables_in_yuan, write_docx

from docgen.check import check
from docgen.source.model import Amount, Department, DepartmentStated

NARRATIVE = [
    "曹妃甸区人力资源和社会保障局2022年部门预算信息公开情况说明",
    "一、部门预算安排的总体情况",
    "2022年部门预算收入20000.00万元，其中：一般公共预算收入20000.00万元。",
    "2022年部门预算支出20000.00万元，其中：基本支出5378.80万元，项目支出14621.20万元。",
    "较2021年预算增加1000.00万元，其中：基本支出增加100.00万元，主要原因是人员增加；"
    "项目支出增加900.00万元，主要原因是就业补助增加。",
    "二、机关运行经费安排情况",
    "2022年部门机关运行经费共计安排120.50万元，主要用于办公、水电、差旅等。",
    "三、财政拨款“三公”经费预算情况及增减变化原因",
    "2022年“三公”经费预算数为10.00万元，其中：因公出国（境）费0.00万元，公务用车购置及运行维护费"
    "8.00万元（其中：公务用车购置费0.00万元，公务用车运行维护费8.00万元），公务接待费2.00万元。"
    "与2021年相比持平。",
    "四、政府采购预算情况",
    "2022年部门政府采购预算共计安排50.00万元，其中：货物类50.00万元。",
]
# seed 001's 16 projects add up to 14621.20 万元, the 项目支出 the narrative prints


def department_in_wan(tmp_path: Path, narrative: list[str] = NARRATIVE) -> Path:
    """Seed 001 (部门整体绩效目标, three units' project tables) after its narrative."""
    original = tmp_path / "department.txt"
    seed = SEED_001.read_text(encoding="utf-8")
    original.write_text("\n".join(narrative) + "\n" + seed, encoding="utf-8")
    return original


def filled(target: Path) -> Path:
    """The department's code, which the original does not print, filled in."""
    text = target.read_text(encoding="utf-8").replace('"【待填写：部门编码】"', '"323"')
    target.write_text(text, encoding="utf-8")
    return target


def stated_totals(target: Path) -> tuple[DepartmentStated, dict[str, Amount | None]]:
    """A department's `stated:` and its five totals by key."""
    department = model_of(target)
    assert isinstance(department, Department) and department.stated is not None
    stated = department.stated
    return stated, {
        "revenue_total": stated.revenue_total,
        "expenditure_total": stated.expenditure_total,
        "basic": stated.basic,
        "projects": stated.projects,
        "three_public_total": stated.three_public_total,
    }


def stated_of(target: Path) -> dict[str, Decimal | None]:
    _, figures = stated_totals(target)
    return {key: None if value is None else value.value for key, value in figures.items()}


def test_a_departments_totals_in_wan_are_stated_and_what_it_does_not_state_stays_a_note(
    tmp_path: Path,
) -> None:
    target = tmp_path / "back" / "department.yaml"
    result = invoke("import", str(department_in_wan(tmp_path)), "-o", str(target))
    assert result.exit_code == 0, result.output  # the seed's defects are warnings
    assert stated_of(target) == {
        "revenue_total": Decimal("20000.00"),
        "expenditure_total": Decimal("20000.00"),
        "basic": Decimal("5378.80"),
        "projects": Decimal("14621.20"),
        "three_public_total": Decimal("10.00"),
    }
    department = model_of(target)
    assert isinstance(department, Department) and department.stated is not None
    changes = department.stated.changes
    assert {
        k: (c.word and c.word.value, c.amount and c.amount.value) for k, c in changes.items()
    } == {
        "total": ("增加", Decimal("1000.00")),
        "basic": ("增加", Decimal("100.00")),
        "projects": ("增加", Decimal("900.00")),
    }
    notes = result.output.split("not imported")[-1].splitlines()[1:]
    assert [note.split(":")[0].strip() for note in notes] == [
        "line 3",  # revenue by source
        "line 5",  # the changes' reasons
        "line 6",  # 二、机关运行经费安排情况
        "line 7",
        "line 9",  # the “三公” items
        "line 10",  # 四、政府采购预算情况
        "line 11",
    ]
    text = target.read_text(encoding="utf-8")
    assert "#   第7行：2022年部门机关运行经费共计安排120.50万元" in text
    assert "  projects: 14621.20" in text.splitlines()
    assert [f for f in check([filled(target)]).sorted_findings() if f.is_error] == []


def test_a_departments_total_its_units_contradict_is_found_at_its_line_in_the_original(
    tmp_path: Path,
) -> None:
    narrative = [line.replace("项目支出14621.20万元", "项目支出14621.30万元") for line in NARRATIVE]
    target = tmp_path / "back" / "department.yaml"
    result = invoke("import", str(department_in_wan(tmp_path, narrative)), "-o", str(target))
    assert result.exit_code == 1, result.output
    line = target.read_text(encoding="utf-8").splitlines().index("  projects: 14621.30") + 1
    assert f"original department.txt line 4 → {target}:{line}:13" in result.output
    assert (
        f"{target}:{line}:13: error[sum-mismatch] department projects: stated 14621.30, the "
        "parts add up to 14621.20, a difference of +0.10"
    ) in result.output


def second_project(amount: str) -> Rows:
    rows = [list(row) for row in PROJECT]
    rows[0] = ["项目编码", "131024210000000000002", None, "项目名称", "就业服务经费", None, None]
    rows[1] = ["预算规模及资金用途", "预算数", amount, "其中：财政资金", amount, "其他资金", "0.00"]
    return rows


def goals_and_projects() -> list[str | Rows]:
    """部门整体绩效目标 and its two units' project tables in 元: 534,399.44 (`PROJECT`) and
    100,000.01."""
    return [
        "第一部分　部门整体绩效目标",
        "一、总体绩效目标",
        "做好就业和社会保障工作。",
        "二、分项绩效目标",
        "1.就业工作目标。",
        "绩效目标：稳定就业。",
        "绩效指标：城镇新增就业800人以上。",
        "三、工作保障措施",
        "完善制度建设。",
        "第二部分　预算项目绩效目标",
        "1.测试工作经费绩效目标表",
        "323099测试县人力资源和社会保障局本级\t单位：元",
        PROJECT,
        "2.就业服务经费绩效目标表",
        "323098测试县就业服务中心\t单位：元",
        second_project("100000.01"),
    ]


def department_in_yuan(path: Path, projects: str = "634399.45元") -> Path:
    """A department's Word file in 元: two units' project tables of 534399.44 and 100000.01 元,
    its 机关运行经费 printed in 万元 alone."""
    return write_docx(
        path,
        [
            "测试县人力资源和社会保障局2021年部门预算",
            "一、部门预算安排的总体情况",
            "2021年部门预算收入1234567.89元，其中：一般公共预算收入1234567.89元。",
            f"2021年部门支出预算1234567.89元，其中：基本支出600168.44元，项目支出{projects}。",
            "较2020年预算增加34567.89元。",
            "二、机关运行经费安排情况",
            "2021年部门机关运行经费共计安排22.51万元，主要用于办公。",
            "三、财政拨款“三公”经费预算情况及增减变化原因",
            "2021年“三公”经费预算数为12345.00元。",
            *goals_and_projects(),
        ],
    )


def test_a_department_in_yuan_states_its_totals_in_its_units_yuan(tmp_path: Path) -> None:
    target = tmp_path / "back" / "department.yaml"
    result = invoke("import", str(department_in_yuan(tmp_path / "d.docx")), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert stated_of(target) == {
        "revenue_total": Decimal("1234567.89"),
        "expenditure_total": Decimal("1234567.89"),
        "basic": Decimal("600168.44"),
        "projects": Decimal("634399.45"),
        "three_public_total": Decimal("12345.00"),
    }
    units = [unit_of(target.parent / name) for name in ("323099.yaml", "323098.yaml")]
    assert [u.amount_unit for u in units] == ["元", "元"]
    assert [p.amount.value for u in units for p in u.projects] == [
        Decimal("534399.44"),
        Decimal("100000.01"),
    ]
    notes = result.output.split("not imported")[-1]
    assert "paragraph 7: 2021年部门机关运行经费共计安排22.51万元" in notes
    assert check([filled(target)]).sorted_findings() == []


def test_a_total_printed_in_wan_alone_over_units_in_yuan_is_stated_as_printed(
    tmp_path: Path,
) -> None:
    """The department's file says its units' 元 (amount_unit) and keeps 63.44万元 as printed:
    it stands for 634,400 元 rounded to 0.01 万元, and its units' 634,399.45 are within its own
    50 元; 63.50万元 misses them by 600.55 and is found at its line, exit 1."""
    original = department_in_yuan(tmp_path / "d.docx", projects="63.44万元")
    target = tmp_path / "back" / "department.yaml"
    result = invoke("import", str(original), "-o", str(target))
    assert result.exit_code == 0, result.output
    department = model_of(target)
    assert isinstance(department, Department) and department.stated is not None
    assert figure(department.stated.projects) == (Decimal("634400"), "万元")
    assert figure(department.stated.basic) == (Decimal("600168.44"), None)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert "amount_unit: 元" in lines
    line = lines.index("  projects: 63.44万元") + 1
    assert "paragraph 4" not in result.output.split("not imported")[-1]
    findings = check([filled(target)]).sorted_findings()
    assert [(f.code, f.location.line) for f in findings] == [("rounding-difference", line)]
    original = department_in_yuan(tmp_path / "e.docx", projects="63.50万元")
    target = tmp_path / "beyond" / "department.yaml"
    result = invoke("import", str(original), "-o", str(target))
    assert result.exit_code == 1
    assert f"original e.docx paragraph 4 → {target}:{line}:13" in result.output
    assert (
        f"{target}:{line}:13: error[sum-mismatch] department projects: stated 63.50万元, the "
        "parts add up to 634399.45, a difference of +600.55 (allowed 50)"
    ) in result.output


def test_a_department_that_prints_no_project_table_is_refused_at_its_place(
    tmp_path: Path,
) -> None:
    original = tmp_path / "department.txt"
    original.write_text(
        "某县人社局2024年部门预算\n第一部分　部门整体绩效目标\n一、总体绩效目标\n做好就业工作。\n"
        "二、部门预算安排的总体情况\n2024年预算收入1234567.89元，其中：一般公共预算收入1234567.89元。\n",
        encoding="utf-8",
    )
    result = invoke("import", str(original), "-o", str(tmp_path / "back" / "department.yaml"))
    assert result.exit_code == 1
    assert result.output.startswith(
        "docgen: department.txt: line 3: the department's disclosure prints neither a "
        "项目绩效目标表 nor its 公开表"
    )
    assert not (tmp_path / "back").exists()


# -- a department without unit files -----------------------------------------------------------


def consolidated_docx(path: Path, budget: list[str]) -> Path:
    """A department's Word file that prints its 公开表 (in 元, 1,234,567.89 in all) and no
    project table, its budget's narrative `budget`."""
    goals = ["一、总体绩效目标", "做好测试工作。", "二、分项绩效目标", "1.测试工作目标。"]
    goals += ["绩效目标：完成测试。", "绩效指标：测试12次。", "三、工作保障措施", "完善制度建设。"]
    return write_docx(
        path,
        [
            "测试县测试局2021年部门预算",
            "第一部分　部门整体绩效目标",
            *goals,
            *budget,
            "四、政府采购预算情况",
            "2021年部门政府采购预算共计安排5.00万元，其中：货物类5.00万元。",
            *tables_in_yuan(T1, LINES),
        ],
    )


IN_WAN = [
    "一、部门预算安排的总体情况",
    "2021年部门预算收入123.46万元，其中：一般公共预算收入123.46万元。",
    "2021年部门支出预算123.46万元，其中基本支出70.02万元，包括人员经费60.01万元和公用经费"
    "10.00万元；项目支出53.44万元。",
    "较2020年预算增加3.46万元，其中：基本支出增加0.02万元，主要原因是人员增加；项目支出增加"
    "3.44万元，主要原因是测试增加。",
    "二、机关运行经费安排情况",
    "2021年部门机关运行经费共计安排9.50万元，主要用于办公。",
    "三、财政拨款“三公”经费预算情况及增减变化原因",
    "2021年“三公”经费预算数为1.23万元，其中：因公出国（境）费0.00万元，公务用车购置及运行维护费"
    "1.23万元（其中：公务用车购置费0.00万元，公务用车运行维护费1.23万元），公务接待费0.00万元。",
]


def imported_consolidated(tmp_path: Path, budget: list[str]) -> tuple[Department, str]:
    original = consolidated_docx(tmp_path / "department.docx", budget)
    target = tmp_path / "back" / "department.yaml"
    result = invoke("import", str(original), "-o", str(target), "--profile", "shanghai-district")
    assert result.exit_code == 0, result.output
    assert check([filled(target)]).sorted_findings() == []
    department = model_of(target)
    assert isinstance(department, Department) and department.consolidated is not None
    return department, result.output


def figure(amount: Amount | None) -> tuple[Decimal, str | None] | None:
    return None if amount is None else (amount.value, amount.stated_in)


def test_a_department_without_project_tables_states_its_own_figures_beside_its_tables(
    tmp_path: Path,
) -> None:
    """Its narrative in 万元 over 公开表 in 元: the tables' 元 are its figures where both print
    one, 机关运行经费 and the “三公” keep the 万元 they are printed in alone."""
    department, output = imported_consolidated(tmp_path, IN_WAN)
    own = department.consolidated
    assert own is not None and own.amount_unit == "元" and own.tables is not None
    assert own.revenue is not None and own.expenditure is not None
    assert figure(own.revenue.total) == (Decimal("1234567.89"), None)
    assert figure(own.expenditure.projects_total) == (Decimal("534399.44"), None)
    assert own.operating_costs is not None
    assert figure(own.operating_costs.amount) == (Decimal("95000"), "万元")
    assert own.three_public is not None
    vehicles = own.three_public.this_year["vehicle_operation"]
    assert figure(vehicles) == (Decimal("12300"), "万元")
    assert department.stated is not None and department.stated.changes["total"].amount
    assert figure(department.stated.changes["total"].amount) == (Decimal("34600"), "万元")
    notes = output.split("not imported")[-1]
    assert "paragraph 14: 较2020年预算增加3.46万元" in notes  # its reasons
    assert "paragraph 20: 2021年部门政府采购预算共计安排5.00万元" in notes


def test_a_department_in_yuan_without_project_tables_keeps_a_figure_printed_in_wan(
    tmp_path: Path,
) -> None:
    budget = [
        "一、部门预算安排的总体情况",
        "2021年部门预算收入1234567.89元，其中：一般公共预算收入1234567.89元。",
        "2021年部门支出预算1234567.89元，其中基本支出700168.45元，包括人员经费600123.45元和"
        "公用经费100045.00元；项目支出534399.44元。",
        "二、机关运行经费安排情况",
        "2021年部门机关运行经费共计安排22.51万元，主要用于办公。",
    ]
    department, _ = imported_consolidated(tmp_path, budget)
    own = department.consolidated
    assert own is not None and own.expenditure is not None and own.operating_costs is not None
    assert figure(own.expenditure.personnel) == (Decimal("600123.45"), None)
    assert figure(own.operating_costs.amount) == (Decimal("225100"), "万元")


def test_a_department_figure_its_own_tables_contradict_is_reported_at_its_paragraph(
    tmp_path: Path,
) -> None:
    budget = [line.replace("项目支出53.44万元", "项目支出53.54万元") for line in IN_WAN]
    original = consolidated_docx(tmp_path / "department.docx", budget)
    target = tmp_path / "back" / "department.yaml"
    result = invoke("import", str(original), "-o", str(target), "--profile", "shanghai-district")
    assert result.exit_code == 1
    assert "paragraph 13: expenditure.projects_total 53.54万元 ≠ 公开表 534399.44元" in (
        result.output
    )


# -- a part's title no kind knows --------------------------------------------------------------


def department_in_parts(tmp_path: Path, part: list[str]) -> Path:
    """Seed 001 with its budget's narrative printed as a part of its own, headed `part` (on one
    line or two) between 第一部分 (its 保障措施 last) and its project tables' part."""
    seed = SEED_001.read_text(encoding="utf-8").splitlines()
    at = next(number for number, line in enumerate(seed) if line.strip() == "第二部分")
    seed[at] = "第三部分"
    original = tmp_path / "department.txt"
    text = [NARRATIVE[0], *seed[:at], *part, *NARRATIVE[1:5], *seed[at:]]
    original.write_text("\n".join(text) + "\n", encoding="utf-8")
    return original


def test_a_part_title_no_kind_knows_is_its_own_note_not_the_section_before_it(
    tmp_path: Path,
) -> None:
    plain = tmp_path / "plain" / "department.yaml"
    assert invoke("import", str(department_in_wan(tmp_path)), "-o", str(plain)).exit_code == 0
    without = model_of(plain)
    assert isinstance(without, Department) and len(without.measures) == 11
    for part, line in (
        (["第二部分　部门预算情况说明"], 37),
        (["第二部分", "部门预算情况说明"], 38),
    ):
        target = tmp_path / str(line) / "department.yaml"
        result = invoke("import", str(department_in_parts(tmp_path, part)), "-o", str(target))
        assert result.exit_code == 0, result.output
        department = model_of(target)
        assert isinstance(department, Department)
        # 三、工作保障措施 ends where the part begins: its measures are those printed
        assert [m.value for m in department.measures] == [m.value for m in without.measures]
        # the sections after it are read as they would be without it
        assert stated_of(target)["projects"] == Decimal("14621.20")
        notes = result.output.split("not imported")[-1].splitlines()[1:]
        assert notes[0] == f"  line {line}: 第二部分　部门预算情况说明"
        assert notes[1].startswith(f"  line {line + 2}: 2022年部门预算收入20000.00万元")
        text = target.read_text(encoding="utf-8")
        assert f"#   第{line}行：第二部分　部门预算情况说明" in text.splitlines()
        assert [f for f in check([filled(target)]).sorted_findings() if f.is_error] == []


# -- a department printing its 公开表 beside its units' project tables -------------------------

OWN_LINES: Rows = [  # the department's 支出总表: its two units' 534,399.44 + 100,000.01 元 projects
    ["合计", "", "1,234,567.89", "600,168.44", "500,123.44", "100,045.00", "634,399.45"],
    ["2080101", "行政运行", "600,168.44", "600,168.44", "500,123.44", "100,045.00", "0"],
    ["2080107", "社会保险业务管理事务", "634,399.45", "0", "0", "0", "634,399.45"],
]
BUDGET_IN_WAN = [
    "一、部门预算安排的总体情况",
    "2021年部门预算收入123.46万元，其中：一般公共预算收入123.46万元。",
    "2021年部门支出预算123.46万元，其中：基本支出60.02万元，项目支出63.44万元。",
    "二、机关运行经费安排情况",
    "2021年部门机关运行经费共计安排22.51万元，主要用于办公。",
]


def department_with_tables(path: Path, budget: list[str]) -> Path:
    """A department's Word file: its narrative `budget`, its 公开表 in 元 (1,234,567.89 in
    all), its 部门整体绩效目标 and its two units' project tables in 元."""
    return write_docx(
        path,
        [
            "测试县人力资源和社会保障局2021年部门预算",
            *budget,
            *tables_in_yuan(T1, OWN_LINES),
            *goals_and_projects(),
        ],
    )


def test_a_departments_public_tables_beside_its_units_are_its_own_tables(tmp_path: Path) -> None:
    """Its 公开表 are its consolidated `tables:` (its units' files, of their project tables,
    give no lines to hold them to: docgen shows its own), and its totals printed in 万元 take
    the tables' 元, the narrative's digits beside them, as a unit's do."""
    original = department_with_tables(tmp_path / "d.docx", BUDGET_IN_WAN)
    target = tmp_path / "back" / "department.yaml"
    result = invoke("import", str(original), "-o", str(target), "--profile", "shanghai-district")
    assert result.exit_code == 0, result.output
    department = model_of(target)
    assert isinstance(department, Department) and department.tables is not None
    assert [
        (line.code.value, line.source.value, {k: v.value for k, v in line.parts.items()})
        for line in department.tables.spending
    ] == [
        (
            "2080101",
            "general_budget",
            {"personnel": Decimal("500123.44"), "public": Decimal("100045.00")},
        ),
        ("2080107", "general_budget", {"projects": Decimal("634399.45")}),
    ]
    assert stated_of(target) == {
        "revenue_total": Decimal("1234567.89"),
        "expenditure_total": Decimal("1234567.89"),
        "basic": Decimal("600168.44"),
        "projects": Decimal("634399.45"),
        "three_public_total": None,
    }
    assert "  basic: 600168.44  # 原文第4段：60.02万元" in target.read_text(encoding="utf-8")
    notes = result.output.split("not imported")[-1].splitlines()[1:]
    # the 公开表 are no notes, nor is its revenue by source, which they print in 元
    assert [note.split(":")[0].strip() for note in notes] == [
        "paragraph 5",  # 二、机关运行经费安排情况
        "paragraph 6",
    ]
    assert check([filled(target)]).sorted_findings() == []


def test_a_department_total_its_public_tables_contradict_is_reported_at_its_paragraph(
    tmp_path: Path,
) -> None:
    budget = [line.replace("项目支出63.44万元", "项目支出63.54万元") for line in BUDGET_IN_WAN]
    original = department_with_tables(tmp_path / "d.docx", budget)
    target = tmp_path / "back" / "department.yaml"
    result = invoke("import", str(original), "-o", str(target), "--profile", "shanghai-district")
    assert result.exit_code == 1
    assert "paragraph 4: expenditure.projects_total 63.54万元 ≠ 公开表 634399.45元" in (
        result.output
    )
