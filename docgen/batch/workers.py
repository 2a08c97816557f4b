"""Rendering spread over processes, for `docgen build-all` (checking in processes is
docgen.check's).

Rendering: at most N documents in flight, each in a worker from a fork server that preloads the
modules of the chosen renderers (WeasyPrint only when it lays out the PDF). A worker ignores
Ctrl-C, SIGTERM and SIGHUP, so the documents in flight finish and are recorded (the batch itself
turns SIGTERM and SIGHUP into a Ctrl-C, see `stop_on_signals`); a worker that dies takes the
documents in flight with it, and each is tried once more in a new pool before it counts as failed.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from docgen.build import Built, render_source
from docgen.checked import CheckedDocument
from docgen.findings import Location
from docgen.messages import make_finding
from docgen.provenance import Provenance
from docgen.render import chosen_renderers, renderer_modules
from docgen.terms import PdfEngine, PdfVariant


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
    pdf_engine: str = PdfEngine.typst
    pdf_variant: str = PdfVariant.a2a


# -- rendering in worker processes -----------------------------------------------------------


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)  # what CI, systemd, `timeout` and a closed
# terminal send: handled like Ctrl-C, never a death that leaves the workers writing into OUT


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where Ctrl-C would be, so that one path handles all three."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def signal_of(stop: KeyboardInterrupt) -> int:
    """The signal that stopped the batch: the exit code is 128 + it (130, 143, 129)."""
    return stop.signum if isinstance(stop, Stopped) else int(signal.SIGINT)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `Stopped` in the main thread while the batch runs."""

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def start_fork_server() -> None:
    """Start the fork server with SIGTERM and SIGHUP ignored (an ignored signal stays ignored
    across exec, and its workers inherit it): a stop sent to the whole process group must not
    kill it under its workers, or the pool counts them dead while they go on writing."""
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in STOP_SIGNALS}
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def start_worker() -> None:
    """A worker ignores Ctrl-C, SIGTERM and SIGHUP (sent to the whole process group): the
    batch finishes the documents in flight, records them, and stops its workers."""
    for number in (signal.SIGINT, *STOP_SIGNALS):
        signal.signal(number, signal.SIG_IGN)


def start_workers(settings: Settings) -> multiprocessing.context.BaseContext:
    """The fork server the workers come from, started if it is not running. The batch starts it
    before it checks its sources, so that the server loads the renderers' libraries (a second
    of CPU) on the other core meanwhile: a rebuild of one unit waited for it after checking."""
    context = multiprocessing.get_context("forkserver")
    # Only what the chosen renderers need: every module preloaded is resident in each worker.
    # This module too: a worker imports it to read its first job (0.12 CPU-s a fresh worker).
    chosen = chosen_renderers(settings.formats, settings.pdf_engine)
    context.set_forkserver_preload([*renderer_modules(chosen), __name__])
    start_fork_server()
    return context


def render_in_workers(
    jobs: list[Job],
    settings: Settings,
    progress: Progress,
    done: Callable[[CheckedDocument, Built], None],
) -> None:
    """Render every target, at most `workers` at a time. A worker that dies takes down the
    documents in flight with it: each is tried once more, and fails when it dies again."""
    if settings.workers <= 1:
        for job in jobs:
            progress.begin(name_of(job.source))
            done(job.source, render_guarded(job, settings))
        return
    if not jobs:  # nothing changed: no fork server to start for it
        return
    pools = Pools(start_workers(settings), settings.workers)
    try:
        run_pools(pools, deque((job, 0) for job in jobs), settings, progress, done)
    finally:
        pools.close()


# A worker gives way to a fresh one from the fork server after this many documents. What Typst
# frees after a document is not all given back to the system: its caches' tables keep the size
# of the largest document laid out, and malloc's arenas what cannot be trimmed. A worker grew
# from 190 to 280 MB over its first twenty unit documents, and stayed past 370 MB after a
# department. A fresh worker costs about 0.2 CPU-s (its fonts read, its templates compiled).
DOCUMENTS_PER_WORKER = 5


class Pools:
    """The pool new documents go to, replaced by a new pool of fresh workers once it has been
    given `DOCUMENTS_PER_WORKER` documents a worker. A replaced pool is shut down without
    waiting: its idle workers exit at once, a busy one when its document is done, so that the
    documents in flight never hold up the next ones."""

    def __init__(self, context: multiprocessing.context.BaseContext, workers: int) -> None:
        self.context = context
        self.workers = workers
        self.current: ProcessPoolExecutor | None = None
        self.given = 0  # documents the current pool was given
        self.every: list[ProcessPoolExecutor] = []

    def next(self) -> ProcessPoolExecutor:
        """The pool to give the next document to."""
        if self.current is None or self.given >= DOCUMENTS_PER_WORKER * self.workers:
            if self.current is not None:
                self.current.shutdown(wait=False)
            self.current = ProcessPoolExecutor(
                self.workers, mp_context=self.context, initializer=start_worker
            )
            self.every.append(self.current)
            self.given = 0
        self.given += 1
        return self.current

    def discard(self, pool: ProcessPoolExecutor) -> None:
        """A broken pool: what is left of its workers is killed, and no document goes to it."""
        kill_workers(pool)
        if pool is self.current:
            self.current = None

    def close(self) -> None:
        for pool in self.every:
            pool.shutdown(wait=True)


