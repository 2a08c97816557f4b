"""Stage 5, checks: the identities of a disclosure (DOMAIN.md 1–11) as findings.

Takes the model and the computed figures, hands on findings. Where a source states a figure that
docgen also computes, the stated one is compared with the computed one, exactly — or, when the
source declares `rounded_from`, within the rounding tolerance; a figure written in a coarser
unit than its file's (`22.50万元` in a source in 元) is allowed the rounding of its own last
place wherever it is compared. Nothing is computed here that the `compute` stage does not
already hold; this module only compares and reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import is_dataclass
from datetime import date
from decimal import Decimal

from docgen.compute import (
    Change,
    DepartmentFigures,
    RateRange,
    UnitFigures,
    coarse_parts,
    last_year_rounding,
    own_rounding,
    places_of,
    rate_ranges,
    three_public_rounding,
)
from docgen.findings import Finding, Location
from docgen.messages import make_finding
from docgen.rules.indicators import Framework, lint_project_indicators
from docgen.source.model import (
    Amount,
    Department,
    LastYear,
    OperatingCosts,
    Procurement,
    StatedChange,
    Text,
    Unit,
)
from docgen.source.model import ThreePublic as ThreePublicSource
from docgen.source.placeholders import FILL_IN
from docgen.terms import (
    CHANGE_WORD_SIGNS,
    ExpenditurePart,
    PlanCheckpoint,
    ProcurementCategory,
    RevenueSource,
    Scope,
    ThreePublic,
)

What = tuple[str, str]
# What a check names a figure by, (zh, en): the terms' labels, and the budget total's own.
CHANGE_NAMES: dict[str, What] = {
    "total": ("收支预算合计", "the budget total"),
    **{part: (part.zh, part.en) for part in (ExpenditurePart.basic, ExpenditurePart.projects)},
}
THREE_PUBLIC_NAMES: dict[str, What] = {item: (item.zh, item.en) for item in ThreePublic}
PLACEHOLDER_RE = re.compile(r"##[^#\n]*##|\{\{.*?\}\}|\{%.*?%\}|[Xx]{3,}|×{2,}|_{3,}|＿{2,}")
DANGLING_REASON = ("主要原因是", "主要原因为", "原因是", "原因为", "主要为", "主要是", "：", ":")


def fmt(value: Decimal) -> str:
    return f"{value:f}"


def said(figure: Amount | Decimal) -> str:
    """A figure as a finding says it: one a source writes in a coarser unit than its own as
    written (22.51万元), every other in the file's unit, as `fmt` writes it."""
    if isinstance(figure, Decimal):
        return fmt(figure)
    return figure.as_written() if figure.stated_in is not None else fmt(figure.value)


def tolerance(
    stated: Decimal, parts: int, rounded_from: str | None, computed: Decimal | None = None
) -> Decimal:
    """How far a stated total may miss the sum of its parts.

    Exact sources: not at all. Sources rounded from a finer unit: (figures − 1) × ½ unit of the
    cells (the idea of XBRL Calculations 1.1), where the figures of an identity are its n parts
    and the total, so n × ½ unit. This admits the one-unit misses of correct tables
    (77,381,546 + 17,614,243 stated as 94,995,790) and nothing beyond them. The unit is the one
    the cells were rounded to, the finest place of the figures (the computed sum carries its
    parts' finest), never the total's own: a total written `28424` against parts given to the
    cent is allowed cents, not 万元.
    """
    if rounded_from is None:
        return Decimal(0)
    unit = places_of(stated) if computed is None else min(places_of(stated), places_of(computed))
    return parts * unit / 2


def beyond(part: Amount, whole: Amount | Decimal) -> bool:
    """A part more than its whole, further than the rounding of either allows (≤ checks)."""
    limit = whole if isinstance(whole, Decimal) else whole.value
    allowed = own_rounding(part) + (own_rounding(whole) if isinstance(whole, Amount) else 0)
    return part.value - limit > allowed


