"""Table columns declared once: a spec's widths are checked when it is made, every table of the
samples is made from its spec, and the heads rendered in HTML and DOCX are the spec's headings."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CLEAN_UNIT, REPO, write
from lxml import etree

from docgen.check import check
from docgen.document import Cell, Chart, Document, RowGroup, Table
from docgen.document.columns import CHANGES, CHART_DATA, PROCUREMENT, PROJECT, SPECS
from docgen.document.tablespec import Column, TableSpec
from docgen.provenance import FIXED_TIME, Provenance
from docgen.render.docx import render_docx
from docgen.render.html import render_html
from docgen.terms import RevenueSource

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A procurement line paid from two sources: the table shows those two, under 政府采购金额.
TWO_SOURCES = CLEAN_UNIT.replace(
    "amounts: {general_budget: 1.00}", "amounts: {general_budget: 0.40, unit_funds: 0.60}"
)
# A department of that one unit: its document sums the unit's budget by unit.
DEPARTMENT = """\
kind: department
scope: full
year: 2021
department: {code: "323", name: 测试县测试局}
units: [unit.yaml]
overall_goal: 完成全年工作。
"""
DOCUMENT_SPECS = {
    "standard_summary",
    "standard_revenue",
    "standard_parts",
    "standard_fund",
    "standard_economic",
    "standard_appropriations",
    "standard_three_public",
    "organisation",
    "budget_overview",
    "changes",
    "three_public",
    "procurement",
    "assets",
    "project",
    "indicators",
    "department_units",
}


# -- widths, checked when a spec is made ---------------------------------------------------------


def test_a_spec_whose_widths_do_not_add_up_to_100_is_refused() -> None:
    with pytest.raises(ValueError, match="add up to 99%, not 100%"):
        TableSpec("wrong", (Column("a", "甲", 60), Column("b", "乙", 39)))
    planted = (CHANGES.columns[0].sized(29), *CHANGES.columns[1:])  # one point too wide
    with pytest.raises(ValueError, match="add up to 101%"):
        TableSpec(CHANGES.name, planted)


def test_a_spec_refuses_repeated_keys_missing_widths_and_widths_it_cannot_use() -> None:
    with pytest.raises(ValueError, match="once each"):
        TableSpec("twice", (Column("a", "甲", 50), Column("a", "乙", 50)))
    with pytest.raises(ValueError, match="needs a width"):
        TableSpec("sheet", (Column("a", "甲", 14), Column("b", "乙")), measure="characters")
    with pytest.raises(ValueError, match="takes no widths"):
        TableSpec("terminal", (Column("a", "甲", 100),), measure="none")


def test_every_declared_page_table_fills_the_text_width() -> None:
    assert {
        name: sum(spec.widths) for name, spec in SPECS.items() if spec.measure == "percent"
    } == {name: 100 for name, spec in SPECS.items() if spec.measure == "percent"}


def test_columns_a_procurement_table_leaves_out_give_their_width_to_the_amounts() -> None:
    unused = [s for s in RevenueSource if s not in ("general_budget", "unit_funds")]
    narrowed = PROCUREMENT.without(unused)
    assert narrowed.keys[-3:] == ("total", "general_budget", "unit_funds")
    assert narrowed.widths == (15, 14, 6, 8, 6, 6, 9, 12, 12, 12)
    two_more = PROCUREMENT.without(unused[2:])
    assert two_more.widths[-5:] == (8, 7, 7, 7, 7)


def test_a_row_is_refused_when_a_column_is_missing_or_unknown() -> None:
    values = {"item": "合计", "current": "1.00", "previous": "1.00", "delta": "0.00"}
    with pytest.raises(KeyError, match="percent"):
        CHANGES.row(values)
    with pytest.raises(KeyError, match="share"):
        CHANGES.row({**values, "percent": "0.00%", "share": "1"})


def test_a_row_that_does_not_fill_the_columns_is_refused() -> None:
    label = Cell("预算规模及资金用途", rowspan=2, header=True)
    fits = RowGroup(((label, *(Cell(str(n)) for n in range(6))), (Cell("用途", colspan=6),)))
    assert PROJECT.table("项目", (fits,)).row_count == 2
    short = RowGroup(((label, *(Cell(str(n)) for n in range(6))), (Cell("用途", colspan=5),)))
    with pytest.raises(ValueError, match="row 2 fills 6 of 7 columns"):
        PROJECT.table("项目", (short,))


# -- every table of the samples, made from its spec and rendered with its headings --------------


def sample_documents(tmp_path: Path) -> list[Document]:
    paths = [
        REPO / "sample_data" / "323005.yaml",
        REPO / "sample_data" / "323" / "department.yaml",
        write(tmp_path, TWO_SOURCES, "unit.yaml"),
        write(tmp_path, DEPARTMENT, "department.yaml"),
    ]
    return [source.document() for source in check(paths).documents]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    return sample_documents(tmp_path_factory.mktemp("sources"))


def tables_of(document: Document) -> Iterator[Table | Chart]:
    for _, section in document.walk():
        for block in section.blocks:
            if isinstance(block, Table | Chart):
                yield block


def spec_of(table: Table) -> TableSpec:
    spec = SPECS[table.spec]
    return spec.without(key for key in spec.keys if key not in table.columns)


def heading_rows(spec: TableSpec, document: Document) -> list[list[str]]:
    values = {"year": document.year, "last_year": document.year - 1, "unit": "万元"}
    return [[cell.text for cell in row] for row in spec.head(**values)]


def test_every_table_of_the_samples_is_made_from_its_spec(documents: list[Document]) -> None:
    made = set()
    for document in documents:
        for table in tables_of(document):
            if isinstance(table, Table):
                spec = spec_of(table)
                assert table.widths == spec.widths, table.caption
                assert [[c.text for c in row] for row in table.head] == heading_rows(
                    spec, document
                ), table.caption
                made.add(table.spec)
    assert made == DOCUMENT_SPECS  # the samples show every kind of document table


def test_a_procurement_table_heads_its_sources_under_one_group(
    documents: list[Document],
) -> None:
    table = next(
        t
        for d in documents
        for t in tables_of(d)
        if isinstance(t, Table) and t.spec == "procurement"
    )
    fixed = ("项目名称", "采购物品名称", "品目", "目录序号", "计量单位", "数量", "单价")
    top = [*(Cell(t, rowspan=2, header=True, align="center") for t in fixed)]
    top.append(Cell("政府采购金额", colspan=3, header=True, align="center"))
    bottom = [
        Cell(t, header=True, align="center") for t in ("合计", "一般公共预算拨款", "单位资金")
    ]
    assert table.head == (tuple(top), tuple(bottom))
    assert [c.text for c in table.body[0].rows[0]] == ["合计", "1.00", "0.40", "0.60"]
    assert table.body[0].rows[0][0].colspan == len(fixed)


class HtmlHeads(HTMLParser):
    """Each table of a page: its caption, its column widths and the texts of its head rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[str], list[list[str]]]] = []
        self.where = ""
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table":
            self.tables.append(("", [], []))
        elif tag == "col":
            style = values.get("style") or ""
            self.tables[-1][1].append(style.removeprefix("width: ").removesuffix("%"))
        elif tag in ("caption", "thead"):
            self.where = tag
        elif tag == "tr" and self.where == "thead":
            self.tables[-1][2].append([])
        if tag in ("caption", "th"):
            self.text = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            _, widths, head = self.tables[-1]
            self.tables[-1] = ("".join(self.text), widths, head)
            self.where = ""
        elif tag == "th" and self.where == "thead":
            self.tables[-1][2][-1].append("".join(self.text))
        elif tag == "thead":
            self.where = ""


