"""Properties over random budgets: a budget whose identities hold validates clean and shows, in
every format, the totals its parts add up to; a single stated figure moved by a cent is always
caught. Every budget carries money forward (结转下年, this year's and last year's), so a total that
leaves it out cannot pass."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
from conftest import CLEAN_UNIT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.build import render_source
from docgen.check import check
from docgen.provenance import ProvenanceReader

CENT = Decimal("0.01")
UNIT_HEADER = CLEAN_UNIT.partition("revenue:\n")[0]  # kind, scope, year, unit: as the other tests
money = st.integers(min_value=1, max_value=500_000).map(lambda cents: Decimal(cents) / 100)
small = st.integers(min_value=0, max_value=5_000).map(lambda cents: Decimal(cents) / 100)
some = st.integers(min_value=1, max_value=5_000).map(lambda cents: Decimal(cents) / 100)


@dataclass(frozen=True)
class Budget:
    personnel: Decimal
    public: Decimal
    project_fiscal: Decimal
    project_other: Decimal
    fund_project: Decimal
    carry_forward: Decimal  # 结转下年, never zero: a total must count it
    last_basic: Decimal
    last_projects: Decimal
    last_carry_forward: Decimal
    three: tuple[Decimal, Decimal, Decimal, Decimal]  # this year: 出国, 购置, 运维, 接待
    three_last: tuple[Decimal, Decimal, Decimal, Decimal]

    # The oracle: the sums, computed here independently of docgen.
    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public

    @property
    def projects(self) -> Decimal:
        return self.project_fiscal + self.project_other + self.fund_project

    @property
    def total(self) -> Decimal:
        return self.basic + self.projects + self.carry_forward

    @property
    def last_total(self) -> Decimal:
        return self.last_basic + self.last_projects + self.last_carry_forward

    @property
    def three_total(self) -> Decimal:
        return sum(self.three, Decimal(0))


budgets = st.builds(
    Budget,
    personnel=money,
    public=money,
    project_fiscal=money,
    project_other=small,
    fund_project=money,
    carry_forward=some,
    last_basic=money,
    last_projects=money,
    last_carry_forward=some,
    three=st.tuples(small, small, small, small),
    three_last=st.tuples(small, small, small, small),
)


def change(now: Decimal, before: Decimal, percent: bool = False) -> str:
    delta = now - before
    word = "增加" if delta > 0 else "减少" if delta < 0 else "持平"
    stated = f"{{word: {word}, amount: {abs(delta):.2f}"
    if percent:
        share = (delta / before * 100).quantize(CENT, rounding=ROUND_HALF_UP)
        stated += f", percent: {abs(share):.2f}"
    return stated + "}"


def source(b: Budget) -> str:
    """A full unit source stating every total the budget implies."""
    last_total = b.last_total
    over, buy, run, meet = b.three
    l_over, l_buy, l_run, l_meet = b.three_last
    first = b.project_fiscal + b.project_other
    row = "      - {{level1: {}, level2: {}, name: {}, description: {}, value: {}}}"
    indicators = "\n".join(
        row.format(*cells)
        for cells in (
            ("产出指标", "数量指标", "次数", "开展次数", "12次"),
            ("产出指标", "质量指标", "合格率", "合格率", "≥95%"),
            ("产出指标", "时效指标", "完成时间", "完成时间", "12月"),
            ("产出指标", "成本指标", "控制数", "预算控制数", "≤{amount}万元"),
            ("效益指标", "社会效益指标", "效果", "社会效果", "有所提升"),
            ("满意度指标", "服务对象满意度指标", "满意度", "满意度", "≥90%"),
        )
    )
    return (
        UNIT_HEADER
        + f"""\
revenue:
  general_budget: {b.total - b.fund_project:.2f}
  government_fund: {b.fund_project:.2f}
  total: {b.total:.2f}
expenditure:
  personnel: {b.personnel:.2f}
  public: {b.public:.2f}
  basic_total: {b.basic:.2f}
  projects_total: {b.projects:.2f}
  carry_forward: {b.carry_forward:.2f}
  total: {b.total:.2f}
last_year:
  basic: {b.last_basic:.2f}
  projects: {b.last_projects:.2f}
  carry_forward: {b.last_carry_forward:.2f}
  total: {last_total:.2f}
  stated_changes:
    total: {change(b.total, last_total, percent=True)}
    basic: {change(b.basic, b.last_basic)}
    projects: {change(b.projects, b.last_projects)}
  reasons:
    total: 主要原因是工作任务调整
    basic: 主要原因是人员变动
    projects: 主要原因是项目调整
operating_costs:
  amount: {b.public:.2f}
  purpose: 主要用于办公及印刷费
