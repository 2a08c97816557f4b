"""Stage 4, compute: every figure a disclosure shows, derived from the model.

Takes a `Unit` (or a department's units), hands on `UnitFigures` / `DepartmentFigures`: totals,
其中 splits, changes vs last year with their words and percentages, “三公” totals, per-source
sums, procurement and asset totals, project numbering. This is the only module that adds,
subtracts or rounds; checks compare stated figures to these, renderers only read them.
Sums are exact Decimals of the source figures; the one rounding rule is ROUND_HALF_UP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import wraps
from typing import ParamSpec, TypeVar

from docgen.source.model import (
    WAN_SHIFT,
    Amount,
    LastYear,
    Procurement,
    Project,
    StatedChange,
    ThreePublic,
    Unit,
)
from docgen.terms import (
    CHANGE_WORD_SIGNS,
    THREE_PUBLIC_HEADS,
    THREE_PUBLIC_ITEMS,
    AssetCategory,
    ProcurementCategory,
    RevenueSource,
)
from docgen.terms import ThreePublic as Item

# Every sum and difference exact: amounts have at most 12 integer digits and 2 decimals (the
# schema), so 60 digits hold any sum of a county with room to spare, where Python's default 28
# would round a 30-digit figure and let a cent pass. A division (a percentage) is rounded once,
# to cents, by ROUND_HALF_UP; anything else that would round or overflow raises. (A chart's bar
# lengths are fractions, not money: they keep the caller's context.)
EXACT = Context(prec=60, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow])
P = ParamSpec("P")
R = TypeVar("R")


def exactly(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` in the exact context, whatever context its caller has."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(EXACT):
            return function(*args, **kwargs)

    return run


ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
WORD_UP, WORD_DOWN, WORD_FLAT = "增加", "减少", "持平"


def total(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def value_of(figure: Amount | None) -> Decimal | None:
    return figure.value if figure is not None else None


def round_half_up(value: Decimal, places: Decimal = CENT) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Change:  # 比上年增减
    current: Decimal
    previous: Decimal  # with `stated`, implied by the stated change (current − delta)
    delta: Decimal
    word: str  # 增加 / 减少 / 持平, or with `stated` the word the source states
    percent: Decimal | None  # delta / previous × 100, 2 dp; None when last year was 0
    # Stated without last year's figures: the change as the source writes it is the data.
    stated: bool = False
    # The own rounding (`own_rounding`) of the figures of this year and of last year written in
    # a coarser unit: within their sum the two years may stand for equal figures.
    rounding_now: Decimal = ZERO
    rounding_before: Decimal = ZERO
    # A stated 持平 (基本持平, …) of two years that differ by no more than their own rounding:
    # the word the document says. The delta stays the printed years' difference (the tables'
    # rows add up with it); only the word is the source's.
    flat_word: str | None = None

    @property
    def rounding(self) -> Decimal:
        return self.rounding_now + self.rounding_before

    @property
    def flat(self) -> bool:
        """No change to say or explain: the years equal, or stated 持平 within their rounding."""
        return self.delta == 0 or self.flat_word is not None

    @property
    def said_word(self) -> str:
        return self.flat_word or self.word


@exactly
def compute_change(current: Decimal, previous: Decimal) -> Change:
    delta = current - previous
    word = WORD_UP if delta > 0 else WORD_DOWN if delta < 0 else WORD_FLAT
    percent = round_half_up(delta / previous * HUNDRED) if previous != 0 else None
    return Change(current, previous, delta, word, percent)


def own_rounding(*figures: Amount | None) -> Decimal:
    """Half a unit of the last place of each figure written in a coarser unit than its file's
    (22.50万元 in a source in 元: 50 元), the figure it stands for being rounded to that place:
    the allowance `rounded_from` gives each rounded figure of a file, given figure by figure."""
    coarse = [f.value for f in figures if f is not None and f.stated_in is not None]
    return sum((places_of(value) / 2 for value in coarse), ZERO)


def settle_change(
    change: Change, stated: StatedChange | None, rounding: tuple[Decimal, Decimal]
) -> Change:
    """The change of two years with their own rounding (this year's, last year's), taking the
    word of no change the source states where the years differ by no more than that: 70.01万元
    against 700,123 元 stated 持平 is said 持平, as the original's tables printed them equal."""
    settled = replace(change, rounding_now=rounding[0], rounding_before=rounding[1])
    word = stated.word.value if stated is not None and stated.word is not None else None
    if word is None or CHANGE_WORD_SIGNS[word] != 0 or change.delta == 0:
        return settled
    return replace(settled, flat_word=word) if abs(change.delta) <= settled.rounding else settled


