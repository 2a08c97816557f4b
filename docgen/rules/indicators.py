"""Indicator rows (绩效指标): the framework they belong to and the lints on their values.

Part of the checks stage. A framework (一级 → 二级 指标, and what each 二级 expects) is data in
`schemas/frameworks/`, chosen by the source, because it differs by province and year. A value
(指标值) is read with the grammar `[comparator] number [unit][/per]` or as a qualitative target;
what does not fit, or does not fit its 二级指标, gets a warning, never silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from docgen.findings import Finding, Location
from docgen.messages import make_finding
from docgen.resources import data_path
from docgen.source.load import MapNode, SeqNode, read_source
from docgen.source.model import Indicator, Project

DEFAULT_FRAMEWORK = "classic-2015"
EXPECTS = frozenset({"count", "quality", "time", "cost", "benefit", "satisfaction"})


@dataclass(frozen=True)
class Level2:
    name: str
    expects: str


@dataclass(frozen=True)
class Framework:
    id: str  # the file's title is for its readers: no message or document names it
    levels: tuple[tuple[str, tuple[Level2, ...]], ...]  # 一级指标 and its 二级指标, in order

    def level2(self, level1: str) -> tuple[Level2, ...] | None:
        for name, children in self.levels:
            if name == level1:
                return children
        return None

    def rank(self, level1: str, level2: str) -> tuple[int, int] | None:
        for i, (name, children) in enumerate(self.levels):
            for j, child in enumerate(children):
                if name == level1 and child.name == level2:
                    return (i, j)
        return None


def builtin_frameworks() -> list[str]:
    return sorted(p.stem for p in data_path("schemas", "frameworks").glob("*.yaml"))


def load_framework(
    choice: str | None, base: Path, loc: Location
) -> tuple[Framework | None, list[Finding]]:
    """A built-in framework by id, or a framework file relative to the source that names it."""
    name = choice or DEFAULT_FRAMEWORK
    available = ", ".join(builtin_frameworks())
    if name in builtin_frameworks():
        path = data_path("schemas", "frameworks", f"{name}.yaml")
    elif name.endswith((".yaml", ".yml")):
        path = base / name
    else:
        return None, [make_finding("framework-unknown", loc, value=name, available=available)]
    framework, findings = read_framework(path.resolve(), name)  # None comes with why
    return framework, list(findings)


@cache  # every unit of a county names the same framework: read it once per process
def read_framework(path: Path, shown: str) -> tuple[Framework | None, tuple[Finding, ...]]:
    source, findings = read_source(path, shown)
    if source is None or findings:
        return None, tuple(findings)
    framework = parse_framework(source.root)
    if framework is None:
        return None, (make_finding("framework-invalid", Location(shown, 1, 1)),)
    return framework, ()


def parse_framework(root: object) -> Framework | None:
    if not isinstance(root, MapNode):
        return None
    level1 = root.get("level1")
    if not isinstance(level1, SeqNode):
        return None
    levels = []
    for level in level1:
        children = level.get("level2") if isinstance(level, MapNode) else None
        if not isinstance(level, MapNode) or not isinstance(children, SeqNode):
            return None
        parsed = tuple(
            Level2(str(child.get("name")), str(child.get("expects")))
            for child in children
            if isinstance(child, MapNode)
        )
        if len(parsed) != len(children) or any(c.expects not in EXPECTS for c in parsed):
            return None
        levels.append((str(level.get("name")), parsed))
    if not levels:
        return None
    return Framework(str(root.get("id")), tuple(levels))


# -- the value grammar -------------------------------------------------------------------------

COMPARATORS = {
    ">=": "≥",
    "≥": "≥",
    "≧": "≥",
    "<=": "≤",
    "≤": "≤",
    "≦": "≤",
    "=": "=",
    "＝": "=",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
}
VALUE_RE = re.compile(
    r"(?P<cmp>>=|<=|[≥≧≤≦=＝>＞<＜])?\s*(?P<number>[0-9]+(?:\.[0-9]+)?)\s*"
    r"(?P<unit>[^0-9\s/]*)(?:/(?P<per>[^0-9\s/，,。；;、]+))?"
)
PERCENT_UNITS = frozenset({"%", "％"})
MONEY_UNITS = {"元": Decimal("0.0001"), "万元": Decimal("1"), "亿元": Decimal("10000")}  # in 万元
TIME_UNITS = frozenset({"年", "月", "月份", "个月", "日", "天", "周", "小时", "工作日", "季度"})
COUNT_UNITS = frozenset(
    [
        "人",
        "人次",
        "户",
        "家",
        "台",
        "份",
        "个",
        "种",
        "项",
        "次",
        "件",
        "套",
        "所",
        "名",
        "辆",
        "批",
        "场",
        "篇",
        "期",
        "本",
        "册",
        "张",
        "条",
        "座",
        "处",
        "间",
        "岗",
        "课时",
        "学时",
        "平方米",
        "亩",
        "公里",
        "千米",
        "米",
        "吨",
        "个月数",
    ]
)
RATIO = "比率"
# Per-period money: how many periods make a year, for comparing a cost target with the budget.
PER_YEAR = {None: Decimal(1), "年": Decimal(1), "月": Decimal(12)}
# Money per day or per head: how many of them a year holds is not known (a ten-day event, a
# hundred trainees), but a single one that costs more than the whole project is wrong.
PER_ONE = frozenset({"天", "日", "工作日", "人", "人次", "户", "次", "场", "期", "名"})
# No count, area or sum a county's project sets itself reaches ten billion (people on earth:
# eight): a target beyond it is a typing accident, or hides an unreachable ≥.
MAX_TARGET = Decimal(10) ** 10
QUALITATIVE = (
    "达到预期",
    "有所提升",
    "持续影响",
    "无此项指标",
    "无此指标",
    "优",
    "良",
    "中",
    "差",
    "良好",
    "合格",
    "显著提升",
    "明显提升",
    "稳步提升",
    "逐步提升",
    "有效提升",
    "长期",
)


@dataclass(frozen=True)
class Target:
    comparator: str  # ≥ ≤ = > <
    number: Decimal
    unit: str
    per: str | None

    @property
    def kind(self) -> str:
        if self.unit in PERCENT_UNITS or self.unit == RATIO:
            return "percent"
        if self.unit in MONEY_UNITS:
            return "money"
        if self.unit in TIME_UNITS:
            return "time"
        if (
            self.unit == ""
            or self.unit in COUNT_UNITS
            or self.unit.removeprefix("万") in COUNT_UNITS
        ):
            return "count"
        return "unknown"


def parse_target(value: str) -> Target | None:
    match = VALUE_RE.fullmatch(value.strip())
    if match is None:
        return None
    comparator = COMPARATORS[match["cmp"]] if match["cmp"] else "="
    return Target(comparator, Decimal(match["number"]), match["unit"], match["per"])


def is_qualitative(value: str) -> bool:
    return value.strip().endswith(QUALITATIVE)


# -- lints -------------------------------------------------------------------------------------

# What a value of each kind of 二级指标 looks like, for the message on a value not understood.
EXAMPLES = {
    "count": ("≥14人", "100个", "3家"),
    "quality": ("≥95%", "100%"),
    "time": ("12月", "≤30日", "≥95%"),
    "cost": ("≤4万元/月", "≤1900元"),
    "benefit": ("≥95%", "≥500人次"),
    "satisfaction": ("≥95%",),
}

EXPECTED_WORDS = {
    "count": ("计数单位（如 人、个、家）", "a count (人, 个, 家)"),
    "time": ("月份、日期或及时率（如 12月、≥95%）", "a month or date, or a timeliness %"),
    "cost": ("金额（如 ≤4万元/月）", "an amount of money (≤4万元/月)"),
    "satisfaction": ("百分比（如 ≥95%）", "a percentage (≥95%)"),
}
IMPLAUSIBLE = {
    "count": {"money", "percent"},
    "time": {"money"},
    "cost": {"percent", "count", "time"},
    "satisfaction": {"money", "count", "time"},
}


def lint_value(row: Indicator, expects: str, budget: Decimal) -> list[Finding]:
    """Warnings on one 指标值, judged by what its 二级指标 expects."""
    value, loc = row.value.value, row.value.loc
    target = parse_target(value)
    if target is None:
        if is_qualitative(value):
            return []
        return [
            make_finding(
                "indicator-value-unparseable",
                loc,
                value=value,
                level2=row.level2.value,
                examples_zh="、".join(EXAMPLES[expects]),
                examples_en=", ".join(EXAMPLES[expects]),
                wordings_zh="、".join(QUALITATIVE),
                wordings_en=", ".join(QUALITATIVE),
            )
        ]
    findings = []
    if target.unit == RATIO:
        suggestion = f"{'' if target.comparator == '=' else target.comparator}{target.number}%"
        findings.append(
            make_finding("indicator-unit-ratio", loc, value=value, suggestion=suggestion)
        )
    elif target.kind == "unknown":
        return [make_finding("indicator-unit-unknown", loc, value=value, unit=target.unit)]
    if target.kind in ("count", "money") and target.number >= MAX_TARGET:
        findings.append(
            make_finding("indicator-number-implausible", loc, value=value, limit=f"{MAX_TARGET:,}")
        )
    if target.kind == "percent" and target.number > 100 and expects != "satisfaction":
        findings.append(make_finding("indicator-percent-over-100", loc, value=value))
    if target.kind in IMPLAUSIBLE.get(expects, set()):
        zh, en = EXPECTED_WORDS[expects]
        findings.append(
            make_finding(
                "indicator-unit-implausible",
                loc,
                value=value,
                level2=row.level2.value,
                expected_zh=zh,
                expected_en=en,
            )
        )
        return findings
    if expects == "cost":
        findings.extend(lint_cost(target, value, loc, budget))
    if expects == "satisfaction" and (target.comparator in ("≤", "<") or target.number >= 100):
        findings.append(make_finding("indicator-satisfaction-unreachable", loc, value=value))
    return findings


def lint_cost(target: Target, value: str, loc: Location, budget: Decimal) -> list[Finding]:
    if target.comparator in ("≥", ">"):
        return [
            make_finding(
                "indicator-cost-comparator", loc, value=value, comparator=target.comparator
            )
        ]
    if target.kind != "money":
        return []
    if target.per in PER_ONE:
        one = target.number * MONEY_UNITS[target.unit]
        if one <= budget:
            return []
        return [
            make_finding(
                "indicator-cost-one-over-budget",
                loc,
                value=value,
                per=target.per,
                amount=f"{one.normalize():f}",
                budget=f"{budget:f}",
            )
        ]
    if target.per not in PER_YEAR:
        return []
    annual = target.number * MONEY_UNITS[target.unit] * PER_YEAR[target.per]
    if annual > budget:
        return [
            make_finding(
                "indicator-cost-over-budget",
                loc,
                value=value,
                annual=f"{annual.normalize():f}",
                budget=f"{budget:f}",
            )
        ]
    return []


def lint_project_indicators(
    project: Project, framework: Framework, budget: Decimal
) -> list[Finding]:
    """Framework membership, order, coverage and duplicates of one project's rows, and values."""
    findings: list[Finding] = []
    highest: tuple[tuple[int, int], Indicator] | None = None
    seen: dict[tuple[str, str, str, str], Indicator] = {}
    order_reported = False
    for row in project.indicators:
        children = framework.level2(row.level1.value)
        if children is None:
            findings.append(
                make_finding(
                    "indicator-level1-unknown",
                    row.level1.loc,
                    value=row.level1.value,
                    framework=framework.id,
                    allowed="、".join(name for name, _ in framework.levels),
                )
            )
            continue
        match = next((c for c in children if c.name == row.level2.value), None)
        if match is None:
            findings.append(
                make_finding(
                    "indicator-pair-unknown",
                    row.level2.loc,
                    value=row.level2.value,
                    level1=row.level1.value,
                    framework=framework.id,
                    allowed="、".join(c.name for c in children),
                )
            )
            continue
        rank = framework.rank(row.level1.value, row.level2.value)
        assert rank is not None
        if highest is not None and rank < highest[0] and not order_reported:
            findings.append(
                make_finding(
                    "indicator-order",
                    row.level2.loc,
                    value=row.level2.value,
                    after=highest[1].level2.value,
                )
            )
            order_reported = True
        if highest is None or rank > highest[0]:
            highest = (rank, row)
        key = (row.level2.value, row.name.value, row.description.value, row.value.value)
        if key in seen:
            findings.append(
                make_finding("indicator-duplicate", row.loc, first_line=str(seen[key].loc.line))
            )
        seen.setdefault(key, row)
        findings.extend(lint_value(row, match.expects, budget))
    present = {row.level1.value for row in project.indicators}
    for level1, _ in framework.levels:
        if level1 not in present:
            findings.append(
                make_finding("indicator-level1-missing", project.indicators_loc, level1=level1)
            )
    return findings
