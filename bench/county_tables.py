"""The synthetic county's standard public tables: a unit's `tables:` block from its figures.

`make_county.py` draws a unit's 人员经费, 公用经费, 上年结转, projects and “三公” first; this module
spreads those figures over real 支出功能分类 项 (by what the unit's department does) and
经济分类 款, so that every identity docgen checks holds by construction:
- 人员经费 goes to the social-insurance 项 every unit pays (养老保险, 职业年金, 医疗,
  住房公积金) and the rest to the unit's running 项 (行政运行 for an office, 事业运行 or its
  field for the others);
  公用经费 to the running 项; the part of basic spending paid from 上年结转 is a line of its own;
- each project's fiscal part goes to a 项 of the department's field (政府性基金 to a fund 项) under
  its funding source, its other part to 单位资金;
- 一般公共预算基本支出 (all of basic spending) by 经济分类 款: 301 and 303 make 人员经费, 302
  公用经费 (the default profile's grouping), the “三公” 款 never above their items.

Codes and names come from the year's code lists in `classifications/` (docgen's loader): a code
a year's list does not have is never written, so a county of any year from 2018 validates
without a finding. Draws come from the `random.Random` the caller gives, one per unit.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from docgen.classifications import Classification, ClassificationKind, load_classification

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
SOURCE_ORDER = ("general_budget", "government_fund", "fiscal_special_account", "unit_funds")

# -- 支出功能分类: what each department's units spend on -----------------------------------------


@dataclass(frozen=True)
class Functions:
    """A field's 项: the office's running costs, a subordinate unit's, and its projects'."""

    office: tuple[str, ...]  # 行政运行 first; the first the year's list has is used
    unit: tuple[str, ...]  # 事业运行 or the field's institutions: one drawn per unit
    projects: tuple[str, ...]  # one drawn per project


# Where a field has no 款 in the shipped lists (交通运输 214, 文化旅游 207, 公共安全 204 …), its
# department is booked under the nearest 款 the lists have, so no code is ever unlisted.
GENERAL = Functions(("2010301",), ("2010350",), ("2010302", "2010399"))
FUNCTIONS = {
    "教育": Functions(
        ("2050101",),
        ("2050202", "2050203", "2050204", "2050201", "2050304", "2050801"),
        ("2050202", "2050203", "2050299", "2050801", "2050701", "2050199"),
    ),
    "卫生健康": Functions(
        ("2100101",),
        ("2100201", "2100202", "2100401", "2100403", "2100402"),
        ("2100408", "2100717", "2100199", "2100401", "2100499"),
    ),
    "民政": Functions(
        ("2080201",),
        ("2081005", "2082002", "2081004"),
        ("2081901", "2081902", "2082101", "2082001", "2081002", "2080299"),
    ),
    "人力资源和社会保障": Functions(
        ("2080101",),
        ("2080109", "2080111", "2080150"),
        ("2080106", "2080107", "2080108", "2082602", "2080199"),
    ),
    "农业农村": Functions(("2130101",), ("2130104",), ("2130102", "2130199", "2130104")),
    "水利": Functions(("2130301",), ("2130306", "2130304"), ("2130305", "2130306", "2130399")),
    "自然资源": Functions(("2120201",), ("2120201",), ("2120201", "2120199")),
    "住房和城乡建设": Functions(
        ("2120101",), ("2120601", "2210106"), ("2210105", "2120303", "2120399", "2210199")
    ),
    "交通运输": Functions(("2120101",), ("2120399",), ("2120303", "2120399")),
    "文化旅游": Functions(("2013301",), ("2013350",), ("2013302", "2013399")),
    "市场监管": Functions(("2013801", "2010301"), ("2013802", "2010350"), ("2013802", "2010399")),
    "应急管理": GENERAL,
    "财政": Functions(("2010601",), ("2010650",), ("2010602", "2010699")),
    "生态环境": Functions(("2120101",), ("2120501",), ("2120501", "2120199")),
    "退役军人事务": Functions(
        ("2082801", "2080201"), ("2082850", "2080299"), ("2080801", "2080899", "2080901")
    ),
    "医疗保障": Functions(("2101501", "2100101"), ("2101550", "2100199"), ("2101301", "2101399")),
    "司法行政": GENERAL,
    "统计": Functions(("2010501",), ("2010550",), ("2010502", "2010599")),
    "审计": Functions(("2010801",), ("2010850",), ("2010804", "2010899")),
    "发展改革": Functions(("2010401",), ("2010450",), ("2010402", "2010499")),
    "科技和工业信息化": Functions(("2010401",), ("2010450",), ("2010402", "2010499")),
    "林业": Functions(("2130201",), ("2130299",), ("2130202", "2130299")),
    "城市管理": Functions(("2120101",), ("2120104", "2120501"), ("2120104", "2120501", "2121302")),
    "信访": GENERAL,
    "商务": Functions(("2011301",), ("2011350",), ("2011302", "2011399")),
    "乡村振兴": Functions(("2010301",), ("2010350",), ("2130705", "2130199", "2120501", "2010302")),
}
# 政府性基金预算 projects: 国有土地使用权出让收入 and 城市基础设施配套费 安排的支出.
FUND_PROJECTS = ("2120804", "2120899", "2121301", "2121302")
PENSION, ANNUITY, HOUSING = "2080505", "2080506", "2210201"  # every unit's social insurance 项
MEDICAL = {True: "2101101", False: "2101102"}  # 行政/事业单位医疗, by whether it is administrative
# Each insurance 项 is paid from one 经济分类 款: 养老保险缴费, 职业年金缴费, 医疗保险缴费,
# 住房公积金.
INSURANCE_ECONOMIC = {
    PENSION: "30108",
    ANNUITY: "30109",
    MEDICAL[True]: "30110",
    MEDICAL[False]: "30110",
    HOUSING: "30113",
}

# -- 经济分类: how basic spending is spent --------------------------------------------------------

# 人员经费 besides the insurance 款 (which mirror the functional 项): shares of what is left, in
# %, drawn from a range; 津贴补贴 takes the rest.
PAY_SHARES = (("30101", 30, 38), ("30107", 15, 22), ("30112", 1, 2), ("30302", 0, 4))
PAY_REST = "30102"
# 公用经费 besides 公务接待费 and 公务用车运行维护费 (capped by the “三公” items): shares of what is
# left; 其他商品和服务支出 takes the rest.
PUBLIC_SHARES = (
    ("30201", 15, 25),
    ("30205", 2, 4),
    ("30206", 5, 10),
    ("30207", 3, 6),
    ("30211", 5, 10),
    ("30213", 3, 8),
    ("30215", 1, 3),
    ("30216", 1, 3),
    ("30228", 5, 8),
    ("30229", 3, 6),
)
COMMUTING = ("30239", 5, 15)  # 其他交通费用 (公务交通补贴): administrative units only
PUBLIC_REST = "30299"


def share(amount: Decimal, percent: int) -> Decimal:
    """A share rounded down, so that what is left for the last 款 is never negative."""
    return (amount * percent / HUNDRED).quantize(CENT, ROUND_DOWN)


@dataclass(frozen=True)
class TablesInput:
    """What a unit's tables are made from: its figures as `make_county` drew them."""

    year: int
    field: str  # the department's field of work: a key of FUNCTIONS
    office: bool  # the department's own office
    administrative: bool  # 行政 or 参公
    personnel: Decimal
    public: Decimal
    carryover: Decimal  # 上年结转, spent on basic expenditure
    projects: tuple[tuple[Decimal, Decimal, str], ...]  # each project's fiscal, other, source
    reception: Decimal  # “三公”: 公务接待费
    vehicle_operation: Decimal  # “三公”: 公务用车运行维护费


