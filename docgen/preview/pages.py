"""What the browser shows: a document's page with the preview's panel, findings beside their
sections and the script that reloads it; a page of errors when there is no good rendering yet;
the folder's index.

Pages are made from the templates in `templates/preview/` (jinja2, autoescape on, StrictUndefined):
a source's text is data on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from docgen.findings import Finding
from docgen.preview.places import place_findings
from docgen.preview.session import Listing, Preview
from docgen.report import format_finding, summary_line
from docgen.resources import data_path
from docgen.source.load import Source
from docgen.terms import Format

POLL_MS = 400  # how often a page asks whether its sources changed
BUILD_FORMATS = (Format.pdf, Format.docx)  # the buttons: what a preview does not show itself

WORDS = {
    "zh": {
        "lang": "zh-CN",
        "preview": "预览",
        "index": "返回文件列表",
        "build": "生成 {format}",
        "building": "正在生成……",
        "unreachable": "无法连接预览服务器",
        "section": "查看所在部分",
        "findings": "本部分的问题",
        "stale": "源文件有错误：以下是最后一次无误时的文档，改正错误后自动更新。",
        "nothing": "源文件有错误，还没有可显示的文档：改正错误后自动显示。",
        "no-document": "这个文件本身不生成文档（例如县级文件）。",
        "document": "文档",
        "file": "源文件",
        "status": "状态",
        "ok": "无误",
        "warnings": "{count} 个警告",
        "errors": "{count} 个错误",
    },
    "en": {
        "lang": "en",
        "preview": "Preview of",
        "index": "Back to the list of files",
        "build": "Build {format}",
        "building": "Building…",
        "unreachable": "The preview server cannot be reached",
        "section": "go to its section",
        "findings": "Findings in this section",
        "stale": "The sources have errors: below is the document as it last was without any; "
        "it is updated once they are fixed.",
        "nothing": "The sources have errors and there is no document to show yet: it is shown "
        "once they are fixed.",
        "no-document": "This file makes no document of its own (a county file, for instance).",
        "document": "Document",
        "file": "Source",
        "status": "Status",
        "ok": "ok",
        "warnings": "{count} warning(s)",
        "errors": "{count} error(s)",
    },
}


@dataclass(frozen=True)
class Shown:
    """A finding as a page shows it: the command line's text, and the section it concerns."""

    severity: str
    text: str
    anchor: str


@cache
def preview_environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(data_path("templates", "preview"))),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page_url(kind: str, relative: str) -> str:
    return f"/{kind}/{quote(relative)}"


def document_page(preview: Preview, relative: str, lang: str, in_folder: bool) -> str:
    """The last good page with the panel at its top and each finding beside its section; the
    panel alone when there is none."""
    latest, good = preview.latest, preview.good
    findings = list(latest.findings)
    placed = place_findings(latest.document, findings, latest.sources) if latest.document else {}
    shown = [shown_finding(f, latest.sources, lang, placed.get(f, "")) for f in findings]
    words = WORDS[lang]
    stale = ""
    if latest.page is None:
        stale = words["stale"] if good else words["nothing"]
        if not latest.errors:
            stale = words["no-document"]
    env = preview_environment()
    context = {
        "words": words,
        "relative": relative,
        "summary": summary_line(findings, lang),
        "folder_link": in_folder,
        "formats": BUILD_FORMATS if latest.page is not None else (),
        "stale": stale,
        "findings": shown,
        "config": script_config(relative, latest.version, lang),
    }
    if good is None or good.page is None:
        return env.get_template("errors.html.j2").render(context)
    panel = env.get_template("panel.html.j2").render(context)
    script = env.get_template("script.html.j2").render(context)
    style = env.get_template("preview.css.j2").render(context)
    page = insert_notes(good.page, shown, lang) if latest.page is not None else good.page
    page = page.replace("</head>", f"<style>\n{style}</style>\n</head>", 1)
    page = re.sub(r"<body[^>]*>", lambda m: f"{m.group(0)}\n{panel}", page, count=1)
    return page.replace("</body>", f"{script}</body>", 1)


def insert_notes(page: str, shown: list[Shown], lang: str) -> str:
    """Each section's findings after its heading. Anchors are docgen's own (s2, s5-3), and a
    heading's text is escaped, so the heading's end is the first closing tag after it."""
    by_anchor: dict[str, list[Shown]] = {}
    for item in shown:
        if item.anchor:
            by_anchor.setdefault(item.anchor, []).append(item)
    macro = preview_environment().get_template("findings.html.j2").module
    words = WORDS[lang]
    for anchor, items in by_anchor.items():
        note = str(macro.note(items, words)).strip()  # type: ignore[attr-defined]
        heading = re.compile(rf'<section id="{re.escape(anchor)}"[^>]*>\s*<h\d>.*?</h\d>', re.S)
        found = heading.search(page)
        if found is not None:
            page = page[: found.end()] + note + page[found.end() :]
    return page


def shown_finding(finding: Finding, sources: dict[str, Source], lang: str, anchor: str) -> Shown:
    return Shown(finding.severity.value, format_finding(finding, sources, lang), anchor)


def script_config(relative: str, version: str, lang: str) -> dict[str, object]:
    words = WORDS[lang]
    return {
        "version_url": page_url("version", relative) if relative else "/version",
        "build_url": page_url("build", relative) if relative else "",
        "version": version,
        "interval": POLL_MS,
        "building": words["building"],
        "unreachable": words["unreachable"],
    }


def index_page(listing: Listing, folder: str, lang: str) -> str:
    words = WORDS[lang]
    rows = []
    for listed in listing.documents:
        severity = "error" if listed.errors else "warning" if listed.warnings else "ok"
        status = (
            words["errors"].format(count=listed.errors)
            if listed.errors
            else words["warnings"].format(count=listed.warnings)
            if listed.warnings
            else words["ok"]
        )
        href = page_url("doc", listed.relative)
        rows.append(
            {
                "href": href,
                "title": listed.title,
                "relative": listed.relative,
                "severity": severity,
                "status": status,
            }
        )
    return (
        preview_environment()
        .get_template("index.html.j2")
        .render(
            words=words,
            folder=folder,
            rows=rows,
            config=script_config("", listing.version, lang),
        )
    )
