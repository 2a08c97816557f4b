"""What a county build shows on the terminal: a progress bar while it renders, a summary after.

Progress goes to stderr and only to a terminal (a CI log gets the summary alone); the summary
table lists what was built, what was already up to date and what failed, with each failure's
findings.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table

from docgen.batch.run import BatchResult
from docgen.messages import render_message
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
    },
    "en": {
        "rendering": "rendering",
        "removed": "removed (source gone)",
        "interrupted": "interrupted: documents in flight were finished, the rest build next time",
        "status": "status",
        "count": "count",
        "document": "document",
        "why": "why",
    },
}
MAX_REASONS = 3  # findings shown per failure in the table; all of them are printed above it


class RichProgress:
    """A bar with done/total, elapsed time and the documents being rendered now."""

    def __init__(self, console: Console, lang: str) -> None:
        self.words = WORDS[lang]
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=30),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            # The documents being rendered, cut to the terminal's width rather than wrapped.
            TextColumn(
                "{task.fields[flight]}",
                table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1),
            ),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.task = self.progress.add_task(self.words["rendering"], total=0, flight="")
        self.flight: list[str] = []

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)
        self.progress.start()

    def begin(self, name: str) -> None:
        if name not in self.flight:  # a document tried again after a worker died
            self.flight.append(name)
        self.progress.update(self.task, flight="  ".join(self.flight))

    def end(self, name: str, ok: bool) -> None:
        if name in self.flight:
            self.flight.remove(name)
        self.progress.update(self.task, advance=1, flight="  ".join(self.flight))

    def stop(self) -> None:
        self.progress.stop()


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
    failed = [o for o in result.outcomes if o.status is Status.failed]
    if not failed:
        return None
    words = WORDS[lang]
    table = Table(show_header=True, header_style="bold", title=Status.failed.label(lang))
    table.add_column(words["document"])
    table.add_column(words["why"])
    for outcome in sorted(failed, key=lambda o: o.name):
        reasons = [
            f"{f.location}: {render_message(f, lang)}" for f in outcome.findings if f.is_error
        ]
        if len(reasons) > MAX_REASONS:
            reasons = [*reasons[:MAX_REASONS], f"… (+{len(reasons) - MAX_REASONS})"]
        table.add_row(f"{outcome.name}\n{outcome.title}", "\n".join(reasons))
    return table
