"""The state-asset register in words: the vehicles held by use and the large equipment, then
what this year's budget buys, as the Ministry of Finance's and the provinces' packages print
them (国有资产占有使用情况).

Only what the source gives is said: a use it does not count is not listed, a register without
planned purchases says nothing of them. The profile orders and words the vehicle uses and sets
the unit prices from which equipment is counted.
"""

from __future__ import annotations

from decimal import Decimal

from docgen.document.numbers import prose_amount
from docgen.profiles import RegisterLayout
from docgen.source.model import Assets, Register, VehicleCount
from docgen.terms import LargeEquipment, VehicleUse


def register_sentences(assets: Assets, year: int, layout: RegisterLayout, amount_unit: str) -> str:
    """截至…，本单位共有车辆…；单价…以上通用设备…。{year}年单位预算安排购置…。"""
    held, planned, as_of = assets.held, assets.planned, as_of_text(assets.as_of.value)
    text = ""
    vehicles = vehicles_held(held.vehicles, layout)
    equipment = equipment_phrase(held, layout, amount_unit, planned=False)
    if vehicles or equipment:
        said = "；".join(part for part in (vehicles, equipment) if part)
        text += f"截至{as_of}，本单位{said if vehicles else '共有' + said}。"
    if planned is not None:
        buys = "；".join(
            part
            for part in (
                vehicles_planned(planned.vehicles, layout),
                equipment_phrase(planned, layout, amount_unit, planned=True),
            )
            if part
        )
        if buys:
            text += f"{year}年单位预算{buys}。"
    return text


def vehicles_held(vehicles: VehicleCount | None, layout: RegisterLayout) -> str:
    """Vehicles held are the register's when counted by use; a count alone is the asset
    table's 车辆 row, said there."""
    if vehicles is None or not vehicles.by_use:
        return ""
    return f"共有车辆{count(vehicles.quantity.value)}辆" + uses_phrase(vehicles, layout)


def vehicles_planned(vehicles: VehicleCount | None, layout: RegisterLayout) -> str:
    if vehicles is None:
        return ""
    if vehicles.quantity.value == 0:
        return "未安排购置车辆"
    return f"安排购置车辆{count(vehicles.quantity.value)}辆" + uses_phrase(vehicles, layout)


def uses_phrase(vehicles: VehicleCount, layout: RegisterLayout) -> str:
    """，其中，机要通信用车1辆、…: the uses the source counts, in the profile's order and words;
    a use the profile does not list comes after, in docgen's words."""
    labels = dict(layout.vehicle_uses)
    order = [use for use, _ in layout.vehicle_uses]
    order += [use for use in VehicleUse if use not in labels]
    parts = [
        f"{labels.get(use, use.zh)}{count(vehicles.by_use[use].value)}辆"
        for use in order
        if use in vehicles.by_use
    ]
    return "，其中，" + "、".join(parts) if parts else ""


def equipment_phrase(
    register: Register, layout: RegisterLayout, amount_unit: str, planned: bool
) -> str:
    """单价50万元（含）以上通用设备2台（套），单价100万元（含）以上专用设备1台（套）: each kind the
    register counts; what this year buys says 安排购置 of each, or 未安排购置 where it buys none."""
    prices = dict(layout.equipment_prices)
    parts = []
    for kind in LargeEquipment:
        line = register.equipment.get(kind)
        if line is None or line.quantity is None:
            continue
        what = f"单价{prose_amount(prices[kind])}万元（含）以上{kind.zh}"
        if planned and line.quantity.value == 0:
            parts.append(f"未安排购置{what}")
            continue
        phrase = f"{'安排购置' if planned else ''}{what}{count(line.quantity.value)}台（套）"
        if line.value is not None:
            phrase += f"，价值{prose_amount(line.value.value)}{amount_unit}"
        parts.append(phrase)
    return "，".join(parts)


def count(value: Decimal) -> str:
    return prose_amount(value)


def as_of_text(value: str) -> str:
    """2020-12-31 → 2020年12月31日; any other form as written."""
    parts = value.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[0])}年{int(parts[1])}月{int(parts[2])}日"
    return value