def check_sum(
    stated: Amount | None,
    computed: Decimal | None,
    parts: int,
    what: What,
    rounded_from: str | None,
    *,
    parts_rounding: Decimal = Decimal(0),
) -> list[Finding]:
    """A stated total against the sum of its parts, within the file's rounding tolerance, the
    stated figure's own and `parts_rounding` (that of the parts written in a coarser unit)."""
    if stated is None or computed is None:
        return []
    allowed = tolerance(stated.value, parts, rounded_from, computed) + own_rounding(stated)
    allowed += parts_rounding
    difference = stated.value - computed
    if difference == 0:
        return []
    if abs(difference) <= allowed:
        return [rounding_difference(stated.loc, what, stated, computed, allowed)]
    return [
        make_finding(
            "sum-mismatch",
            stated.loc,
            value=said(stated),
            what_zh=what[0],
            what_en=what[1],
            stated=said(stated),
            computed=fmt(computed),
            difference=f"{difference:+f}",
            **tolerance_words(allowed),
        )
    ]


def rounding_difference(
    where: Location, what: What, stated: Amount | Decimal, computed: Decimal, allowed: Decimal
) -> Finding:
    """A published total that misses its parts by rounding: allowed, yet a reader sees a table
    that does not add up, so it is said at the figure."""
    value = stated if isinstance(stated, Decimal) else stated.value
    return make_finding(
        "rounding-difference",
        where,
        value=said(stated),
        what_zh=what[0],
        what_en=what[1],
        stated=said(stated),
        computed=fmt(computed),
        difference=f"{value - computed:+f}",
        allowed=fmt(allowed),
    )


def check_unit(unit: Unit, figures: UnitFigures, framework: Framework | None) -> list[Finding]:
    return [
        *check_budget_totals(unit, figures),
        *check_changes(unit, figures),
        *check_three_public(unit, figures),
        *check_operating_costs(unit, figures),
        *check_projects(unit, figures, framework),
        *check_funding(unit, figures),
        *check_procurement(unit, figures),
        *check_performance_targets(unit, figures),
        *check_dates(unit),
        *check_texts(unit),
    ]


def check_dates(unit: Unit) -> list[Finding]:
    """A date is a date: `2020-13-45` has the form the schema asks for and is none."""
    as_of = unit.assets.as_of if unit.assets is not None else None
    if as_of is None:
        return []
    try:
        date.fromisoformat(as_of.value)
    except ValueError:
        return [make_finding("date-invalid", as_of.loc, value=as_of.value)]
    return []


def check_budget_totals(unit: Unit, figures: UnitFigures) -> list[Finding]:
    """Identities 1–3: revenue and expenditure totals, 基本支出, 项目支出, and the balance."""
    rounded = unit.rounded_from
    findings = []
    coarse = coarse_parts(unit)
    if unit.revenue is not None:
        parts = len(unit.revenue.sources) + (unit.revenue.carryover is not None)
        findings += check_sum(
            unit.revenue.total,
            figures.revenue_total,
            parts,
            ("收入合计", "revenue total"),
            rounded,
            parts_rounding=coarse["revenue"],
        )
    spending = unit.expenditure
    if spending is not None:
        findings += check_sum(
            spending.basic_total,
            figures.basic,
            2,
            ("基本支出（人员+公用）", "basic expenditure"),
            rounded,
            parts_rounding=coarse["basic"],
        )
        findings += check_sum(
            spending.projects_total,
            figures.projects_total,
            len(unit.projects),
            ("项目支出（各项目预算数之和）", "project expenditure"),
            rounded,
            parts_rounding=coarse["projects"],
        )
        findings += check_sum(
            spending.total,
            figures.expenditure_total,
            2 + (spending.carry_forward is not None),
            ("支出合计（基本+项目+结转下年）", "expenditure total"),
            rounded,
            parts_rounding=coarse["total"],
        )
    if spending is not None and unit.revenue is not None:
        findings += check_balance(unit, figures, coarse["revenue"] + coarse["total"])
    return findings


