"""The rule catalogue: both languages, documented in the README."""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

from conftest import REPO

from docgen.check import check
from docgen.messages import RULES
from docgen.source.load import read_source
from docgen.source.validate import validate_tree


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_rule_is_in_the_readme_table_with_its_severity() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (error|warning) \|", readme, re.MULTILINE))
    assert rows == {code: rule.severity.value for code, rule in RULES.items()}


def test_codes_are_kebab_case_and_messages_bilingual() -> None:
    for code, rule in RULES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)
        assert re.search("[\u4e00-\u9fff]", rule.zh), code
        assert re.search("[A-Za-z]{4}", rule.en), code
        shared = {f for f in fields(rule.zh) if not f.endswith("_zh")}
        assert shared - {"title"} <= fields(rule.en) | {"word", "amount"}, code


def test_the_readme_examples_are_valid_sources(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    county, unit, department = re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL)[:3]
    (tmp_path / "county.yaml").write_text(county, encoding="utf-8")
    source, findings = read_source(tmp_path / "county.yaml")
    assert findings == [] and source is not None and source.root is not None
    assert validate_tree(source.root) == []
    (tmp_path / "unit.yaml").write_text(unit, encoding="utf-8")
    folder = tmp_path / "323"
    shutil.copytree(REPO / "sample_data" / "323", folder)
    (folder / "department.yaml").write_text(department, encoding="utf-8")
    checked = check([tmp_path / "unit.yaml", folder / "department.yaml"])
    assert [(f.location.file, f.code) for f in checked.findings] == []
    assert len(checked.documents) == 2
