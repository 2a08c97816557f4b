"""What a county build shows while it works and after: progress, and a summary.

Progress goes to stderr. On a terminal it is a bar with the count, the time taken and an
estimate of the time left, which keep their place at 80 columns, and the documents in flight on
a line of their own below; anywhere else (a CI job, cron) it is one line per finished document,
so that a log shows the build moving. The summary table counts what was built, what was already
up to date and what failed; each failure is named with its error count and first error, whose
findings are printed once, above it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TextIO

from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from docgen.batch.run import BatchResult
from docgen.terms import Status

WORDS = {
    "zh": {
        "rendering": "生成中",
        "removed": "已删除（源文件已不存在）",
        "interrupted": "已中断：正在生成的文档已完成，其余下次继续",
        "status": "结果",
        "count": "数量",
        "document": "文档",
        "why": "原因",
        "elapsed": "用时",
        "left": "预计剩余",
        "built": "已生成",
        "failed": "未生成",
        "start": "开始生成 {total} 个文档",
        "errors": "{count} 个错误，见上方 {first}",
    },
    "en": {
        "rendering": "rendering",
        "removed": "removed (source gone)",
        "interrupted": "interrupted: documents in flight were finished, the rest build next time",
        "status": "status",
        "count": "count",
        "document": "document",
        "why": "why",
        "elapsed": "elapsed",
        "left": "left",
        "built": "built",
        "failed": "failed",
        "start": "rendering {total} documents",
        "errors": "{count} error(s), see {first} above",
    },
}


class FlightProgress(Progress):
    """A progress bar with the documents in flight on a line of their own: beside the bar, they
    would squeeze the count and the times to “…” on a narrow terminal."""

    flight = ""

    def get_renderables(self) -> Iterable[RenderableType]:
        yield self.make_tasks_table(self.tasks)
        yield Text(self.flight, no_wrap=True, overflow="ellipsis")


class RichProgress:
    """On a terminal: a bar with done/total, time taken and left, and the documents in flight."""

    def __init__(self, console: Console, lang: str) -> None:
        self.words = WORDS[lang]
        self.progress = FlightProgress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=None),
            MofNCompleteColumn(),
            TextColumn(self.words["elapsed"]),
            TimeElapsedColumn(),
            TextColumn(self.words["left"]),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.task = self.progress.add_task(self.words["rendering"], total=0)
        self.flight: list[str] = []

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)
        self.progress.start()

    def begin(self, name: str) -> None:
        if name not in self.flight:  # a document tried again after a worker died
            self.flight.append(name)
        self.show_flight()

    def end(self, name: str, ok: bool) -> None:
        if name in self.flight:
            self.flight.remove(name)
        self.progress.update(self.task, advance=1)
        self.show_flight()

    def show_flight(self) -> None:
        self.progress.flight = "  ".join(self.flight)
        self.progress.refresh()

    def stop(self) -> None:
        self.progress.stop()


class SilentProgress:
    """With -q: nothing while the build works."""

    def start(self, total: int) -> None:
        pass

    def begin(self, name: str) -> None:
        pass

    def end(self, name: str, ok: bool) -> None:
        pass

    def stop(self) -> None:
        pass


class LineProgress:
    """Anywhere but a terminal: a line per finished document, with the count, the time taken
    and an estimate of the time left (from the pace so far)."""

    def __init__(
        self, stream: TextIO, lang: str, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream, self.words, self.clock = stream, WORDS[lang], clock
        self.total = self.done = 0
        self.started = clock()

    def start(self, total: int) -> None:
        self.total, self.started = total, self.clock()
        if total:
            self.say(self.words["start"].format(total=total))

    def begin(self, name: str) -> None:
        pass

    def end(self, name: str, ok: bool) -> None:
        self.done += 1
        elapsed = self.clock() - self.started
        left = elapsed / self.done * (self.total - self.done)
        width = len(str(self.total))
        status = self.words["built" if ok else "failed"]
        times = f"{self.words['elapsed']} {clock_time(elapsed)}  {self.words['left']} "
        self.say(f"[{self.done:>{width}}/{self.total}] {status} {name}  {times}{clock_time(left)}")

    def say(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()  # a log read while the build runs shows each line as it comes

    def stop(self) -> None:
        pass


def clock_time(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def summary_table(result: BatchResult, lang: str) -> Table:
    words = WORDS[lang]
    table = Table(show_header=True, header_style="bold")
    table.add_column(words["status"])
    table.add_column(words["count"], justify="right")
    for status in Status:
        table.add_row(status.label(lang), str(result.count(status)))
    if result.removed:
        table.add_row(words["removed"], str(len(result.removed)))
    return table


def failures_table(result: BatchResult, lang: str) -> Table | None:
    """Each failed document with its error count and first error; the findings themselves are
    printed once, above the table."""
    failed = [o for o in result.outcomes if o.status is Status.failed]
    if not failed:
        return None
    words = WORDS[lang]
    table = Table(show_header=True, header_style="bold", title=Status.failed.label(lang))
    table.add_column(words["document"])
    table.add_column(words["why"])
    for outcome in sorted(failed, key=lambda o: o.name):
        errors = [f for f in outcome.findings if f.is_error]
        first = str(errors[0].location) if errors else ""
        table.add_row(
            f"{outcome.name}\n{outcome.title}",
            words["errors"].format(count=len(errors), first=first),
        )
    return table
