"""Batch, around the pipeline: a whole county in one command, in parallel and incrementally.

plan (hash every source, read the manifest) → check what changed → the rules across files →
render the documents that need it in worker processes → record each in the manifest as it is
written → the county index and summary. A document that fails, or a worker that crashes, stops
only that document; an interrupted batch leaves every file either old or new, never partial, and
the manifest says which, so the next run builds exactly what is missing.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docgen.batch.manifest import (
    LAST_YEAR,
    MANIFEST_NAME,
    PROFILE,
    Manifest,
    Record,
    environment_hash,
    hash_bytes,
    hash_files,
    hash_source,
    is_up_to_date,
    load_manifest,
    named_source,
    relative,
    save_manifest,
)
from docgen.batch.workers import (
    Job,
    NoProgress,
    Progress,
    Settings,
    name_of,
    render_in_workers,
    signal_of,
    start_workers,
)
from docgen.build import Built, blocking_findings
from docgen.check import COUNTY_FILE, Checked, check, expand_paths
from docgen.checked import CheckedCounty, CheckedDocument
from docgen.document.county import (
    Member,
    county_index,
    index_search_hint,
    index_title,
    summary_sheet,
)
from docgen.findings import Finding, Location
from docgen.messages import make_finding
from docgen.profiles import ProfileError, profile_path
from docgen.provenance import ProvenanceReader
from docgen.render import format_rank, makes_anything
from docgen.rules.county import check_county
from docgen.rules.lastyear import read_reference
from docgen.source.load import Source
from docgen.terms import Format, Status
from docgen.write import sweep_temporaries, write_atomic

INDEX_FILE = "index.html"
SUMMARY_FILE = "summary.xlsx"
DATA_FILE = "datapackage.json"  # the county's figures, with -f data


@dataclass(frozen=True)
class Outcome:
    """One document of the batch (or one source that could not be read as one)."""

    name: str  # <code>-<year>, or the file when it never became a document
    title: str
    status: Status
    files: tuple[Path, ...] = ()
    findings: tuple[Finding, ...] = ()


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # every finding, sorted
    sources: dict[str, Source] = field(default_factory=dict)  # read this run, for quoting
    county: CheckedCounty | None = None
    records: list[Record] = field(default_factory=list)  # the documents the index lists
    removed: list[str] = field(default_factory=list)  # outputs of documents no longer there
    interrupted: bool = False
    signal: int = 0  # what interrupted it: SIGINT (Ctrl-C), SIGTERM or SIGHUP

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self) -> bool:
        failures = any(o.status is Status.failed for o in self.outcomes)
        return self.interrupted or failures or any(f.is_error for f in self.findings)


@dataclass
class Plan:
    """What this run must do: the sources to check, and what the manifest says is up to date."""

    folder: Path
    files: list[Path]
    hashes: dict[str, str]
    manifest: Manifest
    fresh: dict[str, Record]  # slug → record of a document that is up to date
    provenance: ProvenanceReader


# While documents are built the manifest is written again at most this often (seconds), the
# first document's at once; write_index writes it once more at the end, interrupted or not.
# Each write is the whole manifest: written after every document, a county of 245 documents
# spent a quadratic share of docgen's own process on it (2.6 of 5.9 CPU-s for 49 documents).
# A build killed outright loses at most the last interval's records, built again next time.
MANIFEST_INTERVAL = 1.0


def build_county(folder: Path, settings: Settings, progress: Progress | None = None) -> BatchResult:
    progress = progress or NoProgress()
    plan = make_plan(folder, settings)
    result = BatchResult()
    if settings.workers > 1 and has_sources_to_check(plan):
        start_workers(settings)  # loading the renderers while the sources are checked
    checked = check_changed(plan)
    result.county = checked.counties[0] if checked.counties else None
    if result.county is None:  # a plain folder: still no two outputs of one name
        checked.add(check_county(None, checked.entries))
    result.sources = checked.sources
    targets, failed = choose_targets(plan, checked)
    unwritable: list[Finding] = []  # the manifest, the index, an output that was to go
    targets, empty = set_aside_empty(targets, settings.formats)
    result.outcomes += failed + empty
    for outcome in empty:  # nothing to make now: what it made before is no longer current
        forget_outputs(plan, outcome.name, {}, settings.out, unwritable)
    result.outcomes += [
        Outcome(r.slug, r.entry.name, Status.skipped, findings=r.findings)
        for r in plan.fresh.values()
    ]
    progress.start(len(targets))
    built: dict[str, Record] = {}

    def saving_manifest(save: Callable[[], None]) -> None:
        report_unwritable(save, settings.out / MANIFEST_NAME, unwritable)

    saved = float("-inf")  # when the manifest was last written in the loop

    def record(source: CheckedDocument, outcome: Built) -> None:
        nonlocal saved
        status = Status.built if outcome.ok else Status.failed
        result.outcomes.append(
            Outcome(outcome.name, outcome.title, status, outcome.files, outcome.findings)
        )
        if outcome.ok:
            made = make_record(plan, source, outcome, settings.out)
            forget_outputs(plan, outcome.name, made.outputs, settings.out, unwritable)
            built[outcome.name] = plan.manifest.records[outcome.name] = made
            if time.monotonic() - saved >= MANIFEST_INTERVAL:
                saving_manifest(
                    lambda: save_manifest(settings.out, plan.manifest, str(plan.folder))
                )
                saved = time.monotonic()
        progress.end(name_of(source), outcome.ok)

    try:
        jobs = [Job(target, plan.provenance.of(list(target.paths))) for target in targets]
        render_in_workers(jobs, settings, progress, record)
    except KeyboardInterrupt as stop:
        result.interrupted, result.signal = True, signal_of(stop)
    result.removed = remove_vanished(plan, checked, built, settings.out, unwritable)
    result.records = sorted((plan.fresh | built).values(), key=lambda r: r.slug)
    report_unwritable(
        lambda: write_index(result, plan, settings.out), settings.out / INDEX_FILE, unwritable
    )
    if Format.data in settings.formats:
        report_unwritable(
            lambda: write_county_data(result, plan, settings.out),
            settings.out / DATA_FILE,
            unwritable,
        )
    cached = [f for r in plan.fresh.values() for f in r.findings]
    rendered = [f for o in result.outcomes for f in o.findings]
    found = checked.findings + cached + rendered + plan.manifest.warnings + unwritable
    result.findings = sorted(set(found), key=Finding.sort_key)
    return result


# -- plan and check --------------------------------------------------------------------------


def make_plan(folder: Path, settings: Settings) -> Plan:
    sweep_temporaries(settings.out)  # left by a run that was killed while writing
    files = expand_paths([folder])
    hashes = hash_files(folder, files)
    environment = environment_hash(
        settings.formats, settings.templates, settings.pdf_engine, settings.pdf_variant
    )
    manifest = load_manifest(settings.out, str(folder), environment)
    if settings.force:
        manifest = Manifest(environment, {})
    records = list(manifest.records.values())
    hashes |= last_year_hashes(folder, records) | profile_hashes(folder, records)
    reader = ProvenanceReader()
    fresh = {
        slug: record
        for slug, record in manifest.records.items()
        if is_up_to_date(record, hashes, settings.out)
        and has_current_tables(record, settings.out)
        # a new commit, or a commit of what was dirty, changes what the outputs say
        and record.provenance == reader.of(source_files_of(folder, record)).key()
    }
    return Plan(folder, files, hashes, manifest, fresh, reader)


def has_current_tables(record: Record, out: Path) -> bool:
    """Whether each data package CSV the document made has this docgen's header. The manifest
    is a cache, not an authority: a CSV an older docgen wrote, with other columns, could not be
    joined into the county's, so its document is made again."""
    from docgen.render.datapackage import CSV_SUFFIX, has_current_header  # noqa: PLC0415

    tables = [path for path in record.outputs if path.endswith(f".{CSV_SUFFIX}")]
    return all(has_current_header(out / path) for path in tables)


