"""Writing outputs (docgen/write.py): names from the data made safe, files written atomically
with the usual mode, and the temporaries of a killed run swept."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, write

from docgen import write as writer
from docgen.batch.run import build_county
from docgen.batch.workers import Settings
from docgen.write import (
    UnsafeOutputPathError,
    output_folder,
    safe_name,
    sweep_temporaries,
    write_atomic,
    write_new,
    write_outputs,
)


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
        ("Xian-", "Xian"),  # only dots, underscores and hyphens are trimmed from the ends
        ("_.-X-._", "X"),
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


def test_a_failed_write_raises_its_own_error_even_when_its_temporary_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "doc.pdf"

    def swept_then_full(_: int) -> None:
        for temporary in tmp_path.glob(".doc.pdf.*.tmp"):
            temporary.unlink()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", swept_then_full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_raises_its_own_error_even_when_its_temporary_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error says why the target could not be written, not that tidying up found nothing
    left to tidy (another run's sweep may have taken the temporary)."""
    target = tmp_path / "doc.pdf"

    def swept_then_refused(source: Path, destination: Path) -> None:
        source.unlink()
        raise PermissionError(13, "Permission denied", str(destination))

    monkeypatch.setattr(Path, "replace", swept_then_refused)
    with pytest.raises(PermissionError, match="Permission denied") as raised:
        write_atomic(target, b"%PDF")
    assert raised.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []


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


def test_a_name_that_would_leave_the_folder_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "safe_name", lambda text: text)  # a name no longer made safe
    with pytest.raises(UnsafeOutputPathError, match=r"'\.\./x' would be written outside"):
        output_folder(tmp_path / "out", "../x")


@pytest.mark.parametrize(
    ("umask", "mode"),
    [(0o027, 0o640), (0o022, 0o644), (0o002, 0o664), (0o000, 0o666)],
    ids=["027", "022", "002", "000"],
)
def test_the_file_mode_is_what_open_gives_and_the_umask_is_kept(umask: int, mode: int) -> None:
    # Every bit of 0o666 counts: a umask that leaves the others' bits (0o022, 0o002, none)
    # shows one too many or too few, where 0o027 would hide it.
    previous = os.umask(umask)
    try:
        assert writer._file_mode() == mode
        assert os.umask(umask) == umask  # reading the umask put it back
    finally:
        os.umask(previous)


def temporaries_seen_while_writing(
    monkeypatch: pytest.MonkeyPatch, folder: Path
) -> list[list[str]]:
    """What the target's folder holds at the moment each write reaches the disk."""
    seen: list[list[str]] = []
    fsync = os.fsync

    def spy(descriptor: int) -> None:
        seen.append(sorted(p.name for p in folder.iterdir()))
        fsync(descriptor)

    monkeypatch.setattr(os, "fsync", spy)
    return seen


@pytest.mark.parametrize("write_file", [write_atomic, write_new])
def test_a_file_is_written_beside_its_target_under_a_hidden_temporary_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_file: Callable[[Path, bytes], None]
) -> None:
    """The rename (or link) into place is atomic only within one folder; the temporary's name
    is the one `sweep_temporaries` removes after a killed run."""
    target = tmp_path / "a" / "b" / "323099-2021.pdf"  # folders made as needed
    target.parent.mkdir(parents=True)
    seen = temporaries_seen_while_writing(monkeypatch, target.parent)
    write_file(target, b"%PDF")
    [during] = seen
    assert len(during) == 1 and re.fullmatch(r"\.323099-2021\.pdf\.\w+\.tmp", during[0])
    assert [p.name for p in target.parent.iterdir()] == ["323099-2021.pdf"]
    assert target.read_bytes() == b"%PDF"


@pytest.mark.parametrize("write_file", [write_atomic, write_new])
def test_missing_folders_are_made(
    tmp_path: Path, write_file: Callable[[Path, bytes], None]
) -> None:
    target = tmp_path / "county" / "323" / "unit.yaml"
    write_file(target, b"kind: unit")
    assert target.read_bytes() == b"kind: unit"


def test_a_new_file_is_never_written_over_one_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "unit.yaml"
    target.write_bytes(b"the officer's own")
    with pytest.raises(FileExistsError):
        write_new(target, b"a template")
    assert target.read_bytes() == b"the officer's own"
    assert [p.name for p in tmp_path.iterdir()] == ["unit.yaml"]


def test_a_new_file_is_written_even_when_its_temporary_is_already_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run's sweep may take the hidden temporary once it is linked into place: the new
    file is whole by then, so its write has succeeded."""
    link = os.link

    def link_then_swept(source: Path, target: Path) -> None:
        link(source, target)
        Path(source).unlink()

    monkeypatch.setattr(os, "link", link_then_swept)
    target = tmp_path / "unit.yaml"
    write_new(target, b"kind: unit")
    assert target.read_bytes() == b"kind: unit"
    assert [p.name for p in tmp_path.iterdir()] == ["unit.yaml"]


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    target = tmp_path / "unit.yaml"
    write_new(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_sweeping_an_output_folder_that_is_not_there_finds_nothing(tmp_path: Path) -> None:
    assert sweep_temporaries(tmp_path / "never-built") == []


def test_a_temporary_that_cannot_be_removed_is_left_and_the_sweep_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "323001-2022" / ".323001-2022.pdf.a1.tmp"
    second = tmp_path / "323003-2022" / ".323003-2022.pdf.b2.tmp"
    for path in (first, second):
        path.parent.mkdir()
        path.write_bytes(b"half")
    unlink = Path.unlink

    def read_only(path: Path, missing_ok: bool = False) -> None:
        if path == first:
            raise PermissionError(13, "Read-only file system")
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", read_only)
    assert sorted(sweep_temporaries(tmp_path)) == [first, second]
    assert first.exists() and not second.exists()
