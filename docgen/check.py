"""Check, stages 1 to 5 for every source named: load → validate → model → last year → compute →
checks, then the rules across the files of each county.

`check(paths, jobs, fresh)` is the one way in, for `validate`, `build`, `build-all` and `diff`. It
takes the paths the user named (files or folders) and hands on every document that passed, with
its computed figures, and every finding of every file. A file with schema errors is not modelled
(its findings say why); a department pulls in its unit files, each processed once; a county file
(`county.yaml`, or any file of kind county) checks its whole folder, and the rules across files
run on the entries of what is in it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import singledispatch
from pathlib import Path

from docgen.checked import CheckedCounty, CheckedDepartment, CheckedDocument, CheckedUnit
from docgen.compute import compute_consolidated, compute_department, compute_figures
from docgen.findings import Finding, count_errors
from docgen.messages import make_finding
from docgen.profiles import LOCAL_FOLDER, Profile
from docgen.rules.assets import check_assets
from docgen.rules.checks import check_department, check_department_money, check_unit
from docgen.rules.county import Entry, check_unit_kind, unit_file
from docgen.rules.department_tables import (
    check_department_cells,
    check_department_form,
    check_department_lines,
    check_department_tables,
    check_unit_totals,
)
from docgen.rules.indicators import Framework, load_framework
from docgen.rules.lastyear import resolve_last_year
from docgen.rules.tables import (
    check_project_functions,
    check_tables,
    load_named_profile,
    load_unit_profile,
)
from docgen.source.load import Source, read_source
from docgen.source.model import County, Department, Unit, build_model
from docgen.source.read import Model, read_model
from docgen.source.validate import compile_validators, placeholder_in_figures, validate_tree
from docgen.tables import compute_department_tables, compute_tables, summed_lines

COUNTY_FILE = "county.yaml"


@dataclass
class Checked:
    """Everything `check` found: the sources (for quoting lines), documents, findings, entries."""

    sources: dict[str, Source] = field(default_factory=dict)
    documents: list[CheckedDocument] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # Per resolved path: the document that file produced (None when it had errors).
    models: dict[Path, CheckedDocument | None] = field(default_factory=dict)
    counties: list[CheckedCounty] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # of every document checked or fresh
    fresh: Mapping[str, Entry] = field(default_factory=dict)  # not read again: see `check`
    found: list[County] = field(default_factory=list)  # county files, before the rules ran
    _seen: set[Finding] = field(default_factory=set, repr=False)

    def add(self, findings: list[Finding]) -> None:
        for finding in findings:
            if finding not in self._seen:  # a unit named twice reports once
                self._seen.add(finding)
                self.findings.append(finding)

    def include(self, document: CheckedDocument | None) -> None:
        """A document to build; a file reached twice (named, and by its department) is the
        same cached object and is built once."""
        if document is not None and not any(document is d for d in self.documents):
            self.documents.append(document)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)


def check(paths: list[Path], jobs: int = 1, fresh: Mapping[str, Entry] | None = None) -> Checked:
    """Check every source under `paths`.

    `jobs` > 1 checks each folder (a department with its units) in a worker process, and only
    what a report needs comes back: findings, the texts they quote, entries; not the documents
    (a caller that renders them checks with one job). `fresh` maps a source (as displayed) to
    the entry of a document known to be up to date: the source is not read again, and its entry
    counts in the rules across files.
    """
    checked = Checked(fresh=fresh or {})
    with collector_paused():
        files = [path for path in expand_paths(paths) if str(path) not in checked.fresh]
        files = files_to_check(files, checked)
        groups: dict[Path, list[Path]] = {}
        for path in files:
            groups.setdefault(path.parent, []).append(path)
        if jobs > 1 and len(groups) > 1:
            check_in_workers(list(groups.values()), jobs, checked)
        else:
            for path in files:
                checked.include(check_file(path, str(path), checked))
            checked.entries = [d.entry() for d in checked.models.values() if d is not None]
    check_counties(checked)
    return checked


def files_to_check(files: list[Path], checked: Checked) -> list[Path]:
    """Every file but the county files, which are read here: a county file checks its folder,
    so the folder's files join the ones named."""
    others = [path for path in files if path.name != COUNTY_FILE]
    seen = set(others)
    for path in dict.fromkeys(path for path in files if path.name == COUNTY_FILE):
        county = read_county(path, str(path), checked)
        if county is not None:
            checked.found.append(county)
            for member in expand_paths([path.parent]):
                fresh = str(member) in checked.fresh
                if member.name != COUNTY_FILE and member not in seen and not fresh:
                    seen.add(member)
                    others.append(member)
    return others


