"""Stage 1, load: read a YAML source into a tree of positioned nodes.

Takes a path, hands on a `Source` (the text and the root node) plus findings. The tree is built
from libyaml's event stream rather than PyYAML's constructors, so that no YAML 1.1 resolution
ever happens: every scalar keeps its exact source text (`50.00`, `0123`, `no`) and its position,
and typing is decided later by the schema. Anchors, aliases, merge keys and explicit tags are
refused, duplicate keys are reported with both lines. This is the only module that reads sources.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import yaml

from docgen.files import FileTooLargeError, link_leaves, read_regular
from docgen.findings import Finding, Location
from docgen.messages import make_finding
from docgen.source.syntax import diagnose_syntax

MAX_SOURCE_BYTES = 2 * 1024 * 1024  # a 40-project unit is ~300 KB; anything far beyond is a mistake
# Characters XML 1.0 cannot hold (C0 controls but tab and line breaks, surrogates, U+FFFE/F).
UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
STDIN = Path("-")  # the path that names standard input, as on every command line
STDIN_SHOWN = "<stdin>"
MAX_DEPTH = 32  # the format nests 6 levels; deeper input is hostile or broken
# libyaml (YAML 1.1) breaks lines at NEL, LS and PS too; an editor (and YAML 1.2) shows them
# inside a line. They are parsed as private-use stand-ins, one character each, so that every
# line and column is the editor's, and put back in the scalars.
STAND_INS = {"\x85": "\U0010fffb", "\u2028": "\U0010fffc", "\u2029": "\U0010fffd"}
TO_STAND_IN = str.maketrans(STAND_INS)
FROM_STAND_IN = str.maketrans({v: k for k, v in STAND_INS.items()})

# YAML 1.2 core schema null and boolean spellings, nothing from YAML 1.1 (no yes/no/on/off).
NULL_TEXTS = frozenset({"", "~", "null", "Null", "NULL"})
BOOL_TEXTS = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
# ASCII digits only: Python's \d and Decimal() would accept full-width １２３.
DECIMAL_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
# What YAML 1.2's core schema, and so an editor's YAML language server, reads as a number:
# docgen keeps such a plain scalar's text, but where the schema wants text, the editor does not.
CORE_NUMBER_RE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z"
    r"|0o[0-7]+\Z|0x[0-9a-fA-F]+\Z|[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z"
)

try:  # libyaml makes loading a seed-sized unit take milliseconds instead of tens of them
    _LOADER: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _LOADER = yaml.SafeLoader


class Scalar(str):
    """A scalar's exact source text, with where it stands and whether it was plain (unquoted)."""

    loc: Location
    plain: bool

    def __new__(cls, text: str, loc: Location, plain: bool) -> Scalar:
        obj = super().__new__(cls, text)
        obj.loc = loc
        obj.plain = plain
        return obj

    @property
    def is_null(self) -> bool:
        return self.plain and str(self) in NULL_TEXTS

    @property
    def is_bool(self) -> bool:
        return self.plain and str(self) in BOOL_TEXTS

    @property
    def reads_as_number(self) -> bool:
        """Whether YAML 1.2 (an editor) reads this as a number: unquoted and number-shaped."""
        return self.plain and CORE_NUMBER_RE.match(self) is not None

    @property
    def is_decimal(self) -> bool:
        return DECIMAL_RE.match(self) is not None

    def decimal(self) -> Decimal:
        return Decimal(str(self))


class MapNode(dict[str, "Node"]):
    """A mapping: keys are plain strings, `key_locs` keeps where each key stands.

    `owner` is where the key that holds this mapping stands (`revenue:`), the place a finding
    about the block as a whole points at; for the root and list items it is the node itself.
    """

    loc: Location
    owner: Location
    key_locs: dict[str, Location]

    def __init__(self, loc: Location) -> None:
        super().__init__()
        self.loc = self.owner = loc
        self.key_locs = {}


class SeqNode(list["Node"]):
    loc: Location
    owner: Location

    def __init__(self, loc: Location) -> None:
        super().__init__()
        self.loc = self.owner = loc


