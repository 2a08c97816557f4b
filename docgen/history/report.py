"""A semantic diff written out: a rich table for the terminal, Markdown for a pull-request
comment, JSON for tools. Amounts are printed exactly as the sources have them."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from docgen.document.columns import DIFF
from docgen.history.diff import Diff, DocumentDiff, FigureChange, TextChange
from docgen.terms import DiffStatus

MARKDOWN_ALIGN = {"left": "---", "center": ":-:", "right": "--:"}
WORDS = {
    "zh": {
        "added": DiffStatus.added.zh,
        "removed": DiffStatus.removed.zh,
        "renamed": "更名",
        "project": "项目",
        "totals": "计算合计的变化",
        "county": "全县合计",
        "none": "数字和指标没有变化。",
        # No spaces around the count: rich would wrap there, mid-sentence, not at the width.
        "errors_new": "注意：新版本有{n}个错误（见上方）：其数字未通过核对，"
        "格式有错、无法读出的文件未作比较。",
        "errors_old": "注意：旧版本有{n}个错误（见上方）。",
        "unread": "新版本的源文件有错误，无法读出，未作比较（见上方的错误）",
    },
    "en": {
        "added": DiffStatus.added.en,
        "removed": DiffStatus.removed.en,
        "renamed": "renamed",
        "project": "project",
        "totals": "computed totals",
        "county": "county totals",
        "none": "No figure or indicator changed.",
        "errors_new": "Note: the new side has {n} error(s) (listed above): its figures do not pass "
        "the checks, and a file that cannot be read is not compared.",
        "errors_old": "Note: the old side has {n} error(s) (listed above).",
        "unread": "the new side's source has errors and cannot be read: not compared (see the "
        "errors above)",
    },
}


def headings(lang: str) -> list[str]:
    """The change table's column headings in the report's language."""
    return [column.english if lang == "en" else column.heading for column in DIFF.columns]


def shown(value: Decimal | str | None) -> str:
    if value is None:
        return "—"
    return f"{value:f}" if isinstance(value, Decimal) else value


def signed(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"+{value:f}" if value > 0 else f"{value:f}"


def change_rows(document: DocumentDiff, words: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(what, old, new, change) for everything that changed in one document."""
    if document.status is DiffStatus.unread:
        return [(words["unread"], "", "", "")]
    rows = [
        (f"{words['project']} {c} {n}", "—", words["added"], "") for c, n in document.projects_added
    ]
    rows += [
        (f"{words['project']} {c} {n}", words["removed"], "—", "")
        for c, n in document.projects_removed
    ]
    rows += [
        (f"{words['project']} {c}", old, new, words["renamed"])
        for c, old, new in document.projects_renamed
    ]
    rows += [figure_row(change) for change in document.figures]
    rows += [text_row(change) for change in document.texts]
    rows += [figure_row(change, f"{words['totals']}：") for change in document.totals]
    return rows


def figure_row(change: FigureChange, prefix: str = "") -> tuple[str, str, str, str]:
    return (prefix + change.label, shown(change.old), shown(change.new), signed(change.delta))


def text_row(change: TextChange) -> tuple[str, str, str, str]:
    return (change.label, shown(change.old), shown(change.new), "")


def heading(document: DocumentDiff, lang: str) -> str:
    status = document.status
    shown = "" if status is DiffStatus.changed else f"（{status.label(lang)}）"
    return f"{document.kind.label(lang)} {document.slug} {document.name}{shown}"


def error_notes(diff: Diff, lang: str) -> list[str]:
    """What a reader must know before trusting the comparison: a side with errors."""
    words = WORDS[lang]
    sides = (("errors_new", diff.new_errors), ("errors_old", diff.old_errors))
    return [words[key].format(n=count) for key, count in sides if count]


def format_rich(diff: Diff, lang: str) -> RenderableType:
    words = WORDS[lang]
    notes: list[RenderableType] = [Text(note, style="bold") for note in error_notes(diff, lang)]
    if not diff.changed:
        return Group(*notes, Text(words["none"]))
    parts: list[RenderableType] = [
        Text(f"{diff.old_label} → {diff.new_label}", style="bold"),
        *notes,
    ]
    sections = [(heading(d, lang), change_rows(d, words)) for d in diff.documents]
    sections.append((words["county"], [figure_row(c) for c in diff.county]))
    for title, rows in sections:
        if not rows:
            continue
        table = Table(title=title, title_justify="left", show_header=True, header_style="bold")
        for column, text in zip(DIFF.columns, headings(lang), strict=True):
            table.add_column(text, justify=column.align)
        for row in rows:
            table.add_row(*row)
        parts.append(table)
    return Group(*parts)


def format_markdown(diff: Diff, lang: str) -> str:
    words = WORDS[lang]
    lines = [f"### {diff.old_label} → {diff.new_label}", ""]
    lines += [line for note in error_notes(diff, lang) for line in (f"**{note}**", "")]
    if not diff.changed:
        return "\n".join([*lines, words["none"], ""])
    sections = [(heading(d, lang), change_rows(d, words)) for d in diff.documents]
    sections.append((words["county"], [figure_row(c) for c in diff.county]))
    for title, rows in sections:
        if not rows:
            continue
        lines += [f"#### {markdown_cell(title)}", ""]
        lines.append("| " + " | ".join(headings(lang)) + " |")
        lines.append("|" + "|".join(MARKDOWN_ALIGN[c.align] for c in DIFF.columns) + "|")
        lines += ["| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


def markdown_cell(text: str) -> str:
    """Text from the sources is data: no pipes, line breaks or markup leak into the table."""
    escaped = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for char in "*_`[]<>#":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def format_json(diff: Diff) -> str:
    def figure(change: FigureChange) -> dict[str, Any]:
        return {
            "what": change.label,
            "old": shown(change.old) if change.old is not None else None,
            "new": shown(change.new) if change.new is not None else None,
            "delta": signed(change.delta) or None,
        }

    documents = [
        {
            "kind": d.kind,
            "slug": d.slug,
            "name": d.name,
            "status": d.status,
            "projects_added": [{"code": c, "name": n} for c, n in d.projects_added],
            "projects_removed": [{"code": c, "name": n} for c, n in d.projects_removed],
            "projects_renamed": [{"code": c, "old": o, "new": n} for c, o, n in d.projects_renamed],
            "figures": [figure(c) for c in d.figures],
            "texts": [{"what": c.label, "old": c.old, "new": c.new} for c in d.texts],
            "totals": [figure(c) for c in d.totals],
        }
        for d in diff.documents
    ]
    data = {
        "old": diff.old_label,
        "new": diff.new_label,
        "changed": diff.changed,
        "errors": {"old": diff.old_errors, "new": diff.new_errors},
        "documents": documents,
        "county": [figure(c) for c in diff.county],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
