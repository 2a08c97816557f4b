"""The command line: a thin layer over `build` and `report`.

Exit codes: 0 clean, 1 errors in the sources (or warnings with --strict), 2 usage errors,
3 a bug in docgen (one line; the traceback only with --debug).
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from docgen import __version__
from docgen.build import build_source
from docgen.check import check, expand_paths
from docgen.findings import DocgenError, count_errors
from docgen.helptext import LocalisedCommand, LocalisedGroup, default_lang
from docgen.options import (
    DEFAULT_OUTPUT,
    FormatsOption,
    JobsOption,
    LangOption,
    OutputOption,
    PathsArgument,
    PdfEngineOption,
    PdfVariantOption,
    QuietOption,
    TemplatesOption,
    VerboseOption,
    Verbosity,
    parse_formats,
    verbosity,
)
from docgen.profiles import DEFAULT_PROFILE, list_profiles
from docgen.report import built_line, checked_files, format_finding, format_json, summary_line
from docgen.source.load import STDIN
from docgen.source.template import render_source, schema_ref, target_of
from docgen.source.validate import load_schema
from docgen.terms import CheckReport, DiffReport, Kind, PdfEngine, PdfVariant
from docgen.write import safe_name, write_new

if TYPE_CHECKING:
    from docgen.batch.console import LineProgress, RichProgress, SilentProgress

# The batch (build-all, its progress and pool) and the history (diff) are imported by the commands
# that use them: `docgen build` and `validate` start without them.

app = typer.Typer(
    cls=LocalisedGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="docgen: check YAML budget sources and make the public budget disclosures from them.",
)
_state = {"debug": False}


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


@app.command(cls=LocalisedCommand)
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Unit or department sources, or folders; - reads one source from standard input."
        ),
    ],
    *,
    report: Annotated[
        CheckReport, typer.Option("--report", help="How to report the findings: text or json.")
    ] = CheckReport.text,
    lang: LangOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    legacy: Annotated[
        CheckReport | None, typer.Option("--format", hidden=True, help="Old name of --report.")
    ] = None,
) -> None:
    """Check sources against the schema and the identities of a disclosure."""
    language = (lang or default_lang()).value
    level = verbosity(quiet, verbose)
    if not expand_paths(paths):
        raise typer.BadParameter("no YAML sources (*.yaml) found there", param_hint="PATHS")
    started = time.monotonic()
    # Standard input is read once, in this process.
    checked = check(paths, 1 if STDIN in paths else jobs or os.cpu_count() or 1)
    findings = checked.sorted_findings()
    if (legacy or report) is CheckReport.json:
        typer.echo(format_json(findings, language))
    else:
        shown = [f for f in findings if f.is_error or strict or level > Verbosity.quiet]
        if shown or level > Verbosity.quiet:
            blocks = [format_finding(f, checked.sources, language) for f in shown]
            typer.echo("\n".join([*blocks, summary_line(findings, language)]))
        if level is Verbosity.verbose:
            typer.echo(checked_files(checked, time.monotonic() - started, language))
    failing = [f for f in findings if f.is_error or strict]
    raise typer.Exit(1 if failing else 0)


@app.command(cls=LocalisedCommand)
def build(
    paths: PathsArgument,
    *,
    output: OutputOption = DEFAULT_OUTPUT,
    formats: FormatsOption = None,
    lang: LangOption = None,
    templates: TemplatesOption = None,
    pdf_engine: PdfEngineOption = PdfEngine.typst,
    pdf_variant: PdfVariantOption = PdfVariant.a2a,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Check sources, then render every valid one to OUT/<code>-<year>/ (HTML, PDF, DOCX, and
    for the standard tables XLSX and open data: CSV with datapackage.json)."""
    language = (lang or default_lang()).value
    level = verbosity(quiet, verbose)
    chosen = parse_formats(formats)
    if STDIN in paths:  # a document's provenance and last year's source need its file
        raise typer.BadParameter("build reads files: give the source's path", param_hint="PATHS")
    if not expand_paths(paths):
        raise typer.BadParameter("no YAML sources (*.yaml) found there", param_hint="PATHS")
    checked = check(paths)
    results, seconds = [], []
    for source in checked.documents:
        started = time.monotonic()
        results.append(
            build_source(
                source,
                checked,
                output,
                chosen,
                templates,
                pdf_engine=pdf_engine.value,
                pdf_variant=pdf_variant.value,
            )
        )
        seconds.append(time.monotonic() - started)
    render_findings = [f for r in results for f in r.findings if f not in checked.findings]
    findings = sorted([*checked.findings, *render_findings], key=lambda f: f.sort_key())
    shown = [f for f in findings if f.is_error or level > Verbosity.quiet]
    if shown:
        blocks = [format_finding(f, checked.sources, language) for f in shown]
        typer.echo("\n".join([*blocks, summary_line(findings, language)]))
    for result, took in zip(results, seconds, strict=True):
        if not result.ok or level > Verbosity.quiet:
            timing = f"（{took:.1f} 秒）" if language == "zh" else f" ({took:.1f} s)"
            line = built_line(result, language, set(checked.findings))
            typer.echo(line + timing if level is Verbosity.verbose else line)
    failed = any(not r.ok for r in results) or count_errors(checked.findings) > 0
    raise typer.Exit(1 if failed else 0)


