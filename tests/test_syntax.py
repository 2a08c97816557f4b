"""Stage load, YAML syntax errors: each usual slip named at the character that is wrong, with
the source line, a caret and what to write instead, in Chinese and in English; never libyaml's
English under Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from docgen.cli import app

SAMPLE = (REPO / "sample_data" / "323005.yaml").read_text(encoding="utf-8")


def validate(tmp_path: Path, text: str, lang: str) -> list[str]:
    path = tmp_path / "323005.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "--lang", lang, str(path)])
    assert result.exit_code == 1
    return [line.replace(str(path), "F") for line in result.output.splitlines()]


def slipped(old: str, new: str) -> str:
    assert SAMPLE.count(old) >= 1
    return SAMPLE.replace(old, new, 1)


def test_a_full_width_colon_is_named_at_its_own_line_in_chinese(tmp_path: Path) -> None:
    lines = validate(tmp_path, slipped("  nature: 事业", "  nature：事业"), "zh")
    assert lines == [
        "F:10:9: 错误[yaml-full-width-colon] 键“nature”后是全角冒号“：”：YAML 要用半角冒号加空格，"
        "改为“nature: 事业”",
        "   10 |   nature：事业",
        "      |         ^^",
        "1 个错误，0 个警告",
    ]


def test_a_full_width_colon_in_english(tmp_path: Path) -> None:
    lines = validate(tmp_path, slipped("  nature: 事业", "  nature：事业"), "en")
    assert lines[0] == (
        "F:10:9: error[yaml-full-width-colon] full-width colon '：' after the key 'nature': "
        "YAML needs an ASCII colon and a space: write 'nature: 事业'"
    )


def test_a_missing_space_after_a_dash_is_named_at_the_dash(tmp_path: Path) -> None:
    text = slipped('  - code: "131024212WPP84MMFSEMX"', '  -code: "131024212WPP84MMFSEMX"')
    lines = validate(tmp_path, text, "zh")
    assert lines[:3] == [
        'F:56:3: 错误[yaml-dash-space] 列表项的“-”后缺少空格：改为“- code: "131024212WPP84MMFSEMX"”',
        '   56 |   -code: "131024212WPP84MMFSEMX"',
        "      |   ^",
    ]
    assert validate(tmp_path, text, "en")[0] == (
        "F:56:3: error[yaml-dash-space] missing space after the '-' of a list item: "
        "write '- code: \"131024212WPP84MMFSEMX\"'"
    )


def test_a_bad_indent_is_named_at_the_key_that_is_off(tmp_path: Path) -> None:
    lines = validate(tmp_path, slipped("  rank: 正股级", "   rank: 正股级"), "zh")
    assert lines[:3] == [
        "F:11:4: 错误[yaml-indent] 缩进不对（此行 3 个空格，上一行 2 个）：同一层的键要左对齐；"
        "下一层要比上一层多缩进，且上一行以冒号结尾；列表项“- ”要缩进在它所属的键之下",
        "   11 |    rank: 正股级",
        "      |    ^",
    ]
    assert validate(tmp_path, slipped("  rank: 正股级", "   rank: 正股级"), "en")[0] == (
        "F:11:4: error[yaml-indent] bad indentation (3 spaces on this line, 2 on the line above): "
        "keys of one level line up; a deeper level is indented more, under a line ending in a "
        "colon; list items ('- ') go under the key they belong to"
    )


@pytest.mark.parametrize(
    ("old", "new", "zh", "en"),
    [
        (
            "  rank: 正股级",
            "  rank:正股级",
            "F:11:7: 错误[yaml-colon-space] 键“rank”的冒号后缺少空格：改为“rank: 正股级”",
            "F:11:7: error[yaml-colon-space] missing space after the colon of 'rank': "
            "write 'rank: 正股级'",
        ),
        (
            "  rank: 正股级",
            "  rank:\u3000正股级",
            "F:11:8: 错误[yaml-full-width-space] 此处是全角空格：缩进和冒号后的空格都必须是半角空格",
            "F:11:8: error[yaml-full-width-space] a full-width space here: indentation and the "
            "space after a colon must be ASCII spaces",
        ),
        (
            "  rank: 正股级",
            "\trank: 正股级",
            "F:11:1: 错误[yaml-tab] YAML 不允许用制表符（Tab）缩进，请改用空格",
            "F:11:1: error[yaml-tab] YAML does not allow tabs for indentation; use spaces",
        ),
        (
            '  code: "323005"',
            '  code: "323005',
            'F:7:9: 错误[yaml-quote-unclosed] 从这里开始的引号 " 没有结束：在值的末尾补上 "',
            'F:7:9: error[yaml-quote-unclosed] the quote " opened here is never closed: '
            'add " at the end of the value',
        ),
        (
            '  code: "323005"',
            '  code: "323005" 号',
            "F:7:18: 错误[yaml-quote-trailing] 引号结束后还有文字“号”：把整个值都放进引号里",
            "F:7:18: error[yaml-quote-trailing] text '号' after the closing quote: put the whole "
            "value inside the quotes",
        ),
        (
            "  rank: 正股级",
            "  rank: 级别: 正股级",
            "F:11:11: 错误[yaml-colon-in-value] 值中有“冒号+空格”，YAML 会把它当作又一个键："
            '给整个值加引号，写成“rank: "级别: 正股级"”',
            "F:11:11: error[yaml-colon-in-value] the value holds a colon and a space, which YAML "
            "reads as another key: quote the whole value, 'rank: \"级别: 正股级\"'",
        ),
        (
            "      - 通过项目的开展实现日常工作的正常运转。",
            "      - [通过项目的开展实现日常工作的正常运转。",
            "F:65:9: 错误[yaml-bracket-unclosed] 从这里开始的“[”没有对应的“]”：补上“]”，"
            "或把各项逐行写成“- ”列表",
            "F:65:9: error[yaml-bracket-unclosed] the '[' opened here has no ']': add it, or "
            "write the items as a '- ' list one per line",
        ),
        (
            "  rank: 正股级",
            "  rank: 正股级\n  - 正科级",
            "F:12:3: 错误[yaml-list-mixed] 同一层不能既有键又有列表项“- ”：列表要写在以冒号结尾的键之下，"
            "并比它多缩进",
            "F:12:3: error[yaml-list-mixed] one level cannot hold both keys and list items "
            "('- '): put the list under a key ending in a colon, indented more",
        ),
        (
            "  rank: 正股级",
            "  rank 正股级",
            "F:11:3: 错误[yaml-syntax] YAML 语法错误：此行应为“键: 值”，但没有找到冒号。"
            "请检查此行和上一行：冒号和“-”后要有半角空格，同一层的键要左对齐，引号和括号要成对",
            "F:11:3: error[yaml-syntax] YAML syntax error: this line should be 'key: value', but "
            "it has no colon. Check this line and the one above: an ASCII space after every colon "
            "and '-', keys of one level lined up, quotes and brackets closed",
        ),
    ],
)
def test_each_usual_slip_gets_its_message_at_its_place(
    tmp_path: Path, old: str, new: str, zh: str, en: str
) -> None:
    text = slipped(old, new)
    assert validate(tmp_path, text, "zh")[0] == zh
    assert validate(tmp_path, text, "en")[0] == en


@pytest.mark.parametrize(
    "damage",
    ["  nature: 事业\n", "  rank: 正股级\n", "    name: 社保工作经费\n", "revenue:\n"],
)
@pytest.mark.parametrize("cut", [1, 3, 5])
def test_no_syntax_error_is_reported_in_libyaml_english_under_chinese(
    tmp_path: Path, damage: str, cut: int
) -> None:
    """Whatever the damage, a Chinese report of a syntax error holds no English sentence."""
    text = SAMPLE.replace(damage, damage[:cut] + damage[cut + 1 :], 1)
    lines = validate(tmp_path, text, "zh")
    head = lines[0].split("] ", 1)[1]
    assert not re.search(r"\b(while|found|expected|could not|not allowed)\b", head), head
