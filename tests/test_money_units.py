"""Sources in 元 beside sources in 万元: the county adds them up in 万元, a department refuses."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
from conftest import CLEAN_UNIT, line_of, write
from test_department import DEPARTMENT, second_unit
from test_import_legacy import invoke
from test_import_yuan import yuan_unit
from test_standard_tables import UNIT

from docgen.check import check
from docgen.messages import render_message


class IndexRows(HTMLParser):
    """Each row of the index's tables as the texts of its cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def index_rows(path: Path) -> list[list[str]]:
    parser = IndexRows()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.rows


def test_the_county_index_and_summary_add_a_yuan_unit_in_wan(tmp_path: Path) -> None:
    """1,500,168 元 is 150.02 万元 beside a 万元 unit's 150.00: the county's 300.02, not
    1,500,318 under a 单位：万元 line."""
    write(tmp_path, yuan_unit(), "county/yuan.yaml")
    write(tmp_path, UNIT.replace('code: "323099"', 'code: "323098"'), "county/wan.yaml")
    out = tmp_path / "out"
    result = invoke("build-all", str(tmp_path / "county"), "-o", str(out), "-f", "html", "-j", "1")
    assert result.exit_code == 0, result.output
    rows = index_rows(out / "index.html")
    by_code = {row[0]: row[2:7] for row in rows if row and row[0] in ("323098", "323099")}
    assert by_code == {
        "323098": ["150.00", "70.00", "80.00", "150.00", "1.70"],
        "323099": ["150.02", "70.01", "80.00", "150.02", "1.73"],
    }
    [totals] = [row for row in rows if row[:2] == ["0", "2"]]
    assert totals[2:7] == ["300.02", "140.01", "160.00", "300.02", "3.43"]
    sheet = openpyxl.load_workbook(out / "summary.xlsx").active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    heads = next(row for row in values if "收入合计" in row)
    total_column = heads.index("收入合计")
    amounts = {
        row[0]: Decimal(str(row[total_column]))
        for row in values
        if row[0] in ("323098", "323099", "合计")
    }
    assert (amounts["323098"], amounts["323099"], amounts["合计"]) == (
        Decimal("150"),
        Decimal("150.02"),
        Decimal("300.02"),
    )


def test_a_department_whose_units_state_different_money_units_is_refused_at_the_unit(
    tmp_path: Path,
) -> None:
    """Its tables would add 元 to 万元: the unit in the other money unit is named at its
    amount_unit line, and no sum is judged on figures that cannot be added."""
    other = "amount_unit: 元\n" + second_unit()
    write(tmp_path, CLEAN_UNIT, "dept/a.yaml")
    write(tmp_path, other, "dept/b.yaml")
    # 150 万元 and 1,500,000 元 would be 300 万元; added as they stand, 150.00 + 150.00
    stated = DEPARTMENT.replace("revenue_total: 300.00", "revenue_total: 300.00\n  basic: 1.00")
    department = write(tmp_path, stated, "dept/department.yaml")
    findings = check([department]).findings
    money = [f for f in findings if f.code == "department-unit-money"]
    assert [(Path(f.location.file).name, f.location.line) for f in money] == [
        ("b.yaml", line_of(other, "amount_unit: 元"))
    ]
    assert not [f for f in findings if Path(f.location.file).name == "department.yaml"]
    assert render_message(money[0], "en") == (
        "unit file '323098' states its figures in 元, the department's first unit in 万元: the "
        "department's tables add its units' figures up, so state them in one money unit "
        "(amount_unit)"
    )


def test_a_department_whose_units_share_the_yuan_is_added_up_in_wan_unit_by_unit(
    tmp_path: Path,
) -> None:
    """Units of 150.00 元 each are 0.02 万元 each in the index: the department's row is their
    0.04, not 300.00 元's 0.03, so that its units' rows add up to it."""
    write(tmp_path, "amount_unit: 元\n" + CLEAN_UNIT, "dept/a.yaml")
    write(tmp_path, "amount_unit: 元\n" + second_unit(), "dept/b.yaml")
    department = write(tmp_path, DEPARTMENT, "dept/department.yaml")
    checked = check([department])
    assert "department-unit-money" not in {f.code for f in checked.findings}
    [document] = checked.documents
    units = [unit.entry().totals.revenue_total for unit in document.units]
    assert units == [Decimal("0.02"), Decimal("0.02")]
    assert document.entry().totals.revenue_total == Decimal("0.04")
