"""The department document's 预算安排总体情况 said in sentences: its units' sums in the shapes a
department's 情况说明 prints them, the same in HTML, DOCX and PDF, and read back by `docgen
import` of its own DOCX into the `stated:` they came from, which `docgen diff` finds equal."""

from __future__ import annotations

import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import docx
from conftest import CLEAN_UNIT, pdf_text, write
from test_department import DEPARTMENT, second_unit
from test_department_money import IN_WAN, YUAN_UNITS, with_money
from test_department_tables import CONSOLIDATED, UNIT_TOTALS
from test_import_department import stated_totals
from test_import_legacy import TEMPLATE_WORDING, invoke, model_of

from docgen.check import check
from docgen.source.model import Department, StatedChange, Unit

# Every figure a department may state, each its two units' sum (CLEAN_UNIT twice), and its
# changes on last year as the units' two years give them.
STATED = """\
stated:
  revenue_total: 300.00
  expenditure_total: 300.00
  basic: 140.00
  projects: 160.00
  three_public_total: 3.40
  changes:
    total: {word: 增加, amount: 10.00, percent: 3.45}
    basic: {word: 增加, amount: 10.00, percent: 7.69}
    projects: {word: 持平}
"""
STATING_ALL = DEPARTMENT.split("stated:")[0] + STATED
# What its 预算安排总体情况 says, paragraph by paragraph.
SAID = [
    "2021年部门预算收入300.00万元，其中：一般公共预算收入200.00万元，政府性基金预算收入"
    "100.00万元，上年结转0.00万元。",
    "2021年部门预算支出300.00万元，其中：基本支出140.00万元，项目支出160.00万元。",
    "2021年部门预算收支安排300.00万元，较2020年预算增加10.00万元，增长3.45%，其中：基本支出增加"
    "10.00万元，增长7.69%；项目支出持平。",
    "2021年，部门财政拨款“三公”经费预算数为3.40万元。",
]


def department_folder(tmp_path: Path, department: str, unit: str = CLEAN_UNIT) -> Path:
    """The department and its two units, each `unit` (the second with its own codes)."""
    write(tmp_path, unit, "dept/a.yaml")
    write(tmp_path, second_unit(unit), "dept/b.yaml")
    return write(tmp_path, department, "dept/department.yaml")


