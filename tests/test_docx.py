"""The DOCX as Word and LibreOffice keep it: tables apart, heads repeated, a table of contents,
captions kept with what they name, Chinese as the language; and a LibreOffice round trip to PDF.

Every sample is rendered once; its WordprocessingML is read back with lxml and set against the
document model it came from. The round trip converts it with LibreOffice (skipped, with the
reason, where `soffice` is not installed; CI installs it) and reads the pages with pdftotext.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import REPO
from docx.image.image import Image as DocxImage
from lxml import etree
from PIL import Image

from docgen.check import check
from docgen.document import Chart, Document, Section, Table
from docgen.provenance import ProvenanceReader
from docgen.render.chart_png import png_bytes
from docgen.render.docx import render_docx

SAMPLES = sorted((REPO / "sample_data").glob("**/*.yaml"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
INDICATOR_HEAD = ("一级指标", "指标值确定依据")


@pytest.fixture(scope="module", params=SAMPLES, ids=lambda path: path.stem)
def sample(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


@pytest.fixture(scope="module")
def document(sample: Path) -> Document:
    return check([sample]).documents[0].document()


@pytest.fixture(scope="module")
def rendered(document: Document, sample: Path) -> bytes:
    return render_docx(document, ProvenanceReader().of([sample]))


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def body_of(data: bytes) -> etree._Element:
    body: etree._Element = part(data, "word/document.xml").find("w:body", NS)
    return body


def local(node: etree._Element) -> str:
    return etree.QName(node).localname


def text_of(node: etree._Element) -> str:
    return "".join(node.xpath(".//w:t/text()", namespaces=NS))


def style_of(p: etree._Element) -> str:
    return "".join(p.xpath("./w:pPr/w:pStyle/@w:val", namespaces=NS))


def keeps_with_next(p: etree._Element) -> bool:
    return bool(p.xpath("./w:pPr/w:keepNext", namespaces=NS))


def model_tables(document: Document) -> list[Table | Chart]:
    """Every table the DOCX holds, in its order: a chart's figures are a table of their own."""
    return [
        block
        for _, section in document.walk()
        for block in section.blocks
        if isinstance(block, Table | Chart)
    ]


def listed_sections(document: Document) -> list[tuple[int, Section]]:
    return [(depth, section) for depth, section in document.walk() if depth <= 3]


# -- the WordprocessingML ------------------------------------------------------------------------


def test_no_two_tables_touch_so_none_is_joined_to_the_next(rendered: bytes) -> None:
    children = list(body_of(rendered))
    kinds = [local(child) for child in children]
    touching = [i for i in range(len(kinds) - 1) if kinds[i] == kinds[i + 1] == "tbl"]
    assert touching == []
    gaps = [c for c in children if local(c) == "p" and style_of(c) == "TableGap"]
    assert gaps and all(text_of(gap) == "" and keeps_with_next(gap) for gap in gaps)


def test_every_table_marks_its_head_rows_to_repeat_on_every_page(
    rendered: bytes, document: Document
) -> None:
    tables = body_of(rendered).findall("w:tbl", NS)
    marked = [
        [
            bool(row.xpath("./w:trPr/w:tblHeader", namespaces=NS))
            for row in table.findall("w:tr", NS)
        ]
        for table in tables
    ]
    heads = [1 if isinstance(t, Chart) else len(t.head) for t in model_tables(document)]
    assert len(marked) == len(heads)
    # The model's head rows, and only those, repeat (a chart's figures have one head row).
    expected = [
        [i < head for i in range(len(rows))] for rows, head in zip(marked, heads, strict=True)
    ]
    assert marked == expected


