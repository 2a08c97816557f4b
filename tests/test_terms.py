"""One vocabulary: the schema's keys, the documents, the diff, the index and the messages all
say a domain term the way `docgen.terms` declares it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN_UNIT, REPO, edit, write
from typer.testing import CliRunner

from docgen.check import check
from docgen.cli import app
from docgen.document.columns import HEADLINE_FIGURES, SUMMARY
from docgen.messages import render_message
from docgen.provenance import ProvenanceReader
from docgen.render.html import render_html
from docgen.terms import (
    CHANGE_WORD_SIGNS,
    PLAN_CHECKPOINTS,
    THREE_PUBLIC_ITEMS,
    AssetCategory,
    AssetDetail,
    ExpenditurePart,
    Kind,
    PlanCheckpoint,
    RevenueSource,
    Scope,
    ThreePublic,
)

SAMPLE = REPO / "sample_data" / "323005.yaml"


def schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text())
    return loaded


def properties(node: dict[str, Any], *path: str) -> list[str]:
    for key in path:
        node = node["properties"][key]
    return list(node["properties"])


def test_the_unit_schema_names_the_terms_in_their_order() -> None:
    unit = schema("unit")
    sources = [key for key in properties(unit, "revenue") if key in RevenueSource.__members__]
    assert sources == list(RevenueSource)
    assert set(properties(unit, "revenue")) - set(RevenueSource) == {"carryover", "total"}
    project = unit["properties"]["projects"]["items"]
    assert project["properties"]["funding_source"]["enum"] == list(RevenueSource)
    assert list(project["properties"]["spending_plan"]["properties"]) == list(PlanCheckpoint)
    line = unit["properties"]["procurement"]["properties"]["lines"]["items"]
    assert list(line["properties"]["amounts"]["properties"]) == list(RevenueSource)
    three = unit["properties"]["three_public"]["properties"]
    assert list(three["this_year"]["properties"]) == list(THREE_PUBLIC_ITEMS)
    assert list(three["last_year"]["properties"]) == list(THREE_PUBLIC_ITEMS)
    assets = properties(unit, "assets")
    assert [key for key in assets if key in AssetCategory.__members__] == list(AssetCategory)
    assert AssetDetail.office_space in assets
    expenditure = properties(unit, "expenditure")
    assert {ExpenditurePart.personnel, ExpenditurePart.public} <= set(expenditure)


@pytest.mark.parametrize("kind", [Kind.unit, Kind.department])
def test_the_schemas_allow_exactly_the_scopes_and_kinds_declared(kind: Kind) -> None:
    declared = schema(kind)
    scope = declared["properties"]["scope"]
    scope = declared["$defs"]["scope"] if "$ref" in scope else scope
    assert scope["enum"] == list(Scope)
    assert declared["properties"]["kind"]["const"] == kind


def without_words(node: Any) -> Any:
    """A schema part without its titles and descriptions: what a source may write there."""
    if isinstance(node, dict):
        return {k: without_words(v) for k, v in node.items() if k not in ("title", "description")}
    if isinstance(node, list):
        return [without_words(item) for item in node]
    return node


@pytest.mark.parametrize(
    "key", ["revenue", "expenditure", "three_public", "operating_costs", "tables", "amount_unit"]
)
def test_a_department_writes_its_own_figures_as_a_unit_does(key: str) -> None:
    unit, department = schema(Kind.unit), schema(Kind.department)
    assert without_words(department["properties"][key]) == without_words(unit["properties"][key])
    for name, definition in department["$defs"].items():
        if name in unit["$defs"]:
            assert without_words(definition) == without_words(unit["$defs"][name]), name


@pytest.mark.parametrize("kind", [Kind.unit, Kind.department])
def test_every_change_word_the_checks_know_is_allowed(kind: Kind) -> None:
    word = schema(kind)["$defs"]["stated_change"]["properties"]["word"]
    assert word["enum"] == list(CHANGE_WORD_SIGNS)


def test_the_document_prints_every_three_public_item_by_its_term() -> None:
    checked = check([SAMPLE])
    html = render_html(checked.documents[0].document(), ProvenanceReader().of([SAMPLE]))
    for item in ThreePublic:
        if item is not ThreePublic.total:
            assert item.zh in html, item
    for checkpoint in PLAN_CHECKPOINTS:  # the seeds' profile's
        assert f">{checkpoint.zh}<" in html


def test_the_diff_labels_a_changed_figure_by_the_term_the_document_prints(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_bytes(SAMPLE.read_bytes())
    new.write_bytes(SAMPLE.read_bytes())
    for year in ("this_year", "last_year"):  # the same in both years: no change to explain
        items = f"  {year}: {{overseas: 0.00, vehicle_purchase: 0.00, vehicle_operation: 0.00"
        edit(new, items, items.replace("vehicle_operation: 0.00", "vehicle_operation: 1.50"))
    edit(new, "    total: 0.00\n    vehicles: 0.00", "    total: 1.50\n    vehicles: 1.50")
    result = CliRunner().invoke(app, ["diff", "--report", "markdown", str(old), str(new)])
    assert result.exit_code == 0, result.output
    label = f"“三公”经费：{ThreePublic.vehicle_operation.zh}"
    assert f"| {label} | 0.00 | 1.50 | +1.50 |" in result.output
    assert f"| 上年{label} | 0.00 | 1.50 | +1.50 |" in result.output
    assert label == "“三公”经费：公务用车运行维护费"  # the official term


def test_the_summary_sheet_heads_its_revenue_columns_by_the_terms() -> None:
    heads = SUMMARY.headings()  # the sheet keeps those of the sources its units name
    figures = (column.heading for column in HEADLINE_FIGURES)
    assert heads[3:] == (*(source.zh for source in RevenueSource), "上年结转", *figures)
    assert heads[3:6] == ("一般公共预算", "政府性基金预算", "国有资本经营预算")
    assert heads[-3:] == (ExpenditurePart.total.zh, ThreePublic.total.short, "项目个数")


MESSAGE_CASES = {  # a term, and an edit of the clean unit that provokes a message naming it
    "plan-incomplete": (PlanCheckpoint.december, "december: 100.00}", "december: 90.00}"),
    "office-exceeds-buildings": (
        AssetDetail.office_space,
        "office_space: {quantity: 60,",
        "office_space: {quantity: 160,",
    ),
}


@pytest.mark.parametrize("code", sorted(MESSAGE_CASES))
def test_a_message_names_its_figure_by_the_term(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    term, old, new = MESSAGE_CASES[code]
    monkeypatch.setattr(term, "zh", "甲乙")
    monkeypatch.setattr(term, "en", "alpha beta")
    path = write(tmp_path, CLEAN_UNIT.replace(old, new, 1))
    found = [f for f in check([path]).findings if f.code == code]
    assert len(found) == 1
    assert "甲乙" in render_message(found[0], "zh")
    assert "alpha beta" in render_message(found[0], "en")


def test_a_department_names_its_units_natures_as_a_unit_names_its_own() -> None:
    unit, department = schema(Kind.unit), schema(Kind.department)
    natures = department["properties"]["department"]["properties"]["natures"]
    assert natures["items"] == {"$ref": "#/$defs/nature"}
    assert unit["properties"]["unit"]["properties"]["nature"]["$ref"] == "#/$defs/nature"
    assert without_words(department["$defs"]["nature"]) == without_words(unit["$defs"]["nature"])