class Lines:
    """Spending lines keyed by (项, source, carryover), parts summed as they are added."""

    def __init__(self) -> None:
        self.parts: dict[tuple[str, str, bool], dict[str, Decimal]] = {}

    def add(self, code: str, source: str, part: str, amount: Decimal, carry: bool = False) -> None:
        if amount:
            line = self.parts.setdefault((code, source, carry), {})
            line[part] = line.get(part, ZERO) + amount


def first_listed(codes: Iterable[str], listed: Classification) -> list[str]:
    return [code for code in codes if listed.lookup(code) is not None]


def tables_block(rng: random.Random, given: TablesInput, flow: type[dict[str, Any]]) -> Any:
    """The unit's `tables:` mapping: spending lines, then economic lines (each a `flow` row)."""
    functional = load_classification(ClassificationKind.functional, given.year)
    economic = load_classification(ClassificationKind.economic, given.year)
    insured = insurance(rng, given)
    lines = spending_lines(rng, given, insured, functional)
    return {
        "spending": [
            flow(
                code=code,
                name=named(functional, code),
                source=source,
                **({"carryover": True} if carry else {}),
                **{
                    part: parts[part]
                    for part in ("personnel", "public", "projects")
                    if part in parts
                },
            )
            for (code, source, carry), parts in sorted(lines.parts.items(), key=line_order)
        ],
        "economic": [
            flow(code=code, name=named(economic, code), amount=amount)
            for code, amount in sorted(economic_lines(rng, given, insured).items())
            if amount
        ],
    }