def check_balance(unit: Unit, figures: UnitFigures, parts_rounding: Decimal) -> list[Finding]:
    """Identity 3 (T1): revenue = expenditure. Both sides add rounded cells when the source is
    transcribed from a rounded publication, so every figure of both sides counts toward the
    tolerance: n figures, (n − 1) × ½ unit; and `parts_rounding`, the own rounding of the
    figures of both sides written in a coarser unit."""
    revenue, spending = unit.revenue, unit.expenditure
    assert revenue is not None and spending is not None
    assert figures.revenue_total is not None and figures.expenditure_total is not None
    difference = figures.revenue_total - figures.expenditure_total
    if difference == 0:
        return []
    where = spending.total.loc if spending.total else spending.loc
    carried = len(revenue.carryover_by_source) or (revenue.carryover is not None)
    figures_in = (
        len(revenue.sources)
        + carried
        + 2  # 人员, 公用
        + len(unit.projects)
        + (spending.carry_forward is not None)
    )
    allowed = tolerance(figures.revenue_total, figures_in - 1, unit.rounded_from) + parts_rounding
    if abs(difference) <= allowed:
        what = ("收入合计与支出合计", "revenue and expenditure totals")
        return [
            rounding_difference(
                where, what, figures.revenue_total, figures.expenditure_total, allowed
            )
        ]
    return [
        make_finding(
            "unbalanced",
            where,
            revenue=fmt(figures.revenue_total),
            expenditure=fmt(figures.expenditure_total),
            difference=f"{difference:+f}",
            **tolerance_words(allowed),
        )
    ]


def tolerance_words(allowed: Decimal) -> dict[str, str]:
    if not allowed:
        return {"tolerance_zh": "", "tolerance_en": ""}
    return {
        "tolerance_zh": f"（容许尾差 {fmt(allowed)}）",
        "tolerance_en": f" (allowed {fmt(allowed)})",
    }


def check_stated_change(
    stated: StatedChange | None,
    change: Change,
    what: What,
    rounded_from: str | None,
) -> list[Finding]:
    """Identity 4: a stated change (word, amount, percent) against the two years' figures;
    the change's `rounding` is the own rounding of those written in a coarser unit, within
    which the two years may be equal (持平) and the stated amount miss the difference."""
    if stated is None:
        return []
    findings = []
    if change.stated:
        return check_stated_word(stated, what)
    rounding = change.rounding
    sign = (change.delta > 0) - (change.delta < 0)
    signs = {sign, 0} if abs(change.delta) <= rounding else {sign}
    word = stated.word.value if stated.word else ""
    if stated.word is not None and CHANGE_WORD_SIGNS[word] not in signs:
        findings.append(
            make_finding(
                "change-word-mismatch",
                stated.word.loc,
                value=word,
                what_zh=what[0],
                what_en=what[1],
                word=word,
                delta=f"{change.delta:+f}",
                computed_word=change.word,
            )
        )
    if stated.amount is not None:
        difference = stated.amount.value - abs(change.delta)
        allowed = tolerance(stated.amount.value, 2, rounded_from, change.delta)
        if abs(difference) > allowed + own_rounding(stated.amount) + rounding:
            findings.append(
                make_finding(
                    "change-mismatch",
                    stated.amount.loc,
                    value=said(stated.amount),
                    what_zh=what[0],
                    what_en=what[1],
                    word=word,
                    stated=said(stated.amount),
                    # a change stated by its amount alone has no word to put before it
                    word_en=f"{word} " if word else "",
                    computed_word=change.word,
                    computed=fmt(abs(change.delta)),
                    difference=f"{difference:+f}",
                )
            )
    if stated.percent is not None:
        findings += check_stated_percent(stated.percent, stated.amount, change, what)
    return findings


def check_stated_percent(
    percent: Amount, amount: Amount | None, change: Change, what: What
) -> list[Finding]:
    """A stated rate of change against the rates the two years give, each year (and a change
    amount) written in a coarser unit within its own rounding (`rate_ranges`), exactly
    otherwise."""
    ranges = rate_ranges(change, amount)
    stated = abs(percent.value)
    if any(low <= stated and (high is None or stated <= high) for low, high in ranges):
        return []
    # last year's nothing has no rate of change to state
    computed = abs(change.percent) if change.percent is not None else None
    shown = f"{fmt(computed)}%" if computed is not None else None
    # the rates the rounding admits, said where they are more than the computed one
    wider = [] if ranges == ((computed, computed),) else list(ranges)
    return [
        make_finding(
            "change-percent-mismatch",
            percent.loc,
            value=fmt(percent.value),
            what_zh=what[0],
            what_en=what[1],
            stated=fmt(percent.value),
            computed_zh=(shown or "无（上年为0）") + rates_said_zh(wider),
            computed_en=(shown or "none (last year 0)") + rates_said_en(wider),
        )
    ]


