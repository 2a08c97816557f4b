"""HTML: the document as one self-contained page (jinja2, autoescape on, StrictUndefined).

The same page, read with its print stylesheet, is what WeasyPrint lays out as the PDF.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from docgen import __version__
from docgen.document import Document
from docgen.provenance import Provenance, w3c_date
from docgen.render.fonts import FONTS, FontSettings
from docgen.render.grid import narrow_layout, place_table
from docgen.resources import data_path

# Bar colours, each at least 3:1 against the white page (WCAG 1.4.11, non-text contrast): a bar
# is read by its colour's edge against the background.
PALETTE = ("#2f6f9f", "#c0504d", "#5b9b5b", "#c07a22", "#7d5ba6", "#3a9ca6", "#a6633a", "#7f7f7f")


def css_string(value: str) -> Markup:
    """A CSS string literal. Markup, so that autoescape leaves the quotes alone: inside <style>
    the browser does not decode &#34;, and an escaped font name is silently ignored."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    escaped = escaped.replace("<", "\\3c ").replace(">", "\\3e ")  # no </style> from a setting
    return Markup(f'"{escaped}"')


def bar_length(fraction: Decimal, full: int) -> float:
    """A bar's drawn length in SVG units: geometry, not money, so a float is fine here."""
    return round(float(fraction) * full, 1)


def checksum(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:8]


@cache
def html_environment(templates: Path | None = None) -> Environment:
    folders = [str(data_path("templates", "html"))]
    if templates is not None:
        folders.insert(0, str(templates))  # the user's partials first, ours for the rest
    env = Environment(
        loader=FileSystemLoader(folders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        css_string=css_string,
        bar_length=bar_length,
        checksum=checksum,
        place_table=place_table,
        narrow_layout=narrow_layout,
    )
    return env


def render_html(
    document: Document,
    provenance: Provenance,
    fonts: FontSettings = FONTS,
    templates: Path | None = None,
) -> str:
    template = html_environment(templates).get_template("document.html.j2")
    return template.render(
        document=document,
        provenance=provenance,
        created=w3c_date(provenance.timestamp),
        fonts=fonts,
        palette=PALETTE,
        version=__version__,
    )
