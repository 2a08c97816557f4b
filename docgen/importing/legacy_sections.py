"""Stage 0, import: the narrative sections of a legacy disclosure → the keys of a unit source.

Each section (一 单位职责 … 九 其他需要说明的事项) is read from the sentences and tables the seeds
print: `2021年预算收入28421.85万元，其中：一般公共预算收入23421.85万元，…`, `较2020年预算增加
5199.23万元，其中：基本支出减少259.23万元，主要为…`, the 单位机构设置 and 固定资产 tables, the
numbered glossary. A figure is taken with the digits printed; a paragraph no reader uses is handed
back, with its place, to be kept as a comment and listed in the import's report. Last year's
figures, which the seeds never print, are what this year's and the printed change imply, and the
source says so beside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from docgen.importing.legacy_procurement import (
    PurchaseLine,
    is_procurement_table,
    purchase_lines,
)
from docgen.importing.legacy_project_figures import read_project_rows
from docgen.importing.targets import MONEY, NUM, NUMBER, Printed, squeeze
from docgen.importing.text_reader import Block, Cell, Paragraph, Table
from docgen.terms import CHANGE_WORD_SIGNS

WORD = "|".join(sorted(CHANGE_WORD_SIGNS, key=len, reverse=True))
# What stands between a figure's name and its number, in the seeds and in the Ministry's
# template: 预算收入28421.85万元, 收入预算总额…, 机关运行经费财政拨款预算数为…, “三公”经费共计安排…
LEAD = r"(?:财政拨款)?(?:预算)?(?:数|总额|总计|合计)?(?:共计)?(?:安排)?(?:为)?"
# 比2020年预算增加5.00万元 / 较2020年减少 / 与2020年相比持平
NEXT_ITEM = re.compile(rf"[，,]?(?:基本支出|项目支出)(?:{WORD})")  # the next item's change
REASON_LEAD = re.compile(r"^主要(?:原因)?(?:是|为)[：:]?")
VERSUS = rf"(?:较|比)(\d{{4}})年(?:预算)?(?:数)?({WORD}){NUM}?{MONEY}?"
# …and the rate of the change after its amount (增加100.50万元，增长9.14%), as the Ministry's
# template and docgen's department document print it
RATE = r"(?:[，,](?:增长|下降)(\d+(?:\.\d+)?)[%％])?"
REVENUE_LABELS = (
    (re.compile(r"^一般公共预算"), "general_budget"),
    (re.compile(r"^(政府性)?基金预算"), "government_fund"),
    (re.compile(r"^国有资本经营预算"), "state_capital"),
    (re.compile(r"^财政专户"), "fiscal_special_account"),
    (re.compile(r"^事业单位经营收入"), "operating_income"),
    (re.compile(r"^事业收入"), "business_income"),
    (re.compile(r"^上级补助收入"), "superior_subsidy"),
    (re.compile(r"^附属单位上缴收入"), "affiliated_remittance"),
    (re.compile(r"^(其他来源|单位资金)"), "unit_funds"),
    (re.compile(r"^其他收入"), "other_income"),
    (re.compile(r"^上年结转"), "carryover"),
)
UNIT_COLUMNS = {
    "单位名称": "name",
    "单位性质": "nature",
    "单位规格": "rank",
    "经费保障形式": "funding_form",
}
THREE_PUBLIC_ITEMS = {
    "因公出国（境）费": "overseas",
    "公务用车购置及运维费": "vehicles",
    "公务用车购置及运行维护费": "vehicles",
    "公务接待费": "reception",
}
YEAR_COLUMN = re.compile(r"^(\d{4})年(?:预算(?:数)?)?$")
ROW_NUMBERING = re.compile(r"^(?:\d{1,2}[、.．]|[一二三四五六七八九十]+、|其中[：:])")
BUDGET_ROWS = {"合计": "total", "基本支出": "basic", "项目支出": "projects"}
THREE_ROWS = {
    "因公出国（境）费": "overseas",
    "公务用车购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation",
    "公务接待费": "reception",
}
# 机关运行经费's change, on a year named or on 上年 (as docgen prints it)
OPERATING_CHANGE = re.compile(
    rf"^(?:较|比)(\d{{4}}年|上年)(?:预算)?(?:数)?({WORD}){NUM}?{MONEY}?[，,]?"
    r"(?:(?:增长|下降)-?\d+(?:\.\d+)?[%％][，,。]?)?(.*)$"
)
GLOSSARY_ENTRY = re.compile(r"^\d{1,2}[、.．]\s*([^：:]{1,30})[：:]\s*(.+)$")  # 1、基本支出：指…
AS_OF = re.compile(r"截[止至](?:时间|日期)?[：:]?(\d{4})年(\d{1,2})月(\d{1,2})日")
ASSET_ROWS = (
    ("其中：办公用房", "office_space"),
    ("房屋", "buildings"),
    ("车辆", "vehicles"),
    ("设备", "equipment"),
    ("其他固定资产", "other"),
)


@dataclass
class Found:
    """What the sections say, by source key, and the blocks none of them used."""

    unit: dict[str, Printed] = field(default_factory=dict)
    revenue: dict[str, Printed] = field(default_factory=dict)
    expenditure: dict[str, Printed] = field(default_factory=dict)
    changes: dict[str, tuple[Printed, Printed | None]] = field(default_factory=dict)
    rates: dict[str, Printed] = field(default_factory=dict)  # a change's percent, by its key
    reasons: dict[str, Printed] = field(default_factory=dict)
    last_year: Printed | None = None
    printed_last: dict[str, Printed] = field(default_factory=dict)  # a year table's 上年 column
    operating: dict[str, Printed] = field(default_factory=dict)
    operating_change: tuple[Printed, Printed | None] | None = None
    three_public: dict[str, Printed] = field(default_factory=dict)
    three_changes: dict[str, tuple[Printed, Printed | None]] = field(default_factory=dict)
    three_reasons: dict[str, Printed] = field(default_factory=dict)
    three_last: dict[str, Printed] = field(default_factory=dict)  # a year table's 上年 column
    procurement: dict[str, Printed] = field(default_factory=dict)
    procurement_lines: list[PurchaseLine] = field(default_factory=list)
    procurement_rows: bool = False  # a table with figures this import does not map
    assets: dict[str, dict[str, Printed]] = field(default_factory=dict)
    glossary: list[tuple[Printed, Printed]] = field(default_factory=list)
    other_matters: list[Printed] = field(default_factory=list)
    budget_given: bool = False  # 二、单位预算安排的总体情况 is there: a full disclosure
    # "revenue.general_budget" → the other's digits, where the 公开表 and the narrative differ
    table_notes: dict[str, str] = field(default_factory=dict)
    projects_said: dict[str, Printed] = field(default_factory=dict)  # 项目：name → 预算数
    unused: list[Block] = field(default_factory=list)


def at(paragraph: Paragraph, text: str, unit: str | None = "") -> Printed:
    return Printed(text, paragraph.place, unit or "")


def search(pattern: str, paragraph: Paragraph) -> re.Match[str] | None:
    return re.search(pattern, paragraph.text)


def read_figures(paragraph: Paragraph, patterns: dict[str, str], into: dict[str, Printed]) -> None:
    """Each figure a pattern finds in the paragraph (its number, then its money unit), by its
    key, as printed."""
    for key, pattern in patterns.items():
        if match := search(pattern, paragraph):
            into[key] = at(paragraph, match[1], match[2])


# -- 一、单位职责及机构设置情况 -----------------------------------------------------------------


def read_unit(blocks: list[Block], found: Found) -> None:
    for index, block in enumerate(blocks):
        if isinstance(block, Table) and read_unit_table(block, found):
            continue
        if isinstance(block, Paragraph):
            label = squeeze(block.text).rstrip("：:")
            if label in ("单位职责", "部门职责", "主要职责", "单位机构设置情况", "机构设置情况"):
                continue
            before = blocks[index - 1] if index else None
            after_label = isinstance(before, Paragraph) and squeeze(before.text).startswith(
                ("单位职责", "部门职责", "主要职责")
            )
            if after_label or (index == 0 and not label.endswith(("情况", "设置"))):
                # The label of the table below, when the extraction ran it on: …计划。机构设置：
                text = re.sub(r"(?<=。)机构设置[：:]$", "", block.text)
                found.unit["responsibilities"] = at(block, text)
                continue
        found.unused.append(block)


def read_unit_table(table: Table, found: Found) -> bool:
    """单位名称 | 单位性质 | 单位规格 | 经费保障形式 over a row of values (blank rows between)."""
    head = [squeeze(cell.text) for cell in table.rows[0]]
    keys = [UNIT_COLUMNS.get(label) for label in head]
    filled = [row for row in table.rows[1:] if any(cell.text for cell in row)]
    if not any(keys) or not filled:
        return False
    for key, cell in zip(keys, filled[-1], strict=False):
        if key and cell.text:
            found.unit[key] = Printed(cell.text, cell.place)
    return True


# -- 二、单位预算安排的总体情况 -----------------------------------------------------------------


def read_budget(blocks: list[Block], found: Found) -> None:
    found.budget_given = True
    for block in blocks:
        if isinstance(block, Table) and read_last_year_table(
            block, BUDGET_ROWS, found.printed_last
        ):
            continue
        if isinstance(block, Table):  # checked against the project tables, kept too
            read_project_rows(block, found.projects_said)
        if isinstance(block, Paragraph):
            if re.match(r"^\d[、.．]\s*(收入|支出)说明$|^\d[、.．]\s*比上年增减情况$", block.text):
                continue
            used = [
                read_revenue(block, found),
                read_spending(block, found),
                read_change(block, found),
            ]
            if any(used):
                continue
        found.unused.append(block)


def read_revenue(paragraph: Paragraph, found: Found) -> bool:
    match = search(rf"(?:预算收入|收入预算){LEAD}{NUM}{MONEY}[，,]?(?:其中[：:])?(.*)$", paragraph)
    if match is None:
        return False
    found.revenue["total"] = at(paragraph, match[1], match[2])
    for item in re.split(r"[，,、；;。]", match[3]):
        part = re.match(rf"^(.*?)(?:收入)?(?:为)?{NUM}{MONEY}$", item.strip())
        if part is None:
            continue
        key = next((k for label, k in REVENUE_LABELS if label.match(part[1])), None)
        if key is not None:
            found.revenue[key] = at(paragraph, part[2], part[3])
    return True


def read_spending(paragraph: Paragraph, found: Found) -> bool:
    total = search(rf"(?<!基本)(?<!项目)(?:支出预算|预算支出){LEAD}{NUM}{MONEY}", paragraph)
    if total is None:
        return False
    found.expenditure["total"] = at(paragraph, total[1], total[2])
    patterns = {
        "basic_total": rf"基本支出(?:为)?{NUM}{MONEY}",
        "personnel": rf"人员类?(?:项目)?(?:经费|支出)(?:为)?{NUM}{MONEY}",
        "public": rf"公用(?:项目)?(?:经费|支出)(?:为)?{NUM}{MONEY}",
        "projects_total": rf"项目支出(?:为)?{NUM}{MONEY}",
    }
    read_figures(paragraph, patterns, found.expenditure)
    if match := search(r"反映(\S+?)年度(?:单位|部门)预算", paragraph):
        found.unit["department"] = at(paragraph, match[1])
    return True


def read_change(paragraph: Paragraph, found: Found) -> bool:
    total = search(VERSUS + RATE, paragraph)
    if total is None or "三公" in paragraph.text or "机关运行" in paragraph.text:
        return False
    found.last_year = at(paragraph, total[1])
    found.changes["total"] = (
        at(paragraph, total[2]),
        at(paragraph, total[3], total[4]) if total[3] else None,
    )
    read_rate(paragraph, "total", total[5], found)
    for key, label in (("basic", "基本支出"), ("projects", "项目支出")):
        match = search(rf"{label}({WORD}){NUM}?{MONEY}?{RATE}[，,]?([^；;。]*)", paragraph)
        if match:
            amount = at(paragraph, match[2], match[3]) if match[2] else None
            found.changes[key] = (at(paragraph, match[1]), amount)
            read_rate(paragraph, key, match[4], found)
            reason = NEXT_ITEM.split(match[5], 1)[0].strip()
            if reason:
                found.reasons[key] = at(paragraph, reason)
    return True


def read_rate(paragraph: Paragraph, key: str, rate: str | None, found: Found) -> None:
    """The percent a change is printed with, unsigned as a source states it: its word says
    the sign."""
    if rate:
        found.rates[key] = at(paragraph, rate)


def read_last_year_table(table: Table, labels: dict[str, str], into: dict[str, Printed]) -> bool:
    """A table of this year against last (项目 | 2021年预算 | 2020年预算 | 增减额 | …): last
    year's figure of each row it knows, as printed. False for any other table."""
    head = [squeeze(cell.text) for cell in table.rows[0]] if table.rows else []
    years = {int(m[1]): n for n, text in enumerate(head) if (m := YEAR_COLUMN.match(text))}
    last = years.get(max(years, default=0) - 1)
    if last is None:  # no column of the year before the latest one
        return False
    for row in table.rows[1:]:
        label = ROW_NUMBERING.sub("", squeeze(row[0].text)) if row else ""
        key = labels.get(label)
        if key is not None and last < len(row) and NUMBER.match(row[last].text):
            into[key] = Printed(row[last].text, row[last].place)
    return True


