"""The ground floor: every domain term, declared once with its Chinese and English label.

Model, rules, documents, diff, index, summary, messages and the command line read their words and
their choices from here, so that a term cannot drift between two places.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What a source file describes (its `kind:`)."""

    unit = "unit"
    department = "department"
    county = "county"
