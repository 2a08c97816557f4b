"""Provenance: which sources, at which commit, made an output, and the time it carries.

Budget sources live in git. This module is also the one place docgen asks git for an object
(`REV:path` for last year's source, `REV` for a diff). The rule for every git command: an
argument made from data (a source's text, a revision typed by a user) is never one git could read
as an option: it follows `--end-of-options` (or `--`), or it is first resolved to an object id.

Budget sources live in git. Every output records the source files it was made from (relative to
the repository), the last commit that touched them (with a marker when the working tree differs
from it) and docgen's version. The one timestamp an output carries is `SOURCE_DATE_EPOCH` when
set, else the time of that commit, else (outside git, or never committed) the time the newest
source was last modified: never the time of the build, so that the same sources always give the
same bytes.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from docgen import __version__

FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)  # when not even a source's time can be read
OBJECT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?\Z")  # SHA-1, or SHA-256 repositories


@dataclass(frozen=True)
class Provenance:
    sources: tuple[str, ...]  # relative to the repository (outside git: the file names)
    commit: str | None  # short hash of the last commit touching them; None outside git
    dirty: bool  # a source differs from that commit, or is not committed at all
    in_git: bool
    timestamp: datetime
    version: str = __version__

    @property
    def revision(self) -> str:
        if not self.in_git:
            return "not in git"
        if self.commit is None:
            return "uncommitted"
        return f"{self.commit}+dirty" if self.dirty else self.commit

    def describe(self) -> str:
        """One line for document metadata: source, commit, docgen version."""
        return f"source {', '.join(self.sources)}; commit {self.revision}; docgen {self.version}"

    def footer(self) -> str:
        """The discreet line at the end of every document."""
        if not self.in_git:
            where = "（不在 git 仓库中）"
        elif self.commit is None:
            where = "（尚未提交到 git）"
        else:
            where = f"（提交 {self.commit}{'，含未提交的修改' if self.dirty else ''}）"
        return f"本文件由 docgen {self.version} 依据 {'、'.join(self.sources)}{where}生成。"

    def key(self) -> str:
        """What an output depends on beyond the sources' bytes, for the batch's manifest."""
        return f"{self.describe()}; time {self.timestamp.isoformat()}"


def w3c_date(when: datetime) -> str:
    """2021-03-01T08:00:00Z: how document metadata writes the timestamp."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def source_date_epoch() -> datetime | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return datetime.fromtimestamp(int(value), UTC)


class ProvenanceReader:
    """Provenance for the outputs of one run. Git is asked once per repository (the same run
    sees one state of it); a new run, a new reader."""

    def __init__(self) -> None:
        self.roots: dict[Path, Path | None] = {}
        self.facts: dict[Path, RepositoryFacts] = {}

    def of(self, files: list[Path]) -> Provenance:
        """The provenance of an output made from `files` (a unit's file, or a department's and
        its units')."""
        resolved = sorted({path.resolve() for path in files})
        root = self.root(resolved[0].parent) if resolved else None
        forced = source_date_epoch()
        if root is None:
            names = tuple(path.name for path in resolved)
            return Provenance(names, None, False, False, forced or modified_time(resolved))
        if root not in self.facts:
            self.facts[root] = repository_facts(root)
        facts = self.facts[root]
        relative = tuple(path.relative_to(root).as_posix() for path in resolved)
        commits = [facts.last_commit.get(name) for name in relative]
        known = [commit for commit in commits if commit is not None]
        latest = max(known, key=lambda commit: commit[1]) if known else None
        dirty = any(name in facts.dirty for name in relative) or len(known) < len(commits)
        committed = datetime.fromtimestamp(latest[1], UTC) if latest else None
        time = forced or committed or modified_time(resolved)
        return Provenance(relative, latest[0] if latest else None, dirty, True, time)

    def root(self, folder: Path) -> Path | None:
        """The top of the repository `folder` is in, or None outside git. Git is asked once a
        repository, not once a folder: a folder with no `.git` of its own is in the same
        repository as its parent (git looks upward the same way), so a county's 45 department
        folders cost one `git rev-parse`, where they cost 45 (about 0.5 s of every rebuild)."""
        if folder not in self.roots:
            self.roots[folder] = self.ask_root(folder)
        return self.roots[folder]

    def ask_root(self, folder: Path) -> Path | None:
        path = folder
        while not os.path.lexists(path / ".git") and path.parent != path:
            path = path.parent
            if path in self.roots:
                return self.roots[path]
        found = git(folder, "rev-parse", "--show-toplevel")
        top = Path(found.strip()).resolve() if found else None
        # What git answered holds for the folders it looked in on its way up from `folder`.
        for above in (folder, *folder.parents):
            if top is not None and not above.is_relative_to(top):
                break
            self.roots.setdefault(above, top)
        return top