# -- 三、机关运行经费 and 四、“三公”经费 ----------------------------------------------------------


def read_operating(blocks: list[Block], found: Found) -> None:
    for block in blocks:
        pattern = rf"机关运行经费{LEAD}{NUM}{MONEY}[，,]?(.*?)。?$"
        if not isinstance(block, Paragraph) or not (match := search(pattern, block)):
            found.unused.append(block)
            continue
        found.operating["amount"] = at(block, match[1], match[2])
        read_operating_rest(block, match[3].strip(), found)


def read_operating_rest(paragraph: Paragraph, rest: str, found: Found) -> None:
    """After the amount: what it is used for (主要用于…), its change on last year and the
    reason (比2020年预算减少1.00万元，下降4.26%，主要原因是…), the change either right after the
    amount or in the sentence after the purpose, as docgen prints it."""
    purpose, _, after = rest.partition("。")
    if OPERATING_CHANGE.match(after.strip()) and not OPERATING_CHANGE.match(rest):
        rest = read_operating_change(paragraph, after.strip(), found) or ""
        rest = f"{purpose}，{rest}" if rest else purpose
    elif OPERATING_CHANGE.match(rest):
        rest = read_operating_change(paragraph, rest, found) or ""
    if rest:
        found.operating["purpose"] = at(paragraph, rest)


