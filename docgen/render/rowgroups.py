"""PDF (WeasyPrint) pagination: a row group on one page, and a longer one labelled on each page.

Every `<tbody class="keep">` (a project's facts, an 一级指标 group) has `break-inside: avoid`.
WeasyPrint honours it for every group of a table but the first: a table that repeats its head
lays its first group out as if the page were empty, so that the head is never left alone at the
foot of a page (weasyprint/layout/table.py, "Don't remove headers and footers if breaks are
avoided in line groups"), and a table begun low on a page splits that group. An empty
`<tbody class="lead">` kept with the group (print.css.j2) takes the first place instead: the
group then moves to the next page with its table and whatever is kept with the table.

A lead must never stand before a group taller than a page: WeasyPrint finds no page for such a
table at all (an assertion in its page maker). So a lead goes where a bound on the group's height
(every character a full em wide, every line twice the font size) fits a page, and, after laying
out, where a group was split although its measured height fits.

A group taller than a page has to break. Its label (产出指标) spans its rows, and WeasyPrint prints
a spanning cell's text on the first page only; so such a group is cut where it broke, each part
with the label again (`rowspan` over its own rows), and the document is laid out again.

The layout is deterministic, so the passes give the same bytes every time; most documents need
one.
"""

from __future__ import annotations

import copy
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

KEEP = "keep"
LEAD = "lead"
MAX_PASSES = 4  # leads, then cuts, then leads before cut parts: more has never been needed

# Page geometry of print.css.j2 in CSS pixels (96 per inch): A4 less its margins, the table's
# font sizes and the cells' padding (0.3rem 0.4rem, of the 16 px root) and rule.
PX_PER_MM = 96 / 25.4
TEXT_WIDTH = (210 - 2 * 18) * PX_PER_MM
TEXT_HEIGHT = (297 - 22 - 20) * PX_PER_MM
FONT_SIZE = {"small": 7.5 * 4 / 3, "": 9 * 4 / 3}  # a table's class → px
CELL_X = 2 * 0.4 * 16 + 1
CELL_Y = 2 * 0.3 * 16 + 1
CHAIN_EXTRA = 2 * 60 + 2 * 25 + 2 * 32  # two headings, two lines above tables, two gaps
ROOM = 0.9  # of the text height a group and its head may fill to be kept by a bound
MEASURED_ROOM = 0.98  # a measured height is exact: a hair for rounding


@dataclass(frozen=True)
class Plan:
    """Where the page needs more than the HTML says."""

    leads: frozenset[int] = frozenset()  # tables (in page order) whose first group gets a lead
    cuts: frozenset[tuple[int, int]] = frozenset()  # (group, row) where a part of it begins


@dataclass
class Groups:
    """The kept groups of one parsed page, numbered in page order, and where each element is."""

    tables: list[Element] = field(default_factory=list)  # tables with a head and kept groups
    groups: list[Element] = field(default_factory=list)
    owners: list[Element] = field(default_factory=list)  # each group's table
    first: dict[int, int] = field(default_factory=dict)  # table → its first group
    rows: dict[int, tuple[int, int]] = field(default_factory=dict)  # id(<tr>) → (group, row)
    parts: dict[int, int] = field(default_factory=dict)  # id(<tbody>) → group
    bodies: dict[int, Element] = field(default_factory=dict)  # id(<tbody>) → <tbody>


@dataclass
class Placed:
    """Where the layout put a group: its rows on each page, and its height in all."""

    pages: dict[int, list[int]] = field(default_factory=dict)  # page → rows begun or continued
    height: float = 0.0


def lay_out(html: str, font_config: FontConfiguration, **options: object) -> Document:
    """The page laid out with every group that fits a page on one page: parsed afresh for each
    pass, since WeasyPrint keeps what it derived from the parsed page."""
    plan: Plan | None = None
    for _ in range(MAX_PASSES):
        page = HTML(string=html)
        groups = number_groups(page.etree_element)
        plan = plan or Plan(leads=frozenset(bounded_leads(groups)))
        release_keeps(page.etree_element)
        apply_plan(groups, plan)
        document = page.render(font_config=font_config, **options)
        better = revise_plan(plan, groups, document)
        if better == plan:
            break
        plan = better
    return document


def number_groups(root: Element) -> Groups:
    groups = Groups()
    for table in root.iter("table"):
        kept = [body for body in table.findall("tbody") if KEEP in classes(body)]
        for body in kept:
            number = len(groups.groups)
            groups.groups.append(body)
            groups.owners.append(table)
            for index, row in enumerate(body.findall("tr")):
                groups.rows[id(row)] = (number, index)
        if kept and table.find("thead") is not None:
            groups.first[len(groups.tables)] = groups.groups.index(kept[0])
            groups.tables.append(table)
    return groups


