"""docgen import: a workbook of the standard tables read back into a unit source.

docgen's own workbook of the sample unit imports to a source whose computed tables are the
original's, figure for figure; a workbook laid out as a budget system lays it out (sheets in
another order, codes split over 类 | 款 | 项 and written as numbers, indented names, 万元) imports
to the lines it prints; an arithmetic error of the workbook is shown at its cell; and each kind
of bad input is refused at its place, with exit 1, and no file written.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from conftest import REPO, sample_for
from test_standard_tables import UNIT
from typer.testing import CliRunner

from docgen.check import check, check_draft
from docgen.checked import CheckedUnit
from docgen.cli import app
from docgen.importing import workbook as workbook_module
from docgen.importing.workbook import format_decimals, shown_decimal

EN = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US.UTF-8", "COLUMNS": "200"}


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env=EN, prog_name="docgen")


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def tables_of(document: Any) -> dict[str, Any]:
    """Every figure of T1–T9 as docgen computes it, for comparison."""
    assert isinstance(document, CheckedUnit) and document.tables is not None
    tables = document.tables
    found: dict[str, Any] = {
        key: [(row.code, row.cells) for row in table.rows]
        for key, table in tables.classified.items()
    }
    for name in ("summary", "appropriations"):
        side = getattr(tables, name)
        found[name] = [(line.label, line.cells) for line in (*side.revenue, *side.spending)]
    found["T7"] = document.figures.three_public
    return found


# -- docgen's own workbook ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsx")
    built = invoke("build", str(REPO / "sample_data" / "323005.yaml"), "-f", "xlsx", "-o", str(out))
    assert built.exit_code == 0, built.output
    return out / "323005-2021" / "323005-2021.xlsx"


def test_docgens_own_workbook_imports_to_the_same_tables(
    sample_workbook: Path, tmp_path: Path
) -> None:
    target = tmp_path / "unit.yaml"
    result = invoke("import", str(sample_workbook), "--year", "2021", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "the workbook's figures agree with each other" in result.output
    original = check([REPO / "sample_data" / "323005.yaml"]).documents[0]
    imported = check_draft(target, str(target)).documents[0]
    assert tables_of(imported) == tables_of(original)


def in_wan(found: dict[str, Any], money_unit: str) -> dict[str, Any]:
    """Every table figure in 万元, whatever unit the source is in."""
    scale = Decimal(10000) if money_unit == "元" else Decimal(1)

    def convert(cells: dict[Any, Decimal]) -> dict[Any, Decimal]:
        return {column: value / scale for column, value in cells.items()}

    return {
        key: [(label, convert(cells)) for label, cells in rows]
        for key, rows in found.items()
        if key != "T7"
    }


@pytest.mark.parametrize("profile", ["mof-eight", "shanghai-district", "chongqing"])
def test_a_workbook_of_each_profile_imports_to_the_same_tables(
    profile: str, tmp_path: Path
) -> None:
    text = sample_for(profile)
    original = tmp_path / "323005.yaml"
    original.write_text(text.replace("scope: full\n", f"scope: full\nprofile: {profile}\n"))
    built = invoke("build", str(original), "-f", "xlsx", "-o", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    workbook = tmp_path / "out" / "323005-2021" / "323005-2021.xlsx"
    target = tmp_path / "unit.yaml"
    result = invoke(
        "import", str(workbook), "--year", "2021", "--profile", profile, "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    assert "the workbook's figures agree with each other" in result.output
    source = load(target)
    assert source["profile"] == profile
    imported = check_draft(target, str(target)).documents[0]
    expected = tables_of(check([original]).documents[0])
    assert in_wan(tables_of(imported), source["amount_unit"]) == in_wan(expected, "万元")
    scale = Decimal(10000) if source["amount_unit"] == "元" else Decimal(1)
    three_public = source["three_public"]["this_year"]
    assert {k: Decimal(str(v)) / scale for k, v in three_public.items()} == {
        "overseas": 0,
        "vehicle_purchase": 0,
        "vehicle_operation": 0,
        "reception": 0,
    }


def carried_unit() -> str:
    """The tables' clean unit with 5.00 上年结转 of 一般公共预算 spent on a project's line."""
    text = UNIT
    for old, new in (
        (
            "  carryover: 0.00\n  total: 150.00",
            "  carryover: {general_budget: 5.00}\n  total: 155.00",
        ),
        ("  projects_total: 80.00\n  total: 150.00", "  projects_total: 85.00\n  total: 155.00"),
        ("    amount: 30.00\n    fiscal: 30.00", "    amount: 35.00\n    fiscal: 35.00"),
        (
            "  economic:",
            '    - {code: "2080107", source: general_budget, carryover: true, '
            "projects: 5.00}\n  economic:",
        ),
        ("  projects: 80.00\n  total: 145.00", "  projects: 85.00\n  total: 150.00"),
        ("percent: 3.45", "percent: 3.33"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("profile", ["hebei-county", "shanghai-district"])
def test_carryover_and_three_public_come_back_from_the_workbook(
    profile: str, tmp_path: Path
) -> None:
    original = tmp_path / "unit.yaml"
    original.write_text(
        carried_unit().replace("scope: full\n", f"scope: full\nprofile: {profile}\n"),
        encoding="utf-8",
    )
    built = invoke("build", str(original), "-f", "xlsx", "-o", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    (workbook,) = (tmp_path / "out").glob("*/*.xlsx")
    target = tmp_path / "back.yaml"
    result = invoke("import", str(workbook), "--profile", profile, "-o", str(target))
    assert "the workbook's figures agree with each other" in result.output, result.output
    source = load(target)
    scale = Decimal(10000) if source["amount_unit"] == "元" else Decimal(1)
    imported = check_draft(target, str(target)).documents[0]
    expected = check([original]).documents[0]
    assert in_wan(tables_of(imported), source["amount_unit"]) == in_wan(tables_of(expected), "万元")
    assert isinstance(imported, CheckedUnit) and imported.tables is not None
    assert imported.tables.classified["T2"].cell("2080107", "carryover") == Decimal(5) * scale
    assert {k: Decimal(str(v)) / scale for k, v in source["three_public"]["last_year"].items()} == {
        "overseas": 0,
        "vehicle_purchase": 0,
        "vehicle_operation": Decimal("1.20"),
        "reception": Decimal("0.80"),
    }


def shanghai_workbook_imported(tmp_path: Path, text: str) -> tuple[Path, str]:
    """The sample unit in the Shanghai profile, as docgen's workbook, imported back: the source
    written and the import's report."""
    original = tmp_path / "323005.yaml"
    original.write_text(text.replace("scope: full\n", "scope: full\nprofile: shanghai-district\n"))
    built = invoke("build", str(original), "-f", "xlsx", "-o", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    target = tmp_path / "unit.yaml"
    workbook = tmp_path / "out" / "323005-2021" / "323005-2021.xlsx"
    result = invoke("import", str(workbook), "--year", "2021", "-o", str(target))
    assert result.exit_code == 0, result.output
    return target, result.output


def test_operating_costs_printed_beside_the_three_public_are_imported(tmp_path: Path) -> None:
    target, report = shanghai_workbook_imported(tmp_path, sample_for("shanghai-district"))
    assert "a column the source has no place for" not in report
    source = load(target)
    assert source["operating_costs"]["amount"] == 225000  # 22.50 万元 in the source's 元
    assert "operating_costs" not in source["not_given"]
    assert "operating_costs.purpose is still to fill in" in report


def test_operating_costs_of_none_in_a_workbook_ask_for_no_purpose(tmp_path: Path) -> None:
    text = sample_for("shanghai-district")
    stated = (
        "operating_costs:\n  amount: 22.50\n  purpose: 主要用于办公及印刷费、邮电费等日常运行支出\n"
    )
    assert text.count(stated) == 1
    none = text.replace(stated, "operating_costs:\n  amount: 0.00\n")
    target, report = shanghai_workbook_imported(tmp_path, none)
    assert load(target)["operating_costs"] == {"amount": 0}
    assert "operating_costs.purpose" not in report


def test_the_source_quotes_codes_keeps_printed_digits_and_names_its_cells(
    sample_workbook: Path, tmp_path: Path
) -> None:
    target = tmp_path / "unit.yaml"
    invoke("import", str(sample_workbook), "--year", "2021", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("# 由 docgen import 从工作簿 323005-2021.xlsx 导入")
    assert (
        '    - {code: "2080109", name: 社会保险经办机构, source: general_budget, '
        "personnel: 1100.00, public: 22.50, projects: 50.00}  # 一般公共预算支出表!C8:G8"
    ) in text
    assert "  general_budget: 23421.85  # 收支总表!B5" in text
    source = load(target)
    assert source["year"] == 2021 and source["rounded_from"] == "元"
    assert source["unit"]["name"] == "香河县社会保险事业管理所"
    assert source["tables"]["stated"]["T3"]["total"]["projects"] == 26960.0


# -- a workbook as a budget system exports it -------------------------------------------------


def add_sheet(book: Any, name: str, rows: list[list[Any]], merged: tuple[str, ...] = ()) -> Any:
    sheet = book.create_sheet(name)
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    return sheet


def exported_workbook(path: Path, **changes: Any) -> Path:
    """A unit's tables as a budget system exports them: 支出总表 first, codes over 类|款|项 as
    numbers, names indented with spaces, 万元 in the unit line, the year in the titles."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    unit = "单位名称：[323009]香河县就业服务中心"
    spending = changes.get(
        "spending",
        [
            ["合计", None, None, None, 130.5, 110.5, 100.2, 10.3, 20.0],
            [208, None, None, "社会保障和就业支出", 130.5, 110.5, 100.2, 10.3, 20.0],
            [208, 1, None, "  人力资源和社会保障管理事务", 120.5, 100.5, 90.2, 10.3, 20.0],
            [208, 1, 1, "    行政运行", 100.5, 100.5, 90.2, 10.3, 0.0],
            [208, 1, 7, "    社会保险业务管理事务", 20.0, 0.0, 0.0, 0.0, 20.0],
            [208, 5, None, "  行政事业单位养老支出", 10.0, 10.0, 10.0, 0.0, 0.0],
            [None, None, 5, "    机关事业单位基本养老保险缴费支出", 10.0, 10.0, 10.0, 0.0, 0.0],
        ],
    )
    add_sheet(
        book,
        "表3",
        [
            ["香河县就业服务中心2021年部门预算支出总表"],
            [unit, None, None, None, None, None, None, None, "单位：万元"],
            ["科目编码", None, None, "科目名称", "合计", "基本支出", None, None, "项目支出"],
            ["类", "款", "项", None, None, "小计", "人员经费", "公用经费", None],
            *spending,
        ],
        ("A3:C3", "D3:D4", "E3:E4", "F3:H3", "I3:I4"),
    )
    add_sheet(
        book,
        "表1",
        [
            ["香河县就业服务中心2021年部门预算收支总表"],
            [unit, None, None, "单位：万元"],
            ["收入", None, "支出", None],
            ["项目", "预算数", "项目", "预算数"],
            ["一般公共预算拨款", 110.5, "208 社会保障和就业支出", 130.5],
            ["事业收入", 20.0, None, None],
            ["本年收入合计", 130.5, "本年支出合计", 130.5],
            ["上年结转", 0.0, "结转下年", 0.0],
            ["收入总计", 130.5, "支出总计", 130.5],
        ],
        ("A3:B3", "C3:D3"),
    )
    add_sheet(
        book,
        "表2",
        [
            ["香河县就业服务中心2021年部门预算收入总表"],
            [unit, None, None, None, None, "单位：万元"],
            ["科目编码", "科目名称", "合计", "上年结转", "一般公共预算拨款", "事业收入"],
            [None, "合计", 130.5, 0.0, 110.5, 20.0],
            ["2080101", "行政运行", 100.5, 0.0, 100.5, 0.0],
            ["2080107", "社会保险业务管理事务", 20.0, 0.0, 0.0, 20.0],
            ["2080505", "机关事业单位基本养老保险缴费支出", 10.0, 0.0, 10.0, 0.0],
        ],
    )
    add_sheet(
        book,
        "表5",
        [
            ["香河县就业服务中心2021年一般公共预算支出表"],
            [unit, None, None, None, None, None, "单位：万元"],
            ["科目编码", "科目名称", "合计", "基本支出", None, None, "项目支出"],
            [None, None, None, "小计", "人员经费", "公用经费", None],
            [None, "合计", 110.5, 110.5, 100.2, 10.3, 0.0],
            ["2080101", "行政运行", 100.5, 100.5, 90.2, 10.3, 0.0],
            ["2080505", "机关事业单位基本养老保险缴费支出", 10.0, 10.0, 10.0, 0.0, 0.0],
        ],
        ("A3:A4", "B3:B4", "C3:C4", "D3:F3", "G3:G4"),
    )
    for sheet_name, cell, content in changes.get("cells", ()):
        book[sheet_name][cell] = content
    book.save(path)
    return path


def test_an_exported_workbook_imports_whatever_its_layout(tmp_path: Path) -> None:
    workbook = exported_workbook(tmp_path / "export.xlsx")
    target = tmp_path / "unit.yaml"
    result = invoke("import", str(workbook), "-o", str(target))
    assert result.exit_code == 0, result.output
    source = load(target)
    assert (source["year"], source["unit"]["code"], source["amount_unit"]) == (
        2021,
        "323009",
        "万元",
    )
    assert source["revenue"] == {
        "general_budget": 110.5,
        "business_income": 20.0,
        "carryover": 0.0,
        "total": 130.5,
    }
    lines = [
        (line["code"], line["name"], line["source"], line.get("personnel"), line.get("public"))
        for line in source["tables"]["spending"]
    ]
    assert lines == [
        ("2080101", "行政运行", "general_budget", 90.2, 10.3),
        ("2080107", "社会保险业务管理事务", "business_income", None, None),
        ("2080505", "机关事业单位基本养老保险缴费支出", "general_budget", 10.0, None),
    ]
    text = target.read_text(encoding="utf-8")
    assert "public: 10.30" in text and "projects: 20.00" in text  # as printed, not 10.3
    document = check_draft(target, str(target)).documents[0]
    assert isinstance(document, CheckedUnit) and document.tables is not None
    t3 = document.tables.classified["T3"]
    assert t3.cell("20801", "total") == Decimal("120.50")
    assert t3.cell("total", "personnel") == Decimal("100.20")


def test_a_sum_that_is_wrong_in_the_workbook_is_shown_at_its_cell(tmp_path: Path) -> None:
    workbook = exported_workbook(tmp_path / "export.xlsx", cells=[("表3", "E7", 121.5)])
    target = tmp_path / "unit.yaml"
    result = invoke("import", str(workbook), "-o", str(target))
    assert result.exit_code == 1
    assert "workbook export.xlsx 表3!E7 → " in result.output
    assert "table-cell-mismatch" in result.output and "121.50" in result.output
    assert target.is_file()  # the source is the workbook's, errors and all


def test_a_figure_printed_twice_that_differs_is_shown_at_both_cells(tmp_path: Path) -> None:
    workbook = exported_workbook(tmp_path / "export.xlsx", cells=[("表1", "D5", 131.5)])
    result = invoke("import", str(workbook), "-o", str(tmp_path / "unit.yaml"))
    assert result.exit_code == 1
    assert "表1!D5: 131.50 should equal 130.50 at 表3!E6" in result.output


# -- bad input ---------------------------------------------------------------------------------


def refused(tmp_path: Path, workbook: Path, *args: str) -> str:
    target = tmp_path / "unit.yaml"
    result = invoke("import", str(workbook), "-o", str(target), *args)
    assert result.exit_code == 1, result.output
    assert not target.exists()  # nothing written, not even a part
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_a_workbook_without_its_spending_table_is_refused(tmp_path: Path) -> None:
    workbook = exported_workbook(tmp_path / "export.xlsx")
    book = openpyxl.load_workbook(workbook)
    del book["表3"]
    book.save(workbook)
    assert "the workbook has no 支出总表" in refused(tmp_path, workbook)


def test_a_shifted_head_is_refused_at_its_cell(tmp_path: Path) -> None:
    workbook = exported_workbook(tmp_path / "export.xlsx")
    book = openpyxl.load_workbook(workbook)
    sheet = book["表2"]
    sheet.insert_cols(1)
    for column in "ABCDEF":  # the head moves back, the figures stay
        sheet[f"{column}3"] = sheet[f"{chr(ord(column) + 1)}3"].value
    sheet["G3"] = None
    book.save(workbook)
    # 合计 now stands under the head 合计 moved away from: a figure's column
    assert "表2!C4: a figure is expected here, found '合计'" in refused(tmp_path, workbook)


def test_text_in_a_figure_cell_is_refused_at_its_cell(tmp_path: Path) -> None:
    workbook = exported_workbook(tmp_path / "export.xlsx", cells=[("表5", "E6", "九十")])
    assert "表5!E6: a figure is expected here, found '九十'" in refused(tmp_path, workbook)


def test_a_formula_without_a_saved_value_is_refused_at_its_cell(tmp_path: Path) -> None:
    workbook = exported_workbook(tmp_path / "export.xlsx", cells=[("表5", "C5", "=SUM(C6:C7)")])
    assert "表5!C5: the formula =SUM(C6:C7) has no saved value" in refused(tmp_path, workbook)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "password-protected (encrypted)"),
        (b"name,amount\n", "not an .xlsx workbook"),
        (b"PK\x03\x04" + bytes(100), "damaged"),
    ],
    ids=["encrypted", "not-a-zip", "corrupt"],
)
def test_a_file_that_is_no_plain_workbook_is_refused(
    tmp_path: Path, content: bytes, said: str
) -> None:
    workbook = tmp_path / "export.xlsx"
    workbook.write_bytes(content)
    assert said in refused(tmp_path, workbook)


def test_a_zip_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    workbook = tmp_path / "export.xlsx"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("readme.txt", "no workbook here")
    assert "damaged" in refused(tmp_path, workbook)


def test_a_huge_workbook_is_refused_before_it_is_read(tmp_path: Path) -> None:
    workbook = tmp_path / "export.xlsx"
    with workbook.open("wb") as stream:
        stream.truncate(workbook_module.FILE_LIMIT + 1)  # sparse: costs no disk
    assert "workbook too large" in refused(tmp_path, workbook)


def test_a_workbook_without_a_year_needs_one_given(tmp_path: Path, sample_workbook: Path) -> None:
    book = openpyxl.load_workbook(sample_workbook)
    for sheet in book.worksheets:
        sheet["A1"] = str(sheet["A1"].value).removeprefix("2021年")
    yearless = tmp_path / "yearless.xlsx"
    book.save(yearless)
    assert "give it with --year" in refused(tmp_path, yearless)


def test_docgens_own_workbook_says_its_year(sample_workbook: Path, tmp_path: Path) -> None:
    result = invoke("import", str(sample_workbook), "-o", str(tmp_path / "unit.yaml"))
    assert result.exit_code == 0, result.output
    assert load(tmp_path / "unit.yaml")["year"] == 2021


def test_an_existing_source_is_overwritten_only_with_force(
    tmp_path: Path, sample_workbook: Path
) -> None:
    target = tmp_path / "unit.yaml"
    target.write_text("mine\n", encoding="utf-8")
    kept = invoke("import", str(sample_workbook), "--year", "2021", "-o", str(target))
    assert kept.exit_code == 1 and "already exists" in kept.output
    assert target.read_text(encoding="utf-8") == "mine\n"
    forced = invoke("import", str(sample_workbook), "--year", "2021", "-o", str(target), "--force")
    assert forced.exit_code == 0 and target.read_text(encoding="utf-8").startswith("# yaml")


# -- a figure as printed -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number_format", "printed"),
    [
        (12.3, "0.00", "12.30"),
        (12.3, "General", "12.3"),
        (8897007039.049999, "#,##0.00", "8897007039.05"),
        (2.675, "0.00", "2.68"),  # repr is 2.675: half away from zero, as a spreadsheet shows
        (1234.5, "#,##0", "1235"),
        (5000, "0.00", "5000.00"),
    ],
)
def test_a_cell_gives_the_figure_it_shows(value: float, number_format: str, printed: str) -> None:
    assert str(shown_decimal(value, number_format)) == printed


def test_number_formats_give_their_decimals() -> None:
    formats = ["0.00", "#,##0.00_);[Red](#,##0.00)", "0", "General", "@", '"¥"#,##0.0']
    assert [format_decimals(f) for f in formats] == [2, 2, 0, None, None, 1]
