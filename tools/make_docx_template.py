"""Write templates/docx/disclosure.docx, the Word template docgen renders DOCX from.

Run once to (re)create the template: `python tools/make_docx_template.py`. After that the .docx is
the source of truth: restyle it in Word (styles 标题 1–3, 正文, Table Text, Table Heading, Table
Gap, 目录 1–3, the page header and footer) and docgen keeps the look. The language is zh-CN (style
defaults and document properties), and Word updates the fields (the table of contents) on
opening. Jinja tags in it: `{{ document.title }}` and
`{{ document.org_name }}` (title page, header, document properties) and `{{p body }}` (where the
sections go).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.tabstops import WD_TAB_ALIGNMENT, WD_TAB_LEADER

SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"
TARGET = Path(__file__).resolve().parent.parent / "templates" / "docx" / "disclosure.docx"


def set_fonts(style: BaseStyle, family: str, size: float, bold: bool = False) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold = family, Pt(size), bold
    font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), family)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def paragraph_style(document: Document, name: str, base: str = "Normal") -> BaseStyle:
    styles = document.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    return style


def field(paragraph, code: str) -> None:  # type: ignore[no-untyped-def]
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def set_language(document: Document, language: str) -> None:
    """Chinese for every run by default (spelling, line breaking, fonts a reader's Word picks)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    document.core_properties.language = language


def update_fields_on_open(document: Document) -> None:
    """Word refills the table of contents (its entries and page numbers) when the file opens."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.find(qn("w:compat")).addprevious(update)  # the schema's order: just before compat


def add_toc_styles(document: Document) -> None:
    """Word's built-in 目录 1–3 (toc 1–3): an entry, a dotted leader, its page at the margin."""
    for level in (1, 2, 3):
        style = document.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), f"TOC{level}")  # Word's own id and name: built in
        style.element.attrib.pop(qn("w:customStyle"))
        style.base_style = document.styles["Normal"]
        style.paragraph_format.first_line_indent = Pt(0)
        style.paragraph_format.left_indent = Pt(10.5 * (level - 1))
        # A long heading wraps short of the page number, which stays whole at the right tab.
        style.paragraph_format.right_indent = Pt(21)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.tab_stops.add_tab_stop(
            Mm(174), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )


def make_template() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.different_first_page_header_footer = True

    normal = document.styles["Normal"]
    set_fonts(normal, SERIF, 10.5)
    normal.paragraph_format.first_line_indent = Pt(21)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.3
    for level, size in ((1, 15), (2, 13), (3, 12)):
        heading = document.styles[f"Heading {level}"]
        set_fonts(heading, SANS, size, bold=True)
        heading.paragraph_format.first_line_indent = Pt(0)
        heading.paragraph_format.space_before = Pt(12 if level == 1 else 8)
        heading.paragraph_format.keep_with_next = True
    title = document.styles["Title"]
    set_fonts(title, SANS, 20, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.element.get_or_add_pPr().remove_all("w:pBdr")

    for name, size, bold in (("Table Text", 9, False), ("Table Heading", 9, True)):
        style = paragraph_style(document, name)
        set_fonts(style, SANS if bold else SERIF, size, bold)
        style.paragraph_format.first_line_indent = Pt(0)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.15
    above = paragraph_style(document, "Table Above")
    set_fonts(above, SANS, 9)
    above.paragraph_format.first_line_indent = Pt(0)
    above.paragraph_format.keep_with_next = True
    above.paragraph_format.tab_stops.add_tab_stop(Mm(174), alignment=2)  # right tab
    label = paragraph_style(document, "Label")
    set_fonts(label, SANS, 10.5, bold=True)
    label.paragraph_format.first_line_indent = Pt(0)
    item = paragraph_style(document, "Item")
    item.paragraph_format.first_line_indent = Pt(0)
    # Between two tables, so Word and LibreOffice keep them apart (two tables that touch are
    # joined into one): an empty line of 1 pt that barely moves the layout.
    gap = paragraph_style(document, "Table Gap")
    set_fonts(gap, SERIF, 1)
    gap.paragraph_format.first_line_indent = Pt(0)
    gap.paragraph_format.space_before = gap.paragraph_format.space_after = Pt(0)
    gap.paragraph_format.line_spacing = Pt(1)
    add_toc_styles(document)
    caption = document.styles["Caption"]
    set_fonts(caption, SANS, 9)
    caption.paragraph_format.first_line_indent = Pt(0)

    title_paragraph = document.add_paragraph("{{ document.title }}", style="Title")
    title_paragraph.paragraph_format.space_before = Pt(120)
    document.add_paragraph("{{p body }}")

    header = section.header.paragraphs[0]
    header.text = "{{ document.org_name }}"
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, code in (("第 ", "PAGE"), (" 页 / 共 ", "NUMPAGES")):
        footer.add_run(text)
        field(footer, code)
    footer.add_run(" 页")
    for paragraph in (header, footer):
        paragraph.style = document.styles["Table Text"]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    properties = document.core_properties
    properties.title = "{{ document.title }}"
    properties.author = "{{ document.org_name }}"
    properties.subject = "{{ document.org_code }}"
    properties.comments = ""
    properties.keywords = "预算信息公开"
    set_language(document, "zh-CN")
    update_fields_on_open(document)
    return document


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    make_template().save(str(TARGET))
    print(f"wrote {TARGET}")
