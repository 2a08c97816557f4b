"""A read-only output folder and a full disk: findings for the files concerned, the summary
printed, exit 1 (not 3), and nothing already written lost, the manifest included."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.batch.manifest import MANIFEST_NAME

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from make_county import make_county

needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="mounting a small tmpfs (a disk that fills up) needs root"
)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def build_all(folder: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "docgen", "build-all", str(folder), "-o", str(out)]
    return subprocess.run(
        [*command, "-f", "html,docx", "-j", "1", "--lang", "en", *extra],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def assert_reported(result: subprocess.CompletedProcess[str], out: Path) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stdout.count("error[output-unwritable]") >= 3  # each document, the index
    assert f"{out / 'index.html'}:1:1: error[output-unwritable]" in result.stdout
    assert (out / MANIFEST_NAME).is_file()
    assert "status" in result.stdout  # the summary table


def test_a_read_only_output_folder_is_reported_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    make_county(folder, 2, seed=6)
    if os.geteuid() == 0:  # root writes anywhere: a folder mounted read-only
        with tmpfs(tmp_path / "out", "16m") as out:
            assert build_all(folder, out).returncode == 0
            before = snapshot(out)
            subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
            result = build_all(folder, out, "--force")
            assert_reported(result, out)
            assert snapshot(out) == before
        return
    out = tmp_path / "out"
    assert build_all(folder, out).returncode == 0
    before = snapshot(out)
    for path in [out, *(p for p in out.rglob("*") if p.is_dir())]:
        path.chmod(0o555)
    try:
        result = build_all(folder, out, "--force")
    finally:
        for path in [out, *(p for p in out.rglob("*") if p.is_dir())]:
            path.chmod(0o755)
    assert_reported(result, out)
    assert snapshot(out) == before


@needs_root
def test_a_full_disk_is_reported_and_loses_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    make_county(folder, 2, seed=6)
    with tmpfs(tmp_path / "out", "16m") as out:
        assert build_all(folder, out).returncode == 0
        before = snapshot(out)
        with contextlib.suppress(OSError), (out / "filler").open("wb") as filler:
            while True:  # until the disk is full
                filler.write(b"\0" * 65536)
                filler.flush()
        result = build_all(folder, out, "--force")
        assert_reported(result, out)
        assert "No space left on device" in result.stdout
        (out / "filler").unlink()
        assert snapshot(out) == before
        assert build_all(folder, out).returncode == 0  # room again: the next run catches up
