"""Stage 0, import: what a legacy disclosure says, written as the YAML text of a source.

Every text is written as printed and every figure with its own digits (`5000` stays `5000`,
`20.00%` in a plan is `20.00`); a figure that is no number is written as the text it is, quoted,
so that validation names it at its line instead of the import guessing. Codes are quoted. Each
line remembers the place of the original it came from (`Origin`), so that a finding at a line of
the source can be shown at the line of the .txt or the paragraph or table of the .docx; what
could not be mapped is written as comments at the end, each with its place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from docgen.importing.legacy_units import WAN, YUAN, Restated
from docgen.importing.targets import NUMBER, Printed, ProjectTable
from docgen.importing.text_reader import Place
from docgen.profiles import DEFAULT_PROFILE

# A text YAML reads back as the same string without quotes: no indicator first, no `: ` or ` #`,
# no leading digit (a number, a date), nothing YAML 1.1 would read as a boolean or null.
PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9+.~=<][^\n#]*$")
PLAIN_BAD = re.compile(r": |:$| #|^(yes|no|on|off|true|false|null|y|n)$", re.IGNORECASE)
PERCENT = re.compile(r"^(-?\d+(?:\.\d+)?)\s*[%％]$")


def text_scalar(text: str) -> str:
    """A text as a YAML scalar: plain where that reads back the same, else double-quoted."""
    if PLAIN.match(text) and not PLAIN_BAD.search(text) and text == text.strip():
        return text
    return json.dumps(text, ensure_ascii=False)


def figure_scalar(text: str) -> str:
    """A figure as printed: its digits when it is a number, else the text quoted (validation
    then says at this line that a number belongs here)."""
    return text if NUMBER.match(text) else json.dumps(text, ensure_ascii=False)


def written_figure(value: Printed) -> str:
    """A figure of the source: its digits, and 万元 after them where a source in 元 keeps the
    coarser unit it was printed in (`legacy_units.restate_in`)."""
    if value.unit == WAN and NUMBER.match(value.text):
        return f"{value.text}{WAN}"
    return figure_scalar(value.text)


def percent_scalar(text: str) -> str:
    """A share of a spending plan (`20.00%`, `100`): the number, its % dropped."""
    match = PERCENT.match(text)
    return figure_scalar(match[1] if match else text)


@dataclass
class Writer:
    """The lines of the source, and for each the place in the original it was written from."""

    lines: list[str] = field(default_factory=list)
    origins: dict[int, Place] = field(default_factory=dict)

    def add(self, text: str, place: Place | None = None) -> None:
        self.lines.append(text)
        if place is not None:
            self.origins[len(self.lines)] = place

    def text(self, prefix: str, value: Printed) -> None:
        self.add(f"{prefix}{text_scalar(value.text)}", value.place)

    def figure(self, prefix: str, value: Printed, note: str = "") -> None:
        said = f"  # {note}" if note else ""
        self.add(f"{prefix}{written_figure(value)}{said}", value.place)

    def code(self, prefix: str, value: Printed) -> None:
        self.add(f"{prefix}{json.dumps(value.text, ensure_ascii=False)}", value.place)

    def comment(self, text: str, indent: str = "") -> None:
        for line in text.splitlines() or [""]:
            self.add(f"{indent}# {line}".rstrip())

    def source(self) -> str:
        return "\n".join(self.lines) + "\n"


def write_year_profile(out: Writer, year: int, profile: str | None) -> None:
    """`year:`, and `profile:` where one other than the default was asked for."""
    out.add(f"year: {year}")
    if profile is not None and profile != DEFAULT_PROFILE:
        out.add(f"profile: {profile}")


def write_projects(out: Writer, tables: list[ProjectTable]) -> None:
    """`projects:` as the 绩效目标表 print them, in their order."""
    if not tables:
        out.add("projects: []")
        return
    out.add("projects:")
    for table in tables:
        write_project(out, table)


def write_project(out: Writer, table: ProjectTable) -> None:
    out.add(f"  - code: {code_text(table.code)}", table.code.place if table.code else table.place)
    out.text("    name: ", table.name or Printed("", table.place))
    for key in ("amount", "fiscal", "other"):
        value = getattr(table, key)
        if value is not None:
            out.figure(f"    {key}: ", value)
    if table.purpose is not None:
        out.text("    purpose: ", table.purpose)
    if table.plan:
        shares = ", ".join(
            f"{checkpoint.value}: {percent_scalar(share.text) if share else 'null'}"
            for checkpoint, share in table.plan.items()
        )
        given = [share.place for share in table.plan.values() if share]
        out.add(f"    spending_plan: {{{shares}}}", given[0] if given else None)
    if table.goals:
        out.add("    goals:")
        for goal in table.goals:
            out.text("      - ", goal)
    out.add("    indicators:" if table.indicators else "    indicators: []")
    for row in table.indicators:
        out.text("      - level1: ", row.level1)
        out.text("        level2: ", row.level2)
        out.text("        name: ", row.name)
        out.text("        description: ", row.description)
        out.text("        value: ", row.value)
        if row.basis is not None:
            out.text("        basis: ", row.basis)


def code_text(code: Printed | None) -> str:
    return json.dumps(code.text if code else "", ensure_ascii=False)


def write_preamble(out: Writer, display: str) -> None:
    out.add("# yaml-language-server: $schema=SCHEMA")
    out.comment(
        f"由 docgen import 从 {display} 导入：文字和数字照原文所印，原文的错误也照录，"
        "由 docgen validate 指出。\n未能导入的段落列在文件末尾的注释中，附原文位置。"
    )


def write_money_unit(out: Writer, unit: str, restated: Restated) -> None:
    """`amount_unit: 元` where a figure printed in 元 is no whole hundred (a 万元 source has
    none: the key is left out), and a word where figures printed in another unit were moved, or
    kept in the 万元 they were printed in."""
    if unit == YUAN:
        out.add(f"amount_unit: {unit}")
    if restated.moved:
        other = WAN if unit == YUAN else YUAN
        out.comment(f"原文以{other}印出的数字在此移动小数点写作{unit}，精确无舍入")
    if restated.kept:
        out.comment(
            "原文只以万元印出的数字照原文写作“万元”：它代表四舍五入到0.01万元的元数，"
            "核对时容许其末位半个单位（50元）的尾差"
        )
