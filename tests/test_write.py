"""Writing outputs (docgen/write.py): names from the data made safe, files written atomically
with the usual mode, and the temporaries of a killed run swept."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, write

from docgen.batch.run import build_county
from docgen.batch.workers import Settings
from docgen.write import safe_name, write_atomic, write_outputs


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("323005-2021", "323005-2021"),
        ("../../x", "x"),
        ("/etc/passwd", "etc_passwd"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("a\x00b", "a_b"),
        ("..", "unnamed"),
        ("x" * 300, "x" * 80),
    ],
)
def test_names_from_data_are_one_harmless_path_component(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_outputs_never_leave_the_output_folder(tmp_path: Path) -> None:
    written = write_outputs(tmp_path / "out", "../../../escape", {"html": b"<p>x</p>"})
    assert written == [tmp_path / "out" / "escape" / "escape.html"]
    assert all(p.resolve().is_relative_to((tmp_path / "out").resolve()) for p in written)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "doc.pdf"
    target.write_bytes(b"old")

    def disk_full(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new and longer")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.pdf"]


def test_written_files_get_the_usual_mode_not_a_temporary_files_0600(tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    target = tmp_path / "doc.html"
    write_atomic(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_temporaries_of_a_killed_run_are_swept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    left = out / "323099-2021" / ".323099-2021.pdf.abc123.tmp"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"%PDF-1.7 half")
    keep = out / "323099-2021" / "notes.txt"
    keep.write_text("the bureau's own file", encoding="utf-8")
    write(tmp_path / "county", CLEAN_UNIT)
    build_county(tmp_path / "county", Settings(out, ("html",)))
    assert not left.exists()
    assert keep.read_text(encoding="utf-8") == "the bureau's own file"
    assert (out / "323099-2021" / "323099-2021.html").is_file()
