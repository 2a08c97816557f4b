"""Rendering read back: every figure and indicator row of both samples in HTML, PDF and DOCX."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from conftest import REPO, docx_text, pdf_text
from pypdf import PdfReader

from docgen.build import Built, build_source
from docgen.check import check
from docgen.checked import CheckedDepartment, CheckedUnit
from docgen.document import Document
from docgen.document.blocks import Table
from docgen.document.numbers import table_amount
from docgen.source.model import Project, Unit
from docgen.terms import PdfEngine

SAMPLES = {
    "323005-2021": REPO / "sample_data" / "323005.yaml",
    "323-2022": REPO / "sample_data" / "323" / "department.yaml",
}


class TextAndTables(HTMLParser):
    """Visible text of a page (no <style>, <title> or SVG title), and its tables as rows."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._skip = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title", "head"):
            self._skip += 1
            self._in_style = tag == "style"
        if tag == "table":
            self.tables.append((dict(attrs).get("class") or "", []))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "head"):
            self._skip -= 1
            self._in_style = False
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def parse_html(path: Path) -> TextAndTables:
    parser = TextAndTables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def docx_indicator_tables(path: Path) -> list[list[list[str]]]:
    document = docx.Document(str(path))
    found = []
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][0] == "一级指标":
            found.append(rows[1:])
    return found


def checked_source(path: Path) -> CheckedUnit | CheckedDepartment:
    """The document a sample path makes (a department file makes its department)."""
    documents = check([path]).documents
    if path.name == "department.yaml":
        return next(d for d in documents if isinstance(d, CheckedDepartment))
    return documents[0]


def units_of(path: Path) -> list[Unit]:
    source = checked_source(path)
    if isinstance(source, CheckedDepartment):
        return [u.unit for u in source.units]
    return [source.unit]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    out = tmp_path_factory.mktemp("out")
    results = {}
    for name, path in SAMPLES.items():
        checked = check([path])
        source = checked_source(path)
        formats = ("html", "pdf", "docx")
        result = build_source(source, checked, out, formats, pdf_engine=PdfEngine.weasyprint)
        assert result.ok, result.findings
        assert result.findings == ()  # no font gaps, nothing logged by WeasyPrint
        results[name] = result
    return results


def output(built: dict[str, Built], name: str, extension: str) -> Path:
    return next(p for p in built[name].files if p.suffix == f".{extension}")


def project_facts(project: Project) -> list[str]:
    amount = table_amount(project.fiscal.value + (project.other.value if project.other else 0))
    return [project.code.value, project.name.value, amount]


def indicator_cells(project: Project) -> list[list[str]]:
    shared = project.indicator_basis.value if project.indicator_basis else ""
    return [
        [
            i.level2.value,
            i.name.value,
            i.description.value,
            i.value.value,
            i.basis.value if i.basis else shared,
        ]
        for i in project.indicators
    ]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_project_and_indicator_is_in_the_pdf_text(built: dict[str, Built], name: str) -> None:
    text = squeeze(pdf_text(output(built, name, "pdf")))
    for unit in units_of(SAMPLES[name]):
        for project in unit.projects:
            for fact in project_facts(project):
                assert squeeze(fact) in text, fact
            for row in indicator_cells(project):
                for cell in row[:4]:
                    assert squeeze(cell) in text, (project.name.value, cell)