@app.command("build-all", cls=LocalisedCommand)
def build_all(
    folder: Annotated[Path, typer.Argument(help="A county's folder (county.yaml at its root).")],
    *,
    output: OutputOption = DEFAULT_OUTPUT,
    formats: FormatsOption = None,
    jobs: JobsOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even what is up to date.")
    ] = False,
    lang: LangOption = None,
    templates: TemplatesOption = None,
    pdf_engine: PdfEngineOption = PdfEngine.typst,
    pdf_variant: PdfVariantOption = PdfVariant.a2a,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Build a whole county: check every source, render what changed in parallel, and write
    OUT/index.html and OUT/summary.xlsx (with -f data also OUT/datapackage.json)."""
    from docgen.batch.console import WORDS, failures_table, summary_table  # noqa: PLC0415
    from docgen.batch.run import build_county  # noqa: PLC0415
    from docgen.batch.workers import Settings, signal_of, stop_on_signals  # noqa: PLC0415

    language = (lang or default_lang()).value
    level = verbosity(quiet, verbose)
    if not folder.is_dir() or not expand_paths([folder]):
        raise typer.BadParameter("not a folder of YAML sources", param_hint="FOLDER")
    settings = Settings(
        output,
        parse_formats(formats),
        templates,
        jobs or os.cpu_count() or 1,
        force,
        pdf_engine.value,
        pdf_variant.value,
    )
    progress = progress_for(Console(stderr=True), level, language)
    try:
        with stop_on_signals():
            result = build_county(folder, settings, progress)
    except KeyboardInterrupt as stop:  # before anything was rendered, or after the index
        progress.stop()
        typer.echo(WORDS[language]["interrupted"])
        raise typer.Exit(128 + signal_of(stop)) from None
    finally:
        progress.stop()
    shown = [f for f in result.findings if f.is_error or level > Verbosity.quiet]
    if shown:
        blocks = [format_finding(f, result.sources, language) for f in shown]
        typer.echo("\n".join([*blocks, summary_line(result.findings, language)]))
    out = Console()
    if level > Verbosity.quiet:
        out.print(summary_table(result, language))
    failures = failures_table(result, language)
    if failures is not None:
        out.print(failures)
    if result.interrupted:
        out.print(WORDS[language]["interrupted"])
    raise typer.Exit(128 + result.signal if result.interrupted else 1 if result.failed else 0)


def progress_for(
    console: Console, level: Verbosity, language: str
) -> RichProgress | LineProgress | SilentProgress:
    """A bar on a terminal; a line per document anywhere else (a CI log, cron) or with -v, so
    that a log shows the build moving; nothing with -q."""
    from docgen.batch.console import LineProgress, RichProgress, SilentProgress  # noqa: PLC0415

    if level is Verbosity.quiet:
        return SilentProgress()
    if console.is_terminal and level is Verbosity.normal:
        return RichProgress(console, language)
    return LineProgress(sys.stderr, language)


@app.command(cls=LocalisedCommand)
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
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    legacy: Annotated[
        DiffReport | None, typer.Option("--format", hidden=True, help="Old name of --report.")
    ] = None,
) -> None:
    """What changed in the figures: projects, every figure old → new, indicators, and the
    totals they move (unit, department, county). Sides in 元 and 万元 are compared in 万元 to
    0.01, a 元 figure rounded half up."""
    from docgen.history.diff import diff_paths  # noqa: PLC0415
    from docgen.history.report import format_json as format_diff_json  # noqa: PLC0415
    from docgen.history.report import format_markdown, format_rich  # noqa: PLC0415

    language = (lang or default_lang()).value
    level = verbosity(quiet, verbose)
    old, new = diff_sides(sides, rev)
    result, *checks = diff_paths(old, new)
    findings = [f for checked in checks for f in checked.sorted_findings()]
    # The errors say why documents could not be compared; warnings only when asked for.
    shown = [f for f in findings if f.is_error or level is Verbosity.verbose]
    if shown:  # apart from the report, on stderr
        sources = {k: v for checked in checks for k, v in checked.sources.items()}
        blocks = [format_finding(f, sources, language) for f in shown]
        typer.echo("\n".join([*blocks, summary_line(shown, language)]), err=True)
    report = legacy or report
    if level is Verbosity.quiet and not result.changed and not result.new_errors:
        pass  # nothing to say; the exit code says it
    elif report is DiffReport.json:
        typer.echo(format_diff_json(result))
    elif report is DiffReport.markdown:
        typer.echo(format_markdown(result, language))
    else:
        Console().print(format_rich(result, language))
    # Errors on the new side are bad input, whatever the comparison found.
    raise typer.Exit(1 if (exit_code and result.changed) or result.new_errors else 0)


def diff_sides(sides: list[str], rev: str | None) -> tuple[str, str]:
    from docgen.history.diff import revision_spec  # noqa: PLC0415

    if rev is None:
        if len(sides) != 2:
            raise typer.BadParameter("give OLD and NEW, or --rev A..B FOLDER", param_hint="SIDES")
        return sides[0], sides[1]
    first, dots, second = rev.partition("..")
    if len(sides) != 1 or not dots or not first:
        raise typer.BadParameter("use --rev A..B FOLDER (B defaults to HEAD)", param_hint="--rev")
    folder = Path(sides[0])
    return revision_spec(first, folder), revision_spec(second or "HEAD", folder)


@app.command(cls=LocalisedCommand)
def preview(
    source: Annotated[
        Path, typer.Argument(help="A unit or department source, or a folder of them.")
    ],
    *,
    port: Annotated[
        int,
        typer.Option("--port", min=0, max=65535, help="The port on 127.0.0.1 (0: any free one)."),
    ] = 8000,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open a web browser.")
    ] = False,
    output: OutputOption = DEFAULT_OUTPUT,
    lang: LangOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Show a source's document in the browser, as build writes its HTML, rendered again on
    every save, with its findings; buttons build its PDF or DOCX into OUT (default: out)."""
    from docgen.batch.workers import stop_on_signals  # noqa: PLC0415
    from docgen.preview.server import run_preview, start_server  # noqa: PLC0415

    language = (lang or default_lang()).value
    folder = source.is_dir() and bool(expand_paths([source]))
    if not folder and not (source.is_file() and source.suffix in (".yaml", ".yml")):
        raise typer.BadParameter("no YAML sources (*.yaml) found there", param_hint="SOURCE")
    try:
        server = start_server(source, output, language, templates, port)
    except OSError as error:
        typer.echo(f"docgen: 127.0.0.1:{port}: {error.strerror or error}", err=True)
        raise typer.Exit(1) from None
    with stop_on_signals():
        run_preview(server, not no_browser, typer.echo)
    raise typer.Exit(0)


