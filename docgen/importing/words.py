"""Stage 0, import: what the import says, in Chinese and English — why a workbook is refused,
and what it holds that the source does not carry.

Each text is keyed once here; `{where}` is never part of a text (the caller puts `sheet!cell`
first, compiler style).
"""

from __future__ import annotations

from typing import ClassVar

from docgen.findings import DocgenError

WORDS: dict[str, tuple[str, str]] = {
    # a workbook refused
    "unreadable": ("无法读取工作簿：{reason}", "cannot read the workbook: {reason}"),
    "too-large": (
        "工作簿过大（{size} 字节，上限 {limit} 字节），未导入",
        "workbook too large ({size} bytes, the limit is {limit}); not imported",
    ),
    "not-xlsx": (
        "不是 .xlsx 工作簿（不是 zip 文件）：请在 Excel 或 WPS 中另存为 .xlsx",
        "not an .xlsx workbook (not a zip file): save it as .xlsx in Excel or WPS",
    ),
    "encrypted": (
        "工作簿设有打开密码（已加密），或是旧的 .xls 文件：请取消密码并另存为 .xlsx",
        "the workbook is password-protected (encrypted), or an old .xls: remove the password "
        "and save it as .xlsx",
    ),
    "corrupt": (
        "工作簿已损坏，无法读取（{reason}）",
        "the workbook is damaged and cannot be read ({reason})",
    ),
    "formula-unsaved": (
        "公式 {formula} 没有保存计算结果：请在 Excel 或 WPS 中打开并保存后再导入",
        "the formula {formula} has no saved value: open and save the workbook in Excel or WPS, "
        "then import it",
    ),
    "not-a-number": (
        "此处应为金额，却是“{value}”",
        "a figure is expected here, found '{value}'",
    ),
    "table-missing": (
        "工作簿中没有{table}（按表名或工作表名查找，找到的表：{found}）",
        "the workbook has no {table} (looked for by title and sheet name; found: {found})",
    ),
    "revenue-missing": (
        "工作簿中没有给出收入的表（收支总表、收入总表或财政拨款收支总表）",
        "no table of the workbook gives the revenue (收支总表, 收入总表 or 财政拨款收支总表)",
    ),
    "head-missing": (
        "{table}的表头中没有“{column}”栏：表头是否移位或缺栏？",
        "the head of {table} has no '{column}' column: is the head shifted or short?",
    ),
    "figure-without-head": (
        "金额 {value} 所在的栏没有表头：表头是否移位？",
        "the figure {value} stands in a column without a head: is the head shifted?",
    ),
    "code-invalid": (
        "“{value}”不是{kind}科目编码（{column}栏）：表头是否移位？",
        "'{value}' is not a {kind} code (column {column}): is the head shifted?",
    ),
    "misplaced": (
        "“{value}”不应出现在“{column}”栏：表头是否移位？",
        "'{value}' does not belong in the column '{column}': is the head shifted?",
    ),
    "year-missing": (
        "工作簿的标题中没有年度（如“2021年”）：请用 --year 给出预算年度",
        "no title of the workbook gives its year (such as 2021年): give it with --year",
    ),
    "units-differ": (
        "{table}的金额单位是{unit}，而支出总表是{main}：已换算为{main}",
        "{table} is in {unit} where the 支出总表 is in {main}: converted to {main}",
    ),
    # what the source does not carry
    "row-unmapped": ("此行没有科目编码，未导入", "a row without a code: not imported"),
    "row-zero": ("此行各栏均为 0，未写入", "a row of zeros: nothing to write"),
    "column-unmapped": ("此栏未导入：源文件没有对应的位置", "a column the source has no place for"),
    "label-unmapped": ("此行未导入：源文件没有对应的位置", "a line the source has no place for"),
    "sheet-unmapped": (
        "工作表未识别为公开表（T1–T9），未导入",
        "a sheet not recognised as a standard table (T1–T9): not imported",
    ),
    "table-absent": (
        "工作簿中没有{table}：源文件不含其数字",
        "the workbook has no {table}: the source has none of its figures",
    ),
    "split-assumed": (
        "{sources}在此科目的人员经费、公用经费、项目支出如何划分，工作簿没有给出："
        "按人员经费、公用经费、项目支出的顺序依次分配",
        "how {sources} split their personnel, running and project costs in this code is not "
        "printed: allotted in that order",
    ),
    "carryover-unassigned": (
        "上年结转 {amount} 不属于任何财政拨款，且工作簿没有给出其来源：记为{source}",
        "a carry-over of {amount} belongs to no appropriation and the workbook does not say "
        "its source: taken as {source}",
    ),
    "carryover-unsplit": (
        "财政拨款收支总表中的上年结转合计与收支总表的上年结转不符：上年结转只写合计",
        "the carry-over by fund does not add up to the 收支总表's: only its total is written",
    ),
    "printed-twice-differs": (
        "{value} 与 {other} 处的 {other_value} 应相同，却不同",
        "{value} should equal {other_value} at {other}, and does not",
    ),
}


def say_from(words: dict[str, tuple[str, str]], key: str, lang: str, **params: str) -> str:
    zh, en = words[key]
    return (zh if lang == "zh" else en).format(**params)


def say(key: str, lang: str, **params: str) -> str:
    return say_from(WORDS, key, lang, **params)


class ImportFileError(DocgenError):
    """A file that cannot be imported: the key of its message in `words`, and where in the file
    (`sheet!cell`, a line, a paragraph), said first as a compiler does."""

    words: ClassVar[dict[str, tuple[str, str]]] = WORDS

    def __init__(self, key: str, where: str = "", **params: str) -> None:
        self.key, self.where, self.params = key, where, params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        text = say_from(self.words, self.key, lang, **self.params)
        return f"{self.where}: {text}" if self.where else text