def check_counties(checked: Checked) -> None:
    """The rules across files, for each county on the entries of the documents in its folder."""
    # Every document's entry by its file: as checked this run, else as the batch recorded it.
    entries = {entry.file: entry for entry in [*checked.fresh.values(), *checked.entries]}
    checked.entries = list(entries.values())
    for county in checked.found:
        folder = county.path.parent.resolve()
        inside = [e for e in checked.entries if Path(e.file).resolve().is_relative_to(folder)]
        county_checked = CheckedCounty(county, tuple(inside))
        checked.add(county_checked.findings())
        checked.counties.append(county_checked)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as named; folders become the YAML sources inside them, in a stable order.

    Hidden files and folders (.git, .github, .pre-commit-config.yaml) are never sources, nor
    is a county's own profile (`profiles/`, docgen.profiles).
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".yaml", ".yml")
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.parent.name != LOCAL_FOLDER
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


# -- one file ------------------------------------------------------------------------------------


def check_file(path: Path, display: str, checked: Checked) -> CheckedDocument | None:
    key = path.resolve()
    if key in checked.models:
        return checked.models[key]
    checked.models[key] = None  # a department naming itself must not recurse
    model = read_into(path, display, checked)
    document = check_model(model, checked) if model is not None else None
    checked.models[key] = document
    return document


def read_into(path: Path, display: str, checked: Checked) -> Model | None:
    """Load, validate and model one file; None (and its findings) when it has schema errors."""
    read = read_model(path, display)
    checked.add(read.findings)
    if read.source is not None:  # by the name its findings give (<stdin> for -)
        checked.sources[read.source.display] = read.source
    return read.model


def read_county(path: Path, display: str, checked: Checked) -> County | None:
    """A county file on its own, without checking its folder."""
    model = read_into(path, display, checked)
    if model is not None and not isinstance(model, County):
        checked.add([make_finding("county-file-kind", model.loc, value=display)])
        return None
    return model


@singledispatch
def check_model(model: Model, checked: Checked) -> CheckedDocument | None:
    raise TypeError(f"no checks for a {type(model).__name__}")


@check_model.register
def check_unit_model(model: Unit, checked: Checked) -> CheckedDocument | None:
    return check_unit_source(model, checked)


def check_unit_source(model: Unit, checked: Checked) -> CheckedUnit:
    unit, findings, previous = resolve_last_year(model)
    checked.add(findings)
    profile, findings = load_unit_profile(unit)
    checked.add(findings)
    framework, findings = load_unit_framework(unit, profile)
    checked.add(findings)
    if profile is not None:  # the plan's checkpoints are the profile's, its project table and
        unit = replace(  # the words of a glossary the unit leaves to it
            unit,
            checkpoints=profile.checkpoints,
            show_function=profile.project_function,
            profile_glossary=profile.glossary,
            operating_natures=profile.operating_natures,
            operating_costs_stated_by=profile.operating_costs_stated_by,
        )
    checked.add(check_project_functions(unit))
    figures = compute_figures(unit)
    checked.add(check_unit(unit, figures, framework))
    checked.add(check_assets(unit, figures))
    tables = compute_tables(unit, figures, profile) if profile else None
    if profile is not None:
        checked.add(check_tables(unit, figures, tables, profile))
    return CheckedUnit(unit, figures, previous.digest if previous else None, tables, profile)


def load_unit_framework(
    unit: Unit, profile: Profile | None
) -> tuple[Framework | None, list[Finding]]:
    """The framework the unit names, else its profile's (a file beside the profile), else the
    default; a finding about the profile's is at the unit's profile line."""
    if unit.framework is not None or profile is None or profile.framework is None:
        loc = unit.framework.loc if unit.framework else unit.loc
        return load_framework(
            unit.framework.value if unit.framework else None, unit.path.parent, loc
        )
    loc = unit.profile.loc if unit.profile else unit.loc
    return load_framework(profile.framework, profile.path.parent, loc)


@check_model.register
def check_department_model(department: Department, checked: Checked) -> CheckedDocument | None:
    checked.add(check_department_form(department))
    checked.add(check_department_lines(department))
    if department.consolidated is not None:
        return check_consolidated(department, department.consolidated, checked)
    units: list[CheckedUnit] = []
    for ref in department.unit_refs:
        path, findings = unit_file(department, ref)
        checked.add(findings)
        document = None
        if path is not None:
            document = check_file(path, str(Path(department.display).parent / ref.value), checked)
        if document is not None:
            wrong_kind = check_unit_kind(ref, document.key[0])
            checked.add(wrong_kind)
            units += [] if wrong_kind else document.units
    stated = department.stated.changes if department.stated else None
    figures = compute_department(tuple(u.figures for u in units), stated)
    # A department naming a money unit other than its units' reads its stated totals in the
    # wrong one: said at its amount_unit, and its sums, off by 10,000, are not judged.
    money = check_department_money(department, [u.unit for u in units])
    checked.add(money)
    # With a unit missing or broken, the department's sums would be wrong: the unit's own
    # findings say what to fix, and the sums are checked once every unit is there.
    complete = len(units) == len(department.unit_refs) and one_money_unit(units) and not money
    checked.add(check_department(department, [u.unit for u in units], figures, complete))
    if not complete or not units:
        return CheckedDepartment(department, tuple(units), figures)
    profile = units[0].profile
    if department.profile is not None:  # its own layout, else its first unit's
        profile, findings = load_named_profile(department.profile, department.path, department.loc)
        checked.add(findings)
    if profile is None:
        return CheckedDepartment(department, tuple(units), figures)
    pairs = [(unit.unit, unit.figures) for unit in units]
    checked.add(check_department_tables(department, summed_lines(pairs)))
    tables = compute_department_tables(department.year, pairs, figures, department.tables, profile)
    checked.add(check_department_cells(department, [unit.unit for unit in units], tables))
    return CheckedDepartment(department, tuple(units), figures, tables, profile)