def rate_said(rates: RateRange, to: str) -> str:
    low, high = rates
    if high is None:
        return f"≥{fmt(low)}%"
    return f"{fmt(low)}%" if low == high else f"{fmt(low)}%{to}{fmt(high)}%"


def rates_said_zh(ranges: list[RateRange]) -> str:
    """`（按所写单位的四舍五入为 7.70%～7.72%）`, nothing without ranges."""
    said = "、".join(rate_said(rates, "～") for rates in ranges)
    return f"（按所写单位的四舍五入为 {said}）" if said else ""


def rates_said_en(ranges: list[RateRange]) -> str:
    said = ", ".join(rate_said(rates, " to ") for rates in ranges)
    return f" ({said} within the rounding of the figures as written)" if said else ""


def check_stated_word(stated: StatedChange, what: What) -> list[Finding]:
    """Without last year's figures the stated change is the data: its word must still match its
    amount (持平 with an amount, 增加 with none)."""
    if stated.word is None or stated.amount is None:
        return []
    word, amount = stated.word.value, stated.amount.value
    # 0.00万元 in a source in 元 stands for less than its 50 元 either way: any word's amount
    if (CHANGE_WORD_SIGNS[word] == 0) == (amount == 0) or amount < own_rounding(stated.amount):
        return []
    return [
        make_finding(
            "change-word-amount",
            stated.word.loc,
            value=word,
            what_zh=what[0],
            what_en=what[1],
            word=word,
            amount=said(stated.amount),
        )
    ]


def check_reason(
    key: str, change: Change, block: LastYear | ThreePublicSource, what: What, where: Location
) -> list[Finding]:
    """A change needs its reason: the finding names the key to add, at the `reasons:` block
    when there is one (that is where it goes), else at the figure or block it explains."""
    if change.flat or key in block.reasons:  # a stated 持平 within rounding is no change
        return []
    name = "last_year" if isinstance(block, LastYear) else "three_public"
    if block.reasons_loc is not None:
        parent, example = f"{name}.reasons", f"{key}: 主要原因是……"
    else:
        parent, example = name, f"reasons: {{{key}: 主要原因是……}}"
    return [
        make_finding(
            "missing-reason",
            block.reasons_loc or where,
            what_zh=what[0],
            what_en=what[1],
            word=change.word,
            amount=fmt(abs(change.delta)),
            delta=f"{change.delta:+f}",
            path=f"{name}.reasons.{key}",
            parent=parent,
            example=example,
        )
    ]


def check_changes(unit: Unit, figures: UnitFigures) -> list[Finding]:
    last = unit.last_year
    if last is None or not figures.changes:
        return []
    findings = check_sum(
        last.total,
        figures.previous_total,
        2 + (last.carry_forward is not None),
        ("上年合计（基本+项目）", "last year's total"),
        unit.rounded_from,
        parts_rounding=last_year_rounding(last)["total"],
    )
    for key, change in figures.changes.items():
        what = CHANGE_NAMES[key]
        stated = last.stated_changes.get(key)
        findings += check_stated_change(stated, change, what, unit.rounded_from)
        if key != "total":  # the total's change is explained by its parts' reasons
            where = stated.loc if stated else last.loc
            findings += check_reason(key, change, last, what, where)
    return findings


def check_three_public(unit: Unit, figures: UnitFigures) -> list[Finding]:
    """Identity 5: “三公” total = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运维; the changes."""
    three, computed = unit.three_public, figures.three_public
    if three is None or computed is None:
        return []
    rounded = unit.rounded_from
    findings = [
        *check_sum(
            three.stated_total,
            computed.items[ThreePublic.total],
            4,
            THREE_PUBLIC_NAMES[ThreePublic.total],
            rounded,
            parts_rounding=three_public_rounding(three, ThreePublic.total)[0],
        ),
        *check_sum(
            three.stated_vehicles,
            computed.items[ThreePublic.vehicles],
            2,
            THREE_PUBLIC_NAMES[ThreePublic.vehicles],
            rounded,
            parts_rounding=three_public_rounding(three, ThreePublic.vehicles)[0],
        ),
    ]
    for key, change in computed.changes.items():
        stated = three.stated_changes.get(key)
        findings += check_stated_change(stated, change, THREE_PUBLIC_NAMES[key], rounded)
        if key != "total":
            findings += check_reason(
                key,
                change,
                three,
                THREE_PUBLIC_NAMES[key],
                stated.loc if stated else three.loc,
            )
    return findings


