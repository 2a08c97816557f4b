"""Stage 0, import: a legacy disclosure's 单位政府采购预算 table → the source's procurement lines.

Two shapes are read by their heads, not their positions: the seeds' (政府采购项目来源 over
项目名称 | 预算资金, then 采购物品名称 … 单价, and 政府采购金额 over 合计 and one column per
source) and docgen's own (项目名称 | 采购物品名称 | 品目 | 目录序号 … 政府采购金额 over 合计
and the sources used). A
Word table stores a vertically merged head cell once, in its top row, and an empty cell below
it; so an empty cell of the lowest head row takes, in order, the labels of the rows above that
do not head a group. A line without a printed 品目 takes it from its catalogue number (the
政府采购品目分类目录 numbers goods A…, works B…, services C…), else it is left to fill in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.importing.targets import NUMBER, Printed, squeeze
from docgen.importing.text_reader import Cell, Table
from docgen.terms import RevenueSource

GROUP_HEADS = re.compile(r"^(政府采购项目来源|政府采购金额|预算资金来源|资金来源)")
COLUMN_ROLES = (
    (re.compile(r"^(项目名称|项目)$"), "project"),
    (re.compile(r"^(采购物品名称|采购品目名称|采购项目名称|采购内容)$"), "item"),
    (re.compile(r"^(品目|采购类别|采购品目|类别)$"), "category"),
    (re.compile(r"目录序号|目录编码|品目编码"), "catalogue_no"),
    (re.compile(r"^计量单位$"), "measure_unit"),
    (re.compile(r"^数量$"), "quantity"),
    (re.compile(r"^单价"), "unit_price"),
    (re.compile(r"^合计$"), "total"),
    (re.compile(r"^一般公共预算(拨款)?"), RevenueSource.general_budget.value),
    (re.compile(r"^(政府性)?基金预算(拨款)?"), RevenueSource.government_fund.value),
    (re.compile(r"^国有资本经营预算(拨款)?"), RevenueSource.state_capital.value),
    (re.compile(r"^财政专户"), RevenueSource.fiscal_special_account.value),
    (re.compile(r"^(单位资金|其他资金)"), RevenueSource.unit_funds.value),
)
FIGURES = ("quantity", "unit_price", "total", *(source.value for source in RevenueSource))
CATEGORY_BY_CATALOGUE = {"A": "货物", "B": "工程", "C": "服务"}
CATEGORY_TO_FILL_IN = "【待填写：货物、工程或服务】"


@dataclass
class PurchaseLine:
    """One line of the table, each value with the cell it was printed in."""

    values: dict[str, Printed] = field(default_factory=dict)
    amounts: dict[str, Printed] = field(default_factory=dict)  # by revenue source
    category_inferred: bool = False  # from the catalogue number, said in a comment


def is_procurement_table(table: Table) -> bool:
    roles = set(column_roles(table).values())
    return {"item", "total"} <= roles


def column_roles(table: Table) -> dict[int, str]:
    """Column number → role, from the head rows above the first 合计 or figure row."""
    head = head_rows(table)
    if not head:
        return {}
    lowest = max(head, key=len)
    above = [squeeze(cell.text) for row in head if row is not lowest for cell in row]
    leaves = iter([label for label in above if label and not GROUP_HEADS.match(label)])
    roles: dict[int, str] = {}
    for number, cell in enumerate(lowest):
        label = squeeze(cell.text) or next(leaves, "")
        role = next((role for pattern, role in COLUMN_ROLES if pattern.search(label)), None)
        if role is not None and role not in roles.values():
            roles[number] = role
    return roles


def head_rows(table: Table) -> list[tuple[Cell, ...]]:
    """The rows of column labels: from the first that names a column (not the unit's name and
    money unit printed above them) to the row before the first 合计 or figure."""
    heads: list[tuple[Cell, ...]] = []
    for row in table.rows[: body_start(table)]:
        if heads or any(is_label(squeeze(cell.text)) for cell in row):
            heads.append(row)
    return heads


def body_start(table: Table) -> int:
    for number, row in enumerate(table.rows):
        first = squeeze(row[0].text) if row else ""
        if first == "合计" or any(NUMBER.match(cell.text.strip()) for cell in row):
            return number
    return len(table.rows)


def is_label(text: str) -> bool:
    return bool(GROUP_HEADS.match(text)) or any(p.search(text) for p, _ in COLUMN_ROLES)


def purchase_lines(table: Table) -> list[PurchaseLine]:
    """The table's lines with an item or a figure; 合计 and 小计 rows are the table's sums."""
    roles = column_roles(table)
    body = table.rows[body_start(table) :]
    lines: list[PurchaseLine] = []
    project: Printed | None = None
    for row in body:
        label = squeeze(row[0].text) if row else ""
        if label == "合计" or label.endswith(("小计", "合计")):
            continue
        line = read_line(row, roles)
        if "project" in line.values:
            project = line.values["project"]
        elif project is not None:
            line.values["project"] = project  # a merged 项目名称 cell, printed once above
        if "item" in line.values or line.amounts:
            lines.append(line)
    return lines


def read_line(row: tuple[Cell, ...], roles: dict[int, str]) -> PurchaseLine:
    line = PurchaseLine()
    for number, role in roles.items():
        if number >= len(row) or not (text := row[number].text.strip()):
            continue
        printed = Printed(text, row[number].place)
        if role in FIGURES and role not in ("quantity", "unit_price", "total"):
            line.amounts[role] = printed
        else:
            line.values[role] = printed
    if "category" not in line.values:
        catalogue = line.values.get("catalogue_no")
        kind = CATEGORY_BY_CATALOGUE.get(catalogue.text[:1].upper()) if catalogue else None
        if kind is not None and catalogue is not None:
            line.values["category"] = Printed(kind, catalogue.place)
            line.category_inferred = True
    return line