def test_captions_and_a_projects_table_keep_with_what_follows(
    rendered: bytes, document: Document
) -> None:
    children = list(body_of(rendered))
    titles = [block.title for block in model_tables(document) if isinstance(block, Chart)]
    for title in titles:
        at = next(i for i, c in enumerate(children) if local(c) == "p" and text_of(c) == title)
        caption, picture = children[at], children[at + 1]
        assert (style_of(caption), keeps_with_next(caption), keeps_with_next(picture)) == (
            "Caption",
            True,
            True,
        )
    aboves = [c for c in children if local(c) == "p" and style_of(c) == "TableAbove"]
    assert aboves and all(keeps_with_next(above) for above in aboves)
    tables = body_of(rendered).findall("w:tbl", NS)
    kept = [t for t in model_tables(document) if isinstance(t, Table) and t.keep_with_next]
    assert kept  # each project's table stays with its indicators
    for model, table in zip(model_tables(document), tables, strict=True):
        if isinstance(model, Table) and model.keep_with_next:
            cells = table.xpath("./w:tr/w:tc/w:p", namespaces=NS)
            assert all(keeps_with_next(p) for p in cells)
            following = table.getnext()
            assert local(following) == "p" and keeps_with_next(following)


def test_a_toc_field_lists_the_headings_and_word_refills_it_on_opening(
    rendered: bytes, document: Document
) -> None:
    body = body_of(rendered)
    instructions = [t.strip() for t in body.xpath(".//w:instrText/text()", namespaces=NS)]
    assert instructions.count('TOC \\o "1-3" \\h \\z \\u') == 1
    assert body.xpath(".//w:fldChar[@w:fldCharType='begin']/@w:dirty", namespaces=NS) == ["true"]
    entries = [p for p in body.findall("w:p", NS) if re.fullmatch(r"TOC\d", style_of(p))]
    expected = [(f"TOC{depth}", s.heading) for depth, s in listed_sections(document)]
    assert [(style_of(p), text_of(p)) for p in entries] == expected
    # Each entry links to a bookmark on its heading, which is in Word's heading style.
    headings = {
        p.xpath("string(./w:bookmarkStart/@w:name)", namespaces=NS): (style_of(p), text_of(p))
        for p in body.findall("w:p", NS)
        if style_of(p).startswith("Heading")
    }
    linked = [headings[p.xpath("string(./w:hyperlink/@w:anchor)", namespaces=NS)] for p in entries]
    assert linked == [(f"Heading{depth}", s.heading) for depth, s in listed_sections(document)]
    settings = part(rendered, "word/settings.xml")
    assert settings.xpath("./w:updateFields/@w:val", namespaces=NS) == ["true"]


def test_the_language_is_chinese_in_the_styles_and_the_properties(rendered: bytes) -> None:
    styles = part(rendered, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(f"{{{W}}}val"), lang.get(f"{{{W}}}eastAsia")) == ("zh-CN", "zh-CN")
    assert docx.Document(io.BytesIO(rendered)).core_properties.language == "zh-CN"
    core = part(rendered, "docProps/core.xml")
    assert (
        core.xpath("string(./dc:language)", namespaces={"dc": "http://purl.org/dc/elements/1.1/"})
        == "zh-CN"
    )


# -- the LibreOffice round trip ------------------------------------------------------------------

# LibreOffice keeps a DOCX's table of contents as written (it does not honour updateFields), so
# the conversion updates the indexes first, as Word does on opening: a Basic macro in a private
# profile, which also keeps parallel runs from sharing one.
MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub ToPdf(source As String, target As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, load())
  indexes = doc.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName"
  store(0).Value = "writer_pdf_Export"
  doc.storeToURL(ConvertToURL(target), store())
  doc.close(True)
