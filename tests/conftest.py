"""Shared test helpers: a small clean unit source, running the checks on text, golden files."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from docgen.check import Checked, check
from docgen.document import Chart, Document
from docgen.findings import Finding
from docgen.profiles import find_profile

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
# Debian's Chromium, driven by Playwright in the tests that need a browser (axe, the preview).
CHROMIUM = Path(os.environ.get("DOCGEN_CHROMIUM", "/usr/bin/chromium"))
# Chromium as root in a container, without the background traffic a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files in tests/golden/ from the current output",
    )


# Under mutmut, a test that took longer than this in mutmut's map of tests (a workbook or a Word
# file imported back, a department's tables built, every command run on one county) is left out
# of each mutant's run: a survivor runs every test that reaches its function, and these few
# (14 of about 800) took 279 s of its 344. Each figure must be held by a fast test of its own.
SLOW_UNDER_MUTATION = 3.0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under mutmut, a mutant's tests (and the clean run before them) run in `mutation_order`;
    its map of tests and any other run see every test in the order given."""
    mutant = os.environ.get("MUTANT_UNDER_TEST")
    if mutant is None or mutant in ("stats", "list_all_tests"):
        return
    stats = Path("mutmut-stats.json")  # mutmut runs the tests in mutants/, beside its map
    durations: dict[str, float] = (
        json.loads(stats.read_text(encoding="utf-8"))["duration_by_test"] if stats.is_file() else {}
    )
    order = mutation_order(mutant, [item.nodeid for item in items], durations)
    by_id = {item.nodeid: item for item in items}
    left_out = [item for item in items if item.nodeid not in set(order)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
    items[:] = [by_id[nodeid] for nodeid in order]


def mutation_order(mutant: str, nodeids: list[str], durations: dict[str, float]) -> list[str]:
    """The mutated module's own test file first (`test_write.py` for a mutant of
    `docgen.write`), then the others quickest first, by the durations mutmut measured, without
    those slower than SLOW_UNDER_MUTATION. mutmut stops at the first failure, so a killed
    mutant costs a fast test or two, not the slowest of the tests that reach its function."""
    own = f"test_{mutant.split('.x', 1)[0].rsplit('.', 1)[-1]}.py"
    fast = [n for n in nodeids if durations.get(n, 0.0) <= SLOW_UNDER_MUTATION]
    return sorted(
        fast,
        key=lambda nodeid: (Path(nodeid.split("::")[0]).name != own, durations.get(nodeid, 0.0)),
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare a text with tests/golden/NAME as a unified diff; `--update-golden` rewrites it.

    Golden files change only on purpose: a difference fails the test and shows what moved.
    """
    update = bool(request.config.getoption("--update-golden"))

    def compare(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        if not path.is_file():
            pytest.fail(f"no golden file {path.relative_to(REPO)}; write it with --update-golden")
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"{path.relative_to(REPO)} (golden)",
                f"{path.relative_to(REPO)} (now)",
            )
            pytest.fail(
                "output differs from the golden file (rewrite it with --update-golden only "
                "if the change is meant):\n" + "".join(diff),
                pytrace=False,
            )

    return compare


# A complete unit that satisfies every identity; tests change one line of it at a time.
CLEAN_UNIT = """\
kind: unit
scope: full
year: 2021
division_code: "131024"
unit:
  code: "323099"
  name: 测试县测试中心
  department: 测试县测试局
  nature: 行政
  rank: 正股级
  funding_form: 财政性资金基本保障
  responsibilities: 负责测试工作。
revenue:
  general_budget: 100.00
  government_fund: 50.00
  carryover: 0.00
  total: 150.00
expenditure:
  personnel: 60.00
  public: 10.00
  basic_total: 70.00
  projects_total: 80.00
  total: 150.00
last_year:
  basic: 65.00
  projects: 80.00
  total: 145.00
  stated_changes:
    total: {word: 增加, amount: 5.00, percent: 3.45}
    basic: {word: 增加, amount: 5.00}
    projects: {word: 持平, amount: 0.00}
  reasons:
    basic: 主要原因是人员增加
operating_costs:
  amount: 8.00
  purpose: 主要用于办公及印刷费
three_public:
  this_year: {overseas: 0.00, vehicle_purchase: 0.00, vehicle_operation: 1.20, reception: 0.50}
  last_year: {overseas: 0.00, vehicle_purchase: 0.00, vehicle_operation: 1.20, reception: 0.80}
  stated:
    total: 1.70
    vehicles: 1.20
  stated_changes:
    total: {word: 减少, amount: 0.30}
  reasons:
    reception: 压减接待费
projects:
  - code: "131024210000000000001"
    name: 测试工作经费
    amount: 30.00
    fiscal: 30.00
    other: 0.00
    funding_source: general_budget
    purpose: 用于测试工作。
    spending_plan: {march: 20.00, june: 40.00, october: 60.00, december: 100.00}
    goals:
      - 完成测试工作。
    indicator_basis: 年度工作计划
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 测试次数, description: 开展测试, value: 12次}
      - {level1: 产出指标, level2: 质量指标, name: 合格率, description: 测试合格率, value: ≥95%}
      - {level1: 产出指标, level2: 时效指标, name: 完成时间, description: 完成时间, value: 12月}
      - {level1: 产出指标, level2: 成本指标, name: 控制数, description: 预算控制数, value: ≤2.5万元/月}
      - {level1: 效益指标, level2: 社会效益指标, name: 效果, description: 社会效果, value: 有所提升}
      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 满意度, description: 满意度, value: ≥90%}
  - code: "131024210000000000002"
    name: 测试专项资金
    amount: 50.00
    fiscal: 50.00
    funding_source: government_fund
    purpose: 用于测试专项。
    spending_plan: {march: null, june: null, october: 50.00, december: 100.00}
    goals:
      - 完成专项。
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 人数, description: 受益人数, value: 100人, basis: 文件}
      - {level1: 效益指标, level2: 社会效益指标, name: 效果, description: 效果, value: 达到预期, basis: 文件}
      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 满意度, description: 满意度, value: ≥90%, basis: 文件}
