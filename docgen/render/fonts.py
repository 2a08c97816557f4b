"""The fonts a document is set in, and the check that they cover every character it prints.

WeasyPrint never fails on a missing glyph: it draws a box or silently falls back to whatever
font fontconfig offers. So before rendering, every character of the document is looked up in
the configured fonts' character sets (read from fontconfig), and one that none covers is an
error located at the source text that contains it.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache

from docgen.document import Document
from docgen.findings import Finding, Location
from docgen.messages import make_finding


@dataclass(frozen=True)
class FontSettings:
    serif: str = "Noto Serif CJK SC"  # body text
    sans: str = "Noto Sans CJK SC"  # headings, tables, charts
    # Reached through fontconfig's fallback, never named in CSS: naming a colour emoji font in
    # font-family makes Pango set ASCII digits in it too (it has keycap digits).
    fallbacks: tuple[str, ...] = ("Noto Color Emoji",)

    @property
    def families(self) -> tuple[str, ...]:
        return (self.serif, self.sans, *self.fallbacks)


FONTS = FontSettings()


@dataclass(frozen=True)
class InstalledFont:
    family: str
    file: str
    index: int  # the face's index in a font collection (.ttc)
    ranges: tuple[tuple[int, int], ...]  # covered code points, inclusive

    def covers(self, char: str) -> bool:
        point = ord(char)
        index = bisect.bisect_right(self.ranges, (point, 0x10FFFF)) - 1
        return index >= 0 and self.ranges[index][0] <= point <= self.ranges[index][1]


@cache
def find_font(family: str) -> InstalledFont | None:
    """The installed font fontconfig gives for exactly this family; None when it substitutes."""
    if shutil.which("fc-match") is None:
        return None
    result = subprocess.run(
        ["fc-match", "--format=%{family}\n%{file}\n%{index}\n%{charset}", family],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.split("\n", 3)
    if result.returncode != 0 or len(lines) < 4:
        return None
    families = [name.strip() for name in lines[0].split(",")]
    if family not in families:
        return None
    return InstalledFont(family, lines[1], int(lines[2] or 0), parse_charset(lines[3]))


def parse_charset(text: str) -> tuple[tuple[int, int], ...]:
    """fontconfig's `20-7e a0 3000-303f` → ((0x20, 0x7e), (0xa0, 0xa0), (0x3000, 0x303f))."""
    ranges = []
    for item in text.split():
        low, _, high = item.partition("-")
        ranges.append((int(low, 16), int(high or low, 16)))
    return tuple(ranges)


def needs_glyph(char: str) -> bool:
    """Characters that are drawn: not spaces, line breaks, format or variation marks."""
    return unicodedata.category(char) not in ("Cc", "Cf", "Mn", "Zs", "Zl", "Zp")


def check_font_coverage(document: Document, settings: FontSettings = FONTS) -> list[Finding]:
    fonts = [font for family in settings.families if (font := find_font(family))]
    if not fonts:
        loc = document.source_loc or Location("", 1, 1)
        return [make_finding("font-missing", loc, fonts="、".join(settings.families))]
    chars = dict.fromkeys(char for text in document.strings() for char in text)
    uncovered = [c for c in chars if needs_glyph(c) and not any(f.covers(c) for f in fonts)]
    return [finding for char in uncovered for finding in locate_char(char, document, fonts)]


def locate_char(char: str, document: Document, fonts: list[InstalledFont]) -> list[Finding]:
    """One finding per source text that holds the character (or the file, if none does)."""
    names = "、".join(font.family for font in fonts)
    params = {"char": char, "codepoint": f"U+{ord(char):04X}", "fonts": names}
    locs = [loc for text, loc in document.located_texts if char in text]
    if not locs:
        locs = [document.source_loc or Location("", 1, 1)]
    return [
        make_finding("font-missing-glyph", loc, value=char, **params) for loc in dict.fromkeys(locs)
    ]
