"""docgen import DISCLOSURE.txt|.docx: a legacy published disclosure read back into sources.

Seed 000 as published imports to a source whose every project, indicator row and figure is the
published transcription's (`tests/fixtures/published/`), exact Decimals through docgen's own
model, and whose findings are the ones that transcription is known to have, each traced to the
line of the seed it came from; seed 001 imports to its department and unit files with the
department's known findings; docgen's own DOCX of the sample imports back to the sample's
projects; what cannot be mapped is kept with its place; bad input is refused at its place with
exit 1 and nothing written.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import REPO, sample_for
from test_standard_tables import UNIT
from typer.testing import CliRunner

from docgen.check import check, check_draft
from docgen.cli import app
from docgen.findings import Finding
from docgen.importing.legacy_sections import Found
from docgen.importing.legacy_settle import settle_narrative
from docgen.importing.mapping import Amount as MappedAmount
from docgen.importing.mapping import Mapped
from docgen.importing.targets import Printed
from docgen.importing.text_reader import Place
from docgen.source.load import read_source
from docgen.source.model import Amount, AssetLine, Department, Project, Unit, build_model

EN = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US.UTF-8", "COLUMNS": "200"}
SEEDS = REPO / "tests" / "fixtures" / "seeds"
SEED_000 = SEEDS / "000_05b117f19e5843c3.txt"
SEED_001 = SEEDS / "001_81f36ab841f5be9f.txt"
PUBLISHED = REPO / "tests" / "fixtures" / "published"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env=EN, prog_name="docgen")


def model_of(path: Path) -> Unit | Department:
    source, findings = read_source(path)
    assert source is not None and source.root is not None, findings
    model = build_model(source.root, source.path, source.display)
    assert isinstance(model, Unit | Department)
    return model


def unit_of(path: Path) -> Unit:
    model = model_of(path)
    assert isinstance(model, Unit)
    return model


def project_facts(project: Project) -> tuple[Any, ...]:
    """A project as printed: code, name, amounts, plan, goals and every indicator row, each row
    with the basis it shows (its own, else the project's)."""
    shared = project.indicator_basis.value if project.indicator_basis else None
    rows = tuple(
        (
            row.level1.value,
            row.level2.value,
            row.name.value,
            row.description.value,
            row.value.value,
            row.basis.value if row.basis else shared,
        )
        for row in project.indicators
    )
    amounts = tuple(a.value if a else None for a in (project.amount, project.fiscal, project.other))
    plan = tuple((key, share.value if share else None) for key, share in project.plan.items())
    goals = tuple(goal.value for goal in project.goals)
    return (project.code.value, project.name.value, amounts, plan, goals, rows)


def value(amount: Amount | None) -> Decimal | None:
    return amount.value if amount else None


def line_values(line: AssetLine | None) -> tuple[Decimal | None, ...] | None:
    return (value(line.quantity), value(line.value)) if line else None


def figures_of(unit: Unit) -> dict[str, Any]:
    """Every figure and text of the narrative sections, as docgen's model holds them."""
    assert unit.revenue and unit.expenditure and unit.last_year and unit.operating_costs
    assert unit.three_public and unit.assets and unit.procurement
    revenue, spending, last = unit.revenue, unit.expenditure, unit.last_year
    three, assets = unit.three_public, unit.assets
    info = unit.info
    return {
        "info": [
            t.value if t else None
            for t in (info.name, info.department, info.nature, info.rank, info.funding_form)
        ],
        "responsibilities": info.responsibilities.value if info.responsibilities else None,
        "revenue": {k: a.value for k, a in revenue.sources.items()},
        "revenue_totals": [a.value if a else None for a in (revenue.carryover, revenue.total)],
        "spending": [
            a.value if a else None
            for a in (spending.personnel, spending.public, spending.basic_total, spending.total)
        ],
        "last_year": [a.value if a else None for a in (last.basic, last.projects, last.total)],
        "changes": {
            k: (c.word.value if c.word else None, c.amount.value if c.amount else None)
            for k, c in last.stated_changes.items()
        },
        "reasons": {k: t.value for k, t in last.reasons.items()},
        "operating": (unit.operating_costs.amount.value, unit.operating_costs.purpose.value),
        "three_public": {k: a.value for k, a in three.this_year.items()},
        "three_stated": [
            a.value if a else None for a in (three.stated_total, three.stated_vehicles)
        ],
        "three_words": {
            k: c.word.value if c.word else None for k, c in three.stated_changes.items()
        },
        "three_reasons": {k: t.value for k, t in three.reasons.items()},
        "procurement": (unit.procurement.lines, value(unit.procurement.total)),
        "assets": {k: line_values(line) for k, line in assets.categories.items()},
        "office": line_values(assets.office_space),
        "asset_figures": [assets.as_of.value, value(assets.total), value(assets.planned_purchases)],
        "glossary": [(e.term.value, e.definition.value) for e in unit.glossary],
        "other_matters": unit.other_matters.value if unit.other_matters else None,
    }


def said(finding: Finding) -> tuple[str, dict[str, str]]:
    """A finding's code and what its message says, but the file it names (`first`: where a
    duplicate name was first used)."""
    return finding.code, {k: v for k, v in finding.args.items() if k != "first"}


# -- seed 000, the unit ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_000(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    target = tmp_path_factory.mktemp("legacy") / "323005.yaml"
    result = invoke("import", str(SEED_000), "-o", str(target))
    assert result.exit_code == 1, result.output  # the seed has errors of its own
    return target, result.output


def test_seed_000_imports_every_project_and_indicator_row_as_published(
    seed_000: tuple[Path, str],
) -> None:
    imported = unit_of(seed_000[0])
    published = unit_of(PUBLISHED / "323005.yaml")
    assert len(imported.projects) == 19
    assert sum(len(p.indicators) for p in imported.projects) == 133
    assert [project_facts(p) for p in imported.projects] == [
        project_facts(p) for p in published.projects
    ]
    # The corrected sample agrees on every code, name and amount: only indicator cells and
    # texts were corrected there.
    sample = unit_of(REPO / "sample_data" / "323005.yaml")
    assert [project_facts(p)[:3] for p in imported.projects] == [
        project_facts(p)[:3] for p in sample.projects
    ]


def test_the_source_quotes_codes_and_keeps_the_printed_digits(seed_000: tuple[Path, str]) -> None:
    lines = seed_000[0].read_text(encoding="utf-8").splitlines()
    assert '  - code: "131024212WPP84MMFSEMX"' in lines
    assert "    amount: 5000.00" in lines  # 补助被征地农民支出, as its table prints it
    assert "    other: 0" in lines
    assert "    spending_plan: {march: null, june: null, october: null, december: 100.00}" in lines
    project = unit_of(seed_000[0]).projects[0]
    march = project.plan["march"]
    assert march is not None and str(march.value) == "20.00"
    assert project.amount is not None and str(project.amount.value) == "50.00"


def test_seed_000_has_the_findings_of_its_published_transcription(
    seed_000: tuple[Path, str],
) -> None:
    target, output = seed_000
    imported = check([target]).sorted_findings()
    published = check([PUBLISHED / "323005.yaml"]).sorted_findings()
    assert [said(f) for f in imported] == [said(f) for f in published]
    # Each finding is shown at the line of the seed its line came from: 100比率 is printed on
    # the seed's line 193, and the report says so before the finding.
    seed = SEED_000.read_text(encoding="utf-8").splitlines()
    assert seed[193 - 1] == "\t100比率"
    ratio = next(f for f in imported if f.code == "indicator-unit-ratio")
    assert f"original {SEED_000.name} line 193 → {ratio.location}" in output
    assert "problems of the original itself (41):" in output


def test_seed_000_imports_every_figure_and_text_of_its_sections(
    seed_000: tuple[Path, str],
) -> None:
    imported = figures_of(unit_of(seed_000[0]))
    assert imported == figures_of(unit_of(PUBLISHED / "323005.yaml"))
    assert imported["revenue"]["government_fund"] == Decimal("5000")
    assert str(imported["spending"][1]) == "22.5"  # 运转类公用, as the prose prints it


def test_last_years_figures_are_what_the_printed_changes_imply_and_say_so(
    seed_000: tuple[Path, str],
) -> None:
    text = seed_000[0].read_text(encoding="utf-8")
    assert "  # 上年数原文未印出，由本年 28421.85 与原文的“增加”推出\n  total: 23222.62\n" in text


def test_what_cannot_be_mapped_is_kept_with_its_place(seed_000: tuple[Path, str]) -> None:
    target, output = seed_000
    assert "paragraphs of the original not imported (2, kept as comments" in output
    assert "  line 6: 按照《中华人民共和国预算法》" in output
    assert "  line 28: 按照预算管理有关规定" in output
    comments = target.read_text(encoding="utf-8").splitlines()[-3:]
    assert comments[0] == "# 原文中未导入的段落（原文位置：内容）："
    assert comments[1].startswith("#   第6行：按照《中华人民共和国预算法》")
    assert comments[2].startswith("#   第28行：按照预算管理有关规定")


# -- seed 001, the department ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_001(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    target = tmp_path_factory.mktemp("department") / "department.yaml"
    result = invoke("import", str(SEED_001), "--year", "2022", "-o", str(target))
    assert result.exit_code == 0, result.output  # its defects are warnings
    return target, result.output


def test_seed_001_imports_its_department_and_each_units_projects(
    seed_001: tuple[Path, str],
) -> None:
    target, _ = seed_001
    department = model_of(target)
    published = model_of(PUBLISHED / "323" / "department.yaml")
    assert isinstance(department, Department) and isinstance(published, Department)
    assert [ref.value for ref in department.unit_refs] == [r.value for r in published.unit_refs]
    assert department.name.value == published.name.value
    assert department.overall_goal and published.overall_goal
    assert department.overall_goal.value == published.overall_goal.value
    assert [(g.title.value, g.goal.value, g.indicators.value) for g in department.sub_goals] == [
        (g.title.value, g.goal.value, g.indicators.value) for g in published.sub_goals
    ]
    assert [m.value for m in department.measures] == [m.value for m in published.measures]
    for ref in published.unit_refs:
        unit = unit_of(target.parent / ref.value)
        expected = unit_of(PUBLISHED / "323" / ref.value)
        assert (unit.info.code.value, unit.info.name.value) == (
            expected.info.code.value,
            expected.info.name.value,
        )
        assert [project_facts(p) for p in unit.projects] == [
            project_facts(p) for p in expected.projects
        ]


def test_seed_001_has_the_findings_of_its_published_transcription(
    seed_001: tuple[Path, str],
) -> None:
    target, output = seed_001
    imported = check_draft(target, str(target)).sorted_findings()
    published = check([PUBLISHED / "323" / "department.yaml"]).sorted_findings()
    # The department's code is not printed: left to fill in, the one finding more.
    assert [f.code for f in imported if f.code != "to-fill-in"] == [f.code for f in published]
    assert [Path(f.location.file).name for f in imported if f.code == "to-fill-in"] == [
        "department.yaml"
    ]
    assert "problems of the original itself (45):" in output


def test_a_text_that_gives_no_year_asks_for_it(tmp_path: Path) -> None:
    result = invoke("import", str(SEED_001), "-o", str(tmp_path / "d.yaml"))
    assert result.exit_code == 1
    assert f"docgen: {SEED_001.name}: the original does not say the budget year" in result.output
    assert list(tmp_path.iterdir()) == []


# -- a .docx -----------------------------------------------------------------------------------


def test_docgens_own_docx_of_the_sample_imports_back_to_its_projects(tmp_path: Path) -> None:
    built = invoke(
        "build", str(REPO / "sample_data" / "323005.yaml"), "-f", "docx", "-o", str(tmp_path)
    )
    assert built.exit_code == 0, built.output
    target = tmp_path / "unit.yaml"
    result = invoke("import", str(tmp_path / "323005-2021" / "323005-2021.docx"), "-o", str(target))
    sample = unit_of(REPO / "sample_data" / "323005.yaml")
    imported = unit_of(target)
    assert [project_facts(p) for p in imported.projects] == [
        project_facts(p) for p in sample.projects
    ]
    assert imported.info.name.value == sample.info.name.value
    # The table of contents is not read as headings; the tables docgen adds (收支预算总表, the
    # charts' figures, the standard tables) are kept as notes, each at its table.
    assert "  table 2 row 1 cell 1: 收入项目 | 预算数" in result.output
    assert "目录" not in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("original", [SEED_000, SEED_001], ids=["unit", "department"])
def test_the_profile_asked_for_is_each_units_profile(original: Path, tmp_path: Path) -> None:
    target = tmp_path / "source.yaml"
    result = invoke(
        "import", str(original), "--year", "2022", "--profile", "mof-eight", "-o", str(target)
    )
    assert "docgen: " not in result.output, result.output
    units = [path for path in tmp_path.glob("*.yaml") if path.read_text().count("kind: unit")]
    assert units
    for path in units:
        unit = unit_of(path)
        assert unit.profile is not None and unit.profile.value == "mof-eight"


def test_an_unknown_profile_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    target = tmp_path / "unit.yaml"
    result = invoke("import", str(SEED_000), "--profile", "nowhere", "-o", str(target))
    assert result.exit_code == 2
    assert "'nowhere': one of" in result.output
    assert not target.exists()


# The Ministry's template wording (部门预算公开模板), not the seeds': each figure after its
# name with 总额, 财政拨款预算数为 and the like between, changes said with 比.
TEMPLATE_WORDING = """某某县教育局2024年部门预算信息公开情况说明
一、部门职责及机构设置情况
负责全县教育工作。
二、部门预算安排的总体情况
2024年收入预算总额1200.50万元，其中：一般公共预算拨款收入1000.50万元，政府性基金预算拨款收入200.00万元。
2024年支出预算总额1200.50万元，其中：基本支出800.50万元，项目支出400.00万元。
比2023年预算增加100.50万元，其中：基本支出增加50.50万元，项目支出增加50.00万元。
三、机关运行经费安排情况
2024年本部门机关运行经费财政拨款预算数为45.60万元，比2023年预算减少2.00万元，下降4.20%，主要原因是严格控制一般性支出。
四、财政拨款“三公”经费预算情况及增减变化原因
2024年“三公”经费财政拨款预算数为12.00万元，其中：因公出国（境）费0万元，公务用车购置及运行维护费8.00万元（其中：公务用车购置费0万元，公务用车运行维护费8.00万元），公务接待费4.00万元。与2023年相比持平。
六、政府采购预算情况
2024年本部门政府采购预算总额30.00万元，其中：政府采购货物预算20.00万元、政府采购工程预算0万元、政府采购服务预算10.00万元。面向中小企业预留政府采购项目预算金额30.00万元，其中，预留给小微企业的合同金额20.00万元。
"""


def test_the_ministrys_template_wording_is_read_as_the_seeds_is(tmp_path: Path) -> None:
    original = tmp_path / "template.txt"
    original.write_text(TEMPLATE_WORDING, encoding="utf-8")
    target = tmp_path / "unit.yaml"
    result = invoke("import", str(original), "-o", str(target))
    assert "not imported" not in result.output, result.output
    assert "personnel is still to fill in (人员经费（原文未分列）)" in result.output
    text = target.read_text(encoding="utf-8")  # 基本支出 split as the text does not split it
    text = text.replace("【待填写：人员经费（原文未分列）】", "700.00")
    target.write_text(
        text.replace("【待填写：公用经费（原文未分列）】", "100.50"), encoding="utf-8"
    )
    unit = unit_of(target)
    assert unit.info.name.value == "某某县教育局"
    assert unit.info.responsibilities.value == "负责全县教育工作。"
    assert unit.revenue is not None and unit.expenditure is not None
    assert value(unit.revenue.total) == Decimal("1200.50")
    assert {k: a.value for k, a in unit.revenue.sources.items()} == {
        "general_budget": Decimal("1000.50"),
        "government_fund": Decimal("200.00"),
    }
    spent = unit.expenditure
    assert (value(spent.basic_total), value(spent.projects_total), value(spent.total)) == (
        Decimal("800.50"),
        Decimal("400.00"),
        Decimal("1200.50"),
    )
    assert unit.last_year is not None
    changes = unit.last_year.stated_changes
    assert {k: (c.word.value if c.word else None, value(c.amount)) for k, c in changes.items()} == {
        "total": ("增加", Decimal("100.50")),
        "basic": ("增加", Decimal("50.50")),
        "projects": ("增加", Decimal("50.00")),
    }
    assert unit.last_year.reasons == {}
    operating = unit.operating_costs
    assert operating is not None and operating.stated_change is not None
    assert value(operating.amount) == Decimal("45.60")
    assert operating.stated_change.word is not None
    assert (operating.stated_change.word.value, value(operating.stated_change.amount)) == (
        "减少",
        Decimal("2.00"),
    )
    assert operating.reason is not None and operating.reason.value == "严格控制一般性支出"
    three = unit.three_public
    assert three is not None and value(three.stated_total) == Decimal("12.00")
    assert {k: a.value for k, a in three.this_year.items()} == {
        "overseas": 0,
        "vehicle_purchase": 0,
        "vehicle_operation": Decimal("8.00"),
        "reception": Decimal("4.00"),
    }
    bought = unit.procurement
    assert bought is not None and bought.categories is not None
    assert value(bought.total) == Decimal("30.00")
    assert {k: a.value for k, a in bought.categories.items()} == {
        "goods": Decimal("20.00"),
        "works": 0,
        "services": Decimal("10.00"),
    }
    assert (value(bought.reserved_sme), value(bought.reserved_micro)) == (
        Decimal("30.00"),
        Decimal("20.00"),
    )


# -- procurement lines -----------------------------------------------------------------------

PURCHASES = """procurement:
  lines:
    - project: 社会保险经办工作经费
      item: 台式计算机
      catalogue_no: A02010104
      category: 货物
      measure_unit: 台
      quantity: 2
      unit_price: 0.50
      amounts: {general_budget: 1.00}
      total: 1.00
    - project: 社会保险经办工作经费
      item: 档案数字化服务
      catalogue_no: C99000000
      category: 服务
      measure_unit: 项
      quantity: 1
      unit_price: 3.20
      amounts: {general_budget: 2.00, government_fund: 1.20}
      total: 3.20
  total: 4.20
  reserved_sme: 4.20
  reserved_micro: 3.20
"""


def purchase_facts(unit: Unit) -> list[tuple[Any, ...]]:
    assert unit.procurement is not None
    return [
        (
            line.project.value,
            line.item.value,
            line.catalogue_no.value if line.catalogue_no else None,
            line.category.value,
            line.measure_unit.value if line.measure_unit else None,
            value(line.quantity),
            value(line.unit_price),
            {source: amount.value for source, amount in line.amounts.items()},
            value(line.total),
        )
        for line in unit.procurement.lines
    ]


def test_docgens_own_docx_imports_back_to_its_procurement_lines(tmp_path: Path) -> None:
    text = (REPO / "sample_data" / "323005.yaml").read_text(encoding="utf-8")
    start, end = text.index("procurement:\n"), text.index("assets:\n")
    original = tmp_path / "323005.yaml"
    original.write_text(text[:start] + PURCHASES + text[end:], encoding="utf-8")
    built = invoke("build", str(original), "-f", "docx", "-o", str(tmp_path))
    assert built.exit_code == 0, built.output
    target = tmp_path / "unit.yaml"
    invoke("import", str(tmp_path / "323005-2021" / "323005-2021.docx"), "-o", str(target))
    imported, sample = unit_of(target), unit_of(original)
    assert purchase_facts(imported) == purchase_facts(sample)
    assert imported.procurement is not None and sample.procurement is not None
    assert value(imported.procurement.total) == Decimal("4.20")
    assert value(imported.procurement.reserved_sme) == Decimal("4.20")
    assert value(imported.procurement.reserved_micro) == Decimal("3.20")


def test_a_line_of_the_seeds_procurement_table_is_imported_with_its_kind(tmp_path: Path) -> None:
    """The seed's table filled in as its head reads: 项目名称 | 预算资金 | 采购物品名称 | 目录序号 |
    计量单位 | 数量 | 单价 | 合计 | one column per source; its 品目 comes from the number."""
    lines = SEED_000.read_text(encoding="utf-8").split("\n")
    row = lines.index("\t香河县社会保险事业管理所本级小计") + 14  # the blank row below it
    cells = ["社保经办工作经费", "", "复印纸", "A09010101", "箱", "20", "0.02", "0.40", "0.40"]
    assert lines[row : row + 13] == ["\t"] * 13
    lines[row : row + len(cells)] = [f"\t{cell}" for cell in cells]
    seed = tmp_path / "seed.txt"
    seed.write_text("\n".join(lines), encoding="utf-8")
    target = tmp_path / "unit.yaml"
    result = invoke("import", str(seed), "-o", str(target))
    assert purchase_facts(unit_of(target)) == [
        (
            "社保经办工作经费",
            "复印纸",
            "A09010101",
            "货物",
            "箱",
            Decimal(20),
            Decimal("0.02"),
            {"general_budget": Decimal("0.40")},
            Decimal("0.40"),
        )
    ]
    assert "品目由目录序号 A09010101 的首字母推出" in target.read_text(encoding="utf-8")
    assert "procurement" not in result.output.split("not imported")[-1]


def test_docgens_own_docx_imports_back_to_a_source_diff_finds_equal(tmp_path: Path) -> None:
    """The 公开表 come back through the workbook's table reader, last year's figures from the
    year tables, and only the 主管部门, which the document does not print, is to fill in."""
    sample = REPO / "sample_data" / "323005.yaml"
    built = invoke("build", str(sample), "-f", "docx", "-o", str(tmp_path))
    assert built.exit_code == 0, built.output
    target = tmp_path / "unit.yaml"
    docx = tmp_path / "323005-2021" / "323005-2021.docx"
    result = invoke("import", str(docx), "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.count("【待填写：") == 1 and "unit.department is still to fill in" in result.output
    assert "上年数原文未印出" not in text  # printed in the year table, not implied
    assert "# 表50第6行第5格" in text  # a spending line names the Word cell it was read from
    department = unit_of(sample).info.department
    assert department is not None
    target.write_text(text.replace("【待填写：主管部门全称】", department.value), encoding="utf-8")
    compared = invoke("diff", str(sample), str(target), "--exit-code")
    assert compared.exit_code == 0, compared.output
    assert "No figure or indicator changed." in compared.output


def shanghai_docx(tmp_path: Path, text: str) -> tuple[Path, Path]:
    """A source in the Shanghai district's profile (公开表 in whole 元, the narrative and the
    “三公” table in 万元) and docgen's own DOCX of it."""
    source = tmp_path / "shanghai.yaml"
    profiled = text.replace("division_code:", "profile: shanghai-district\ndivision_code:", 1)
    source.write_text(profiled, encoding="utf-8")
    built = invoke("build", str(source), "-f", "docx", "-o", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    [made] = (tmp_path / "out").glob("*/*.docx")
    return source, made


def test_tables_in_yuan_under_a_narrative_in_wan_import_back_to_a_source_diff_finds_equal(
    tmp_path: Path,
) -> None:
    source, docx = shanghai_docx(tmp_path, sample_for("shanghai-district"))
    target = tmp_path / "back.yaml"
    result = invoke("import", str(docx), "-o", str(target), "--profile", "shanghai-district")
    assert result.exit_code == 0, result.output
    notes = result.output.split("not imported")[-1]
    assert "部门支出预算总表" not in notes and "284,218,500" not in notes  # the tables are read
    text = target.read_text(encoding="utf-8")
    assert "# 公开表原以元印出" in text and "personnel: 1100.00, public: 22.50" in text  # 元 / 10⁴
    department = unit_of(source).info.department
    assert department is not None
    target.write_text(text.replace("【待填写：主管部门全称】", department.value), encoding="utf-8")
    compared = invoke("diff", str(source), str(target), "--exit-code")
    assert compared.exit_code == 0, compared.output


def test_a_narrative_figure_the_tables_in_yuan_contradict_is_reported_at_its_paragraph(
    tmp_path: Path,
) -> None:
    _, docx_file = shanghai_docx(tmp_path, UNIT)
    document = docx.Document(str(docx_file))
    said = "一般公共预算收入100万元"
    [(number, paragraph)] = [(n, p) for n, p in enumerate(document.paragraphs, 1) if said in p.text]
    for run in paragraph.runs:
        run.text = run.text.replace(said, "一般公共预算收入120万元")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    target = tmp_path / "back.yaml"
    result = invoke("import", str(edited), "-o", str(target))
    assert result.exit_code == 1, result.output
    assert f"paragraph {number}: revenue.general_budget 120万元 ≠ 公开表 1000000元" in result.output
    text = target.read_text(encoding="utf-8")
    assert f"  general_budget: 100.00  # 原文第{number}段：120万元\n" in text  # the table's


def test_a_narrative_figure_rounded_from_the_tables_is_kept_beside_theirs() -> None:
    """Rounded to whole 万元 (100 for 1,000,100 元) it agrees within half its unit: no report,
    the table's figure written, its digits in a comment; 101 is further than rounding allows."""
    place = Place("paragraph", 37)
    for printed, contradicted in (("100", False), ("101", True), ("100.01", False)):
        found = Found(revenue={"general_budget": Printed(printed, place)})
        mapped = Mapped("w.docx", 2021, None, "万元", None, None)
        mapped.revenue = {"general_budget": MappedAmount(Decimal("100.01"), ("收支总表!B3",))}
        cell = Place("table", 46, 2, 2)
        said = settle_narrative(found, mapped, {"收支总表!B3": cell})
        assert [p.place for p in said] == ([place] if contradicted else [])
        assert found.revenue["general_budget"] == (
            Printed("100.01", cell, "万元") if printed != "100.01" else Printed("100.01", place)
        )
        notes = (
            {} if printed == "100.01" else {"revenue.general_budget": f"原文第37段：{printed}万元"}
        )
        assert found.table_notes == notes


def test_docgens_own_department_docx_imports_back_to_sources_diff_finds_equal(
    tmp_path: Path,
) -> None:
    """Its parts are titled on one line (第一部分　部门整体绩效目标); each project's two tables
    are read as one 绩效目标表, and only what is no part of one is kept as a note."""
    built = invoke(
        "build",
        str(REPO / "sample_data" / "323" / "department.yaml"),
        "-f",
        "docx",
        "-o",
        str(tmp_path / "out"),
    )
    assert built.exit_code == 0, built.output
    target = tmp_path / "back" / "department.yaml"
    (docx,) = (tmp_path / "out").glob("*/*.docx")
    result = invoke("import", str(docx), "-o", str(target))
    assert result.exit_code == 0, result.output
    notes = result.output.split("not imported")[-1]
    assert "项目编码" not in notes and "一级指标" not in notes
    assert "table 1 row 1 cell 1: 项目 | 金额（万元） | 占比" in notes  # the chart's figures
    department = model_of(target)
    assert isinstance(department, Department)
    assert not [m for m in department.measures if "部分" in m.value]
    text = target.read_text(encoding="utf-8").replace('"【待填写：部门编码】"', '"323"')
    target.write_text(text, encoding="utf-8")
    compared = invoke("diff", str(REPO / "sample_data" / "323"), str(target.parent), "--exit-code")
    assert compared.exit_code == 0, compared.output


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"\n \n\t\n", "the file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a UTF-8 text file (NUL)"),
        ("gbk.txt", "一、单位职责".encode("gbk"), "not a UTF-8 text file (byte 3)"),
        ("fake.docx", b"this is no Word file", "not a .docx file (not a zip file)"),
        ("prose.txt", "一段没有任何部分的文字。\n".encode(), "no section of a budget disclosure"),
    ],
    ids=["empty", "blank", "binary", "gbk", "fake-docx", "prose"],
)
def test_bad_input_is_refused_at_its_place_and_nothing_is_written(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    original = tmp_path / name
    original.write_bytes(data)
    target = tmp_path / "out" / "unit.yaml"
    result = invoke("import", str(original), "-o", str(target))
    assert result.exit_code == 1
    assert result.output.startswith(f"docgen: {name}: {message}"), result.output
    assert "Traceback" not in result.output
    assert not target.exists()


def test_a_zip_that_is_no_word_file_is_refused(tmp_path: Path) -> None:
    original = tmp_path / "archive.docx"
    with zipfile.ZipFile(original, "w") as archive:
        archive.writestr("readme.txt", "hello")
    result = invoke("import", str(original), "-o", str(tmp_path / "unit.yaml"))
    assert result.exit_code == 1
    assert "docgen: archive.docx: not a .docx file (no word/document.xml)" in result.output


def test_an_existing_source_is_overwritten_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "323005.yaml"
    target.write_text("kept\n", encoding="utf-8")
    refused = invoke("import", str(SEED_000), "-o", str(target))
    assert refused.exit_code == 1
    assert f"{target} already exists: not overwritten" in refused.output
    assert target.read_text(encoding="utf-8") == "kept\n"
    forced = invoke("import", str(SEED_000), "-o", str(target), "--force")
    assert forced.exit_code == 1, forced.output  # written; the seed's own errors remain
    assert unit_of(target).info.code.value == "323005"