def built(tmp_path: Path, department: str, formats: str, unit: str = CLEAN_UNIT) -> Path:
    source = department_folder(tmp_path, department, unit)
    result = invoke("build", str(source), "-f", formats, "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "out").iterdir()
    return folder


class Paragraphs(HTMLParser):
    """The text of every <p> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self._open = True
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._open = self._open and tag != "p"

    def handle_data(self, data: str) -> None:
        if self._open:
            self.texts[-1] += data


def html_paragraphs(path: Path) -> list[str]:
    reader = Paragraphs()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.texts


def docx_paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def said_of(paragraphs: list[str]) -> list[str]:
    """The paragraphs from the budget's first sentence to its “三公” one."""
    first = next(i for i, text in enumerate(paragraphs) if text.startswith("2021年部门预算收入"))
    last = next(i for i, text in enumerate(paragraphs) if "“三公”经费预算数为" in text)
    return [text for text in paragraphs[first : last + 1] if text.startswith("2021年")]


def test_a_department_says_its_units_sums_in_html_docx_and_pdf(tmp_path: Path) -> None:
    """It states no 支出合计 and no 基本支出 of its own: the sentences say its units' sums."""
    folder = built(tmp_path, DEPARTMENT, "html,docx,pdf")
    (page,) = folder.glob("*.html")
    (word,) = folder.glob("*.docx")
    (pdf,) = folder.glob("*.pdf")
    assert said_of(html_paragraphs(page)) == SAID
    assert said_of(docx_paragraphs(word)) == SAID
    headings = [p.text for p in docx.Document(str(word)).paragraphs if p.style.name == "Heading 2"]
    assert headings[3:5] == ["一、收支预算总体情况", "二、财政拨款“三公”经费预算情况"]
    printed = "".join(pdf_text(pdf).split())
    for text in SAID:
        assert text in printed


def test_a_department_whose_units_give_no_last_year_says_its_stated_changes(
    tmp_path: Path,
) -> None:
    """Units that state no change on last year leave the department's stated changes the
    data, its words as written: 减少 with its rate, and 持平 where it gives no amount."""
    start, end = CLEAN_UNIT.index("last_year:"), CLEAN_UNIT.index("operating_costs:")
    no_last_year = CLEAN_UNIT[:start] + "last_year:\n  stated_changes: {}\n" + CLEAN_UNIT[end:]
    changes = "  changes:\n    total: {word: 减少, amount: 5.00, percent: 1.64}\n    basic: {word: 持平}\n"
    folder = built(tmp_path, DEPARTMENT + changes, "html", no_last_year)
    (page,) = folder.glob("*.html")
    assert said_of(html_paragraphs(page))[2] == (
        "2021年部门预算收支安排300.00万元，较2020年预算减少5.00万元，下降1.64%，其中：基本支出持平。"
    )


def stated_figures(path: Path) -> dict[str, tuple[Decimal, tuple[object, ...]] | None]:
    """Each figure of a department's `stated:` as its exact Decimal and its digits."""
    stated, figures = stated_totals(path)
    for key, change in stated.changes.items():
        figures[f"changes.{key}.amount"] = change.amount
        figures[f"changes.{key}.percent"] = change.percent
    return {
        key: None if value is None else (value.value, tuple(value.value.as_tuple()))
        for key, value in figures.items()
    }


def stated_words(path: Path) -> dict[str, str | None]:
    department = model_of(path)
    assert isinstance(department, Department) and department.stated is not None
    changes: dict[str, StatedChange] = department.stated.changes
    return {key: change.word.value if change.word else None for key, change in changes.items()}


def test_a_departments_stated_survives_its_own_docx_and_diff_finds_it_equal(
    tmp_path: Path,
) -> None:
    original = department_folder(tmp_path, STATING_ALL)
    result = invoke("build", str(original), "-f", "docx", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    (word,) = (tmp_path / "out").glob("*/*.docx")
    target = tmp_path / "back" / "department.yaml"
    result = invoke("import", str(word), "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8").replace('"【待填写：部门编码】"', '"323"')
    target.write_text(text, encoding="utf-8")
    assert stated_figures(target) == stated_figures(original)
    words = {"total": "增加", "basic": "增加", "projects": "持平"}
    assert stated_words(target) == stated_words(original) == words
    compared = invoke("diff", str(original), str(target), "--report", "json")
    assert compared.exit_code == 0, compared.output
    report = json.loads(compared.output[compared.output.index("{") :])
    [department] = [d for d in report["documents"] if d["kind"] == "department"]
    # Its own figures and words are equal; its units' budgets, which a department's document
    # does not print, come back as project tables only, so the sums it computes are not there.
    assert (department["figures"], department["texts"]) == ([], [])


def test_a_changes_rate_is_read_as_its_percent_and_not_as_its_reason(tmp_path: Path) -> None:
    """`增加50.50万元，增长6.73%，主要原因是…` (the Ministry's template prints a rate after a
    change): the rate is the stated change's percent, the reason what follows it."""
    said = (
        "比2023年预算增加100.50万元，增长9.14%，其中：基本支出增加50.50万元，增长6.73%，"
        "主要原因是人员增加；项目支出增加50.00万元，增长14.29%。"
    )
    original = tmp_path / "template.txt"
    wording = TEMPLATE_WORDING.replace(
        "比2023年预算增加100.50万元，其中：基本支出增加50.50万元，项目支出增加50.00万元。", said
    )
    original.write_text(wording, encoding="utf-8")
    target = tmp_path / "unit.yaml"
    result = invoke("import", str(original), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "not imported" not in result.output, result.output
    text = target.read_text(encoding="utf-8")
    text = text.replace("【待填写：人员经费（原文未分列）】", "700.00")
    target.write_text(
        text.replace("【待填写：公用经费（原文未分列）】", "100.50"), encoding="utf-8"
    )
    unit = model_of(target)
    assert isinstance(unit, Unit) and unit.last_year is not None
    changes = unit.last_year.stated_changes
    assert {
        key: tuple(part.value if part else None for part in (c.word, c.amount, c.percent))
        for key, c in changes.items()
    } == {
        "total": ("增加", Decimal("100.50"), Decimal("9.14")),
        "basic": ("增加", Decimal("50.50"), Decimal("6.73")),
        "projects": ("增加", Decimal("50.00"), Decimal("14.29")),
    }
    assert {key: r.value for key, r in unit.last_year.reasons.items()} == {
        "basic": "主要原因是人员增加"
    }
    assert [f.code for f in check([target]).findings if "change" in f.code] == []


def test_a_department_without_unit_files_says_no_sentences_and_imports_back(
    tmp_path: Path,
) -> None:
    """Its figures are its own, in a unit's form, and its tables print them: sentences of its
    totals alone would be read back as a second statement of them, without their parts."""
    source = write(tmp_path, CONSOLIDATED + UNIT_TOTALS, "dept/department.yaml")
    result = invoke("build", str(source), "-f", "docx", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    (word,) = (tmp_path / "out").glob("*/*.docx")
    paragraphs = docx_paragraphs(word)
    assert "第二部分　部门预算安排总体情况" in paragraphs  # its table by unit
    assert not [text for text in paragraphs if "部门预算收入" in text or "三公”经费预算数" in text]
    result = invoke("import", str(word), "-o", str(tmp_path / "back" / "department.yaml"))
    assert result.exit_code == 0, result.output


def test_units_stating_their_totals_change_alone_give_the_department_that_change(
    tmp_path: Path,
) -> None:
    """Units that state only their total's change on last year, without its figures: the
    department's change is theirs summed, and 基本支出 and 项目支出 have none to say."""
    start, end = CLEAN_UNIT.index("last_year:"), CLEAN_UNIT.index("operating_costs:")
    total_only = "last_year:\n  stated_changes:\n    total: {word: 增加, amount: 5.00}\n"
    folder = built(tmp_path, DEPARTMENT, "html", CLEAN_UNIT[:start] + total_only + CLEAN_UNIT[end:])
    (page,) = folder.glob("*.html")
    assert said_of(html_paragraphs(page))[2] == (
        "2021年部门预算收支安排300.00万元，较2020年预算增加10.00万元，增长3.45%。"
    )


def test_a_total_stated_in_wan_over_units_in_yuan_is_said_and_read_back_as_written(
    tmp_path: Path,
) -> None:
    """The department in 元 states its revenue 300.03万元 over its units' 3,000,336 元: its
    document says it as written, as a unit's does, where it said 3000336.00元. Its own DOCX
    gives back the exact 3,000,336 of its 部门预算按单位汇总, which the import prefers to a
    figure rounded to 万元, with the digits it said in a comment."""
    department = with_money(IN_WAN, "元")
    write(tmp_path, YUAN_UNITS[0], "dept/a.yaml")
    write(tmp_path, YUAN_UNITS[1], "dept/b.yaml")
    original = write(tmp_path, department, "dept/department.yaml")
    result = invoke("build", str(original), "-f", "html,docx", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "out").iterdir()
    (page,) = folder.glob("*.html")
    assert said_of(html_paragraphs(page))[0].startswith("2021年部门预算收入300.03万元，其中：")
    target = tmp_path / "back" / "department.yaml"
    (word,) = folder.glob("*.docx")
    assert invoke("import", str(word), "-o", str(target)).exit_code == 0
    back = stated_totals(target)[1]["revenue_total"]
    assert back is not None and (back.value, back.stated_in) == (Decimal(3000336), None)
    line = target.read_text(encoding="utf-8").splitlines()[back.loc.line - 1]
    assert line.endswith("：300.03万元")
