"""Stage 0, import: the mapped workbook written as the YAML text of a unit source.

Hands on the text and, for each line, the workbook cell behind each figure on it (by the
figure's column), so that a finding at `unit.yaml:57:14` is shown at `支出总表!C6` too. Every
figure is written exactly as printed (its Decimal's own digits), every code quoted as a string,
and the cells of each line are in a comment at its end, so the source says where it came from
even without the import's report. What the workbook cannot give is left to fill in: the
unit's texts as placeholders (`【待填写：…】`), the sections with figures in `not_given`, and the
project list empty with a comment.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.importing.layout import Note
from docgen.importing.mapping import Amount, Line, Mapped
from docgen.profiles import DEFAULT_PROFILE
from docgen.terms import RevenueSource

PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9+.~=<][^:#,\[\]{}\"']*$")
UNIT_TEXTS = {
    "department": "【待填写：主管部门全称】",
    "nature": "【待填写：单位性质，如 行政、参公、事业】",
    "rank": "【待填写：单位规格，如 正科级】",
    "funding_form": "【待填写：经费保障形式，如 财政全额拨款】",
    "responsibilities": "【待填写：单位职责】",
}
THREE_PUBLIC_ITEMS = ("overseas", "vehicle_purchase", "vehicle_operation", "reception")


@dataclass
class Imported:
    """The source text, the cells behind its lines, and what the workbook's import noted."""

    text: str
    cells: dict[int, list[tuple[int, str]]]  # line → (column of the figure, sheet!cell)
    notes: list[Note]
    defects: list[Note]
    unit_code: str | None
    year: int

    def cells_at(self, line: int, column: int) -> list[str]:
        """The cells of the figure at (line, column); else, on a line made of a table's row
        (a spending line: a finding at its code or name), every cell of that row."""
        on_line = self.cells.get(line, [])
        exact = [cell for start, cell in on_line if start == column]
        return exact or [cell for start, cell in on_line if start == 0]


@dataclass
class Writer:
    lines: list[str] = field(default_factory=list)
    cells: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    def add(self, text: str, figures: list[tuple[int, str]] | None = None) -> None:
        self.lines.append(text)
        if figures:
            self.cells[len(self.lines)] = figures
            text += f"  # {span_of([cell for _, cell in figures])}"
            self.lines[-1] = text

    def flow(self, prefix: str, items: list[tuple[str, object]]) -> None:
        """`prefix{key: value, …}` on one line, each figure's column kept."""
        text, figures = prefix + "{", []
        for number, (key, item) in enumerate(items):
            text += ", " * (number > 0) + f"{key}: "
            if isinstance(item, Amount):
                figures += [(len(text) + 1, cell) for cell in item.cells[:1]]
                text += figure(item.value)
            else:
                text += scalar(item)
        self.add(text + "}", figures)

    def amount(self, prefix: str, item: Amount) -> None:
        self.add(f"{prefix}{figure(item.value)}", [(len(prefix) + 1, c) for c in item.cells[:1]])


@dataclass(frozen=True)
class Quoted:
    """A text always written in quotes: a code, which YAML would read as a number."""

    text: str


def figure(value: Decimal) -> str:
    return f"{value:f}"


def scalar(item: object) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, Quoted):
        return json.dumps(item.text)
    text = str(item)
    return text if PLAIN.match(text) else json.dumps(text, ensure_ascii=False)


def span_of(cells: list[str]) -> str:
    """The cells of a line in a comment: 支出总表!C8:G8 for one row, else each sheet's first."""
    sheets: dict[str, list[str]] = {}
    for cell in cells:
        sheet, _, ref = cell.rpartition("!")
        sheets.setdefault(sheet, []).append(ref)
    parts = []
    for sheet, refs in sheets.items():
        rows = {re.sub(r"[A-Z]+", "", ref) for ref in refs}
        joined = f"{refs[0]}:{refs[-1]}" if len(refs) > 1 and len(rows) == 1 else refs[0]
        parts.append(f"{sheet}!{joined}" if sheet else joined)
    return "、".join(parts)


def emit_source(mapped: Mapped, schema_ref: str) -> Imported:
    out = Writer()
    write_header(out, mapped, schema_ref)
    write_unit(out, mapped)
    write_revenue(out, mapped)
    write_expenditure(out, mapped)
    write_operating(out, mapped)
    write_three_public(out, mapped)
    out.add(
        "# 项目：工作簿中没有项目明细，请逐个补上（项目支出合计见 tables.stated 的 T3 total 行）"
    )
    out.add("projects: []")
    write_tables(out, mapped)
    write_notes(out, mapped)
    return Imported(
        "\n".join(out.lines) + "\n",
        out.cells,
        mapped.notes,
        mapped.defects,
        mapped.unit_code,
        mapped.year,
    )


