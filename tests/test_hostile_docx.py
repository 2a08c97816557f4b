"""DOCX metadata from the data: escaped once, and a name too long for a core property is cut,
not a crash that stops the other documents of the run. A template's part that is not
well-formed XML is never shipped; text that reads as markup prints as written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import CLEAN_UNIT, write
from lxml import etree
from typer.testing import CliRunner

from docgen.check import check
from docgen.cli import app
from docgen.provenance import FIXED_TIME, Provenance
from docgen.render.docx import InvalidDocxError, W, render_docx, template_path

DOCUMENT = "word/document.xml"


def build(tmp_path: Path, *names: str) -> tuple[int, str, Path]:
    paths = []
    for number, name in enumerate(names):
        text = CLEAN_UNIT.replace("name: 测试县测试中心", f'name: "{name}"', 1)
        text = text.replace('code: "323099"', f'code: "32309{number}"', 1)
        paths.append(str(write(tmp_path, text, f"unit{number}.yaml")))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", *paths, "-o", str(out), "-f", "docx"])
    return result.exit_code, result.output, out


def core(path: Path) -> tuple[str, str, str]:
    properties = docx.Document(io.BytesIO(path.read_bytes())).core_properties
    xml = zipfile.ZipFile(path).read("docProps/core.xml").decode("utf-8")
    return properties.title, properties.author, xml


def test_an_ampersand_in_the_unit_name_is_escaped_once(tmp_path: Path) -> None:
    code, output, out = build(tmp_path, "测试县A&B<中心>")
    assert code == 0, output
    title, author, xml = core(out / "323090-2021" / "323090-2021.docx")
    assert author == "测试县A&B<中心>"
    assert title.startswith("测试县A&B<中心>2021年")
    assert "&amp;amp;" not in xml and "A&amp;B&lt;中心&gt;" in xml


def test_a_name_too_long_for_a_property_is_cut_and_the_run_goes_on(tmp_path: Path) -> None:
    long_name = "A&" * 125  # 250 characters, 625 once escaped
    code, output, out = build(tmp_path, long_name, "测试县测试中心")
    assert code == 0, output
    title, author, _ = core(out / "323090-2021" / "323090-2021.docx")
    assert author == long_name
    assert len(title) == 255 and title.startswith(long_name) and title.endswith("…")
    assert (out / "323091-2021" / "323091-2021.docx").is_file()


# An element not closed, and a prefix never declared (which a parse that builds no tree logs
# rather than raises).
@pytest.mark.parametrize("broken", [b"<a><b></a>", b"<a><w:b/></a>"])
def test_a_template_part_that_is_not_well_formed_fails_every_document_made_with_it(
    tmp_path: Path, broken: bytes
) -> None:
    """python-docx carries a part it does not read (customXml) as it found it: the parts are
    parsed before the archive is made, for every document, not only the first."""
    templates = tmp_path / "templates"
    templates.mkdir()
    with (
        zipfile.ZipFile(template_path()) as source,
        zipfile.ZipFile(templates / "disclosure.docx", "w") as target,
    ):
        for item in source.infolist():
            is_broken = item.filename == "customXml/item1.xml"
            target.writestr(item, broken if is_broken else source.read(item))
    document = check([write(tmp_path, CLEAN_UNIT)]).documents[0].document()
    provenance = Provenance(("unit.yaml",), None, False, False, FIXED_TIME)
    render_docx(document, provenance)  # the built-in template's parts are well-formed
    for _ in range(2):
        with pytest.raises(InvalidDocxError, match=r"customXml/item1\.xml is not well-formed"):
            render_docx(document, provenance, templates)


# Markup, an escape already written out, the end of a CDATA section, and the placeholder a
# table's text takes the place of in the document part.
MARKUP = "A&B<i>\"引号\"'单'</i> ]]> <?docgen-table 0?> &amp;"


def test_text_like_markup_prints_as_written_in_table_cells_and_captions(tmp_path: Path) -> None:
    quoted = MARKUP.replace("'", "''")
    text = CLEAN_UNIT.replace("name: 测试工作经费", f"name: '{quoted}'", 1)
    text = text.replace("description: 开展测试", 'description: "第一行\\n第二行\\t列"', 1)
    checked = check([write(tmp_path, text)])
    assert checked.findings == []
    provenance = Provenance(("unit.yaml",), None, False, False, FIXED_TIME)
    data = render_docx(checked.documents[0].document(), provenance)
    tables = docx.Document(io.BytesIO(data)).tables
    cells = {cell.text for table in tables for row in table.rows for cell in row.cells}
    assert {MARKUP, "第一行\n第二行\t列"} <= cells
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(DOCUMENT))
    captions = [c.get(f"{{{W}}}val") or "" for c in body.iter(f"{{{W}}}tblCaption")]
    assert [c for c in captions if MARKUP in c] == [
        f"{MARKUP}：项目基本信息",
        f"{MARKUP}：绩效指标",
    ]