def read_operating_change(paragraph: Paragraph, said: str, found: Found) -> str | None:
    """比上年… and its reason; what follows the change when it is not a reason."""
    change = OPERATING_CHANGE.match(said)
    assert change is not None
    amount = at(paragraph, change[3], change[4]) if change[3] else None
    found.operating_change = (at(paragraph, change[2]), amount)
    rest = change[5].strip().rstrip("。")
    reason = REASON_LEAD.sub("", rest)
    if reason != rest:
        found.operating["reason"] = at(paragraph, reason)
        return None
    return rest


def read_three_public(blocks: list[Block], found: Found) -> None:
    for block in blocks:
        if isinstance(block, Table) and read_last_year_table(block, THREE_ROWS, found.three_last):
            continue
        if not isinstance(block, Paragraph) or "三公" not in block.text:
            found.unused.append(block)
            continue
        figures = {
            "total": rf"“?三公”?经费{LEAD}{NUM}{MONEY}",
            "overseas": rf"因公出国（境）费{LEAD}{NUM}{MONEY}",
            "vehicles": rf"公务用车购置及运(?:行)?(?:维护?)?费(?:为)?{NUM}{MONEY}",
            "vehicle_purchase": rf"公务用车购置费(?:为)?{NUM}{MONEY}",
            "vehicle_operation": rf"公务用车运(?:行)?维(?:护)?费(?:为)?{NUM}{MONEY}",
            "reception": rf"公务接待费{LEAD}{NUM}{MONEY}",
        }
        read_figures(block, figures, found.three_public)
        read_three_changes(block, found)


