"""The Typst PDF engine: layout, metadata, reproducible bytes, and text that stays text."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import (
    CLEAN_UNIT,
    REPO,
    assert_tagged_like_the_document,
    font_programs,
    structure_elements,
    write,
    xmp_identification,
)
from conftest import pdf_text as pdftotext
from pypdf import PdfReader
from typer.testing import CliRunner

from docgen.check import check
from docgen.cli import app
from docgen.document import Document
from docgen.document.blocks import (
    Bar,
    Cell,
    Chart,
    Paragraph,
    RowGroup,
    Section,
    Table,
    block_strings,
)
from docgen.findings import Location
from docgen.provenance import Provenance
from docgen.render import render_document
from docgen.render import typst as engine
from docgen.render.fonts import FontSettings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from make_county import make_county

SEED = REPO / "sample_data" / "323005.yaml"
WHEN = datetime(2021, 3, 1, 8, 30, 15, tzinfo=UTC)
STAMP = Provenance(("323005.yaml",), "abc1234", False, True, WHEN)
PASSWD_LINE = "root:x:0:0"

# Typst markup, code and escapes, template syntax of other engines, and direction marks: each
# must print as the characters it is.
HOSTILE = (
    '#read("/etc/passwd")',
    '#import "/etc/passwd": *',
    '#include "disclosure.typ"',
    "#eval(\"read('/etc/passwd')\")",
    "$x^2$ 与 $",
    "*粗体* 和 _斜体_",
    "@ref <label> <s2>",
    "// 注释 /* 块 */",
    "反斜杠 \\ \\\\ \\u{41} \\#",
    "`raw` ```typst #x```",
    "[括号] ] [ {花括号} }",
    "#{1 + 1} #(1 + 1) #let x = 1",
    "\"引号\" '单引号'",
    "-- --- ... ~ 破折号",
    "{{ jinja }} {% if %}",
    "= 标题 - 列表 + 编号 / 术语: 说明",
)
BIDI = "单位\u200f名称\u202eABC"


@pytest.fixture
def seed_document() -> Document:
    return check([SEED]).documents[0].document()


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return pdftotext(path)


def read_pdf(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def squeeze(text: str) -> str:
    return "".join(text.split())


def hostile_document() -> Document:
    """Every string field of the document model holds a hostile string, each tagged with a
    number so that each field's can be found alone."""
    numbers = iter(range(100))

    def text() -> str:
        number = next(numbers)
        return f"【{number}】{HOSTILE[number % len(HOSTILE)]}"

    def cell(header: bool = False, rowspan: int = 1) -> Cell:
        return Cell(text(), rowspan=rowspan, header=header)

    table = Table(
        caption=text(),
        widths=(30, 40, 30),
        head=((cell(True), cell(True), cell(True)),),
        body=(
            RowGroup(((cell(True, rowspan=2), cell(), cell()), (cell(), cell())), True),
            RowGroup(((cell(), cell(), cell()),)),
        ),
        style="figures",
        above_left=text(),
        above_right=text(),
    )
    chart = Chart(text(), text(), text(), (Bar(text(), text(), text(), Decimal("0.75")),))
    child = Section("s1-1", text(), (Paragraph(text(), "item"),))
    blocks = (Paragraph(text()), Paragraph(text(), "label"), table, chart)
    section = Section("s1", text(), blocks, (child,))
    return Document(
        "hostile-2021", text(), text(), text(), 2021, "unit", (Paragraph(text()),), (section,)
    )


def printed_strings(document: Document) -> list[str]:
    """What a reader sees: every string but the charts' alt text and the code (which are for
    screen readers and the metadata)."""
    hidden = {document.org_code}
    shown: list[str] = []
    for _, section in document.walk():
        for block in section.blocks:
            if isinstance(block, Chart):
                hidden |= {block.alt, *block_strings(block)}
                shown += [block.title, block.amount_unit]
                shown += [
                    part for bar in block.bars for part in (bar.label, bar.amount, bar.percent)
                ]
    return [s for s in document.strings() if s not in hidden] + shown


def alt_texts(reader: PdfReader) -> list[str]:
    """Every /Alt of the structure tree."""
    return [str(node["/Alt"]) for node in structure_elements(reader) if "/Alt" in node]


def test_every_hostile_string_prints_as_itself(tmp_path: Path) -> None:
    document = hostile_document()
    pdf, findings = engine.render_typst_pdf(document, STAMP)
    assert findings == []
    text = squeeze(pdf_text(pdf, tmp_path))
    placed = printed_strings(document)
    assert len(placed) == 27
    for string in placed:
        assert squeeze(string) in text, string
    assert PASSWD_LINE not in text
    assert PASSWD_LINE.encode() not in pdf
    chart = document.sections[0].blocks[3]
    assert isinstance(chart, Chart)
    assert chart.alt in alt_texts(read_pdf(pdf))


