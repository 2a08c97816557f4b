"""The Typst PDF's fonts cut to what a disclosure prints: what the PDF is set in, a character the
cut lacks, the same cut every time, and the cache folder used only when it is sound."""

from __future__ import annotations

import io
import os
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import font_programs
from conftest import pdf_text as pdftotext
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from typer.testing import CliRunner

from docgen.cli import app
from docgen.document import Document
from docgen.document.blocks import Cell, Paragraph, RowGroup, Section, Table
from docgen.findings import Location
from docgen.provenance import Provenance
from docgen.render import fontcut, render_document
from docgen.render import typst as engine
from docgen.render.fonts import FONTS

STAMP = Provenance(("unit.yaml",), "abc1234", False, True, datetime(2021, 3, 1, tzinfo=UTC))
RUNNER = CliRunner()
RARE = "堃"  # in Noto CJK SC, not in GB 2312: a hanzi of people's and places' names


def embedded_fonts(pdf: bytes) -> set[str]:
    """Each font's name without its subset tag: NotoSerifCJKscCut-Regular-Identity-H."""
    fonts = font_programs(PdfReader(io.BytesIO(pdf)))
    assert all(embedded for _, _, embedded in fonts)
    return {name.split("+", 1)[1] for name, _, _ in fonts}


def document_with(text: str) -> Document:
    """The text in the body (serif), a table's head (sans bold) and a heading (sans bold)."""
    table = Table(
        "表",
        (50, 50),
        ((Cell(text, header=True), Cell("金额", header=True)),),
        (RowGroup(((Cell("甲"), Cell("1.00")),)),),
        "figures",
    )
    section = Section("s1", f"一、{text}", (Paragraph(f"单位名称：{text}。"), table))
    return Document(
        "323099-2021",
        "标题",
        "单位",
        "323099",
        2021,
        "unit",
        (),
        (section,),
        source_loc=Location("unit.yaml", 1, 1),
    )


def test_a_disclosure_is_set_in_the_cut_faces_alone(tmp_path: Path) -> None:
    rendered = render_document(document_with("社会保险"), STAMP, ("pdf",), pdf_engine="typst")
    assert rendered.findings == []
    assert embedded_fonts(rendered.files["pdf"]) == {
        "NotoSerifCJKscCut-Regular-Identity-H",
        "NotoSansCJKscCut-Regular-Identity-H",  # the running header and footer
        "NotoSansCJKscCut-Bold-Identity-H",
    }


def test_a_character_the_cut_lacks_prints_in_the_whole_font_of_its_family(tmp_path: Path) -> None:
    assert ord(RARE) not in fontcut.cut_characters()
    rendered = render_document(document_with(RARE), STAMP, ("pdf",), pdf_engine="typst")
    assert rendered.findings == []  # no font-missing-glyph, no standard unmet
    fonts = embedded_fonts(rendered.files["pdf"])
    # The rare hanzi in the whole face of the same family and weight; the rest in the cut ones.
    assert {"NotoSerifCJKsc-Regular-Identity-H", "NotoSansCJKsc-Bold-Identity-H"} <= fonts
    assert {"NotoSerifCJKscCut-Regular-Identity-H", "NotoSansCJKscCut-Bold-Identity-H"} <= fonts
    path = tmp_path / "rare.pdf"
    path.write_bytes(rendered.files["pdf"])
    assert f"单位名称：{RARE}。" in "".join(pdftotext(path).split())


def test_the_template_names_each_cut_face_before_its_whole_font() -> None:
    assert engine.typst_families() == {
        "serif": ["Noto Serif CJK SC Cut", "Noto Serif CJK SC"],
        "sans": ["Noto Sans CJK SC Cut", "Noto Sans CJK SC"],
    }


def test_without_a_cut_the_template_names_the_whole_fonts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "cut_folder", lambda folders, settings: None)
    assert engine.typst_families() == {
        "serif": ["Noto Serif CJK SC"],
        "sans": ["Noto Sans CJK SC"],
    }
    assert engine.typst_font_folders() == engine.font_folders()


# -- the cut itself ---------------------------------------------------------------------------


