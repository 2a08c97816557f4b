"""The standard public tables as a workbook (`-f xlsx`), read back from the file: each sheet's
figures exactly as computed, its head merged and frozen, its number formats, its print set-up,
text that stays text, and a file that is whole or not there. The round trip prints it with
LibreOffice Calc (skipped, with the reason, where Calc is not installed; CI installs it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import CLEAN_UNIT, REPO, pdf_text
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader
from test_standard_tables import UNIT
from typer.testing import CliRunner

from docgen.batch.run import build_county
from docgen.batch.workers import Settings
from docgen.build import Built, build_source
from docgen.check import CheckedUnit, check
from docgen.cli import app
from docgen.document.tables import spec_for
from docgen.profiles import Profile, TableLayout, list_profiles
from docgen.render.spreadsheet import workbook_bytes, write_number
from docgen.render.xlsx import sheet_name
from docgen.tables import TOTAL_ROW, FigureTable, StandardTables, TwoSided
from docgen.terms import Status, ThreePublic

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
RELATION_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PROFILES = sorted(profile.id for profile in list_profiles())


def build_xlsx(
    tmp_path: Path, text: str = UNIT, formats: tuple[str, ...] = ("xlsx",)
) -> tuple[Built, CheckedUnit]:
    path = tmp_path / "unit.yaml"
    path.write_text(text, encoding="utf-8")
    checked = check([path])
    [unit] = checked.documents
    assert isinstance(unit, CheckedUnit)
    return build_source(unit, checked, tmp_path / "out", formats), unit


def with_profile(profile: str) -> str:
    return UNIT.replace("division_code:", f"profile: {profile}\ndivision_code:")


def stored_numbers(path: Path) -> dict[str, dict[str, str]]:
    """Each sheet's numbers as the file stores them (the text of <v>, not openpyxl's float):
    sheet title → cell reference → the digits written."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {
            r.get("Id"): r.get("Target") for r in relations.iter(f"{RELATIONS_NS}Relationship")
        }
        found = {}
        for sheet in book.iter(f"{SHEET_NS}sheet"):
            target = str(targets[sheet.get(RELATION_ID)]).removeprefix("/xl/")
            part = ElementTree.fromstring(archive.read(f"xl/{target}"))
            found[str(sheet.get("name"))] = {
                str(cell.get("r")): str(value.text)
                for cell in part.iter(f"{SHEET_NS}c")
                if cell.get("t") == "n" and (value := cell.find(f"{SHEET_NS}v")) is not None
            }
    return found


def formulas(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
        ]


class SheetReader:
    """One sheet: its text through openpyxl, its numbers exactly as stored."""

    def __init__(self, sheet: Worksheet, numbers: dict[str, str]) -> None:
        self.sheet = sheet
        self.numbers = numbers
        assert sheet.freeze_panes is not None
        self.body = int(re.sub(r"\D", "", sheet.freeze_panes))  # the first row under the head

    def number(self, row: int, column: int) -> Decimal:
        cell = self.sheet.cell(row, column)
        assert cell.data_type == "n", (self.sheet.title, cell.coordinate, cell.value)
        return Decimal(self.numbers[cell.coordinate])

    def text(self, row: int, column: int) -> str:
        value = self.sheet.cell(row, column).value
        return "" if value is None else str(value)

    def row_of(self, code: str) -> int:
        """The body row of a 类/款/项 code; the 合计 row has no code."""
        for row in range(self.body, self.sheet.max_row + 1):
            if code == TOTAL_ROW and not self.text(row, 1) and self.text(row, 2) == "合计":
                return row
            if self.text(row, 1) == code:
                return row
        raise AssertionError(f"{self.sheet.title}: no row {code}")


def in_table_unit(value: Decimal, layout: TableLayout, source_unit: str) -> Decimal:
    """The computed figure in the unit its table is shown in (万元 → 元 is exact), which the
    clean unit's figures need no rounding for."""
    if layout.money_unit != source_unit:
        value = value * 10000 if layout.money_unit == "元" else value / 10000
    assert value == round(value, layout.decimals), (value, layout)
    return value


def check_classified(reader: SheetReader, table: FigureTable, keys: tuple[str, ...], shown) -> None:  # type: ignore[no-untyped-def]
    for row in table.rows:
        number = reader.row_of(row.code)
        for column, key in enumerate(keys, start=1):
            if key in ("code", "name"):
                continue
            assert reader.number(number, column) == shown(row.cells[key]), (
                table.table,
                row.code,
                key,
            )