def test_hostile_metadata_is_kept_literally() -> None:
    document = hostile_document()
    pdf, _ = engine.render_typst_pdf(document, STAMP)
    metadata = read_pdf(pdf).metadata
    assert metadata is not None
    assert metadata.title == document.title
    assert metadata.author == document.org_name
    assert document.org_code in metadata["/Keywords"]


def test_direction_marks_change_the_order_not_the_characters(tmp_path: Path) -> None:
    document = Document("bidi-2021", BIDI, BIDI, "1", 2021, "unit", (Paragraph(BIDI),), ())
    pdf, findings = engine.render_typst_pdf(document, STAMP)
    assert findings == []
    text = pdf_text(pdf, tmp_path)
    assert "单位" in text and "名称" in text
    assert "CBA" in text or "ABC" in text


def test_seed_has_metadata_bookmarks_header_footer_and_embedded_cjk_fonts(
    seed_document: Document,
) -> None:
    pdf, findings = engine.render_typst_pdf(seed_document, STAMP)
    assert findings == []
    reader = read_pdf(pdf)
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == "香河县社会保险事业管理所2021年单位预算信息公开情况说明"
    assert metadata.author == "香河县社会保险事业管理所"
    assert metadata.subject.startswith("323005 香河县社会保险事业管理所2021年单位预算")
    assert "commit abc1234" in metadata.subject
    assert metadata["/Keywords"] == "323005, 2021, 香河县社会保险事业管理所"
    assert metadata.creation_date == WHEN
    title, sections = reader.outline[0], reader.outline[1]
    assert not isinstance(title, list) and title.title == seed_document.title
    assert isinstance(sections, list)
    headings = [item.title for item in sections if not isinstance(item, list)]
    assert headings == [section.heading for section in seed_document.sections]
    pages = len(reader.pages)
    assert f"第 {pages} 页 / 共 {pages} 页" in reader.pages[-1].extract_text()
    assert "香河县社会保险事业管理所" in reader.pages[1].extract_text()  # running header
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        for key in resources:
            font = resources[key].get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile3" in descriptor or "/FontFile2" in descriptor  # embedded
            fonts.add(str(font["/BaseFont"]))
    # The faces cut to what a disclosure prints (docgen.render.fontcut): the seed has no
    # character beyond them.
    assert {f.split("+")[1] for f in fonts} == {
        f"NotoS{family}CJKscCut-{weight}-Identity-H"
        for family in ("erif", "ans")
        for weight in ("Regular", "Bold")
    }


def test_contents_lists_every_section_with_its_page(
    seed_document: Document, tmp_path: Path
) -> None:
    pdf, _ = engine.render_typst_pdf(seed_document, STAMP)
    first_pages = pdf_text(pdf, tmp_path).split("\f")[:2]
    contents = squeeze("".join(first_pages))
    assert "目录" in contents
    for _, section in seed_document.walk():
        assert squeeze(section.heading) in contents, section.heading


def test_indicator_head_repeats_on_every_page_a_table_crosses(
    seed_document: Document, tmp_path: Path
) -> None:
    pdf, _ = engine.render_typst_pdf(seed_document, STAMP)
    pages = pdf_text(pdf, tmp_path).split("\f")
    heads = [page for page in pages if "一级指标" in page]
    # More pages show the indicator head than there are indicator tables: the long ones
    # cross a page and repeat it.
    tables = sum(
        1
        for _, section in seed_document.walk()
        for block in section.blocks
        if isinstance(block, Table) and block.style == "indicators"
    )
    assert len(heads) > tables


