"""A project's money as the narrative states it outside a table that lists projects by name: a
sentence (`社区治理专项经费项目安排资金176.14万元，主要用于…`) and the 项目资金 row of a
项目支出绩效目标表 (项目资金（元） | 年度资金总额 | … | 其中：财政拨款 | … | 其他资金 | …), in the
Shanghai-style unit of `test_import_rounding`. Each is held to the project's table within the
rounding of the coarser figure; beyond it, the paragraph is named and the import exits 1."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from test_import_legacy import unit_of
from test_import_rounding import PROJECT, street_office
from test_import_yuan import Rows, imported, write_docx

SAID = "社区治理专项经费项目安排资金{amount}万元，主要用于社区网格化管理和居民自治。"
FUNDS: Rows = [  # the 项目资金 row of a 项目支出绩效目标表, instead of 预算规模及资金用途
    ["项目资金（元）", "年度资金总额", "1761424", "其中：财政拨款", "1761424", "其他资金", "0"],
    ["资金用途", "用于社区治理。", None, None, None, None, None],
]


def with_sentence(amount: str, project: Rows = PROJECT) -> list[str | Rows]:
    blocks = street_office()
    at = blocks.index("1.社区治理专项经费绩效目标表")
    blocks[at:at] = [SAID.format(amount=amount)]
    blocks[blocks.index(PROJECT)] = project
    return blocks


def paragraph_of(blocks: list[str | Rows], text: str) -> int:
    """The paragraph number python-docx gives `text`: paragraphs only, from 1."""
    paragraphs = [block for block in blocks if isinstance(block, str)]
    return paragraphs.index(text) + 1


def test_a_projects_money_said_in_a_sentence_within_its_rounding_imports_clean(
    tmp_path: Path,
) -> None:
    result, target = imported(tmp_path, write_docx(tmp_path / "sh.docx", with_sentence("176.14")))
    assert result.exit_code == 0, result.output
    [project] = unit_of(target).projects
    assert project.amount is not None and project.amount.value == Decimal("1761424")
    notes = result.output.split("not imported")[-1]
    assert "社区治理专项经费项目安排资金176.14万元" in notes  # the paragraph is kept too


def test_a_projects_money_said_in_a_sentence_beyond_its_rounding_is_reported_there(
    tmp_path: Path,
) -> None:
    """176.24万元 is 976 元 from the table's 1,761,424 元, beyond the 50 元 of its place."""
    blocks = with_sentence("176.24")
    result, target = imported(tmp_path, write_docx(tmp_path / "sh.docx", blocks))
    assert result.exit_code == 1, result.output
    number = paragraph_of(blocks, SAID.format(amount="176.24"))
    said = [line.strip() for line in result.output.splitlines() if "≠ 绩效目标表" in line]
    assert said == [
        f"paragraph {number}: projects.社区治理专项经费项目 176.24万元 ≠ 绩效目标表 1761424元"
    ]
    [project] = unit_of(target).projects  # the table stays the source's figure
    assert project.amount is not None and project.amount.value == Decimal("1761424")


def test_the_project_funds_row_of_a_performance_table_is_its_money(tmp_path: Path) -> None:
    """项目资金（元）: 年度资金总额 is the 预算数, 财政拨款 the 财政资金, in the row's 元; the
    sentence 176.24万元 is held to it."""
    project = [PROJECT[0], *FUNDS, *PROJECT[3:]]
    blocks = with_sentence("176.24", project)
    result, target = imported(tmp_path, write_docx(tmp_path / "sh.docx", blocks))
    assert result.exit_code == 1, result.output
    [read] = unit_of(target).projects
    assert (read.amount, read.fiscal, read.other) is not None
    figures = [f.value if f is not None else None for f in (read.amount, read.fiscal, read.other)]
    assert figures == [Decimal("1761424"), Decimal("1761424"), Decimal("0")]
    assert read.purpose is not None and read.purpose.value == "用于社区治理。"
    assert "projects.社区治理专项经费项目 176.24万元 ≠ 绩效目标表 1761424元" in result.output
