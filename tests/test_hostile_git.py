"""Hostile input that reaches git: a source's text and a typed revision are never git options."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, git

from docgen.provenance import GitObjectError, read_blob, resolve_object

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def unit_naming(source: str) -> str:
    return CLEAN_UNIT.replace("last_year:\n", f'last_year:\n  source: "{source}"\n', 1)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A budget repository with a committed folder named `o:..`, beside a file it must not touch:
    `git show --output=o:../../../../victim.txt` would write through that folder to it."""
    (tmp_path / "victim.txt").write_text("不可改写\n", encoding="utf-8")
    folder = tmp_path / "repo" / "unit" / "o:.."
    folder.mkdir(parents=True)
    (folder / "keep").write_text("x\n", encoding="utf-8")
    unit = tmp_path / "repo" / "unit" / "u.yaml"
    unit.write_text(unit_naming("--output=o:../../../../victim.txt"), encoding="utf-8")
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", ".")
    git(tmp_path / "repo", "commit", "-q", "-m", "2021年预算")
    return tmp_path / "repo"


def test_an_option_in_last_years_source_is_a_revision_git_cannot_find(repository: Path) -> None:
    """The pre-commit hook runs `docgen validate` on the unit: nothing outside is written."""
    victim = repository.parent / "victim.txt"
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "validate", "--lang", "en", "u.yaml"],
        cwd=repository / "unit",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "error[last-year-source-unreadable]" in result.stdout
    assert "invalid object name '--output=o'" in result.stdout
    assert victim.read_text(encoding="utf-8") == "不可改写\n"
    assert sorted(p.name for p in repository.parent.iterdir()) == ["repo", "victim.txt"]


def test_a_revision_is_resolved_to_an_object_id_before_use(repository: Path) -> None:
    unit = repository / "unit"
    oid = resolve_object(unit, "HEAD:./u.yaml")
    assert len(oid) == 40 and int(oid, 16) >= 0
    assert read_blob(unit, "HEAD:./u.yaml", 10_000).decode("utf-8").startswith("kind: unit")
    with pytest.raises(GitObjectError, match="not a file"):
        read_blob(unit, "HEAD:./o:..", 10_000)
    with pytest.raises(GitObjectError, match="larger than 100 bytes"):
        read_blob(unit, "HEAD:./u.yaml", 100)
    for spec in ("--output=../../victim.txt", "--remote=x", "-h", "--all"):
        with pytest.raises(GitObjectError):
            resolve_object(unit, spec)
    assert (repository.parent / "victim.txt").read_text(encoding="utf-8") == "不可改写\n"


def test_diff_takes_an_option_as_a_revision_name(repository: Path) -> None:
    """`docgen diff --rev A..B` in CI, with A from a branch name: `--output=…` is no option
    for git archive."""
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "diff", "--rev=--output=../../victim.txt..", "unit"],
        cwd=repository,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert (repository.parent / "victim.txt").read_text(encoding="utf-8") == "不可改写\n"
    assert sorted(p.name for p in repository.parent.iterdir()) == ["repo", "victim.txt"]