End Sub
</script:module>
"""


def convert_with_libreoffice(source: Path, target: Path, profile: Path) -> None:
    """DOCX → PDF in LibreOffice, the table of contents updated as Word updates it on opening."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    home = f"-env:UserInstallation={profile.as_uri()}"
    # The first start writes the profile (and its Basic library); the macro goes in after that.
    subprocess.run(
        [soffice, home, "--headless", "--terminate_after_init"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(MACRO, encoding="utf-8")
    call = f'macro:///Standard.Module1.ToPdf("{source}","{target}")'
    subprocess.run(
        [soffice, home, "--headless", "--norestore", call],
        capture_output=True,
        check=True,
        timeout=300,
    )
    assert target.is_file(), "LibreOffice wrote no PDF"


def pdf_pages(path: Path, *options: str) -> list[str]:
    """Each page's text, as pdftotext reads it."""
    text = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.split("\f")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def office_pdf(rendered: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    folder = tmp_path_factory.mktemp("office")
    source = folder / "document.docx"
    source.write_bytes(rendered)
    target = folder / "document.pdf"
    convert_with_libreoffice(source, target, folder / "profile")
    return target


@pytest.fixture(scope="module")
def office_pages(office_pdf: Path) -> list[str]:
    return pdf_pages(office_pdf)


def indicator_tables(document: Document) -> list[Table]:
    return [
        t
        for t in model_tables(document)
        if isinstance(t, Table) and t.head and t.head[0][0].text == INDICATOR_HEAD[0]
    ]


def test_libreoffice_repeats_the_indicator_head_on_every_page_a_table_reaches(
    office_pages: list[str], document: Document
) -> None:
    # A third-level indicator (三级指标) names a row; a page that shows one shows the head too.
    rows = {
        squeeze(row[-3].text)
        for table in indicator_tables(document)
        for group in table.body
        for row in group.rows
    }
    squeezed = [squeeze(page) for page in office_pages]  # a cell's text wraps over lines
    reached = [n for n, page in enumerate(squeezed, 1) if any(r in page for r in rows)]
    assert reached
    headless = [n for n in reached if not all(h in squeezed[n - 1] for h in INDICATOR_HEAD)]
    assert headless == []


def first_page_after_the_contents(squeezed: list[str]) -> int:
    """The page (counted from 0) after the last one with a contents line (dots, a page number)."""
    listing = [n for n, page in enumerate(squeezed) if re.search(r"\.{6,}\d+", page)]
    return listing[-1] + 1


def test_libreoffice_lists_every_heading_with_its_page_in_the_contents(
    office_pages: list[str], office_pdf: Path, document: Document
) -> None:
    squeezed = [squeeze(page) for page in office_pages]
    start = first_page_after_the_contents(squeezed)
    # The contents line by line as laid out (a long heading wraps before its page number).
    laid_out = pdf_pages(office_pdf, "-layout", "-l", str(start))
    contents = "".join(re.sub(r"[ \t]+", "", page) for page in laid_out)
    listed, printed, page = [], [], start
    for _, section in listed_sections(document):
        heading = squeeze(section.heading)
        entry = "\n?".join(map(re.escape, heading)) + r"\.*(\d+)\n"
        found = re.search(entry, contents)
        listed.append((section.heading, int(found.group(1)) if found else None))
        page = next(n for n in range(page, len(squeezed)) if heading in squeezed[n])
        printed.append((section.heading, page + 1))
    assert listed == printed


def test_libreoffice_prints_no_chart_title_apart_from_its_figures(
    office_pages: list[str], document: Document
) -> None:
    charts = [block for block in model_tables(document) if isinstance(block, Chart)]
    if not charts:
        pytest.skip("this document has no chart")
    for chart in charts:
        title, first = squeeze(chart.title), squeeze(f"1. {chart.bars[0].label}")
        squeezed = [squeeze(page) for page in office_pages]
        pages = [n for n, page in enumerate(squeezed, 1) if title in page]
        assert pages, chart.title
        assert [first in squeezed[n - 1] for n in pages] == [True] * len(pages), chart.title


def test_a_charts_picture_holds_the_pixels_drawn_and_its_size() -> None:
    """The PNG docgen writes itself decodes to the picture drawn, and python-docx reads the size
    that the drawing's extent is computed from."""
    drawn = Image.new("RGB", (7, 3), "white")
    for x in range(7):
        drawn.putpixel((x, x % 3), (x * 30, 255 - x * 20, 17 * x))
    data = png_bytes(drawn)
    decoded = Image.open(io.BytesIO(data))
    assert (decoded.mode, decoded.size, decoded.tobytes()) == ("RGB", (7, 3), drawn.tobytes())
    header = DocxImage.from_blob(data)
    assert (header.content_type, header.px_width, header.px_height) == ("image/png", 7, 3)
