"""`docgen diff` between two commits of a budget repository reports exactly what changed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN_UNIT, REPO, edit, git
from test_department_tables import CONSOLIDATED, UNIT_TOTALS
from typer.testing import CliRunner

from docgen.cli import app
from docgen.history.diff import DiffSourceError, export_revision, revision_spec

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
UNIT_3 = "323/323003.yaml"
RENAMED = "劳动保障协理员补贴经费 | *加急*"


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The department sample at commit 1; commit 2 moves one project's budget by 5.00, changes
    one indicator target, renames one project and drops another."""
    folder = tmp_path / "budget"
    shutil.copytree(REPO / "sample_data" / "323", folder / "323")
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "预算")
    unit = folder / UNIT_3
    edit(unit, "    amount: 30.00\n    fiscal: 30.00", "    amount: 35.00\n    fiscal: 35.00")
    edit(unit, '        value: "100%"', '        value: "≥98%"')
    edit(folder / "323/323001.yaml", "    name: 劳动保障协理员补贴经费", f'    name: "{RENAMED}"')
    last = folder / "323/323004.yaml"
    text = last.read_text(encoding="utf-8")
    last.write_text(text[: text.index('  - code: "13020922P000CDP10005W"')], encoding="utf-8")
    git(folder, "commit", "-q", "-am", "调整")
    monkeypatch.chdir(folder)
    return folder


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["diff", "--lang", "en", *args])
    return result.exit_code, result.output


