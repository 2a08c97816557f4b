"""The command line: a thin layer over `build` and `report`.

Exit codes: 0 clean, 1 errors in the sources (or warnings with --strict), 2 usage errors,
3 a bug in docgen (one line; the traceback only with --debug).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from docgen import __version__
from docgen.batch.console import WORDS, RichProgress, failures_table, summary_table
from docgen.batch.run import build_county
from docgen.batch.workers import Settings, signal_of, stop_on_signals
from docgen.build import Built, build_source
from docgen.check import check, expand_paths
from docgen.findings import DocgenError, Finding, count_errors
from docgen.history.diff import diff_paths, revision_spec
from docgen.history.report import format_json as format_diff_json
from docgen.history.report import format_markdown, format_rich
from docgen.profiles import DEFAULT_PROFILE, list_profiles
from docgen.render import FORMATS, PDF_ENGINES
from docgen.report import format_json, format_text
from docgen.source.validate import load_schema
from docgen.terms import CheckReport, DiffReport, Kind, Lang, PdfEngine

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="docgen：由 YAML 预算源文件生成并核对预算信息公开文档。",
)
_state = {"debug": False}


# The options several commands share, declared once so that they are named and explained the
# same everywhere. `--formats` are output formats; a report's own format is `--report`.
LangOption = Annotated[
    Lang | None, typer.Option("--lang", help="Message language: zh or en (default: locale).")
]
OutputOption = Annotated[Path, typer.Option("--output", "-o", help="Output folder.")]
FormatsOption = Annotated[
    str,
    typer.Option("--formats", "-f", help=f"Output formats, comma-separated: {','.join(FORMATS)}."),
]
JobsOption = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: cores).")
]
TemplatesOption = Annotated[
    Path | None, typer.Option("--templates", help="A folder of partials overriding ours.")
]
PathsArgument = Annotated[
    list[Path], typer.Argument(help="Unit or department sources, or folders.")
]
PdfEngineOption = Annotated[
    PdfEngine,
    typer.Option(
        "--pdf-engine",
        help=f"Who lays out the PDF: {' or '.join(PDF_ENGINES)} (default: the first).",
    ),
]
ALL_FORMATS = ",".join(FORMATS)
DEFAULT_OUTPUT = Path("out")


def default_lang() -> Lang:
    """Chinese for a zh_* locale, English otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return Lang.zh if value.lower().startswith("zh") else Lang.en
    return Lang.en