def read_three_changes(paragraph: Paragraph, found: Found) -> None:
    """`与2020年相比持平，其中，因公出国（境）费与2020年相比持平，无增减变化；…`: each clause an
    item's change (none: the total's) and what follows its word, the reason."""
    start = paragraph.text.find("年相比")
    if start < 0:
        return
    text = paragraph.text[paragraph.text.rfind("。", 0, start) + 1 :]
    for clause in re.split(r"[；;]|[，。]其中[，：:]?", text):
        match = re.match(rf"^(.*?)与\d{{4}}年相比({WORD}){NUM}?{MONEY}?[，,]?(.*?)。?$", clause)
        if match is None:
            continue
        key = THREE_PUBLIC_ITEMS.get(squeeze(match[1]), "total" if not match[1] else None)
        if key is None:
            continue
        amount = at(paragraph, match[3], match[4]) if match[3] else None
        found.three_changes[key] = (at(paragraph, match[2]), amount)
        if match[5].strip() and key != "total":
            found.three_reasons[key] = at(paragraph, match[5].strip())


# -- 六、政府采购 七、国有资产 八、名词解释 九、其他 ----------------------------------------


PROCUREMENT_FIGURES = {
    "total": rf"政府采购预算{LEAD}{NUM}{MONEY}",
    "goods": rf"货物(?:类)?(?:采购)?(?:预算)?(?:为)?{NUM}{MONEY}",
    "works": rf"工程(?:类)?(?:采购)?(?:预算)?(?:为)?{NUM}{MONEY}",
    "services": rf"服务(?:类)?(?:采购)?(?:预算)?(?:为)?{NUM}{MONEY}",
    "reserved_sme": rf"面向中小企业预留[^0-9，,。；;]*?{NUM}{MONEY}",
    "reserved_micro": rf"(?:面向|预留给)小微企业[^0-9，,。；;]*?{NUM}{MONEY}",
}


