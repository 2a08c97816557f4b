"""Stage 0, import: what the narrative sections say (`legacy_sections.Found`), written as the
keys of a unit source in the schema's order.

A key the original does not give is left out, or, where a full disclosure needs it (the unit's
texts), written as a placeholder `【待填写：…】` for validation to list; a section the original
lacks, or prints in a shape this import does not map (a procurement table whose head it cannot
read), is named in `not_given` with a comment, and its text is kept as a comment at the end.
Last year's figures are written only where this year's figure and the printed change give them,
with the arithmetic in a comment beside them.
"""

from __future__ import annotations

from decimal import Decimal

from docgen.importing.legacy_emit import Writer, figure_scalar, written_figure
from docgen.importing.legacy_procurement import CATEGORY_TO_FILL_IN, PurchaseLine
from docgen.importing.legacy_sections import Found
from docgen.importing.legacy_units import source_value
from docgen.importing.mapping import NOT_GIVEN
from docgen.importing.targets import NUMBER, Printed
from docgen.terms import CHANGE_WORD_SIGNS, ProcurementCategory, RevenueSource

UNIT_TEXTS = {
    "department": "主管部门全称",
    "nature": "单位性质，如 行政、参公、事业",
    "rank": "单位规格，如 正科级",
    "funding_form": "经费保障形式，如 财政全额拨款",
    "responsibilities": "单位职责",
}
REVENUE_ORDER = [*(source.value for source in RevenueSource), "carryover", "total"]
EXPENDITURE_ORDER = ("personnel", "public", "basic_total", "projects_total", "total")
THREE_ITEMS = ("overseas", "vehicle_purchase", "vehicle_operation", "reception")
ASSET_ORDER = ("buildings", "office_space", "vehicles", "equipment", "other")


def not_given(found: Found) -> list[str]:
    """The sections a full source must give or name, that this import has nothing for."""
    given = {
        "last_year": bool(found.changes),
        "operating_costs": "amount" in found.operating,
        "three_public": bool(found.three_public),
        "procurement": bool(found.procurement or found.procurement_lines)
        and not found.procurement_rows,
        "assets": "as_of" in found.assets,
        "other_matters": bool(found.other_matters),
    }
    return [key for key in NOT_GIVEN if not given[key]]


def write_unit_info(out: Writer, found: Found, code: Printed | None, name: Printed | None) -> None:
    out.add("unit:")
    if code is not None:
        out.code("  code: ", code)
    else:
        out.add('  code: "【待填写：单位编码】"')
    texts = {"name": name or found.unit.get("name"), **{k: found.unit.get(k) for k in UNIT_TEXTS}}
    for key, value in texts.items():
        if value is not None:
            out.text(f"  {key}: ", value)
        else:
            out.add(f"  {key}: 【待填写：{UNIT_TEXTS.get(key, '单位全称')}】")


def write_figures(
    out: Writer,
    key: str,
    figures: dict[str, Printed],
    order: tuple[str, ...] | list[str],
    notes: dict[str, str] | None = None,
) -> None:
    present = [name for name in order if name in figures]
    if not present:
        return
    out.add(f"{key}:")
    for name in present:
        out.figure(f"  {name}: ", figures[name], (notes or {}).get(f"{key}.{name}", ""))


def write_budget(out: Writer, found: Found) -> None:
    write_budget_figures(out, found)
    if found.changes:
        write_last_year(out, found)


def write_budget_figures(out: Writer, found: Found) -> None:
    """`revenue:` and `expenditure:`, a 基本支出 the text does not split left to fill in."""
    write_figures(out, "revenue", found.revenue, REVENUE_ORDER, found.table_notes)
    write_figures(out, "expenditure", found.expenditure, EXPENDITURE_ORDER, found.table_notes)
    if "basic_total" in found.expenditure:  # 基本支出 not split into 人员 and 公用 in the text
        for key, what in (("personnel", "人员经费"), ("public", "公用经费")):
            if key not in found.expenditure:
                out.add(f"  {key}: 【待填写：{what}（原文未分列）】")


