"""The command line's shared options, declared once so that every command names and explains
them alike (their Chinese help is in `helptext`). `--formats` are output formats; how a report
is written is `--report`.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer

from docgen.render import FORMATS, PDF_ENGINES
from docgen.terms import Lang, PdfEngine, PdfVariant

# Repeated (-f pdf -f docx) or comma-separated (-f pdf,docx): each asked-for format is made.
FORMATS_HELP = f"Output formats, comma-separated or repeated: {','.join(FORMATS)} (default: all)."
LangOption = Annotated[
    Lang | None, typer.Option("--lang", help="Message language: zh or en (default: locale).")
]
OutputOption = Annotated[Path, typer.Option("--output", "-o", help="Output folder.")]
FormatsOption = Annotated[
    list[str] | None,
    typer.Option("--formats", "-f", help=FORMATS_HELP),
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
PDF_VARIANT_HELP = (
    f"What the WeasyPrint PDF is made to be: {', '.join(PdfVariant)} (default: the first; "
    "the Typst PDF is always PDF/UA-1 and PDF/A-2a)."
)
PdfVariantOption = Annotated[PdfVariant, typer.Option("--pdf-variant", help=PDF_VARIANT_HELP)]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="Only errors: no warnings, no progress, no summary of what went well."
    ),
]
VerboseOption = Annotated[
    bool,
    typer.Option("--verbose", "-v", help="More: every file checked, every document with its time."),
]
ALL_FORMATS = ",".join(FORMATS)
DEFAULT_OUTPUT = Path("out")


class Verbosity(IntEnum):
    quiet = 0
    normal = 1
    verbose = 2


def verbosity(quiet: bool, verbose: bool) -> Verbosity:
    if quiet and verbose:
        raise typer.BadParameter("-q and -v do not go together", param_hint="--quiet/--verbose")
    return Verbosity.quiet if quiet else Verbosity.verbose if verbose else Verbosity.normal


def parse_formats(values: list[str] | None) -> tuple[str, ...]:
    """The formats asked for (every one when none is), each once, checked against the
    registered renderers."""
    value = ",".join(values) if values else ALL_FORMATS
    names = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise typer.BadParameter(
            f"unknown format {', '.join(unknown) or '(none)'}; use {', '.join(FORMATS)}",
            param_hint="--formats",
        )
    return names