OPERATING_NAME = ("机关运行经费", "the operating costs")


def check_operating_change(unit: Unit, figures: UnitFigures) -> list[Finding]:
    """N2 for 机关运行经费: its stated change against the two years, and the reason."""
    costs, change = unit.operating_costs, figures.operating_change
    if costs is None or change is None:
        return []
    findings = check_stated_change(costs.stated_change, change, OPERATING_NAME, unit.rounded_from)
    if change.flat or costs.reason is not None:
        return findings
    where = costs.stated_change.loc if costs.stated_change else costs.loc
    missing = make_finding(
        "missing-reason",
        where,
        what_zh=OPERATING_NAME[0],
        what_en=OPERATING_NAME[1],
        word=change.word,
        amount=fmt(abs(change.delta)),
        delta=f"{change.delta:+f}",
        path="operating_costs.reason",
        parent="operating_costs",
        example="reason: 主要原因是……",
    )
    return [*findings, missing]


def holds_operating_costs(unit: Unit) -> bool:
    """X6 applies: the unit's 单位性质 (or one of the natures of the units a department's figures
    add up) is one its profile holds to 机关运行经费 ≤ 公用经费 (行政 and 参公 unless it says
    otherwise)."""
    return any(nature.value in unit.operating_natures for nature in unit.natures)


def check_operating_stated(unit: Unit, costs: OperatingCosts) -> list[Finding]:
    """X6: a unit states a 机关运行经费 only where one of its natures is one its profile has
    state it (a department's figures: one of its units'); 0 is stating it has none. A unit of no
    stated nature is not judged, as it is not held to 公用经费 either, nor one whose nature is
    still to fill in (an imported source's placeholder, reported as to fill in)."""
    natures = tuple(nature for nature in unit.natures if not FILL_IN.search(nature.value))
    if costs.amount.value == 0 or not natures:
        return []
    if any(nature.value in unit.operating_costs_stated_by for nature in natures):
        return []
    return [
        make_finding(
            "operating-outside-natures",
            costs.amount.loc,
            nature="、".join(nature.value for nature in natures),
            natures="、".join(unit.operating_costs_stated_by),
            amount=said(costs.amount),
        )
    ]


def check_operating_costs(unit: Unit, figures: UnitFigures) -> list[Finding]:
    """X6: 机关运行经费 ≤ 公用经费 for administrative units; a unit of a nature that states none
    (a 事业单位, unless its profile says otherwise) states none."""
    costs = unit.operating_costs
    if costs is None:
        return []
    findings = check_operating_change(unit, figures) + check_operating_stated(unit, costs)
    if figures.public is None or not holds_operating_costs(unit):
        return findings
    if beyond(costs.amount, figures.public):
        findings.append(
            make_finding(
                "operating-exceeds-public",
                costs.amount.loc,
                value=said(costs.amount),
                operating=said(costs.amount),
                public=fmt(figures.public),
            )
        )
    return findings


def check_projects(unit: Unit, figures: UnitFigures, framework: Framework | None) -> list[Finding]:
    """Identities 3, 6, 7 and the indicator lints, project by project."""
    findings: list[Finding] = []
    codes: dict[str, Location] = {}
    names: dict[str, Location] = {}
    prefix = f"{unit.division_code.value}{unit.year % 100:02d}" if unit.division_code else None
    for project, computed in zip(unit.projects, figures.projects, strict=True):
        findings += check_sum(
            project.amount,
            computed.amount,
            2,
            (
                f"项目“{project.name.value}”预算数（财政资金+其他资金）",
                f"budget of project {project.code.value} (fiscal + other)",
            ),
            unit.rounded_from,
            parts_rounding=own_rounding(project.fiscal, project.other),
        )
        findings += check_unique(project.code, codes, "project-code-duplicate")
        findings += check_unique(project.name, names, "project-name-duplicate")
        if prefix and not project.code.value.startswith(prefix):
            findings.append(
                make_finding(
                    "project-code-foreign",
                    project.code.loc,
                    value=project.code.value,
                    expected=prefix,
                )
            )
        findings += check_plan(project.plan, project.plan_loc, unit.checkpoints)
        findings += [
            make_finding("indicator-basis-missing", row.value.loc)
            for row in project.indicators
            if row.basis is None and project.indicator_basis is None
        ]
        if framework is not None:
            findings += lint_project_indicators(project, framework, computed.amount)
    return findings


