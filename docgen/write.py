"""Stage 8, write: the only code that touches the output folder.

Names come from the data (a unit code and a year), so they are made safe first: one path
component, no separators, no dot-names, no Windows device names, bounded length; the result is
checked to lie inside the output folder. Files are written atomically: a temporary file in the
same folder, flushed, then renamed over the target, so an interrupted build never leaves a
partial file under the real name.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from docgen.findings import DocgenError

UNSAFE = re.compile(r"[^0-9A-Za-z._\-\u4e00-\u9fff]+")
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in range(10)
}
MAX_NAME = 80


def _file_mode() -> int:
    """What open() would give a new file: mkstemp's 0600 is too private for a publication."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


class UnsafeOutputPathError(DocgenError):
    """A name derived from the data would leave the output folder."""


def safe_name(text: str) -> str:
    """One harmless path component made from `text`: `../../x` → `x`, `CON` → `_CON`."""
    name = UNSAFE.sub("_", text).strip("._-")[:MAX_NAME] or "unnamed"
    if name.split(".")[0].upper() in WINDOWS_DEVICES:
        name = f"_{name}"
    return name


def output_folder(out: Path, slug: str) -> Path:
    folder = out / safe_name(slug)
    if not folder.resolve().is_relative_to(out.resolve()):
        raise UnsafeOutputPathError(f"{slug!r} would be written outside {out}")
    return folder


def write_temporary(path: Path, data: bytes) -> Path:
    """`data` on disk beside `path` under the hidden name `sweep_temporaries` removes, with the
    usual file mode: a rename or a link within the folder then puts it in place whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(FILE_MODE)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def write_atomic(path: Path, data: bytes) -> None:
    temporary = write_temporary(path, data)
    try:
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet (`docgen init`): whole or not at all, and never over
    a file, even one made meanwhile (a link refuses an existing name, where a rename replaces
    it). Raises FileExistsError."""
    temporary = write_temporary(path, data)
    try:
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def sweep_temporaries(out: Path) -> list[Path]:
    """Remove what a killed process left mid-write: the temporaries `write_atomic` names
    `.<file>.<random>.tmp`, one level down. Nothing else in OUT is touched."""
    found = [p for p in out.glob("*/.*.tmp") if p.is_file()] if out.is_dir() else []
    for path in found:
        with contextlib.suppress(OSError):  # a read-only OUT: the writes will say so
            path.unlink(missing_ok=True)
    return found


def write_outputs(out: Path, slug: str, files: dict[str, bytes]) -> list[Path]:
    """Write `{slug}.{suffix}` for every rendered file into OUT/{slug}/; the paths written.
    Every file is on disk under its temporary name before the first is renamed into place, so
    a full disk leaves the document's old files, all of them: never a new CSV beside the old
    descriptor that describes another (a rename within one folder does not run out of space)."""
    folder = output_folder(out, slug)
    targets = [folder / f"{folder.name}.{suffix}" for suffix in files]
    temporaries: list[Path] = []
    try:
        for target, data in zip(targets, files.values(), strict=True):
            temporaries.append(write_temporary(target, data))
        for temporary, target in zip(temporaries, targets, strict=False):
            temporary.replace(target)
    except BaseException:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        raise
    return targets
