"""Ground floor: reading a file docgen does not trust (a source, the output folder's manifest).

A name ending in `.yaml` may be a FIFO (reading it waits forever for a writer), a device
(`/dev/zero` never ends, and its `st_size` is 0) or a link to anywhere. So a file is opened
without blocking, checked to be a regular file on the descriptor that is then read (no race
between the check and the read), and read for at most `limit` bytes whatever its size says.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

CHUNK = 1024 * 1024


class UnreadableFileError(OSError):
    """The file cannot be read as a source: the message says why, in English."""


class FileTooLargeError(UnreadableFileError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"larger than {limit} bytes")
        self.size = size


def describe_kind(mode: int) -> str:
    """What a file that is not a regular one is, for the message."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (links followed), at most `limit` of them.

    Raises `UnreadableFileError` (a FIFO, a device, a folder: not read; more than `limit`
    bytes: `FileTooLargeError`) or the `OSError` of opening it."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFileError(f"{describe_kind(mode)}, not a file: not read")
        size = os.fstat(descriptor).st_size
        if size > limit:  # refused before reading, so a huge file costs nothing
            raise FileTooLargeError(size, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:  # the file may have grown since fstat: read one byte past
            chunk = os.read(descriptor, min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileTooLargeError(total, limit)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def link_leaves(path: Path, folder: Path) -> bool:
    """Whether `path`, inside `folder` as named, is (or passes through) a link that leads
    outside it."""
    try:
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links: it leads nowhere inside
        return True