RateRange = tuple[Decimal, Decimal | None]  # lowest and highest rate; None: no highest


@exactly
def rate_ranges(change: Change, amount: Amount | None) -> tuple[RateRange, ...]:
    """The rates of change, unsigned and rounded half-up to 2 places as `compute_change` rounds
    one, that a source may state for `change`: those the two years give within their own
    rounding (this year c ± rounding_now over last year p ± rounding_before: lowest at the
    least c over the most p, highest at the most c over the least p), and, for a change amount
    written in a coarser unit, the rate of that amount over last year as written, the one an
    original computes from its own table. Years written exactly give their one rate. None
    (empty) where last year is 0: there is no rate."""
    if change.percent is None:
        return ()
    now, before = change.rounding_now, change.rounding_before
    least = max(change.current - now, ZERO) / (change.previous + before) - 1
    most = None
    if change.previous - before > 0:
        most = (change.current + now) / (change.previous - before) - 1
    ranges = [unsigned_rates(least, most)]
    if amount is not None and amount.stated_in is not None:
        written = round_half_up(amount.value / change.previous * HUNDRED)
        ranges.append((written, written))
    return tuple(ranges)


def unsigned_rates(least: Decimal, most: Decimal | None) -> RateRange:
    """The unsigned percentages, rounded, of the signed rates from `least` to `most`: from 0
    where the range holds no change (ROUND_HALF_UP rounds the sign away from zero alike, so the
    unsigned rounded range is that of the unsigned rates)."""
    low = round_half_up(least * HUNDRED)
    high = None if most is None else round_half_up(most * HUNDRED)
    if high is None:
        return (ZERO if low <= 0 else low), None
    if low <= 0 <= high:
        return ZERO, max(-low, high)
    return min(abs(low), abs(high)), max(abs(low), abs(high))


def compute_stated_change(current: Decimal, stated: StatedChange | None) -> Change | None:
    """A change a source states without publishing last year's figure: its word gives the sign
    (TABLES.md N2), its amount the size; a word meaning 持平 stands for no change."""
    if stated is None or stated.word is None:
        return None
    sign = CHANGE_WORD_SIGNS[stated.word.value]
    if sign and stated.amount is None:
        return None
    delta = sign * stated.amount.value if sign and stated.amount is not None else ZERO
    percent = value_of(stated.percent)
    signed = sign * percent if percent is not None and sign else percent
    return Change(current, current - delta, delta, stated.word.value, signed, stated=True)


def stated_changes(
    current: dict[str, Decimal], stated: dict[str, StatedChange]
) -> dict[str, Change]:
    found = {key: compute_stated_change(value, stated.get(key)) for key, value in current.items()}
    return {key: change for key, change in found.items() if change is not None}


@dataclass(frozen=True)
class ProjectFigures:
    number: int  # 1-based, in document order
    amount: Decimal  # 预算数 = 财政资金 + 其他资金
    fiscal: Decimal
    other: Decimal


@dataclass(frozen=True)
class ThreePublicFigures:
    items: dict[str, Decimal]  # every `terms.ThreePublic` item, subtotal and total
    previous: dict[str, Decimal]  # empty when the source states its changes only
    changes: dict[str, Change]  # total, overseas, vehicles, reception (those known)
    deltas: dict[str, Decimal]  # this year − last year, for every item whose change is known


@dataclass(frozen=True)
class ProcurementFigures:
    line_totals: tuple[Decimal, ...]  # Σ the line's amounts by source
    # quantity × unit price, rounded half-up to the line total's places (None without both)
    priced: tuple[Decimal | None, ...]
    total: Decimal
    by_source: dict[str, Decimal]
    by_category: dict[str, Decimal]  # 货物 / 工程 / 服务


