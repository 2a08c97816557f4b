"""The ground floor: the government expenditure classifications as versioned code lists.

支出功能分类科目 (functional: 类 3 digits, 款 5, 项 7) and 部门预算支出经济分类科目 (economic,
财预〔2017〕98号: 类 3 digits, 款 5) ship as data, one YAML file per kind and year in which the
list changed (`classifications/<kind>/<year>.yaml`, found through `resources.data_path`). A year
uses the latest list at or before it. Every list is checked when it is read — a 款 is its 类 and two
digits, a 项 its 款 and two, each code has the length of its level, no code twice, no empty name —
and a broken list is refused as a whole, every problem named by file, line and code.

Years before 2018 are refused: the economic classification of 财预〔2017〕98号 starts in 2018 and no
earlier list ships. A year after the last list uses the last list and says so (`notice`).

Rules and tables ask `load_classification(kind, year)` for names and levels; nothing here reads a
budget source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from pathlib import Path

import yaml

from docgen.findings import DocgenError
from docgen.resources import data_path

FIRST_YEAR = 2018
_LIST_NAME = re.compile(r"^(\d{4})\.yaml$")
_HEADER_KEYS = ("name", "kind", "year", "follows", "complete", "codes")


class ClassificationError(DocgenError):
    """A code list that cannot be used: unreadable, malformed, or a year no list covers."""


class ClassificationKind(StrEnum):
    functional = "functional"
    economic = "economic"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def lengths(self) -> tuple[int, ...]:
        """The length of a code at each level, 类 first."""
        return (3, 5, 7) if self is ClassificationKind.functional else (3, 5)


_KIND_LABELS = {
    ClassificationKind.functional: "支出功能分类科目",
    ClassificationKind.economic: "部门预算支出经济分类科目",
}


class Level(StrEnum):
    category = "类"
    section = "款"
    item = "项"


_LEVELS = (Level.category, Level.section, Level.item)


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    level: Level
    parent: str | None  # the code of its 类 (for a 款) or 款 (for a 项); None for a 类
    line: int  # where the list declares it


@dataclass(frozen=True)
class Classification:
    """One code list, as it applies to the year asked for."""

    kind: ClassificationKind
    name: str
    year: int  # the year asked for
    list_year: int  # the year of the list that applies
    follows: str  # the document the list follows, e.g. 《2021年政府收支分类科目》
    path: Path
    entries: Mapping[str, Entry] = field(repr=False)
    # Codes whose children are all listed ("" stands for the list of 类); an unknown code under
    # any other parent may be a real code this partial list leaves out.
    complete: frozenset[str] = field(repr=False)
    children_of: Mapping[str, tuple[Entry, ...]] = field(repr=False)
    notice: str | None = None  # said when the year is after the last list shipped

    def lookup(self, code: str) -> Entry | None:
        return self.entries.get(code)

    def is_known(self, code: str) -> bool:
        return code in self.entries

    def children(self, code: str = "") -> tuple[Entry, ...]:
        """The 款 of a 类, the 项 of a 款; the 类 themselves for ""."""
        return self.children_of.get(code, ())

    def is_complete(self, code: str = "") -> bool:
        """Whether every child of `code` (every 类, for "") is listed."""
        return code in self.complete


def list_years(kind: ClassificationKind) -> tuple[int, ...]:
    """The years for which a list of `kind` ships, oldest first."""
    folder = data_path("classifications", kind.value)
    years = (_LIST_NAME.match(path.name) for path in folder.iterdir())
    return tuple(sorted(int(match.group(1)) for match in years if match))


@cache
def load_classification(kind: ClassificationKind, year: int) -> Classification:
    """The list of `kind` that applies in `year`: the latest one at or before it."""
    kind = ClassificationKind(kind)
    years = list_years(kind)
    if year < FIRST_YEAR or not years or year < years[0]:
        first = years[0] if years else FIRST_YEAR
        raise ClassificationError(
            f"no {kind.label} ({kind.value}) list for {year}: the lists start in {first}"
        )
    list_year = max(y for y in years if y <= year)
    classification = _read_shipped(kind, list_year)
    notice = None
    if year > years[-1]:
        notice = (
            f"{kind.label}: no list for {year} ships; the {list_year} list is used, "
            f"so codes added or renamed since {list_year} are not known"
        )
    return replace(classification, year=year, notice=notice)


@cache
def _read_shipped(kind: ClassificationKind, list_year: int) -> Classification:
    path = data_path("classifications", kind.value, f"{list_year}.yaml")
    return read_classification(path, kind)


def read_classification(path: Path, kind: ClassificationKind) -> Classification:
    """Read and check one list file; refuse it with every problem found."""
    root = _compose(path)
    problems = _Problems(path)
    header = _read_header(root, problems)
    list_year = _check_header(header, path, kind, problems)
    entries = _read_codes(header.get("codes"), kind, problems)
    _check_nesting(entries, problems)
    complete = _read_complete(header.get("complete"), entries, problems)
    problems.raise_any()
    return Classification(
        kind=kind,
        name=_scalar(header["name"]),
        year=list_year,
        list_year=list_year,
        follows=_scalar(header["follows"]),
        path=path,
        entries=entries,
        complete=complete,
        children_of=_group_children(entries),
    )


class _Problems:
    """Every problem of one file, reported together (one fix-and-rerun per file, not per line)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []

    def add(self, node: yaml.Node | int, text: str) -> None:
        line = node if isinstance(node, int) else node.start_mark.line + 1
        self.lines.append(f"{self.path}:{line}: {text}")

    def raise_any(self) -> None:
        if self.lines:
            raise ClassificationError("\n".join(self.lines))