def signed(change: tuple[Printed, Printed | None]) -> Decimal | None:
    """A printed change as a signed amount (持平 is 0 with or without its 0); None when the
    word asks for an amount the original leaves out, or prints no number."""
    word, amount = change
    sign = CHANGE_WORD_SIGNS[word.text]
    if amount is None or not NUMBER.match(amount.text):
        return Decimal(0) if sign == 0 else None
    return sign * source_value(amount)


def this_year(found: Found) -> dict[str, Decimal]:
    """This year's figures a last-year figure is implied from: the stated ones only."""
    figures = {k: source_value(v) for k, v in found.expenditure.items() if NUMBER.match(v.text)}
    now = {}
    if "basic_total" in figures:
        now["basic"] = figures["basic_total"]
    if "projects_total" in figures:
        now["projects"] = figures["projects_total"]
    elif "total" in figures and "basic_total" in figures:
        now["projects"] = figures["total"] - figures["basic_total"]
    if "total" in figures:
        now["total"] = figures["total"]
    return now


def write_last_year(out: Writer, found: Found) -> None:
    out.add("last_year:")
    now = this_year(found)
    for key in ("basic", "projects", "total"):
        if key in found.printed_last:
            out.figure(f"  {key}: ", found.printed_last[key])
            continue
        change = found.changes.get(key)
        delta = signed(change) if change else None
        if change is None or delta is None or key not in now:
            continue
        out.comment(f"上年数原文未印出，由本年 {now[key]:f} 与原文的“{change[0].text}”推出", "  ")
        out.add(f"  {key}: {now[key] - delta:f}", change[0].place)
    out.add("  stated_changes:")
    for key, change in found.changes.items():
        write_change(out, f"    {key}: ", change, found.rates.get(key))
    write_reasons(out, "  ", found.reasons)


def write_change(
    out: Writer, prefix: str, change: tuple[Printed, Printed | None], rate: Printed | None = None
) -> None:
    word, amount = change
    text = f"{{word: {word.text}" + (f", amount: {written_figure(amount)}" if amount else "")
    text += f", percent: {figure_scalar(rate.text)}" if rate else ""
    out.add(prefix + text + "}", (amount or word).place)


def write_reasons(out: Writer, indent: str, reasons: dict[str, Printed]) -> None:
    if reasons:
        out.add(f"{indent}reasons:")
        for key, reason in reasons.items():
            out.text(f"{indent}  {key}: ", reason)


def write_operating(out: Writer, found: Found) -> None:
    if "amount" not in found.operating:
        return
    out.add("operating_costs:")
    out.figure(
        "  amount: ", found.operating["amount"], found.table_notes.get("operating_costs.amount", "")
    )
    purpose = found.operating.get("purpose")
    if purpose is not None:
        out.text("  purpose: ", purpose)
    elif not is_zero(found.operating["amount"]):  # none arranged needs no purpose
        out.add("  purpose: 【待填写：机关运行经费的用途】")
    if found.operating_change is not None:
        write_change(out, "  stated_change: ", found.operating_change)
    if "reason" in found.operating:
        out.text("  reason: ", found.operating["reason"])


def is_zero(figure: Printed) -> bool:
    return bool(NUMBER.match(figure.text)) and Decimal(figure.text) == 0


def write_three_public(out: Writer, found: Found) -> None:
    figures = found.three_public
    if not figures:
        return
    out.add("three_public:")
    items = [key for key in THREE_ITEMS if key in figures]
    out.add("  this_year:" if items else "  this_year: {}")
    notes = found.table_notes
    for key in items:
        out.figure(f"    {key}: ", figures[key], notes.get(f"three_public.{key}", ""))
    if all(key in found.three_last for key in THREE_ITEMS):  # last year's, as printed
        out.add("  last_year:")
        for key in THREE_ITEMS:
            said = notes.get(f"three_public.last_year.{key}", "")
            out.figure(f"    {key}: ", found.three_last[key], said)
    stated = [key for key in ("total", "vehicles") if key in figures]
    if stated:
        out.add("  stated:")
        for key in stated:
            out.figure(f"    {key}: ", figures[key], notes.get(f"three_public.{key}", ""))
    if found.three_changes:
        out.add("  stated_changes:")
        for key, change in found.three_changes.items():
            write_change(out, f"    {key}: ", change)
    write_reasons(out, "  ", found.three_reasons)