Node = Scalar | MapNode | SeqNode


@dataclass(frozen=True)
class Source:
    path: Path
    display: str  # the path as the user named it, used in every location
    text: str
    root: Node | None

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


def read_source(path: Path, display: str | None = None) -> tuple[Source | None, list[Finding]]:
    """Read and parse one source file; never raises for anything the file contains.

    Only a regular file is read (a FIFO would block forever, `/dev/zero` never ends), and at
    most MAX_SOURCE_BYTES of it. A link that leads out of the source's own folder is refused
    before anything is read, so none of what it points at is ever quoted in a report."""
    if path == STDIN:
        return read_stdin()
    shown = display if display is not None else str(path)
    start = Location(shown, 1, 1)
    if path.is_symlink() and link_leaves(path, path.parent):
        return None, [make_finding("file-link-outside", start, target=str(path.resolve()))]
    try:
        data = read_regular(path, MAX_SOURCE_BYTES)
    except FileTooLargeError as exc:
        return None, [
            make_finding("file-too-large", start, size=str(exc.size), limit=str(MAX_SOURCE_BYTES))
        ]
    except OSError as exc:
        return None, [make_finding("file-unreadable", start, reason=exc.strerror or str(exc))]
    return source_from_bytes(data, path, shown)


def read_stdin() -> tuple[Source | None, list[Finding]]:
    """A source piped in (`docgen validate -`), read to its end but no further than the limit;
    paths in it (last year's source) are relative to the working folder."""
    data = sys.stdin.buffer.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        size, limit = str(len(data)), str(MAX_SOURCE_BYTES)
        return None, [
            make_finding("file-too-large", Location(STDIN_SHOWN, 1, 1), size=size, limit=limit)
        ]
    return source_from_bytes(data, Path.cwd() / "stdin.yaml", STDIN_SHOWN)


def source_from_bytes(data: bytes, path: Path, shown: str) -> tuple[Source | None, list[Finding]]:
    """A source read from elsewhere than its path (git), checked like a file."""
    text, encoding_findings = decode_source(data, shown)
    if text is None:
        return None, encoding_findings
    root, findings = parse_tree(text, shown)
    return Source(path, shown, text, root), findings


