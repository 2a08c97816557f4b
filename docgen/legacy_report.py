"""`docgen import DISCLOSURE.txt|.docx`: the legacy disclosure read, its source written and
checked at once, and the report.

The command's last step, as `docgen/import_report.py` is the workbook's: the text made by
`legacy` is written whole or not at all (never over a file unless --force), checked as `validate`
checks it (`check.check_draft`: a placeholder left for the unit to write does not stop the checks
of the figures), and reported in three parts: the original's own defects, each finding at a line
of the written source with the place in the original it came from; what the source still needs;
and every paragraph the import could not map, with its place (also kept as comments at the end of
the source). The original's errors make the command exit 1, as they would `validate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.check import check_draft
from docgen.findings import Finding
from docgen.importing.legacy import Legacy, LegacyError, read_disclosure
from docgen.importing.text_reader import Place
from docgen.messages import render_message
from docgen.report import format_finding
from docgen.source.template import schema_ref
from docgen.write import safe_name, write_atomic, write_new

PLACEHOLDER_CODES = ("to-fill-in",)
EXCERPT = 60  # characters of an unmapped paragraph shown in the report

WORDS = {
    "zh": {
        "wrote": "已从 {original} 导入并写出 {target}",
        "exists": "{target} 已存在，未覆盖：换一个文件名，或加 --force 覆盖",
        "defects": "原文本身的问题（{count} 处）：",
        "at": "原文 {original} {place} → {location}",
        "clean": "原文中的数字相互一致，未发现问题",
        "contradicted": "原文文字中与公开表或绩效目标表不符、超出舍入的数字"
        "（{count} 处，源文件取更精确的一方）：",
        "to_complete": "源文件还需补上（{count} 处，不影响导入）：",
        "unmapped": "原文中未导入的段落（{count} 处，已作为注释留在源文件末尾）：",
    },
    "en": {
        "wrote": "imported {original} and wrote {target}",
        "exists": "{target} already exists: not overwritten (choose another name, or --force)",
        "defects": "problems of the original itself ({count}):",
        "at": "original {original} {place} → {location}",
        "clean": "the original's figures agree with each other: no problem found",
        "contradicted": "figures of the original's text the tables (公开表, 绩效目标表) contradict "
        "beyond their rounding ({count}; the source takes the finer figure):",
        "to_complete": "still to complete in the source ({count}, not an import error):",
        "unmapped": "paragraphs of the original not imported ({count}, kept as comments at the "
        "end of the source):",
    },
}


@dataclass(frozen=True)
class LegacyReport:
    text: str
    failed: bool  # the original has errors of its own


def import_legacy(
    original: Path,
    output: Path | None,
    year_profile: tuple[int | None, str | None],
    force: bool,
    lang: str,
) -> tuple[int, str]:
    """Import `original` into `output` (default: the unit's code, .yaml, here; a department's
    units go beside it), for the year and profile given (None: the title's, the default): the
    exit code and what to print. A refusal is one located line, exit 1, with nothing written."""
    try:
        legacy = read_disclosure(original, original.name, *year_profile)
    except LegacyError as error:
        return 1, f"docgen: {error.message(lang)}"
    target = output or Path(f"{safe_name(legacy.code or original.stem)}.yaml")
    paths = [target if f.name is None else target.parent / f.name for f in legacy.files]
    taken = [path for path in paths if path.exists()]
    if taken and not force:
        return 1, f"docgen: {WORDS[lang]['exists'].format(target=taken[0])}"
    try:
        for written, path in zip(legacy.files, paths, strict=True):
            ref = schema_ref(written.kind, path)
            text = written.text.replace("$schema=SCHEMA", f"$schema={ref}", 1)
            write_source(text, path, force)
    except FileExistsError as error:  # made meanwhile: never written over
        made = error.filename2 or target
        return 1, f"docgen: {WORDS[lang]['exists'].format(target=made)}"
    report = report_import(legacy, original.name, paths, lang)
    return (1 if report.failed else 0), report.text


def write_source(text: str, target: Path, force: bool) -> None:
    """The source written whole; never over a file made meanwhile unless --force."""
    data = text.encode("utf-8")
    if force:
        write_atomic(target, data)
    else:
        write_new(target, data)


def report_import(legacy: Legacy, original: str, paths: list[Path], lang: str) -> LegacyReport:
    target = paths[0]
    checked = check_draft(target, str(target))
    origins = {
        str(path): written.origins for path, written in zip(paths, legacy.files, strict=True)
    }
    words = WORDS[lang]
    defects: list[Finding] = []
    to_complete: list[Finding] = []
    for finding in checked.sorted_findings():
        (to_complete if finding.code in PLACEHOLDER_CODES else defects).append(finding)
    written = "、".join(str(path) for path in paths)
    blocks = [words["wrote"].format(original=original, target=written)]
    if defects:
        blocks.append(words["defects"].format(count=len(defects)))
        for finding in defects:
            blocks.append(where_from(origins, finding, original, lang))
            blocks.append(format_finding(finding, checked.sources, lang))
    elif not legacy.contradicted:
        blocks.append(words["clean"])
    if legacy.contradicted:
        blocks.append(words["contradicted"].format(count=len(legacy.contradicted)))
        colon = "：" if lang == "zh" else ": "
        blocks += [f"  {item.place.say(lang)}{colon}{item.text}" for item in legacy.contradicted]
    if to_complete:
        blocks.append(words["to_complete"].format(count=len(to_complete)))
        blocks += [f"  {f.location}: {render_message(f, lang)}" for f in to_complete]
    if legacy.unmapped:
        blocks.append(words["unmapped"].format(count=len(legacy.unmapped)))
        for item in legacy.unmapped:
            text = item.text.replace("\n", " ")
            short = text if len(text) <= EXCERPT else f"{text[:EXCERPT]}…"
            colon = "：" if lang == "zh" else ": "
            blocks.append(f"  {item.place.say(lang)}{colon}{short}")
    failed = any(f.is_error for f in defects) or bool(legacy.contradicted)
    return LegacyReport("\n".join(blocks), failed)


def where_from(
    origins: dict[str, dict[int, Place]], finding: Finding, original: str, lang: str
) -> str:
    """`original 000.txt line 193 → 323005.yaml:125:16`: a finding's line traced to the
    original."""
    loc = finding.location
    place = origins.get(loc.file, {}).get(loc.line)
    said = place.say(lang) if place else "—"
    return WORDS[lang]["at"].format(original=original, place=said, location=loc)
