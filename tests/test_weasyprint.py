"""The WeasyPrint PDF read back: row groups kept on one page, a longer group labelled on each,
and a tagged, archival PDF (PDF/A-2a, or the variant asked for)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
from conftest import (
    REPO,
    assert_tagged_like_the_document,
    font_programs,
    pdf_text,
    structure_elements,
    xmp_identification,
)
from pypdf import PdfReader
from typer.testing import CliRunner

from docgen.batch.manifest import environment_hash
from docgen.check import check
from docgen.cli import app
from docgen.document import Document
from docgen.document.blocks import Cell, Paragraph, RowGroup, Section, Table
from docgen.provenance import Provenance
from docgen.render import render_document
from docgen.terms import PdfEngine, PdfVariant

SEED = REPO / "sample_data" / "323005.yaml"
WHEN = datetime(2021, 3, 1, 8, 30, 15, tzinfo=UTC)
STAMP = Provenance(("323005.yaml",), "abc1234", False, True, WHEN)


def squeeze(text: str) -> str:
    return "".join(text.split())


def pdf_pages(document: Document, folder: Path) -> list[str]:
    """Each page's text, without white space."""
    rendered = render_document(document, STAMP, ("pdf",), pdf_engine=PdfEngine.weasyprint)
    assert [f.code for f in rendered.findings] == []
    path = folder / f"{document.slug}.pdf"
    path.write_bytes(rendered.files["pdf"])
    return [squeeze(page) for page in pdf_text(path).split("\f")]


@pytest.fixture(scope="module")
def seed_document() -> Document:
    return check([SEED]).documents[0].document()


