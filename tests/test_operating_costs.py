"""机关运行经费 of a unit that has none: it states 0 (as `operating-outside-natures` tells a
事业单位 to), needs no purpose for it, and its document says it arranged none."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, docx_text, line_of, table, write
from lxml import html
from test_import_legacy import invoke, unit_of

from docgen.build import build_source
from docgen.check import check

STATED = "operating_costs:\n  amount: 8.00\n  purpose: 主要用于办公及印刷费\n"
NONE = "operating_costs:\n  amount: 0.00\n"
NONE_SINCE_LAST_YEAR = (
    "operating_costs:\n  amount: 0.00\n  last_year: 8.00\n  reason: 主要原因是机构改为事业单位\n"
)


def unit_with(operating: str, nature: str = "行政") -> str:
    assert CLEAN_UNIT.count(STATED) == 1
    return CLEAN_UNIT.replace(STATED, operating).replace("nature: 行政", f"nature: {nature}")


def operating_paragraph(tmp_path: Path, text: str) -> tuple[str, str]:
    """The 机关运行经费 section's text as the HTML and the DOCX print it."""
    checked = check([write(tmp_path, text)])
    assert table(checked.findings) == []
    [unit] = checked.documents
    built = build_source(unit, checked, tmp_path / "out", ("html", "docx"))
    assert built.ok, built.findings
    [page] = [p for p in built.files if p.suffix == ".html"]
    [word] = [p for p in built.files if p.suffix == ".docx"]
    section = html.fromstring(page.read_bytes()).get_element_by_id("s3")
    [said] = [p.text_content() for p in section.iter("p") if "机关运行经费" in p.text_content()]
    return said, docx_text(word)


def test_a_unit_with_no_operating_costs_says_it_arranged_none(tmp_path: Path) -> None:
    said, word = operating_paragraph(tmp_path, unit_with(NONE, "事业"))
    assert said == "2021年，本单位未安排机关运行经费，机关运行经费预算为0万元。"
    assert said in word
    assert "共计安排0.00" not in word


def test_operating_costs_dropped_to_none_say_by_how_much_and_why(tmp_path: Path) -> None:
    said, word = operating_paragraph(tmp_path, unit_with(NONE_SINCE_LAST_YEAR))
    assert said == (
        "2021年，本单位未安排机关运行经费，机关运行经费预算为0万元。"
        "比上年减少8万元，主要原因是机构改为事业单位。"
    )
    assert said in word


def test_operating_costs_stated_say_what_they_are_for(tmp_path: Path) -> None:
    said, _ = operating_paragraph(tmp_path, CLEAN_UNIT)
    assert said == "2021年，本单位机关运行经费共计安排8万元，主要用于办公及印刷费。"


def test_operating_costs_above_none_without_a_purpose_are_an_error_there(tmp_path: Path) -> None:
    text = unit_with("operating_costs:\n  amount: 0.01\n")
    checked = check([write(tmp_path, text)])
    [finding] = checked.findings
    assert (finding.location.line, finding.code) == (
        line_of(text, "operating_costs:") + 1,
        "schema-required",
    )
    assert finding.args["key"] == "purpose"


@pytest.mark.parametrize(
    ("operating", "purpose", "change"),
    [
        (
            STATED.replace("\n  purpose", "\n  last_year: 7.00\n  purpose"),
            "主要用于办公及印刷费",
            "增加",
        ),
        (NONE_SINCE_LAST_YEAR, None, "减少"),
        (NONE, None, None),
    ],
    ids=["stated", "none-since-last-year", "none"],
)
def test_docgens_own_docx_imports_back_its_operating_costs(
    tmp_path: Path, operating: str, purpose: str | None, change: str | None
) -> None:
    """The purpose, then the change in the sentence after it, as docgen prints them; a unit
    with none gets no purpose to fill in."""
    text = unit_with(operating, "事业" if "0.00" in operating else "行政")
    if "reason" not in operating and change:
        text = text.replace(
            "  purpose: 主要用于办公及印刷费\n",
            "  purpose: 主要用于办公及印刷费\n  reason: 主要原因是人员增加\n",
        )
    built = invoke("build", str(write(tmp_path, text)), "-f", "docx", "-o", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    target = tmp_path / "back.yaml"
    imported = invoke(
        "import", str(tmp_path / "out" / "323099-2021" / "323099-2021.docx"), "-o", str(target)
    )
    assert imported.exit_code == 0, imported.output
    costs = unit_of(target).operating_costs
    original = unit_of(tmp_path / "unit.yaml").operating_costs
    assert costs is not None and original is not None
    assert costs.amount.value == original.amount.value
    assert (costs.purpose.value if costs.purpose else None) == purpose
    stated = costs.stated_change
    assert (stated.word.value if stated and stated.word else None) == change
    assert (costs.reason.value if costs.reason else None) == (
        original.reason.value.removeprefix("主要原因是") if original.reason else None
    )
    assert "机关运行经费的用途" not in target.read_text(encoding="utf-8")
