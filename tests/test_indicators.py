"""Indicator rows: the framework (as data) and the lints on 指标值."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, line_of, table

from docgen.check import Checked
from docgen.findings import Location
from docgen.messages import render_message
from docgen.rules.indicators import Level2, load_framework, parse_target

Check = Callable[..., Checked]


@pytest.mark.parametrize(
    ("written", "comparator", "number", "unit", "per"),
    [
        ("≥95%", "≥", "95", "%", None),
        (">=95%", "≥", "95", "%", None),
        ("≤4万元/月", "≤", "4", "万元", "月"),
        ("14人", "=", "14", "人", None),
        ("<1%", "<", "1", "%", None),
        ("1900元/人·月", "=", "1900", "元", "人·月"),
        ("12月", "=", "12", "月", None),
    ],
)
def test_value_grammar(written: str, comparator: str, number: str, unit: str, per: str) -> None:
    target = parse_target(written)
    assert target is not None
    assert (target.comparator, target.number, target.unit, target.per) == (
        comparator,
        Decimal(number),
        unit,
        per,
    )


@pytest.mark.parametrize(
    ("level2", "value", "codes"),
    [
        ("数量指标", "14人", []),
        ("数量指标", "≥12万人", []),
        ("数量指标", "1.45万元/月", ["indicator-unit-implausible"]),
        ("数量指标", "≥80%", ["indicator-unit-implausible"]),
        ("质量指标", "100比率", ["indicator-unit-ratio"]),
        ("质量指标", "≥120%", ["indicator-percent-over-100"]),
        ("时效指标", "12月", []),
        ("时效指标", "≥95%", []),
        ("成本指标", "≥2万元", ["indicator-cost-comparator"]),
        ("成本指标", "≤100%", ["indicator-unit-implausible"]),
        ("成本指标", "≤5万元/月", ["indicator-cost-over-budget"]),
        ("成本指标", "≤300000元", []),
        ("服务对象满意度指标", "≥95%", []),
        ("服务对象满意度指标", "≥100%", ["indicator-satisfaction-unreachable"]),
        (
            "服务对象满意度指标",
            "≤98比率",
            ["indicator-satisfaction-unreachable", "indicator-unit-ratio"],
        ),
        ("服务对象满意度指标", "满意度问卷调查表", ["indicator-value-unparseable"]),
        ("社会效益指标", "有所提升", []),
        ("社会效益指标", "工作有所提升", []),
        ("社会效益指标", "无此项指标", []),
        ("社会效益指标", "5光年", ["indicator-unit-unknown"]),
    ],
)
def test_value_lints_by_second_level(
    check_text: Check, level2: str, value: str, codes: list[str]
) -> None:
    level1 = {
        "成本指标": "产出指标",
        "数量指标": "产出指标",
        "质量指标": "产出指标",
        "时效指标": "产出指标",
        "服务对象满意度指标": "满意度指标",
    }.get(level2, "效益指标")
    # The second project (50.00 万元) has a 数量 row; turn it into the row under test.
    old = "{level1: 产出指标, level2: 数量指标, name: 人数, description: 受益人数, value: 100人"
    new = f"{{level1: {level1}, level2: {level2}, name: 人数, description: 受益人数, value: {value}"
    text = CLEAN_UNIT.replace(old, new)
    found = check_text(text).sorted_findings()
    row = line_of(text, new)
    assert [f.code for f in found if f.location.line == row] == codes
    assert all(f.location.line == row for f in found if f.code.startswith("indicator-unit"))


def test_a_value_not_understood_lists_the_forms_its_kind_accepts(check_text: Check) -> None:
    old = "{level1: 效益指标, level2: 社会效益指标, name: 效果, description: 社会效果, value: "
    assert old in CLEAN_UNIT
    start = CLEAN_UNIT.index(old) + len(old)
    text = CLEAN_UNIT[:start] + "明显改善}" + CLEAN_UNIT[CLEAN_UNIT.index("}", start) + 1 :]
    [finding] = check_text(text).sorted_findings()
    assert (finding.location.line, finding.code) == (
        line_of(text, "明显改善"),
        "indicator-value-unparseable",
    )
    qualitative = "达到预期、有所提升、持续影响、无此项指标、无此指标、优、良、中、差、良好、合格、显著提升、明显提升、稳步提升、逐步提升、有效提升、长期"
    assert render_message(finding, "zh") == (
        "指标值“明显改善”无法识别：社会效益指标的指标值应为“[比较符 ≥ ≤ = > <]数值[单位]”"
        f"（如 ≥95%、≥500人次），或以这些定性表述结尾：{qualitative}"
    )
    assert render_message(finding, "en") == (
        "indicator value '明显改善' is not understood: a value of 社会效益指标 is "
        "'[comparator ≥ ≤ = > <] number [unit]' (≥95%, ≥500人次) or ends in one of these "
        f"qualitative targets: {qualitative.replace('、', ', ')}"
    )


def test_unknown_pair_is_an_error_at_the_second_level(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("level2: 质量指标", "level2: 经济效益指标")
    assert table(check_text(text).sorted_findings()) == [
        (line_of(text, "经济效益指标"), 32, "indicator-pair-unknown"),
    ]


def test_unknown_first_level_is_an_error(check_text: Check) -> None:
    text = CLEAN_UNIT.replace(
        "{level1: 效益指标, level2: 社会效益指标, name: 效果, description: 社会效果",
        "{level1: 影响指标, level2: 社会效益指标, name: 效果, description: 社会效果",
    )
    assert table(check_text(text).sorted_findings()) == [
        (line_of(text, "    indicators:"), 5, "indicator-level1-missing"),
        (line_of(text, "影响指标"), 18, "indicator-level1-unknown"),
    ]


def test_rows_out_of_framework_order_warn_once(check_text: Check) -> None:
    rows = CLEAN_UNIT.split("    indicators:\n", 2)[1].split("  - code:", 1)[0].splitlines()
    reordered = "\n".join([rows[3], rows[2], rows[1], rows[0], *rows[4:]])
    text = CLEAN_UNIT.replace("\n".join(rows), reordered)
    found = check_text(text).findings
    assert [(f.code, f.location.line) for f in found] == [
        ("indicator-order", line_of(text, "level2: 时效指标")),
    ]
    assert (
        render_message(found[0], "zh")
        == "指标行顺序与指标体系不一致：“时效指标”应排在“成本指标”之前"
    )


def test_duplicate_rows_warn(check_text: Check) -> None:
    row = "      - {level1: 产出指标, level2: 时效指标, name: 完成时间, description: 完成时间, value: 12月}\n"
    text = CLEAN_UNIT.replace(row, row * 2)
    found = check_text(text).findings
    first = line_of(text, row.strip())
    assert [(f.code, f.location.line) for f in found] == [("indicator-duplicate", first + 1)]
    assert render_message(found[0], "zh") == f"与第 {first} 行的指标完全重复"


def test_framework_is_data_chosen_by_the_source(check_text: Check) -> None:
    text = CLEAN_UNIT.replace("year: 2021\n", "year: 2021\nframework: cost-2021\n")
    codes = [f.code for f in check_text(text).sorted_findings()]
    # Under cost-2021 成本指标 is a first-level indicator, not a 产出 one.
    assert "indicator-pair-unknown" in codes
    fixed = text.replace(
        "{level1: 产出指标, level2: 成本指标", "{level1: 成本指标, level2: 经济成本指标"
    )
    # The second project has no cost row, which cost-2021 expects as a first level of its own.
    assert [(f.code, f.args["level1"]) for f in check_text(fixed).findings] == [
        ("indicator-level1-missing", "成本指标"),
    ]


def test_a_framework_file_beside_the_source(check_text: Check, tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "id: mine\ntitle: 自定义\nlevel1:\n  - name: 产出指标\n    level2:\n"
        "      - {name: 数量指标, expects: count}\n",
        encoding="utf-8",
    )
    text = CLEAN_UNIT.replace("year: 2021\n", "year: 2021\nframework: mine.yaml\n")
    codes = {f.code for f in check_text(text).findings}
    assert codes == {"indicator-level1-unknown", "indicator-pair-unknown"}


def test_unknown_framework_is_located() -> None:
    loc = Location("u.yaml", 3, 12)
    framework, findings = load_framework("classic-1999", Path(), loc)
    assert framework is None
    assert table(findings) == [(3, 12, "framework-unknown")]
    assert render_message(findings[0], "en") == (
        "unknown indicator framework 'classic-1999'; available: classic-2015, cost-2021"
    )


def test_a_framework_file_may_end_in_yml(tmp_path: Path) -> None:
    (tmp_path / "mine.yml").write_text(
        "id: mine\nlevel1:\n  - name: 产出指标\n    level2:\n"
        "      - {name: 数量指标, expects: count}\n",
        encoding="utf-8",
    )
    framework, findings = load_framework("mine.yml", tmp_path, Location("u.yaml", 3, 12))
    assert findings == []
    assert framework is not None
    assert (framework.id, framework.level2("产出指标")) == ("mine", (Level2("数量指标", "count"),))


def row_messages(check: Check, level2: str, value: str, lang: str = "zh") -> list[str]:
    """The messages on one indicator row of the second project (budget 50.00 万元) set to
    `value` under `level2`."""
    level1 = {
        "成本指标": "产出指标",
        "数量指标": "产出指标",
        "质量指标": "产出指标",
        "时效指标": "产出指标",
        "服务对象满意度指标": "满意度指标",
    }.get(level2, "效益指标")
    old = "{level1: 产出指标, level2: 数量指标, name: 人数, description: 受益人数, value: 100人"
    new = f"{{level1: {level1}, level2: {level2}, name: 人数, description: 受益人数, value: {value}"
    text = CLEAN_UNIT.replace(old, new)
    row = line_of(text, new)
    found = check(text).sorted_findings()
    return [render_message(f, lang) for f in found if f.location.line == row]


@pytest.mark.parametrize(
    ("level2", "value", "messages"),
    [
        (
            "社会效益指标",
            "约百人",
            [
                "指标值“约百人”无法识别：社会效益指标的指标值应为“[比较符 ≥ ≤ = > <]数值[单位]”"
                "（如 ≥95%、≥500人次），或以这些定性表述结尾：达到预期、有所提升、持续影响、"
                "无此项指标、无此指标、优、良、中、差、良好、合格、显著提升、明显提升、稳步提升、"
                "逐步提升、有效提升、长期"
            ],
        ),
        ("质量指标", "100比率", ["“比率”不是计量单位：“100比率”应写作“100%”"]),
        ("质量指标", "≥98比率", ["“比率”不是计量单位：“≥98比率”应写作“≥98%”"]),
        ("质量指标", "<2比率", ["“比率”不是计量单位：“<2比率”应写作“<2%”"]),
        ("社会效益指标", "5光年", ["指标值“5光年”的单位“光年”不常见，请核对"]),
        (
            "数量指标",
            "≥80%",
            ["数量指标的指标值“≥80%”通常应为计数单位（如 人、个、家）"],
        ),
        (
            "数量指标",
            "≥10000000000人",
            ["指标值“≥10000000000人”不少于 10,000,000,000，不可能达到：请检查是否多打了数字"],
        ),
        ("数量指标", "9999999999人", []),
        (
            "经济效益指标",
            "10000000000元",
            ["指标值“10000000000元”不少于 10,000,000,000，不可能达到：请检查是否多打了数字"],
        ),
        ("质量指标", "≥100.5%", ["指标值“≥100.5%”超过 100%"]),
        ("质量指标", "100%", []),
        ("成本指标", "≥2万元", ["成本指标“≥2万元”应使用 ≤（不超过），而不是 ≥"]),
        ("成本指标", "＞2万元", ["成本指标“＞2万元”应使用 ≤（不超过），而不是 >"]),
        ("成本指标", "<2万元", []),
        (
            "成本指标",
            "≤4.17万元/月",
            ["成本指标“≤4.17万元/月”折合全年 50.04 万元，超过项目预算数 50.00 万元"],
        ),
        ("成本指标", "≤4.16万元/月", []),
        (
            "成本指标",
            "≤500001元/年",
            ["成本指标“≤500001元/年”折合全年 50.0001 万元，超过项目预算数 50.00 万元"],
        ),
        ("成本指标", "≤500000元", []),
        ("成本指标", "≤0.005亿元", []),
        (
            "成本指标",
            "≤0.0051亿元",
            ["成本指标“≤0.0051亿元”折合全年 51 万元，超过项目预算数 50.00 万元"],
        ),
        (
            "成本指标",
            "≤500001元/人",
            ["成本指标“≤500001元/人”：每人即 50.0001 万元，超过项目预算 50.00 万元"],
        ),
        ("成本指标", "≤50万元/人", []),
        ("成本指标", "≤60万元/人·月", []),
        ("成本指标", "≤30万元/周", []),
        (
            "服务对象满意度指标",
            "≤98%",
            [
                "满意度指标“≤98%”无法达成或方向错误：应为 ≥ 一个小于 100 的百分比（如 ≥95%）",
            ],
        ),
        ("服务对象满意度指标", "≥99.9%", []),
        (
            "服务对象满意度指标",
            "<95%",
            [
                "满意度指标“<95%”无法达成或方向错误：应为 ≥ 一个小于 100 的百分比（如 ≥95%）",
            ],
        ),
        (
            "服务对象满意度指标",
            "≥101%",  # unreachable, said once: not also a percentage above 100
            [
                "满意度指标“≥101%”无法达成或方向错误：应为 ≥ 一个小于 100 的百分比（如 ≥95%）",
            ],
        ),
    ],
)
def test_each_value_lint_says_what_it_found(
    check_text: Check, level2: str, value: str, messages: list[str]
) -> None:
    assert row_messages(check_text, level2, value) == messages


def test_value_lints_in_english(check_text: Check) -> None:
    assert row_messages(check_text, "成本指标", "≤500001元/人", "en") == [
        "cost target '≤500001元/人': one 人 alone comes to 50.0001 万元, above the project "
        "budget 50.00"
    ]
    assert row_messages(check_text, "质量指标", "≥98比率", "en") == [
        "'比率' is not a unit: write '≥98%' instead of '≥98比率'"
    ]


@pytest.mark.parametrize(
    ("level2", "value", "expected"),
    [
        ("数量指标", "≥80%", "a count (人, 个, 家)"),
        ("时效指标", "≤2万元", "a month or date, or a timeliness %"),
        ("成本指标", "≤100%", "an amount of money (≤4万元/月)"),
        ("服务对象满意度指标", "≥100人", "a percentage (≥95%)"),
    ],
    ids=["count", "time", "cost", "satisfaction"],
)
def test_an_implausible_unit_says_in_english_what_its_second_level_expects(
    check_text: Check, level2: str, value: str, expected: str
) -> None:
    assert row_messages(check_text, level2, value, "en") == [
        f"a {level2} value '{value}' should normally be {expected}"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "id: mine\n",
        "id: mine\nlevel1: 产出指标\n",
        "id: mine\nlevel1: []\n",
        "id: mine\nlevel1:\n  - 产出指标\n",
        "id: mine\nlevel1:\n  - name: 产出指标\n",
        "id: mine\nlevel1:\n  - name: 产出指标\n    level2: 数量指标\n",
        "id: mine\nlevel1:\n  - name: 产出指标\n    level2:\n      - 数量指标\n",
        "id: mine\nlevel1:\n  - name: 产出指标\n    level2:\n      - {name: 数量指标, expects: people}\n",
        "- name: 产出指标\n",
    ],
    ids=[
        "no-level1",
        "level1-text",
        "level1-empty",
        "level1-item-text",
        "no-level2",
        "level2-text",
        "level2-item-text",
        "expects-unknown",
        "a-list",
    ],
)
def test_a_malformed_framework_file_is_invalid_at_its_first_line(
    check_text: Check, tmp_path: Path, body: str
) -> None:
    (tmp_path / "mine.yaml").write_text(body, encoding="utf-8")
    text = CLEAN_UNIT.replace("year: 2021\n", "year: 2021\nframework: mine.yaml\n")
    assert [(f.code, f.location) for f in check_text(text).findings] == [
        ("framework-invalid", Location("mine.yaml", 1, 1)),
    ]


def test_rows_outside_the_framework_name_it_and_what_it_allows(
    check_text: Check, tmp_path: Path
) -> None:
    (tmp_path / "mine.yaml").write_text(
        "id: mine\ntitle: 自定义\nlevel1:\n"
        "  - name: 产出指标\n    level2:\n"
        "      - {name: 数量指标, expects: count}\n      - {name: 质量指标, expects: quality}\n"
        "  - name: 效益指标\n    level2:\n      - {name: 社会效益指标, expects: benefit}\n",
        encoding="utf-8",
    )
    text = CLEAN_UNIT.replace("year: 2021\n", "year: 2021\nframework: mine.yaml\n")
    found = check_text(text).sorted_findings()
    assert [render_message(f, "zh") for f in found][:3] == [
        "一级指标“产出指标”下没有二级指标“时效指标”（指标体系“mine”）；可用的有：数量指标、质量指标",
        "一级指标“产出指标”下没有二级指标“成本指标”（指标体系“mine”）；可用的有：数量指标、质量指标",
        "一级指标“满意度指标”不在指标体系“mine”中；可用的有：产出指标、效益指标",
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "{level1: 产出指标, level2: 数量指标, name: 人数",
            "{level1: 影响指标, level2: 数量指标, name: 人数",
        ),
        (
            "{level1: 产出指标, level2: 数量指标, name: 人数",
            "{level1: 产出指标, level2: 影响指标, name: 人数",
        ),
    ],
    ids=["first-level", "second-level"],
)
def test_rows_after_an_unknown_row_are_still_linted(check_text: Check, old: str, new: str) -> None:
    # The second project: its first row made unknown, its last row's value made wrong.
    text = CLEAN_UNIT.replace(old, new).replace(
        "description: 满意度, value: ≥90%, basis: 文件",
        "description: 满意度, value: ≤90%, basis: 文件",
    )
    codes = [f.code for f in check_text(text).sorted_findings()]
    assert "indicator-satisfaction-unreachable" in codes
