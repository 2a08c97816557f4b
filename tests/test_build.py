"""`docgen build`: hostile text renders literally in every format, uncovered characters and
text a format cannot carry fail where they stand."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import CLEAN_UNIT, line_of, write
from lxml import etree
from test_render import parse_html, pdf_text, squeeze
from typer.testing import CliRunner

from docgen.cli import app

RUNNER = CliRunner()
HOSTILE = "A&B <b>粗</b> \"引号\" 'single' {x} % } </script> 😀"


def run_build(*args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, ["build", "--lang", "en", *args])
    return result.exit_code, result.output


def test_text_with_markup_quotes_template_syntax_and_emoji_renders_literally(
    tmp_path: Path,
) -> None:
    source = CLEAN_UNIT.replace(
        "name: 测试工作经费", f"name: '{HOSTILE.replace(chr(39), chr(39) * 2)}'"
    )
    source = source.replace(
        "project: 测试工作经费", f"project: '{HOSTILE.replace(chr(39), chr(39) * 2)}'"
    )
    path = write(tmp_path, source)
    code, text = run_build(str(path), "-o", str(tmp_path / "out"))
    assert code == 0, text
    folder = tmp_path / "out" / "323099-2021"
    html = parse_html(folder / "323099-2021.html")
    cells = [cell for _, rows in html.tables for row in rows for cell in row]
    assert HOSTILE in cells
    assert "<b>粗</b>" not in (folder / "323099-2021.html").read_text(encoding="utf-8")
    word = docx.Document(str(folder / "323099-2021.docx"))
    word_cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert HOSTILE in word_cells
    assert squeeze(HOSTILE) in squeeze(pdf_text(folder / "323099-2021.pdf"))


def test_a_character_no_font_covers_fails_the_build_at_its_line(tmp_path: Path) -> None:
    source = CLEAN_UNIT.replace(
        "responsibilities: 负责测试工作。", "responsibilities: 负责\ue000测试工作。"
    )
    path = write(tmp_path, source)
    code, text = run_build(str(path), "-o", str(tmp_path / "out"))
    assert code == 1
    line = line_of(source, "responsibilities:")
    assert f"unit.yaml:{line}:21: error[font-missing-glyph]" in text
    assert "U+E000" in text
    assert not (tmp_path / "out").exists()


def test_a_source_with_errors_is_not_rendered_and_warnings_do_not_stop_it(tmp_path: Path) -> None:
    broken = write(tmp_path, CLEAN_UNIT.replace("total: 150.00", "total: 150.01", 1), "bad.yaml")
    code, text = run_build(str(broken), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "error[sum-mismatch]" in text and "not built 323099-2021" in text
    assert not (tmp_path / "out").exists()
    warned = write(tmp_path, CLEAN_UNIT.replace("value: ≥90%}", "value: ≥100%}", 1), "warn.yaml")
    code, text = run_build(str(warned), "-o", str(tmp_path / "out"), "-f", "html")
    assert code == 0, text
    assert "warning[" in text
    assert sorted(p.name for p in (tmp_path / "out" / "323099-2021").iterdir()) == [
        "323099-2021.html"
    ]


def test_formats_given_again_are_each_made(tmp_path: Path) -> None:
    code, text = run_build(
        str(write(tmp_path, CLEAN_UNIT)),
        "-o",
        str(tmp_path / "out"),
        "-f",
        "html",
        "-f",
        "docx,html",
    )
    assert code == 0, text
    assert sorted(p.suffix for p in (tmp_path / "out" / "323099-2021").iterdir()) == [
        ".docx",
        ".html",
    ]


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    code, text = run_build(str(write(tmp_path, CLEAN_UNIT)), "-f", "html,odt")
    assert code == 2
    assert "odt" in text


def test_the_docx_has_only_well_formed_xml_parts(tmp_path: Path) -> None:
    path = write(tmp_path, CLEAN_UNIT)
    code, text = run_build(str(path), "-o", str(tmp_path / "out"), "-f", "docx")
    assert code == 0, text
    with zipfile.ZipFile(tmp_path / "out" / "323099-2021" / "323099-2021.docx") as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))


MARKS = "右\u200f左\u200e **粗体** _斜体_ [链接](http://x.invalid) `代码` # 标题"


def test_markdown_and_direction_marks_stay_literal_in_every_format(tmp_path: Path) -> None:
    source = CLEAN_UNIT.replace("name: 测试工作经费", f'name: "{MARKS}"')
    source = source.replace("project: 测试工作经费", f'project: "{MARKS}"')
    code, text = run_build(str(write(tmp_path, source)), "-o", str(tmp_path / "out"))
    assert code == 0, text
    folder = tmp_path / "out" / "323099-2021"
    html = parse_html(folder / "323099-2021.html")
    assert MARKS in [cell for _, rows in html.tables for row in rows for cell in row]
    word = docx.Document(str(folder / "323099-2021.docx"))
    assert MARKS in [c.text for t in word.tables for r in t.rows for c in r.cells]
    # The PDF lays out the marks' directions (Typst reorders the letters around a
    # right-to-left mark), so the markup after them is what must print as typed.
    printed = squeeze(pdf_text(folder / "323099-2021.pdf"))
    assert squeeze(MARKS.split("\u200e", 1)[1]) in printed
    assert "右" in printed and "左" in printed


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ('"负责\\a测试"', "yaml-control-character"),  # an escape: the reader never sees it
        ('"负责\\x00测试"', "yaml-control-character"),
        ('"负责\\ud800测试"', "yaml-syntax"),  # a lone surrogate: PyYAML refuses it itself
        ("负责{{ document.title }}测试", "placeholder"),
        ("负责{% if true %}测试", "placeholder"),
    ],
)
def test_text_a_format_cannot_carry_or_template_syntax_is_refused_where_it_stands(
    tmp_path: Path, written: str, code: str
) -> None:
    source = CLEAN_UNIT.replace("responsibilities: 负责测试工作。", f"responsibilities: {written}")
    path = write(tmp_path, source)
    exit_code, text = run_build(str(path), "-o", str(tmp_path / "out"))
    assert exit_code == 1, text
    assert re.search(rf"{re.escape(str(path))}:12:\d+: error\[{code}\]", text), text
    assert not (tmp_path / "out").exists()
