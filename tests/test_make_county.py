"""The synthetic county's standard public tables (bench/make_county.py, bench/county_tables.py):
every unit has them, they agree with its figures, and its document shows them."""

from __future__ import annotations

import itertools
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen.check import check
from docgen.checked import CheckedUnit
from docgen.classifications import ClassificationKind, load_classification
from docgen.document.blocks import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_county as make_county_module
from county_tables import TablesInput, tables_block
from make_county import BUREAUS, build_county, make_county, town

ZERO = Decimal("0.00")


def checked_units(folder: Path) -> list[CheckedUnit]:
    checked = check([folder])
    assert checked.findings == []
    return [d for d in checked.documents if isinstance(d, CheckedUnit)]


def test_every_unit_has_tables_that_agree_with_its_figures(tmp_path: Path) -> None:
    make_county(tmp_path / "county", 8, seed=4)
    units = checked_units(tmp_path / "county")
    assert len(units) == 8
    for checked in units:
        tables, figures = checked.tables, checked.figures
        assert tables is not None and checked.unit.tables is not None
        t3, t6 = tables.classified["T3"], tables.classified["T6"]
        assert t3.cell("total", "personnel") == figures.personnel
        assert t3.cell("total", "public") == figures.public
        assert t3.cell("total", "projects") == figures.projects_total
        assert t6.cell("total", "total") == figures.basic
        by_source = tables.classified["T2"].rows[0].cells
        assert figures.revenue_by_source is not None
        for source, amount in figures.revenue_by_source.items():
            assert by_source.get(source, Decimal(0)) == amount, source


def test_a_units_document_shows_its_tables(tmp_path: Path) -> None:
    make_county(tmp_path / "county", 1, seed=2)
    [unit] = checked_units(tmp_path / "county")
    document = unit.document()
    [section] = [s for s in document.sections if s.anchor == "tables"]
    shown = {child.anchor: child for child in section.children}
    assert list(shown) == [f"tables-T{n}" for n in range(1, 10)]
    [table] = [block for block in shown["tables-T6"].blocks if isinstance(block, Table)]
    first = [cell.text for cell in table.body[0].rows[0]]
    assert first[:3] == ["", "合计", str(unit.figures.basic)]


def test_a_county_of_the_first_year_of_the_code_lists_validates_clean(tmp_path: Path) -> None:
    make_county(tmp_path / "county", 12, seed=5, year=2018)
    assert len(checked_units(tmp_path / "county")) == 12


def without_tables(files: dict[str, str]) -> dict[str, str]:
    return {path: text.split("\ntables:\n")[0] for path, text in files.items()}


def test_the_tables_leave_the_rest_of_the_county_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """They are drawn from a generator of their own: without them, the files are the same."""
    county = build_county(6, seed=3, year=2021)
    unit = yaml.safe_load(county.files["101/101001.yaml"])
    assert list(unit)[-1] == "tables"
    monkeypatch.setattr(make_county_module, "unit_tables", lambda *_: {"spending": []})
    bare = build_county(6, seed=3, year=2021)
    assert without_tables(bare.files) == without_tables(county.files)


def test_a_year_before_the_code_lists_is_refused() -> None:
    with pytest.raises(ValueError, match="2018"):
        build_county(1, seed=0, year=2017)


def spread(year: int, field: str, office: bool) -> dict[str, Any]:
    given = TablesInput(
        year=year,
        field=field,
        office=office,
        administrative=office,
        personnel=Decimal("812.37"),
        public=Decimal("64.05"),
        carryover=Decimal("70.11"),
        projects=(
            (Decimal("120.00"), Decimal("30.50"), "general_budget"),
            (Decimal("400.00"), ZERO, "government_fund"),
            (Decimal("15.25"), ZERO, "fiscal_special_account"),
            (ZERO, Decimal("9.00"), "unit_funds"),
        ),
        reception=Decimal("1.50"),
        vehicle_operation=Decimal("2.40"),
    )
    return dict(tables_block(random.Random(f"{year}{field}{office}"), given, dict))


@pytest.mark.parametrize("year", range(2018, 2027))
def test_every_field_books_its_units_under_codes_of_the_years_list(year: int) -> None:
    functional = load_classification(ClassificationKind.functional, year)
    economic = load_classification(ClassificationKind.economic, year)
    fields = {theme.field for theme in BUREAUS} | {town("东庄镇").field}
    for field, office in itertools.product(sorted(fields), (True, False)):
        block = spread(year, field, office)
        for line in block["spending"]:
            assert functional.lookup(line["code"]).name == line["name"], (field, line)
        for line in block["economic"]:
            assert economic.lookup(line["code"]).name == line["name"], (field, line)
        parts = {
            part: sum((line.get(part, ZERO) for line in block["spending"]), ZERO)
            for part in ("personnel", "public", "projects")
        }
        assert parts == {
            "personnel": Decimal("812.37"),
            "public": Decimal("64.05"),
            "projects": Decimal("574.75"),
        }
        assert sum(line["amount"] for line in block["economic"]) == Decimal("876.42")
        carried = [line for line in block["spending"] if line.get("carryover")]
        assert sum(line.get("public", ZERO) + line.get("personnel", ZERO) for line in carried) == (
            Decimal("70.11")
        )
