"""`docgen import`, after the workbook is read: the source written, checked, and reported.

Takes what `docgen.importing` made of a workbook (the text, the cell behind each figure, its
notes), writes the text whole or not at all (never over a file unless asked), checks it as
`validate` would (`check.check_draft`: the texts left to fill in do not stop the checks of the
figures), and says what was found in three parts:
- the workbook's own defects: each finding at a line the workbook's cells made, shown at its
  `sheet!cell` and at the line, and figures printed twice that differ;
- what the source still needs (placeholders, the project list, the sections not given);
- what the workbook holds that the source does not carry, or carries by an assumption.
The workbook's defects make the command exit 1; what is left to fill in does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.check import check_draft
from docgen.findings import Finding
from docgen.importing import Imported
from docgen.importing.layout import Note
from docgen.importing.words import say
from docgen.messages import render_message
from docgen.report import format_finding
from docgen.write import write_atomic, write_new

WORDS = {
    "zh": {
        "wrote": "已从 {workbook} 导入并写出 {target}",
        "exists": "{target} 已存在，未覆盖：换一个文件名，或加 --force 覆盖",
        "defects": "工作簿本身的问题（{count} 处）：",
        "at": "工作簿 {workbook} {cells} → {location}",
        "to_complete": "源文件还需补上（{count} 处，不影响导入）：",
        "notes": "工作簿中未导入或按假设导入的内容（{count} 处）：",
        "clean": "工作簿中的数字相互一致",
        "next": "补上以上内容后运行 docgen validate {target}",
    },
    "en": {
        "wrote": "imported {workbook} and wrote {target}",
        "exists": "{target} already exists: not overwritten (choose another name, or --force)",
        "defects": "problems of the workbook itself ({count}):",
        "at": "workbook {workbook} {cells} → {location}",
        "to_complete": "still to complete in the source ({count}, not an import error):",
        "notes": "what the workbook holds that was not imported, or imported by an assumption "
        "({count}):",
        "clean": "the workbook's figures agree with each other",
        "next": "complete the above, then run docgen validate {target}",
    },
}


@dataclass(frozen=True)
class ImportReport:
    text: str
    failed: bool  # the workbook has defects of its own


def write_source(imported: Imported, target: Path, force: bool) -> bool:
    """The source written whole (False: a file is there and --force was not given)."""
    data = imported.text.encode("utf-8")
    if force:
        write_atomic(target, data)
        return True
    try:
        write_new(target, data)
    except FileExistsError:
        return False
    return True


def exists_message(target: Path, lang: str) -> str:
    return WORDS[lang]["exists"].format(target=target)


def check_imported(imported: Imported, target: Path, workbook: str, lang: str) -> ImportReport:
    display = str(target)
    checked = check_draft(target, display)
    words = WORDS[lang]
    on_cells: list[tuple[Finding, list[str]]] = []
    to_complete: list[Finding] = []
    for finding in checked.sorted_findings():
        loc = finding.location
        cells = imported.cells_at(loc.line, loc.column) if loc.file == display else []
        if cells and finding.code not in ("to-fill-in", "placeholder"):
            on_cells.append((finding, cells))
        else:
            to_complete.append(finding)
    blocks = [words["wrote"].format(workbook=workbook, target=target)]
    failed = any(f.is_error for f, _ in on_cells) or bool(imported.defects)
    if on_cells or imported.defects:
        blocks.append(words["defects"].format(count=len(on_cells) + len(imported.defects)))
        for finding, cells in on_cells:
            at = words["at"].format(
                workbook=workbook, cells="、".join(cells), location=finding.location
            )
            blocks.append(f"{at}\n{format_finding(finding, checked.sources, lang)}")
        blocks += [f"{workbook} {note_line(note, lang)}" for note in imported.defects]
    else:
        blocks.append(words["clean"])
    if to_complete:
        blocks.append(words["to_complete"].format(count=len(to_complete)))
        blocks += [f"  {f.location}: {render_message(f, lang)}" for f in to_complete]
    if imported.notes:
        blocks.append(words["notes"].format(count=len(imported.notes)))
        blocks += [f"  {note_line(note, lang)}" for note in imported.notes]
    blocks.append(words["next"].format(target=target))
    return ImportReport("\n".join(blocks), failed)


def note_line(note: Note, lang: str) -> str:
    text = f"{note.text}：" if note.text and lang == "zh" else f"{note.text}: " if note.text else ""
    return f"{note.where}: {text}{say(note.key, lang, **dict(note.params))}"
