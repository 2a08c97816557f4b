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

from docgen.render.fonts import FONTS, find_font

PACKAGES = ("jinja2", "pyyaml", "jsonschema", "weasyprint", "docxtpl", "python-docx", "pillow")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    optional: bool = False


def run_checks() -> list[Check]:
    return [*package_checks(), *font_checks(), *library_checks(), *tool_checks()]


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
