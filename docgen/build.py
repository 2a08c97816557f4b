"""The pipeline, stage by stage: load → validate → model → compute → checks → document →
render → write.

`check_paths` takes the paths the user named (files or folders) and hands on every document that
passed with its computed figures, and every finding of every file. A file with schema errors is
not modelled (its findings say why); a department pulls in its unit files, each processed once.
`build_source` turns one checked document into files, unless one of its sources has an error.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from docgen.compute import DepartmentFigures, UnitFigures, compute_department, compute_figures
from docgen.document import Document as DocumentModel
from docgen.document import build_department_document, build_unit_document
from docgen.findings import Finding, Location, count_errors
from docgen.messages import make_finding
from docgen.provenance import Provenance, ProvenanceReader
from docgen.render import render_document
from docgen.rules.checks import check_department, check_unit
from docgen.rules.county import Entry, check_county, department_entry, member_path, unit_entry
from docgen.rules.indicators import load_framework
from docgen.rules.lastyear import resolve_last_year
from docgen.source.load import Source, read_source
from docgen.source.model import County, Department, Text, Unit, build_model
from docgen.source.validate import validate_tree
from docgen.write import write_outputs


@dataclass(frozen=True)
class CheckedUnit:
    unit: Unit
    figures: UnitFigures
    last_year_digest: str | None = None  # what last year's source read as (docgen.rules.lastyear)


@dataclass(frozen=True)
class CheckedDepartment:
    department: Department
    units: tuple[CheckedUnit, ...]
    figures: DepartmentFigures


CheckedSource = CheckedUnit | CheckedDepartment


@dataclass
class Checked:
    """Everything `check_paths` found: the sources (for quoting lines), documents, findings."""

    sources: dict[str, Source] = field(default_factory=dict)
    documents: list[CheckedSource] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # Per resolved path: the document that file produced (None when it had errors).
    models: dict[Path, CheckedSource | None] = field(default_factory=dict)
    counties: list[County] = field(default_factory=list)
    _seen: set[Finding] = field(default_factory=set, repr=False)

    def add(self, findings: list[Finding]) -> None:
        for finding in findings:
            if finding not in self._seen:  # a unit named twice reports once
                self._seen.add(finding)
                self.findings.append(finding)

    def include(self, document: CheckedSource | None) -> None:
        """A document to build; a file reached twice (named, and by its department) is the
        same cached object and is built once."""
        if document is not None and not any(document is d for d in self.documents):
            self.documents.append(document)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as named; folders become the YAML sources inside them, in a stable order.

    Hidden files and folders (.git, .github, .pre-commit-config.yaml) are never sources.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".yaml", ".yml")
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return found


@contextmanager
def collector_paused() -> Iterator[None]:
    """Checking keeps every source's tree and model alive to the end, and builds no cycles
    worth collecting: Python's cyclic collector would only rescan them, again and again (a
    third of the time of a 200-unit county). It runs once, afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_paths(paths: list[Path]) -> Checked:
    checked = Checked()
    with collector_paused():
        for path in expand_paths(paths):
            checked.include(check_file(path, str(path), checked))
    return checked


def check_file(path: Path, display: str, checked: Checked) -> CheckedSource | None:
    key = path.resolve()
    if key in checked.models:
        cached = checked.models[key]
        return cached if isinstance(cached, CheckedUnit | CheckedDepartment) else None
    checked.models[key] = None  # a department naming itself must not recurse
    model = read_model(path, display, checked)
    if model is None:
        return None
    if isinstance(model, County):
        check_county_model(model, checked)
        return None
    document = (
        check_unit_model(model, checked)
        if isinstance(model, Unit)
        else check_department_model(model, checked)
    )
    checked.models[key] = document
    return document


def read_model(path: Path, display: str, checked: Checked) -> Unit | Department | County | None:
    """Load, validate and model one file; None (and its findings) when it has schema errors."""
    source, findings = read_source(path, display)
    checked.add(findings)
    if source is None or source.root is None:
        return None
    checked.sources[display] = source
    # Load findings (a duplicate key, an alias) leave a well-formed tree: check on, so that
    # one run reports everything. Schema errors leave no model to check.
    schema_findings = validate_tree(source.root)
    checked.add(schema_findings)
    if count_errors(schema_findings):
        return None
    return build_model(source.root, path, display)


def check_unit_model(model: Unit, checked: Checked) -> CheckedUnit:
    unit, findings, previous = resolve_last_year(model)
    checked.add(findings)
    framework_loc = unit.framework.loc if unit.framework else unit.loc
    framework, findings = load_framework(
        unit.framework.value if unit.framework else None, unit.path.parent, framework_loc
    )
    checked.add(findings)
    figures = compute_figures(unit)
    checked.add(check_unit(unit, figures, framework))
    return CheckedUnit(unit, figures, previous.digest if previous else None)