@dataclass(frozen=True)
class UnitFigures:
    projects: tuple[ProjectFigures, ...]
    projects_total: Decimal  # 项目支出 = Σ 预算数
    project_funding: dict[str, Decimal]  # Σ 预算数 per declared funding source
    revenue_by_source: dict[str, Decimal] | None
    carryover_by_source: dict[str, Decimal]  # 上年结转 by source, when the source splits it
    carryover: Decimal | None  # 上年结转: the sources and it add up to revenue_total
    revenue_total: Decimal | None  # Σ sources + 上年结转
    personnel: Decimal | None
    public: Decimal | None
    basic: Decimal | None  # 基本支出 = 人员 + 公用
    carry_forward: Decimal
    expenditure_total: Decimal | None  # 基本 + 项目 + 结转下年
    previous_total: Decimal | None
    changes: dict[str, Change]  # total, basic, projects
    three_public: ThreePublicFigures | None
    procurement: ProcurementFigures | None
    assets_total: Decimal | None
    operating_change: Change | None = None  # 机关运行经费 比上年
    targeted: tuple[int, Decimal] = (0, ZERO)  # projects with 绩效目标 indicators, and their money


def compute_project(number: int, project: Project) -> ProjectFigures:
    other = value_of(project.other) or ZERO
    return ProjectFigures(number, project.fiscal.value + other, project.fiscal.value, other)


def compute_three_public(three: ThreePublic) -> ThreePublicFigures:
    def itemise(figures: dict[str, Amount]) -> dict[str, Decimal]:
        items = {key: value_of(figures.get(key)) or ZERO for key in THREE_PUBLIC_ITEMS}
        items[Item.vehicles] = items[Item.vehicle_purchase] + items[Item.vehicle_operation]
        items[Item.total] = sum((items[key] for key in THREE_PUBLIC_HEADS), ZERO)
        return {key: items[key] for key in Item}  # in the order of the disclosure's table

    now = itemise(three.this_year)
    heads = (Item.total, *THREE_PUBLIC_HEADS)
    if not three.last_year:  # stated changes only: last year's items are not published
        changes = stated_changes({k: now[k] for k in heads}, three.stated_changes)
        deltas = {k: change.delta for k, change in changes.items()}
        return ThreePublicFigures(now, {}, changes, deltas)
    before = itemise(three.last_year)
    changes = {
        k: settle_change(
            compute_change(now[k], before[k]),
            three.stated_changes.get(k),
            three_public_rounding(three, k),
        )
        for k in heads
    }
    return ThreePublicFigures(now, before, changes, {k: now[k] - before[k] for k in now})


VEHICLE_PARTS = (Item.vehicle_purchase, Item.vehicle_operation)
# The items a “三公” head's change is made of (an item's own is the item)
THREE_PUBLIC_PARTS: dict[str, tuple[str, ...]] = {
    Item.total: THREE_PUBLIC_ITEMS,
    Item.vehicles: VEHICLE_PARTS,
}


def three_public_rounding(three: ThreePublic, key: str) -> tuple[Decimal, Decimal]:
    """The own rounding of the items a “三公” head adds up, this year's and last year's."""
    items = THREE_PUBLIC_PARTS.get(key, (key,))
    return (
        own_rounding(*(three.this_year.get(item) for item in items)),
        own_rounding(*(three.last_year.get(item) for item in items)),
    )


def compute_procurement(procurement: Procurement) -> ProcurementFigures:
    line_totals = tuple(total(a.value for a in line.amounts.values()) for line in procurement.lines)
    by_source: dict[str, Decimal] = {
        source: total(value_of(line.amounts.get(source)) for line in procurement.lines)
        for source in RevenueSource
    }
    by_category = {category.zh: ZERO for category in ProcurementCategory}
    for line, line_total in zip(procurement.lines, line_totals, strict=True):
        by_category[line.category.value] += line_total
    if not procurement.lines and procurement.categories:  # stated by category alone: only those
        by_category = {
            ProcurementCategory[k].zh: v.value for k, v in procurement.categories.items()
        }
    priced = tuple(
        round_half_up(line.quantity.value * line.unit_price.value, places_of(line_total))
        if line.quantity is not None and line.unit_price is not None
        else None
        for line, line_total in zip(procurement.lines, line_totals, strict=True)
    )
    grand = total(line_totals) if procurement.lines else total(by_category.values())
    return ProcurementFigures(line_totals, priced, grand, by_source, by_category)


def places_of(value: Decimal) -> Decimal:
    """1 in the last place of value: Decimal('1.00') → Decimal('0.01')."""
    return Decimal(1).scaleb(value.as_tuple().exponent)  # type: ignore[arg-type]