def read_procurement(blocks: list[Block], found: Found) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            if search(PROCUREMENT_FIGURES["total"], block):
                read_figures(block, PROCUREMENT_FIGURES, found.procurement)
                continue
            if squeeze(block.text).endswith("政府采购预算"):  # the table's caption
                continue
        elif is_procurement_table(block):
            found.procurement_lines += purchase_lines(block)
            continue
        elif any(re.fullmatch(NUM, cell.text) for row in table_body(block) for cell in row):
            found.procurement_rows = True  # lines this import cannot map: kept as notes
        else:
            continue  # the table's head and its blank 合计 rows: no line to buy
        found.unused.append(block)


def table_body(table: Table) -> list[tuple[Cell, ...]]:
    """A procurement table's rows below its head (the 合计 row and the lines)."""
    start = next((i for i, row in enumerate(table.rows) if squeeze(row[0].text) == "合计"), None)
    return list(table.rows[start:]) if start is not None else []


def read_assets(blocks: list[Block], found: Found) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            total = search(rf"固定资产(?:金额|总额)?(?:为|共计)?{NUM}{MONEY}", block)
            planned = search(rf"拟?购置固定资产(?:总额)?(?:为)?{NUM}{MONEY}", block)
            if AS_OF.search(squeeze(block.text)):
                found.assets["as_of"] = {"date": as_of(Cell(block.text, block.place))}
                continue  # 截止时间 printed above the table, as Word files made by docgen do
            if total or planned:
                if total:
                    found.assets.setdefault("total", {})["value"] = at(block, *total.groups())
                if planned:
                    found.assets.setdefault("planned_purchases", {})["value"] = at(
                        block, *planned.groups()
                    )
                continue
        elif read_asset_table(block, found):
            continue
        found.unused.append(block)


def read_asset_table(table: Table, found: Found) -> bool:
    """单位固定资产占用情况表: the date it counts at, then 项目 | 数量 | 价值 rows."""
    used = False
    for row in table.rows:
        label = squeeze(row[0].text)
        if dated := [cell for cell in row if AS_OF.search(squeeze(cell.text))]:
            found.assets["as_of"] = {"date": as_of(dated[0])}
            used = True
        elif label == "资产总额" and len(row) >= 3:
            found.assets["total"] = {"value": Printed(row[2].text, row[2].place)}
            used = True
        elif key := next((k for words, k in ASSET_ROWS if words in label), None):
            line = {}
            for name, cell in (("quantity", row[1:2]), ("value", row[2:3])):
                if cell and cell[0].text:
                    line[name] = Printed(cell[0].text, cell[0].place)
            found.assets[key] = line
            used = True
    return used


def as_of(cell: Cell) -> Printed:
    """截止时间：2020年12月31日 → 2020-12-31, the date the table counts the assets at."""
    match = AS_OF.search(squeeze(cell.text))
    assert match is not None
    year, month, day = match.groups()
    return Printed(f"{year}-{int(month):02d}-{int(day):02d}", cell.place)


def read_glossary(blocks: list[Block], found: Found) -> None:
    for block in blocks:
        if not isinstance(block, Paragraph) or not (match := GLOSSARY_ENTRY.match(block.text)):
            found.unused.append(block)
            continue
        found.glossary.append((at(block, match[1].strip()), at(block, match[2].strip())))


def read_other_matters(blocks: list[Block], found: Found) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            found.other_matters.append(at(block, block.text))
        else:
            found.unused.append(block)


READERS: dict[str, Callable[[list[Block], Found], None]] = {
    "unit": read_unit,
    "budget": read_budget,
    "operating_costs": read_operating,
    "three_public": read_three_public,
    "procurement": read_procurement,
    "assets": read_assets,
    "glossary": read_glossary,
    "other_matters": read_other_matters,
}
