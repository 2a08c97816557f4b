"""The spending plan's checkpoints come from the profile: the seeds' 3/6/10/12月底, or quarters
(3/6/9/12月底) where a province's profile says so; a share given at another checkpoint is an
error at its line, and the project table heads its columns by the profile's checkpoints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, REPO, line_of, table

from docgen.check import Checked
from docgen.document.blocks import Table
from docgen.messages import render_message
from docgen.profiles import ProfileError, read_profile

Check = Callable[..., Checked]
HEBEI = REPO / "profiles" / "hebei-county.yaml"
QUARTERS = "checkpoints: [march, june, september, december]"


def quarterly_profile(folder: Path) -> None:
    """A county's own profile, the seeds' with quarters for checkpoints."""
    text = HEBEI.read_text(encoding="utf-8")
    assert "checkpoints: [march, june, october, december]" in text
    local = folder / "profiles"
    local.mkdir(parents=True, exist_ok=True)
    (local / "quarterly.yaml").write_text(
        text.replace("checkpoints: [march, june, october, december]", QUARTERS), "utf-8"
    )


QUARTERLY_UNIT = (
    CLEAN_UNIT.replace("kind: unit\n", "kind: unit\nprofile: quarterly\n")
    .replace("october: 60.00", "september: 60.00")
    .replace("october: 50.00", "september: 50.00")
)


def project_heads(checked: Checked) -> list[list[str]]:
    """The checkpoint row of each project table: the cells over the plan's percentages."""
    [document] = checked.documents
    found = []
    for _, section in document.document().walk():
        for block in section.blocks:
            if isinstance(block, Table) and block.spec == "project":
                rows = [row for group in block.body for row in group.rows]
                plan = next(i for i, row in enumerate(rows) if row[0].text == "资金支出计划（%）")
                found.append([cell.text for cell in rows[plan][1:]])
    return found


def test_the_seeds_profile_heads_the_plan_by_3_6_10_12(check_text: Check) -> None:
    checked = check_text(CLEAN_UNIT)
    assert table(checked.findings) == []
    assert set(map(tuple, project_heads(checked))) == {("3月底", "6月底", "10月底", "12月底")}


def test_a_quarterly_profile_heads_the_plan_by_quarters(check_text: Check, tmp_path: Path) -> None:
    quarterly_profile(tmp_path)
    checked = check_text(QUARTERLY_UNIT)
    assert table(checked.findings) == []
    assert set(map(tuple, project_heads(checked))) == {("3月底", "6月底", "9月底", "12月底")}


def test_a_share_at_a_checkpoint_the_profile_lacks_is_an_error_at_its_line(
    check_text: Check, tmp_path: Path
) -> None:
    quarterly_profile(tmp_path)
    text = QUARTERLY_UNIT.replace("september: 60.00", "october: 60.00")
    checked = check_text(text)
    line = line_of(text, "october: 60.00")
    column = text.splitlines()[line - 1].index("60.00") + 1
    assert table(checked.findings) == [(line, column, "plan-checkpoint-foreign")]
    message = render_message(checked.findings[0], "zh")
    assert "3月底、6月底、9月底、12月底" in message and "没有10月底" in message


def test_the_seeds_profile_has_no_september(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("october: 60.00", "september: 60.00")
    checked = check_text(text)
    assert [f.code for f in checked.findings] == ["plan-checkpoint-foreign"]
    assert checked.findings[0].location.line == line_of(text, "september: 60.00")


def test_a_blank_share_at_another_checkpoint_says_nothing(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("june: null,", "june: null, september: null,")
    assert "september: null" in text
    assert table(check_text(text).findings) == []


@pytest.mark.parametrize(
    "checkpoints",
    [
        "[march, june, december]",
        "[june, march, october, december]",
        "[march, june, october, september]",
        "[march, march, june, december]",
        "[march, june, july, december]",
    ],
)
def test_a_profile_whose_checkpoints_the_table_cannot_hold_is_refused(
    tmp_path: Path, checkpoints: str
) -> None:
    path = tmp_path / "bad.yaml"
    text = HEBEI.read_text(encoding="utf-8")
    path.write_text(text.replace("[march, june, october, december]", checkpoints), encoding="utf-8")
    with pytest.raises(ProfileError, match="checkpoints: four of"):
        read_profile(path)