def check_unique(text: Text, seen: dict[str, Location], code: str) -> list[Finding]:
    if text.value in seen:
        return [make_finding(code, text.loc, value=text.value, first=place(seen[text.value]))]
    seen[text.value] = text.loc
    return []


def place(loc: Location) -> str:
    return f"{loc.file}:{loc.line}"


def check_plan(
    plan: dict[str, Amount | None], loc: Location, checkpoints: tuple[PlanCheckpoint, ...]
) -> list[Finding]:
    """Identity 6: cumulative shares never decrease and reach 100 by December; a share is given
    at the checkpoints of the unit's profile only."""
    findings = [
        make_finding(
            "plan-checkpoint-foreign",
            figure.loc,
            value=fmt(figure.value),
            label_zh=PlanCheckpoint(key).zh,
            label_en=PlanCheckpoint(key).en,
            expected_zh="、".join(c.zh for c in checkpoints),
            expected_en=", ".join(c.en for c in checkpoints),
        )
        for key, figure in plan.items()
        if figure is not None and key not in checkpoints
    ]
    previous: tuple[PlanCheckpoint, Amount] | None = None
    for key in PlanCheckpoint:
        current = plan[key]
        if current is None:
            continue
        if previous is not None and current.value < previous[1].value:
            findings.append(
                make_finding(
                    "plan-decreasing",
                    current.loc,
                    value=fmt(current.value),
                    previous=fmt(previous[1].value),
                    previous_label_zh=previous[0].zh,
                    previous_label_en=previous[0].en,
                    label_zh=key.zh,
                    label_en=key.en,
                )
            )
        previous = (key, current)
    december = plan[PlanCheckpoint.december]
    if december is None or december.value != 100:
        shown = fmt(december.value) + "%" if december else "—"
        findings.append(
            make_finding(
                "plan-incomplete",
                december.loc if december else loc,
                value=shown,
                label_zh=PlanCheckpoint.december.zh,
                label_en=PlanCheckpoint.december.en,
            )
        )
    return findings


def check_funding(unit: Unit, figures: UnitFigures) -> list[Finding]:
    """Identity 8: what projects take from a source cannot exceed that source's revenue."""
    if unit.revenue is None or figures.revenue_by_source is None:
        return []
    findings = []
    for source, used in figures.project_funding.items():
        carried = figures.carryover_by_source.get(source, Decimal(0))
        available = figures.revenue_by_source.get(source, Decimal(0)) + carried
        stated = unit.revenue.sources.get(source)
        # each figure written in a coarser unit, the source's or a project's, its own rounding
        funded = [p for p in unit.projects if p.funding_source and p.funding_source.value == source]
        allowed = own_rounding(
            stated,
            unit.revenue.carryover_by_source.get(source),
            *(figure for project in funded for figure in (project.fiscal, project.other)),
        )
        if used - available > allowed:
            findings.append(
                make_finding(
                    "source-overspent",
                    stated.loc if stated else unit.revenue.loc,
                    value=said(stated) if stated else "",
                    source_zh=RevenueSource[source].zh,
                    source_en=RevenueSource[source].en,
                    used=fmt(used),
                    available=fmt(available),
                    difference=fmt(used - available),
                )
            )
    return findings