def modified_time(files: list[Path]) -> datetime:
    """When the newest of the files was last modified, to the second: a date the sources carry
    themselves (a copy keeps it), not the time of the build."""
    times = []
    for path in files:
        try:
            times.append(int(path.stat().st_mtime))
        except OSError:  # gone since it was read: the other files', or the fixed date
            continue
    return datetime.fromtimestamp(max(times), UTC) if times else FIXED_TIME


@dataclass(frozen=True)
class RepositoryFacts:
    last_commit: dict[str, tuple[str, int]]  # path from the root → (short hash, commit time)
    dirty: frozenset[str]  # modified, added or untracked paths


def git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # no git on this machine: the sources are treated as outside git
        return None
    return result.stdout if result.returncode == 0 else None


def repository_facts(root: Path) -> RepositoryFacts:
    """Every file's last commit, from one `git log`, and the dirty files, from one `git status`:
    a county's 250 sources cost two git commands, not 500."""
    last_commit: dict[str, tuple[str, int]] = {}
    commit: tuple[str, int] | None = None
    log = git(root, "log", "--format=%x00%h %ct", "--name-only", "--no-renames", "HEAD") or ""
    for line in log.splitlines():
        if line.startswith("\0"):
            short, _, seconds = line[1:].partition(" ")
            commit = (short, int(seconds))
        elif line and commit is not None:
            last_commit.setdefault(line, commit)
    status = git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all") or ""
    dirty = set()
    for item in status.split("\0"):
        if len(item) > 3 and item[2] == " ":
            dirty.add(item[3:])
    return RepositoryFacts(last_commit, frozenset(dirty))


class GitObjectError(Exception):
    """`REV` or `REV:path` names no object git can give (the reason is git's own words)."""


def resolve_object(root: Path, spec: str) -> str:
    """The object id `spec` names, asked from `root` (so `REV:./path` is relative to it).

    `spec` is data: it follows `--end-of-options`, so `--output=…` is a revision git cannot
    find, never an option; what comes back is checked to be an object id before any later
    command sees it."""
    result = run_git(root, "rev-parse", "--verify", "--end-of-options", spec)
    oid = result.stdout.decode("ascii", "replace").strip()
    if result.returncode == 0 and OBJECT_ID.match(oid):
        return oid
    # rev-parse only says "Needed a single revision"; cat-file names the missing part.
    reason = run_git(root, "cat-file", "-t", "--end-of-options", spec).stderr
    lines = reason.decode("utf-8", "replace").strip().splitlines()
    raise GitObjectError(lines[-1] if lines else f"{spec}: no such revision")


def read_blob(root: Path, spec: str, limit: int) -> bytes:
    """The bytes of the file `spec` (`REV:path`) names, refused when it is not a file or is
    larger than `limit` (its size is asked first, so a huge blob is never read)."""
    oid = resolve_object(root, spec)
    kind = run_git(root, "cat-file", "-t", oid).stdout.decode("ascii", "replace").strip()
    if kind != "blob":
        raise GitObjectError(f"{spec} is a {kind or 'missing object'}, not a file")
    size = run_git(root, "cat-file", "-s", oid).stdout.decode("ascii", "replace").strip()
    if not size.isdigit() or int(size) > limit:
        raise GitObjectError(f"larger than {limit} bytes")
    result = run_git(root, "cat-file", "blob", oid)
    if result.returncode != 0:
        raise GitObjectError(result.stderr.decode("utf-8", "replace").strip() or "git failed")
    return result.stdout


def run_git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError as error:  # no git on this machine
        raise GitObjectError(f"git: {error.strerror or error}") from error
