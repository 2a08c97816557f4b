"""The batch's memory: what each built document was made from, so an unchanged one is skipped.

`OUT/docgen-manifest.json` holds one record per built document: the hashes of the source files it
was made from, the sizes of the files it wrote, its county entry and its warnings. One
environment hash covers everything else an output depends on: docgen's version, the formats, the
PDF engine and its release, the templates, the schemas and frameworks, and the font files. A
document is up to date when the environment is the same, every file it depends on hashes the
same and its outputs are still there with the sizes written; anything else rebuilds it. Paths are
kept relative to the county folder and the output folder, so the same county built from another
directory is still up to date.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any

from docgen import __version__
from docgen.compute import Totals
from docgen.findings import Finding, Location, Severity
from docgen.render import chosen_renderers
from docgen.render.fonts import FONTS, find_font
from docgen.resources import data_path
from docgen.rules.county import Entry
from docgen.terms import Kind, PdfEngine, RevenueSource
from docgen.write import write_atomic

MANIFEST_NAME = "docgen-manifest.json"
MANIFEST_FORMAT = 2


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


def hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_files(folder: Path, files: list[Path]) -> dict[str, str]:
    """Each file's sha256, keyed by its path relative to `folder` (forward slashes)."""
    return {relative(folder, path): hash_bytes(path.read_bytes()) for path in files}


def relative(folder: str | Path, path: str | Path) -> str:
    """`path` relative to `folder`, with forward slashes: how the manifest names a file."""
    return Path(os.path.relpath(path, folder)).as_posix()


def under(folder: str, path: str) -> str:
    """A manifest path displayed as the county folder was named on this run."""
    return str(Path(folder) / path)


def environment_hash(
    formats: tuple[str, ...], templates: Path | None, pdf_engine: str = PdfEngine.weasyprint
) -> str:
    """Everything besides the sources that the outputs depend on."""
    # Each format with the renderer that makes it, and the PDF engine's release: another
    # renderer, or another release of it, makes other bytes.
    chosen = chosen_renderers(formats, pdf_engine)
    renderers = ",".join(f"{r.format}={r.engine}:{r.module}:{r.function}" for r in chosen)
    engine = f"{pdf_engine} {version(pdf_engine)}"
    digest = hashlib.sha256(f"docgen {__version__}\n{renderers}\n{engine}\n".encode())
    folders = [data_path("templates"), data_path("schemas")]
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
    """The manifest in OUT, or an empty one when there is none, it cannot be read, or it was
    written for another environment (every document then rebuilds)."""
    try:
        data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT or data.get("environment") != environment:
            return Manifest(environment, {})
        records = [record_from_json(item, folder) for item in data["documents"]]
        index = str(data.get("index", ""))
    except (OSError, ValueError, KeyError, TypeError):
        return Manifest(environment, {})
    return Manifest(environment, {record.slug: record for record in records}, index)


def save_manifest(out: Path, manifest: Manifest, folder: str) -> None:
    data = {
        "format": MANIFEST_FORMAT,
        "environment": manifest.environment,
        "index": manifest.index,
        "documents": [
            record_to_json(manifest.records[slug], folder) for slug in sorted(manifest.records)
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_atomic(out / MANIFEST_NAME, text.encode("utf-8"))


def record_to_json(record: Record, folder: str) -> dict[str, Any]:
    return {
        "slug": record.slug,
        "file": record.file,
        "deps": record.deps,
        "outputs": record.outputs,
        "provenance": record.provenance,
        "entry": entry_to_json(record.entry, folder),
        "findings": [finding_to_json(f, folder) for f in record.findings],
    }


def record_from_json(data: dict[str, Any], folder: str) -> Record:
    return Record(
        slug=str(data["slug"]),
        file=str(data["file"]),
        deps={str(k): str(v) for k, v in data["deps"].items()},
        outputs={str(k): int(v) for k, v in data["outputs"].items()},
        provenance=str(data["provenance"]),
        entry=entry_from_json(data["entry"], folder),
        findings=tuple(finding_from_json(f, folder) for f in data["findings"]),
    )


def loc_to_json(loc: Location, folder: str) -> list[Any]:
    return [relative(folder, loc.file), loc.line, loc.column]


def loc_from_json(data: list[Any], folder: str) -> Location:
    return Location(under(folder, str(data[0])), int(data[1]), int(data[2]))


def finding_to_json(finding: Finding, folder: str) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "location": loc_to_json(finding.location, folder),
        "params": [list(pair) for pair in finding.params],
        "value": finding.value,
    }


def finding_from_json(data: dict[str, Any], folder: str) -> Finding:
    return Finding(
        code=str(data["code"]),
        severity=Severity(data["severity"]),
        location=loc_from_json(data["location"], folder),
        params=tuple((str(k), str(v)) for k, v in data["params"]),
        value=str(data["value"]),
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
        kind=Kind(data["kind"]),
        slug=str(data["slug"]),
        code=str(data["code"]),
        code_loc=loc_from_json(data["code_loc"], folder),
        name=str(data["name"]),
        year=int(data["year"]),
        year_loc=loc_from_json(data["year_loc"], folder),
        file=under(folder, str(data["file"])),
        parent=str(data["parent"]),
        unit_files=tuple(
            (under(folder, str(path)), loc_from_json(loc, folder))
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
        "revenue_total": text(totals.revenue_total),
        "basic": text(totals.basic),
        "projects": str(totals.projects),
        "expenditure_total": text(totals.expenditure_total),
        "three_public": text(totals.three_public),
        "project_count": totals.project_count,
    }


def totals_from_json(data: dict[str, Any]) -> Totals:
    def amount(value: Any) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    by_source = data["revenue_by_source"]
    return Totals(
        revenue_by_source=None
        if by_source is None
        else {k: Decimal(str(by_source[k])) for k in RevenueSource if k in by_source},
        revenue_total=amount(data["revenue_total"]),
        basic=amount(data["basic"]),
        projects=Decimal(str(data["projects"])),
        expenditure_total=amount(data["expenditure_total"]),
        three_public=amount(data["three_public"]),
        project_count=int(data["project_count"]),
    )
