"""The unit disclosure's sections 四, 六 and 七: “三公” funds, procurement, state assets."""

from __future__ import annotations

from docgen.compute import UnitFigures
from docgen.document.blocks import Block, Cell, Paragraph, Row, RowGroup, Section, Table
from docgen.document.columns import ASSETS, PROCUREMENT, THREE_PUBLIC
from docgen.document.numbers import (
    change_phrase,
    plain_number,
    prose_amount,
    said_amount,
    sentence,
    table_amount,
)
from docgen.document.performance import th
from docgen.document.register import as_of_text, register_sentences
from docgen.profiles import RegisterLayout
from docgen.source.model import AssetLine, Unit
from docgen.terms import (
    THREE_PUBLIC_HEADS,
    AssetCategory,
    AssetDetail,
    ProcurementCategory,
    RevenueSource,
    ThreePublic,
)

ASSET_MEASURES = {  # what the asset table counts a category in, beside its value
    AssetCategory.buildings: "（平方米）",
    AssetDetail.office_space: "（平方米）",
    AssetCategory.vehicles: "（台、辆）",
}


def asset_rows() -> tuple[tuple[str, str], ...]:
    """The asset table's rows: the categories numbered 1、…, 其中：办公用房 under 房屋."""
    rows = []
    for number, category in enumerate(AssetCategory, start=1):
        rows.append((category.value, f"{number}、{category.zh}{ASSET_MEASURES.get(category, '')}"))
        if category is AssetCategory.buildings:
            office = AssetDetail.office_space
            rows.append((office.value, f"其中：{office.zh}{ASSET_MEASURES[office]}"))
    return tuple(rows)


ASSET_ROWS = asset_rows()


def three_public_section(unit: Unit, figures: UnitFigures, heading: str) -> Section:
    three, tp = unit.three_public, figures.three_public
    if three is None or tp is None:
        return Section("s4", heading, (Paragraph("本单位无财政拨款“三公”经费预算。"),))
    u, now, year = unit.amount_unit, tp.items, unit.year
    last_year = unit.last_year.year if unit.last_year else year - 1
    item = ThreePublic
    stated = {**three.this_year, item.total: three.stated_total}
    stated[item.vehicles] = three.stated_vehicles
    said = {key: f"{key.zh}{said_amount(now[key], u, stated.get(key))}" for key in ThreePublic}
    summary = (
        f"{year}年，本单位财政拨款“三公”经费预算安排"
        f"{said_amount(now[item.total], u, three.stated_total)}。"
        f"其中，{said[item.overseas]}；{said[item.vehicles]}（其中：{said[item.vehicle_purchase]}，"
        f"{said[item.vehicle_operation]}）；{said[item.reception]}。"
    )
    reasons = {key: sentence(text.value) for key, text in three.reasons.items()}
    items = []
    for key in THREE_PUBLIC_HEADS:
        if key not in tp.changes:  # stated changes only, and this one is not stated
            continue
        phrase = f"{key.zh}与{last_year}年相比{change_phrase(tp.changes[key], u)}"
        items.append(f"{phrase}，{reasons[key]}" if reasons.get(key) else phrase)
    heads = []
    if "total" in tp.changes:
        total = f"与{last_year}年相比{change_phrase(tp.changes['total'], u)}"
        heads.append(f"{total}，{reasons['total']}" if reasons.get("total") else total)
    if items:
        heads.append(("其中，" if heads else "") + "；".join(items))
    changes = "。".join(heads) + "。" if heads else ""
    return Section("s4", heading, (Paragraph(summary + changes), three_public_table(unit, figures)))


def three_public_table(unit: Unit, figures: UnitFigures) -> Table:
    assert figures.three_public is not None
    tp = figures.three_public
    last_year = unit.last_year.year if unit.last_year else unit.year - 1
    item = ThreePublic
    lines = (
        (item.total, "合计"),
        (item.overseas, f"1、{item.overseas.zh}"),
        (item.vehicles, f"2、{item.vehicles.zh}"),
        (item.vehicle_purchase, f"　其中：{item.vehicle_purchase.zh}"),
        (item.vehicle_operation, f"　　　　{item.vehicle_operation.zh}"),
        (item.reception, f"3、{item.reception.zh}"),
    )
    rows = []
    for key, label in lines:
        change = tp.changes.get(key)
        rows.append(
            THREE_PUBLIC.row(
                {
                    "item": label,
                    "current": table_amount(tp.items[key]),
                    # not published when the source states the changes alone
                    "previous": table_amount(tp.previous[key]) if tp.previous else "—",
                    "delta": table_amount(tp.deltas[key]) if key in tp.deltas else "—",
                    # the narrative's word: a stated 持平 within rounding beside its difference
                    "word": change.said_word if change else "",
                }
            )
        )
    return THREE_PUBLIC.table(
        "财政拨款“三公”经费预算",
        (RowGroup(tuple(rows)),),
        above_left="财政拨款“三公”经费预算表",
        above_right=f"单位：{unit.amount_unit}",
        values={"year": unit.year, "last_year": last_year},
    )