three_public:
  this_year: {{overseas: {over:.2f}, vehicle_purchase: {buy:.2f}, vehicle_operation: {run:.2f}, reception: {meet:.2f}}}
  last_year: {{overseas: {l_over:.2f}, vehicle_purchase: {l_buy:.2f}, vehicle_operation: {l_run:.2f}, reception: {l_meet:.2f}}}
  stated:
    total: {b.three_total:.2f}
    vehicles: {buy + run:.2f}
  stated_changes:
    total: {change(b.three_total, sum(b.three_last, Decimal(0)))}
    overseas: {change(over, l_over)}
    vehicles: {change(buy + run, l_buy + l_run)}
    reception: {change(meet, l_meet)}
  reasons:
    overseas: 主要原因是出访计划调整
    vehicles: 主要原因是车辆运行需要
    reception: 主要原因是接待任务调整
projects:
  - code: "131024210000000000001"
    name: 工作经费
    amount: {first:.2f}
    fiscal: {b.project_fiscal:.2f}
    other: {b.project_other:.2f}
    funding_source: general_budget
    purpose: 用于日常工作。
    spending_plan: {{march: 20.00, june: 40.00, october: 60.00, december: 100.00}}
    goals:
      - 完成工作。
    indicator_basis: 年度工作计划
    indicators:
{indicators.replace("{amount}", f"{first:.2f}")}
  - code: "131024210000000000002"
    name: 专项资金
    amount: {b.fund_project:.2f}
    fiscal: {b.fund_project:.2f}
    funding_source: government_fund
    purpose: 用于专项工作。
    spending_plan: {{march: null, june: null, october: 50.00, december: 100.00}}
    goals:
      - 完成专项。
    indicator_basis: 年度工作计划
    indicators:
{indicators.replace("{amount}", f"{b.fund_project:.2f}")}
procurement: {{lines: [], total: 0.00}}
assets:
  as_of: "2020-12-31"
  buildings: {{quantity: 100, value: 50.00}}
  office_space: {{quantity: 60, value: 30.00}}
  vehicles: {{quantity: 1, value: 10.00}}
  other: {{quantity: 20, value: 5.00}}
  total: 65.00
  planned_purchases: 0.00
other_matters: 无。
"""
    )


def checked(text: str, folder: Path):  # type: ignore[no-untyped-def]
    path = folder / "unit.yaml"
    path.write_text(text, encoding="utf-8")
    return path, check([path])


@settings(max_examples=40, deadline=None)
@given(budgets)
def test_a_budget_whose_identities_hold_validates_clean(budget: Budget) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _, result = checked(source(budget), Path(folder))
        assert [(f.code, f.location.line) for f in result.findings] == []


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budgets)
def test_every_format_shows_the_totals_of_the_parts(budget: Budget) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path, result = checked(source(budget), folder)
        built = render_source(
            result.documents[0],
            ProvenanceReader().of([path]),
            folder / "out",
            ("html", "pdf", "docx"),
        )
        files = {p.suffix: p for p in built.files}
        html = re.sub(r"<[^>]+>", " ", files[".html"].read_text(encoding="utf-8"))
        pdf = subprocess.run(
            ["pdftotext", "-raw", str(files[".pdf"]), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        word = docx.Document(io.BytesIO(files[".docx"].read_bytes()))
        cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
        text = {
            "html": html,
            "pdf": pdf,
            "docx": "\n".join([p.text for p in word.paragraphs] + cells),
        }
        for figure in (budget.total, budget.basic, budget.projects, budget.three_total):
            for form, body in text.items():
                assert f"{figure:.2f}" in body, (form, figure)


@settings(max_examples=60, deadline=None)
@given(budgets, st.data())
def test_a_stated_figure_off_by_a_cent_is_always_caught(
    budget: Budget, data: st.DataObject
) -> None:
    lines = source(budget).split("\n")
    # Every stated money figure, except 机关运行经费, which is only bounded (≤ 公用经费).
    candidates = [
        i
        for i, line in enumerate(lines)
        if re.search(r"\b\d+\.\d\d\b", line)
        and not re.search(r"spending_plan|quantity|planned_purchases|percent|level1", line)
        and not lines[i - 1].startswith("operating_costs:")
    ]
    i = data.draw(st.sampled_from(candidates))
    numbers = list(re.finditer(r"\b(\d+\.\d\d)\b", lines[i]))
    target = data.draw(st.sampled_from(numbers))
    value = Decimal(target.group(1))
    moved = value + CENT if value == 0 or data.draw(st.booleans()) else value - CENT
    lines[i] = lines[i][: target.start()] + f"{moved:.2f}" + lines[i][target.end() :]
    with tempfile.TemporaryDirectory() as folder:
        _, result = checked("\n".join(lines), Path(folder))
    assert any(f.is_error for f in result.findings), lines[i]