@exactly
def compute_figures(unit: Unit) -> UnitFigures:
    projects = tuple(compute_project(i, p) for i, p in enumerate(unit.projects, start=1))
    projects_total = total(p.amount for p in projects)
    if not unit.projects_listed and unit.expenditure is not None:
        # a department's consolidated 项目支出: its units list the projects, it states the sum
        projects_total = value_of(unit.expenditure.projects_total) or ZERO
    funding: dict[str, Decimal] = {}
    for project, figures in zip(unit.projects, projects, strict=True):
        if project.funding_source is not None:
            source = project.funding_source.value
            funding[source] = funding.get(source, ZERO) + figures.amount

    revenue_by_source = revenue_total = carryover = None
    carryover_by_source: dict[str, Decimal] = {}
    if unit.revenue is not None:
        revenue_by_source = {k: v.value for k, v in unit.revenue.sources.items()}
        carryover_by_source = {k: v.value for k, v in unit.revenue.carryover_by_source.items()}
        carryover = value_of(unit.revenue.carryover) or total(carryover_by_source.values())
        revenue_total = total(revenue_by_source.values()) + carryover

    personnel = public = basic = expenditure_total = None
    carry_forward = ZERO
    if unit.expenditure is not None:
        personnel, public = unit.expenditure.personnel.value, unit.expenditure.public.value
        basic = personnel + public
        carry_forward = value_of(unit.expenditure.carry_forward) or ZERO
        expenditure_total = basic + projects_total + carry_forward

    previous_total = None
    changes: dict[str, Change] = {}
    last = unit.last_year
    if last is not None and basic is not None and expenditure_total is not None:
        if last.basic is not None and last.projects is not None:
            previous_total = (
                last.basic.value + last.projects.value + (value_of(last.carry_forward) or ZERO)
            )
            computed = {
                "total": compute_change(expenditure_total, previous_total),
                "basic": compute_change(basic, last.basic.value),
                "projects": compute_change(projects_total, last.projects.value),
            }
            now, before = coarse_parts(unit), last_year_rounding(last)
            changes = {
                key: settle_change(change, last.stated_changes.get(key), (now[key], before[key]))
                for key, change in computed.items()
            }
        else:
            current = {"total": expenditure_total, "basic": basic, "projects": projects_total}
            changes = stated_rounding(stated_changes(current, last.stated_changes), unit, last)

    return UnitFigures(
        projects=projects,
        projects_total=projects_total,
        project_funding=funding,
        revenue_by_source=revenue_by_source,
        carryover_by_source=carryover_by_source,
        carryover=carryover,
        revenue_total=revenue_total,
        personnel=personnel,
        public=public,
        basic=basic,
        carry_forward=carry_forward,
        expenditure_total=expenditure_total,
        previous_total=previous_total,
        changes=changes,
        three_public=compute_three_public(unit.three_public) if unit.three_public else None,
        procurement=compute_procurement(unit.procurement) if unit.procurement else None,
        assets_total=compute_assets_total(unit),
        operating_change=compute_operating_change(unit),
        targeted=(
            sum(1 for p in unit.projects if p.indicators),
            total(f.amount for p, f in zip(unit.projects, projects, strict=True) if p.indicators),
        ),
    )


def coarse_parts(unit: Unit) -> dict[str, Decimal]:
    """The own rounding of the figures written in a coarser unit that each computed total of the
    budget adds: 收入合计 its sources and 上年结转, 基本支出 人员 and 公用, 项目支出 each
    project's 财政资金 and 其他资金 (a department's consolidated figures: its stated 项目支出),
    支出合计 (`total`, as its change is keyed) those three and 结转下年."""
    revenue, spending = unit.revenue, unit.expenditure
    sources = [*revenue.sources.values(), revenue.carryover] if revenue else []
    sources += revenue.carryover_by_source.values() if revenue else []
    basic = [spending.personnel, spending.public] if spending else []
    projects = [figure for project in unit.projects for figure in (project.fiscal, project.other)]
    if spending is not None and not unit.projects_listed:
        projects = [spending.projects_total]
    carried = spending.carry_forward if spending else None
    return {
        "revenue": own_rounding(*sources),
        "basic": own_rounding(*basic),
        "projects": own_rounding(*projects),
        "total": own_rounding(*basic, *projects, carried),
    }