def write_header(out: Writer, mapped: Mapped, schema_ref: str) -> None:
    rounded = "，由元四舍五入" if mapped.money_unit == "万元" else ""
    out.add(f"# yaml-language-server: $schema={schema_ref}")
    out.add(
        f"# 由 docgen import 从工作簿 {mapped.workbook} 导入："
        f"数字照原表所印（{mapped.money_unit}{rounded}），"
    )
    out.add("# 行尾注释是数字所在的单元格。补上【待填写：…】、项目和 not_given 中的部分，")
    out.add("# 再运行 docgen validate。")
    out.add("kind: unit")
    out.add("scope: full")
    out.add(f"year: {mapped.year}")
    if mapped.profile and mapped.profile != DEFAULT_PROFILE:
        out.add(f"profile: {mapped.profile}")
    out.add(f"amount_unit: {mapped.money_unit}")
    if mapped.money_unit == "万元":
        out.add("rounded_from: 元")
    given = ", ".join(mapped.not_given)
    out.add(f"not_given: [{given}]  # 工作簿中没有这些部分：补上一部分，就从这里删去它")


def write_unit(out: Writer, mapped: Mapped) -> None:
    out.add("unit:")
    code = scalar(Quoted(mapped.unit_code)) if mapped.unit_code else "【待填写：单位编码】"
    out.add(f"  code: {code}")
    out.add(f"  name: {scalar(mapped.unit_name) if mapped.unit_name else '【待填写：单位全称】'}")
    for key, text in UNIT_TEXTS.items():
        out.add(f"  {key}: {text}")


def write_revenue(out: Writer, mapped: Mapped) -> None:
    out.add("revenue:")
    for key, item in mapped.revenue.items():
        if isinstance(item, Amount):
            out.amount(f"  {key}: ", item)
        elif isinstance(item, dict):
            out.flow(f"  {key}: ", list(item.items()))


def write_expenditure(out: Writer, mapped: Mapped) -> None:
    out.add("expenditure:")
    for key, item in mapped.expenditure.items():
        out.amount(f"  {key}: ", item)


def write_operating(out: Writer, mapped: Mapped) -> None:
    """机关运行经费 as the “三公” table of some profiles prints it: the workbook has no purpose."""
    if "amount" not in mapped.operating:
        return
    out.add("operating_costs:")
    for key, item in mapped.operating.items():
        out.amount(f"  {key}: ", item)
    if mapped.operating["amount"].value != 0:  # none arranged needs no purpose
        out.add("  purpose: 【待填写：机关运行经费的用途】")


def write_three_public(out: Writer, mapped: Mapped) -> None:
    if not mapped.three_public:
        return
    out.add("three_public:")
    for year, items in mapped.three_public.items():
        out.flow(f"  {year}: ", list(items.items()))


def write_tables(out: Writer, mapped: Mapped) -> None:
    out.add("tables:")
    out.add("  spending:")
    for line in mapped.spending:
        write_line(out, line)
    if mapped.economic:
        out.add("  economic:")
        for code, name, item in mapped.economic:
            named: list[tuple[str, object]] = [("name", name)] if name else []
            out.flow("    - ", [("code", Quoted(code)), *named, ("amount", item)])
    if mapped.stated:
        out.add("  stated:  # 原表中的合计、类、款行（以及与各行不符的格子）：docgen 按各行核对")
        for table, rows in mapped.stated.items():
            out.add(f"    {table}:")
            for row, cells in rows.items():
                key = row if row == "total" else f'"{row}"'
                out.flow(f"      {key}: ", list(cells.items()))


def write_line(out: Writer, line: Line) -> None:
    items: list[tuple[str, object]] = [("code", Quoted(line.code))]
    if line.name:
        items.append(("name", line.name))
    items.append(("source", RevenueSource[line.source].value))
    if line.carryover:
        items.append(("carryover", True))
    first = line.cells[:1]
    for part, money in line.parts.items():
        if money:
            where = line.where.get(part)
            items.append((part, Amount(money, (where,) if where else tuple(first))))
    out.flow("    - ", items)
    # The comment names every cell the line is made of; a finding at the line's code or name
    # is shown at all of them.
    number = len(out.lines)
    text = out.lines[-1].rsplit("  # ", 1)[0] if number in out.cells else out.lines[-1]
    out.lines[-1] = f"{text}  # {span_of(line.cells)}" if line.cells else text
    placed = {cell for _, cell in out.cells.get(number, [])}
    rest = [(0, cell) for cell in line.cells if cell not in placed]
    out.cells[number] = out.cells.get(number, []) + rest


def write_notes(out: Writer, mapped: Mapped) -> None:
    if not mapped.notes:
        return
    from docgen.importing.words import say  # noqa: PLC0415

    out.add("# 工作簿中未导入或按假设导入的内容（单元格、原文、原因）：")
    for note in mapped.notes:
        text = f"{note.text}：" if note.text else ""
        out.add(f"#   {note.where} {text}{say(note.key, 'zh', **dict(note.params))}")