def procurement_section(unit: Unit, figures: UnitFigures, heading: str) -> Section:
    procurement, pf = unit.procurement, figures.procurement
    if procurement is None or pf is None:
        return Section("s6", heading, (Paragraph("本单位本年度无政府采购预算。"),))
    u = unit.amount_unit
    text = f"{unit.year}年，本单位安排政府采购预算{said_amount(pf.total, u, procurement.total)}"
    if pf.total:
        stated = {ProcurementCategory[k].zh: v for k, v in (procurement.categories or {}).items()}
        parts = [
            f"{kind}{said_amount(amount, u, stated.get(kind))}"
            for kind, amount in pf.by_category.items()
        ]
        text += "，其中：" + "，".join(parts)
    text += "。"
    sme, micro = procurement.reserved_sme, procurement.reserved_micro
    if sme is not None:
        text += f"面向中小企业预留{said_amount(sme.value, u, sme)}"
        if micro is not None:
            text += f"，其中面向小微企业预留{said_amount(micro.value, u, micro)}"
        text += "。"
    blocks: list[Block] = []
    if procurement.lines:
        blocks = [Paragraph(text + "具体内容见下表。"), procurement_table(unit, figures)]
    else:
        note = procurement.empty_note.value if procurement.empty_note else ""
        blocks = [Paragraph(text + note)]
    return Section("s6", heading, tuple(blocks))


def procurement_table(unit: Unit, figures: UnitFigures) -> Table:
    assert unit.procurement is not None and figures.procurement is not None
    lines, pf = unit.procurement.lines, figures.procurement
    # Only the funding sources some line uses get a column: A4 portrait has no room for all five.
    sources = [s for s in RevenueSource if any(s in line.amounts for line in lines)]
    spec = PROCUREMENT.without(s for s in RevenueSource if s not in sources)
    described = sum(1 for column in spec.columns if not column.group)  # before the amounts
    total_row = spec.row(
        {
            "project": th("合计", colspan=described),
            "total": table_amount(pf.total),
            **{s: table_amount(pf.by_source[s]) for s in sources},
        }
    )
    rows = [total_row]
    for line, line_total in zip(lines, pf.line_totals, strict=True):
        rows.append(
            spec.row(
                {
                    "project": line.project.value,
                    "item": line.item.value,
                    "category": line.category.value,
                    "catalogue_no": line.catalogue_no.value if line.catalogue_no else "",
                    "measure_unit": line.measure_unit.value if line.measure_unit else "",
                    "quantity": plain_number(line.quantity.value if line.quantity else None),
                    "unit_price": table_amount(line.unit_price.value if line.unit_price else None),
                    "total": table_amount(line_total),
                    **{
                        s: table_amount(a.value) if (a := line.amounts.get(s)) else ""
                        for s in sources
                    },
                }
            )
        )
    return spec.table(
        "单位政府采购预算",
        (RowGroup(tuple(rows)),),
        style="figures small",
        above_left=f"{unit.info.code.value}{unit.info.name.value}",
        above_right=f"单位：{unit.amount_unit}",
    )


def assets_section(
    unit: Unit, figures: UnitFigures, heading: str, layout: RegisterLayout | None = None
) -> Section:
    """The asset table with its total, where the source gives categories, and the register of
    vehicles and large equipment in words, where it counts them."""
    assets = unit.assets
    if assets is None:
        return Section("s7", heading, (Paragraph("本单位无国有资产信息。"),))
    register = register_sentences(assets, unit.year, layout or RegisterLayout(), unit.amount_unit)
    blocks: list[Block] = list(asset_table_blocks(unit, figures))
    if register:
        blocks.append(Paragraph(register))
    if not blocks:
        return Section("s7", heading, (Paragraph("本单位无国有资产信息。"),))
    return Section("s7", heading, tuple(blocks))


def asset_table_blocks(unit: Unit, figures: UnitFigures) -> tuple[Block, ...]:
    assets, u = unit.assets, unit.amount_unit
    if assets is None or figures.assets_total is None:
        return ()
    planned = assets.planned_purchases.value if assets.planned_purchases else None
    text = (
        f"{unit.info.name.value}上年末固定资产金额为{prose_amount(figures.assets_total)}{u}"
        "（详见下表）"
    )
    text += (
        f"，本年度拟购置固定资产总额为{prose_amount(planned)}{u}。" if planned is not None else "。"
    )
    lines: dict[str, AssetLine | None] = {**assets.categories, "office_space": assets.office_space}
    rows: list[Row] = [
        ASSETS.row(
            {
                "item": "资产总额",
                "quantity": Cell("——", align="center"),
                "value": table_amount(figures.assets_total),
            }
        )
    ]
    for key, label in ASSET_ROWS:
        line = lines.get(key)
        rows.append(
            ASSETS.row(
                {
                    "item": label,
                    "quantity": plain_number(
                        line.quantity.value if line and line.quantity else None
                    ),
                    "value": table_amount(line.value.value if line and line.value else None),
                }
            )
        )
    table = ASSETS.table(
        "单位固定资产占用情况表",
        (RowGroup(tuple(rows)),),
        above_left=f"编制单位：{unit.info.name.value}",
        above_right=f"截止时间：{as_of_text(assets.as_of.value)}",
        values={"unit": u},
    )
    return (Paragraph(text), table)