def one_money_unit(units: list[CheckedUnit]) -> bool:
    """Whether the units state their figures in one money unit (else `department-unit-money`,
    and the department's sums, adding 元 to 万元, are neither checked nor built)."""
    return len({unit.unit.amount_unit for unit in units}) <= 1


def check_consolidated(department: Department, own: Unit, checked: Checked) -> CheckedDepartment:
    """A department without unit files: its consolidated figures checked as a unit's are
    (TABLES.md X9, second case), its stated totals against them."""
    unit = check_unit_source(own, checked)
    figures = compute_consolidated(unit.figures)
    checked.add(check_department(department, [], figures, True))
    checked.add(check_unit_totals(department, figures, own.rounded_from))
    return CheckedDepartment(department, (), figures, unit.tables, unit.profile, unit)


@check_model.register
def check_county_model(county: County, checked: Checked) -> CheckedDocument | None:
    """A county file met among the sources checks its whole folder; the rules across files
    run once every folder is checked."""
    checked.found.append(county)
    folder = county.path.parent
    for path in expand_paths([folder]):
        display = str(Path(county.display).parent / path.relative_to(folder))
        if display not in checked.fresh:
            checked.include(check_file(path, display, checked))
    return None


# -- folders in worker processes ---------------------------------------------------------------


@dataclass(frozen=True)
class FolderChecked:
    """What a worker found in one folder: findings, the texts they quote, entries, counties."""

    findings: list[Finding]
    texts: dict[str, tuple[Path, str]]  # display → path and text, for quoting lines
    entries: list[Entry]
    counties: list[County]


def check_in_workers(groups: list[list[Path]], jobs: int, checked: Checked) -> None:
    # Imported here: the pool's modules (logging, multiprocessing) cost every one-process check
    # and every `docgen build` a few hundredths of a second at start.
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    # Forked: the workers start with docgen imported and its validators compiled (a fork server
    # would do both again, a third of a second). Forking is safe only without other threads.
    alone = threading.active_count() == 1
    context = multiprocessing.get_context("fork" if alone else "forkserver")
    compile_validators()
    # The largest folders first, so that no worker is left with a big one at the end.
    groups = sorted(groups, key=lambda g: -sum(p.stat().st_size for p in g))
    with ProcessPoolExecutor(min(jobs, len(groups)), mp_context=context) as pool:
        parts = list(pool.map(check_folder, groups, [dict(checked.fresh)] * len(groups)))
    for part in parts:
        checked.add(part.findings)
        for display, (path, text) in part.texts.items():
            checked.sources[display] = Source(path, display, text, None)
        checked.entries += part.entries
        checked.found += part.counties


def check_folder(files: list[Path], fresh: dict[str, Entry]) -> FolderChecked:
    checked = Checked(fresh=fresh)
    with collector_paused():
        for path in files:
            checked.include(check_file(path, str(path), checked))
    quoted = {finding.location.file for finding in checked.findings}  # the lines a report shows
    texts = {d: (s.path, s.text) for d, s in checked.sources.items() if d in quoted}
    entries = [document.entry() for document in checked.models.values() if document]
    return FolderChecked(checked.findings, texts, entries, checked.found)


def check_draft(path: Path, display: str) -> Checked:
    """A source `docgen import` has just written: checked as `validate` checks it, except that
    the placeholders of its texts (`【待填写：…】`, to-fill-in) do not stop the checks of its
    figures. A placeholder standing where text belongs leaves the model whole; the figures are
    the original's, and what they say is wanted now, not after the texts are written. One
    standing where a figure belongs does stop them: there is no model until it is filled in."""
    checked = Checked()
    source, findings = read_source(path, display)
    checked.add(findings)
    if source is None or source.root is None:
        return checked
    checked.sources[display] = source
    schema = validate_tree(source.root)
    checked.add(schema)
    blocking = [f for f in schema if f.code != "to-fill-in"]
    if not count_errors(blocking) and not placeholder_in_figures(source.root):
        model = build_model(source.root, source.path, source.display)
        checked.include(check_model(model, checked))
    return checked
