"""Stage 4, compute: a total shown in a table's money unit and places, and its parts sharing it.

`docgen.shown` and `docgen.shown_sides` show the standard tables with these: a figure scaled and
rounded half up (`Scale`), parts sharing their total's shown figure by largest remainder
(`apportion`), a part another table already shows keeping that figure (`Pins`,
`apportion_pinned`), and whether a row's shown parts miss its shown total (`misses`). Why
shares, not cells rounded one by one: `docgen.shown`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from docgen.compute import exactly
from docgen.source.model import WAN_SHIFT
from docgen.tables import ECONOMIC_TABLES, SAME_AS, TOTAL_ROW, CellKey, Cells

TEN_THOUSAND = Decimal(1).scaleb(WAN_SHIFT)  # 元 in a 万元


@dataclass(frozen=True)
class Scale:
    """From the source's unit to a table's: multiply by `factor`, show to `quantum`."""

    factor: Decimal
    quantum: Decimal  # the last place shown: 0.01 for two decimals, 1 for whole 元

    def half_up(self, value: Decimal) -> Decimal:
        return (value * self.factor).quantize(self.quantum, rounding=ROUND_HALF_UP)


def scale_for(source_unit: str, table_unit: str, decimals: int) -> Scale:
    factor = Decimal(1)
    if table_unit != source_unit:
        factor = TEN_THOUSAND if table_unit == "元" else 1 / TEN_THOUSAND
    return Scale(factor, Decimal(1).scaleb(-decimals))


@exactly
def apportion(shown_total: Decimal, parts: Sequence[Decimal], scale: Scale) -> list[Decimal]:
    """The parts as shown, adding up to `shown_total`: each rounded down, then one unit more to
    the largest remainders (ties: the larger part, then the earlier one, so the same source
    always shows the same figures). `shown_total` lies between the parts rounded down and the
    parts rounded up (it is their exact sum rounded, or shared out the same way), so at most one
    unit goes to each part."""
    scaled = [part * scale.factor for part in parts]
    floors = [value.quantize(scale.quantum, rounding=ROUND_FLOOR) for value in scaled]
    missing = int((shown_total - sum(floors, Decimal(0))) / scale.quantum)
    ranked = sorted(range(len(parts)), key=lambda i: (-(scaled[i] - floors[i]), -scaled[i], i))
    for index in ranked[:missing]:
        floors[index] += scale.quantum
    return floors


# -- figures two tables show ------------------------------------------------------------------

# A cell of a classified table as shown, by (table, column, row): its exact figure and the
# figure shown. A later table's cell that is the same figure (`SAME_AS`, `SideLine.same_as`)
# and has the same exact value takes it instead of being rounded again.
Pins = dict[CellKey, tuple[Decimal, Decimal]]


def same_cell(table: str, column: str, row: str) -> CellKey | None:
    """The cell of an earlier table that a classified table's cell is (`SAME_AS`): the same
    row of a table by 功能分类, only the 合计 row of one by 经济分类."""
    found = SAME_AS.get((table, column))
    if found is None or (table in ECONOMIC_TABLES and row != TOTAL_ROW):
        return None
    return (*found, row)


def pinned(pins: Pins, figure: CellKey | None, exact: Decimal) -> Decimal | None:
    """The figure as an earlier table shows it, where that table shows the same exact one."""
    found = pins.get(figure) if figure is not None else None
    return found[1] if found is not None and found[0] == exact else None


def summed(parts: Sequence[tuple[Decimal, Decimal | None]], scale: Scale) -> Decimal | None:
    """A total whose parts (exact, as another table shows it) are all shown elsewhere (or
    exactly zero, shown so everywhere): their sum as shown, so that the total adds up and each
    part shows what the other tables show; None where the total is rounded on its own."""
    if any(kept is None and exact != 0 for exact, kept in parts):
        return None
    total = sum((kept for _, kept in parts if kept is not None), Decimal(0))
    return total.quantize(scale.quantum)  # the places shown, also when every part is zero


@exactly
def apportion_pinned(
    shown_total: Decimal,
    parts: Sequence[Decimal],
    scale: Scale,
    fixed: Sequence[Decimal | None],
) -> list[Decimal]:
    """The parts as shown, adding up to `shown_total`: a part another table already shows keeps
    that figure, the others share what is left by largest remainder. Where what is left cannot
    be shared so (more than the others rounded up, or less than rounded down), every part is
    shared afresh: the parts still add up, at the cost of a figure shown one unit apart."""
    left = shown_total - sum((value for value in fixed if value is not None), Decimal(0))
    rest = [part for part, value in zip(parts, fixed, strict=True) if value is None]
    if not shareable(left, rest, scale):
        return apportion(shown_total, parts, scale)
    shares = iter(apportion(left, rest, scale))
    return [next(shares) if value is None else value for value in fixed]


def shareable(shown_total: Decimal, parts: Sequence[Decimal], scale: Scale) -> bool:
    """Whether `shown_total` lies between the parts rounded down and the parts rounded up."""
    scaled = [part * scale.factor for part in parts]
    low = sum((v.quantize(scale.quantum, rounding=ROUND_FLOOR) for v in scaled), Decimal(0))
    high = sum((v.quantize(scale.quantum, rounding=ROUND_CEILING) for v in scaled), Decimal(0))
    return low <= shown_total <= high


def misses(exact: Cells, shown: Cells, whole: str, parts: Iterable[str]) -> bool:
    """A row whose exact parts make its total but whose shown parts do not."""
    parts = tuple(parts)
    if exact[whole] != sum((exact[p] for p in parts), Decimal(0)):
        return False  # not an identity of this row (a 经济分类 类 neither 人员 nor 公用)
    return shown[whole] != sum((shown[p] for p in parts), Decimal(0))