def classes(element: Element) -> list[str]:
    return (element.get("class") or "").split()


# -- before laying out: a bound ---------------------------------------------------------------


def bounded_leads(groups: Groups) -> Iterator[int]:
    """The tables whose first group, with the head, fits a page by a bound on their height."""
    for number, table in enumerate(groups.tables):
        widths = column_widths(table)
        size = FONT_SIZE["small" if "small" in classes(table) else ""]
        head = table.find("thead")
        head_rows = head.findall("tr") if head is not None else []
        body = groups.groups[groups.first[number]].findall("tr")
        height = rows_bound(head_rows, widths, size) + rows_bound(body, widths, size)
        if height < TEXT_HEIGHT * ROOM:
            yield number


def release_keeps(root: Element) -> None:
    """Let a table kept with the next (a project's facts, with its indicators) part from it
    when the two, with the headings above, would likely not fit one page: WeasyPrint would
    otherwise break where it must, after a heading left alone at the foot of a page."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for block in list(root.iter("div")):
        table = block.find(".//table")
        siblings = list(parents.get(block, block))
        after = siblings[siblings.index(block) + 1 :] if block in siblings else []
        if "keep-next" not in classes(block) or table is None or not after:
            continue
        following = after[0].find(".//table")
        if following is None or chain_height(table, following) > TEXT_HEIGHT:
            block.set("class", " ".join(name for name in classes(block) if name != "keep-next"))


def chain_height(table: Element, following: Element) -> float:
    """The likely height of a table, the next one's head and first group, and what goes with
    them: the lines above each table, the gaps between and two headings."""
    height = float(CHAIN_EXTRA)
    for shown, rows in ((table, "tr"), (following, "thead/tr")):
        widths = column_widths(shown)
        size = FONT_SIZE["small" if "small" in classes(shown) else ""]
        height += rows_bound(shown.findall(f".//{rows}"), widths, size, LIKELY)
    first = next((body for body in following.findall("tbody") if KEEP in classes(body)), None)
    if first is not None:
        widths = column_widths(following)
        size = FONT_SIZE["small" if "small" in classes(following) else ""]
        height += rows_bound(first.findall("tr"), widths, size, LIKELY)
    return height


def column_widths(table: Element) -> list[float]:
    """Each column's width in px, from the `<col style="width: N%">` every table declares."""
    widths = []
    for column in table.iter("col"):
        found = re.search(r"width:\s*([\d.]+)%", column.get("style") or "")
        widths.append(float(found.group(1)) / 100 * TEXT_WIDTH if found else TEXT_WIDTH)
    return widths


@dataclass(frozen=True)
class Measure:
    """How a cell's text is taken to be set: the width of a character that is not CJK, and the
    height of a line, both in ems."""

    narrow: float
    line: float


BOUND = Measure(narrow=1.0, line=2.0)  # never less than WeasyPrint sets
LIKELY = Measure(narrow=0.55, line=1.45)  # about what it sets (line-height 1.45 in style.css)


def rows_bound(
    rows: list[Element], widths: list[float], size: float, measure: Measure = BOUND
) -> float:
    """The rows' height: the tallest single-row cell of each row, summed, or a spanning cell if
    that is taller."""
    covered = [0] * len(widths)  # rows a cell above still covers, per column
    total = 0.0
    spanning = 0.0
    for row in rows:
        taken = list(covered)
        column = 0
        tallest = 0.0
        for cell in row:
            while column < len(widths) and covered[column] > 0:
                column += 1
            span, down = int(cell.get("colspan") or 1), int(cell.get("rowspan") or 1)
            height = cell_height(cell, sum(widths[column : column + span]), size, measure)
            if down == 1:
                tallest = max(tallest, height)
            else:
                spanning = max(spanning, height)
            for index in range(column, min(column + span, len(widths))):
                taken[index] = down
            column += span
        covered = [max(0, count - 1) for count in taken]
        total += tallest
    return max(total, spanning)


def cell_height(cell: Element, width: float, size: float, measure: Measure) -> float:
    room = max(size, width - CELL_X)
    lines = 0
    for line in "".join(cell.itertext()).split("\n"):
        ems = sum(1.0 if is_wide(character) else measure.narrow for character in line)
        lines += max(1, math.ceil(ems * size / room))
    return lines * measure.line * size + CELL_Y