def decode_source(data: bytes, shown: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 (a BOM is dropped); anything else gets a located finding naming the likely cause."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [make_finding("file-encoding", Location(shown, line, column))]
    # CRLF and lone CR become LF so that every later line number agrees with the editor's.
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_tree(text: str, shown: str) -> tuple[Node | None, list[Finding]]:
    builder = _TreeBuilder(shown)
    parsed = text
    if any(c in text for c in STAND_INS) and not any(c in text for c in STAND_INS.values()):
        parsed, builder.stand_ins = text.translate(TO_STAND_IN), True
    try:
        for event in yaml.parse(parsed, Loader=_LOADER):
            builder.feed(event)
            if builder.aborted:
                break
    except yaml.MarkedYAMLError as exc:
        builder.findings.append(diagnose_syntax(exc, text, shown))
        return None, builder.findings
    except yaml.reader.ReaderError as exc:  # a control character, at a UTF-8 byte offset
        before = parsed.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        loc = Location(shown, before.count("\n") + 1, len(before) - before.rfind("\n"))
        char = parsed[len(before)] if len(before) < len(parsed) else ""
        builder.findings.append(
            make_finding(
                "yaml-control-character", loc, codepoint=f"U+{ord(char):04X}" if char else "?"
            )
        )
        return None, builder.findings
    if builder.aborted:
        return None, builder.findings
    if builder.root is None:
        builder.findings.append(make_finding("yaml-empty", Location(shown, 1, 1)))
    return builder.root, builder.findings


# Stands in for a refused key, so that its value is parsed and then dropped.
_DROPPED = Scalar("", Location("", 0, 0), plain=False)


class _TreeBuilder:
    """Turns parser events into nodes; a stack holds the open collections."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.root: Node | None = None
        self.findings: list[Finding] = []
        # Per open collection: the node and, for a mapping, the key awaiting its value.
        self.stack: list[tuple[MapNode | SeqNode, list[Scalar | None]]] = []
        self.documents = 0
        self.aborted = False
        self.stand_ins = False  # the text was parsed with NEL, LS and PS stood in for

    def loc(self, event: yaml.Event) -> Location:
        mark = event.start_mark
        assert mark is not None  # the parser marks every event
        return Location(self.shown, mark.line + 1, mark.column + 1)

    def feed(self, event: yaml.Event) -> None:
        # Scalars are most events by far: test for them first.
        if isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None or event.tag is not None:
                self.check_anchor_and_tag(event)
            # implicit[0] is true only for an untagged plain scalar: quoted and block scalars
            # are always text.
            value = event.value.translate(FROM_STAND_IN) if self.stand_ins else event.value
            scalar = Scalar(value, self.loc(event), plain=event.implicit[0])
            # Only a double-quoted scalar has escapes; the reader refuses raw control characters.
            if event.style == '"' and UNCARRIABLE.search(event.value):
                self.refuse_escaped_character(scalar)
            self.add(scalar)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.check_anchor_and_tag(event)
            if len(self.stack) >= MAX_DEPTH:
                self.findings.append(
                    make_finding("yaml-too-deep", self.loc(event), limit=str(MAX_DEPTH))
                )
                self.aborted = True
                return
            loc = self.loc(event)
            node: MapNode | SeqNode = (
                MapNode(loc) if isinstance(event, yaml.MappingStartEvent) else SeqNode(loc)
            )
            self.add(node)
            self.stack.append((node, [None]))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            self.findings.append(
                make_finding("yaml-alias", self.loc(event), name=str(event.anchor))
            )
            self.add(Scalar("", self.loc(event), plain=True))
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.findings.append(make_finding("yaml-multiple-documents", self.loc(event)))
                self.aborted = True

    def refuse_escaped_character(self, scalar: Scalar) -> None:
        """A control character written as an escape ("\\a", "\\x07") passes the reader's
        check, but no XML document (DOCX, HTML) can carry it: refused where it stands."""
        found = UNCARRIABLE.search(scalar)
        assert found is not None
        code = f"U+{ord(found.group()):04X}"
        self.findings.append(make_finding("yaml-control-character", scalar.loc, codepoint=code))

    def check_anchor_and_tag(
        self, event: yaml.ScalarEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent
    ) -> None:
        if event.anchor is not None:
            self.findings.append(make_finding("yaml-anchor", self.loc(event), name=event.anchor))
        if event.tag is not None:  # libyaml reports a tag only when the source writes one
            self.findings.append(make_finding("yaml-tag", self.loc(event), tag=str(event.tag)))

    def add(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent, pending = self.stack[-1]
        if isinstance(parent, SeqNode):
            parent.append(node)
            return
        if pending[0] is None:  # this node is a key
            self.take_key(parent, pending, node)
            return
        key = pending[0]
        pending[0] = None
        if key is not _DROPPED:
            parent[str(key)] = node
            parent.key_locs[str(key)] = key.loc
            if not isinstance(node, Scalar):
                node.owner = key.loc

    def take_key(self, parent: MapNode, pending: list[Scalar | None], node: Node) -> None:
        if not isinstance(node, Scalar):
            self.findings.append(make_finding("yaml-complex-key", node.loc))
            pending[0] = _DROPPED  # the value is read and dropped
            return
        if str(node) == "<<" and node.plain:
            self.findings.append(make_finding("yaml-merge-key", node.loc))
            pending[0] = _DROPPED
            return
        if str(node) in parent:
            first = parent.key_locs[str(node)]
            self.findings.append(
                make_finding(
                    "yaml-duplicate-key",
                    node.loc,
                    value=str(node),
                    key=str(node),
                    first_line=str(first.line),
                )
            )
            pending[0] = _DROPPED
            return
        pending[0] = node
