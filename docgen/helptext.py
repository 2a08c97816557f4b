"""The command line's help in the locale's language: Chinese under a zh_* locale, else English.

Typer takes a command's help where it is declared, in English (`cli`); this catalogue gives each
text its Chinese. While a help page is formatted, the command classes below put the locale's
texts in place (and back afterwards), with typer's own words on the page (the panel titles,
`Usage:`, `[default: …]`), so that a page is in one language.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from typer.core import TyperCommand, TyperGroup

from docgen.options import FORMATS_HELP
from docgen.render import FORMATS, PDF_ENGINES
from docgen.terms import Lang, PdfVariant

# Every help text of the command line (commands, arguments, options), English → Chinese; the
# keys are the texts as declared, white space made single spaces.
ZH: dict[str, str] = {
    # docgen itself, typer's and click's options
    "docgen: check YAML budget sources and make the public budget disclosures from them.": (
        "docgen：由 YAML 预算源文件生成并核对预算信息公开文档。"
    ),
    "Show the version and exit.": "显示版本号并退出。",
    "Show tracebacks of internal errors.": "内部错误时显示调用栈（traceback）。",
    "Show this message and exit.": "显示此帮助并退出。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本，可复制或自行安装。"
    ),
    # the options several commands share
    "Message language: zh or en (default: locale).": "消息语言：zh 或 en（默认随系统区域设置）。",
    "Output folder.": "输出文件夹。",
    FORMATS_HELP: f"输出格式，以逗号分隔或重复给出：{','.join(FORMATS)}（默认全部）。",
    "Worker processes (default: cores).": "并行进程数（默认为 CPU 核数）。",
    "A folder of partials overriding ours.": "模板文件夹：其中的模板片段替换内置的同名片段。",
    "Unit or department sources, or folders.": "单位或部门源文件，或文件夹。",
    f"Who lays out the PDF: {' or '.join(PDF_ENGINES)} (default: the first).": (
        f"PDF 由谁排版：{' 或 '.join(PDF_ENGINES)}（默认为第一个）。"
    ),
    f"What the WeasyPrint PDF is made to be: {', '.join(PdfVariant)} (default: the first; "
    "the Typst PDF is always PDF/UA-1 and PDF/A-2a).": (
        f"WeasyPrint 生成的 PDF：{'、'.join(PdfVariant)}（默认为第一个；"
        "Typst 生成的 PDF 总是 PDF/UA-1 加 PDF/A-2a）。"
    ),
    "Only errors: no warnings, no progress, no summary of what went well.": (
        "只显示错误：不显示警告、进度和成功的汇总。"
    ),
    "More: every file checked, every document with its time.": (
        "显示更多：检查的每个文件、生成的每个文档及其用时。"
    ),
    # validate
    "Check sources against the schema and the identities of a disclosure.": (
        "按格式要求（schema）和预算公开的各项等式核对源文件。"
    ),
    "Unit or department sources, or folders; - reads one source from standard input.": (
        "单位或部门源文件，或文件夹；“-”表示从标准输入读取一个源文件。"
    ),
    "How to report the findings: text or json.": "报告问题的方式：text 或 json。",
    "Warnings fail too.": "有警告也算不通过。",
    # build
    "Check sources, then render every valid one to OUT/<code>-<year>/ (HTML, PDF, DOCX, and "
    "for the standard tables XLSX and open data: CSV with datapackage.json).": (
        "核对源文件，再把每个无误的源文件生成到 OUT/<编码>-<年度>/"
        "（HTML、PDF、DOCX，以及公开表的 XLSX 和开放数据：CSV 与 datapackage.json）。"
    ),
    # build-all
    "Build a whole county: check every source, render what changed in parallel, and write "
    "OUT/index.html and OUT/summary.xlsx (with -f data also OUT/datapackage.json).": (
        "生成全县：核对每个源文件，并行生成有变化的文档，"
        "并写出 OUT/index.html 和 OUT/summary.xlsx（选 -f data 时还有 OUT/datapackage.json）。"
    ),
    "A county's folder (county.yaml at its root).": "全县的文件夹（其中有 county.yaml）。",
    "Rebuild even what is up to date.": "即使已是最新也重新生成。",
    # diff
    "What changed in the figures: projects, every figure old → new, indicators, and the totals "
    "they move (unit, department, county). Sides in 元 and 万元 are compared in 万元 to 0.01, "
    "a 元 figure rounded half up.": (
        "数字有哪些变化：项目、每个数字的原值 → 新值、绩效指标，"
        "以及由此变动的合计（单位、部门、全县）。以元和以万元为单位的两边按万元比较，"
        "精确到 0.01，元数四舍五入。"
    ),
    "OLD NEW (each a file, a folder or REV:path), or with --rev a folder.": (
        "原 新（各为文件、文件夹或 版本:路径），或配合 --rev 给出一个文件夹。"
    ),
    "A..B: the folder at revision A against B.": "A..B：比较文件夹在版本 A 和版本 B 的内容。",
    "How to report: text, markdown or json.": "报告方式：text、markdown 或 json。",
    "Exit 1 when something changed, 0 when not.": "有变化时退出码为 1，无变化时为 0。",
    # preview
    "Show a source's document in the browser, as build writes its HTML, rendered again on every "
    "save, with its findings; buttons build its PDF or DOCX into OUT (default: out).": (
        "在浏览器中预览源文件生成的文档（与 build 写出的 HTML 相同），每次保存后自动更新，"
        "并列出发现的问题；页面上的按钮把 PDF 或 DOCX 生成到 OUT（默认为 out）。"
    ),
    "A unit or department source, or a folder of them.": "单位或部门源文件，或存放它们的文件夹。",
    "The port on 127.0.0.1 (0: any free one).": "在 127.0.0.1 上使用的端口（0 表示任一空闲端口）。",
    "Do not open a web browser.": "不打开浏览器。",
    # doctor, schema, profiles
    "Report what rendering needs and whether this machine has it.": (
        "列出生成文档所需的字体和程序库，以及本机是否具备。"
    ),
    "Print the JSON Schema of a source kind (for editors and other tools).": (
        "输出某类源文件的 JSON Schema（供编辑器等工具使用）。"
    ),
    "unit, department or county.": "unit（单位）、department（部门）或 county（县）。",
    "List the province profiles a source can name (`profile:`), with their tables.": (
        "列出源文件可以选用的省份配置（profile:）及其公开表。"
    ),
    "A folder of sources: its own profiles are listed first.": (
        "源文件所在文件夹：先列出其中自带的配置。"
    ),
    # init
    "Start a new source: every section with its Chinese help, example figures that add up, and "
    "placeholders that validate lists until they are filled in. Never overwrites a file.": (
        "新建源文件：每个部分都带中文说明，示例数字已满足核对等式，"
        "待填写的占位符在填好之前由 validate 逐个列出。不会覆盖已有文件。"
    ),
    "The file to write, or a folder to write it in (default: unit.yaml, department.yaml or "
    "county.yaml here).": (
        "要写出的文件，或写入的文件夹"
        "（默认在当前文件夹写 unit.yaml、department.yaml 或 county.yaml）。"
    ),
    "The budget year (default: this year).": "预算年度（默认为今年）。",
    "A unit's province profile (docgen profiles lists them).": (
        "单位所用的省份公开格式（docgen profiles 列出可用的格式）。"
    ),
    # import
    "Read a workbook of the standard tables, or a disclosure already published, into a new "
    "source, figures exactly as printed, and check it at once: the file's own errors are shown "
    "at their place in it (sheet!cell, or line).": (
        "把公开表工作簿或已公开的预算公开文件读成新的源文件，数字照原文所印，并立即核对："
        "原文件本身的错误指明到其位置（“工作表!单元格”或行号）。"
    ),
    "A workbook of the standard tables (.xlsx), as exported, or a disclosure already published "
    "(.docx, or its text as .txt).": (
        "公开表工作簿（.xlsx，如预算系统导出的文件），"
        "或已公开的预算公开文件（.docx 或其文本 .txt）。"
    ),
    "The source to write (default: <unit code>.yaml here, else the workbook's name with .yaml).": (
        "要写出的源文件（默认在当前文件夹写 <单位编码>.yaml，没有编码时用工作簿的文件名）。"
    ),
    "The budget year, when no title gives it.": "预算年度（表名中没有年度时必须给出）。",
    "Overwrite the source if it exists.": "源文件已存在时覆盖它。",
}

# typer's own words on a help page, in Chinese: rich_utils reads these when it formats one.
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "DEFAULT_STRING": "[默认：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
}
USAGE = {Lang.zh: "用法：", Lang.en: "Usage: "}


def default_lang() -> Lang:
    """Chinese for a zh_* locale, English otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return Lang.zh if value.lower().startswith("zh") else Lang.en
    return Lang.en