def stated_rounding(changes: dict[str, Change], unit: Unit, last: LastYear) -> dict[str, Change]:
    """Changes stated without last year's figures, with the own rounding of their two years:
    this year's figures in a coarser unit, and last year's, implied by this year and the stated
    amount, those and the amount's. A unit's own check takes the stated change as the data; a
    department that sums such changes is allowed their rounding."""
    now = coarse_parts(unit)
    return {
        key: replace(
            change,
            rounding_now=now[key],
            rounding_before=now[key] + own_rounding(last.stated_changes[key].amount),
        )
        for key, change in changes.items()
    }


def last_year_rounding(last: LastYear) -> dict[str, Decimal]:
    """The own rounding of last year's figures in a coarser unit, keyed as the changes are."""
    return {
        "total": own_rounding(last.basic, last.projects, last.carry_forward),
        "basic": own_rounding(last.basic),
        "projects": own_rounding(last.projects),
    }


def compute_operating_change(unit: Unit) -> Change | None:
    costs = unit.operating_costs
    if costs is None:
        return None
    if costs.last_year is not None:
        change = compute_change(costs.amount.value, costs.last_year.value)
        rounding = (own_rounding(costs.amount), own_rounding(costs.last_year))
        return settle_change(change, costs.stated_change, rounding)
    return compute_stated_change(costs.amount.value, costs.stated_change)


def compute_assets_total(unit: Unit) -> Decimal | None:
    """Σ the categories' values; none where the register gives counts alone (no category)."""
    if unit.assets is None or not unit.assets.has_table():
        return None
    lines = unit.assets.categories
    return total(value_of(lines[key].value) if key in lines else None for key in AssetCategory)


@dataclass(frozen=True)
class DepartmentFigures:
    """Sums over a department's units; budget sums only where every unit carries them."""

    units: tuple[UnitFigures, ...]  # or its own consolidated figures, without unit files
    project_count: int
    # The department document numbers its project tables 1… across units, in unit order:
    # project_numbers[u][p] is the number of unit u's project p.
    project_numbers: tuple[tuple[int, ...], ...]
    projects_total: Decimal
    revenue_total: Decimal | None
    revenue_by_source: dict[str, Decimal] | None
    basic: Decimal | None
    expenditure_total: Decimal | None
    changes: dict[str, Change]
    three_public_total: Decimal | None


def sum_if_all(values: list[Decimal | None]) -> Decimal | None:
    """The sum, or None when there is nothing to sum or some part lacks the figure."""
    return None if not values or any(v is None for v in values) else total(values)


def sum_by_source(parts: list[dict[str, Decimal] | None]) -> dict[str, Decimal] | None:
    if not parts or any(part is None for part in parts):
        return None
    return {source: total((part or {}).get(source) for part in parts) for source in RevenueSource}


def sum_changes(parts: list[Change], stated: StatedChange | None) -> Change:
    """A department's change: its units' two years summed, each year allowed the own rounding
    of the units' figures in a coarser unit (the same rule as a unit's), within which the
    department may state 持平."""
    change = compute_change(total(c.current for c in parts), total(c.previous for c in parts))
    rounding = (total(c.rounding_now for c in parts), total(c.rounding_before for c in parts))
    return settle_change(change, stated, rounding)


@exactly
def compute_department(
    units: tuple[UnitFigures, ...], stated: dict[str, StatedChange] | None = None
) -> DepartmentFigures:
    """The department's sums over its units; `stated`, the changes the department states."""
    changes: dict[str, Change] = {}
    # A change is the department's where every unit gives it: a unit that states its changes
    # without last year's figures may state its total's alone.
    for key in ("total", "basic", "projects"):
        parts = [u.changes[key] for u in units if key in u.changes]
        if units and len(parts) == len(units):
            changes[key] = sum_changes(parts, (stated or {}).get(key))
    three = [u.three_public.items["total"] if u.three_public else None for u in units]
    numbers, start = [], 1
    for unit in units:
        numbers.append(tuple(range(start, start + len(unit.projects))))
        start += len(unit.projects)
    return DepartmentFigures(
        units=units,
        project_count=start - 1,
        project_numbers=tuple(numbers),
        projects_total=total(u.projects_total for u in units),
        revenue_total=sum_if_all([u.revenue_total for u in units]),
        revenue_by_source=sum_by_source([u.revenue_by_source for u in units]),
        basic=sum_if_all([u.basic for u in units]),
        expenditure_total=sum_if_all([u.expenditure_total for u in units]),
        changes=changes,
        three_public_total=sum_if_all(three),
    )