procurement:
  lines:
    - project: 测试工作经费
      item: 台式计算机
      catalogue_no: A02010104
      category: 货物
      measure_unit: 台
      quantity: 2
      unit_price: 0.50
      amounts: {general_budget: 1.00}
      total: 1.00
  total: 1.00
assets:
  as_of: "2020-12-31"
  buildings: {quantity: 100, value: 50.00}
  office_space: {quantity: 60, value: 30.00}
  vehicles: {quantity: 1, value: 10.00}
  other: {quantity: 20, value: 5.00}
  total: 65.00
  planned_purchases: 0.00
other_matters: 无。
"""


def pdf_text(path: Path) -> str:
    """A PDF's text; -raw keeps the order the engine draws in, so each table cell's text stays
    together."""
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def docx_text(path: Path) -> str:
    """A DOCX's paragraphs, then every cell of its tables, a line each (python-docx)."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def structure_elements(reader: PdfReader) -> list[dict[str, object]]:
    """Every element of the tagged PDF's structure tree, in reading order."""
    found: list[dict[str, object]] = []

    def visit(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            found.append(node)
            visit(node.get("/K"))
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def xmp_identification(reader: PdfReader) -> dict[str, str]:
    """The PDF/A and PDF/UA identification of the XMP packet: {"pdfaid:part": "2", …}."""
    packet = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    # Typst writes elements (<pdfaid:part>2</pdfaid:part>), WeasyPrint attributes (pdfaid:part="2").
    found = re.findall(r"<(pdfa?u?a?id:\w+)>([^<]*)</\1>", packet)
    found += re.findall(r'(pdfa?u?a?id:\w+)="([^"]*)"', packet)
    return dict(found)


def font_programs(reader: PdfReader) -> list[tuple[str, str, bool]]:
    """Every font of every page: its name, subtype and whether its program is embedded."""
    fonts = []
    for page in reader.pages:
        resources = page["/Resources"].get("/Font", {})
        for key in resources:
            font = resources[key].get_object()
            described = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = described.get("/FontDescriptor", {})
            embedded = any(name in descriptor for name in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append((str(font.get("/BaseFont")), str(font["/Subtype"]), embedded))
    return fonts


def sample_for(profile: str) -> str:
    """The sample unit's source, to be published in another profile. It is a 事业单位 that states
    its 机关运行经费 (22.50), as Hebei's county units do; where the profile's 事业单位 state none
    (TABLES.md X6, the Ministry's practice), it is written as a 参公 unit, as 社会保险经办机构
    often are, so that its package still has a 机关运行经费 to carry."""
    text = (REPO / "sample_data" / "323005.yaml").read_text(encoding="utf-8")
    if "事业" in find_profile(profile).operating_costs_stated_by:
        return text
    assert text.count("  nature: 事业\n") == 1
    return text.replace("  nature: 事业\n", "  nature: 参公\n")


def write(tmp_path: Path, text: str, name: str = "unit.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def table(findings: list[Finding]) -> list[tuple[int, int, str]]:
    return [(f.location.line, f.location.column, f.code) for f in findings]


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing needle."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


@pytest.fixture
def check_text(tmp_path: Path) -> Callable[..., Checked]:
    def run(text: str, name: str = "unit.yaml") -> Checked:
        return check([write(tmp_path, text, name)])

    return run


# Git in a temporary budget repository: who commits, and optionally when.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "财务科",
    "GIT_AUTHOR_EMAIL": "caiwu@example.invalid",
    "GIT_COMMITTER_NAME": "财务科",
    "GIT_COMMITTER_EMAIL": "caiwu@example.invalid",
}


def git(folder: Path, *args: str, when: str = "") -> str:
    dated = {"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when} if when else {}
    result = subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV, **dated},
        check=True,
    )
    return result.stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file, which must hold it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_tagged_like_the_document(reader: PdfReader, document: Document) -> None:
    """The tagged PDF's headings and figures are the document's: the title is the one H1, a
    section at depth d is an H(d+1) (the contents' own heading is one more H2), and each chart
    is a Figure whose alternate text is the chart in words."""
    elements = structure_elements(reader)
    tags = Counter(str(node["/S"]) for node in elements if "/S" in node)
    depths = Counter(depth for depth, _ in document.walk())
    expected = {"/H1": 1} | {f"/H{depth + 1}": n for depth, n in depths.items()}
    expected["/H2"] += 1
    assert {tag: n for tag, n in tags.items() if re.fullmatch(r"/H\d", tag)} == expected
    alts = [str(node.get("/Alt", "")) for node in elements if node.get("/S") == "/Figure"]
    charts = [
        block.alt
        for _, section in document.walk()
        for block in section.blocks
        if isinstance(block, Chart)
    ]
    assert alts == charts