def test_same_bytes_in_another_process(seed_document: Document) -> None:
    pdf, _ = engine.render_typst_pdf(seed_document, STAMP)
    script = (
        "import hashlib, sys\n"
        "from datetime import datetime, UTC\n"
        "from pathlib import Path\n"
        "from docgen.check import check\n"
        "from docgen.provenance import Provenance\n"
        "from docgen.render.typst import render_typst_pdf\n"
        f"document = check([Path({str(SEED)!r})]).documents[0].document()\n"
        "stamp = Provenance(('323005.yaml',), 'abc1234', False, True, "
        "datetime(2021, 3, 1, 8, 30, 15, tzinfo=UTC))\n"
        "print(hashlib.sha256(render_typst_pdf(document, stamp)[0]).hexdigest())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == hashlib.sha256(pdf).hexdigest()


def test_a_worker_lets_go_of_each_document_it_laid_out(tmp_path: Path) -> None:
    """Typst keeps what it laid out for the last ten compilations unless docgen ages it out:
    eight documents in one process then held some 35 MB each. In a fresh process, so that the
    resident memory is this one's."""
    county = tmp_path / "county"
    make_county(county, 8, seed=1)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docgen.check import check\n"
        "from docgen.provenance import ProvenanceReader\n"
        "from docgen.render.typst import render_typst_pdf\n"
        "def resident():\n"
        "    status = Path('/proc/self/status').read_text().splitlines()\n"
        "    return next(int(l.split()[1]) for l in status if l.startswith('VmRSS:')) // 1024\n"
        "paths = sorted(Path(sys.argv[1]).glob('*/[0-9]*.yaml'))\n"
        "for path in paths:\n"
        "    checked = check([path]).documents[0]\n"
        "    pdf, _ = render_typst_pdf(checked.document(), ProvenanceReader().of([path]))\n"
        "    assert pdf\n"
        "    print(resident())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(county)], capture_output=True, text=True, check=True
    )
    resident = [int(line) for line in result.stdout.split()]
    assert len(resident) == 8
    assert resident[-1] - resident[1] < 60, resident  # MB, from the second document to the last


def test_a_compile_error_is_a_finding_for_that_document_only(seed_document: Document) -> None:
    # A colspan wider than the table: Typst refuses the table.
    broken = Table("表", (50, 50), (), (RowGroup(((Cell("甲", colspan=3),),)),), "figures")
    document = Document(
        "broken-2021",
        "标题",
        "单位",
        "1",
        2021,
        "unit",
        (),
        (Section("s1", "一、表", (broken,)),),
        source_loc=Location("broken.yaml", 1, 1),
    )
    rendered = render_document(document, STAMP, ("pdf",), pdf_engine="typst")
    assert rendered.files == {}
    assert [(f.location.file, f.code) for f in rendered.findings] == [
        ("broken.yaml", "render-failed")
    ]
    after = render_document(seed_document, STAMP, ("pdf",), pdf_engine="typst")
    assert after.findings == [] and after.files["pdf"].startswith(b"%PDF-")


def test_a_typst_warning_is_a_finding(
    seed_document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "FONTS", FontSettings(serif="No Such Serif"))
    pdf, findings = engine.render_typst_pdf(seed_document, STAMP)
    assert pdf.startswith(b"%PDF-")
    assert [f.code for f in findings] == ["render-warning"]
    assert "no such serif" in dict(findings[0].params)["problem"].lower()


def test_the_compiler_root_holds_only_the_template() -> None:
    assert sorted(p.name for p in engine.template_folder().iterdir()) == ["disclosure.typ"]


def pdf_creator(path: Path) -> str:
    metadata = PdfReader(path).metadata
    assert metadata is not None
    return str(metadata["/Creator"])


def test_build_takes_the_pdf_engine(tmp_path: Path) -> None:
    source = write(tmp_path, CLEAN_UNIT)
    for choice, creator in (("typst", "Typst"), ("weasyprint", "docgen")):
        out = tmp_path / choice
        args = ["build", str(source), "-o", str(out), "-f", "pdf", "--pdf-engine", choice]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert pdf_creator(out / "323099-2021" / "323099-2021.pdf").startswith(creator)
    wrong = CliRunner().invoke(app, ["build", str(source), "--pdf-engine", "latex"])
    assert wrong.exit_code == 2


def test_build_all_takes_the_pdf_engine_and_rebuilds_when_it_changes(tmp_path: Path) -> None:
    county = tmp_path / "county"
    make_county(county, 2, seed=1)
    out = tmp_path / "out"
    args = ["build-all", str(county), "-o", str(out), "-f", "pdf", "-j", "1"]
    first = CliRunner().invoke(app, [*args, "--pdf-engine", "typst"])
    assert first.exit_code == 0, first.output
    pdfs = sorted(out.glob("*/*.pdf"))
    assert pdfs and all(pdf_creator(path).startswith("Typst") for path in pdfs)
    again = CliRunner().invoke(app, [*args, "--pdf-engine", "weasyprint"])
    assert again.exit_code == 0, again.output
    assert all(pdf_creator(path).startswith("docgen") for path in pdfs)


def test_cell_widths_skip_the_columns_a_cell_above_covers() -> None:
    label = Cell("产出指标", rowspan=2)
    rows = ((label, Cell("甲"), Cell("乙", colspan=2)), (Cell("丙"), Cell("丁"), Cell("戊")))
    assert engine.cell_widths(rows, (10, 20, 30, 40)) == [[10, 20, 70], [20, 30, 40]]


