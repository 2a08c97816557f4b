"""Stage 0, import: the money unit of the source a legacy disclosure becomes, and each of its
figures restated in that unit.

A disclosure prints its figures in 万元 or in 元, and not always in one: the Shanghai district
package prints its 公开表 in 元 under a narrative in 万元, and docgen's own document of a source
in 元 prints its narrative in 元 too. Each figure is read with the unit printed beside it (a
sentence's 万元 or 元, a project table's 单位 line); one printed without (a table of the
narrative) is in the unit of the narrative's revenue total. The source is in 万元, the unit a
source has unless it says otherwise, where every figure holds there exactly (a figure printed
in 元 a whole hundred, since a 万元 figure has two places); else it is in 元. A figure printed
in 元 is restated in a source in 万元 by moving its decimal point, never rounded; one printed in
万元 and nowhere finer (the tables' finer figures have taken the place of those they print too,
`legacy_settle`) keeps its digits in a source in 元, written `22.50万元`: it stands for a 元
figure rounded to 0.01 万元, and the checks allow it that rounding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from docgen.importing.legacy_sections import Found
from docgen.importing.targets import NUMBER, Printed, ProjectTable

WAN = "万元"  # the unit of a source that names none, and of most narratives
YUAN = "元"
SHIFT = 4  # 万元 → 元: the decimal point moves four places
CENT = Decimal("0.01")  # the places a 万元 figure of a source has

Restate = Callable[[Printed], Printed]


def narrative_unit(found: Found) -> str:
    """The unit the narrative prints its figures in: that of its revenue (or spending) total."""
    total = found.revenue.get("total") or found.expenditure.get("total")
    return total.unit if total is not None and total.unit else WAN


def source_unit(found: Found, tables: list[ProjectTable], yuan: list[Decimal], default: str) -> str:
    """万元 where every figure printed in 元 (the narrative's, the project tables', and `yuan`,
    the 公开表's; `default` the unit of one that prints none) is a whole hundred; else 元."""
    seen: list[Decimal] = list(yuan)

    def note(value: Printed) -> Printed:
        if (value.unit or default) == YUAN and NUMBER.match(value.text):
            seen.append(Decimal(value.text))
        return value

    restate_figures(found, tables, note)
    return WAN if all(is_whole_hundred(figure) for figure in seen) else YUAN


def is_whole_hundred(figure: Decimal) -> bool:
    """Does a 万元 figure of two places hold this 元 figure exactly?"""
    wan = figure.scaleb(-SHIFT)
    try:
        return wan == wan.quantize(CENT)
    except InvalidOperation:  # longer than a Decimal holds: no source figure either, kept in 元
        return False


@dataclass
class Restated:
    """What `restate_in` did, for the source to say: figures moved into its unit, figures kept
    in the coarser 万元 they were printed in."""

    moved: bool = False
    kept: bool = False


def restate_in(found: Found, tables: list[ProjectTable], unit: str, default: str) -> Restated:
    """Every money figure of `found` and of the project tables in `unit` (`default` the unit of
    one that prints none), its `unit` then "" (the source's), or 万元 where a source in 元
    keeps the 万元 it was printed in."""
    done = Restated()

    def restate(value: Printed) -> Printed:
        printed_in = value.unit or default
        if not NUMBER.match(value.text):
            return value
        if printed_in == unit:
            return Printed(value.text, value.place)
        if printed_in == WAN and Decimal(value.text) > 0:  # none (0) is no rounding
            done.kept = True
            return Printed(value.text, value.place, WAN)
        done.moved = True
        return Printed(in_unit(Decimal(value.text), printed_in, unit), value.place)

    restate_figures(found, tables, restate)
    return done


def source_value(value: Printed) -> Decimal:
    """A restated figure's value in its source's unit, a figure kept in 万元 in 元."""
    figure = Decimal(value.text)
    return figure.scaleb(SHIFT) if value.unit == WAN else figure


def in_unit(value: Decimal, printed_in: str, unit: str) -> str:
    """A figure's digits in `unit`: 万元 → 元 exactly (22.5 → 225000), 元 → 万元 with the two
    places of a 万元 figure (one 元 figure a whole hundred, as `source_unit` made sure)."""
    if printed_in == unit:
        return f"{value:f}"
    if unit == YUAN:
        return f"{value.scaleb(SHIFT):f}"
    return f"{value.scaleb(-SHIFT).quantize(CENT):f}"


def restate_figures(found: Found, tables: list[ProjectTable], restate: Restate) -> None:
    """`restate` applied to every money figure the readers found (never to a count, a share or
    a year), each written back where it was."""
    for figures in (
        found.revenue,
        found.expenditure,
        found.printed_last,
        found.three_public,
        found.three_last,
        found.procurement,
    ):
        figures.update({key: restate(value) for key, value in figures.items()})
    if "amount" in found.operating:
        found.operating["amount"] = restate(found.operating["amount"])
    for changes in (found.changes, found.three_changes):
        changes.update({key: changed(change, restate) for key, change in changes.items()})
    if found.operating_change is not None:
        found.operating_change = changed(found.operating_change, restate)
    for line in found.procurement_lines:
        line.amounts = {key: restate(value) for key, value in line.amounts.items()}
        for key in ("unit_price", "total"):
            if key in line.values:
                line.values[key] = restate(line.values[key])
    for parts in found.assets.values():
        if "value" in parts:
            parts["value"] = restate(parts["value"])
    for table in tables:
        table.amount, table.fiscal, table.other = (
            restate(value) if value is not None else None
            for value in (table.amount, table.fiscal, table.other)
        )


def changed(
    change: tuple[Printed, Printed | None], restate: Restate
) -> tuple[Printed, Printed | None]:
    """A change's word as it is, its amount restated."""
    word, amount = change
    return word, restate(amount) if amount is not None else None
