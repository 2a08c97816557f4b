"""`docgen diff` compares what the documents print: a total one side states for its checks and
the other leaves to docgen, or an indicator basis written once for the project on one side and
on each row on the other, prints the same document and is no change."""

from __future__ import annotations

from pathlib import Path

from conftest import CLEAN_UNIT

from docgen.history.diff import Diff, diff_paths


def diff_texts(tmp_path: Path, old: str, new: str) -> Diff:
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    return diff_paths(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))[0]


def test_a_total_stated_on_one_side_only_is_no_change(tmp_path: Path) -> None:
    assert CLEAN_UNIT.count("  basic_total: 70.00\n") == 1
    unstated = CLEAN_UNIT.replace("  basic_total: 70.00\n", "")
    assert not diff_texts(tmp_path, CLEAN_UNIT, unstated).documents
    assert not diff_texts(tmp_path, unstated, CLEAN_UNIT).documents


def test_a_stated_total_changed_on_both_sides_is_still_a_change(tmp_path: Path) -> None:
    new = CLEAN_UNIT.replace("personnel: 60.00", "personnel: 61.00").replace(
        "basic_total: 70.00", "basic_total: 71.00"
    )
    (document,) = diff_texts(tmp_path, CLEAN_UNIT, new).documents
    stated = [f for f in document.figures if f.label == "支出：基本支出（原文）"]
    assert [(str(f.old), str(f.new)) for f in stated] == [("70.00", "71.00")]


def test_an_indicator_basis_moved_from_the_project_to_its_rows_is_no_change(
    tmp_path: Path,
) -> None:
    rows = "value: 12次}", "value: ≥95%}"
    new = CLEAN_UNIT.replace("    indicator_basis: 年度工作计划\n", "", 1)
    for row in rows:
        assert new.count(row) == 1
        new = new.replace(row, row[:-1] + ", basis: 年度工作计划}")
    shared_left = diff_texts(tmp_path, CLEAN_UNIT, new)
    (document,) = shared_left.documents  # the other rows lost the shared basis: changed
    assert {change.label.rsplit("/", 1)[-1] for change in document.texts} == {
        "完成时间：指标值确定依据",
        "控制数：指标值确定依据",
        "效果：指标值确定依据",
        "满意度：指标值确定依据",
    }
    every_row = CLEAN_UNIT.replace("    indicator_basis: 年度工作计划\n", "", 1)
    start = every_row.index('code: "131024210000000000001"')
    end = every_row.index('code: "131024210000000000002"')
    block = every_row[start:end].replace("value: 12次}", "value: 12次, basis: 年度工作计划}")
    for value in ("≥95%", "12月", "≤2.5万元/月", "有所提升", "≥90%"):
        block = block.replace(f"value: {value}}}", f"value: {value}, basis: 年度工作计划}}")
    every_row = every_row[:start] + block + every_row[end:]
    assert not diff_texts(tmp_path, CLEAN_UNIT, every_row).documents


def test_other_funds_left_out_and_written_as_zero_are_no_change(tmp_path: Path) -> None:
    project_2 = "    fiscal: 50.00\n    funding_source: government_fund"
    assert CLEAN_UNIT.count(project_2) == 1
    zero = CLEAN_UNIT.replace(
        project_2, "    fiscal: 50.00\n    other: 0.00\n    funding_source: government_fund"
    )
    assert not diff_texts(tmp_path, CLEAN_UNIT, zero).documents
