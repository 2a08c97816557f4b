"""Stage document, numbers: how figures, section numbers and source sentences are written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.document.numbers import (
    chinese_numeral,
    percent,
    plain_number,
    prose_amount,
    sentence,
    table_amount,
)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("28421.85", "28421.85"),
        ("50", "50.00"),
        ("22.5", "22.50"),
        ("0", "0.00"),
        ("1.234", "1.234"),  # more places than two: shown whole, never rounded here
        ("-259.23", "-259.23"),
    ],
)
def test_a_table_amount_has_two_places_and_never_loses_one(value: str, written: str) -> None:
    assert table_amount(Decimal(value)) == written


def test_a_figure_the_source_leaves_out_is_a_blank_cell() -> None:
    assert (table_amount(None), percent(None), plain_number(None)) == ("", "", "")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("5000.00", "5000"),
        ("5000", "5000"),  # a whole number's own zeros stay
        ("100", "100"),
        ("22.50", "22.5"),
        ("0.00", "0"),
        ("1461.85", "1461.85"),
    ],
)
def test_prose_drops_only_the_zeros_after_the_point(value: str, written: str) -> None:
    assert prose_amount(Decimal(value)) == written


def test_a_count_is_written_as_it_stands() -> None:
    assert [plain_number(Decimal(v)) for v in ("2792", "100", "1.5", "20")] == [
        "2792",
        "100",
        "1.5",
        "20",
    ]
    assert percent(Decimal("20")) == "20.00%"


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (35, "三十五"),
        (90, "九十"),
        (99, "九十九"),
    ],
)
def test_section_numbers_are_chinese_numerals(number: int, numeral: str) -> None:
    assert chinese_numeral(number) == numeral


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("主要原因是人员增加。", "主要原因是人员增加"),
        (" 压减接待费；\n", "压减接待费"),
        ("用于日常工作, ", "用于日常工作"),
        ("无增减变化", "无增减变化"),
        ("，详见附表。", "，详见附表"),  # only the closing punctuation goes
        ("设备型号XX。", "设备型号XX"),
    ],
)
def test_a_source_sentence_loses_its_closing_punctuation_inside_ours(
    text: str, inside: str
) -> None:
    assert sentence(text) == inside