try:  # libyaml composes the two 2021 lists in 3 ms, PyYAML's own parser in 21 ms, at every start
    # that checks standard tables; the nodes and their lines are the same
    _LOADER: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _LOADER = yaml.SafeLoader


def _compose(path: Path) -> yaml.MappingNode:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ClassificationError(f"{path}: cannot read the code list: {error}") from error
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise ClassificationError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(root, yaml.MappingNode):
        raise ClassificationError(f"{path}: a code list is a mapping with a header and codes")
    return root


def _read_header(root: yaml.MappingNode, problems: _Problems) -> dict[str, yaml.Node]:
    header: dict[str, yaml.Node] = {}
    for key_node, value_node in root.value:
        key = _scalar(key_node)
        if key not in _HEADER_KEYS:
            problems.add(key_node, f"unknown key {key!r} (expected {', '.join(_HEADER_KEYS)})")
        elif key in header:
            problems.add(key_node, f"{key!r} given twice")
        else:
            header[key] = value_node
    return header


def _check_header(
    header: dict[str, yaml.Node], path: Path, kind: ClassificationKind, problems: _Problems
) -> int:
    for key in ("name", "kind", "year", "follows", "codes"):
        if key not in header:
            problems.add(1, f"the header lacks {key!r}")
        elif key != "codes" and not _scalar(header[key]).strip():
            problems.add(header[key], f"{key!r} is empty")
    if "kind" in header and _scalar(header["kind"]) != kind.value:
        problems.add(header["kind"], f"kind is {_scalar(header['kind'])!r}, not {kind.value!r}")
    match = _LIST_NAME.match(path.name)
    list_year = int(match.group(1)) if match else 0
    if not match:
        problems.add(1, "a code list is named after its year (2019.yaml)")
    elif "year" in header and _scalar(header["year"]) != str(list_year):
        problems.add(header["year"], f"year is {_scalar(header['year'])!r}, the file {path.name}")
    problems.raise_any()
    return list_year


def _read_codes(
    node: yaml.Node | None, kind: ClassificationKind, problems: _Problems
) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    if not isinstance(node, yaml.MappingNode):
        if node is not None:
            problems.add(node, "codes: expected a mapping of code to name")
        return entries
    for key_node, value_node in node.value:
        code = _scalar(key_node)
        line = key_node.start_mark.line + 1
        if not code.isascii() or not code.isdigit() or len(code) not in kind.lengths:
            lengths = "/".join(str(n) for n in kind.lengths)
            problems.add(line, f"code {code!r}: a code of {kind.label} has {lengths} digits")
            continue
        if code in entries:
            problems.add(line, f"code {code} listed twice (first at line {entries[code].line})")
            continue
        # A bare `~`, `null` or nothing is YAML's null, not a name.
        is_null = isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null")
        name = "" if is_null else _scalar(value_node).strip()
        if not name:
            problems.add(line, f"code {code}: the name is empty")
            continue
        level = _LEVELS[kind.lengths.index(len(code))]
        parent = code[:-2] if level is not Level.category else None
        entries[code] = Entry(code=code, name=name, level=level, parent=parent, line=line)
    return entries


def _check_nesting(entries: dict[str, Entry], problems: _Problems) -> None:
    for entry in entries.values():
        if entry.parent is not None and entry.parent not in entries:
            above = Level.category if entry.level is Level.section else Level.section
            problems.add(
                entry.line,
                f"code {entry.code} ({entry.level}): its {above} {entry.parent} is not listed",
            )


def _read_complete(
    node: yaml.Node | None, entries: dict[str, Entry], problems: _Problems
) -> frozenset[str]:
    if node is None:
        return frozenset()
    if not isinstance(node, yaml.SequenceNode):
        problems.add(node, "complete: expected a list of codes")
        return frozenset()
    codes = set()
    for item in node.value:
        code = _scalar(item)
        if code and code not in entries:
            problems.add(item, f"complete: code {code} is not listed")
        codes.add(code)
    return frozenset(codes)


def _group_children(entries: dict[str, Entry]) -> dict[str, tuple[Entry, ...]]:
    groups: dict[str, list[Entry]] = {}
    for entry in sorted(entries.values(), key=lambda e: e.code):
        groups.setdefault(entry.parent or "", []).append(entry)
    return {parent: tuple(children) for parent, children in groups.items()}


def _scalar(node: yaml.Node) -> str:
    """A scalar's text as written: codes stay strings, with no int or date conversion."""
    return node.value if isinstance(node, yaml.ScalarNode) else ""
