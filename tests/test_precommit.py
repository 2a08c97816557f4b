"""The pre-commit hook, run by pre-commit itself on a temporary budget repository: a commit with
a one-cent error is rejected, a clean one goes through."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GIT_ENV, REPO

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (REPO / ".git").exists(),
    reason="needs git and docgen's own repository",
)


def run(folder: Path, command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=folder, capture_output=True, text=True, env=env, check=False, timeout=900
    )


def test_the_hook_rejects_a_one_cent_error_and_accepts_a_clean_commit(tmp_path: Path) -> None:
    env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "LANG": "C.UTF-8",
    }
    revision = run(REPO, ["git", "rev-parse", "HEAD"], env).stdout.strip()
    budget = tmp_path / "budget"
    shutil.copytree(REPO / "sample_data" / "323", budget / "2022" / "323")
    (budget / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {revision}\n    hooks:\n      - id: docgen-validate\n",
        encoding="utf-8",
    )
    for command in (["git", "init", "-q"], [*PRE_COMMIT, "install"], ["git", "add", "."]):
        assert run(budget, command, env).returncode == 0
    clean = run(budget, ["git", "commit", "-q", "-m", "2022年预算"], env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    said = clean.stdout + clean.stderr
    assert "docgen validate" in said and "Passed" in said

    unit = budget / "2022" / "323" / "323003.yaml"
    text = unit.read_text(encoding="utf-8")
    assert "    amount: 30.00\n" in text
    unit.write_text(text.replace("    amount: 30.00\n", "    amount: 30.01\n", 1), encoding="utf-8")
    head = run(budget, ["git", "rev-parse", "HEAD"], env).stdout
    broken = run(budget, ["git", "commit", "-q", "-am", "改一分钱"], env)
    said = broken.stdout + broken.stderr
    assert broken.returncode != 0
    assert "Failed" in said, said
    assert "2022/323/323003.yaml:" in said and "30.01" in said
    assert run(budget, ["git", "rev-parse", "HEAD"], env).stdout == head  # nothing committed