def whole_face(family: str, weight: str) -> tuple[str, int]:
    faces = fontcut.faces_to_cut()
    sources = fontcut.find_faces(tuple(engine.font_folders()), faces)
    assert sources is not None
    return sources[fontcut.Face(family, weight)]


def test_a_face_cut_twice_is_the_same_bytes_named_as_its_own_family() -> None:
    face = fontcut.Face(FONTS.serif, "bold")
    path, index = whole_face(FONTS.serif, "bold")
    first = fontcut.cut_face(path, index, face)
    assert fontcut.cut_face(path, index, face) == first
    cut = TTFont(io.BytesIO(first))
    with TTFont(path, fontNumber=index, lazy=True) as whole:
        licence, modified = whole["name"].getDebugName(13), whole["head"].modified
    names = {record.nameID: record.toUnicode() for record in cut["name"].names}
    assert (names[1], names[2], names[4], names[6]) == (
        "Noto Serif CJK SC Cut",
        "Bold",
        "Noto Serif CJK SC Cut Bold",
        "NotoSerifCJKscCut-Bold",
    )
    assert names[13] == licence  # the licence goes with it
    assert cut["head"].modified == modified  # no time of its making
    covered = set(cut.getBestCmap())
    assert {ord(char) for char in "，。、：（）《》——“”％①Ⅰ≤0Aa社会保险"} <= covered
    assert ord(RARE) not in covered


