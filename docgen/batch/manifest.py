"""The batch's memory: what each built document was made from, so an unchanged one is skipped.

`OUT/docgen-manifest.json` holds one record per built document: the hashes of the source files it
was made from, the sizes of the files it wrote, its county entry and its warnings. One
environment hash covers everything else an output depends on: docgen's version, the formats, the
PDF engine and its release, the templates, the schemas and frameworks, the code lists
(`classifications/`), the shipped profiles and the font files. A document is up to date when the
environment is the same, every file it depends on hashes the same (its sources, last year's
source a unit reads, and the profile each source is laid out in, a county's own or a shipped
one) and its outputs are still there with the sizes written; anything else rebuilds it. Paths are
kept relative to the county folder and the output folder, so the same county built from another
directory is still up to date.

The manifest is a cache in a folder others can write to, so nothing in it is trusted: a manifest
that is not what docgen writes (`[]`, wrong types, a figure that is no decimal) is discarded with
one warning, and everything rebuilds; a record naming a path outside OUT (or outside the county
folder) is dropped with a warning, so that no path it names is ever deleted; and every record
carries a seal, the hash of its content and of the source hashes its figures came from, so a
figure edited by hand is dropped (and the document rebuilt) instead of reaching the index.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any

from docgen import __version__
from docgen.compute import Totals
from docgen.files import read_regular
from docgen.findings import Finding, Location, Severity
from docgen.messages import RULES, make_finding
from docgen.render import chosen_renderers
from docgen.render.fonts import FONTS, find_font
from docgen.resources import data_path
from docgen.rules.county import Entry
from docgen.source.load import DECIMAL_RE, MAX_SOURCE_BYTES
from docgen.terms import Kind, PdfEngine, PdfVariant, RevenueSource
from docgen.write import write_atomic

MANIFEST_NAME = "docgen-manifest.json"
MANIFEST_FORMAT = 4  # 3: the totals carry 上年结转; 4: in 万元 whatever the source's money unit
MAX_MANIFEST_BYTES = 256 * 1024 * 1024  # ~2 KB a document: far beyond any county
LAST_YEAR = "last-year:"  # a dependency on last year's source: last-year:<unit file>:<reference>
PROFILE = "profile:"  # on the profile a source is laid out in: profile:<source file>:<profile id>
NAMED = (LAST_YEAR, PROFILE)  # dependencies named by a source, not files of the county


class DamagedManifestError(ValueError):
    """The manifest is not what docgen writes: discarded, everything rebuilds."""


@dataclass(frozen=True)
class Record:
    slug: str
    file: str  # the document's own source, relative to the county folder
    deps: dict[str, str]  # every source file it is made from → sha256
    outputs: dict[str, int]  # every file written, relative to the output folder → size
    provenance: str  # the commit and time its outputs record (docgen.provenance)
    entry: Entry
    findings: tuple[Finding, ...]  # its warnings, reported again when it is skipped


@dataclass
class Manifest:
    environment: str
    records: dict[str, Record]  # by slug
    index: str = ""  # the hash of what the county index and summary were last made from
    warnings: list[Finding] = field(default_factory=list)  # what was discarded, and why
    # Each record as last written, by slug, with the folder its paths are relative to: a record
    # is never changed once made (a document built again is a new one), so one written before
    # is not turned into JSON and sealed again each time the manifest is saved, which is many
    # times while documents are built.
    written: dict[str, tuple[Record, str, str]] = field(default_factory=dict, repr=False)


def hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_files(folder: Path, files: list[Path]) -> dict[str, str]:
    """Each file's sha256, keyed by its path relative to `folder` (forward slashes)."""
    return {relative(folder, path): hash_source(path) for path in files}


def hash_source(path: Path) -> str:
    """A source's sha256; "" when it is no file to read (a FIFO, a device, too large): its
    check says why, and "" never matches a recorded hash."""
    try:
        return hash_bytes(read_regular(path, MAX_SOURCE_BYTES))
    except OSError:
        return ""