def is_wide(character: str) -> bool:
    """CJK and full-width forms: a full em."""
    return character >= "\u2e80"


# -- the plan put into the page ---------------------------------------------------------------


def apply_plan(groups: Groups, plan: Plan) -> None:
    """Cut groups where parts begin, then put the leads before the tables' first groups."""
    for number, body in enumerate(groups.groups):
        starts = sorted(row for group, row in plan.cuts if group == number)
        for part in cut_group(groups.owners[number], body, starts):
            groups.parts[id(part)] = number
            groups.bodies[id(part)] = part
    for number in plan.leads:
        table = groups.tables[number]
        first = next(body for body in table.findall("tbody") if KEEP in classes(body))
        table.insert(list(table).index(first), Element("tbody", {"class": LEAD}))


def cut_group(table: Element, body: Element, starts: list[int]) -> list[Element]:
    """The group's parts (itself first): each begins at a start, with the group's label."""
    rows = body.findall("tr")
    label = spanning_label(rows)
    starts = [start for start in starts if 0 < start < len(rows)]
    if label is None or not starts:
        return [body]
    parts = [body]
    for begin, end in itertools.pairwise([*starts, len(rows)]):
        part = Element("tbody", dict(body.attrib))
        for row in rows[begin:end]:
            body.remove(row)
            part.append(row)
        again = copy.deepcopy(label)
        set_rowspan(again, end - begin)
        rows[begin].insert(0, again)
        parts.append(part)
    set_rowspan(label, starts[0])
    place = list(table).index(body)
    for offset, part in enumerate(parts[1:], start=1):
        table.insert(place + offset, part)
    return parts


def spanning_label(rows: list[Element]) -> Element | None:
    """The group's first cell when it spans all the group's rows (its 一级指标)."""
    if len(rows) < 2 or len(rows[0]) == 0:
        return None
    cell = rows[0][0]
    return cell if int(cell.get("rowspan") or 1) == len(rows) else None


def set_rowspan(cell: Element, rows: int) -> None:
    if rows > 1:
        cell.set("rowspan", str(rows))
    else:
        cell.attrib.pop("rowspan", None)


# -- after laying out: measured ---------------------------------------------------------------


def revise_plan(plan: Plan, groups: Groups, document: Document) -> Plan:
    """The plan with a lead for every table whose first group was split though it fits a page,
    or, when there is none, a cut wherever a group taller than a page went on to a new page."""
    placed, heads = place_groups(groups, document)
    room = document.pages[0]._page_box.height * MEASURED_ROOM if document.pages else 0.0
    leads = set(plan.leads)
    for number, table in enumerate(groups.tables):
        first = next(body for body in table.findall("tbody") if KEEP in classes(body))
        where = placed.get(id(first))
        if where and len(where.pages) > 1 and where.height + heads.get(id(table), 0.0) <= room:
            leads.add(number)
    if leads != plan.leads:
        return Plan(frozenset(leads), plan.cuts)
    cuts = set(plan.cuts)
    for part, where in placed.items():
        body = groups.bodies[part]
        if len(where.pages) > 1 and spanning_label(body.findall("tr")) is not None:
            cuts.update((groups.parts[part], row) for row in later_starts(where))
    return Plan(plan.leads, frozenset(cuts))


def later_starts(where: Placed) -> Iterator[int]:
    """The first row begun on each page after the first (a row continued from the page before
    is no place to cut)."""
    pages = sorted(where.pages)
    for before, page in itertools.pairwise(pages):
        begun = [row for row in where.pages[page] if row not in where.pages[before]]
        if begun:
            yield begun[0]


def place_groups(groups: Groups, document: Document) -> tuple[dict[int, Placed], dict[int, float]]:
    """Each kept part's rows on each page and its height (by id of its `<tbody>`), and each
    table's head height (by id of its `<table>`)."""
    placed: dict[int, Placed] = {}
    heads: dict[int, float] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in walk(page._page_box):
            if isinstance(box, boxes.TableBox):
                for head in box.children:
                    if isinstance(head, boxes.TableRowGroupBox) and head.is_header:
                        table = id(box.element)
                        heads[table] = max(heads.get(table, 0.0), head.height)
            elif isinstance(box, boxes.TableRowGroupBox) and id(box.element) in groups.parts:
                where = placed.setdefault(id(box.element), Placed())
                rows = where.pages.setdefault(number, [])
                rows += [groups.rows[id(row.element)][1] for row in box.children]
                where.height += box.height
    return placed, heads


def walk(box: boxes.Box) -> Iterator[boxes.Box]:
    yield box
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from walk(child)