def key_of(text: str) -> str:
    return " ".join(text.split())


def translate(text: str, lang: Lang) -> str:
    return ZH.get(key_of(text), text) if lang is Lang.zh else text


@contextmanager
def localised(command: Any, ctx: Any) -> Iterator[None]:
    """The command's help page in the locale's language, for the time it is formatted."""
    lang = default_lang()
    if lang is Lang.en:
        yield
        return
    # Imported for a help page only: rich's Markdown and its parser cost every command a few
    # hundredths of a second at start.
    from typer import rich_utils  # noqa: PLC0415

    subcommands = list(getattr(command, "commands", {}).values())
    texts = [(command, "help"), *((p, "help") for p in command.get_params(ctx))]
    texts += [(sub, name) for sub in subcommands for name in ("help", "short_help")]
    saved = [(obj, name, getattr(obj, name, None)) for obj, name in texts]
    words = {name: getattr(rich_utils, name) for name in TYPER_WORDS}
    try:
        for obj, name, value in saved:
            if value:
                setattr(obj, name, translate(value, lang))
        for name, word in TYPER_WORDS.items():
            setattr(rich_utils, name, word)
        yield
    finally:
        for obj, name, value in saved:
            setattr(obj, name, value)
        for name, word in words.items():
            setattr(rich_utils, name, word)


class LocalisedCommand(TyperCommand):
    """A command whose help page follows the locale."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with localised(self, ctx):
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix=USAGE[default_lang()])


class LocalisedGroup(TyperGroup):
    """docgen itself: its help page, with the list of commands, follows the locale."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with localised(self, ctx):
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix=USAGE[default_lang()])