def relative(folder: str | Path, path: str | Path) -> str:
    """`path` relative to `folder`, with forward slashes: how the manifest names a file."""
    return Path(os.path.relpath(path, folder)).as_posix()


def under(folder: str, path: str) -> str:
    """A manifest path displayed as the county folder was named on this run."""
    return str(Path(folder) / path)


# The packages that cut the fonts a Typst PDF embeds: another release cuts other bytes.
CUT_MAKERS = ("uharfbuzz", "fonttools")


def environment_hash(
    formats: tuple[str, ...],
    templates: Path | None,
    pdf_engine: str = PdfEngine.typst,
    pdf_variant: str = PdfVariant.a2a,
) -> str:
    """Everything besides the sources that the outputs depend on."""
    # Each format with the renderer that makes it, and the PDF engine's release and variant:
    # another renderer, another release of it or another variant makes other bytes.
    chosen = chosen_renderers(formats, pdf_engine)
    renderers = ",".join(
        f"{r.format}={r.engine}:{r.module}:{r.function}" + (f":{r.revision}" if r.revision else "")
        for r in chosen
    )
    engine = f"{pdf_engine} {version(pdf_engine)} {pdf_variant}"
    if pdf_engine == PdfEngine.typst and "pdf" in formats:  # the cut fonts it embeds
        engine += f" {CUT_MAKERS} " + " ".join(version(maker) for maker in CUT_MAKERS)
    digest = hashlib.sha256(f"docgen {__version__}\n{renderers}\n{engine}\n".encode())
    data = ("templates", "schemas", "classifications", "profiles")
    folders = [data_path(name) for name in data]
    if templates is not None:
        folders.append(templates)
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(f"{relative(folder, path)}\n".encode())
            digest.update(path.read_bytes())
    for family in FONTS.families:
        font = find_font(family)
        if font is not None:  # a font's file, size and time say when it was replaced
            stat = Path(font.file).stat()
            digest.update(f"{family}={font.file}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def is_up_to_date(record: Record, hashes: dict[str, str], out: Path) -> bool:
    if any(hashes.get(path) != digest for path, digest in record.deps.items()):
        return False
    for path, size in record.outputs.items():
        try:
            if (out / path).stat().st_size != size:
                return False
        except OSError:
            return False
    return True


# -- reading and writing -------------------------------------------------------------------------


def load_manifest(out: Path, folder: str, environment: str) -> Manifest:
    """The manifest in OUT, or an empty one when there is none or it was written for another
    environment (every document then rebuilds). A damaged manifest is discarded, and a record
    that names a path outside OUT or the county folder, or whose seal does not match, is
    dropped; each with a warning."""
    where = Location(str(out / MANIFEST_NAME), 1, 1)
    try:
        data = json.loads(read_regular(out / MANIFEST_NAME, MAX_MANIFEST_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return Manifest(environment, {})
    except (OSError, ValueError) as error:
        return Manifest(environment, {}, warnings=[damaged(where, str(error))])
    if not isinstance(data, dict):
        return Manifest(environment, {}, warnings=[damaged(where, "not a JSON object")])
    if data.get("format") != MANIFEST_FORMAT or data.get("environment") != environment:
        return Manifest(environment, {})
    manifest = Manifest(environment, {})
    try:
        documents = data["documents"]
        if not isinstance(documents, list):
            raise DamagedManifestError("documents is not a list")
        manifest.index = text_of(data.get("index", ""))
        for item in documents:
            take_record(manifest, item, out, folder, where)
    except (ValueError, KeyError, TypeError, AttributeError, ArithmeticError) as error:
        return Manifest(environment, {}, warnings=[damaged(where, str(error) or repr(error))])
    return manifest


def take_record(manifest: Manifest, item: Any, out: Path, folder: str, where: Location) -> None:
    """Add one record read from the manifest, unless it leaves OUT or its seal is broken."""
    if not isinstance(item, dict):
        raise DamagedManifestError("a record is not a JSON object")
    record = record_from_json(item, folder)
    outside = paths_outside(record, item, out)
    if outside:
        manifest.warnings.append(
            make_finding("manifest-path-outside", where, value=outside, slug=record.slug)
        )
    elif item.get("seal") != seal_of(item):
        manifest.warnings.append(make_finding("manifest-record-edited", where, slug=record.slug))
    else:
        manifest.records[record.slug] = record


def damaged(where: Location, reason: str) -> Finding:
    return make_finding("manifest-damaged", where, reason=reason[:200])


def seal_of(item: dict[str, Any]) -> str:
    """The hash of a record as written, its source hashes included (all but the seal)."""
    content = {key: value for key, value in item.items() if key != "seal"}
    return hash_bytes(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def paths_outside(record: Record, item: dict[str, Any], out: Path) -> str:
    """The first path the record names that is not confined (outputs to OUT, sources to the
    county folder), or ""."""
    for path in record.outputs:
        if not is_confined(path) or not (out / path).resolve().is_relative_to(out.resolve()):
            return path
    entry = item["entry"]
    sources = [record.file, str(entry["file"]), *(str(pair[0]) for pair in entry["unit_files"])]
    for path in record.deps:  # last-year:<unit file>:<reference>: the unit file is confined
        sources.append(named_source(path) or path)
    return next((path for path in sources if not is_confined(path)), "")


def named_source(dependency: str) -> str | None:
    """The source file that names a dependency (last year's source, a profile), or None for a
    dependency that is a file of the county itself."""
    for prefix in NAMED:
        if dependency.startswith(prefix):
            return dependency.removeprefix(prefix).partition(":")[0]
    return None


def is_confined(path: str) -> bool:
    """A relative path with forward slashes that never climbs out: `a/b.html`, not `../x`,
    `/etc/x`, `a\\b` or an empty name."""
    parts = path.split("/")
    return (
        bool(path)
        and "\\" not in path
        and "\0" not in path
        and all(part not in ("", ".", "..") for part in parts)
    )


def text_of(value: Any) -> str:
    if not isinstance(value, str):
        raise DamagedManifestError(f"{value!r} is not text")
    return value


def number_of(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DamagedManifestError(f"{value!r} is not a count")
    return value


def save_manifest(out: Path, manifest: Manifest, folder: str) -> None:
    """The manifest written whole, atomically, as `json.dumps(..., indent=1, sort_keys=True)`
    writes it; each record's text is made once (see `Manifest.written`)."""
    data = {
        "format": MANIFEST_FORMAT,
        "environment": manifest.environment,
        "index": manifest.index,
        "documents": [],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    records = [record_text(manifest, slug, folder) for slug in sorted(manifest.records)]
    if records:  # where json.dumps puts them ("documents" is the first key), two levels in
        listed = '"documents": [\n  ' + ",\n  ".join(records) + "\n ]"
        text = text.replace('"documents": []', listed, 1)
    write_atomic(out / MANIFEST_NAME, text.encode("utf-8"))


def record_text(manifest: Manifest, slug: str, folder: str) -> str:
    """A record as JSON indented to its place in the manifest. json.dumps escapes every line
    break inside a string, so each line of the text is a line of the manifest."""
    record = manifest.records[slug]
    written = manifest.written.get(slug)
    if written is not None and written[0] is record and written[1] == folder:
        return written[2]
    item = record_to_json(record, folder)
    text = json.dumps(item, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n  ")
    manifest.written[slug] = (record, folder, text)
    return text


def record_to_json(record: Record, folder: str) -> dict[str, Any]:
    item = {
        "slug": record.slug,
        "file": record.file,
        "deps": record.deps,
        "outputs": record.outputs,
        "provenance": record.provenance,
        "entry": entry_to_json(record.entry, folder),
        "findings": [finding_to_json(f, folder) for f in record.findings],
    }
    return item | {"seal": seal_of(item)}


def record_from_json(data: dict[str, Any], folder: str) -> Record:
    return Record(
        slug=text_of(data["slug"]),
        file=text_of(data["file"]),
        deps={text_of(k): text_of(v) for k, v in data["deps"].items()},
        outputs={text_of(k): number_of(v) for k, v in data["outputs"].items()},
        provenance=text_of(data["provenance"]),
        entry=entry_from_json(data["entry"], folder),
        findings=tuple(finding_from_json(f, folder) for f in data["findings"]),
    )


def loc_to_json(loc: Location, folder: str) -> list[Any]:
    return [relative(folder, loc.file), loc.line, loc.column]


def loc_from_json(data: list[Any], folder: str) -> Location:
    if not isinstance(data, list) or len(data) != 3:
        raise DamagedManifestError(f"{data!r} is not a location")
    return Location(under(folder, text_of(data[0])), number_of(data[1]), number_of(data[2]))


def finding_to_json(finding: Finding, folder: str) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "location": loc_to_json(finding.location, folder),
        "params": [list(pair) for pair in finding.params],
        "value": finding.value,
    }


def finding_from_json(data: dict[str, Any], folder: str) -> Finding:
    if data["code"] not in RULES:
        raise DamagedManifestError(f"{data['code']!r} is not a finding docgen reports")
    return Finding(
        code=text_of(data["code"]),
        severity=Severity(data["severity"]),
        location=loc_from_json(data["location"], folder),
        params=tuple((text_of(k), text_of(v)) for k, v in data["params"]),
        value=text_of(data["value"]),
    )


def entry_to_json(entry: Entry, folder: str) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "slug": entry.slug,
        "code": entry.code,
        "code_loc": loc_to_json(entry.code_loc, folder),
        "name": entry.name,
        "year": entry.year,
        "year_loc": loc_to_json(entry.year_loc, folder),
        "file": relative(folder, entry.file),
        "parent": entry.parent,
        "unit_files": [
            [relative(folder, path), loc_to_json(loc, folder)] for path, loc in entry.unit_files
        ],
        "totals": totals_to_json(entry.totals),
    }


def entry_from_json(data: dict[str, Any], folder: str) -> Entry:
    return Entry(
        kind=Kind(text_of(data["kind"])),
        slug=text_of(data["slug"]),
        code=text_of(data["code"]),
        code_loc=loc_from_json(data["code_loc"], folder),
        name=text_of(data["name"]),
        year=int(data["year"]),
        year_loc=loc_from_json(data["year_loc"], folder),
        file=under(folder, text_of(data["file"])),
        parent=text_of(data["parent"]),
        unit_files=tuple(
            (under(folder, text_of(path)), loc_from_json(loc, folder))
            for path, loc in data["unit_files"]
        ),
        totals=totals_from_json(data["totals"]),
    )


def totals_to_json(totals: Totals) -> dict[str, Any]:
    """Amounts as their exact decimal text, never as JSON numbers (floats)."""

    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    by_source = totals.revenue_by_source
    return {
        "revenue_by_source": None
        if by_source is None
        else {k: str(v) for k, v in by_source.items()},
        "carryover": text(totals.carryover),
        "revenue_total": text(totals.revenue_total),
        "basic": text(totals.basic),
        "projects": str(totals.projects),
        "expenditure_total": text(totals.expenditure_total),
        "three_public": text(totals.three_public),
        "project_count": totals.project_count,
    }


def totals_from_json(data: dict[str, Any]) -> Totals:
    def amount(value: Any) -> Decimal | None:
        return None if value is None else decimal_of(value)

    by_source = data["revenue_by_source"]
    return Totals(
        revenue_by_source=None
        if by_source is None
        else {k: decimal_of(by_source[k]) for k in RevenueSource if k in by_source},
        carryover=amount(data["carryover"]),
        revenue_total=amount(data["revenue_total"]),
        basic=amount(data["basic"]),
        projects=decimal_of(data["projects"]),
        expenditure_total=amount(data["expenditure_total"]),
        three_public=amount(data["three_public"]),
        project_count=number_of(data["project_count"]),
    )


def decimal_of(value: Any) -> Decimal:
    """An amount as docgen writes it: decimal text, never a JSON number, NaN or an exponent."""
    if not isinstance(value, str) or not DECIMAL_RE.match(value) or len(value) > 40:
        raise DamagedManifestError(f"{value!r} is not an amount")
    return Decimal(value)
