"""Stage 5, checks: the state-asset register (国有资产) as findings.

The category table adds up to its total (DOMAIN identity 9) and 办公用房 is part of 房屋; a table
has all of its categories or none; the vehicles counted by use add up to the vehicles held, and
to those to be bought this year.
"""

from __future__ import annotations

from decimal import Decimal

from docgen.compute import UnitFigures, own_rounding
from docgen.findings import Finding
from docgen.messages import make_finding
from docgen.rules.checks import check_sum, fmt
from docgen.source.model import Assets, Register, Unit
from docgen.terms import AssetCategory, AssetDetail

# The categories a published asset table always has; 单价在20万元以上的设备 may be empty.
TABLE_CATEGORIES = (AssetCategory.buildings, AssetCategory.vehicles, AssetCategory.other)


def check_assets(unit: Unit, figures: UnitFigures) -> list[Finding]:
    assets = unit.assets
    if assets is None:
        return []
    return [
        *check_asset_table(unit, figures, assets),
        *check_office_space(assets),
        *check_vehicle_uses(assets.held, ("车辆", "the vehicles")),
        *check_vehicle_uses(assets.planned, ("本年预算安排购置车辆", "the vehicles to buy")),
    ]


def check_asset_table(unit: Unit, figures: UnitFigures, assets: Assets) -> list[Finding]:
    """Identity 9: asset total = Σ categories, each category there once the table is."""
    if not assets.has_table():
        return []  # a register of counts alone has no table
    missing = [
        make_finding(
            "assets-category-missing",
            assets.loc,
            category_zh=category.zh,
            category_en=category.en,
        )
        for category in TABLE_CATEGORIES
        if category not in assets.categories
    ]
    parts = sum(1 for line in assets.categories.values() if line.value is not None)
    return missing + check_sum(
        assets.total,
        figures.assets_total,
        parts,
        ("资产总额（房屋+车辆+设备+其他）", "asset total"),
        unit.rounded_from,
        parts_rounding=own_rounding(*(line.value for line in assets.categories.values())),
    )


def check_office_space(assets: Assets) -> list[Finding]:
    """办公用房 is part of 房屋: neither its area nor its value exceeds theirs."""
    office, buildings = assets.office_space, assets.categories.get(AssetCategory.buildings)
    if office is None or buildings is None:
        return []
    findings = []
    for measure, what in (("quantity", ("面积", "area")), ("value", ("价值", "value"))):
        part, whole = getattr(office, measure), getattr(buildings, measure)
        if part is not None and whole is not None and part.value > whole.value:
            findings.append(
                make_finding(
                    "office-exceeds-buildings",
                    part.loc,
                    what_zh=what[0],
                    what_en=what[1],
                    office_zh=AssetDetail.office_space.zh,
                    office_en=AssetDetail.office_space.en,
                    buildings_zh=AssetCategory.buildings.zh,
                    buildings_en=AssetCategory.buildings.en,
                    office=fmt(part.value),
                    buildings=fmt(whole.value),
                )
            )
    return findings


def check_vehicle_uses(register: Register | None, what: tuple[str, str]) -> list[Finding]:
    """The vehicles by use add up to the vehicles counted: a count, so exactly."""
    vehicles = register.vehicles if register is not None else None
    if vehicles is None or not vehicles.by_use or vehicles.by_use_loc is None:
        return []
    counted = sum((count.value for count in vehicles.by_use.values()), Decimal(0))
    if counted == vehicles.quantity.value:
        return []
    return [
        make_finding(
            "vehicles-by-use-mismatch",
            vehicles.by_use_loc,
            what_zh=what[0],
            what_en=what[1],
            stated=fmt(vehicles.quantity.value),
            computed=fmt(counted),
        )
    ]
