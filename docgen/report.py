"""Reporting: findings as compiler-style text (source line and caret) or as JSON, and what
became of each file checked and each document built.

Takes findings and the loaded sources, hands on strings; the CLI prints them. Messages come from
the catalogue in `messages`, in the language asked for.
"""

from __future__ import annotations

import json
import unicodedata

from docgen.build import Built
from docgen.check import Checked
from docgen.findings import Finding
from docgen.messages import render_message
from docgen.source.load import Source

SEVERITY_WORDS = {
    "zh": {"error": "错误", "warning": "警告"},
    "en": {"error": "error", "warning": "warning"},
}


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two, so the caret lands under the value."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_finding(finding: Finding, sources: dict[str, Source], lang: str) -> str:
    severity = SEVERITY_WORDS[lang][finding.severity.value]
    loc = finding.location
    head = f"{loc}: {severity}[{finding.code}] {render_message(finding, lang)}"
    source = sources.get(loc.file)
    line = source.line_text(loc.line) if source else ""
    if not line:
        return head
    gutter = f"{loc.line:>5} | "
    before = line[: loc.column - 1]
    rest = line[loc.column - 1 :]
    shown_value = finding.value.split("\n", 1)[0]
    span = rest[: len(shown_value)] if shown_value and shown_value in rest else rest[:1]
    caret = " " * display_width(before) + "^" * max(1, display_width(span))
    return f"{head}\n{gutter}{line}\n{' ' * (len(gutter) - 2)}| {caret}"


def summary_line(findings: list[Finding], lang: str) -> str:
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    if lang == "zh":
        return f"{errors} 个错误，{warnings} 个警告" if findings else "未发现问题"
    if not findings:
        return "no problems found"
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def format_text(findings: list[Finding], sources: dict[str, Source], lang: str) -> str:
    blocks = [format_finding(f, sources, lang) for f in findings]
    return "\n".join([*blocks, summary_line(findings, lang)])


def format_json(findings: list[Finding], lang: str) -> str:
    records = [
        {
            "code": f.code,
            "severity": f.severity.value,
            "file": f.location.file,
            "line": f.location.line,
            "column": f.location.column,
            "value": f.value,
            "message": render_message(f, lang),
            "params": f.args,
        }
        for f in findings
    ]
    errors = sum(1 for f in findings if f.is_error)
    summary = {"errors": errors, "warnings": len(findings) - errors}
    return json.dumps({"findings": records, "summary": summary}, ensure_ascii=False, indent=2)


def checked_files(checked: Checked, seconds: float, language: str) -> str:
    """Every file checked, with its errors and warnings, and the time it took."""
    files = sorted({e.file for e in checked.entries} | {f.location.file for f in checked.findings})
    lines = []
    for name in files:
        own = [f for f in checked.findings if f.location.file == name]
        counts = summary_line(own, language)
        lines.append(
            f"已检查 {name}：{counts}" if language == "zh" else f"checked {name}: {counts}"
        )
    took = (
        f"{len(files)} 个文件，用时 {seconds:.1f} 秒"
        if language == "zh"
        else (f"{len(files)} file(s) in {seconds:.1f} s")
    )
    return "\n".join([*lines, took])


def built_line(result: Built, language: str, checked: set[Finding]) -> str:
    """What became of one document: its files, or why there are none (its sources' errors, or
    a failure while rendering it)."""
    if result.ok:
        files = ", ".join(str(path) for path in result.files)
        return (
            f"已生成 {result.name}：{files}"
            if language == "zh"
            else f"built {result.name}: {files}"
        )
    if not any(finding in checked for finding in result.findings):
        if language == "zh":
            return f"未生成 {result.name}：生成时出错，见上"
        return f"not built {result.name}: rendering it failed, see above"
    if language == "zh":
        return f"未生成 {result.name}：源文件有错误，见上"
    return f"not built {result.name}: its sources have errors, see above"