def has_sources_to_check(plan: Plan) -> bool:
    """Whether a source is not that of an up-to-date document: then something is likely to
    be built. The county file is read whatever changed."""
    fresh = {str(plan.folder / record.file) for record in plan.fresh.values()}
    return any(path.name != COUNTY_FILE and str(path) not in fresh for path in plan.files)


def check_changed(plan: Plan) -> Checked:
    """Check every source that is not an up-to-date document; a department pulls in its units.
    The rules across files take the unchanged documents' entries from the manifest."""
    fresh = {str(plan.folder / record.file): record.entry for record in plan.fresh.values()}
    return check([plan.folder], jobs=1, fresh=fresh)  # the documents are rendered: in process


def choose_targets(plan: Plan, checked: Checked) -> tuple[list[CheckedDocument], list[Outcome]]:
    """The documents to render (changed, without errors) and the failures found by checking:
    documents with an error in one of their files, and sources that never became one."""
    targets: list[CheckedDocument] = []
    failed: list[Outcome] = []
    seen: set[str] = set()
    for source in checked.documents:
        entry = source.entry()
        if entry.slug in plan.fresh or entry.slug in seen:
            continue
        seen.add(entry.slug)
        blocking = blocking_findings(source, checked.findings)
        if blocking:
            failed.append(Outcome(entry.slug, entry.name, Status.failed, findings=blocking))
        else:
            targets.append(source)
    for key, document in checked.models.items():
        if document is None:
            display = next((d for d in checked.sources if Path(d).resolve() == key), str(key))
            errors = tuple(f for f in checked.findings if f.location.file == display)
            failed.append(Outcome(display, display, Status.failed, findings=errors))
    targets.sort(key=lambda d: d.priority)  # departments first: see CheckedDocument.priority
    return targets, failed