def kill_workers(pool: ProcessPoolExecutor) -> None:
    """SIGKILL what is left of a broken pool. The pool stops the workers that outlive a dead
    one with SIGTERM, which a worker ignores (see `start_worker`); one left waiting on a lock
    of the work queue that the dead worker held never exits, and the pool's shutdown would
    wait for it forever."""
    processes = getattr(pool, "_processes", None) or {}
    for _ in range(3):  # the pool's own thread may change the table while it is read
        try:
            workers = list(processes.values())
        except RuntimeError:
            continue
        for worker in workers:
            worker.kill()  # one already gone is left alone
        return


@dataclass(frozen=True)
class Flight:
    """A document in a worker: its job, how many times it was tried before, and its pool."""

    job: Job
    attempt: int
    pool: ProcessPoolExecutor


def run_pools(
    pools: Pools,
    queue: deque[tuple[Job, int]],
    settings: Settings,
    progress: Progress,
    done: Callable[[CheckedDocument, Built], None],
) -> None:
    """Feed the pools until the queue is empty and every document is done. A pool that breaks
    takes its documents in flight with it: each goes back to the queue for a new pool, or
    fails when it was tried before."""
    running: dict[Future[Built], Flight] = {}
    try:
        while queue or running:
            while queue and len(running) < settings.workers:
                job, attempt = queue.popleft()
                progress.begin(name_of(job.source))
                pool = pools.next()
                try:
                    future = pool.submit(render_job, job, settings)
                except BrokenProcessPool:  # a worker died since the last job finished
                    retry_or_fail(broken(pools, Flight(job, attempt, pool), running), queue, done)
                    continue
                running[future] = Flight(job, attempt, pool)
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                flight = running.pop(future, None)
                if flight is None:  # gone with its broken pool, from an earlier future
                    continue
                error = future.exception()
                if isinstance(error, BrokenProcessPool):
                    retry_or_fail(broken(pools, flight, running), queue, done)
                    continue
                outcome = (
                    future.result() if error is None else crash_outcome(flight.job.source, error)
                )
                done(flight.job.source, outcome)
    except KeyboardInterrupt:
        queue.clear()
        for future, flight in running.items():  # let the documents in flight finish
            error = future.exception()
            source = flight.job.source
            outcome = future.result() if error is None else crash_outcome(source, error)
            done(source, outcome)
        raise


def broken(pools: Pools, flight: Flight, running: dict[Future[Built], Flight]) -> list[Flight]:
    """The documents in flight in the pool that broke under `flight`, that one first; the
    pool is discarded."""
    others = [future for future, other in running.items() if other.pool is flight.pool]
    pools.discard(flight.pool)
    return [flight, *(running.pop(future) for future in others)]


def retry_or_fail(
    flights: list[Flight],
    queue: deque[tuple[Job, int]],
    done: Callable[[CheckedDocument, Built], None],
) -> None:
    """Each document a dead worker took with it goes back to the queue, or fails if it was
    tried before."""
    for flight in flights:
        if flight.attempt >= 1:
            done(flight.job.source, crash_outcome(flight.job.source, "a worker process died"))
        else:
            queue.append((flight.job, flight.attempt + 1))


@dataclass(frozen=True)
class Job:
    source: CheckedDocument
    provenance: Provenance


def render_job(job: Job, settings: Settings) -> Built:
    return render_source(
        job.source,
        job.provenance,
        settings.out,
        settings.formats,
        settings.templates,
        pdf_engine=settings.pdf_engine,
        pdf_variant=settings.pdf_variant,
    )


def render_guarded(job: Job, settings: Settings) -> Built:
    try:
        return render_job(job, settings)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:  # one document's bug must not stop the county
        return crash_outcome(job.source, error)


def crash_outcome(source: CheckedDocument, error: BaseException | str) -> Built:
    entry = source.entry()
    reason = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    loc = Location(entry.file, 1, 1)
    return Built(entry.slug, entry.name, (), (make_finding("render-crashed", loc, reason=reason),))


def name_of(source: CheckedDocument) -> str:
    entry = source.entry()
    return f"{entry.slug} {entry.name}"