def line_order(item: tuple[tuple[str, str, bool], Any]) -> tuple[str, int, bool]:
    (code, source, carry), _ = item
    return code, SOURCE_ORDER.index(source), carry


def named(listed: Classification, code: str) -> str:
    entry = listed.lookup(code)
    assert entry is not None, f"{code} is not in the {listed.year} list"
    return entry.name


def spending_lines(
    rng: random.Random, given: TablesInput, insured: dict[str, Decimal], listed: Classification
) -> Lines:
    functions = FUNCTIONS.get(given.field, GENERAL)
    running_codes = functions.office if given.office else functions.unit
    running = rng.choice(first_listed(running_codes, listed) or list(GENERAL.unit))
    project_codes = first_listed(functions.projects, listed) or list(GENERAL.projects)
    lines = Lines()
    for code, amount in insured.items():
        lines.add(code, "general_budget", "personnel", amount)
    # 上年结转 pays for basic spending: 公用经费 first, then 人员经费, on the running 项.
    carried_public = min(given.carryover, given.public)
    carried_personnel = given.carryover - carried_public
    own_personnel = given.personnel - sum(insured.values(), ZERO)
    lines.add(running, "general_budget", "personnel", own_personnel - carried_personnel)
    lines.add(running, "general_budget", "public", given.public - carried_public)
    lines.add(running, "general_budget", "personnel", carried_personnel, carry=True)
    lines.add(running, "general_budget", "public", carried_public, carry=True)
    funds = first_listed(FUND_PROJECTS, listed)
    for fiscal, other, source in given.projects:
        code = rng.choice(funds if source == "government_fund" else project_codes)
        lines.add(code, source, "projects", fiscal)
        lines.add(code, "unit_funds", "projects", other)
    return lines


def insurance(rng: random.Random, given: TablesInput) -> dict[str, Decimal]:
    """养老保险, 职业年金, 医疗保险 and 住房公积金 as shares of 人员经费: at most 45% together,
    so the running 项 keeps more than half (and can bear the part paid from 上年结转)."""
    personnel = given.personnel
    return {
        PENSION: share(personnel, rng.randint(12, 16)),
        ANNUITY: share(personnel, rng.randint(5, 8)),
        MEDICAL[given.administrative]: share(personnel, rng.randint(6, 9)),
        HOUSING: share(personnel, rng.randint(8, 12)),
    }


def economic_lines(
    rng: random.Random, given: TablesInput, insured: dict[str, Decimal]
) -> dict[str, Decimal]:
    """一般公共预算基本支出 by 款; 301 + 303 = 人员经费 and 302 = 公用经费 to the cent."""
    return personnel_lines(rng, given.personnel, insured) | public_lines(rng, given)


def personnel_lines(
    rng: random.Random, personnel: Decimal, insured: dict[str, Decimal]
) -> dict[str, Decimal]:
    """The insurance 款 are the insurance 项 of the functional lines; the pay 款 share the rest."""
    amounts = {INSURANCE_ECONOMIC[code]: amount for code, amount in insured.items()}
    pay = personnel - sum(amounts.values(), ZERO)
    for code, low, high in PAY_SHARES:
        amounts[code] = share(pay, rng.randint(low, high))
    amounts[PAY_REST] = personnel - sum(amounts.values(), ZERO)
    return amounts


def public_lines(rng: random.Random, given: TablesInput) -> dict[str, Decimal]:
    """公用经费 by 款. 公务接待费 and 公务用车运行维护费 stay within their “三公” items (X5)."""
    public = given.public
    amounts = {
        "30217": min(given.reception, share(public, rng.randint(3, 10))),
        "30231": min(given.vehicle_operation, share(public, rng.randint(10, 30))),
    }
    rest = public - sum(amounts.values(), ZERO)
    shares = [*PUBLIC_SHARES, *([COMMUTING] if given.administrative else [])]
    for code, low, high in shares:
        amounts[code] = share(rest, rng.randint(low, high))
    amounts[PUBLIC_REST] = public - sum(amounts.values(), ZERO)
    return amounts
