"""Stage validate: the JSON Schema, run over positioned nodes, with located findings."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from conftest import CLEAN_UNIT, line_of, table
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from docgen.check import Checked
from docgen.cli import app
from docgen.messages import render_message
from docgen.source.validate import load_schema
from docgen.terms import Kind

Check = Callable[..., Checked]


def only(checked: Checked) -> list[tuple[int, int, str]]:
    return table(checked.sorted_findings())


@pytest.mark.parametrize("kind", list(Kind))
def test_schemas_are_valid_draft_2020_12_with_chinese_help_everywhere(kind: str) -> None:
    schema = load_schema(kind)
    Draft202012Validator.check_schema(schema)

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert prop.get("title") and prop.get("description"), f"{path}.{name}"
                assert any("\u4e00" <= c <= "\u9fff" for c in prop["title"]), f"{path}.{name}"
            for key, value in node.items():
                if key not in ("if", "then"):
                    walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, path)

    walk(schema, kind)


def test_clean_unit_has_no_findings(check_text: Check) -> None:
    assert only(check_text(CLEAN_UNIT)) == []


def test_float_mangled_code_is_located(check_text: Check) -> None:
    text = CLEAN_UNIT.replace('code: "323099"', "code: 3.23099E+5")
    checked = check_text(text)
    assert only(checked) == [(line_of(text, "3.23099E+5"), 9, "code-mangled")]


def test_an_unquoted_code_is_refused_as_the_editor_refuses_it(check_text: Check) -> None:
    """An editor and every other YAML tool read 0323099 as the number 323099."""
    text = CLEAN_UNIT.replace('code: "323099"', "code: 0323099")
    findings = check_text(text).sorted_findings()
    assert table(findings) == [(line_of(text, "code: 0323099"), 9, "schema-type")]
    assert render_message(findings[0], "zh") == (
        "“单位编码”（unit.code）应为文本，实际为“0323099”：不加引号时，编辑器和其他 YAML 工具"
        '会把它读成数字，开头的 0 会丢失，请加引号写成 "0323099"'
    )
    assert render_message(findings[0], "en") == (
        "unit.code must be text, found '0323099': unquoted, an editor and other YAML tools read "
        'it as a number, dropping the leading zero; quote it: "0323099"'
    )


def test_a_quoted_code_keeps_its_leading_zero(check_text: Check) -> None:
    checked = check_text(CLEAN_UNIT.replace('code: "323099"', 'code: "0323099"'))
    assert only(checked) == []
    assert checked.documents[0].unit.info.code.value == "0323099"


def test_a_quoted_amount_is_refused_as_text(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("general_budget: 100.00", 'general_budget: "100.00"')
    findings = check_text(text).sorted_findings()
    assert table(findings) == [(line_of(text, '"100.00"'), 19, "schema-type")]
    assert render_message(findings[0], "zh").endswith(
        "应为数字，实际为“100.00”：加了引号就成了文本，请去掉引号"
    )
    assert render_message(findings[0], "en").endswith(": quoted, it is text: remove the quotes")


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("１００.00", "半角"),
        ("100，00", "小数点"),
        ("100.00元", "不带单位"),
        ("100.001万元", "写作 22.50万元"),
        ("one hundred", ""),
    ],
)
def test_unreadable_amount_says_why(check_text: Check, written: str, hint: str) -> None:
    text = CLEAN_UNIT.replace("general_budget: 100.00", f"general_budget: {written}")
    findings = check_text(text).sorted_findings()
    assert table(findings) == [(line_of(text, written), 19, "schema-type")]
    assert hint in render_message(findings[0], "zh")
    assert "revenue.general_budget" in render_message(findings[0], "en")


def test_unknown_key_suggests_the_near_one(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("  personnel: 60.00", "  personel: 60.00")
    findings = check_text(text).sorted_findings()
    assert table(findings) == [
        (line_of(text, "expenditure:") + 1, 3, "schema-required"),
        (line_of(text, "personel"), 3, "schema-unknown-key"),
    ]
    assert "personnel" in render_message(findings[1], "zh")


def test_full_scope_requires_every_section(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("other_matters: 无。\n", "")
    findings = check_text(text).sorted_findings()
    assert [(f.code, f.args["key"]) for f in findings] == [("schema-required", "other_matters")]


def test_performance_scope_needs_only_unit_and_projects(check_text: Check) -> None:
    _, projects = CLEAN_UNIT.split("projects:\n", 1)
    projects = projects.split("procurement:\n", 1)[0]
    text = (
        'kind: unit\nscope: performance\nyear: 2021\nunit:\n  code: "1"\n  name: 单位\n'
        f"projects:\n{projects}"
    )
    assert only(check_text(text)) == []


def test_empty_and_whitespace_texts_are_errors(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("name: 测试工作经费", 'name: "  "').replace(
        "purpose: 用于测试专项。", "purpose:"
    )
    assert only(check_text(text)) == [
        (line_of(text, 'name: "  "'), 11, "empty-text"),
        (text.splitlines().index("    purpose:") + 1, 13, "schema-type"),
    ]


def test_spending_plan_above_100_is_out_of_range(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("october: 60.00", "october: 160.00")
    assert only(check_text(text)) == [(line_of(text, "160.00"), 57, "schema-range")]


def test_wrong_kind_is_reported(check_text: Check) -> None:
    assert only(check_text("kind: budget\n")) == [(1, 7, "schema-enum")]
    assert only(check_text("- a\n")) == [(1, 1, "schema-type")]


def test_schema_messages_exist_in_both_languages(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("year: 2021", "year: 二〇二一")
    (finding,) = check_text(text).sorted_findings()
    assert "应为整数" in render_message(finding, "zh")
    assert "must be a whole number" in render_message(finding, "en")


@pytest.mark.parametrize("kind", list(Kind))
def test_schema_command_prints_the_shipped_schema_of_every_kind(kind: Kind) -> None:
    result = CliRunner().invoke(app, ["schema", kind.value])
    assert result.exit_code == 0
    assert json.loads(result.output) == load_schema(kind)
