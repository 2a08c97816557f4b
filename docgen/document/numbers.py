"""How figures are written: the formatting half of the document stage.

Tables show amounts with two decimals (`28421.85`, `0.00`), prose drops trailing zeros
(`5000万元`, `22.5万元`), as the published documents do. Nothing here rounds: a figure with more
places than two is shown with all of them, since cutting it would be a rounding decision, and
rounding belongs to `compute`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from docgen.compute import Change
from docgen.source.model import Amount

TWO_PLACES = Decimal("0.01")
CHINESE_NUMERALS = "一二三四五六七八九十"


def table_amount(value: Decimal | None) -> str:
    """28421.85, 50.00, 0.00; blank for a figure the source leaves out."""
    if value is None:
        return ""
    return f"{shown_amount(value):f}"


def shown_amount(value: Decimal) -> Decimal:
    """The value as a table shows it: two places at least (50.00), more where it has them."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return value.quantize(TWO_PLACES)  # only pads zeros: exact
    return value


def prose_amount(value: Decimal) -> str:
    """5000, 22.5, 0: trailing zeros dropped, never an exponent."""
    if value == 0:
        return "0"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def said_amount(
    value: Decimal,
    unit: str,
    stated: Amount | None = None,
    amount: Callable[[Decimal], str] = prose_amount,
) -> str:
    """`value` and its unit as the prose prints it (`amount`), in the document's unit (5000万元,
    1225796元); where the source states it in a coarser unit (`stated`, 122.50万元 in a source
    in 元), as stated, every place written: the digits the original printed, standing for
    `value` within their rounding, which the checks allowed."""
    if stated is not None and stated.stated_in is not None:  # its places kept: its precision
        return stated.as_written()
    return f"{amount(value)}{unit}"


def percent(value: Decimal | None) -> str:
    """20.00%; blank for a checkpoint the plan leaves open."""
    return "" if value is None else f"{table_amount(value)}%"


def plain_number(value: Decimal | None) -> str:
    """A count as written: 2792, 1.5."""
    return "" if value is None else prose_amount(value)


def change_phrase(
    change: Change, unit: str, amount: Callable[[Decimal], str] = prose_amount
) -> str:
    """增加5214.77万元 / 减少259.23万元 / 持平 (or a stated 基本持平): the word carries the sign,
    the amount as `amount` writes it. A stated 持平 the years' own rounding admits is said as
    stated, without their difference."""
    if change.flat:
        return change.said_word
    return f"{change.word}{amount(abs(change.delta))}{unit}"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (section numbers run to a few dozen at most)."""
    if number <= 10:
        return CHINESE_NUMERALS[number - 1]
    tens, ones = divmod(number, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def sentence(text: str) -> str:
    """A source text used inside a generated sentence: without its closing punctuation."""
    return text.strip().rstrip("。；;，,. ")
