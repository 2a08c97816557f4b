"""Checked documents, between document and build: what passed the checks, and what it makes.

A checked unit, department or county knows its source files (for the errors that stop it and
for the batch's manifest), its paths (for provenance), its index entry, its slug and title, how
to build its document, its units, its key and totals for a diff, and its render priority. The
pipeline, the batch and the diff ask these questions of any checked document; none of them asks
which kind it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from docgen.compute import (
    WAN,
    DepartmentFigures,
    Totals,
    UnitFigures,
    department_totals,
    unit_totals,
)
from docgen.document import Document, build_department_document, build_unit_document
from docgen.document.county import (
    CountyIndex,
    Member,
    county_index,
    index_search_hint,
    index_title,
)
from docgen.document.department import department_title
from docgen.document.unit import unit_title
from docgen.findings import Finding
from docgen.profiles import Profile
from docgen.rules.county import Entry, check_county, department_entry, slug_of, unit_entry
from docgen.source.model import County, Department, Unit
from docgen.tables import StandardTables
from docgen.terms import Kind


class CheckedDocument(Protocol):
    """A checked unit or department: one document of the disclosure."""

    @property
    def files(self) -> frozenset[str]:
        """Every file the document is made from, as displayed, including a unit file it names
        that could not be read: an error in any of them stops the document."""

    @property
    def paths(self) -> tuple[Path, ...]:
        """The files read to make the document, for its provenance."""

    @property
    def layouts(self) -> tuple[tuple[Path, Profile], ...]:
        """The profile each source of the document is laid out in, with that source: a batch
        rebuilds the document when one changes."""

    @property
    def slug(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def year(self) -> int: ...

    @property
    def key(self) -> tuple[Kind, str]:
        """Kind and code: what a diff matches the two sides by."""

    @property
    def units(self) -> tuple[CheckedUnit, ...]: ...

    @property
    def has_tables(self) -> bool:
        """Whether the document holds the standard public tables (all a workbook holds)."""

    @property
    def has_projects(self) -> bool:
        """Whether the document shows a project's figures (open data holds them too)."""

    @property
    def stated(self) -> Unit | Department | None:
        """The source whose stated figures a diff compares line by line."""

    @property
    def amount_unit(self) -> str:
        """The money unit its figures are stated in (元 or 万元)."""

    @property
    def priority(self) -> int:
        """The render order, lowest first: departments, the longest documents, go first, so
        that the workers finish together."""

    def entry(self) -> Entry: ...

    def totals(self) -> Totals: ...

    def document(self) -> Document: ...


@dataclass(frozen=True)
class CheckedUnit:
    unit: Unit
    figures: UnitFigures
    last_year_digest: str | None = None  # what last year's source read as (docgen.rules.lastyear)
    tables: StandardTables | None = None  # the standard public tables, when the source has them
    profile: Profile | None = None

    priority = 1

    @property
    def files(self) -> frozenset[str]:
        return frozenset({self.unit.display})

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.unit.path,)

    @property
    def layouts(self) -> tuple[tuple[Path, Profile], ...]:
        return ((self.unit.path, self.profile),) if self.profile is not None else ()

    @property
    def slug(self) -> str:
        return slug_of(self.unit.info.code.value, self.unit.year)

    @property
    def title(self) -> str:
        return unit_title(self.unit)

    @property
    def year(self) -> int:
        return self.unit.year

    @property
    def key(self) -> tuple[Kind, str]:
        return (Kind.unit, self.unit.info.code.value)

    @property
    def units(self) -> tuple[CheckedUnit, ...]:
        return (self,)

    @property
    def has_tables(self) -> bool:
        return self.tables is not None

    @property
    def has_projects(self) -> bool:
        return bool(self.unit.projects)

    @property
    def stated(self) -> Unit | Department | None:
        return self.unit

    @property
    def amount_unit(self) -> str:
        return self.unit.amount_unit

    def entry(self) -> Entry:
        return unit_entry(self.unit, self.figures)

    def totals(self) -> Totals:
        return unit_totals(self.figures)

    def document(self) -> Document:
        return build_unit_document(self.unit, self.figures, self.tables, self.profile)


@dataclass(frozen=True)
class CheckedDepartment:
    department: Department
    units: tuple[CheckedUnit, ...]
    figures: DepartmentFigures
    tables: StandardTables | None = None  # its units' summed, or its own consolidated lines
    profile: Profile | None = None  # its tables' layout: its own, else its first unit's
    own: CheckedUnit | None = None  # its consolidated figures, when it has no unit files

    priority = 0

    @property
    def files(self) -> frozenset[str]:
        folder = Path(self.department.display).parent
        named = {str(folder / ref.value) for ref in self.department.unit_refs}
        return frozenset({self.department.display, *named, *(u.unit.display for u in self.units)})

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.department.path, *(unit.unit.path for unit in self.units))

    @property
    def layouts(self) -> tuple[tuple[Path, Profile], ...]:
        # its parts and tables are laid out in its profile, its own or its first unit's
        if self.profile is None:
            return ()
        return ((self.department.path, self.profile),)

    @property
    def slug(self) -> str:
        return slug_of(self.department.code.value, self.department.year)

    @property
    def title(self) -> str:
        return department_title(self.department)

    @property
    def year(self) -> int:
        return self.department.year

    @property
    def key(self) -> tuple[Kind, str]:
        return (Kind.department, self.department.code.value)

    @property
    def has_tables(self) -> bool:
        return self.tables is not None

    @property
    def has_projects(self) -> bool:  # its units' projects, numbered across them
        return any(unit.unit.projects for unit in self.units)

    @property
    def stated(self) -> Unit | Department | None:
        return self.department  # its own figures; its units are compared as their own documents

    def entry(self) -> Entry:
        return department_entry(self.department, self.figures, self.amount_unit)

    @property
    def amount_unit(self) -> str:
        """The money unit of its figures: its consolidated source's, else its units' (one for all,
        `department-amount-units`), else 万元."""
        if self.department.consolidated is not None:
            return self.department.consolidated.amount_unit
        return self.units[0].unit.amount_unit if self.units else WAN

    def totals(self) -> Totals:
        return department_totals(self.figures)

    def document(self) -> Document:
        units = [(unit.unit, unit.figures) for unit in self.units]
        own = (self.own.unit, self.own.figures) if self.own is not None else None
        return build_department_document(
            self.department, units, self.figures, self.tables, self.profile, own=own
        )


@dataclass(frozen=True)
class CheckedCounty:
    """A county file and the entries of the documents in its folder (checked this run, or
    recorded by the batch when unchanged). Its document is the county index."""

    county: County
    entries: tuple[Entry, ...]

    @property
    def files(self) -> frozenset[str]:
        return frozenset({self.county.display, *(entry.file for entry in self.entries)})

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.county.path, *(Path(entry.file) for entry in self.entries))

    @property
    def slug(self) -> str:
        return "index"

    @property
    def title(self) -> str:
        return index_title(self.county.name.value, [self.county.year])

    @property
    def search_hint(self) -> str:
        return index_search_hint(self.county.name.value, [self.county.year])

    @property
    def year(self) -> int:
        return self.county.year

    @property
    def units(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.kind is Kind.unit)

    def findings(self) -> list[Finding]:
        """The rules across files (docgen.rules.county)."""
        return check_county(self.county, list(self.entries))

    def document(self, members: list[Member]) -> CountyIndex:
        return county_index(self.title, self.search_hint, members, county=True)
