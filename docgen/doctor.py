"""`docgen doctor`: what rendering needs from this machine, and whether it is there.

Fonts and native libraries are installed by the system, not by pip; this names each one, where
it was found, and the Debian package that provides it when it is missing.
"""

from __future__ import annotations

import ctypes.util
import importlib.metadata
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docgen.render.fonts import FONTS, find_font

PACKAGES = (
    "jinja2",
    "pyyaml",
    "jsonschema",
    "weasyprint",
    "typst",
    "uharfbuzz",
    "fonttools",
    "docxtpl",
    "python-docx",
    "pillow",
    "openpyxl",
)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    optional: bool = False


def run_checks() -> list[Check]:
    return [
        *package_checks(),
        *font_checks(),
        *cut_checks(),
        *library_checks(),
        *tool_checks(),
    ]


def package_checks() -> list[Check]:
    checks = []
    for package in PACKAGES:
        try:
            checks.append(Check(package, True, importlib.metadata.version(package)))
        except importlib.metadata.PackageNotFoundError:
            checks.append(Check(package, False, "missing: pip install -e ."))
    return checks


def font_checks() -> list[Check]:
    checks = []
    for family in FONTS.families:
        font = find_font(family)
        package = "fonts-noto-color-emoji" if "Emoji" in family else "fonts-noto-cjk"
        detail = font.file if font else f"missing: apt-get install {package}"
        checks.append(Check(f"font {family}", font is not None, detail))
    return checks


def cut_checks() -> list[Check]:
    """The Typst PDF's cut fonts (`docgen.render.fontcut`): the folder the next PDF uses, or why
    it is set in the whole fonts (still correct, only slower); and old cuts left in the cache."""
    from docgen.render.fontcut import cut_state  # noqa: PLC0415
    from docgen.render.typst import font_folders  # noqa: PLC0415

    state = cut_state(tuple(font_folders()))
    detail = f"{state.folder} ({megabytes(state.folder)})" if state.folder else state.reason
    checks = [Check("fonts cut for PDF", state.folder is not None, detail, optional=True)]
    if state.leftovers:
        size = megabytes(*state.leftovers)
        count = len(state.leftovers)
        folders = "1 folder" if count == 1 else f"{count} folders"
        detail = f"{folders}, {size}, removed a month after their last use"
        checks.append(Check("old font cuts", True, detail))
    return checks


def megabytes(*folders: Path) -> str:
    size = sum(p.stat().st_size for f in folders for p in f.rglob("*") if p.is_file())
    return f"{size / 1e6:.1f} MB"


def library_checks() -> list[Check]:
    libraries = (
        ("pango-1.0", "libpango-1.0-0", False, "text layout for PDF"),
        ("pangoft2-1.0", "libpangoft2-1.0-0", False, "fonts for PDF"),
        ("harfbuzz-subset", "libharfbuzz-subset0", False, "fast font subsetting for PDF"),
    )
    return [presence("library ", ctypes.util.find_library, item) for item in libraries]


def tool_checks() -> list[Check]:
    tools = (
        ("fc-match", "fontconfig", False, "font lookup and the glyph coverage check"),
        ("pdftotext", "poppler-utils", True, "tests read PDFs back"),
        ("soffice", "libreoffice-writer", True, "benchmark comparison only"),
    )
    return [presence("", shutil.which, item) for item in tools]


Requirement = tuple[str, str, bool, str]  # name, Debian package, optional, what it is for


def presence(kind: str, find: Callable[[str], str | None], requirement: Requirement) -> Check:
    name, package, optional, role = requirement
    found = find(name)
    detail = f"{found} ({role})" if found else f"missing: apt-get install {package} ({role})"
    return Check(f"{kind}{name}", found is not None, detail, optional)