def groups_table(prefix: str, groups: int, rows: int) -> Table:
    body = tuple(
        RowGroup(
            tuple(
                ((Cell(f"{prefix}组{g}", rowspan=rows),) if r == 0 else ())
                + (Cell(f"{prefix}{g}R{r}行"), Cell("说明文字" * 6))
                for r in range(rows)
            ),
            keep_together=True,
        )
        for g in range(groups)
    )
    return Table(
        "表",
        (15, 25, 60),
        ((Cell("一级", header=True), Cell("二级"), Cell("三级")),),
        body,
        "indicators",
    )


def page_of(pages: list[str], text: str) -> list[int]:
    return [number for number, page in enumerate(pages) if text in squeeze(page)]


def test_a_group_that_fits_stays_on_one_page_and_a_longer_one_breaks_losing_nothing(
    tmp_path: Path,
) -> None:
    filler = tuple(Paragraph("填充段落。" * 60) for _ in range(3))
    kept, long = groups_table("K", 12, 6), groups_table("L", 1, 90)
    sections = (
        Section("s1", "一、分组", (*filler, kept)),
        Section("s2", "二、长组", (long,), (), True),
    )
    document = Document("groups-2021", "标题", "单位", "1", 2021, "unit", (), sections)
    pdf, findings = engine.render_typst_pdf(document, STAMP)
    assert findings == []
    pages = pdf_text(pdf, tmp_path).split("\f")
    spread = {g: {p for r in range(6) for p in page_of(pages, f"K{g}R{r}行")} for g in range(12)}
    assert all(len(found) == 1 for found in spread.values()), spread
    assert len(set().union(*spread.values())) > 1  # the groups did cross pages, between them
    long_pages = [page_of(pages, f"L0R{r}行") for r in range(90)]
    assert all(len(found) >= 1 for found in long_pages)  # no row ran off a page
    assert long_pages[0] != long_pages[-1]
    assert page_of(pages, "L组0")[0] == long_pages[0][0]  # its label opens the first part


def structure_tags(reader: PdfReader) -> set[str]:
    """The structure types of the tagged PDF's structure tree."""
    return {str(node["/S"]) for node in structure_elements(reader) if "/S" in node}


def test_seed_is_a_tagged_pdf_in_chinese(seed_document: Document) -> None:
    pdf, _ = engine.render_typst_pdf(seed_document, STAMP)
    reader = read_pdf(pdf)
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "zh-CN"
    assert "/Metadata" in catalog  # XMP, beside the document information
    tags = structure_tags(reader)
    assert {"/Document", "/H1", "/H2", "/TOC", "/Table", "/THead", "/TH", "/TD"} <= tags
    assert {"/Figure", "/P", "/Caption"} <= tags


SAMPLE_SOURCES = sorted((REPO / "sample_data").glob("**/*.yaml"))


@pytest.mark.parametrize("source", SAMPLE_SOURCES, ids=lambda path: path.name)
def test_every_sample_is_pdf_ua_1_and_pdf_a_2a(source: Path) -> None:
    document = check([source]).documents[0].document()
    pdf, findings = engine.render_typst_pdf(document, STAMP)
    assert findings == []
    reader = read_pdf(pdf)
    catalog = reader.trailer["/Root"]
    assert pdf.startswith(b"%PDF-1.7")
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "zh-CN"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]  # PDF/UA: the title, not the file
    metadata = reader.metadata
    assert metadata is not None and metadata.title == document.title
    assert xmp_identification(reader) == {
        "pdfaid:part": "2",
        "pdfaid:conformance": "A",
        "pdfuaid:part": "1",
    }
    assert "/OutputIntents" in catalog  # PDF/A: the colours' output intent
    fonts = font_programs(reader)
    assert fonts and all(embedded for _, _, embedded in fonts), fonts
    assert not [name for name, subtype, _ in fonts if subtype == "/Type3"]
    assert_tagged_like_the_document(reader, document)


def children(node: dict[str, object]) -> list[dict[str, object]]:
    kids = node.get("/K")
    items = kids if isinstance(kids, list) else [kids]
    resolved = [kid.get_object() if hasattr(kid, "get_object") else kid for kid in items]
    return [kid for kid in resolved if isinstance(kid, dict)]


