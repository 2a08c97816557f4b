"""Stage 6, document: one renderer-neutral description of a disclosure.

Takes a checked unit or department with its computed figures, hands on a `Document`: sections,
paragraphs, tables with spans and widths, charts. Numbers are formatted here and only here; the
HTML, PDF and DOCX renderers walk the result and add nothing.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from docgen.compute import DepartmentFigures, UnitFigures
from docgen.document.blocks import (
    Bar,
    Block,
    Cell,
    Chart,
    Document,
    Paragraph,
    Row,
    RowGroup,
    Section,
    Table,
)
from docgen.document.department import department_sections, department_title
from docgen.document.tables import tables_section, unit_tables_of
from docgen.document.unit import unit_intro, unit_sections, unit_title
from docgen.findings import Location
from docgen.profiles import Profile
from docgen.rules.county import slug_of
from docgen.source.model import Department, Text, Unit
from docgen.tables import StandardTables
from docgen.terms import Kind

__all__ = [
    "Bar",
    "Block",
    "Cell",
    "Chart",
    "Document",
    "Paragraph",
    "Row",
    "RowGroup",
    "Section",
    "Table",
    "build_department_document",
    "build_unit_document",
]


def build_unit_document(
    unit: Unit,
    figures: UnitFigures,
    tables: StandardTables | None = None,
    profile: Profile | None = None,
) -> Document:
    part = None
    if tables is not None and profile is not None:
        shown, layout = tables, profile

        def part(unit: Unit, figures: UnitFigures, heading: str) -> Section:
            return tables_section(unit_tables_of(unit, figures), shown, layout, heading)

    sections = unit_sections(unit, figures, profile, part)
    return Document(
        slug=slug_of(unit.info.code.value, unit.year),
        title=unit_title(unit),
        org_name=unit.info.name.value,
        org_code=unit.info.code.value,
        year=unit.year,
        kind=Kind.unit,
        intro=unit_intro(unit),
        sections=sections,
        located_texts=tuple(located_texts(unit)),
        source_loc=unit.loc,
    )


def build_department_document(
    department: Department,
    units: list[tuple[Unit, UnitFigures]],
    figures: DepartmentFigures,
    tables: StandardTables | None = None,
    profile: Profile | None = None,
    *,
    own: tuple[Unit, UnitFigures] | None = None,
) -> Document:
    texts = located_texts(department)
    for unit, _ in units:
        texts += located_texts(unit)
    return Document(
        slug=slug_of(department.code.value, department.year),
        title=department_title(department),
        org_name=department.name.value,
        org_code=department.code.value,
        year=department.year,
        kind=Kind.department,
        intro=(),
        sections=department_sections(department, units, figures, tables, profile, own=own),
        located_texts=tuple(texts),
        source_loc=department.loc,
    )


def located_texts(value: Any) -> list[tuple[str, Location]]:
    """Every `Text` inside a model object, with its location."""
    if isinstance(value, Text):
        return [(value.value, value.loc)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = []
        for f in dataclasses.fields(value):
            found += located_texts(getattr(value, f.name))
        return found
    if isinstance(value, tuple | list):
        return [t for item in value for t in located_texts(item)]
    if isinstance(value, dict):
        return [t for item in value.values() for t in located_texts(item)]
    return []