@app.command(cls=LocalisedCommand)
def doctor(quiet: QuietOption = False, verbose: VerboseOption = False) -> None:
    """Report what rendering needs and whether this machine has it."""
    from docgen.doctor import run_checks  # noqa: PLC0415

    level = verbosity(quiet, verbose)
    checks = run_checks()
    for probe in checks:
        if probe.ok and level is Verbosity.quiet:
            continue
        mark = "ok " if probe.ok else ("-- " if probe.optional else "NO ")
        typer.echo(f"{mark} {probe.name}: {probe.detail}")
    raise typer.Exit(0 if all(c.ok or c.optional for c in checks) else 1)


@app.command(cls=LocalisedCommand)
def schema(
    kind: Annotated[Kind, typer.Argument(help="unit, department or county.")] = Kind.unit,
) -> None:
    """Print the JSON Schema of a source kind (for editors and other tools)."""
    typer.echo(json.dumps(load_schema(kind.value), ensure_ascii=False, indent=2))


@app.command(cls=LocalisedCommand)
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


@app.command(cls=LocalisedCommand)
def init(
    kind: Annotated[Kind, typer.Argument(help="unit, department or county.")],
    path: Annotated[
        Path | None,
        typer.Argument(
            help="The file to write, or a folder to write it in (default: unit.yaml, "
            "department.yaml or county.yaml here)."
        ),
    ] = None,
    *,
    year: Annotated[
        int | None,
        typer.Option("--year", min=2000, max=2100, help="The budget year (default: this year)."),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="A unit's province profile (docgen profiles lists them)."),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Start a new source: every section with its Chinese help, example figures that add up,
    and placeholders that validate lists until they are filled in. Never overwrites a file."""
    language = (lang or default_lang()).value
    target = target_of(kind, path)
    known = [p.id for p in list_profiles()]
    if profile is not None and (kind is not Kind.unit or profile not in known):
        hint = f"one of {', '.join(known)}" if kind is Kind.unit else "for a unit only"
        raise typer.BadParameter(f"{profile!r}: {hint}", param_hint="--profile")
    text = render_source(
        kind, year or datetime.date.today().year, schema_ref(kind, target), profile
    )
    try:
        write_new(target, text.encode("utf-8"))
    except FileExistsError:
        typer.echo(f"docgen: {INIT_WORDS[language]['exists'].format(target=target)}", err=True)
        raise typer.Exit(1) from None
    typer.echo(INIT_WORDS[language]["wrote"].format(target=target))


@app.command("import", cls=LocalisedCommand)
def import_(
    workbook: Annotated[
        Path,
        typer.Argument(
            help="A workbook of the standard tables (.xlsx), as exported, or a disclosure "
            "already published (.docx, or its text as .txt)."
        ),
    ],
    *,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The source to write (default: <unit code>.yaml here, else the workbook's "
            "name with .yaml).",
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="A unit's province profile (docgen profiles lists them)."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", min=2000, max=2100, help="The budget year, when no title gives it."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the source if it exists.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Read a workbook of the standard tables, or a disclosure already published, into a new
    source, figures exactly as printed, and check it at once: the file's own errors are shown
    at their place in it (sheet!cell, or line)."""
    # Loaded here, not with the command line: openpyxl brings lxml and Pillow into the process
    # that later runs a county's pool of workers, and a killed worker then hangs the pool.
    from docgen.import_report import check_imported, exists_message, write_source  # noqa: PLC0415
    from docgen.importing import WorkbookError, emit_source, read_workbook  # noqa: PLC0415
    from docgen.importing.legacy import SUFFIXES as LEGACY_SUFFIXES  # noqa: PLC0415
    from docgen.legacy_report import import_legacy  # noqa: PLC0415

    language = (lang or default_lang()).value
    if profile is not None and profile not in [p.id for p in list_profiles()]:
        known = ", ".join(p.id for p in list_profiles())
        raise typer.BadParameter(f"{profile!r}: one of {known}", param_hint="--profile")
    if workbook.suffix.lower() in LEGACY_SUFFIXES:  # a published disclosure, not a workbook
        code, text = import_legacy(workbook, output, (year, profile), force, language)
        typer.echo(text, err=code != 0 and text.startswith("docgen: "))
        raise typer.Exit(code)
    try:
        mapped = read_workbook(str(workbook), workbook.name, year, profile)
    except WorkbookError as error:
        typer.echo(f"docgen: {error.message(language)}", err=True)
        raise typer.Exit(1) from None
    target = output or Path(f"{safe_name(mapped.unit_code or workbook.stem)}.yaml")
    imported = emit_source(mapped, schema_ref(Kind.unit, target))
    if not write_source(imported, target, force):
        typer.echo(f"docgen: {exists_message(target, language)}", err=True)
        raise typer.Exit(1)
    report = check_imported(imported, target, workbook.name, language)
    typer.echo(report.text)
    raise typer.Exit(1 if report.failed else 0)


INIT_WORDS = {
    "zh": {
        "exists": "{target} 已存在，未覆盖：换一个文件名，或先移走原文件",
        "wrote": "已写出 {target}：把其中的【待填写：…】换成实际内容，"
        "再运行 docgen validate {target}",
    },
    "en": {
        "exists": "{target} already exists: not overwritten (choose another name, or move it)",
        "wrote": "wrote {target}: replace each 【待填写：…】, then run docgen validate {target}",
    },
}


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
