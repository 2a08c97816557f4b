"""`docgen init`: a new source with the schema line, every key of the schema (written or as a
comment), example figures that satisfy every identity and placeholders that `validate` reports
as to be filled in, until they are replaced; never over an existing file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from docgen.check import check
from docgen.cli import app
from docgen.messages import render_message
from docgen.resources import data_path
from docgen.source.placeholders import FILL_IN
from docgen.source.template import render_source
from docgen.source.validate import load_schema
from docgen.terms import Kind

YEAR = 2024


def init(*args: str) -> Any:
    return CliRunner().invoke(app, ["init", *args, "--year", str(YEAR)])


def filled(text: str, answers: dict[str, str]) -> str:
    """The source with each placeholder replaced: by the answer whose key its words hold, else by
    a line of text."""

    def answer(found: re.Match[str]) -> str:
        return next((a for key, a in answers.items() if key in found["what"]), "已填写的内容")

    return "\n".join(
        line if line.lstrip().startswith("#") else FILL_IN.sub(answer, line)
        for line in text.split("\n")
    )


def filled_unit(text: str) -> str:
    return filled(text, {"区划代码": "131024", "单位编码": "323099", "项目编码": PROJECT})


PROJECT = "131024240000000000001"  # the division code and the year, as Hebei's codes begin


def test_a_new_unit_lists_only_its_placeholders_as_to_fill_in(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    result = init("unit", str(path), "--lang", "zh")
    assert result.exit_code == 0
    assert (
        result.output
        == f"已写出 {path}：把其中的【待填写：…】换成实际内容，再运行 docgen validate {path}\n"
    )
    text = path.read_text(encoding="utf-8")
    checked = check([path])
    places = [
        (n, line)
        for n, line in enumerate(text.split("\n"), 1)
        if FILL_IN.search(line) and not line.lstrip().startswith("#")
    ]
    assert [(f.location.line, f.code) for f in checked.sorted_findings()] == [
        (n, "to-fill-in") for n, _ in places
    ]
    first = checked.sorted_findings()[0]
    assert render_message(first, "zh") == (
        "“行政区划代码”（division_code）待填写：请把占位符换成本县（区）6位行政区划代码"
    )
    assert render_message(first, "en") == (
        "division_code is still to fill in (本县（区）6位行政区划代码): replace the placeholder"
    )
    fields = {f.args["field"] for f in checked.findings}
    assert {"unit.code", "unit.name", "projects[0].code", "last_year.reasons.basic"} <= fields


def test_a_filled_unit_satisfies_every_identity_and_builds(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    assert init("unit", str(path)).exit_code == 0
    path.write_text(filled_unit(path.read_text(encoding="utf-8")), encoding="utf-8")
    checked = check([path])
    assert checked.sorted_findings() == []
    result = CliRunner().invoke(
        app, ["build", str(path), "-o", str(tmp_path / "out"), "-f", "html"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "323099-2024" / "323099-2024.html").is_file()


def schema_keys(node: dict[str, Any], defs: dict[str, Any], depth: int = 0) -> set[str]:
    """The property names of a schema, two levels down (sections and their keys)."""
    if "$ref" in node:
        node = {**defs[node["$ref"].rsplit("/", 1)[-1]], **node}
    keys = set(node.get("properties", {}))
    if depth < 1:
        for prop in node.get("properties", {}).values():
            keys |= schema_keys(prop.get("items", prop), defs, depth + 1)
    return keys


@pytest.mark.parametrize("kind", list(Kind))
def test_every_key_of_the_schema_is_written_or_offered_as_a_comment(kind: Kind) -> None:
    schema = load_schema(kind.value)
    text = render_source(kind, YEAR, "x.json")
    shown = set(re.findall(r"^\s*(?:#\s*)?(?:-\s*)?([a-z_0-9]+):", text, re.MULTILINE))
    assert schema_keys(schema, schema.get("$defs", {})) - shown == set()
    assert text.startswith("# yaml-language-server: $schema=x.json\n")


def test_a_section_added_to_the_schema_is_offered_in_a_new_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    schema = json.loads(json.dumps(load_schema("county")))
    schema["properties"]["publication"] = {
        "type": "object",
        "title": "公开安排",
        "description": "何时何处公开。",
        "properties": {"date": {"type": "string", "title": "公开日期"}},
    }
    monkeypatch.setattr("docgen.source.template.load_schema", lambda _: schema)
    text = render_source(Kind.county, YEAR, "x.json")
    assert "# publication:  # 公开安排：何时何处公开。" in text.split("\n")


def test_init_never_overwrites_a_file(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text("kind: unit\n", encoding="utf-8")
    result = init("unit", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert "already exists: not overwritten" in result.output
    assert path.read_text(encoding="utf-8") == "kind: unit\n"
    assert [p.name for p in tmp_path.iterdir()] == ["unit.yaml"]  # no temporary left


def test_a_county_started_with_init_validates_once_filled(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    department = folder / "101"
    department.mkdir(parents=True)
    for args in (("county", str(folder)), ("department", str(department))):
        assert init(*args).exit_code == 0
    assert init("unit", str(department / "101001.yaml")).exit_code == 0
    answers = {
        "county.yaml": {"部门文件": "101/department.yaml", "县（区）名称": "示例县"},
        "101/department.yaml": {
            "单位文件": "101001.yaml",
            "部门编码": "101",
            "部门全称": "示例县审计局",
        },
    }
    for name, given in answers.items():
        path = folder / name
        text = filled(path.read_text(encoding="utf-8"), {"区划代码": "131024", **given})
        path.write_text(text, encoding="utf-8")
    unit = department / "101001.yaml"
    given = {
        "区划代码": "131024",
        "单位编码": "101001",
        "项目编码": PROJECT,
        "主管部门": "示例县审计局",
    }
    unit.write_text(filled(unit.read_text(encoding="utf-8"), given), encoding="utf-8")
    checked = check([folder / "county.yaml"])
    assert [(f.location.file, f.code) for f in checked.sorted_findings()] == []
    assert len(checked.documents) == 2


def test_a_profile_is_written_into_a_new_unit(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    assert init("unit", str(path), "--profile", "mof-eight").exit_code == 0
    assert "profile: mof-eight" in path.read_text(encoding="utf-8").split("\n")
    refused = init("department", str(tmp_path / "d.yaml"), "--profile", "mof-eight")
    assert refused.exit_code == 2 and not (tmp_path / "d.yaml").exists()
    assert init("unit", str(tmp_path / "u.yaml"), "--profile", "nowhere").exit_code == 2


def test_the_schema_line_leads_to_the_schema(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    assert init("department", str(folder)).exit_code == 0
    first = (folder / "department.yaml").read_text(encoding="utf-8").split("\n", 1)[0]
    relative = first.removeprefix("# yaml-language-server: $schema=")
    schema = data_path("schemas", "department.schema.json")
    assert (folder / relative).resolve() == schema.resolve()
