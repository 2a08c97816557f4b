"""The folder a preview serves: which requested paths are sources in it, and their versions.

A request names a source by its path relative to the folder. Only a regular YAML file that
`docgen build` would read from the folder is served: a path with `..`, one that leaves the
folder (a symlink included, since the path is resolved first), a hidden file, a device or a
FIFO is refused. Given one file, the folder is that file's, and only that file is served.
"""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from docgen.check import COUNTY_FILE, expand_paths

SUFFIXES = (".yaml", ".yml")


class RefusedError(Exception):
    """A request for something that is not a source in the folder; the HTTP status says why."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class Folder:
    """What the preview was given: a folder (every source in it) or one file (that file)."""

    root: Path  # as given (relative paths stay relative, so findings read as the CLI's do)
    only: str | None = None  # the one file's name, when given a file

    @classmethod
    def of(cls, given: Path) -> Folder:
        if given.is_dir():
            return cls(given)
        return cls(given.parent, given.name)

    def source(self, relative: str) -> Path:
        """The source a request names, as displayed (root / relative), or RefusedError."""
        parts = relative.split("/")
        if not relative or "\\" in relative or "\0" in relative or relative.startswith("/"):
            raise RefusedError(403)
        if any(part in ("", ".", "..") for part in parts):
            raise RefusedError(403)
        if self.only is not None and relative != self.only:
            raise RefusedError(404)
        path = self.root / PurePosixPath(relative)
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise RefusedError(403)  # a symlink out of the folder
        try:
            mode = path.stat().st_mode
        except OSError:
            raise RefusedError(404) from None
        if not stat.S_ISREG(mode):
            raise RefusedError(403)
        if path.suffix not in SUFFIXES or any(part.startswith(".") for part in parts):
            raise RefusedError(404)
        return path

    def sources(self) -> list[Path]:
        """The documents to list: every source but county files (a county has no document of
        its own; its folder is the index)."""
        if self.only is not None:
            return [self.root / self.only]
        return [path for path in expand_paths([self.root]) if path.name != COUNTY_FILE]

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def version_of(paths: list[Path]) -> str:
    """A hash of the files' contents (a missing file counts as missing): a page whose version
    changed is out of date."""
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        digest.update(str(path).encode() + b"\0")
        try:  # never open what is not a regular file (a FIFO would wait for a writer)
            regular = stat.S_ISREG(path.stat().st_mode)
            digest.update(hashlib.sha256(path.read_bytes()).digest() if regular else b"other")
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()[:16]


def stamp_of(paths: list[Path]) -> str:
    """Which files there are, with their sizes and times: the index's version, cheap enough to
    be asked for a county of hundreds of files every second."""
    digest = hashlib.sha256()
    for path in paths:
        try:
            found = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{found.st_size}\0{found.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]
