"""Special files among the sources: a FIFO, a device, links out of the folder. Only regular files
are read, boundedly, and a link leaving its folder is refused before anything of it is read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from make_county import make_county

SECRET = "机密：不得外传的内容"


def docgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """docgen in its own process, with a timeout: the old code hung forever on a FIFO."""
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args, "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=cwd,
    )


def test_a_fifo_named_yaml_is_refused_not_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "a.yaml").write_text(CLEAN_UNIT, encoding="utf-8")
    os.mkfifo(folder / "b.yaml")
    result = docgen("validate", str(folder))
    assert result.returncode == 1, result.stderr
    assert f"{folder / 'b.yaml'}:1:1: error[file-unreadable] cannot read the file: a FIFO" in (
        result.stdout
    )


def test_build_all_finishes_past_a_fifo_and_a_device(tmp_path: Path) -> None:
    folder, out = tmp_path / "county", tmp_path / "out"
    make_county(folder, 2, seed=5)
    os.mkfifo(folder / "101" / "fifo.yaml")
    (folder / "101" / "zero.yaml").symlink_to("/dev/zero")
    result = docgen("build-all", str(folder), "-o", str(out), "-f", "html", "-j", "1")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{folder / '101' / 'fifo.yaml'}:1:1: error[file-unreadable]" in result.stdout
    assert f"{folder / '101' / 'zero.yaml'}:1:1: error[file-link-outside]" in result.stdout
    assert len(list(out.glob("*/*.html"))) == 3  # the two units and their department


def test_a_link_to_dev_zero_is_not_read_to_the_end(tmp_path: Path) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    result = docgen("validate", str(tmp_path / "zero.yaml"))
    assert result.returncode == 1
    assert "error[file-link-outside]" in result.stdout


def test_a_device_named_directly_is_not_read(tmp_path: Path) -> None:
    result = docgen("validate", "/dev/zero")
    assert result.returncode == 1
    assert "error[file-unreadable] cannot read the file: a device, not a file" in result.stdout


def test_last_years_source_may_not_be_a_device(tmp_path: Path) -> None:
    text = CLEAN_UNIT.replace("last_year:\n", 'last_year:\n  source: "/dev/zero"\n', 1)
    (tmp_path / "unit.yaml").write_text(text, encoding="utf-8")
    result = docgen("validate", str(tmp_path / "unit.yaml"))
    assert result.returncode == 1
    assert "error[last-year-source-unreadable]" in result.stdout
    assert "a device, not a file" in result.stdout


def test_a_link_out_of_the_folder_is_refused_and_nothing_of_it_is_quoted(tmp_path: Path) -> None:
    """The old code followed the link and quoted the secret file's lines in its findings."""
    secret = tmp_path / "private" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(f"kind: unit\nnote: {SECRET}\n", encoding="utf-8")
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "unit.yaml").symlink_to(secret)
    result = docgen("validate", str(folder))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{folder / 'unit.yaml'}:1:1: error[file-link-outside] the file is a link to outside its "
        f"folder ({secret}); not read: put the file itself here",
        "1 error, 0 warnings",
    ]
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize("target", ["unit.yaml", "sub/unit.yaml"])
def test_a_link_inside_its_folder_is_read(tmp_path: Path, target: str) -> None:
    real = tmp_path / target
    real.parent.mkdir(parents=True, exist_ok=True)
    real.write_text(CLEAN_UNIT, encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(real)
    result = docgen("validate", str(tmp_path / "link.yaml"))
    assert (result.returncode, result.stdout.strip()) == (0, "no problems found")
