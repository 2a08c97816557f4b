"""The state-asset register: the category table with its total, vehicles counted by use and
large equipment in words, in the profile's words, and what this year's budget buys."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, docx_text, line_of, table, write
from typer.testing import CliRunner

from docgen.check import Checked, CheckedUnit
from docgen.cli import app
from docgen.document.blocks import Paragraph, Table
from docgen.messages import render_message
from docgen.profiles import ProfileError, read_profile

Check = Callable[..., Checked]

TABLE = """\
  buildings: {quantity: 100, value: 50.00}
  office_space: {quantity: 60, value: 30.00}
  vehicles: {quantity: 1, value: 10.00}
  other: {quantity: 20, value: 5.00}
  total: 65.00
  planned_purchases: 0.00
"""
REGISTER = """\
  vehicles:
    quantity: 5
    by_type: {other: 1, law_enforcement: 2, general: 2}
  general_equipment: {quantity: 2, value: 130.00}
  special_equipment: {quantity: 0}
  planned:
    vehicles: {quantity: 1, by_type: {law_enforcement: 1}}
    general_equipment: {quantity: 0}
    special_equipment: {quantity: 1}
"""
REGISTER_ONLY = CLEAN_UNIT.replace(TABLE, REGISTER)
SHANGHAI = REGISTER_ONLY.replace("kind: unit\n", "kind: unit\nprofile: shanghai-district\n")


def assets_paragraphs(checked: Checked) -> list[str]:
    [document] = checked.documents
    assert isinstance(document, CheckedUnit)
    section = next(s for s in document.document().sections if "国有资产" in s.heading)
    return [block.text for block in section.blocks if isinstance(block, Paragraph)]


def assets_tables(checked: Checked) -> list[Table]:
    [document] = checked.documents
    section = next(s for s in document.document().sections if "国有资产" in s.heading)
    return [block for block in section.blocks if isinstance(block, Table)]


def test_the_seeds_profile_words_the_register_as_the_ministry_does(check_text: Check) -> None:
    checked = check_text(REGISTER_ONLY)
    assert table(checked.findings) == []
    assert assets_paragraphs(checked) == [
        "截至2020年12月31日，本单位共有车辆5辆，其中，一般公务用车2辆、执法执勤用车2辆、"
        "其他用车1辆；单价50万元（含）以上通用设备2台（套），价值130万元，"
        "单价100万元（含）以上专用设备0台（套）。"
        "2021年单位预算安排购置车辆1辆，其中，执法执勤用车1辆；"
        "未安排购置单价50万元（含）以上通用设备，安排购置单价100万元（含）以上专用设备1台（套）。"
    ]
    assert assets_tables(checked) == []  # a register of counts has no category table


def test_a_profile_orders_and_words_the_uses_and_sets_the_unit_prices(
    check_text: Check, tmp_path: Path
) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    shipped = read_profile(Path(__file__).parent.parent / "profiles" / "shanghai-district.yaml")
    text = shipped.path.read_text(encoding="utf-8")
    text = text.replace(
        "    other: 其他用车\n", "    other: 其他车辆\n    law_enforcement: 执法用车\n"
    )
    text = text.replace("    law_enforcement: 执法执勤用车\n", "")
    text = text.replace("general_equipment: 50", "general_equipment: 20")
    (profiles / "my-county.yaml").write_text(text, encoding="utf-8")
    checked = check_text(REGISTER_ONLY.replace("kind: unit\n", "kind: unit\nprofile: my-county\n"))
    assert table(checked.findings) == []
    [said] = assets_paragraphs(checked)
    assert (
        "其中，一般公务用车2辆、其他车辆1辆、执法用车2辆；单价20万元（含）以上通用设备2台" in said
    )


def test_a_use_the_profile_does_not_list_comes_after_in_docgens_words(check_text: Check) -> None:
    checked = check_text(SHANGHAI.replace("general: 2}", "general: 1, confidential: 1}"))
    assert table(checked.findings) == []
    [said] = assets_paragraphs(checked)
    assert "一般公务用车1辆、执法执勤用车2辆、其他用车1辆、机要通信用车1辆；" in said


def test_vehicles_by_use_that_miss_the_count_are_an_error_at_the_uses(check_text: Check) -> None:
    text = REGISTER_ONLY.replace("general: 2}", "general: 3}")
    checked = check_text(text)
    assert table(checked.findings) == [
        (line_of(text, "by_type: {other"), 5, "vehicles-by-use-mismatch")
    ]
    message = render_message(checked.findings[0], "zh")
    assert "车辆按用途分合计 6 辆" in message and "车辆数 5 辆" in message


def test_vehicles_to_buy_by_use_must_add_up_too(check_text: Check) -> None:
    text = REGISTER_ONLY.replace(
        "{quantity: 1, by_type: {law_enforcement: 1}}",
        "{quantity: 2, by_type: {law_enforcement: 1}}",
    )
    checked = check_text(text)
    assert [f.code for f in checked.findings] == ["vehicles-by-use-mismatch"]
    assert checked.findings[0].location.line == line_of(text, "quantity: 2, by_type")
    assert "本年预算安排购置车辆按用途分合计 1 辆" in render_message(checked.findings[0], "zh")


def test_a_table_and_its_register_are_both_printed(check_text: Check) -> None:
    text = CLEAN_UNIT.replace(
        "  vehicles: {quantity: 1, value: 10.00}\n",
        "  vehicles: {quantity: 1, value: 10.00, by_type: {general: 1}}\n",
    )
    checked = check_text(text)
    assert table(checked.findings) == []
    paragraphs = assets_paragraphs(checked)
    assert paragraphs[0].startswith("测试县测试中心上年末固定资产金额为65")
    assert paragraphs[1] == "截至2020年12月31日，本单位共有车辆1辆，其中，一般公务用车1辆。"
    assert len(assets_tables(checked)) == 1


def test_a_vehicle_count_without_uses_is_the_tables_row_alone(check_text: Check) -> None:
    checked = check_text(CLEAN_UNIT)
    assert len(assets_paragraphs(checked)) == 1  # the table's sentence, no register


@pytest.mark.parametrize("left_out", ["buildings", "vehicles", "other"])
def test_a_table_without_one_of_its_categories_is_an_error(
    check_text: Check, left_out: str
) -> None:
    lines = [line for line in TABLE.splitlines(keepends=True) if f"  {left_out}:" not in line]
    text = CLEAN_UNIT.replace(TABLE, "".join(lines))
    checked = check_text(text)
    assert "assets-category-missing" in [f.code for f in checked.findings]
    missing = next(f for f in checked.findings if f.code == "assets-category-missing")
    assert missing.location.line == line_of(text, "assets:")
    assert {"buildings": "房屋", "vehicles": "车辆", "other": "其他固定资产"}[left_out] in (
        render_message(missing, "zh")
    )


@pytest.mark.parametrize(
    ("assets", "problem"),
    [
        ("{vehicle_uses: {taxi: 出租车}}", "vehicle_uses"),
        ("{vehicle_uses: {general: ''}}", "vehicle_uses"),
        ("{equipment_prices: {general_equipment: -5}}", "equipment_prices"),
        ("{equipment_prices: {furniture: 5}}", "equipment_prices"),
        ("{colours: red}", "vehicle_uses and equipment_prices"),
    ],
)
def test_a_profile_with_a_malformed_register_is_refused(
    tmp_path: Path, assets: str, problem: str
) -> None:
    shipped = Path(__file__).parent.parent / "profiles" / "mof-eight.yaml"
    path = tmp_path / "bad.yaml"
    path.write_text(shipped.read_text(encoding="utf-8") + f"assets: {assets}\n", "utf-8")
    with pytest.raises(ProfileError, match=problem):
        read_profile(path)


class TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def test_the_register_is_in_the_html_and_the_docx(tmp_path: Path) -> None:
    source = write(tmp_path, SHANGHAI)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(source), "-o", str(out), "-f", "html,docx", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    [html] = out.rglob("*.html")
    parser = TextOf()
    parser.feed(html.read_text(encoding="utf-8"))
    said = "本单位共有车辆5辆，其中，一般公务用车2辆、执法执勤用车2辆、其他用车1辆"
    assert said in "".join(parser.parts)
    [docx] = out.rglob("*.docx")
    assert said in docx_text(docx)


def test_a_changed_count_is_a_change_in_diff(tmp_path: Path) -> None:
    old = write(tmp_path, REGISTER_ONLY, "old.yaml")
    new = write(
        tmp_path,
        REGISTER_ONLY.replace("general: 2}", "general: 1, other: 2}").replace(
            "by_type: {other: 1, ", "by_type: {"
        ),
        "new.yaml",
    )
    result = CliRunner().invoke(app, ["diff", "--report", "markdown", str(old), str(new)])
    assert "国有资产：车辆：其他用车 | 1 | 2 | +1" in result.output
    assert "国有资产：车辆：一般公务用车 | 2 | 1 | -1" in result.output
