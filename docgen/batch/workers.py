"""Work spread over processes: checking folders for `docgen validate`, rendering documents for
`docgen build-all`.

Rendering: at most N documents in flight, each in a worker from a fork server that preloads
WeasyPrint and docxtpl. A worker ignores Ctrl-C, so the documents in flight finish and are
recorded; a worker that dies takes the documents in flight with it, and each is tried once
more in a new pool before it counts as failed. Checking: each folder (a department with its
units) in a forked worker, the rules across files in the parent on what the workers found.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from docgen.build import (
    Built,
    Checked,
    CheckedSource,
    check_file,
    check_paths,
    collector_paused,
    entry_of,
    expand_paths,
    read_county,
    render_source,
)
from docgen.findings import Finding, Location
from docgen.messages import make_finding
from docgen.provenance import Provenance
from docgen.rules.county import Entry, check_county
from docgen.source.load import Source
from docgen.source.validate import compile_validators

COUNTY_FILE = "county.yaml"


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def begin(self, name: str) -> None: ...
    def end(self, name: str, ok: bool) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def begin(self, name: str) -> None:
        pass

    def end(self, name: str, ok: bool) -> None:
        pass


@dataclass(frozen=True)
class Settings:
    out: Path
    formats: tuple[str, ...]
    templates: Path | None = None
    workers: int = 1
    force: bool = False
    pdf_engine: str = "weasyprint"


# -- checking in worker processes (docgen validate) -----------------------------------------


@dataclass(frozen=True)
class FolderChecked:
    """What a worker found in one folder: findings, the texts they quote, the entries."""

    findings: list[Finding]
    texts: dict[str, tuple[Path, str]]  # display → path and text, for quoting lines
    entries: list[Entry]


def check_in_parallel(paths: list[Path], workers: int) -> Checked:
    """`check_paths` for many sources: each folder is checked in a worker process (a
    department's units stay with it), then the county rules run on what the workers found."""
    files = expand_paths(paths)
    counties = [path for path in files if path.name == COUNTY_FILE]
    folders: dict[Path, list[Path]] = {}
    for path in files:
        if path not in counties:
            folders.setdefault(path.parent, []).append(path)
    if workers <= 1 or len(folders) < 2:
        return check_paths(paths)
    checked = Checked()
    # Forked: the workers start with docgen imported and its validators compiled (a fork server
    # would do both again, a third of a second). Forking is safe only without other threads.
    alone = threading.active_count() == 1
    context = multiprocessing.get_context("fork" if alone else "forkserver")
    compile_validators()
    # The largest folders first, so that no worker is left with a big one at the end.
    groups = sorted(folders.values(), key=lambda g: -sum(p.stat().st_size for p in g))
    with ProcessPoolExecutor(min(workers, len(folders)), mp_context=context) as pool:
        parts = list(pool.map(check_folder, groups))
    for part in parts:
        checked.add(part.findings)
        for display, (path, text) in part.texts.items():
            checked.sources[display] = Source(path, display, text, None)
    entries = [entry for part in parts for entry in part.entries]
    for path in counties:
        county = read_county(path, str(path), checked)
        if county is not None:
            folder = path.parent.resolve()
            inside = [e for e in entries if Path(e.file).resolve().is_relative_to(folder)]
            checked.add(check_county(county, inside))
    return checked


def check_folder(files: list[Path]) -> FolderChecked:
    checked = Checked()
    with collector_paused():
        for path in files:
            checked.include(check_file(path, str(path), checked))
    quoted = {finding.location.file for finding in checked.findings}  # the lines a report shows
    texts = {d: (s.path, s.text) for d, s in checked.sources.items() if d in quoted}
    entries = [entry_of(document) for document in checked.models.values() if document]
    return FolderChecked(checked.findings, texts, entries)


# -- rendering in worker processes -----------------------------------------------------------


def start_worker() -> None:
    """A worker ignores Ctrl-C: the batch finishes the documents in flight and stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def render_in_workers(
    jobs: list[Job],
    settings: Settings,
    progress: Progress,
    done: Callable[[CheckedSource, Built], None],
) -> None:
    """Render every target, at most `workers` at a time. A worker that dies takes down the
    documents in flight with it: each is tried once more, and fails when it dies again."""
    if settings.workers <= 1:
        for job in jobs:
            progress.begin(name_of(job.source))
            done(job.source, render_guarded(job, settings))
        return
    queue = deque((job, 0) for job in jobs)
    context = multiprocessing.get_context("forkserver")
    preload = ["docgen.render.pdf", "docgen.render.typst", "docgen.render.docx"]
    context.set_forkserver_preload(preload)
    while queue:
        with ProcessPoolExecutor(
            settings.workers, mp_context=context, initializer=start_worker
        ) as pool:
            crashed = run_pool(pool, queue, settings, progress, done)
        for job, attempt in crashed:
            if attempt >= 1:
                done(job.source, crash_outcome(job.source, "a worker process died"))
            else:
                queue.append((job, attempt + 1))


def run_pool(
    pool: ProcessPoolExecutor,
    queue: deque[tuple[Job, int]],
    settings: Settings,
    progress: Progress,
    done: Callable[[CheckedSource, Built], None],
) -> list[tuple[Job, int]]:
    """Feed the pool until the queue is empty; the jobs in flight when it broke, if it did."""
    running: dict[Future[Built], tuple[Job, int]] = {}
    try:
        while queue or running:
            while queue and len(running) < settings.workers:
                job, attempt = queue.popleft()
                progress.begin(name_of(job.source))
                try:
                    future = pool.submit(render_job, job, settings)
                except BrokenProcessPool:  # a worker died since the last job finished
                    return [(job, attempt), *running.values()]
                running[future] = (job, attempt)
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                job, attempt = running.pop(future)
                error = future.exception()
                if isinstance(error, BrokenProcessPool):
                    return [(job, attempt), *running.values()]
                outcome = future.result() if error is None else crash_outcome(job.source, error)
                done(job.source, outcome)
    except KeyboardInterrupt:
        queue.clear()
        for future, (job, _) in running.items():  # let the documents in flight finish
            error = future.exception()
            outcome = future.result() if error is None else crash_outcome(job.source, error)
            done(job.source, outcome)
        raise
    return []


@dataclass(frozen=True)
class Job:
    source: CheckedSource
    provenance: Provenance


def render_job(job: Job, settings: Settings) -> Built:
    return render_source(
        job.source,
        job.provenance,
        settings.out,
        settings.formats,
        settings.templates,
        pdf_engine=settings.pdf_engine,
    )


def render_guarded(job: Job, settings: Settings) -> Built:
    try:
        return render_job(job, settings)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:  # one document's bug must not stop the county
        return crash_outcome(job.source, error)


def crash_outcome(source: CheckedSource, error: BaseException | str) -> Built:
    entry = entry_of(source)
    reason = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    loc = Location(entry.file, 1, 1)
    return Built(entry.slug, entry.name, (), (make_finding("render-crashed", loc, reason=reason),))


def name_of(source: CheckedSource) -> str:
    entry = entry_of(source)
    return f"{entry.slug} {entry.name}"
