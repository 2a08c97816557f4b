"""The county around the pipeline: what each document contributes, and the checks across files.

A county is a folder with a county file at its root (`kind: county`) naming its department files;
each department names its unit files. `Entry` is the little a county needs to know of one checked
document (its code, where it says so, its department's unit files, its headline totals, in 万元
whatever money unit its source states): the
checks across files, the index and the summary read entries, and the batch keeps them in its
manifest so that an unchanged document is not read again. `check_county` holds the rules that no
single file can check: codes unique across the county, each unit in exactly one department, every
department listed, one year throughout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from docgen.compute import (
    DepartmentFigures,
    Totals,
    UnitFigures,
    sum_totals,
    totals_as_wan,
    unit_totals,
)
from docgen.findings import Finding, Location
from docgen.messages import make_finding
from docgen.rules.checks import place
from docgen.source.model import County, Department, Text, Unit
from docgen.terms import Kind


@dataclass(frozen=True)
class Entry:
    kind: Kind  # unit or department
    slug: str  # the output name, <code>-<year>
    code: str
    code_loc: Location
    name: str
    year: int
    year_loc: Location
    file: str  # its own source, as displayed
    parent: str  # a unit's 主管部门 as its file names it; "" for a department
    unit_files: tuple[tuple[str, Location], ...]  # a department's unit files, where it names them
    totals: Totals  # in 万元, as the index and summary add them up (compute.totals_as_wan)


def slug_of(code: str, year: int) -> str:
    return f"{code}-{year}"


def same_file(display: str) -> str:
    """A display path normalised for comparison: `a/./b.yaml` and `a/b.yaml` are one file."""
    return os.path.normpath(display)


def member_path(folder: Path, named: str) -> Path | None:
    """The file a source names (relative to the source's folder), or None when the name would
    leave that folder: such a name is an error of its own and names no member."""
    base = folder.resolve()
    target = (base / named).resolve()
    if Path(named).is_absolute() or not target.is_relative_to(base):
        return None
    return target


def unit_file(department: Department, ref: Text) -> tuple[Path | None, list[Finding]]:
    """The unit file a department names, as a path beside the department's; None and why when
    it leaves the department's folder or is not there."""
    folder = department.path.parent
    target = member_path(folder, ref.value)
    if target is None:
        return None, [make_finding("department-unit-outside", ref.loc, value=ref.value)]
    if not target.is_file():
        return None, [make_finding("department-unit-missing", ref.loc, value=ref.value)]
    return folder / ref.value, []


def check_unit_kind(ref: Text, kind: Kind) -> list[Finding]:
    """A file a department names as a unit is a unit (a department inside one would be counted
    twice)."""
    if kind is Kind.unit:
        return []
    return [make_finding("department-unit-kind", ref.loc, value=ref.value)]


def unit_entry(unit: Unit, figures: UnitFigures) -> Entry:
    return Entry(
        kind=Kind.unit,
        slug=slug_of(unit.info.code.value, unit.year),
        code=unit.info.code.value,
        code_loc=unit.info.code.loc,
        name=unit.info.name.value,
        year=unit.year,
        year_loc=unit.header.get("year", unit.loc),
        file=unit.display,
        parent=unit.info.department.value if unit.info.department else "",
        unit_files=(),
        totals=totals_as_wan(unit_totals(figures), unit.amount_unit),
    )


def department_entry(department: Department, figures: DepartmentFigures, amount_unit: str) -> Entry:
    """`amount_unit`: that of the figures its units (or its own consolidated figures) state."""
    folder = Path(department.display).parent
    return Entry(
        kind=Kind.department,
        slug=slug_of(department.code.value, department.year),
        code=department.code.value,
        code_loc=department.code.loc,
        name=department.name.value,
        year=department.year,
        year_loc=department.year_loc,
        file=department.display,
        parent="",
        unit_files=tuple(
            (same_file(str(folder / ref.value)), ref.loc)
            for ref in department.unit_refs
            if member_path(folder, ref.value) is not None
        ),
        # each unit's in 万元 before they are added, as the index adds the units' rows
        totals=sum_totals(
            [totals_as_wan(unit_totals(unit), amount_unit) for unit in figures.units]
        ),
    )


def check_county(county: County | None, entries: list[Entry]) -> list[Finding]:
    """The rules across files. Without a county file (a plain folder of sources) only the ones
    that make outputs collide or double-count a unit apply."""
    ordered = sorted(entries, key=lambda e: (e.file, e.kind))
    findings = check_codes_unique(ordered) + check_units_shared(ordered)
    if county is not None:
        findings += check_members(county, ordered)
    return findings


def check_codes_unique(entries: list[Entry]) -> list[Finding]:
    first: dict[str, Location] = {}
    findings = []
    for entry in entries:
        if entry.slug in first:
            findings.append(
                make_finding(
                    "county-code-duplicate",
                    entry.code_loc,
                    value=entry.code,
                    first=place(first[entry.slug]),
                )
            )
        else:
            first[entry.slug] = entry.code_loc
    return findings


def check_units_shared(entries: list[Entry]) -> list[Finding]:
    """A unit file named by two departments would be counted in both."""
    claimed: dict[str, Location] = {}
    findings = []
    for entry in entries:
        for unit_file, loc in entry.unit_files:
            if unit_file in claimed and claimed[unit_file].file != loc.file:
                findings.append(
                    make_finding(
                        "county-unit-shared", loc, value=unit_file, first=place(claimed[unit_file])
                    )
                )
            claimed.setdefault(unit_file, loc)
    return findings


def check_members(county: County, entries: list[Entry]) -> list[Finding]:
    """With a county file: its departments exist and are departments, every department is
    listed, every unit is in a department, one year throughout."""
    refs, findings = check_department_refs(county)
    kinds = {same_file(entry.file): entry.kind for entry in entries}
    for ref, _, display in refs:
        if kinds.get(same_file(display), "department") != "department":
            findings.append(make_finding("county-department-kind", ref.loc, value=ref.value))
    listed = {same_file(display) for _, _, display in refs}
    in_departments = {unit_file for entry in entries for unit_file, _ in entry.unit_files}
    for entry in entries:
        if entry.year != county.year:
            findings.append(
                make_finding(
                    "county-year",
                    entry.year_loc,
                    value=entry.name,
                    year_of=str(entry.year),
                    year=str(county.year),
                )
            )
        if entry.kind is Kind.department and same_file(entry.file) not in listed:
            findings.append(
                make_finding(
                    "county-department-unlisted",
                    entry.code_loc,
                    value=entry.name,
                    county=county.display,
                )
            )
        if entry.kind is Kind.unit and same_file(entry.file) not in in_departments:
            findings.append(make_finding("county-unit-orphan", entry.code_loc, value=entry.name))
    return findings


def check_department_refs(county: County) -> tuple[list[tuple[Text, Path, str]], list[Finding]]:
    """The department files a county names that can be read (ref, path, display), and a finding
    for each that is outside the county's folder, missing or named twice."""
    found: list[tuple[Text, Path, str]] = []
    seen: dict[Path, Location] = {}
    findings = []
    for ref in county.department_refs:
        target = member_path(county.path.parent, ref.value)
        if target is None:
            findings.append(make_finding("county-department-outside", ref.loc, value=ref.value))
        elif target in seen:
            findings.append(
                make_finding(
                    "county-department-duplicate",
                    ref.loc,
                    value=ref.value,
                    first=place(seen[target]),
                )
            )
        elif not target.is_file():
            findings.append(make_finding("county-department-missing", ref.loc, value=ref.value))
        else:
            seen[target] = ref.loc
            display = str(Path(county.display).parent / ref.value)
            found.append((ref, county.path.parent / ref.value, display))
    return found, findings