PROCUREMENT_TEXTS = ("project", "item")
PROCUREMENT_CODES = ("catalogue_no",)


def write_procurement(out: Writer, found: Found) -> None:
    if "procurement" in not_given(found):
        return
    out.add("procurement:")
    out.add("  lines:" if found.procurement_lines else "  lines: []")
    for line in found.procurement_lines:
        write_purchase_line(out, line)
    figures = found.procurement
    if "total" in figures:
        out.figure("  total: ", figures["total"])
    for key in (*(kind.value for kind in ProcurementCategory), "reserved_sme", "reserved_micro"):
        if key in figures:
            out.figure(f"  {key}: ", figures[key])


LINE_NAMES = {"project": "项目名称", "item": "采购物品名称"}


def write_purchase_line(out: Writer, line: PurchaseLine) -> None:
    """One line in the schema's order; what the table leaves blank is left out, but for the
    project, item and 品目 a line cannot do without."""
    values, first = line.values, "  - "
    for key, what in LINE_NAMES.items():
        if key in values:
            out.text(f"{first}{key}: ", values[key])
        else:
            out.add(f"{first}{key}: 【待填写：{what}】")
        first = "    "
    if "catalogue_no" in values:
        out.code("    catalogue_no: ", values["catalogue_no"])
    write_category(out, line)
    if "measure_unit" in values:
        out.text("    measure_unit: ", values["measure_unit"])
    write_line_figures(out, line)


def write_category(out: Writer, line: PurchaseLine) -> None:
    category = line.values.get("category")
    if category is None:
        out.add(f"    category: {CATEGORY_TO_FILL_IN}")
        return
    if line.category_inferred:
        out.comment(f"品目由目录序号 {line.values['catalogue_no'].text} 的首字母推出", "    ")
    out.text("    category: ", category)


def write_line_figures(out: Writer, line: PurchaseLine) -> None:
    for key in ("quantity", "unit_price"):
        if key in line.values:
            out.figure(f"    {key}: ", line.values[key])
    if line.amounts:
        inner = ", ".join(f"{k}: {figure(v)}" for k, v in line.amounts.items())
        out.add(f"    amounts: {{{inner}}}", next(iter(line.amounts.values())).place)
    else:
        out.add("    amounts: {}")
    if "total" in line.values:
        out.figure("    total: ", line.values["total"])


def write_assets(out: Writer, found: Found) -> None:
    assets = found.assets
    if "as_of" not in assets:
        return
    out.add("assets:")
    date = assets["as_of"]["date"]
    out.add(f'  as_of: "{date.text}"', date.place)
    for key in ASSET_ORDER:
        if key in assets:
            parts = assets[key]
            inner = ", ".join(f"{name}: {figure(value)}" for name, value in parts.items())
            first = next(iter(parts.values()), None)
            out.add(f"  {key}: {{{inner}}}", first.place if first else None)
    for key in ("total", "planned_purchases"):
        if key in assets:
            out.figure(f"  {key}: ", assets[key]["value"])


def figure(value: Printed) -> str:
    return written_figure(value)


def write_glossary(out: Writer, found: Found) -> None:
    if not found.glossary:
        return
    out.add("glossary:")
    for term, definition in found.glossary:
        out.text("  - term: ", term)
        out.text("    definition: ", definition)


def write_other_matters(out: Writer, found: Found) -> None:
    if not found.other_matters:
        return
    first = found.other_matters[0]
    out.text(
        "other_matters: ", Printed("\n".join(p.text for p in found.other_matters), first.place)
    )
