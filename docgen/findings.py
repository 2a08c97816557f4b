"""Findings: what every stage reports instead of printing or raising.

A finding is a value with a stable kebab-case code, a severity, a location in a source file and
the parameters its message needs. Messages live in `messages`; `report` renders them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Location(NamedTuple):
    """A 1-based line and column in a source file.

    A named tuple rather than a dataclass: the loader makes one per YAML node, and tuple
    construction is several times cheaper than a frozen dataclass's.
    """

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    location: Location
    params: tuple[tuple[str, str], ...] = field(default=())
    # The offending source text, shown under the caret and in JSON output.
    value: str = ""

    @property
    def args(self) -> dict[str, str]:
        return dict(self.params)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.file, self.location.line, self.location.column, self.code)


class DocgenError(Exception):
    """Base of every failure a user can cause; the CLI reports it and exits 1."""


def count_errors(findings: list[Finding]) -> int:
    return sum(1 for f in findings if f.is_error)