@pytest.fixture(scope="module")
def seed_pages(seed_document: Document, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return pdf_pages(seed_document, tmp_path_factory.mktemp("seed"))


def kept_groups(document: Document) -> Iterator[list[list[str]]]:
    """Every kept group of a table with a head (the 一级指标 groups): each row as the texts of
    its own cells (not the label spanning the group)."""
    for _, section in document.walk():
        for block in section.blocks:
            if not isinstance(block, Table) or not block.head:
                continue
            for group in block.body:
                if group.keep_together and len(group.rows) > 1:
                    yield [
                        [squeeze(c.text) for c in row if c.rowspan == 1 and c.text.strip()]
                        for row in group.rows
                    ]


def pages_of_rows(pages: list[str], rows: list[list[str]]) -> list[set[int]]:
    """The pages each row is printed on, found in order from where the row before ended: a
    cell's beginning and its end (a cell split by a page break is on both)."""
    text = "".join(pages)
    starts = [sum(len(page) for page in pages[:number]) for number in range(len(pages))]
    found, at = [], 0
    for cells in rows:
        on = set()
        for cell in cells:
            for piece in (cell,) if len(cell) <= 12 else (cell[:6], cell[-6:]):
                index = text.find(piece, at)
                assert index >= 0, piece
                on.add(max(number for number, start in enumerate(starts) if start <= index))
                at = index + len(piece)
        found.append(on)
    return found


def split_groups(pages: list[str], groups: list[list[list[str]]]) -> list[list[int]]:
    """The pages of each group printed on more than one (page numbers from 1)."""
    rows = pages_of_rows(pages, [row for group in groups for row in group])
    split, at = [], 0
    for group in groups:
        spread = set().union(*rows[at : at + len(group)])
        at += len(group)
        if len(spread) > 1:
            split.append(sorted(number + 1 for number in spread))
    return split


def test_no_indicator_group_of_the_seed_is_split_across_pages(
    seed_document: Document, seed_pages: list[str]
) -> None:
    groups = list(kept_groups(seed_document))
    assert len(groups) == 38
    assert split_groups(seed_pages, groups) == []
    # The tables do cross pages: between their groups, each page repeating the head.
    tables = sum(
        1
        for _, section in seed_document.walk()
        for block in section.blocks
        if isinstance(block, Table) and block.style == "indicators"
    )
    assert sum(1 for page in seed_pages if "一级指标二级指标" in page) > tables


def groups_table(prefix: str, sizes: tuple[int, ...]) -> Table:
    """An indicator-like table: each group's label spans its rows."""
    body = tuple(
        RowGroup(
            tuple(
                ((Cell(f"{prefix}组{g}", rowspan=rows, header=True),) if r == 0 else ())
                + (Cell(f"{prefix}{g}R{r}行"), Cell("说明文字" * 6))
                for r in range(rows)
            ),
            keep_together=True,
        )
        for g, rows in enumerate(sizes)
    )
    head = ((Cell("一级", header=True), Cell("二级", header=True), Cell("三级", header=True)),)
    return Table("表", (15, 25, 60), head, body, "indicators")


def test_groups_that_fit_stay_whole_and_a_longer_one_is_labelled_on_every_page(
    tmp_path: Path,
) -> None:
    # Tables begun lower and lower on a page, each opening with a tall group; then a group of
    # 90 rows (three pages) opening a table begun below a long paragraph.
    sizes = (8, 3, 5)
    sections = [
        Section(
            f"s{n}",
            f"{n}、分组",
            (Paragraph("填充段落。" * 35 * (n + 1)), groups_table(f"K{n}", sizes)),
        )
        for n in range(6)
    ]
    long = groups_table("L", (90, 4))
    sections.append(Section("s9", "九、长组", (Paragraph("填充段落。" * 300), long)))
    document = Document("groups-2021", "标题", "单位", "1", 2021, "unit", (), tuple(sections))
    pages = pdf_pages(document, tmp_path)

    kept = [
        [[f"K{n}{g}R{r}行"] for r in range(rows)] for n in range(6) for g, rows in enumerate(sizes)
    ]
    assert split_groups(pages, kept) == []
    rows = pages_of_rows(pages, [[f"L0R{r}行"] for r in range(90)])
    spread = sorted(set().union(*rows))
    assert len(spread) >= 3
    for number in spread:  # each page opens its part of the group with the label
        first = min(r for r, on in enumerate(rows) if number in on)
        assert f"L组0L0R{first}行" in pages[number], (number, first)


SAMPLES = sorted((REPO / "sample_data").glob("**/*.yaml"))


@cache
def sample_pdf(source: Path, variant: str = PdfVariant.a2a) -> tuple[str, bytes]:
    """A sample's title and its PDF, made once per test process."""
    document = check([source]).documents[0].document()
    rendered = render_document(
        document, STAMP, ("pdf",), pdf_engine=PdfEngine.weasyprint, pdf_variant=variant
    )
    assert [f.code for f in rendered.findings] == []
    return document.title, rendered.files["pdf"]


@pytest.mark.parametrize("source", SAMPLES, ids=lambda path: path.name)
def test_every_sample_is_tagged_pdf_a_2a_in_chinese(source: Path) -> None:
    title, pdf = sample_pdf(source)
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "zh-CN"
    assert reader.metadata is not None and reader.metadata.title == title
    assert {"/Document", "/H1", "/H2", "/Table", "/THead", "/TH", "/TD"} <= {
        str(node["/S"]) for node in structure_elements(reader) if "/S" in node
    }
    assert xmp_identification(reader) == {"pdfaid:part": "2", "pdfaid:conformance": "A"}
    assert title in metadata_packet(reader)  # dc:title, beside the document information
    assert "/OutputIntents" in catalog  # PDF/A: the colours' output intent
    fonts = font_programs(reader)
    assert fonts and all(embedded for _, _, embedded in fonts), fonts
    assert not [name for name, subtype, _ in fonts if subtype == "/Type3"]
    assert_tagged_like_the_document(reader, check([source]).documents[0].document())


def metadata_packet(reader: PdfReader) -> str:
    found = reader.trailer["/Root"].get("/Metadata")
    return found.get_object().get_data().decode("utf-8") if found is not None else ""


def test_the_pdf_variant_chooses_what_the_pdf_claims() -> None:
    source = REPO / "sample_data" / "323" / "323004.yaml"
    accessible = PdfReader(io.BytesIO(sample_pdf(source, PdfVariant.ua1)[1]))
    assert xmp_identification(accessible) == {"pdfuaid:part": "1"}
    assert bool(accessible.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert accessible.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    plain = PdfReader(io.BytesIO(sample_pdf(source, PdfVariant.plain)[1]))
    assert "/MarkInfo" not in plain.trailer["/Root"]
    assert "pdfaid" not in metadata_packet(plain)


def test_the_pdf_variant_is_part_of_what_a_county_build_depends_on() -> None:
    engine = PdfEngine.weasyprint
    hashes = {environment_hash(("pdf",), None, engine, variant) for variant in PdfVariant}
    assert len(hashes) == len(PdfVariant)


def test_build_takes_the_pdf_variant(tmp_path: Path) -> None:
    source = REPO / "sample_data" / "323" / "323004.yaml"
    args = ["build", str(source), "-o", str(tmp_path), "-f", "pdf", "--pdf-engine", "weasyprint"]
    args += ["--pdf-variant", "pdf/ua-1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    reader = PdfReader(next(tmp_path.glob("*/*.pdf")))
    assert xmp_identification(reader) == {"pdfuaid:part": "1"}
