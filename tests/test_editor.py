"""The editor and docgen agree: whatever the JSON Schema refuses in an editor, docgen refuses.

An editor's YAML language server reads a source by YAML 1.2's core schema (an unquoted 401003
is a number, a quoted "50.00" is text) and checks the result against `schemas/`. The oracle
here does the same with the jsonschema package, on the samples and on edge cases.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from docgen.cli import app
from docgen.source.load import MapNode, Node, SeqNode, read_source
from docgen.source.validate import load_schema, validate_tree
from docgen.terms import Kind

CORE_INT = re.compile(r"[-+]?[0-9]+\Z")
CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
SAMPLE = (REPO / "sample_data" / "323005.yaml").read_text(encoding="utf-8")
# A schema's $id: the project, the version of the schemas, the schema's own file.
SCHEMA_ID = re.compile(
    r"https://docgen\.invalid/schemas/(?P<version>[0-9]+)/(?P<file>[a-z]+\.schema\.json)"
)
MODELINE = "# yaml-language-server: $schema="


def as_editor_reads(node: Node) -> Any:
    """YAML 1.2 core schema resolution of the plain scalars, as the language server does."""
    if isinstance(node, MapNode):
        return {key: as_editor_reads(value) for key, value in node.items()}
    if isinstance(node, SeqNode):
        return [as_editor_reads(value) for value in node]
    text = str(node)
    if not node.plain:
        return text
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower() == "true"
    if CORE_INT.match(text):
        return int(text)
    if CORE_FLOAT.match(text):
        return float(text)
    return text


def refused(path: Path) -> tuple[bool, bool]:
    """(docgen refuses, the editor refuses) the file, by its schema."""
    source, findings = read_source(path)
    assert findings == [] and source is not None and source.root is not None
    kind = str(source.root["kind"])
    editor = Draft202012Validator(load_schema(kind)).iter_errors(as_editor_reads(source.root))
    return bool(validate_tree(source.root)), any(True for _ in editor)


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (REPO / "sample_data").rglob("*.yaml")),
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_both_accept_every_sample(path: Path) -> None:
    assert refused(path) == (False, False)


@pytest.mark.parametrize(
    ("old", "new", "docgen", "editor"),
    [
        ('  code: "323005"', "  code: 323005", True, True),  # a code is text
        ('  code: "323005"', "  code: 0323005", True, True),  # the editor drops the zero
        ('  code: "323005"', "  code: 323005.0", True, True),  # a spreadsheet's code
        ('  code: "323005"', "  code: '0323005'", False, False),
        ('division_code: "131024"', "division_code: 131024", True, True),
        ('  - code: "131024212WPP84MMFSEMX"', "  - code: 131024212WPP84MMFSEMX", False, False),
        ('  - code: "131024212WPP84MMFSEMX"', "  - code: 131024212000000000001", True, True),
        ("  general_budget: 23421.85", '  general_budget: "23421.85"', True, True),
        ("year: 2021", 'year: "2021"', True, True),
        ("  nature: 事业", "  nature: 2", True, True),
        ("  nature: 事业", "  nature: TRUE", True, True),
        ("  nature: 事业", "  nature: FALSE", True, True),
        ('        value: "100%"', "        value: 100", True, True),
        ('        value: "100%"', "        value: 100%", False, False),
        # Stricter than the editor, which reads these as the numbers they resemble: docgen
        # takes an amount only as decimal digits, and no more than two decimals.
        ("  general_budget: 23421.85", "  general_budget: 2.342185e4", True, False),
        ("  general_budget: 23421.85", "  general_budget: 23421.850001", True, False),
    ],
)
def test_docgen_refuses_what_the_editor_refuses(
    tmp_path: Path, old: str, new: str, docgen: bool, editor: bool
) -> None:
    assert old in SAMPLE
    path = tmp_path / "323005.yaml"
    path.write_text(SAMPLE.replace(old, new, 1), encoding="utf-8")
    assert refused(path) == (docgen, editor)


def test_every_schema_has_an_id_of_its_own_naming_its_version() -> None:
    schemas = sorted((REPO / "schemas").glob("*.json"))
    ids = {path.name: json.loads(path.read_text(encoding="utf-8"))["$id"] for path in schemas}
    assert len(set(ids.values())) == len(ids) == len(Kind)
    found = {name: SCHEMA_ID.fullmatch(value) for name, value in ids.items()}
    assert {name: match["file"] if match else None for name, match in found.items()} == {
        name: name for name in ids
    }
    assert len({match["version"] for match in found.values() if match}) == 1


@pytest.mark.parametrize("kind", list(Kind), ids=str)
def test_a_new_sources_schema_line_leads_to_its_kinds_schema(tmp_path: Path, kind: Kind) -> None:
    folder = tmp_path / "2024" / "101"
    folder.mkdir(parents=True)
    assert CliRunner().invoke(app, ["init", kind.value, str(folder)]).exit_code == 0
    (written,) = folder.iterdir()
    first = written.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith(MODELINE)
    schema = folder / first.removeprefix(MODELINE)
    assert schema.is_file()
    assert json.loads(schema.read_text(encoding="utf-8"))["$id"] == load_schema(kind.value)["$id"]
    assert schema.name == f"{kind.value}.schema.json"