def check_procurement(unit: Unit, figures: UnitFigures) -> list[Finding]:
    """Identity 9: each line = Σ its sources; the total = Σ lines; quantity × price = line."""
    procurement, computed = unit.procurement, figures.procurement
    if procurement is None or computed is None:
        return []
    rounded = unit.rounded_from
    findings = []
    lines = zip(procurement.lines, computed.line_totals, computed.priced, strict=True)
    for line, line_total, priced in lines:
        findings += check_sum(
            line.total,
            line_total,
            len(line.amounts),
            (f"采购“{line.item.value}”合计", f"procurement line {line.item.value}"),
            rounded,
        )
        if priced is not None and line.unit_price is not None and priced != line_total:
            findings.append(
                make_finding(
                    "procurement-price-mismatch",
                    line.unit_price.loc,
                    computed=fmt(priced),
                    stated=fmt(line_total),
                )
            )
    stated = procurement.categories or {}
    findings += check_sum(
        procurement.total,
        computed.total,
        len(procurement.lines) or len(stated),
        ("政府采购预算合计", "procurement total"),
        rounded,
        parts_rounding=own_rounding(*(() if procurement.lines else stated.values())),
    )
    if procurement.lines:  # a category stated beside the lines is their sum
        for key, figure in stated.items():
            category = ProcurementCategory[key]
            count = sum(1 for line in procurement.lines if line.category.value == category.zh)
            what = (f"政府采购{category.zh}类", f"procurement of {category.en}")
            findings += check_sum(
                figure, computed.by_category[category.zh], max(count, 1), what, rounded
            )
    return findings + check_reserved(procurement, computed.total)


def check_performance_targets(unit: Unit, figures: UnitFigures) -> list[Finding]:
    """X7: the money of projects under 绩效目标 management is part of 项目支出; when the projects
    are listed, the stated count and money are those of the projects with indicators."""
    stated = unit.performance_targets
    if stated is None:
        return []
    findings = []
    amount = stated.amount
    if amount is not None and beyond(amount, figures.projects_total) and unit.projects:
        findings.append(
            make_finding(
                "part-exceeds-whole",
                amount.loc,
                value=said(amount),
                part_zh="实行绩效目标管理的项目涉及资金",
                part_en="the money of projects with performance targets",
                amount=said(amount),
                whole_zh="项目支出",
                whole_en="project expenditure",
                limit=fmt(figures.projects_total),
            )
        )
    if not unit.projects:
        return findings
    count, money = figures.targeted
    what = ("实行绩效目标管理的项目涉及资金", "the money of projects with performance targets")
    findings += check_sum(stated.amount, money, max(count, 1), what, unit.rounded_from)
    if stated.projects is not None and stated.projects.value != count:
        findings.append(
            make_finding(
                "sum-mismatch",
                stated.projects.loc,
                value=fmt(stated.projects.value),
                what_zh="实行绩效目标管理的项目个数",
                what_en="the number of projects with performance targets",
                stated=fmt(stated.projects.value),
                computed=str(count),
                difference=f"{stated.projects.value - count:+f}",
                **tolerance_words(Decimal(0)),
            )
        )
    return findings


def check_reserved(procurement: Procurement, total: Decimal) -> list[Finding]:
    """X7: 面向中小企业预留 ≤ the procurement total; 小微企业预留 ≤ 中小企业预留."""
    sme, micro = procurement.reserved_sme, procurement.reserved_micro
    findings = []
    if sme is not None and beyond(sme, total):
        findings.append(
            make_finding(
                "part-exceeds-whole",
                sme.loc,
                value=said(sme),
                part_zh="面向中小企业预留",
                part_en="the share reserved for small and medium enterprises",
                amount=said(sme),
                whole_zh="政府采购预算总额",
                whole_en="the procurement total",
                limit=fmt(total),
            )
        )
    if micro is not None and beyond(micro, sme if sme is not None else total):
        findings.append(
            make_finding(
                "part-exceeds-whole",
                micro.loc,
                value=said(micro),
                part_zh="面向小微企业预留",
                part_en="the share reserved for micro and small enterprises",
                amount=said(micro),
                whole_zh="面向中小企业预留" if sme is not None else "政府采购预算总额",
                whole_en="the SME share" if sme is not None else "the procurement total",
                limit=said(sme if sme is not None else total),
            )
        )
    return findings


def iter_texts(item: object) -> Iterator[Text]:
    """Every text of a model object, found by walking its fields."""
    if isinstance(item, Text):
        yield item
    elif isinstance(item, Amount | Location):  # Location is a tuple: never walk into it
        return
    elif isinstance(item, dict):
        for value in item.values():
            yield from iter_texts(value)
    elif isinstance(item, tuple):
        for value in item:
            yield from iter_texts(value)
    elif is_dataclass(item) and not isinstance(item, type):
        for value in vars(item).values():
            yield from iter_texts(value)


