"""docgen import DISCLOSURE.txt: a legacy published disclosure read back into a source.

Seed 000 as published imports to a source whose every project and indicator row is the
published transcription's (`tests/fixtures/published/`), exact Decimals through docgen's own
model, and whose findings are the ones that transcription is known to have, each traced to the
line of the seed it came from; what cannot be mapped is kept with its place; bad input is
refused at its place with exit 1 and nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from typer.testing import CliRunner

from docgen.check import check
from docgen.cli import app
from docgen.findings import Finding
from docgen.source.load import read_source
from docgen.source.model import Project, Unit, build_model

EN = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US.UTF-8", "COLUMNS": "200"}
SEEDS = REPO / "tests" / "fixtures" / "seeds"
SEED_000 = SEEDS / "000_05b117f19e5843c3.txt"
SEED_001 = SEEDS / "001_81f36ab841f5be9f.txt"
PUBLISHED = REPO / "tests" / "fixtures" / "published"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env=EN, prog_name="docgen")


def unit_of(path: Path) -> Unit:
    source, findings = read_source(path)
    assert source is not None and source.root is not None, findings
    model = build_model(source.root, source.path, source.display)
    assert isinstance(model, Unit)
    return model


def project_facts(project: Project) -> tuple[Any, ...]:
    """A project as printed: code, name, amounts, plan, goals and every indicator row, each row
    with the basis it shows (its own, else the project's)."""
    shared = project.indicator_basis.value if project.indicator_basis else None
    rows = tuple(
        (
            row.level1.value,
            row.level2.value,
            row.name.value,
            row.description.value,
            row.value.value,
            row.basis.value if row.basis else shared,
        )
        for row in project.indicators
    )
    amounts = tuple(a.value if a else None for a in (project.amount, project.fiscal, project.other))
    plan = tuple((key, share.value if share else None) for key, share in project.plan.items())
    goals = tuple(goal.value for goal in project.goals)
    return (project.code.value, project.name.value, amounts, plan, goals, rows)


def said(finding: Finding) -> tuple[str, dict[str, str]]:
    """A finding's code and what its message says, but the file it names (`first`: where a
    duplicate name was first used)."""
    return finding.code, {k: v for k, v in finding.args.items() if k != "first"}


# -- seed 000, the unit ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_000(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    target = tmp_path_factory.mktemp("legacy") / "323005.yaml"
    result = invoke("import", str(SEED_000), "-o", str(target))
    assert result.exit_code == 1, result.output  # the seed has errors of its own
    return target, result.output


def test_seed_000_imports_every_project_and_indicator_row_as_published(
    seed_000: tuple[Path, str],
) -> None:
    imported = unit_of(seed_000[0])
    published = unit_of(PUBLISHED / "323005.yaml")
    assert len(imported.projects) == 19
    assert sum(len(p.indicators) for p in imported.projects) == 133
    assert [project_facts(p) for p in imported.projects] == [
        project_facts(p) for p in published.projects
    ]
    # The corrected sample agrees on every code, name and amount: only indicator cells and
    # texts were corrected there.
    sample = unit_of(REPO / "sample_data" / "323005.yaml")
    assert [project_facts(p)[:3] for p in imported.projects] == [
        project_facts(p)[:3] for p in sample.projects
    ]


def test_the_source_quotes_codes_and_keeps_the_printed_digits(seed_000: tuple[Path, str]) -> None:
    lines = seed_000[0].read_text(encoding="utf-8").splitlines()
    assert '  - code: "131024212WPP84MMFSEMX"' in lines
    assert "    amount: 5000.00" in lines  # 补助被征地农民支出, as its table prints it
    assert "    other: 0" in lines
    assert "    spending_plan: {march: null, june: null, october: null, december: 100.00}" in lines
    project = unit_of(seed_000[0]).projects[0]
    march = project.plan["march"]
    assert march is not None and str(march.value) == "20.00"
    assert project.amount is not None and str(project.amount.value) == "50.00"


def test_seed_000_has_the_findings_of_its_published_transcription(
    seed_000: tuple[Path, str],
) -> None:
    target, output = seed_000
    imported = check([target]).sorted_findings()
    published = check([PUBLISHED / "323005.yaml"]).sorted_findings()
    # The narrative sections are not imported yet: last year's figures, whose arithmetic
    # the seed gets wrong, are not in the source.
    budget = ("sum-mismatch", "change-mismatch")
    assert [said(f) for f in imported] == [said(f) for f in published if f.code not in budget]
    # Each finding is shown at the line of the seed its line came from: 100比率 is printed on
    # the seed's line 193, and the report says so before the finding.
    seed = SEED_000.read_text(encoding="utf-8").splitlines()
    assert seed[193 - 1] == "\t100比率"
    ratio = next(f for f in imported if f.code == "indicator-unit-ratio")
    assert f"original {SEED_000.name} line 193 → {ratio.location}" in output
    assert "problems of the original itself (39):" in output


def test_what_cannot_be_mapped_is_kept_with_its_place(seed_000: tuple[Path, str]) -> None:
    target, output = seed_000
    assert "  line 6: 按照《中华人民共和国预算法》" in output
    assert "  line 7: 一、单位职责及机构设置情况" in output
    assert "  line 1998: 我单位无其他需要说明的事项。" in output
    comments = target.read_text(encoding="utf-8").split(
        "# 原文中未导入的段落（原文位置：内容）：\n"
    )
    assert comments[1].startswith("#   第6行：按照《中华人民共和国预算法》")
    assert comments[1].endswith("#   第1998行：我单位无其他需要说明的事项。\n")


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"\n \n\t\n", "the file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a UTF-8 text file (NUL)"),
        ("gbk.txt", "一、单位职责".encode("gbk"), "not a UTF-8 text file (byte 3)"),
        ("prose.txt", "一段没有任何部分的文字。\n".encode(), "no section of a budget disclosure"),
    ],
    ids=["empty", "blank", "binary", "gbk", "prose"],
)
def test_bad_input_is_refused_at_its_place_and_nothing_is_written(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    original = tmp_path / name
    original.write_bytes(data)
    target = tmp_path / "out" / "unit.yaml"
    result = invoke("import", str(original), "-o", str(target))
    assert result.exit_code == 1
    assert result.output.startswith(f"docgen: {name}: {message}"), result.output
    assert "Traceback" not in result.output
    assert not target.exists()


def test_an_existing_source_is_overwritten_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "323005.yaml"
    target.write_text("kept\n", encoding="utf-8")
    refused = invoke("import", str(SEED_000), "-o", str(target))
    assert refused.exit_code == 1
    assert f"{target} already exists: not overwritten" in refused.output
    assert target.read_text(encoding="utf-8") == "kept\n"
    forced = invoke("import", str(SEED_000), "-o", str(target), "--force")
    assert forced.exit_code == 1, forced.output  # written; the seed's own errors remain
    assert unit_of(target).info.code.value == "323005"