def check_two_sided(reader: SheetReader, table: TwoSided, shown) -> None:  # type: ignore[no-untyped-def]
    for offset, line in enumerate(table.revenue):
        assert reader.text(reader.body + offset, 1) == line.label
        assert reader.number(reader.body + offset, 2) == shown(line.cells["total"])
    for offset, line in enumerate(table.spending):
        assert reader.text(reader.body + offset, 3) == line.label
        for column, key in enumerate(table.spending_columns, start=4):
            assert reader.number(reader.body + offset, column) == shown(line.cells[key])


def check_three_public(reader: SheetReader, unit: CheckedUnit, layout: TableLayout, shown) -> None:  # type: ignore[no-untyped-def]
    three, costs = unit.figures.three_public, unit.unit.operating_costs
    assert three is not None and costs is not None
    for offset, (label, items) in enumerate(
        (("本年预算", three.items), ("上年预算", three.previous))
    ):
        assert reader.text(reader.body + offset, 1) == label
        for column, item in enumerate(ThreePublic, start=2):
            assert reader.number(reader.body + offset, column) == shown(items[item])
    if layout.with_operating:  # 机关运行经费 this year; last year's is not given: blank, not 0
        after = len(ThreePublic) + 2
        assert reader.number(reader.body, after) == shown(costs.amount.value)
        assert reader.text(reader.body + 1, after) == ""
        assert reader.sheet.cell(reader.body + 1, after).coordinate not in reader.numbers


@pytest.mark.parametrize("profile_id", PROFILES)
def test_every_tables_figures_read_back_exactly_as_computed(
    profile_id: str, tmp_path: Path
) -> None:
    built, unit = build_xlsx(tmp_path, with_profile(profile_id))
    assert built.ok, built.findings
    [path] = built.files
    assert path == tmp_path / "out" / unit.slug / f"{unit.slug}.xlsx"
    profile, tables = unit.profile, unit.tables
    assert isinstance(profile, Profile) and isinstance(tables, StandardTables)
    book = load_workbook(path)
    numbers = stored_numbers(path)
    assert book.sheetnames == [layout.title for layout in profile.tables]
    for layout in profile.tables:
        sheet = book[layout.title]
        assert sheet["A1"].value == f"{unit.unit.year}年{layout.title}"
        assert sheet["A2"].value == f"单位名称：{unit.unit.info.name.value}"

        def shown(value: Decimal, layout: TableLayout = layout) -> Decimal:
            return in_table_unit(value, layout, unit.unit.amount_unit)

        if layout.table == "T9":  # no 国有资本经营预算: the sheet says so, and holds no figure
            assert sheet["A3"].value == "本单位无国有资本经营预算财政拨款安排的预算，故本表为空表。"
            assert numbers[layout.title] == {}
            continue
        reader = SheetReader(sheet, numbers[layout.title])
        assert sheet.cell(2, sheet.max_column).value == f"单位：{layout.money_unit}"
        if layout.table == "T1":
            check_two_sided(reader, tables.summary, shown)
        elif layout.table == "T4":
            check_two_sided(reader, tables.appropriations, shown)
        elif layout.table == "T7":
            check_three_public(reader, unit, layout, shown)
        else:
            table = tables.classified[layout.table]
            check_classified(reader, table, spec_for(table, tables.sources).keys, shown)


def test_numbers_reach_the_file_with_their_own_digits(tmp_path: Path) -> None:
    # openpyxl writes a Decimal through a float: 8897007039.05 would be stored 8897007039.049999
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row, value in enumerate(("8897007039.05", "8.80", "-0.00", "1500000.00"), start=1):
        write_number(sheet.cell(row, 1), Decimal(value), "0.00")
    path = tmp_path / "numbers.xlsx"
    path.write_bytes(workbook_bytes(book, Workbook().properties.created))
    assert stored_numbers(path)["Sheet"] == {
        "A1": "8897007039.05",
        "A2": "8.80",
        "A3": "0.00",
        "A4": "1500000.00",
    }


def test_grouped_columns_are_merged_head_cells(tmp_path: Path) -> None:
    built, _ = build_xlsx(tmp_path)
    book = load_workbook(built.files[0])
    parts = book["支出总表"]  # 基本支出 over 小计, 人员经费, 公用经费; the others span both rows
    assert {str(r) for r in parts.merged_cells.ranges} == {
        "A1:G1",  # the title
        "A3:A4",
        "B3:B4",
        "C3:C4",
        "D3:F3",
        "G3:G4",
    }
    assert [parts.cell(3, c).value for c in (1, 2, 3, 4, 7)] == [
        "科目编码",
        "科目名称",
        "合计",
        "基本支出",
        "项目支出",
    ]
    assert [parts.cell(4, c).value for c in (4, 5, 6)] == ["小计", "人员经费", "公用经费"]
    summary = book["收支总表"]
    assert {str(r) for r in summary.merged_cells.ranges} == {"A1:D1", "A3:B3", "C3:D3"}
    assert (summary["A3"].value, summary["C3"].value) == ("收入", "支出")
    economic = book["一般公共预算基本支出表"]  # one head row: nothing merged but the title
    assert {str(r) for r in economic.merged_cells.ranges} == {"A1:E1"}