def docx_heads(data: bytes) -> list[tuple[str, list[list[str]]]]:
    """Each table of a DOCX: its caption and the texts of its repeated head rows (a cell a row
    span continues into is left out, as HTML leaves it out)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    found = []
    for tbl in root.iter(f"{W}tbl"):
        caption = tbl.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val")
        rows = []
        for tr in tbl.iter(f"{W}tr"):
            if tr.find(f"{W}trPr/{W}tblHeader") is None:
                continue
            cells = []
            for tc in tr.iter(f"{W}tc"):
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                if merge is None or merge.get(f"{W}val") == "restart":
                    cells.append("".join(t.text or "" for t in tc.iter(f"{W}t")))
            rows.append(cells)
        found.append((caption, rows))
    return found


PROVENANCE = Provenance(("sample.yaml",), None, False, False, FIXED_TIME)


def test_the_rendered_heads_are_the_specs_headings(documents: list[Document]) -> None:
    for document in documents:
        blocks = list(tables_of(document))
        tables = [t for t in blocks if isinstance(t, Table)]
        page = HtmlHeads()
        page.feed(render_html(document, PROVENANCE))
        assert [
            (t.caption, widths(spec_of(t)), heading_rows(spec_of(t), document)) for t in tables
        ] == page.tables
        # DOCX shows a chart's figures as a table of its own, after the picture.
        expected = [
            (t.caption, heading_rows(spec_of(t), document))
            if isinstance(t, Table)
            else (t.title, heading_rows(CHART_DATA, document))
            for t in blocks
        ]
        assert docx_heads(render_docx(document, PROVENANCE)) == expected


def widths(spec: TableSpec) -> list[str]:
    return [str(width) for width in spec.widths]