# -- the cache folder -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def made_cut(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cut made in a cache of its own, copied by each test that needs a folder of it."""
    root = tmp_path_factory.mktemp("cut")
    made = fontcut.make_cut_folder(root, tuple(engine.font_folders()), fontcut.faces_to_cut())
    assert made is not None
    return made


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made_cut: Path) -> Iterator[Path]:
    """An empty cache of the user's own, where cutting copies the module's cut."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cuts = []

    def copy_cut(root: Path, folders: tuple[str, ...], faces: object) -> Path:
        cuts.append(root)
        made = root / f".cutting-{len(cuts)}"
        shutil.copytree(made_cut, made)
        made.chmod(0o700)
        return made

    monkeypatch.setattr(fontcut, "make_cut_folder", copy_cut)
    yield tmp_path / "cache" / "docgen" / "fonts"


def cut_now() -> Path | None:
    return fontcut.cut_folder.__wrapped__(tuple(engine.font_folders()), FONTS)


def test_a_cut_is_made_once_and_then_used_as_it_is(cache: Path) -> None:
    folder = cut_now()
    assert folder is not None and folder.parent == cache
    assert (cache.stat().st_mode & 0o777, folder.stat().st_mode & 0o777) == (0o700, 0o700)
    made = folder.stat().st_ino
    assert cut_now() == folder
    assert folder.stat().st_ino == made
    assert sorted(path.name for path in cache.iterdir()) == [folder.name]  # no .cutting- left


@pytest.mark.parametrize("extra", ["link", "font"])
def test_a_folder_holding_anything_else_is_left_alone_and_cut_beside(
    cache: Path, extra: str
) -> None:
    folder = cut_now()
    assert folder is not None
    planted = folder / "planted.otf"
    if extra == "link":
        planted.symlink_to("/etc")  # Typst follows links in a font folder
    else:
        shutil.copyfile(folder / fontcut.faces_to_cut()[0].file_name, planted)
    beside = cut_now()
    assert beside == cache / f"{folder.name}-2"
    assert planted.is_symlink() if extra == "link" else planted.is_file()


def test_a_face_of_another_size_than_its_record_is_not_used(cache: Path) -> None:
    folder = cut_now()
    assert folder is not None
    face = folder / fontcut.faces_to_cut()[0].file_name
    face.write_bytes(face.read_bytes()[:1000])
    assert cut_now() == cache / f"{folder.name}-2"


def test_a_folder_others_may_write_to_is_not_used(cache: Path) -> None:
    folder = cut_now()
    assert folder is not None
    folder.chmod(0o777)
    assert cut_now() == cache / f"{folder.name}-2"


def test_a_face_that_is_a_link_is_not_used(cache: Path) -> None:
    folder = cut_now()
    assert folder is not None
    face = folder / fontcut.faces_to_cut()[0].file_name
    face.rename(folder.parent / "moved.otf")
    face.symlink_to(folder.parent / "moved.otf")
    assert cut_now() == cache / f"{folder.name}-2"


def test_a_cache_others_may_write_to_gives_the_whole_fonts(cache: Path) -> None:
    cache.mkdir(parents=True)
    cache.chmod(0o770)
    assert cut_now() is None
    assert list(cache.iterdir()) == []


def test_a_folder_another_process_put_in_place_first_is_the_one_used(cache: Path) -> None:
    key_folder = cut_now()
    assert key_folder is not None
    faces = fontcut.faces_to_cut()
    # This process found no folder and cut; another renamed its own into place meanwhile.
    placed = fontcut.place_cut_folder(cache, key_folder, tuple(engine.font_folders()), faces)
    assert placed == key_folder
    assert sorted(path.name for path in cache.iterdir()) == [key_folder.name]


def test_a_changed_font_file_or_harfbuzz_names_another_folder(tmp_path: Path) -> None:
    fonts, harfbuzz = tmp_path / "fonts", tmp_path / "uharfbuzz"
    for folder in (fonts, harfbuzz):
        folder.mkdir()
        (folder / "file").write_bytes(b"1")
    key = fontcut.cut_key([str(fonts)], str(harfbuzz))
    assert fontcut.cut_key([str(fonts)], str(harfbuzz)) == key
    for folder in (fonts, harfbuzz):
        os.utime(folder / "file", ns=(0, 0))  # an upgrade: the same name, another file
        assert fontcut.cut_key([str(fonts)], str(harfbuzz)) != key
        key = fontcut.cut_key([str(fonts)], str(harfbuzz))


# -- old cuts ---------------------------------------------------------------------------------

MONTH = 30 * 24 * 60 * 60


def old_cut(cache: Path, name: str, made_cut: Path, age: float) -> Path:
    """A copy of the cut under `name`, last used `age` seconds ago."""
    folder = cache / name
    shutil.copytree(made_cut, folder)
    folder.chmod(0o700)
    then = time.time() - age
    for path in (folder / fontcut.RECORD, folder):
        os.utime(path, (then, then))
    return folder


def test_cuts_unused_for_a_month_are_removed_and_the_one_in_use_kept(
    cache: Path, made_cut: Path
) -> None:
    in_use = cut_now()
    assert in_use is not None
    os.utime(in_use / fontcut.RECORD, (0, 0))  # in use now, however long ago it was made
    stale = old_cut(cache, "cut-" + "0" * 32, made_cut, MONTH + 60)
    recent = old_cut(cache, "cut-" + "1" * 32 + "-2", made_cut, MONTH - 60)
    shared = old_cut(cache, "cut-" + "2" * 32, made_cut, MONTH + 60)
    shared.chmod(0o770)  # others may write to it: not the user's own to remove
    half_made = old_cut(cache, ".cutting-abc", made_cut, 2 * 24 * 60 * 60)
    cutting = old_cut(cache, ".cutting-def", made_cut, 60)  # another process cutting now
    (cache / ("cut-" + "3" * 32)).symlink_to(stale)
    assert cut_now() == in_use
    assert not stale.exists() and not half_made.exists()
    assert recent.is_dir() and shared.is_dir() and cutting.is_dir()
    assert (cache / ("cut-" + "3" * 32)).is_symlink()
    assert time.time() - (in_use / fontcut.RECORD).stat().st_mtime < 60


def test_doctor_names_the_cut_in_use_and_the_old_ones(cache: Path, made_cut: Path) -> None:
    result = RUNNER.invoke(app, ["doctor"])
    assert "fonts cut for PDF: not made yet" in result.output
    folder = cut_now()
    assert folder is not None
    old_cut(cache, "cut-" + "0" * 32, made_cut, 60)
    result = RUNNER.invoke(app, ["doctor"])
    assert f"ok  fonts cut for PDF: {folder} (" in result.output
    assert "ok  old font cuts: 1 folder, " in result.output