def test_the_head_is_frozen_on_screen_and_repeated_on_paper(tmp_path: Path) -> None:
    built, _ = build_xlsx(tmp_path)
    book = load_workbook(built.files[0])
    for title, body in (("支出总表", 5), ("一般公共预算基本支出表", 4), ("收支总表", 5)):
        sheet = book[title]
        assert sheet.freeze_panes == f"A{body}", title
        assert sheet.print_title_rows == f"$3:${body - 1}", title
    empty = book["国有资本经营预算支出表"]  # no head to hold
    assert (empty.freeze_panes, empty.print_title_rows) == (None, None)


def test_every_sheet_prints_on_a4_landscape_one_page_wide(tmp_path: Path) -> None:
    built, _ = build_xlsx(tmp_path)
    book = load_workbook(built.files[0])
    assert len(book.worksheets) == 9
    for sheet in book.worksheets:  # an empty table's sheet too
        title = sheet.title
        setup = sheet.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "landscape"), title  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), title
        properties = sheet.sheet_properties.pageSetUpPr
        assert properties is not None and properties.fitToPage, title
        margins = sheet.page_margins
        assert (margins.left, margins.right, margins.top, margins.bottom) == (0.5, 0.5, 0.75, 0.75)
        footer = sheet.oddFooter
        assert footer is not None and footer.center.text == "第 &P 页，共 &N 页"


@pytest.mark.parametrize(
    ("profile_id", "formats"),
    [
        ("hebei-county", {"T3": "0.00", "T7": "0.00"}),
        ("shanghai-district", {"T3": "#,##0", "T7": "#,##0.00"}),  # whole 元; “三公” in 万元
    ],
)
def test_figures_carry_the_profiles_number_format(
    profile_id: str, formats: dict[str, str], tmp_path: Path
) -> None:
    built, unit = build_xlsx(tmp_path, with_profile(profile_id))
    assert unit.profile is not None
    book = load_workbook(built.files[0])
    for table, expected in formats.items():
        layout = unit.profile.layout(table)
        assert layout is not None
        sheet = book[layout.title]
        figures = [
            cell
            for row in sheet.iter_rows(min_row=3)
            for cell in row
            if cell.data_type == "n" and cell.value is not None
        ]
        assert figures and {cell.number_format for cell in figures} == {expected}, table


def test_class_rows_are_indented_by_the_cell_not_by_spaces(tmp_path: Path) -> None:
    built, _ = build_xlsx(tmp_path)
    sheet = load_workbook(built.files[0])["支出总表"]
    names = {
        str(sheet.cell(row, 1).value): sheet.cell(row, 2)
        for row in range(5, sheet.max_row + 1)
        if sheet.cell(row, 1).value
    }
    assert {code: cell.alignment.indent for code, cell in names.items()} == {
        "208": 0,
        "20801": 1,
        "2080101": 2,
        "2080107": 2,
        "20805": 1,
        "2080505": 2,
        "212": 0,
        "21208": 1,
        "2120805": 2,
    }
    assert names["2080101"].value == "行政运行"  # no full-width spaces before it


@pytest.mark.parametrize(
    "name", ["=1+1", '=HYPERLINK("http://example.com","点此")', "+1", "-1", "@SUM(A1)"]
)
def test_a_name_that_looks_like_a_formula_stays_text(name: str, tmp_path: Path) -> None:
    # a code the partial list leaves out keeps the name its source prints
    quoted = name.replace('"', '\\"')
    text = UNIT.replace('code: "2080101", name: 行政运行,', f'code: "2080197", name: "{quoted}",')
    built, _ = build_xlsx(tmp_path, text)
    assert built.ok, built.findings
    sheet = load_workbook(built.files[0])["支出总表"]
    [cell] = [
        sheet.cell(row, 2)
        for row in range(5, sheet.max_row + 1)
        if sheet.cell(row, 1).value == "2080197"
    ]
    assert (cell.data_type, cell.value) == ("s", name)
    assert formulas(built.files[0]) == []


