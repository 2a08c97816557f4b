"""Stage 0, import: a legacy published disclosure (情况说明, .txt or .docx) → a source's text.

Comes before load, like the workbook import: takes the file a unit published (the plain-text
extraction the seeds are, or the Word file itself), reads it into paragraphs and tables
(`text_reader`, `docx_reader`), finds its sections by their numbered headings (一、单位职责及
机构设置情况 … 九、其他需要说明的事项, `legacy_headings`) and its 项目绩效目标表 (`targets`),
reads each section (`legacy_sections`, `legacy_department`, a department's own totals
`legacy_department_figures`) and the projects' money the narrative states
(`legacy_project_figures`), and hands on the YAML text of a unit source or of
a department's and its units' (`legacy_write`, `legacy_emit`), the place in the original behind
each line, and every paragraph it could not map, with its place. It never corrects what it
reads: the publication's own defects are the written sources' findings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from docgen.files import FileTooLargeError, UnreadableFileError, read_regular
from docgen.importing.docx_reader import DocxUnreadableError, read_docx
from docgen.importing.legacy_department import (
    DEPARTMENT_READERS,
    DepartmentFound,
    department_name,
    units_of,
    write_department,
    write_department_head,
    write_unit_file,
)
from docgen.importing.legacy_department_figures import (
    CONSOLIDATED_READERS,
    FIGURE_READERS,
    blocks_left,
    consolidated_left,
    department_figures,
    write_consolidated,
    write_own_tables,
    write_stated,
)
from docgen.importing.legacy_emit import (
    Writer,
    write_money_unit,
    write_preamble,
    write_projects,
    write_year_profile,
)
from docgen.importing.legacy_headings import (
    Section,
    is_loose_paragraph,
    is_other_table,
    is_title,
    section_kind,
    split_sections,
    target_blocks,
    title_name,
    title_year,
)
from docgen.importing.legacy_project_figures import read_project_sentences
from docgen.importing.legacy_sections import READERS, Found
from docgen.importing.legacy_settle import settle_figures
from docgen.importing.legacy_tables import write_printed_tables
from docgen.importing.legacy_units import Restated
from docgen.importing.legacy_write import (
    not_given,
    write_assets,
    write_budget,
    write_glossary,
    write_operating,
    write_other_matters,
    write_procurement,
    write_three_public,
    write_unit_info,
)
from docgen.importing.targets import Printed, ProjectTable, read_targets
from docgen.importing.text_reader import Block, Paragraph, Place, read_text
from docgen.importing.words import ImportFileError, say_from
from docgen.terms import Kind

T = TypeVar("T")
FILE_LIMIT = 20 * 1024 * 1024  # a disclosure with its tables is some hundred kilobytes
SUFFIXES = (".txt", ".docx")

WORDS: dict[str, tuple[str, str]] = {
    "unreadable": ("无法读取：{reason}", "cannot read the file: {reason}"),
    "too-large": (
        "文件过大（{size} 字节，上限 {limit} 字节），未导入",
        "file too large ({size} bytes, the limit is {limit}); not imported",
    ),
    "empty": ("文件是空的", "the file is empty"),
    "not-text": (
        "不是 UTF-8 文本文件（{reason}）：请另存为 UTF-8 编码的 .txt",
        "not a UTF-8 text file ({reason}): save it as UTF-8 .txt",
    ),
    "not-docx": (
        "不是 .docx 文件（{reason}）：请在 Word 或 WPS 中另存为 .docx",
        "not a .docx file ({reason}): save it as .docx in Word or WPS",
    ),
    "no-section": (
        "没有找到预算信息公开的任何部分（如“一、单位职责及机构设置情况”或“项目绩效目标表”）",
        "no section of a budget disclosure found (such as 一、单位职责及机构设置情况 or a "
        "项目绩效目标表)",
    ),
    "no-units": (
        "{place_zh}：部门的情况说明既没有印出项目绩效目标表，也没有印出部门公开表：部门文件须列出"
        "所属单位文件，或给出部门汇总公开表，未导入",
        "{place_en}: the department's disclosure prints neither a 项目绩效目标表 nor its 公开表 (a "
        "department file names its unit files, or gives its consolidated tables): not imported",
    ),
    "no-year": (
        "原文没有写明预算年度：用 --year 给出",
        "the original does not say the budget year: give it with --year",
    ),
}


class LegacyError(ImportFileError):
    """A disclosure that cannot be imported: the key of its message, and where in the file."""

    words = WORDS


def say(key: str, lang: str, **params: str) -> str:
    return say_from(WORDS, key, lang, **params)


@dataclass(frozen=True)
class Unmapped:
    """A paragraph (or a table's cell) the import could not place in the source."""

    place: Place
    text: str


@dataclass(frozen=True)
class Written:
    """One source to write: its kind, its text and the original's place behind its lines."""

    name: str | None  # None: the file asked for (-o); else its name beside that one
    kind: Kind
    text: str
    origins: dict[int, Place]


@dataclass
class Legacy:
    """The sources the disclosure makes (a unit's, or a department's and its units'), and the
    paragraphs no source holds."""

    files: list[Written]  # the first is the unit's or the department's own
    unmapped: list[Unmapped]
    code: str | None  # the unit's code, for the file's default name
    year: int
    # the narrative's figures the tables contradict beyond their rounding, at their place
    contradicted: list[Printed] = field(default_factory=list)


def read_disclosure(
    path: Path, display: str, year: int | None, profile: str | None = None
) -> Legacy:
    """What the disclosure at `path` says, as a source's text, each unit's in `profile` (None:
    the default); raises `LegacyError` (located) on a file that is no disclosure."""
    blocks = read_blocks(path, display)
    return map_disclosure(blocks, display, year, profile)


def read_blocks(path: Path, display: str) -> list[Block]:
    try:
        data = read_regular(path, FILE_LIMIT)
    except FileTooLargeError as error:
        raise LegacyError(
            "too-large", display, size=str(error.size), limit=str(FILE_LIMIT)
        ) from None
    except (UnreadableFileError, OSError) as error:
        raise LegacyError("unreadable", display, reason=str(error)) from None
    if not data.strip():
        raise LegacyError("empty", display)
    if path.suffix.lower() == ".docx":
        try:
            return read_docx(data)
        except DocxUnreadableError as error:
            raise LegacyError("not-docx", display, reason=str(error)) from None
    return read_text(decode_text(data, display))


def decode_text(data: bytes, display: str) -> str:
    if b"\x00" in data:
        raise LegacyError("not-text", display, reason="NUL")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        reason = f"byte {error.start + 1}"
        raise LegacyError("not-text", display, reason=reason) from None


def map_disclosure(
    blocks: list[Block], display: str, year: int | None, profile: str | None = None
) -> Legacy:
    front, sections = split_sections(blocks)
    tables = read_targets(target_blocks(sections, blocks))
    if not sections and not tables:
        raise LegacyError("no-section", display)
    found_year = year or title_year(front)
    if found_year is None:
        raise LegacyError("no-year", display)
    kinds = {section_kind(section.title) for section in sections}
    if len(units_of(tables)) > 1 or kinds & set(DEPARTMENT_READERS):
        return map_department(blocks, sections, tables, display, (found_year, profile))
    found = read_sections(sections, READERS, Found())
    read_project_sentences(blocks, found.projects_said)
    head = next((t for t in tables if t.unit_code and t.unit_name), None)
    code = head.unit_code if head else None
    name = head.unit_name if head else found.unit.get("name") or title_name(front)
    settled = settle_figures(blocks, found, tables, (found_year, profile), display)
    said = name.text if name else None
    unmapped = unmapped_of(blocks, sections, found.unused, said, settled.read)
    out = Writer()
    write_header(out, display, (found_year, profile), found)
    write_money_unit(out, settled.unit, settled.restated)
    write_unit_info(out, found, code, name)
    write_body(out, found, tables)
    if settled.standard is not None:
        write_printed_tables(out, settled.standard, settled.printed, settled.unit)
    write_unmapped(out, unmapped)
    written = Written(None, Kind.unit, out.source(), out.origins)
    code_text = code.text if code else None
    return Legacy([written], unmapped, code_text, found_year, settled.contradicted)


def map_department(
    blocks: list[Block],
    sections: list[Section],
    tables: list[ProjectTable],
    display: str,
    year_profile: tuple[int, str | None],
) -> Legacy:
    """A department's file, its totals stated, and one file per unit whose tables it prints,
    in the profile; without any, its own figures (`map_consolidated`)."""
    found = read_sections(sections, DEPARTMENT_READERS, DepartmentFound())
    if not tables:
        return map_consolidated(blocks, sections, found, display, year_profile)
    said = read_sections(sections, FIGURE_READERS, Found())
    read_project_sentences(blocks, said.projects_said)
    settled = settle_figures(blocks, said, tables, year_profile, display)
    figures = department_figures(said, settled)
    # what the department states not, of its 情况说明 (机关运行经费, its revenue by source…): notes
    left = found.unused + said.unused + blocks_left(blocks, figures.left)
    known = {*DEPARTMENT_READERS, *FIGURE_READERS}
    unmapped = unmapped_of(blocks, sections, left, None, settled.read, known=known)
    name = department_name(tables) or title_name(split_sections(blocks)[0])
    out = Writer()
    write_preamble(out, display)
    write_department_head(out, "performance", year_profile)
    # its units' money unit, in which its stated: are read (a 22.51万元 among them in 元)
    write_money_unit(out, figures.unit, Restated())
    write_department(out, found, name, [f"{code or 'unit'}.yaml" for code in units_of(tables)])
    write_stated(out, figures)
    write_own_tables(out, settled)
    write_unmapped(out, unmapped)
    files = [Written(None, Kind.department, out.source(), out.origins)]
    for code, own in units_of(tables).items():
        unit = Writer()
        write_preamble(unit, display)
        write_unit_file(unit, (*year_profile, figures.unit), own, name)
        files.append(Written(f"{code or 'unit'}.yaml", Kind.unit, unit.source(), unit.origins))
    return Legacy(files, unmapped, None, year_profile[0], figures.contradicted)


def map_consolidated(
    blocks: list[Block],
    sections: list[Section],
    found: DepartmentFound,
    display: str,
    year_profile: tuple[int, str | None],
) -> Legacy:
    """A department that prints no project table: its figures in a unit's form and its 公开表,
    as a department without unit files states them; refused where it prints no 公开表, for a
    department names its unit files or gives its tables (else `department-no-units`)."""
    said = read_sections(sections, CONSOLIDATED_READERS, Found())
    settled = settle_figures(blocks, said, [], year_profile, display)
    if settled.standard is None:
        place = next(s.place for s in sections if section_kind(s.title) in DEPARTMENT_READERS)
        raise LegacyError("no-units", display, place_zh=place.say("zh"), place_en=place.say("en"))
    left = found.unused + said.unused + blocks_left(blocks, consolidated_left(said))
    known = {*DEPARTMENT_READERS, *CONSOLIDATED_READERS}
    unmapped = unmapped_of(blocks, sections, left, None, settled.read, known=known)
    out = Writer()
    write_preamble(out, display)
    write_department_head(out, "full", year_profile)
    write_money_unit(out, settled.unit, settled.restated)
    write_department(out, found, title_name(split_sections(blocks)[0]), [])
    write_consolidated(out, said, settled)
    write_unmapped(out, unmapped)
    written = Written(None, Kind.department, out.source(), out.origins)
    return Legacy([written], unmapped, None, year_profile[0], settled.contradicted)


Reader = Callable[[list[Block], T], None]


def read_sections(sections: list[Section], readers: Mapping[str, Reader[T]], found: T) -> T:
    """`found` filled by the reader of each section's kind."""
    for section in sections:
        reader = readers.get(section_kind(section.title) or "")
        if reader is not None:
            reader(section.blocks, found)
    return found


def write_body(out: Writer, found: Found, tables: list[ProjectTable]) -> None:
    if found.budget_given:
        write_budget(out, found)
        write_operating(out, found)
        write_three_public(out, found)
    write_projects(out, tables)
    if found.budget_given:
        write_procurement(out, found)
        write_assets(out, found)
        write_glossary(out, found)
        write_other_matters(out, found)


def unmapped_of(
    blocks: list[Block],
    sections: list[Section],
    unused: list[Block],
    name: str | None,
    read: set[int] | None = None,
    *,
    known: set[str] | None = None,
) -> list[Unmapped]:
    """What no source holds, in the original's order, each with its place: the front matter
    but its title lines, the headings of sections no reader knows (a part's title among them,
    `第二部分　部门预算情况说明`, as printed) and what they hold, the
    paragraphs among the project tables that are not their titles, and what the readers left;
    never what was `read` elsewhere (the 公开表). `known`: the kinds of section read (by default
    every reader's)."""
    front, _ = split_sections(blocks)
    left = {id(b) for b in front if not is_title(b, name)} | {id(b) for b in unused}
    known = {*(known or {*READERS, *DEPARTMENT_READERS}), "targets", "department"}
    for section in sections:
        kind = section_kind(section.title)
        if kind == "targets":
            left |= {id(b) for b in section.blocks if is_loose_paragraph(b) or is_other_table(b)}
        elif kind not in known:
            left |= {id(b) for b in section.blocks}
    headings = {s.place: s.printed for s in sections if section_kind(s.title) not in known}
    kept = []
    for block in blocks:
        if isinstance(block, Paragraph) and block.place in headings:
            kept.append(Unmapped(block.place, headings[block.place]))
        elif id(block) in left and id(block) not in (read or set()):
            kept.append(unmapped(block))
    return kept


def unmapped(block: Block) -> Unmapped:
    if isinstance(block, Paragraph):
        return Unmapped(block.place, block.text)
    cells = [cell.text for row in block.rows for cell in row if cell.text]
    return Unmapped(block.place, " | ".join(cells))


def write_header(
    out: Writer, display: str, year_profile: tuple[int, str | None], found: Found
) -> None:
    write_preamble(out, display)
    out.add("kind: unit")
    out.add(f"scope: {'full' if found.budget_given else 'performance'}")
    write_year_profile(out, *year_profile)
    missing = not_given(found) if found.budget_given else []
    if missing:
        out.add(f"not_given: [{', '.join(missing)}]  # 原文没有或未能导入这些部分，见文末注释")


def write_unmapped(out: Writer, items: list[Unmapped]) -> None:
    if not items:
        return
    out.comment("原文中未导入的段落（原文位置：内容）：")
    for item in items:
        text = item.text.replace("\n", " ")
        out.comment(f"  {item.place.say('zh')}：{text}")
