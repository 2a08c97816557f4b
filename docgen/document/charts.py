"""Composition charts: where a reader would rather look than read.

A chart is data (bars with their figures and shares, and the same in words for the alt text);
the renderers draw it. Shares come from `compute`.
"""

from __future__ import annotations

from decimal import Decimal

from docgen.compute import compute_shares, largest_with_rest
from docgen.document.blocks import Bar, Chart
from docgen.document.numbers import percent, prose_amount, table_amount

TOP_PROJECTS = 5
LABEL_LIMIT = 40  # longer labels are cut in the drawing; the alt text keeps them whole
REST = "__rest__"


def composition_chart(
    title: str, parts: list[tuple[str, Decimal]], amount_unit: str
) -> Chart | None:
    """A bar per non-zero part with its amount and share; None when there is nothing to show."""
    shown = [(label, amount) for label, amount in parts if amount != 0]
    if not shown:
        return None
    shares = compute_shares(shown)
    bars = tuple(
        Bar(
            label=short_label(share.key),
            amount=table_amount(share.amount),
            percent=percent(share.percent),
            fraction=share.fraction,
        )
        for share in shares
    )
    described = "；".join(
        f"{share.key}{prose_amount(share.amount)}{amount_unit}，占{percent(share.percent)}"
        for share in shares
    )
    return Chart(title, f"{title}：{described}。", amount_unit, bars)


def with_top_projects(
    fixed: list[tuple[str, Decimal]], projects: list[tuple[str, Decimal]], rest_label: str
) -> list[tuple[str, Decimal]]:
    """Fixed parts first, then the largest projects and the rest summed as one part."""
    ranked = largest_with_rest(projects, TOP_PROJECTS, REST)
    return [*fixed, *((rest_label if key == REST else key, amount) for key, amount in ranked)]


def short_label(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"