@pytest.mark.parametrize("name", SAMPLES)
def test_every_indicator_row_is_a_row_of_the_html_and_docx_tables(
    built: dict[str, Built], name: str
) -> None:
    projects = [p for unit in units_of(SAMPLES[name]) for p in unit.projects]
    page = parse_html(output(built, name, "html"))
    html_tables = [rows for style, rows in page.tables if "indicators" in style.split()]
    docx_tables = docx_indicator_tables(output(built, name, "docx"))
    assert len(html_tables) == len(docx_tables) == len(projects)
    for project, html_rows, docx_rows in zip(projects, html_tables, docx_tables, strict=True):
        expected = indicator_cells(project)
        assert len(html_rows) - 1 == len(docx_rows) == len(project.indicators)
        # HTML: the 一级指标 cell opens its group's first row only (rowspan).
        assert [row[-5:] for row in html_rows[1:]] == expected
        # DOCX: python-docx repeats a merged cell's text on every row it spans.
        assert [row[1:] for row in docx_rows] == [
            [i.level1.value, *cells][1:]
            for i, cells in zip(project.indicators, expected, strict=True)
        ]
        assert [row[0] for row in docx_rows] == [i.level1.value for i in project.indicators]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_project_fact_is_in_the_html_and_docx(built: dict[str, Built], name: str) -> None:
    html = squeeze("".join(parse_html(output(built, name, "html")).text))
    word = squeeze(docx_text(output(built, name, "docx")))
    for unit in units_of(SAMPLES[name]):
        for project in unit.projects:
            for fact in project_facts(project):
                assert squeeze(fact) in html, fact
                assert squeeze(fact) in word, fact


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("extension", ["html", "pdf", "docx"])
def test_no_template_syntax_survives(built: dict[str, Built], name: str, extension: str) -> None:
    path = output(built, name, extension)
    text = {"html": lambda p: p.read_text(encoding="utf-8"), "pdf": pdf_text, "docx": docx_text}[
        extension
    ](path)
    for marker in ("{{", "{%", "##", "}}"):
        assert marker not in text


def test_unit_totals_and_sentences_come_from_the_figures(built: dict[str, Built]) -> None:
    text = squeeze(pdf_text(output(built, "323005-2021", "pdf")))
    assert (
        "2021年预算收入28421.85万元，其中：一般公共预算收入23421.85万元，政府性基金预算收入5000万元"
        in text
    )
    # The corrected sample: last year 23207.08, so the change is 5214.77 (seed printed 5199.23).
    assert "较2020年预算增加5214.77万元" in text
    assert "项目支出26960万元" in text


# The sample's changes: the total and 项目支出 rose, 基本支出 fell, “三公” stayed the same.
CHANGE_SENTENCES = (
    "较2020年预算增加5214.77万元",
    "其中：基本支出减少259.23万元，主要为人员经费支出；项目支出增加5474万元",
    "与2020年相比持平。其中，因公出国（境）费与2020年相比持平",
)


@pytest.mark.parametrize("extension", ["html", "pdf", "docx"])
def test_change_sentences_say_the_word_and_an_unsigned_amount(
    built: dict[str, Built], extension: str
) -> None:
    path = output(built, "323005-2021", extension)
    read = {"html": lambda p: "".join(parse_html(p).text), "pdf": pdf_text, "docx": docx_text}
    text = squeeze(read[extension](path))
    for phrase in CHANGE_SENTENCES:
        assert phrase in text, phrase
    assert not re.search(r"(增加|减少|持平)[-+−]", text)


def test_pdf_has_metadata_outline_page_footer_and_cjk_fonts(built: dict[str, Built]) -> None:
    reader = PdfReader(output(built, "323005-2021", "pdf"))
    assert reader.metadata is not None
    assert reader.metadata.title == "香河县社会保险事业管理所2021年单位预算信息公开情况说明"
    assert reader.metadata.author == "香河县社会保险事业管理所"
    title, sections = reader.outline[0], reader.outline[1]
    assert title.title == "香河县社会保险事业管理所2021年单位预算信息公开情况说明"
    headings = [item.title for item in sections if not isinstance(item, list)]
    assert headings[:2] == ["一、单位职责及机构设置情况", "二、单位预算安排的总体情况"]
    assert len(headings) == 10  # nine sections of the 情况说明, then the 公开表
    pages = len(reader.pages)
    last = reader.pages[-1].extract_text()
    assert f"第 {pages} 页 / 共 {pages} 页" in last
    assert "香河县社会保险事业管理所" in reader.pages[1].extract_text()  # running header
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        fonts |= {str(resources[key].get_object()["/BaseFont"]) for key in resources}
    assert any("Noto-Serif-CJK-SC" in f for f in fonts), fonts
    assert any("Noto-Sans-CJK-SC" in f for f in fonts), fonts


def test_html_is_semantic_and_names_the_fonts_unescaped(built: dict[str, Built]) -> None:
    path = output(built, "323005-2021", "html")
    raw = path.read_text(encoding="utf-8")
    page = parse_html(path)
    assert '<html lang="zh-CN">' in raw
    assert "<title>香河县社会保险事业管理所2021年单位预算信息公开情况说明</title>" in raw
    assert 'font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif;' in page.style
    assert "&#34;" not in page.style and "&quot;" not in page.style
    assert raw.count("<caption>") == raw.count("<table")
    assert '<th scope="col"' in raw and '<th scope="rowgroup"' in raw
    assert raw.count('<a href="#s5-') == 19  # every project table in the contents