def _version(show: bool) -> None:
    if show:
        typer.echo(f"docgen {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    _state["debug"] = debug


@app.command()
def validate(
    paths: PathsArgument,
    *,
    report: Annotated[
        CheckReport, typer.Option("--report", help="How to report the findings: text or json.")
    ] = CheckReport.text,
    lang: LangOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    jobs: JobsOption = None,
    legacy: Annotated[
        CheckReport | None, typer.Option("--format", hidden=True, help="Old name of --report.")
    ] = None,
) -> None:
    """Check sources against the schema and the identities of a disclosure."""
    language = (lang or default_lang()).value
    if not expand_paths(paths):
        raise typer.BadParameter("no YAML sources (*.yaml) found there", param_hint="PATHS")
    checked = check(paths, jobs or os.cpu_count() or 1)
    findings = checked.sorted_findings()
    if (legacy or report) is CheckReport.json:
        typer.echo(format_json(findings, language))
    else:
        typer.echo(format_text(findings, checked.sources, language))
    failing = [f for f in findings if f.is_error or strict]
    raise typer.Exit(1 if failing else 0)


def parse_formats(value: str) -> tuple[str, ...]:
    """The formats asked for, each once, checked against the registered renderers."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise typer.BadParameter(
            f"unknown format {', '.join(unknown) or '(none)'}; use {', '.join(FORMATS)}",
            param_hint="--formats",
        )
    return names


@app.command()
def build(
    paths: PathsArgument,
    *,
    output: OutputOption = DEFAULT_OUTPUT,
    formats: FormatsOption = ALL_FORMATS,
    lang: LangOption = None,
    templates: TemplatesOption = None,
    pdf_engine: PdfEngineOption = PdfEngine.weasyprint,
) -> None:
    """Check sources, then render every valid one to OUT/<code>-<year>/ (HTML, PDF, DOCX, and
    XLSX for the standard tables)."""
    language = (lang or default_lang()).value
    chosen = parse_formats(formats)
    if not expand_paths(paths):
        raise typer.BadParameter("no YAML sources (*.yaml) found there", param_hint="PATHS")
    checked = check(paths)
    results = [
        build_source(s, checked, output, chosen, templates, pdf_engine=pdf_engine.value)
        for s in checked.documents
    ]
    render_findings = [f for r in results for f in r.findings if f not in checked.findings]
    findings = sorted([*checked.findings, *render_findings], key=lambda f: f.sort_key())
    if findings:
        typer.echo(format_text(findings, checked.sources, language))
    for result in results:
        typer.echo(summary_line(result, language, set(checked.findings)))
    failed = any(not r.ok for r in results) or count_errors(checked.findings) > 0
    raise typer.Exit(1 if failed else 0)


def summary_line(result: Built, language: str, checked: set[Finding]) -> str:
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


@app.command("build-all")
def build_all(
    folder: Annotated[Path, typer.Argument(help="A county's folder (county.yaml at its root).")],
    *,
    output: OutputOption = DEFAULT_OUTPUT,
    formats: FormatsOption = ALL_FORMATS,
    jobs: JobsOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even what is up to date.")
    ] = False,
    lang: LangOption = None,
    templates: TemplatesOption = None,
    pdf_engine: PdfEngineOption = PdfEngine.weasyprint,
) -> None:
    """Build a whole county: check every source, render what changed in parallel, and write
    OUT/index.html and OUT/summary.xlsx."""
    language = (lang or default_lang()).value
    if not folder.is_dir() or not expand_paths([folder]):
        raise typer.BadParameter("not a folder of YAML sources", param_hint="FOLDER")
    settings = Settings(
        output,
        parse_formats(formats),
        templates,
        jobs or os.cpu_count() or 1,
        force,
        pdf_engine.value,
    )
    console = Console(stderr=True)
    progress = RichProgress(console, language)
    try:
        with stop_on_signals():
            result = build_county(folder, settings, progress)
    except KeyboardInterrupt as stop:  # before anything was rendered, or after the index
        progress.stop()
        typer.echo(WORDS[language]["interrupted"])
        raise typer.Exit(128 + signal_of(stop)) from None
    finally:
        progress.stop()
    if result.findings:
        typer.echo(format_text(result.findings, result.sources, language))
    out = Console()
    out.print(summary_table(result, language))
    failures = failures_table(result, language)
    if failures is not None:
        out.print(failures)
    if result.interrupted:
        out.print(WORDS[language]["interrupted"])
    raise typer.Exit(128 + result.signal if result.interrupted else 1 if result.failed else 0)


@app.command()
def diff(
    sides: Annotated[
        list[str],
        typer.Argument(help="OLD NEW (each a file, a folder or REV:path), or with --rev a folder."),
    ],
    *,
    rev: Annotated[
        str | None, typer.Option("--rev", help="A..B: the folder at revision A against B.")
    ] = None,
    report: Annotated[
        DiffReport, typer.Option("--report", help="How to report: text, markdown or json.")
    ] = DiffReport.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when something changed, 0 when not.")
    ] = False,
    lang: LangOption = None,
    legacy: Annotated[
        DiffReport | None, typer.Option("--format", hidden=True, help="Old name of --report.")
    ] = None,
) -> None:
    """What changed in the figures: projects, every figure old → new, indicators, and the
    totals they move (unit, department, county)."""
    language = (lang or default_lang()).value
    old, new = diff_sides(sides, rev)
    result, *checks = diff_paths(old, new)
    errors = [f for checked in checks for f in checked.sorted_findings() if f.is_error]
    if errors:  # those documents could not be compared; say why, apart from the report
        sources = {k: v for checked in checks for k, v in checked.sources.items()}
        typer.echo(format_text(errors, sources, language), err=True)
    report = legacy or report
    if report is DiffReport.json:
        typer.echo(format_diff_json(result))
    elif report is DiffReport.markdown:
        typer.echo(format_markdown(result, language))
    else:
        Console().print(format_rich(result, language))
    # Errors on the new side are bad input, whatever the comparison found.
    raise typer.Exit(1 if (exit_code and result.changed) or result.new_errors else 0)


def diff_sides(sides: list[str], rev: str | None) -> tuple[str, str]:
    if rev is None:
        if len(sides) != 2:
            raise typer.BadParameter("give OLD and NEW, or --rev A..B FOLDER", param_hint="SIDES")
        return sides[0], sides[1]
    first, dots, second = rev.partition("..")
    if len(sides) != 1 or not dots or not first:
        raise typer.BadParameter("use --rev A..B FOLDER (B defaults to HEAD)", param_hint="--rev")
    folder = Path(sides[0])
    return revision_spec(first, folder), revision_spec(second or "HEAD", folder)


@app.command()
def doctor() -> None:
    """Report what rendering needs and whether this machine has it."""
    from docgen.doctor import run_checks  # noqa: PLC0415

    checks = run_checks()
    for probe in checks:
        mark = "ok " if probe.ok else ("-- " if probe.optional else "NO ")
        typer.echo(f"{mark} {probe.name}: {probe.detail}")
    raise typer.Exit(0 if all(c.ok or c.optional for c in checks) else 1)


@app.command()
def schema(
    kind: Annotated[Kind, typer.Argument(help="unit, department or county.")] = Kind.unit,
) -> None:
    """Print the JSON Schema of a source kind (for editors and other tools)."""
    typer.echo(json.dumps(load_schema(kind.value), ensure_ascii=False, indent=2))


@app.command()
def profiles(
    folder: Annotated[
        Path | None,
        typer.Argument(help="A folder of sources: its own profiles are listed first."),
    ] = None,
) -> None:
    """List the province profiles a source can name (`profile:`), with their tables."""
    source = folder / "county.yaml" if folder is not None else None
    for profile in list_profiles(source):
        default = "（默认）" if profile.id == DEFAULT_PROFILE else ""
        typer.echo(f"{profile.id}{default}  {profile.name}：{profile.description}")
        titles = "、".join(f"{t.title}（{t.money_unit}）" for t in profile.tables)
        typer.echo(f"    {profile.tables_heading}：{titles}")


def main() -> None:
    try:
        app()
    except DocgenError as exc:
        typer.echo(f"docgen: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # anything else is a bug in docgen, not in the sources
        if _state["debug"]:
            traceback.print_exc()
        typer.echo(
            f"docgen: internal error: {type(exc).__name__}: {exc} (rerun with --debug)", err=True
        )
        sys.exit(3)