def test_a_source_without_tables_has_no_workbook_and_says_so_when_it_is_all_asked(
    tmp_path: Path,
) -> None:
    built, unit = build_xlsx(tmp_path, CLEAN_UNIT, ("html", "xlsx"))
    assert [path.suffix for path in built.files] == [".html"]
    built, unit = build_xlsx(tmp_path, CLEAN_UNIT, ("xlsx",))
    assert not built.ok
    assert [(f.code, f.location.line) for f in built.findings] == [("nothing-to-render", 1)]
    assert not (tmp_path / "out" / unit.slug / f"{unit.slug}.xlsx").exists()


def test_a_batch_asked_only_for_workbooks_passes_over_sources_without_tables(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "sample_data"
    shutil.copytree(REPO / "sample_data", folder)
    out = tmp_path / "out"
    result = build_county(folder, Settings(out, ("xlsx",)))
    assert not result.failed
    statuses = {outcome.name: outcome.status for outcome in result.outcomes}
    assert statuses == {
        "323005-2021": Status.built,  # the one source with tables:
        **dict.fromkeys(("323-2022", "323001-2022", "323003-2022", "323004-2022"), Status.nothing),
    }
    assert all(not o.findings for o in result.outcomes if o.status is Status.nothing)
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xlsx"))
    assert made == ["323005-2021/323005-2021.xlsx", "summary.xlsx"]
    args = ["build-all", str(folder), "-o", str(tmp_path / "again"), "-f", "xlsx", "-j", "1"]
    said = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert said.exit_code == 0, said.output
    counted = next(line for line in said.output.splitlines() if "nothing to make" in line)
    assert counted.split("│")[2].strip() == "4"
    # one unit built alone still says why it made nothing
    alone = [
        "build",
        str(folder / "323" / "323001.yaml"),
        "-f",
        "xlsx",
        "-o",
        str(tmp_path / "one"),
    ]
    single = CliRunner().invoke(app, [*alone, "--lang", "en"])
    assert single.exit_code == 1 and "nothing-to-render" in single.output


def test_a_crash_while_writing_leaves_the_old_workbook_whole_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built, _ = build_xlsx(tmp_path)
    [path] = built.files
    before = path.read_bytes()

    def disk_full(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    again, _ = build_xlsx(tmp_path, with_profile("shanghai-district"))
    assert not again.ok
    assert [f.code for f in again.findings] == ["output-unwritable"]
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize(
    ("title", "taken", "name"),
    [
        (
            "一般公共预算基本支出部门预算经济分类预算表",
            set(),
            "一般公共预算基本支出部门预算经济分类预算表",
        ),
        ("表" * 40, set(), "表" * 31),
        ("表" * 40, {"表" * 31}, "表" * 28 + "(2)"),
        ("收支总表", {"收支总表", "收支总表(2)"}, "收支总表(3)"),
        ("支出[功能]/经济:分类*?\\", set(), "支出_功能__经济_分类___"),
        ("'", set(), "表"),
    ],
)
def test_a_sheet_is_named_as_excel_allows(title: str, taken: set[str], name: str) -> None:
    assert sheet_name(title, taken) == name
    assert len(name) <= 31


def libreoffice_calc() -> str:
    """soffice, when LibreOffice has its spreadsheet (Calc's library beside the program)."""
    soffice = shutil.which("soffice")
    if soffice is None or not (Path(soffice).resolve().parent / "libsclo.so").is_file():
        pytest.skip("LibreOffice Calc is not installed: apt-get install libreoffice-calc-nogui")
    return soffice


def test_libreoffice_opens_the_workbook_and_prints_a_landscape_page_per_table(
    tmp_path: Path,
) -> None:
    soffice = libreoffice_calc()
    built, unit = build_xlsx(tmp_path)
    [path] = built.files
    home = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    command = [
        soffice,
        home,
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(path),
    ]
    subprocess.run(command, capture_output=True, check=True, timeout=300)
    printed = tmp_path / f"{unit.slug}.pdf"
    assert printed.is_file(), "LibreOffice could not open the workbook"
    pages = PdfReader(printed).pages
    assert unit.profile is not None and len(pages) == len(unit.profile.tables)  # one page wide
    for page in pages:  # A4 landscape: 842 × 595 points
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    text = pdf_text(printed).split("\f")
    for layout, page_text in zip(unit.profile.tables, text, strict=False):
        lines = page_text.splitlines()  # the page number first, as the footer is drawn
        title = f"{unit.unit.year}年{layout.title}"
        assert title in lines and f"单位名称：{unit.unit.info.name.value}" in page_text
    assert "150.00" in text[2] and "1.70" in text[6]  # the 支出总表's 合计, the “三公” 合计