def set_aside_empty(
    targets: list[CheckedDocument], formats: tuple[str, ...]
) -> tuple[list[CheckedDocument], list[Outcome]]:
    """The documents that have something to make in the formats asked, and the others as
    skipped: a batch asked only for workbooks passes over the units without tables silently."""
    kept, empty = [], []
    for target in targets:
        if makes_anything(formats, target.has_tables, target.has_projects):
            kept.append(target)
        else:
            entry = target.entry()
            empty.append(Outcome(entry.slug, entry.name, Status.nothing))
    return kept, empty


def make_record(plan: Plan, source: CheckedDocument, built: Built, out: Path) -> Record:
    entry = source.entry()
    deps = sorted(relative(plan.folder, display) for display in source.files)
    return Record(
        slug=built.name,
        file=relative(plan.folder, entry.file),
        deps={path: plan.hashes[path] for path in deps if path in plan.hashes}
        | last_year_deps(plan.folder, source)
        | profile_deps(plan.folder, source),
        outputs={relative(out, path): path.stat().st_size for path in built.files},
        provenance=plan.provenance.of(list(source.paths)).key(),
        entry=entry,
        findings=tuple(f for f in built.findings if not f.is_error),
    )


def last_year_deps(folder: Path, source: CheckedDocument) -> dict[str, str]:
    """Last year's sources read by a document's units (a path, or a git revision that may
    move), keyed `last-year:<unit file>:<reference>`, with the hash of what was read."""
    deps = {}
    for unit in source.units:
        last = unit.unit.last_year
        if last is not None and last.source is not None and unit.last_year_digest:
            where = relative(folder, unit.unit.path)
            deps[f"{LAST_YEAR}{where}:{last.source.value}"] = unit.last_year_digest
    return deps


def profile_deps(folder: Path, source: CheckedDocument) -> dict[str, str]:
    """The profile each of a document's sources is laid out in, keyed
    `profile:<source file>:<profile id>`, with the hash of the file read: a county's own
    profile, or one that comes to shadow a shipped one, rebuilds the documents laid out in it."""
    return {
        f"{PROFILE}{relative(folder, path)}:{profile.id}": hash_source(profile.path)
        for path, profile in source.layouts
    }


def profile_hashes(folder: Path, records: list[Record]) -> dict[str, str]:
    """What the profile references of the recorded documents find now ("" for none)."""
    hashes = {}
    for key in {key for record in records for key in record.deps if key.startswith(PROFILE)}:
        where, _, profile_id = key.removeprefix(PROFILE).rpartition(":")
        try:
            path = profile_path(profile_id, folder / where)
        except ProfileError:
            path = None
        hashes[key] = hash_source(path) if path is not None else ""
    return hashes


def source_files_of(folder: Path, record: Record) -> list[Path]:
    """A recorded document's own source files (its provenance), without last year's sources
    and the profiles it is laid out in."""
    return [folder / path for path in record.deps if named_source(path) is None]


def last_year_hashes(folder: Path, records: list[Record]) -> dict[str, str]:
    """What the last-year references of the recorded documents read as now."""
    hashes = {}
    for key in {key for record in records for key in record.deps if key.startswith(LAST_YEAR)}:
        where, _, reference = key.removeprefix(LAST_YEAR).partition(":")
        data, _ = read_reference(reference, (folder / where).parent)
        hashes[key] = hash_bytes(data) if data is not None else ""
    return hashes


def remove_vanished(
    plan: Plan, checked: Checked, built: dict[str, Record], out: Path, unwritable: list[Finding]
) -> list[str]:
    """Delete what docgen wrote for documents that no longer exist: the source is gone, or it
    now makes a document under another name. A document that merely failed keeps its files."""
    now_made = {entry.file: entry.slug for entry in checked.entries}
    removed = []
    for slug, record in list(plan.manifest.records.items()):
        if slug in plan.fresh or slug in built:
            continue
        display = str(plan.folder / record.file)
        if record.file in plan.hashes and now_made.get(display, slug) == slug:
            continue
        try:
            for path in record.outputs:  # confined to OUT when the manifest was read
                remove_output(out, path)
        except OSError as error:  # kept in the manifest: the next run tries again
            unwritable.append(unwritable_finding(error, out / next(iter(record.outputs))))
            continue
        del plan.manifest.records[slug]
        removed.append(slug)
    return removed


