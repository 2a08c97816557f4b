"""Reporting: findings as compiler-style text (source line and caret) or as JSON.

Takes findings and the loaded sources, hands on strings; the CLI prints them. Messages come from
the catalogue in `messages`, in the language asked for.
"""

from __future__ import annotations

import json
import unicodedata

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
