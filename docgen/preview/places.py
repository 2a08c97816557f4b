"""Where a finding goes in a preview page: beside the section of the document it concerns.

A document keeps, for every source text it shows, the line it was written on
(`Document.located_texts`). A text shown in exactly one section ties its line to that section;
a finding then belongs to the section of the nearest such line at or above it within the same
top-level key of the same file (a project's indicator to that project's table, a unit's
responsibilities to the paragraph quoting them). Failing that, a finding's own value (a figure
as typed) shown in exactly one section places it there. Any other finding is shown at the top
of the page only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from docgen.document import Document
from docgen.document.blocks import Block, Chart, Paragraph, Section, Table
from docgen.findings import Finding
from docgen.source.load import Source

TOP_KEY = re.compile(r"[A-Za-z_][\w-]*\s*:")  # a key at the start of a line: a top-level block
SHORTEST = 2  # a one-character text (a 是 or a 否) says nothing about where it is
SHORTEST_VALUE = 4  # a figure as short as 25 is found inside too many others (1225.00)


def place_findings(
    document: Document, findings: list[Finding], sources: dict[str, Source]
) -> dict[Finding, str]:
    """The anchor of the section each placeable finding concerns."""
    texts = section_texts(document)
    lines = located_lines(document, texts)
    placed: dict[Finding, str] = {}
    for finding in findings:
        anchor = anchor_by_line(finding, lines, sources) or anchor_by_value(finding, texts)
        if anchor is not None:
            placed[finding] = anchor
    return placed


def section_texts(document: Document) -> dict[str, str]:
    """Every section's own text (not its subsections'), by anchor, in reading order."""
    return {section.anchor: "\n".join(section_strings(section)) for _, section in document.walk()}


def section_strings(section: Section) -> Iterator[str]:
    yield section.heading
    for block in section.blocks:
        yield from block_strings(block)


def block_strings(block: Block) -> Iterator[str]:
    if isinstance(block, Paragraph):
        yield block.text
    elif isinstance(block, Table):
        yield from (block.caption, block.above_left, block.above_right)
        rows = [*block.head, *(row for group in block.body for row in group.rows)]
        yield from (cell.text for row in rows for cell in row)
    elif isinstance(block, Chart):
        yield block.title
        yield from (bar.label for bar in block.bars)


def only_section(text: str, texts: dict[str, str], shortest: int = SHORTEST) -> str | None:
    if len(text) < shortest:
        return None
    found = [anchor for anchor, own in texts.items() if text in own]
    return found[0] if len(found) == 1 else None


def located_lines(document: Document, texts: dict[str, str]) -> dict[str, list[tuple[int, str]]]:
    """Per file, the sorted source lines whose text the document shows in one section only."""
    lines: dict[str, list[tuple[int, str]]] = {}
    for text, location in document.located_texts:
        anchor = only_section(text, texts)
        if anchor is not None:
            lines.setdefault(location.file, []).append((location.line, anchor))
    return {file: sorted(found) for file, found in lines.items()}


def anchor_by_line(
    finding: Finding, lines: dict[str, list[tuple[int, str]]], sources: dict[str, Source]
) -> str | None:
    location = finding.location
    found = lines.get(location.file, [])
    at = bisect.bisect_right(found, (location.line, "\uffff")) - 1
    if at < 0:
        return None
    line, anchor = found[at]
    source = sources.get(location.file)
    if source is None or block_start(source, line) != block_start(source, location.line):
        return None  # the nearest text above is another top-level key's
    return anchor


def block_start(source: Source, line: int) -> int:
    """The line of the top-level key whose block holds `line`."""
    for number in range(min(line, len(source.lines)), 0, -1):
        if TOP_KEY.match(source.line_text(number)):
            return number
    return 0


def anchor_by_value(finding: Finding, texts: dict[str, str]) -> str | None:
    value = finding.value.strip()
    return only_section(value, texts, SHORTEST_VALUE)
