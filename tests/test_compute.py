"""Stage compute: exact sums, one explicit rounding rule, change words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest
from conftest import CLEAN_UNIT, table

from docgen.check import Checked
from docgen.checked import CheckedUnit
from docgen.compute import (
    Change,
    Totals,
    UnitFigures,
    compute_change,
    compute_department,
    compute_procurement,
    compute_shares,
    compute_stated_change,
    department_totals,
    largest_with_rest,
    places_of,
    round_half_up,
    stated_changes,
    sum_by_source,
    sum_if_all,
    sum_totals,
    unit_totals,
)
from docgen.findings import Location
from docgen.source.model import Amount, Procurement, ProcurementLine, StatedChange, Text
from docgen.terms import RevenueSource

Check = Callable[..., Checked]


@pytest.mark.parametrize(
    ("current", "previous", "delta", "word", "percent"),
    [
        ("28421.85", "23207.08", "5214.77", "增加", "22.47"),
        ("1461.85", "1721.08", "-259.23", "减少", "-15.06"),
        ("0.00", "0.00", "0.00", "持平", None),
        ("10.00", "0.00", "10.00", "增加", None),
        # Ties at two places round away from zero (half-up), never to the even neighbour.
        ("801.00", "800.00", "1.00", "增加", "0.13"),
        ("799.00", "800.00", "-1.00", "减少", "-0.13"),
        ("150.00", "320.00", "-170.00", "减少", "-53.13"),
    ],
)
def test_change_word_and_percentage(
    current: str, previous: str, delta: str, word: str, percent: str | None
) -> None:
    change = compute_change(Decimal(current), Decimal(previous))
    assert (str(change.delta), change.word) == (delta, word)
    assert change.percent == (Decimal(percent) if percent else None)


def test_rounding_is_half_up_not_bankers() -> None:
    assert round_half_up(Decimal("0.125")) == Decimal("0.13")
    assert round_half_up(Decimal("-0.125")) == Decimal("-0.13")
    assert round_half_up(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67


def test_unit_figures_keep_the_source_precision(check_text: Check) -> None:
    document = check_text(CLEAN_UNIT).documents[0]
    assert isinstance(document, CheckedUnit)
    figures = document.figures
    assert [str(p.amount) for p in figures.projects] == ["30.00", "50.00"]
    assert [p.number for p in figures.projects] == [1, 2]
    assert str(figures.revenue_total) == "150.00"
    assert str(figures.basic) == "70.00"
    assert str(figures.expenditure_total) == "150.00"
    assert figures.project_funding == {
        "general_budget": Decimal("30.00"),
        "government_fund": Decimal("50.00"),
    }
    three = figures.three_public
    assert three is not None
    assert (str(three.items["vehicles"]), str(three.items["total"])) == ("1.20", "1.70")
    assert (three.changes["reception"].word, str(three.changes["reception"].delta)) == (
        "减少",
        "-0.30",
    )
    assert figures.procurement is not None
    assert figures.procurement.by_category["货物"] == Decimal("1.00")
    assert str(figures.assets_total) == "65.00"


def test_the_expenditure_total_counts_the_money_carried_forward(check_text: Check) -> None:
    # 结转下年 5.00: spending 70.00 + 80.00 + 5.00 = 155.00, covered by 5.00 more revenue.
    text = CLEAN_UNIT
    for old, new in {
        "general_budget: 100.00": "general_budget: 105.00",
        "carryover: 0.00\n  total: 150.00": "carryover: 0.00\n  total: 155.00",
        "projects_total: 80.00\n  total: 150.00": "projects_total: 80.00\n  carry_forward: 5.00\n  total: 155.00",
        "total: {word: 增加, amount: 5.00, percent: 3.45}": "total: {word: 增加, amount: 10.00, percent: 6.90}",
    }.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    checked = check_text(text)
    assert table(checked.sorted_findings()) == []
    document = checked.documents[0]
    assert isinstance(document, CheckedUnit)
    figures = document.figures
    assert (figures.carry_forward, figures.expenditure_total) == (
        Decimal("5.00"),
        Decimal("155.00"),
    )
    assert figures.changes["total"].delta == Decimal("10.00")


HERE = Location("unit.yaml", 1, 1)


def stated(word: str | None, amount: str | None = None, percent: str | None = None) -> StatedChange:
    return StatedChange(
        Text(word, HERE) if word is not None else None,
        Amount(Decimal(amount), HERE) if amount is not None else None,
        Amount(Decimal(percent), HERE) if percent is not None else None,
        HERE,
    )


@pytest.mark.parametrize(
    ("change", "previous", "delta", "percent"),
    [
        (stated("增加", "5.00", "3.45"), "95.00", "5.00", "3.45"),
        (stated("增长", "5.00"), "95.00", "5.00", None),
        # A word of decrease signs the stated amount and percentage: 100 − (−5) was last year.
        (stated("减少", "5.00", "3.45"), "105.00", "-5.00", "-3.45"),
        (stated("下降", "0.50", "0.50"), "100.50", "-0.50", "-0.50"),
        # A word meaning no change stands for none, whatever amount it states beside it.
        (stated("持平"), "100.00", "0", None),
        (stated("持平", "5.00"), "100.00", "0", None),
        (stated("基本持平", "0.20", "0.20"), "100.00", "0", "0.20"),
    ],
)
def test_a_stated_change_is_signed_by_its_word(
    change: StatedChange, previous: str, delta: str, percent: str | None
) -> None:
    computed = compute_stated_change(Decimal("100.00"), change)
    assert computed is not None
    assert computed == Change(
        Decimal("100.00"),
        Decimal(previous),
        Decimal(delta),
        change.word.value if change.word else "",
        Decimal(percent) if percent is not None else None,
        stated=True,
    )


@pytest.mark.parametrize(
    "change", [None, stated(None, "5.00", "3.45"), stated("增加"), stated("减少", None, "3.45")]
)
def test_a_stated_change_without_a_word_or_a_signed_amount_is_no_change(
    change: StatedChange | None,
) -> None:
    assert compute_stated_change(Decimal("100.00"), change) is None


def test_only_the_figures_with_a_stated_change_have_one() -> None:
    current = {"total": Decimal("100.00"), "basic": Decimal("60.00"), "projects": Decimal("40.00")}
    changes = stated_changes(current, {"basic": stated("减少", "1.00"), "projects": stated(None)})
    assert list(changes) == ["basic"]
    assert (changes["basic"].previous, changes["basic"].delta) == (
        Decimal("61.00"),
        Decimal("-1.00"),
    )


@pytest.mark.parametrize(
    ("value", "places"),
    [("1.00", "0.01"), ("12.5", "0.1"), ("300", "1"), ("0.001", "0.001"), ("1E+2", "1E+2")],
)
def test_the_places_of_a_figure_are_one_in_its_last_place(value: str, places: str) -> None:
    assert str(places_of(Decimal(value))) == str(Decimal(places))


def test_shares_are_exact_fractions_printed_half_up_and_zero_of_nothing() -> None:
    shares = compute_shares([("a", Decimal("1")), ("b", Decimal("7")), ("c", Decimal("0"))])
    assert [(s.key, s.amount, s.percent) for s in shares] == [
        ("a", Decimal("1"), Decimal("12.50")),
        ("b", Decimal("7"), Decimal("87.50")),
        ("c", Decimal("0"), Decimal("0.00")),
    ]
    assert shares[0].fraction == Decimal("0.125")  # the bar's length, unrounded
    third = compute_shares([("a", Decimal("1")), ("b", Decimal("2"))])
    assert [s.percent for s in third] == [Decimal("33.33"), Decimal("66.67")]
    nothing = compute_shares([("a", Decimal("0")), ("b", Decimal("0"))])
    assert [(s.fraction, s.percent) for s in nothing] == [(0, Decimal("0.00"))] * 2


def test_the_largest_parts_are_kept_and_the_rest_summed_ties_in_document_order() -> None:
    parts = [("a", Decimal("1")), ("b", Decimal("5")), ("c", Decimal("5")), ("d", Decimal("2"))]
    assert largest_with_rest(parts, 2, "其他") == [
        ("b", Decimal("5")),
        ("c", Decimal("5")),
        ("其他", Decimal("3")),
    ]
    # One part beyond `keep` is shown as itself: a "rest" of one part would only hide its name.
    assert largest_with_rest(parts, 3, "其他") == [
        ("b", Decimal("5")),
        ("c", Decimal("5")),
        ("d", Decimal("2")),
        ("a", Decimal("1")),
    ]
    assert largest_with_rest(parts, 1, "其他") == [("b", Decimal("5")), ("其他", Decimal("8"))]


def test_a_sum_over_parts_is_none_when_any_part_lacks_the_figure() -> None:
    assert sum_if_all([Decimal("1.10"), Decimal("2.20")]) == Decimal("3.30")
    assert sum_if_all([Decimal("1.10"), None]) is None
    assert sum_if_all([]) is None
    by_source = sum_by_source(
        [{"general_budget": Decimal("1.00")}, {"other_income": Decimal("2.00")}]
    )
    assert by_source is not None
    assert list(by_source) == [s.value for s in RevenueSource]
    assert (by_source["general_budget"], by_source["other_income"]) == (
        Decimal("1.00"),
        Decimal("2.00"),
    )
    assert by_source["government_fund"] == 0
    assert sum_by_source([{"general_budget": Decimal("1.00")}, None]) is None
    assert sum_by_source([]) is None


def purchase(
    category: str, amounts: dict[str, str], quantity: str | None = None, price: str | None = None
) -> ProcurementLine:
    def amount(value: str | None) -> Amount | None:
        return Amount(Decimal(value), HERE) if value is not None else None

    return ProcurementLine(
        project=Text("测试工作经费", HERE),
        item=Text("台式计算机", HERE),
        catalogue_no=None,
        category=Text(category, HERE),
        measure_unit=None,
        quantity=amount(quantity),
        unit_price=amount(price),
        amounts={source: Amount(Decimal(value), HERE) for source, value in amounts.items()},
        total=None,
        loc=HERE,
    )


def test_procurement_is_summed_by_line_source_and_category_and_priced_half_up() -> None:
    lines = (
        purchase("货物", {"general_budget": "1.00"}, quantity="3", price="0.333"),
        purchase("服务", {"general_budget": "2.50", "other_income": "0.25"}),
        # 2 × 0.125 = 0.250, to the line total's one place: 0.3 half-up (0.2 to the even one).
        purchase("货物", {"government_fund": "0.3"}, quantity="2", price="0.125"),
    )
    figures = compute_procurement(Procurement(lines, None, None, HERE))
    assert figures.line_totals == (Decimal("1.00"), Decimal("2.75"), Decimal("0.3"))
    assert [str(p) for p in figures.priced] == ["1.00", "None", "0.3"]
    assert figures.total == Decimal("4.05")
    assert {k: v for k, v in figures.by_source.items() if v} == {
        "general_budget": Decimal("3.50"),
        "government_fund": Decimal("0.3"),
        "other_income": Decimal("0.25"),
    }
    assert list(figures.by_source) == [s.value for s in RevenueSource]
    assert figures.by_category == {
        "货物": Decimal("1.30"),
        "工程": Decimal("0"),
        "服务": Decimal("2.75"),
    }


def test_a_procurement_line_is_priced_only_with_both_quantity_and_unit_price() -> None:
    lines = (
        purchase("货物", {"general_budget": "1.00"}, quantity="2"),
        purchase("货物", {"general_budget": "1.00"}, price="0.50"),
    )
    assert compute_procurement(Procurement(lines, None, None, HERE)).priced == (None, None)


def test_procurement_stated_by_category_alone_counts_only_those() -> None:
    categories = {"goods": Amount(Decimal("1.00"), HERE), "services": Amount(Decimal("2.50"), HERE)}
    figures = compute_procurement(Procurement((), None, None, HERE, categories=categories))
    assert figures.by_category == {"货物": Decimal("1.00"), "服务": Decimal("2.50")}
    assert (figures.total, figures.line_totals, figures.priced) == (Decimal("3.50"), (), ())
    # Lines, where a source gives both, are what the categories are computed from.
    both = Procurement(
        (purchase("工程", {"general_budget": "9.00"}),), None, None, HERE, categories
    )
    assert compute_procurement(both).by_category == {
        "货物": Decimal("0"),
        "工程": Decimal("9.00"),
        "服务": Decimal("0"),
    }


@pytest.fixture
def clean(check_text: Check) -> UnitFigures:
    document = check_text(CLEAN_UNIT).documents[0]
    assert isinstance(document, CheckedUnit)
    return document.figures


def test_three_public_deltas_are_this_year_less_last_year_item_by_item(clean: UnitFigures) -> None:
    # CLEAN_UNIT: 公务接待费 0.50 this year against 0.80 last year, every other item unchanged.
    three = clean.three_public
    assert three is not None
    assert three.deltas == {
        "total": Decimal("-0.30"),
        "overseas": Decimal("0"),
        "vehicles": Decimal("0"),
        "vehicle_purchase": Decimal("0"),
        "vehicle_operation": Decimal("0"),
        "reception": Decimal("-0.30"),
    }


def test_a_department_adds_its_units_changes_only_when_every_unit_has_them(
    clean: UnitFigures,
) -> None:
    # CLEAN_UNIT: 150.00 this year against 145.00 (65.00 + 80.00) last year.
    both = compute_department((clean, clean))
    assert {k: (c.current, c.previous, c.delta) for k, c in both.changes.items()} == {
        "total": (Decimal("300.00"), Decimal("290.00"), Decimal("10.00")),
        "basic": (Decimal("140.00"), Decimal("130.00"), Decimal("10.00")),
        "projects": (Decimal("160.00"), Decimal("160.00"), Decimal("0.00")),
    }
    assert compute_department((clean, replace(clean, changes={}))).changes == {}
    assert compute_department(()).changes == {}


def test_a_department_numbers_its_projects_across_units_and_sums_what_all_publish(
    clean: UnitFigures,
) -> None:
    bare = replace(
        clean,
        projects=clean.projects[:1],
        projects_total=Decimal("30.00"),
        revenue_total=None,
        revenue_by_source=None,
        three_public=None,
    )
    figures = compute_department((clean, bare, clean))
    assert (figures.project_count, figures.project_numbers) == (5, ((1, 2), (3,), (4, 5)))
    assert figures.projects_total == Decimal("190.00")
    assert (figures.revenue_total, figures.revenue_by_source, figures.three_public_total) == (
        None,
        None,
        None,
    )
    assert (figures.basic, figures.expenditure_total) == (Decimal("210.00"), Decimal("450.00"))
    totals = department_totals(figures)
    assert (totals.projects, totals.project_count, totals.basic) == (
        Decimal("190.00"),
        5,
        Decimal("210.00"),
    )
    assert (totals.revenue_total, totals.three_public, totals.carryover) == (
        None,
        None,
        Decimal("0.00"),
    )


def test_a_units_totals_are_its_headline_figures(clean: UnitFigures) -> None:
    totals = unit_totals(clean)
    assert totals == Totals(
        revenue_by_source=clean.revenue_by_source,
        carryover=Decimal("0.00"),
        revenue_total=Decimal("150.00"),
        basic=Decimal("70.00"),
        projects=Decimal("80.00"),
        expenditure_total=Decimal("150.00"),
        three_public=Decimal("1.70"),
        project_count=2,
    )
    county = sum_totals([totals, totals, replace(totals, three_public=None)])
    assert (county.revenue_total, county.projects, county.project_count) == (
        Decimal("450.00"),
        Decimal("240.00"),
        6,
    )
    assert (county.carryover, county.expenditure_total, county.three_public) == (
        Decimal("0.00"),
        Decimal("450.00"),
        None,
    )
    assert county.revenue_by_source == {
        source.value: {
            "general_budget": Decimal("300.00"),
            "government_fund": Decimal("150.00"),
        }.get(source.value, Decimal("0"))
        for source in RevenueSource
    }
