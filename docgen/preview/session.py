"""A preview session: each document's latest check and its last good rendering.

A document is checked and rendered again (HTML only, as `docgen build -f html` renders it) when
the contents of the files it was made from changed; until then the page is served from memory.
When its sources have errors, the last rendering that had none is kept to be shown under them.
One lock orders the checks, renders and builds: the pipeline's caches were written for one
thread, and a preview is one person saving one file at a time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from docgen.build import Built, blocking_findings, build_source
from docgen.check import Checked, check, expand_paths
from docgen.document import Document
from docgen.findings import Finding
from docgen.preview.folder import Folder, stamp_of, version_of
from docgen.provenance import ProvenanceReader
from docgen.render import render_document
from docgen.source.load import Source
from docgen.terms import Format


@dataclass(frozen=True)
class Rendering:
    """One check of a document's source and, when it had no errors, its page."""

    version: str  # of the contents of `depends` when it was made
    depends: tuple[Path, ...]  # every file read to make it
    findings: tuple[Finding, ...]
    sources: dict[str, Source]  # for quoting the lines the findings are on
    document: Document | None
    page: str | None  # the HTML, as `docgen build -f html` writes it

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.is_error)


@dataclass(frozen=True)
class Preview:
    latest: Rendering
    good: Rendering | None  # the last rendering with a page: the latest, or an older one


@dataclass(frozen=True)
class Listed:
    """A document in the folder's index, with what its check found."""

    relative: str
    title: str
    errors: int
    warnings: int


@dataclass(frozen=True)
class Listing:
    version: str
    documents: tuple[Listed, ...]


class Session:
    def __init__(self, folder: Folder, output: Path, templates: Path | None = None) -> None:
        self.folder = folder
        self.output = output
        self.templates = templates
        self.lock = threading.Lock()
        self.previews: dict[Path, Preview] = {}
        self.listing: Listing | None = None

    def version(self, path: Path) -> str:
        """The version of a document's files now: what its page polls for."""
        shown = self.previews.get(path)
        return version_of(list(shown.latest.depends) if shown else [path])

    def show(self, path: Path) -> Preview:
        """The document's preview, checked and rendered again if a file it is made from
        changed."""
        with self.lock:
            shown = self.previews.get(path)
            before = self.version(path)
            if shown is not None and shown.latest.version == before:
                return shown
            latest = render_preview(path, before, self.templates)
            good = latest if latest.page is not None else shown.good if shown else None
            self.previews[path] = Preview(latest, good)
            return self.previews[path]

    def build(self, path: Path, format_: Format) -> tuple[Built, Checked]:
        """Build the document in one format into the output folder, as `docgen build` does."""
        with self.lock:
            checked = check([path])
            source = checked.models.get(path.resolve())
            if source is None:
                errors = tuple(f for f in checked.sorted_findings() if f.is_error)
                return Built(path.name, path.name, (), errors), checked
            built = build_source(source, checked, self.output, (format_.value,), self.templates)
            return built, checked

    def index(self) -> Listing:
        """Every document in the folder with the count of its errors and warnings."""
        with self.lock:
            version = self.index_version()
            if self.listing is None or self.listing.version != version:
                self.listing = list_documents(self.folder, version)
            return self.listing

    def index_version(self) -> str:
        return stamp_of(expand_paths([self.folder.root]))


def render_preview(path: Path, version: str, templates: Path | None) -> Rendering:
    """Check the source; render its document's HTML page unless its files have errors."""
    checked = check([path])
    source = checked.models.get(path.resolve())
    depends = {path, *(s.path for s in checked.sources.values())}
    depends |= set(source.paths if source is not None else ())
    if set(depends) != {path}:  # a department's units: their contents are its version too
        version = version_of(list(depends))
    findings = checked.sorted_findings()
    document, page = None, None
    if source is not None and not blocking_findings(source, checked.findings):
        document = source.document()
        stamp = ProvenanceReader().of(list(source.paths))
        rendered = render_document(document, stamp, (Format.html.value,), templates)
        findings += [f for f in rendered.findings if f not in checked.findings]
        html = rendered.files.get(Format.html.value)
        page = html.decode("utf-8") if html is not None else None
    return Rendering(
        version, tuple(sorted(depends)), tuple(findings), checked.sources, document, page
    )


def list_documents(folder: Folder, version: str) -> Listing:
    """Check the folder once (a county's rules included, as `docgen validate` does) and count
    each document's findings in the files it is made from."""
    checked = check([folder.root]) if folder.only is None else check(folder.sources())
    listed = []
    for path in folder.sources():
        source = checked.models.get(path.resolve())
        files = source.files if source is not None else frozenset({str(path)})
        own = [f for f in checked.findings if f.location.file in files]
        errors = sum(1 for f in own if f.is_error)
        title = source.title if source is not None else path.name
        listed.append(Listed(folder.relative(path), title, errors, len(own) - errors))
    return Listing(version, tuple(listed))