def test_every_table_and_chart_has_its_caption_tagged(
    seed_document: Document, tmp_path: Path
) -> None:
    pdf, _ = engine.render_typst_pdf(seed_document, STAMP)
    elements = structure_elements(read_pdf(pdf))
    tables = [node for node in elements if node.get("/S") == "/Table"]
    blocks = [block for _, section in seed_document.walk() for block in section.blocks]
    assert len(tables) == sum(isinstance(block, Table) for block in blocks)
    assert all(children(table)[0].get("/S") == "/Caption" for table in tables)
    # A chart's title is the caption of the group holding its figure (its alt text).
    charts = [
        node
        for node in elements
        if [kid.get("/S") for kid in children(node)] == ["/Caption", "/Figure"]
    ]
    assert len(charts) == sum(isinstance(block, Chart) for block in blocks) > 0
    text = squeeze(pdf_text(pdf, tmp_path))
    for block in blocks:
        if isinstance(block, Table | Chart):
            assert squeeze(block.caption if isinstance(block, Table) else block.title) in text


def test_a_document_that_cannot_meet_the_standards_is_made_tagged_with_a_warning(
    tmp_path: Path,
) -> None:
    # A chart without alt text: PDF/UA-1 and PDF/A-2a refuse it.
    chart = Chart("支出构成", "", "万元", (Bar("基本支出", "10.00", "100%", Decimal("1")),))
    document = Document(
        "noalt-2021",
        "标题",
        "单位",
        "1",
        2021,
        "unit",
        (),
        (Section("s1", "一、图", (chart,)),),
        source_loc=Location("noalt.yaml", 3, 1),
    )
    rendered = render_document(document, STAMP, ("pdf",), pdf_engine="typst")
    assert [(f.location.file, f.code, f.severity.value) for f in rendered.findings] == [
        ("noalt.yaml", "pdf-standard-unmet", "warning")
    ]
    assert "alt text" in dict(rendered.findings[0].params)["problem"]
    reader = read_pdf(rendered.files["pdf"])
    assert xmp_identification(reader) == {}  # it claims no standard it does not meet
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert "基本支出" in pdf_text(rendered.files["pdf"], tmp_path)


# -- a county's own template ------------------------------------------------------------------

OWN_TEMPLATE = """#let doc = json(bytes(sys.inputs.document))
#set document(title: doc.title)
#set text(font: doc.fonts.serif, lang: "zh", region: "cn")
#heading(level: 1, doc.title)
本县自定义模板 #doc.org_name
"""


def build_with_templates(tmp_path: Path, templates: Path) -> tuple[int, str, Path]:
    source = write(tmp_path, CLEAN_UNIT)
    out = tmp_path / "out"
    args = ["build", str(source), "-o", str(out), "-f", "pdf", "--pdf-engine", "typst"]
    result = CliRunner().invoke(app, [*args, "--lang", "en", "--templates", str(templates)])
    return result.exit_code, result.output, out / "323099-2021" / "323099-2021.pdf"


def test_templates_folder_gives_its_own_typst_template(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "disclosure.typ").write_text(OWN_TEMPLATE, encoding="utf-8")
    code, output, pdf = build_with_templates(tmp_path, templates)
    assert code == 0, output
    assert "本县自定义模板" in squeeze(pdftotext(pdf))


def test_a_templates_folder_without_a_typst_template_keeps_docgen_s(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "blocks.html.j2").write_text("", encoding="utf-8")  # HTML partials only
    code, output, pdf = build_with_templates(tmp_path, templates)
    assert code == 0, output
    assert "目录" in pdftotext(pdf)


def test_a_typst_template_that_is_a_link_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.typ"
    elsewhere.write_text(OWN_TEMPLATE, encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "disclosure.typ").symlink_to(elsewhere)
    code, output, pdf = build_with_templates(tmp_path, templates)
    assert code == 1
    assert "error[template-refused]" in output and "disclosure.typ" in output
    assert not pdf.exists()


def test_a_typst_template_reads_nothing_outside_its_folder(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(PASSWD_LINE, encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "disclosure.typ").write_text('#read("../secret.txt")\n', encoding="utf-8")
    code, output, pdf = build_with_templates(tmp_path, templates)
    assert code == 1
    assert "error[render-failed]" in output
    assert PASSWD_LINE not in output and not pdf.exists()


def test_an_error_in_a_typst_template_names_its_line(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    broken = OWN_TEMPLATE + "#table(columns: 2, table.cell(colspan: 3)[甲])\n"
    (templates / "disclosure.typ").write_text(broken, encoding="utf-8")
    code, output, _ = build_with_templates(tmp_path, templates)
    assert code == 1
    assert "error[render-failed]" in output
    assert "disclosure.typ:6:" in output, output