def forget_outputs(
    plan: Plan, slug: str, kept: dict[str, int], out: Path, unwritable: list[Finding]
) -> None:
    """Delete what a document made before and makes no more: everything, when it has nothing
    to make in the formats asked (its tables and projects gone: its record goes too), or the
    files its new build did not write (its CSV, where only the HTML is made now). Left in OUT,
    an old package would read as current, and the county's would be joined from it."""
    record = plan.manifest.records.get(slug)
    if record is None:
        return
    try:
        for path in sorted(record.outputs.keys() - kept.keys()):
            remove_output(out, path)  # confined to OUT when the manifest was read
    except OSError as error:  # kept in the manifest: the next run tries again
        unwritable.append(unwritable_finding(error, out / slug))
        return
    if not kept:  # the manifest is saved with the index, at the end of the run
        del plan.manifest.records[slug]


def remove_output(out: Path, path: str) -> None:
    """Delete one output a record names, and its folder when that is left empty; never
    anything outside OUT (checked again here, after the links on the way are followed)."""
    target = out / path
    if not target.parent.resolve().is_relative_to(out.resolve()):
        return
    target.unlink(missing_ok=True)
    if target.parent.resolve() != out.resolve():
        with contextlib.suppress(OSError):  # not empty: something else lives there
            target.parent.rmdir()


def report_unwritable(write: Callable[[], None], path: Path, found: list[Finding]) -> None:
    """Run a write into OUT; a read-only folder or a full disk becomes a finding at the file it
    concerns, so the batch goes on to its summary (the write was atomic: nothing is lost)."""
    try:
        write()
    except OSError as error:
        found.append(unwritable_finding(error, path))


def unwritable_finding(error: OSError, path: Path) -> Finding:
    reason = error.strerror or str(error)
    return make_finding(
        "output-unwritable", Location(str(path), 1, 1), path=str(path), reason=reason
    )


def write_index(result: BatchResult, plan: Plan, out: Path) -> None:
    """`index.html` and `summary.xlsx` for the documents built, made again only when what they
    show changed (their inputs' hash is kept in the manifest)."""
    county = result.county
    members = [Member(r.entry, tuple(sorted(r.outputs, key=format_rank))) for r in result.records]
    years = [member.entry.year for member in members]
    title = county.title if county else index_title("", years)
    when = plan.provenance.of(plan.files).timestamp
    inputs = hash_bytes(repr((title, members, when)).encode("utf-8"))
    files = [out / INDEX_FILE, out / SUMMARY_FILE]
    if plan.manifest.index == inputs and all(path.is_file() for path in files):
        save_manifest(out, plan.manifest, str(plan.folder))
        return
    from docgen.render.index import render_index_html, render_sheet_xlsx  # noqa: PLC0415

    index = (
        county.document(members)
        if county
        else county_index(title, index_search_hint("", years), members, county=False)
    )
    write_atomic(files[0], render_index_html(index))
    place = county.county.name.value if county else ""
    write_atomic(files[1], render_sheet_xlsx(summary_sheet(members, place), when))
    plan.manifest.index = inputs
    save_manifest(out, plan.manifest, str(plan.folder))


def write_county_data(result: BatchResult, plan: Plan, out: Path) -> None:
    """The county's data package beside its index: every document's figures, read from the CSV
    each one's package holds, so a document left as it was is in it without being rendered
    again. Written only when it changed, the CSV before the descriptor that describes it."""
    from docgen.render.datapackage import COUNTY_CSV, CSV_SUFFIX, county_package  # noqa: PLC0415

    tables = [
        (out / path).read_bytes()
        for record in result.records
        for path in sorted(record.outputs)
        if path.endswith(f".{CSV_SUFFIX}")
    ]
    if not tables:  # no document has figures: an old package would read as current
        for file in (DATA_FILE, COUNTY_CSV):  # the descriptor first: no package names the CSV
            (out / file).unlink(missing_ok=True)
        return
    county = result.county
    years = [record.entry.year for record in result.records]
    title = county.title if county else index_title("", years)
    name = county.county.division_code.value if county and county.county.division_code else "county"
    provenance = plan.provenance.of(plan.files)
    for file, data in county_package(f"{name}-figures", title, tables, provenance).items():
        target = out / file
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data)