def run_json(*args: str) -> tuple[int, Any]:
    """The report alone (stdout): the findings of a side with errors go to stderr."""
    result = CliRunner().invoke(app, ["diff", "--lang", "en", "--report", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def test_a_folder_between_two_commits_in_json(repository: Path) -> None:
    code, output = run("--rev", "HEAD~1..HEAD", "323", "--format", "json")
    assert code == 0
    report = json.loads(output)
    assert report["changed"] is True
    documents = {d["slug"]: d for d in report["documents"]}
    assert set(documents) == {"323-2022", "323001-2022", "323003-2022", "323004-2022"}

    unit = documents["323003-2022"]
    assert unit["figures"] == [
        {
            "what": "项目 13020922P00020210001U：预算数",
            "old": "30.00",
            "new": "35.00",
            "delta": "+5.00",
        },
        {
            "what": "项目 13020922P00020210001U：财政资金",
            "old": "30.00",
            "new": "35.00",
            "delta": "+5.00",
        },
    ]
    assert unit["texts"] == [
        {
            "what": "项目 13020922P00020210001U 指标 产出指标/质量指标/享受小额担保贷款贴息人数：指标值",
            "old": "100%",
            "new": "≥98%",
        }
    ]
    assert unit["totals"] == [
        {"what": "项目支出", "old": "250.00", "new": "255.00", "delta": "+5.00"}
    ]

    renamed = documents["323001-2022"]
    assert renamed["projects_renamed"] == [
        {"code": "13020922P00048310001T", "old": "劳动保障协理员补贴经费", "new": RENAMED}
    ]
    assert renamed["figures"] == [] and renamed["totals"] == []

    dropped = documents["323004-2022"]
    assert [p["code"] for p in dropped["projects_removed"]] == ["13020922P000CDP10005W"]
    removed_amount = next(f for f in dropped["totals"] if f["what"] == "项目支出")
    assert removed_amount["delta"].startswith("-")
    assert {"what": "项目个数", "old": "5", "new": "4", "delta": "-1"} in dropped["totals"]

    department = documents["323-2022"]
    moved = total([f["delta"] for f in department["totals"] if f["what"] == "项目支出"])
    assert moved == total(["+5.00", removed_amount["delta"]])
    assert report["county"] == department["totals"]


def total(values: list[str]) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal(0))


def test_one_file_against_its_last_commit_in_markdown(repository: Path) -> None:
    code, output = run(f"HEAD~1:{UNIT_3}", f"HEAD:{UNIT_3}", "--format", "markdown")
    assert code == 0
    lines = output.splitlines()
    assert lines[0] == f"### HEAD~1:{UNIT_3} → HEAD:{UNIT_3}"
    assert "| 项目 13020922P00020210001U：预算数 | 30.00 | 35.00 | +5.00 |" in lines
    assert "| computed totals：项目支出 | 250.00 | 255.00 | +5.00 |" in lines
    assert not any("county" in line for line in lines)  # one unit: its totals say it all


def test_markdown_keeps_source_text_as_text(repository: Path) -> None:
    code, output = run("--rev", "HEAD~1..HEAD", "323", "--format", "markdown")
    assert code == 0
    row = next(line for line in output.splitlines() if "13020922P00048310001T" in line)
    assert "劳动保障协理员补贴经费 \\| \\*加急\\*" in row
    assert row.count(" | ") == 3  # four cells: the pipe in the name did not add one


def test_the_terminal_table_and_the_exit_code(repository: Path) -> None:
    code, output = run("--rev", "HEAD~1..HEAD", "323", "--exit-code")
    assert code == 1
    assert "30.00" in output and "35.00" in output and "+5.00" in output
    same, said = run("--rev", "HEAD..HEAD", "323", "--exit-code")
    assert same == 0
    assert "No figure or indicator changed." in said


def test_the_working_tree_against_a_commit(repository: Path) -> None:
    edit(
        repository / UNIT_3,
        "    amount: 35.00\n    fiscal: 35.00",
        "    amount: 36.00\n    fiscal: 36.00",
    )
    code, output = run(f"HEAD:{UNIT_3}", UNIT_3, "--format", "json")
    assert code == 0
    figures = json.loads(output)["documents"][0]["figures"]
    assert [f["delta"] for f in figures] == ["+1.00", "+1.00"]


def test_a_figure_that_moves_no_total_is_still_a_change(tmp_path: Path) -> None:
    # 机关运行经费 is stated beside the budget, not summed into it: no computed total moves.
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(CLEAN_UNIT, encoding="utf-8")
    new.write_text(CLEAN_UNIT.replace("  amount: 8.00", "  amount: 7.50", 1), encoding="utf-8")
    code, output = run(str(old), str(new), "--format", "json")
    assert code == 0
    document = json.loads(output)["documents"][0]
    assert document["figures"] == [
        {"what": "机关运行经费", "old": "8.00", "new": "7.50", "delta": "-0.50"}
    ]
    assert document["totals"] == []
    code, output = run(str(old), str(new), "--exit-code")
    assert code == 1
    assert "No figure or indicator changed." not in output


def test_a_bad_revision_is_a_clear_error(repository: Path) -> None:
    command = [sys.executable, "-m", "docgen", "diff", "nosuchrev:323/323003.yaml", UNIT_3]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("docgen: ") and "nosuchrev" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_folder_outside_the_repository_is_named_with_the_repository(repository: Path) -> None:
    # `docgen diff --rev A..B FOLDER` reads FOLDER from the repository it is run in.
    assert revision_spec("HEAD~1", repository / "323") == "HEAD~1:323"
    outside = repository.parent / "elsewhere"
    outside.mkdir()
    with pytest.raises(DiffSourceError) as raised:
        revision_spec("HEAD~1", outside)
    assert str(raised.value) == f"{outside} is not inside the git repository {repository}"


def test_a_revision_outside_any_repository_names_the_git_command_that_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DiffSourceError) as raised:
        revision_spec("HEAD", tmp_path)
    assert str(raised.value).startswith(
        "git rev-parse --show-toplevel: fatal: not a git repository"
    )