def check_texts(source: Unit | Department) -> list[Finding]:
    """Identity 11: nothing unfinished is published."""
    findings = []
    for text in iter_texts(source):
        match = PLACEHOLDER_RE.search(text.value)
        if match:
            findings.append(
                make_finding("placeholder", text.loc, value=text.value, placeholder=match.group(0))
            )
    reasons: list[Text] = []
    if isinstance(source, Unit):
        reasons += source.last_year.reasons.values() if source.last_year else []
        reasons += source.three_public.reasons.values() if source.three_public else []
        costs = source.operating_costs
        reasons += [costs.purpose] if costs and costs.purpose else []
    for reason in reasons:
        if reason.value.strip().endswith(DANGLING_REASON):
            findings.append(make_finding("reason-incomplete", reason.loc, value=reason.value))
    return findings


def check_department(
    department: Department, units: list[Unit], figures: DepartmentFigures, complete: bool
) -> list[Finding]:
    """Identity 10 and the department's own consistency with its units (sums only when
    every unit could be checked)."""
    findings = check_texts(department)
    stated, n = department.stated, len(units)
    if stated is not None and complete:
        for figure, computed, what in (
            (stated.revenue_total, figures.revenue_total, ("部门收入合计", "department revenue")),
            (
                stated.expenditure_total,
                figures.expenditure_total,
                ("部门支出合计", "department expenditure"),
            ),
            (stated.basic, figures.basic, ("部门基本支出", "department basic expenditure")),
            (stated.projects, figures.projects_total, ("部门项目支出", "department projects")),
            (
                stated.three_public_total,
                figures.three_public_total,
                ("部门“三公”经费合计", "department 三公 total"),
            ),
        ):
            findings += check_sum(figure, computed, n, what, None)
        for key, change in figures.changes.items():
            findings += check_stated_change(
                stated.changes.get(key), change, CHANGE_NAMES[key], None
            )
    codes: dict[str, Location] = {}
    projects: dict[str, Location] = {}
    money = units[0].amount_unit if units else ""
    for unit in units:
        findings += check_unit_membership(department, unit, money)
        findings += check_unique(unit.info.code, codes, "department-unit-duplicate")
        for project in unit.projects:  # a unit's own repeats are reported by its own checks
            first = projects.setdefault(project.code.value, project.code.loc)
            if first.file != unit.display:
                findings.append(
                    make_finding(
                        "project-code-duplicate",
                        project.code.loc,
                        value=project.code.value,
                        first=place(first),
                    )
                )
    return findings


def check_unit_membership(department: Department, unit: Unit, money: str) -> list[Finding]:
    """A unit of the department: its year, scope and 主管部门 are the department's, and its
    money unit its first unit's, as the department's tables add their figures up in one."""
    findings = []
    ref = unit.info.code.value
    if unit.amount_unit != money:
        findings.append(
            make_finding(
                "department-unit-money",
                unit.header.get("amount_unit", unit.loc),
                value=ref,
                unit_money=unit.amount_unit,
                money=money,
            )
        )
    if unit.year != department.year:
        findings.append(
            make_finding(
                "department-unit-year",
                unit.header.get("year", unit.loc),
                value=ref,
                unit_year=str(unit.year),
                year=str(department.year),
            )
        )
    if department.scope is Scope.full and unit.scope is not Scope.full:
        findings.append(
            make_finding("department-unit-scope", unit.header.get("scope", unit.loc), value=ref)
        )
    parent = unit.info.department
    if parent is not None and parent.value != department.name.value:
        findings.append(
            make_finding(
                "department-unit-parent",
                parent.loc,
                value=parent.value,
                department=department.name.value,
            )
        )
    return findings


def check_department_money(department: Department, units: list[Unit]) -> list[Finding]:
    """A department's money unit, where it names one, is its first unit's: its `stated:` are
    read in it, and in any other a total written `22.51万元` would be read 10,000 times too
    small or too large against its units' sum. Without one it takes its units'."""
    named = department.amount_unit
    if named is None or not units or named.value == units[0].amount_unit:
        return []
    first = units[0]
    return [
        make_finding(
            "department-money",
            named.loc,
            value=named.value,
            money=first.amount_unit,
            unit=first.display,
        )
    ]
