"""The HTML pages as a screen reader and a phone get them, read from the markup: what each header
cell labels, the column heading each figure carries into a phone's card, the skip link and
landmarks, the index's title and search hint, and the contrast of the chart colours.

How the pages look and what axe-core finds in a real browser is tests/test_axe.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import REPO

from docgen.batch.run import build_county
from docgen.batch.workers import Settings
from docgen.render.html import PALETTE
from docgen.terms import PLAN_CHECKPOINTS

sys.path.insert(0, str(REPO / "bench"))
from make_county import make_county

Page = lxml.html.HtmlElement
UNIT = "323005-2021/323005-2021.html"
DEPARTMENT = "323-2022/323-2022.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample folder built as `docgen build-all sample_data -f html` builds it."""
    out = tmp_path_factory.mktemp("site")
    result = build_county(REPO / "sample_data", Settings(out, ("html",)))
    assert not result.failed
    return out


def page(path: Path) -> Page:
    return lxml.html.fromstring(path.read_bytes())


def text(element: Page) -> str:
    return element.text_content().strip()


def test_the_checkpoint_headings_label_their_columns(site: Path) -> None:
    """3月底…12月底 stand over their percentages: each labels a column, not a row."""
    checkpoints = {term.zh for term in PLAN_CHECKPOINTS}  # the seeds' profile's
    tables = page(site / UNIT).xpath("//table[contains(@class, 'project')]")
    assert len(tables) == 19
    for table in tables:
        scopes = {text(th): th.get("scope") for th in table.xpath(".//tbody//th")}
        assert {scopes[name] for name in checkpoints} == {"col"}
        assert scopes["资金支出计划（%）"] == "rowgroup"
        assert scopes["项目编码"] == scopes["绩效目标"] == scopes["预算数"] == "row"


def test_each_figure_of_a_card_carries_its_column_heading(site: Path) -> None:
    """On a phone a card shows each figure beside its heading (data-label): the indicator's
    columns, each checkpoint over its percentage, and nothing beside a form's own value."""
    root = page(site / UNIT)
    table = root.xpath("//table[contains(@class, 'project')]")[0]
    percentages = table.xpath(".//td[@data-label]")
    assert [(cell.get("data-label"), text(cell)) for cell in percentages] == [
        ("3月底", "20.00%"),
        ("6月底", "40.00%"),
        ("10月底", "60.00%"),
        ("12月底", "100.00%"),
    ]
    indicators = root.xpath("//table[contains(@class, 'indicators')]")[0]
    first = indicators.xpath(".//tbody/tr")[0]
    assert [cell.get("data-label") for cell in first.xpath("td")] == [
        "二级指标",
        "三级指标",
        "绩效指标描述",
        "指标值",
        "指标值确定依据",
    ]


def test_wide_tables_are_cards_on_a_phone_and_narrow_ones_reflow(site: Path) -> None:
    root = page(site / UNIT)
    layouts = {
        table.get("class").split()[0]: table.get("class").split()[1:]
        for table in root.xpath("//table")
    }
    assert layouts["indicators"] == ["cards"]
    assert layouts["project"] == ["cards"]
    listing = page(site / "index.html").xpath("//table[contains(@class, 'county-index')]")[0]
    assert listing.get("class").split()[1:] == ["cards", "wide"]
    # No table sits in a box that scrolls sideways.
    assert not root.xpath("//*[contains(@class, 'table-scroll')]")


@pytest.mark.parametrize("name", [UNIT, DEPARTMENT, "index.html"])
def test_a_skip_link_comes_first_and_leads_to_the_main_content(site: Path, name: str) -> None:
    root = page(site / name)
    first = root.xpath("//body/*")[0]
    assert first.tag == "a" and first.get("href") == "#main" and text(first) == "跳到正文"
    assert [main.get("id") for main in root.xpath("//main")] == ["main"]
    # Before the contents: a keyboard user passes 31 links with one key.
    links = root.xpath("//a")
    assert links[0] is first and len(root.xpath("//nav//a")) >= 3


def test_the_index_has_navigation_main_and_search_landmarks(site: Path) -> None:
    root = page(site / "index.html")
    assert len(root.xpath("//nav")) == len(root.xpath("//main")) == 1
    search = root.xpath("//search")
    assert len(search) == 1 and search[0].xpath(".//input[@type='search']")
    targets = {link.get("href")[1:] for link in root.xpath("//nav//a")}
    assert targets == {element.get("id") for element in root.xpath("//*[@id]")} & targets


def test_a_plain_folder_index_is_titled_by_its_years_not_its_folder(site: Path) -> None:
    root = page(site / "index.html")
    title = "2021、2022年部门预算和单位预算公开"
    assert text(root.xpath("//title")[0]) == text(root.xpath("//h1")[0]) == title
    assert root.xpath("//input[@id='search']")[0].get("placeholder") == (
        "查找2021、2022年的部门和单位"
    )
    assert "sample_data" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_county_index_is_titled_and_searched_by_the_county_and_year(tmp_path: Path) -> None:
    folder = tmp_path / "folder-name"
    make_county(folder, 3, seed=2)
    county = yaml.safe_load((folder / "county.yaml").read_text(encoding="utf-8"))
    name, year = county["county"]["name"], county["year"]
    out = tmp_path / "out"
    assert not build_county(folder, Settings(out, ("html",))).failed
    root = page(out / "index.html")
    assert text(root.xpath("//h1")[0]) == f"{name}{year}年部门预算和单位预算公开"
    hint = root.xpath("//input[@id='search']")[0].get("placeholder")
    assert hint == f"查找{name}{year}年的部门和单位"
    assert "folder-name" not in (out / "index.html").read_text(encoding="utf-8")


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_bar_colour_stands_out_from_the_white_page() -> None:
    """WCAG 1.4.11: a graphical object needs 3:1 against what is around it (white)."""
    for colour in PALETTE:
        contrast = 1.05 / (relative_luminance(colour) + 0.05)
        assert contrast >= 3, f"{colour} is {contrast:.2f}:1 against white"


def test_every_chart_bar_is_drawn_in_a_colour_of_the_palette(site: Path) -> None:
    raw = (site / UNIT).read_text(encoding="utf-8")
    root = page(site / UNIT)
    fills = {rect.get("fill") for rect in root.xpath("//*[local-name()='rect']")}
    assert fills and fills <= set(PALETTE)
    styles = [bar.get("style") for bar in root.xpath("//span[@class='bar']")]
    assert styles and all(any(colour in style for colour in PALETTE) for style in styles)
    assert raw.count('class="bar"') == raw.count("<rect ")


@pytest.mark.parametrize("name", [UNIT, DEPARTMENT, "index.html"])
def test_no_header_cell_is_empty(site: Path, name: str) -> None:
    """A 合计 row's blank code cell labels nothing: a data cell, not an empty <th>."""
    assert page(site / name).xpath("//th[not(normalize-space())]") == []


def test_a_figure_under_a_group_heading_names_the_group(site: Path) -> None:
    """基本支出 spans 小计, 人员经费 and 公用经费: a card says which 小计."""
    root = page(site / UNIT)
    table = root.xpath("//section[@id='tables-T5']//table")[0]
    total = table.xpath(".//tbody/tr")[0]
    assert [cell.get("data-label") for cell in total.xpath("td[@data-label]")] == [
        "科目编码",  # blank in a 合计 row: left out of the card
        "科目名称",
        "合计",
        "基本支出：小计",
        "基本支出：人员经费",
        "基本支出：公用经费",
        "项目支出",
    ]
    assert "empty" in total.xpath("td")[0].get("class").split()