def test_a_revisions_path_is_from_the_top_unless_it_starts_with_dot_slash(
    repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As git reads REV:path: `./` starts from the folder it is run in, anything else from the top.
    monkeypatch.chdir(repository / "323")
    for number, path in enumerate(("./323003.yaml", "323/323003.yaml")):
        into = tmp_path / f"side{number}"
        into.mkdir()
        old = export_revision("HEAD~1", path, into)
        assert old == into / UNIT_3
        assert "    amount: 30.00\n    fiscal: 30.00" in old.read_text(encoding="utf-8")


def exported(repository: Path, tmp_path: Path, path: str) -> tuple[Path, list[str]]:
    """`path` at HEAD read from git with a file beside the department's folder committed: where
    it is, and every file the export holds."""
    (repository / "README.md").write_text("预算\n", encoding="utf-8")
    git(repository, "add", "README.md")
    git(repository, "commit", "-q", "-m", "说明")
    into = tmp_path / "side"
    into.mkdir()
    found = export_revision("HEAD", path, into)
    return found, sorted(p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file())


def test_a_file_is_read_from_a_revision_with_its_folder_alone(
    repository: Path, tmp_path: Path
) -> None:
    # A department's units sit beside it: its folder comes with it, and nothing around it.
    found, files = exported(repository, tmp_path, "323/department.yaml")
    assert found == tmp_path / "side" / "323" / "department.yaml"
    assert files == sorted(f"323/{p.name}" for p in (repository / "323").iterdir() if p.is_file())
    assert "README.md" not in files and "323/323001.yaml" in files


def test_a_folder_is_read_from_a_revision_with_what_it_holds_alone(
    repository: Path, tmp_path: Path
) -> None:
    found, files = exported(repository, tmp_path, "323")
    assert found == tmp_path / "side" / "323"
    assert found.is_dir() and "README.md" not in files and "323/323001.yaml" in files


def test_a_path_a_revision_does_not_hold_is_named_with_the_revision(
    repository: Path, tmp_path: Path
) -> None:
    with pytest.raises(DiffSourceError) as raised:
        export_revision("HEAD~1", "323/nosuch.yaml", tmp_path)
    assert str(raised.value).startswith("HEAD~1:323/nosuch.yaml: ")


def test_a_revision_git_cannot_archive_is_named_with_the_revision(
    repository: Path, tmp_path: Path
) -> None:
    # A unit's contents missing from the object store (a partial clone, a damaged repository):
    # the commit and its folder resolve, the archive of the folder cannot be written.
    blob = git(repository, "rev-parse", f"HEAD:{UNIT_3}").strip()
    (repository / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    with pytest.raises(DiffSourceError) as raised:
        export_revision("HEAD", "323", tmp_path)
    assert str(raised.value).startswith("HEAD:323: ")
    assert blob in str(raised.value)  # git's own words: the object it could not read


def test_a_link_out_of_a_revisions_folder_is_refused_with_the_side_named(
    repository: Path, tmp_path: Path
) -> None:
    # A repository is input like a source: a link it commits to a file outside is not followed,
    # and is bad input (exit 1), not an internal error.
    (repository / "323" / "link.yaml").symlink_to("/etc/passwd")
    git(repository, "add", "323/link.yaml")
    git(repository, "commit", "-q", "-m", "链接")
    into = tmp_path / "side"
    into.mkdir()
    with pytest.raises(DiffSourceError) as raised:
        export_revision("HEAD", "323", into)
    assert str(raised.value).startswith("HEAD:323: ")
    assert "link.yaml" in str(raised.value)
    assert not (into / "323" / "link.yaml").is_symlink()


@pytest.fixture
def changed_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The full sample unit committed, then a commit that changes its stated 基本支出 only."""
    folder = tmp_path / "budget"
    folder.mkdir()
    shutil.copy(REPO / "sample_data" / "323005.yaml", folder / "323005.yaml")
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "预算")
    edit(folder / "323005.yaml", "  basic_total: 1461.85", "  basic_total: 1462.85")
    git(folder, "commit", "-q", "-am", "改基本支出")
    monkeypatch.chdir(folder)
    return folder


def test_a_changed_stated_total_is_reported_with_the_new_sides_errors(changed_total: Path) -> None:
    code, report = run_json("HEAD~1:323005.yaml", "HEAD:323005.yaml")
    assert code == 1  # the new side has an error
    assert report["errors"] == {"old": 0, "new": 1}
    [document] = report["documents"]
    assert (document["status"], document["figures"], document["totals"]) == (
        "changed",
        [{"what": "支出：基本支出（原文）", "old": "1461.85", "new": "1462.85", "delta": "+1.00"}],
        [],
    )


def test_the_text_report_says_the_new_side_has_errors(changed_total: Path) -> None:
    result = CliRunner().invoke(app, ["diff", "--lang", "zh", "HEAD~1:323005.yaml", "323005.yaml"])
    assert result.exit_code == 1
    lines = [line.strip("│ ") for line in result.stdout.splitlines()]
    assert "数字和指标没有变化。" not in result.stdout
    assert (
        lines[1]
        == "注意：新版本有1个错误（见上方）：其数字未通过核对，格式有错、无法读出的文件未作"
    )
    assert "支出：基本支出（原文） │ 1461.85 │ 1462.85 │ +1.00" in lines
    assert result.stderr.startswith("323005.yaml:24:16: 错误[sum-mismatch] 基本支出（人员+公用）")


def test_a_new_side_that_cannot_be_read_is_not_said_to_be_removed(changed_total: Path) -> None:
    edit(changed_total / "323005.yaml", "  basic_total: 1462.85", "  basic_total: [1462.85")
    code, output = run("HEAD~1:323005.yaml", "323005.yaml", "--report", "markdown")
    assert code == 1
    lines = output.splitlines()
    assert lines[lines.index("### HEAD~1:323005.yaml → 323005.yaml") :][:7] == [
        "### HEAD~1:323005.yaml → 323005.yaml",
        "",
        "**Note: the new side has 1 error(s) (listed above): its figures do not pass the checks, "
        "and a file that cannot be read is not compared.**",
        "",
        "#### unit 323005-2021 香河县社会保险事业管理所（has errors, not compared）",
        "",
        "| what | old | new | change |",
    ]
    assert "removed" not in output


def test_stated_changes_and_a_departments_stated_figures_are_compared(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(REPO / "sample_data" / "323", old)
    with (old / "department.yaml").open("a", encoding="utf-8") as department:
        department.write("stated:\n  projects: 14621.20\n")
    shutil.copytree(old, new)
    edit(new / "department.yaml", "  projects: 14621.20", "  projects: 14621.00")
    unit = REPO / "sample_data" / "323005.yaml"
    (tmp_path / "a.yaml").write_text(unit.read_text(encoding="utf-8"), encoding="utf-8")
    changed = unit.read_text(encoding="utf-8").replace(
        "    overseas: {word: 持平, amount: 0.00}", "    overseas: {word: 无增减, amount: 0.00}", 1
    )
    (tmp_path / "b.yaml").write_text(changed, encoding="utf-8")
    code, output = run(
        str(old / "department.yaml"), str(new / "department.yaml"), "--format", "json"
    )
    assert code == 1
    [document] = json.loads(output[output.index("{") :])["documents"]
    assert document["figures"] == [
        {"what": "项目支出（原文）", "old": "14621.20", "new": "14621.00", "delta": "-0.20"}
    ]
    code, output = run(str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--format", "json")
    assert code == 0
    [document] = json.loads(output)["documents"]
    assert document["texts"] == [
        {
            "what": "“三公”经费比上年增减：因公出国（境）费用词（原文）",
            "old": "持平",
            "new": "无增减",
        }
    ]


def test_a_departments_rows_by_unit_are_compared_without_unit_files(tmp_path: Path) -> None:
    # the two units' 基本支出 and 项目支出 change places by 10.00: no figure of the department's own
    # moves, so before the rows were compared the diff saw no change at all
    text = CONSOLIDATED + UNIT_TOTALS
    old, new = tmp_path / "old" / "department.yaml", tmp_path / "new" / "department.yaml"
    for path, basic in ((old, "100.00"), (new, "90.00")):
        path.parent.mkdir()
        row = f"basic: {basic}, projects: {Decimal(180) - Decimal(basic):.2f}, expenditure_total"
        path.write_text(
            text.replace("basic: 100.00, projects: 80.00, expenditure_total", row).replace(
                "basic: 40.00, projects: 80.00", "basic: 50.00, projects: 70.00"
            )
            if basic == "90.00"
            else text,
            encoding="utf-8",
        )
    code, report = run_json(str(old), str(new))
    assert code == 0
    [document] = report["documents"]
    assert [(f["what"], f["old"], f["new"]) for f in document["figures"]] == [
        ("部门预算按单位汇总：323001：基本支出", "100.00", "90.00"),
        ("部门预算按单位汇总：323001：项目支出", "80.00", "90.00"),
        ("部门预算按单位汇总：323002：基本支出", "40.00", "50.00"),
        ("部门预算按单位汇总：323002：项目支出", "80.00", "70.00"),
    ]
    assert document["totals"] == []


def test_a_classified_line_of_the_standard_tables_is_compared(tmp_path: Path) -> None:
    text = (REPO / "sample_data" / "323005.yaml").read_text(encoding="utf-8")
    line = "source: general_budget, personnel: 180.00}"
    assert line in text
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text.replace(line, line.replace("180", "181")), "utf-8")
    code, report = run_json(str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert code == 1  # the lines no longer agree with the 人员经费 stated above them
    [document] = report["documents"]
    assert document["figures"] == [
        {
            "what": "功能分类 2080505（一般公共预算）：人员经费",
            "old": "180.00",
            "new": "181.00",
            "delta": "+1.00",
        }
    ]