def test_docx_tables_repeat_headers_merge_levels_and_fix_widths(built: dict[str, Built]) -> None:
    path = output(built, "323005-2021", "docx")
    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml").decode()
        core = archive.read("docProps/core.xml").decode()
    assert body.count("<w:tblHeader/>") >= 19
    assert '<w:vMerge w:val="restart"/>' in body
    assert body.count('<w:tblLayout w:type="fixed"/>') == body.count("<w:tbl>")
    assert "<w:gridCol w:w=" in body
    assert "<dc:title>香河县社会保险事业管理所2021年单位预算信息公开情况说明</dc:title>" in core
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "一、单位职责及机构设置情况"
    assert len(headings) == 10  # nine sections of the 情况说明, then the 公开表
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_charts_carry_alt_text_and_their_figures(built: dict[str, Built]) -> None:
    raw = output(built, "323005-2021", "html").read_text(encoding="utf-8")
    assert '<title id="chart-' in raw
    assert (
        "收入构成：一般公共预算收入23421.85万元，占82.41%；政府性基金预算收入5000万元，占17.59%。"
        in raw
    )
    assert "23421.85万元（82.41%）" in raw
    with zipfile.ZipFile(output(built, "323005-2021", "docx")) as archive:
        body = archive.read("word/document.xml").decode()
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert 'descr="收入构成：一般公共预算收入23421.85万元，占82.41%' in body
    assert len(images) >= 2


def reading_order(path: Path, document: Document) -> str:
    """A PDF's text in drawing order, squeezed, without what each page repeats: the running
    header, the page footer and the table heads (a cell that crosses a page runs on after
    them)."""
    heads = {
        " ".join(cell.text for cell in row)
        for _, section in document.walk()
        for block in section.blocks
        if isinstance(block, Table)
        for row in block.head
    }
    footer = re.compile(r"第 ?\d+ ?页 ?/ ?共 ?\d+ ?页")
    lines = [line.strip() for line in pdf_text(path).splitlines()]
    kept = [ln for ln in lines if ln != document.org_name and ln not in heads]
    return squeeze("".join(ln for ln in kept if not footer.fullmatch(ln)))


def project_texts_of(path: Path) -> list[str]:
    """Every project code, name and amount, and every indicator cell, in document order."""
    found = []
    for unit in units_of(path):
        for project in unit.projects:
            found += project_facts(project)
            found += [cell for row in indicator_cells(project) for cell in row]
    return [squeeze(text) for text in found if squeeze(text)]


def standard_table_cells(document: Document) -> list[str]:
    """Every figure and label of the standard public tables' bodies (公开表), in document
    order."""
    found = []
    for _, section in document.walk():
        for block in section.blocks:
            if isinstance(block, Table) and block.spec.startswith("standard_"):
                found += [cell.text for group in block.body for row in group.rows for cell in row]
    return [squeeze(text) for text in found if squeeze(text)]


def positions(text: str, wanted: list[str]) -> list[int]:
    """Where each wanted text is found, each after the one before; -1 where it is not."""
    found, start = [], 0
    for item in wanted:
        at = text.find(item, start)
        found.append(at)
        if at >= 0:
            start = at + len(item)
    return found


EVERY_SAMPLE = sorted((REPO / "sample_data").rglob("*.yaml"))


@pytest.mark.parametrize("path", EVERY_SAMPLE, ids=lambda path: path.name)
def test_typst_and_weasyprint_print_the_same_figures_in_the_same_order(
    path: Path, tmp_path: Path
) -> None:
    """Every project code, name and amount, every indicator cell and every cell of the standard
    tables, in both engines' PDFs, in document order."""
    checked = check([path])
    source = checked_source(path)
    document = source.document()
    tables = standard_table_cells(document)
    assert tables or path.name != "323005.yaml"  # the seed carries its standard tables
    wanted = project_texts_of(path) + tables
    for engine in PdfEngine:
        built = build_source(source, checked, tmp_path / engine, ("pdf",), pdf_engine=engine)
        assert built.ok and built.findings == ()
        at = positions(reading_order(built.files[0], document), wanted)
        assert [w for w, p in zip(wanted, at, strict=True) if p < 0] == [], engine