def compute_consolidated(own: UnitFigures) -> DepartmentFigures:
    """A department without unit files: its consolidated figures stand for its units' sums
    (its totals are theirs), and no unit's project tables are numbered."""
    return replace(compute_department((own,)), project_numbers=())


@dataclass(frozen=True)
class Share:  # one slice of a composition (a chart bar and the figure beside it)
    key: str
    amount: Decimal
    fraction: Decimal  # amount / whole, unrounded: the bar's length
    percent: Decimal  # fraction × 100, ROUND_HALF_UP to 2 dp: the printed share


def compute_shares(parts: list[tuple[str, Decimal]]) -> tuple[Share, ...]:
    """Each part's share of their sum; all zero when the sum is zero."""
    whole = total(amount for _, amount in parts)
    shares = []
    for key, amount in parts:
        fraction = amount / whole if whole else ZERO
        shares.append(Share(key, amount, fraction, round_half_up(fraction * HUNDRED)))
    return tuple(shares)


def largest_with_rest(
    parts: list[tuple[str, Decimal]], keep: int, rest_key: str
) -> list[tuple[str, Decimal]]:
    """The `keep` largest parts in descending order, the others summed into one `rest_key` part.

    Ties keep document order, so the same source always gives the same chart.
    """
    ranked = sorted(parts, key=lambda part: -part[1])
    if len(ranked) <= keep + 1:
        return ranked
    return [*ranked[:keep], (rest_key, total(amount for _, amount in ranked[keep:]))]


@dataclass(frozen=True)
class Totals:
    """A document's headline figures, for the county index and summary: a unit's own, a
    department's or a county's sums (None where some unit does not publish the figure)."""

    revenue_by_source: dict[str, Decimal] | None
    carryover: Decimal | None  # 上年结转: with the sources, revenue_total
    revenue_total: Decimal | None
    basic: Decimal | None
    projects: Decimal
    expenditure_total: Decimal | None
    three_public: Decimal | None
    project_count: int


@exactly
def unit_totals(figures: UnitFigures) -> Totals:
    return Totals(
        revenue_by_source=figures.revenue_by_source,
        carryover=figures.carryover,
        revenue_total=figures.revenue_total,
        basic=figures.basic,
        projects=figures.projects_total,
        expenditure_total=figures.expenditure_total,
        three_public=figures.three_public.items["total"] if figures.three_public else None,
        project_count=len(figures.projects),
    )


WAN = "万元"  # the county's money unit: its index, summary and diff add units up in it


def yuan_as_wan(value: Decimal) -> Decimal:
    """A figure in 元 as a 万元 source states it: to 0.01 万元, half up."""
    return round_half_up(value.scaleb(-WAN_SHIFT))


def totals_as_wan(totals: Totals, amount_unit: str) -> Totals:
    """Totals as a 万元 source states them: those of a 元 source each rounded to 0.01 万元, so
    that units in either money unit add up to what each prints in 万元."""
    if amount_unit == WAN:
        return totals

    def maybe(value: Decimal | None) -> Decimal | None:
        return None if value is None else yuan_as_wan(value)

    by_source = totals.revenue_by_source
    in_wan = None if by_source is None else {k: yuan_as_wan(v) for k, v in by_source.items()}
    return replace(
        totals,
        revenue_by_source=in_wan,
        carryover=maybe(totals.carryover),
        revenue_total=maybe(totals.revenue_total),
        basic=maybe(totals.basic),
        projects=yuan_as_wan(totals.projects),
        expenditure_total=maybe(totals.expenditure_total),
        three_public=maybe(totals.three_public),
    )


@exactly
def department_totals(figures: DepartmentFigures) -> Totals:
    return sum_totals([unit_totals(unit) for unit in figures.units])


@exactly
def sum_totals(parts: list[Totals]) -> Totals:
    """The county's totals: the sum over its units."""
    return Totals(
        revenue_by_source=sum_by_source([p.revenue_by_source for p in parts]),
        carryover=sum_if_all([p.carryover for p in parts]),
        revenue_total=sum_if_all([p.revenue_total for p in parts]),
        basic=sum_if_all([p.basic for p in parts]),
        projects=total(p.projects for p in parts),
        expenditure_total=sum_if_all([p.expenditure_total for p in parts]),
        three_public=sum_if_all([p.three_public for p in parts]),
        project_count=sum(p.project_count for p in parts),
    )