def check_department_model(department: Department, checked: Checked) -> CheckedDepartment:
    units: list[CheckedUnit] = []
    for ref in department.unit_refs:
        unit = resolve_unit(department, ref, checked)
        if unit is not None:
            units.append(unit)
    figures = compute_department(tuple(u.figures for u in units))
    # With a unit missing or broken, the department's sums would be wrong: the unit's own
    # findings say what to fix, and the sums are checked once every unit is there.
    complete = len(units) == len(department.unit_refs)
    checked.add(check_department(department, [u.unit for u in units], figures, complete))
    return CheckedDepartment(department, tuple(units), figures)


def read_county(path: Path, display: str, checked: Checked) -> County | None:
    """A county file on its own, without checking its folder (the batch does that itself)."""
    model = read_model(path, display, checked)
    if model is not None and not isinstance(model, County):
        checked.add([make_finding("county-file-kind", model.loc, value=display)])
        return None
    return model


def check_county_model(county: County, checked: Checked) -> None:
    """A county file checks its whole folder, every source in it, then the rules across files."""
    checked.counties.append(county)
    folder = county.path.parent
    for path in expand_paths([folder]):
        display = str(Path(county.display).parent / path.relative_to(folder))
        checked.include(check_file(path, display, checked))
    inside = folder.resolve()
    members = [
        document
        for key, document in checked.models.items()
        if document is not None and key.is_relative_to(inside)
    ]
    checked.add(check_county(county, [entry_of(document) for document in members]))


def entry_of(source: CheckedSource) -> Entry:
    if isinstance(source, CheckedUnit):
        return unit_entry(source.unit, source.figures)
    return department_entry(source.department, source.figures)


def resolve_unit(department: Department, ref: Text, checked: Checked) -> CheckedUnit | None:
    """A unit file named by a department: inside the department's folder, and a unit."""
    target = member_path(department.path.parent, ref.value)
    if target is None:
        checked.add([make_finding("department-unit-outside", ref.loc, value=ref.value)])
        return None
    if not target.is_file():
        checked.add([make_finding("department-unit-missing", ref.loc, value=ref.value)])
        return None
    display = str(Path(department.display).parent / ref.value)
    document = check_file(department.path.parent / ref.value, display, checked)
    if isinstance(document, CheckedDepartment):
        checked.add([make_finding("department-unit-kind", ref.loc, value=ref.value)])
        return None
    return document


# -- document → render → write -----------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    """One document's outcome: the files written, or none and the findings that stopped it."""

    name: str  # unit or department code and year: 323005-2021
    title: str
    files: tuple[Path, ...]
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return bool(self.files)


def source_files(source: CheckedSource) -> set[str]:
    """The files a document is made from: a department's own and every unit file it names,
    including one that could not be read (its errors must stop the department too)."""
    if isinstance(source, CheckedUnit):
        return {source.unit.display}
    department = source.department
    folder = Path(department.display).parent
    named = {str(folder / ref.value) for ref in department.unit_refs}
    return {department.display, *named, *(unit.unit.display for unit in source.units)}


def make_document(source: CheckedSource) -> DocumentModel:
    if isinstance(source, CheckedUnit):
        return build_unit_document(source.unit, source.figures)
    units = [(unit.unit, unit.figures) for unit in source.units]
    return build_department_document(source.department, units, source.figures)


def blocking_findings(source: CheckedSource, findings: list[Finding]) -> tuple[Finding, ...]:
    """The errors in any of the files a document is made from: they stop it being rendered."""
    files = source_files(source)
    return tuple(f for f in findings if f.is_error and f.location.file in files)


def build_source(
    source: CheckedSource,
    checked: Checked,
    out: Path,
    formats: tuple[str, ...],
    templates: Path | None = None,
    *,
    provenance: ProvenanceReader | None = None,
    pdf_engine: str = "weasyprint",
) -> Built:
    """Render and write one document unless a finding in one of its files is an error."""
    blocking = blocking_findings(source, checked.findings)
    if blocking:
        document = make_document(source)
        return Built(document.slug, document.title, (), blocking)
    stamp = (provenance or ProvenanceReader()).of(source_paths(source))
    return render_source(source, stamp, out, formats, templates, pdf_engine=pdf_engine)


def source_paths(source: CheckedSource) -> list[Path]:
    """The files a document is made from, as paths: for its provenance."""
    if isinstance(source, CheckedUnit):
        return [source.unit.path]
    return [source.department.path, *(unit.unit.path for unit in source.units)]


def render_source(
    source: CheckedSource,
    provenance: Provenance,
    out: Path,
    formats: tuple[str, ...],
    templates: Path | None = None,
    *,
    pdf_engine: str = "weasyprint",
) -> Built:
    """Render one checked document in every format and write the files (all or none)."""
    document = make_document(source)
    rendered = render_document(document, provenance, formats, templates, pdf_engine)
    if not rendered.files:
        return Built(document.slug, document.title, (), tuple(rendered.findings))
    try:
        written = write_outputs(out, document.slug, rendered.files)
    except OSError as error:
        loc = document.source_loc or Location(document.slug, 1, 1)
        problem = make_finding(
            "output-unwritable", loc, path=str(error.filename or out), reason=error.strerror or ""
        )
        return Built(document.slug, document.title, (), (*rendered.findings, problem))
    return Built(document.slug, document.title, tuple(written), tuple(rendered.findings))
